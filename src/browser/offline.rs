//! What the service worker keeps for reading offline, as the page sees it: whether the browser is
//! online, when a kept copy was stored, and whether an article can be read offline.

/// The header the service worker stamps its kept copies with (`SAVED_AT` in
/// scripts/service-worker.js): when the copy was stored, ISO-8601.
pub const SAVED_AT_HEADER: &str = "x-khabar-saved-at";

/// The URL the service worker keeps a page under (`pageKey` in scripts/service-worker.js): the
/// page's address without query, fragment or trailing slash (`/article/x/` is `/article/x`).
pub fn page_key(href: &str) -> String {
    let end = href.find(['?', '#']).unwrap_or(href.len());
    let address = &href[..end];
    let path_start = address.find("://").map_or(0, |scheme| {
        address[scheme + 3..]
            .find('/')
            .map_or(address.len(), |p| scheme + 3 + p)
    });
    if address.len() > path_start + 1 {
        address.trim_end_matches('/').to_owned()
    } else {
        address.to_owned()
    }
}

/// The addresses under which an article may be kept: its page and its API file.
pub fn article_keys(origin: &str, config: &crate::data::config::Config, slug: &str) -> [String; 2] {
    [
        page_key(&format!(
            "{origin}{}",
            config.href(&format!("/article/{slug}"))
        )),
        config.api_url(&format!("articles/{slug}.json")),
    ]
}

/// When the first of `urls` that a cache holds was stored (milliseconds since the epoch), if any.
pub async fn kept_at(urls: &[String]) -> Option<f64> {
    for url in urls {
        if let Some(response) = cached(url).await {
            let saved = response.headers().get(SAVED_AT_HEADER).ok().flatten();
            return Some(saved.map_or(f64::NAN, |iso| js_sys::Date::parse(&iso)));
        }
    }
    None
}

/// The cached response for `url` in any of the site's caches.
async fn cached(url: &str) -> Option<web_sys::Response> {
    let caches = web_sys::window()?.caches().ok()?;
    let found = wasm_bindgen_futures::JsFuture::from(caches.match_with_str(url))
        .await
        .ok()?;
    wasm_bindgen::JsCast::dyn_into::<web_sys::Response>(found).ok()
}

/// The page's address as the service worker keys it.
pub fn current_page_key() -> Option<String> {
    web_sys::window()
        .and_then(|w| w.location().href().ok())
        .map(|href| page_key(&href))
}

#[cfg(test)]
mod tests {
    use super::page_key;

    #[test]
    fn a_page_is_kept_under_one_address_whatever_its_slash_or_query() {
        // Defect guarded: the notice finds no saved copy of `/article/x/` kept as `/article/x`.
        assert_eq!(
            page_key("https://a.example/article/x/"),
            "https://a.example/article/x"
        );
        assert_eq!(
            page_key("https://a.example/article/x?utm=1#top"),
            "https://a.example/article/x"
        );
        assert_eq!(page_key("https://a.example/"), "https://a.example/");
        assert_eq!(
            page_key("https://a.example/news/"),
            "https://a.example/news"
        );
    }
}
