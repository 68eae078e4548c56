//! The site's name and description live in `content/site.json`; `index.html` carries copies in
//! `<meta>` tags (so the first paint already shows the name), kept in step by `make content`.

use crate::model::Site;

/// The `<meta name>`s that mirror `content/site.json`, with their values.
fn mirrored(site: &Site) -> [(&'static str, &str); 2] {
    [
        ("application-name", site.name.as_str()),
        ("khabar:description", site.description.as_str()),
    ]
}

/// `html` with the mirrored `<meta>` tags set from `site`; `None` if a tag is missing.
pub fn sync(html: &str, site: &Site) -> Option<String> {
    let mut out = html.to_owned();
    for (name, value) in mirrored(site) {
        let opening = format!("<meta name=\"{name}\" content=\"");
        let start = out.find(&opening)? + opening.len();
        let end = start + out[start..].find('"')?;
        out.replace_range(start..end, &escape_attribute(value));
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
            serde_json::json!({"name": name, "description": "وصف \"مقتبس\"", "sections": []}),
        )
        .unwrap()
    }

    #[test]
    fn the_metas_follow_site_json_and_are_escaped() {
        let html = r#"<meta name="application-name" content="قديم" /><meta name="khabar:description" content="" />"#;
        let synced = sync(html, &site("خبر")).unwrap();
        assert_eq!(
            synced,
            r#"<meta name="application-name" content="خبر" /><meta name="khabar:description" content="وصف &quot;مقتبس&quot;" />"#
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
