//! Articles the reader saved for later: their summaries, newest saved first, in `localStorage`
//! (what `/saved` lists, offline too), and their page, JSON and picture in the `khabar-saved`
//! cache, which the service worker answers from first and never evicts.

use crate::{
    data::json_writer::{array, Object},
    model::{Image, Summary},
};

/// `localStorage` key of the saved list (JSON).
pub const STORAGE_KEY: &str = "khabar:saved";
/// The cache the service worker reads saved articles from (`SAVED_CACHE` in
/// scripts/service-worker.js) and never trims.
pub const CACHE_NAME: &str = "khabar-saved";

/// One saved article.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Saved {
    /// What its card shows.
    pub summary: Summary,
    /// When it was saved (milliseconds since the epoch).
    pub saved_at: i64,
}

/// The list read back from storage; anything unreadable is an empty list (never an error page).
pub fn parse(text: Option<&str>) -> Vec<Saved> {
    text.and_then(|t| crate::data::json_reader::from_str(t).ok())
        .unwrap_or_default()
}

/// The list as the JSON [`parse`] reads back (the summaries in the API's shape).
pub fn to_json(list: &[Saved]) -> String {
    array(list.iter().map(|saved| {
        Object::new()
            .raw("summary", &summary_json(&saved.summary))
            .integer("saved_at", saved.saved_at)
            .end()
    }))
}

fn summary_json(summary: &Summary) -> String {
    let section = Object::new()
        .text("slug", &summary.section.slug)
        .text("name", &summary.section.name)
        .end();
    let object = Object::new()
        .text("slug", &summary.slug)
        .text("headline", &summary.headline)
        .raw("section", &section)
        .text("published", &summary.published)
        .text("summary", &summary.summary);
    match &summary.image {
        Some(image) => object.raw("image", &image_json(image)),
        None => object,
    }
    .end()
}

fn image_json(image: &Image) -> String {
    let mut object = Object::new()
        .text("src", &image.src)
        .text("alt", &image.alt)
        .number("width", image.width as usize)
        .number("height", image.height as usize);
    if let Some(caption) = &image.caption {
        object = object.text("caption", caption);
    }
    if let Some(credit) = &image.credit {
        object = object.text("credit", credit);
    }
    if let Some(colour) = &image.placeholder {
        object = object.text("placeholder", colour);
    }
    let variants = image.variants.iter().map(|v| {
        Object::new()
            .text("file", &v.file)
            .number("width", v.width as usize)
            .text("format", v.format.name())
            .end()
    });
    object.raw("variants", &array(variants)).end()
}

/// `list` with `item` first (saved again: moved to the top, once).
pub fn with(list: &[Saved], item: Saved) -> Vec<Saved> {
    let slug = item.summary.slug.clone();
    std::iter::once(item)
        .chain(list.iter().filter(|s| s.summary.slug != slug).cloned())
        .collect()
}

/// `list` without `slug`.
pub fn without(list: &[Saved], slug: &str) -> Vec<Saved> {
    list.iter()
        .filter(|s| s.summary.slug != slug)
        .cloned()
        .collect()
}

/// Whether `slug` is in `list`.
pub fn contains(list: &[Saved], slug: &str) -> bool {
    list.iter().any(|s| s.summary.slug == slug)
}

/// The saved list in this browser.
pub fn load() -> Vec<Saved> {
    parse(
        storage()
            .and_then(|s| s.get_item(STORAGE_KEY).ok().flatten())
            .as_deref(),
    )
}

/// Replaces the saved list; `false` when the browser refused (storage full or switched off).
pub fn store(list: &[Saved]) -> bool {
    storage().is_some_and(|s| s.set_item(STORAGE_KEY, &to_json(list)).is_ok())
}

fn storage() -> Option<web_sys::Storage> {
    web_sys::window().and_then(|w| w.local_storage().ok().flatten())
}

/// Copies the article's files into the saved cache: from the copies the service worker kept when
/// there are, else from the network. `false` when one of `required` (its JSON, from which any page
/// of the site renders it) could not be had; `optional` ones (its page, its picture) may fail.
pub async fn keep(required: &[String], optional: &[String]) -> bool {
    use wasm_bindgen::JsCast;
    use wasm_bindgen_futures::JsFuture;
    let Some(caches) = web_sys::window().and_then(|w| w.caches().ok()) else {
        return false;
    };
    let Ok(cache) = JsFuture::from(caches.open(CACHE_NAME)).await else {
        return false;
    };
    let Ok(cache) = cache.dyn_into::<web_sys::Cache>() else {
        return false;
    };
    let mut all = true;
    for (url, needed) in required
        .iter()
        .map(|u| (u, true))
        .chain(optional.iter().map(|u| (u, false)))
    {
        let kept = JsFuture::from(caches.match_with_str(url))
            .await
            .ok()
            .and_then(|r| r.dyn_into::<web_sys::Response>().ok());
        let done = match kept {
            Some(response) => JsFuture::from(cache.put_with_str(url, &response)).await,
            None => JsFuture::from(cache.add_with_str(url)).await,
        };
        if needed {
            all &= done.is_ok();
        }
    }
    all
}

/// Removes `urls` from the saved cache (the service worker may still keep recent copies).
pub async fn forget(urls: &[String]) {
    use wasm_bindgen::JsCast;
    use wasm_bindgen_futures::JsFuture;
    let Some(caches) = web_sys::window().and_then(|w| w.caches().ok()) else {
        return;
    };
    let Ok(cache) = JsFuture::from(caches.open(CACHE_NAME)).await else {
        return;
    };
    if let Ok(cache) = cache.dyn_into::<web_sys::Cache>() {
        for url in urls {
            let _ = JsFuture::from(cache.delete_with_str(url)).await;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::SectionRef;

    fn saved(slug: &str, at: i64) -> Saved {
        Saved {
            summary: Summary {
                slug: slug.into(),
                headline: format!("عنوان {slug}"),
                section: SectionRef {
                    slug: "news".into(),
                    name: "الأخبار".into(),
                },
                published: "2026-11-20T09:30:00+03:00".into(),
                summary: String::new(),
                image: None,
            },
            saved_at: at,
        }
    }

    #[test]
    fn the_latest_saved_comes_first_and_saving_again_does_not_repeat_it() {
        // Defect guarded: /saved listing oldest first, or an article twice after saving it again.
        let list = with(&with(&[], saved("a", 1)), saved("b", 2));
        assert_eq!(
            list.iter()
                .map(|s| s.summary.slug.as_str())
                .collect::<Vec<_>>(),
            ["b", "a"]
        );
        let again = with(&list, saved("a", 3));
        assert_eq!(
            again
                .iter()
                .map(|s| s.summary.slug.as_str())
                .collect::<Vec<_>>(),
            ["a", "b"]
        );
    }

    #[test]
    fn a_removed_article_is_gone_and_the_others_stay() {
        // Defect guarded: removing one saved article removes another, or all of them.
        let list = with(&with(&[], saved("a", 1)), saved("b", 2));
        let left = without(&list, "b");
        assert!(!contains(&left, "b") && contains(&left, "a"));
    }
}
