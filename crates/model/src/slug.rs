//! The one rule for slugs, the names in `/article/<slug>` and `/section/<slug>`: lower-case Latin
//! letters, digits and single dashes. The app refuses other addresses before the network, the
//! content tool refuses other file names, and the published schema carries [`PATTERN`].

/// The longest slug accepted; longer addresses are not articles.
pub const MAX_LEN: usize = 120;

/// A slug without its anchors, for patterns that embed one (`sections/<slug>-2.json`).
macro_rules! slug_body {
    () => {
        "[a-z0-9]+(?:-[a-z0-9]+)*"
    };
}
pub(crate) use slug_body;

/// The rule as a regular expression (ECMAScript and JSON Schema syntax), for the schema and for
/// `index.html`'s early preload; [`is_valid`] is the same rule without a regex engine.
pub const PATTERN: &str = concat!("^", slug_body!(), "$");

/// Whether `slug` can name an article or a section. Anything else (`..`, `/`, Arabic, percent
/// signs, upper case) never reaches the network.
pub fn is_valid(slug: &str) -> bool {
    !slug.is_empty()
        && slug.len() <= MAX_LEN
        && slug
            .bytes()
            .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-')
        && !slug.starts_with('-')
        && !slug.ends_with('-')
        && !slug.contains("--")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn slugs_that_could_leave_the_articles_folder_are_refused() {
        assert!(is_valid("putin-assad-summit-moscow"));
        assert!(is_valid("g20-2026"));
        for bad in [
            "", "..", "../site", "a/b", "A", "قمة", "%D9%82", "-a", "a-", "a--b", "a.json",
        ] {
            assert!(!is_valid(bad), "{bad:?} should be refused");
        }
        assert!(!is_valid(&"a".repeat(MAX_LEN + 1)));
    }
}
