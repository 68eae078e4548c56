//! The site's name and description live in `content/site.json`; `index.html` carries copies (in
//! `<meta>` tags for the app, and the name in the page shown while the app loads), kept in step by
//! `make content`.

use khabar_model::Site;

/// Where `index.html` mirrors `content/site.json`: the text after `opening` up to `end`.
fn mirrored(site: &Site) -> [(&'static str, char, &str); 4] {
    [
        (
            "<meta name=\"khabar:url\" content=\"",
            '"',
            site.url.as_str(),
        ),
        (
            "<meta name=\"application-name\" content=\"",
            '"',
            site.name.as_str(),
        ),
        (
            "<meta name=\"khabar:description\" content=\"",
            '"',
            site.description.as_str(),
        ),
        (
            "<span class=\"site-header__name\">",
            '<',
            site.name.as_str(),
        ),
    ]
}

/// `html` with the mirrored places set from `site`; `None` if one is missing.
pub fn sync(html: &str, site: &Site) -> Option<String> {
    let mut out = html.to_owned();
    for (opening, end, value) in mirrored(site) {
        let start = out.find(opening)? + opening.len();
        let stop = start + out[start..].find(end)?;
        out.replace_range(start..stop, &escape_attribute(value));
    }
    Some(out)
}

fn escape_attribute(value: &str) -> String {
    value
        .replace('&', "&amp;")
        .replace('"', "&quot;")
        .replace('<', "&lt;")
}

#[cfg(test)]
mod tests {
    use super::*;

    fn site(name: &str) -> Site {
        serde_json::from_value(
            serde_json::json!({"name": name, "description": "وصف \"مقتبس\"", "url": "https://khabar.example", "sections": []}),
        )
        .unwrap()
    }

    #[test]
    fn the_metas_follow_site_json_and_are_escaped() {
        let html = r#"<meta name="application-name" content="قديم" /><meta name="khabar:url" content="" /><meta name="khabar:description" content="" /><span class="site-header__name">قديم</span>"#;
        let synced = sync(html, &site("خبر")).unwrap();
        assert_eq!(
            synced,
            r#"<meta name="application-name" content="خبر" /><meta name="khabar:url" content="https://khabar.example" /><meta name="khabar:description" content="وصف &quot;مقتبس&quot;" /><span class="site-header__name">خبر</span>"#
        );
        assert_eq!(
            sync(&synced, &site("خبر")).as_deref(),
            Some(synced.as_str())
        );
    }

    #[test]
    fn a_missing_tag_is_reported() {
        assert_eq!(sync("<html></html>", &site("خبر")), None);
    }
}
