//! Which link targets from content may become real links. Content is data: a `javascript:`
//! or `data:` URL, or anything odd, is shown as plain text instead of a link.

/// The `href` to render for a link written in content, or `None` to render its words as text.
///
/// Allowed: `https://` and `http://` URLs, and same-site absolute paths (`/article/x`).
pub fn safe_href(raw: &str) -> Option<&str> {
    let href = raw.trim();
    if href.chars().any(|c| c.is_control() || c.is_whitespace()) {
        return None;
    }
    let lower = href.to_ascii_lowercase();
    let web = ["https://", "http://"]
        .iter()
        .any(|scheme| lower.starts_with(scheme) && href.len() > scheme.len());
    let same_site = href.starts_with('/') && !href.starts_with("//") && !href.contains('\\');
    (web || same_site).then_some(href)
}

/// The `src` to render for a picture from content: a site-relative path or an `https:` URL.
pub fn safe_image_src(raw: &str) -> Option<&str> {
    let src = raw.trim();
    let lower = src.to_ascii_lowercase();
    if src.is_empty() || src.chars().any(|c| c.is_control() || c.is_whitespace()) {
        return None;
    }
    let relative = !lower.contains(':') && !src.starts_with("//") && !src.contains('\\');
    (relative || lower.starts_with("https://")).then_some(src)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn web_and_same_site_links_are_kept() {
        assert_eq!(
            safe_href("https://example.org/a?b=1"),
            Some("https://example.org/a?b=1")
        );
        assert_eq!(safe_href(" /article/x "), Some("/article/x"));
    }

    #[test]
    fn script_and_odd_links_are_dropped() {
        for bad in [
            "javascript:alert(1)",
            "JavaScript:alert(1)",
            " javascript:alert(1)",
            "java\tscript:alert(1)",
            "data:text/html,<script>alert(1)</script>",
            "vbscript:msgbox",
            "//evil.example/x",
            "/\\evil.example",
            "https://",
            "article/x",
            "",
        ] {
            assert_eq!(safe_href(bad), None, "{bad:?} must not become a link");
        }
    }

    #[test]
    fn images_come_from_the_site_or_https() {
        assert_eq!(safe_image_src("images/a.svg"), Some("images/a.svg"));
        assert_eq!(
            safe_image_src("https://cdn.example/a.webp"),
            Some("https://cdn.example/a.webp")
        );
        assert_eq!(safe_image_src("javascript:alert(1)"), None);
        assert_eq!(
            safe_image_src("data:image/svg+xml,<svg onload=alert(1)>"),
            None
        );
        assert_eq!(safe_image_src("//evil.example/a.png"), None);
    }
}
