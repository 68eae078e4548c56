//! Which link targets and picture addresses from content the app uses. Content is data: a
//! `javascript:` or `data:` URL, or anything odd, is shown as plain text instead of a link, and a
//! picture from anywhere but the site's `images/` folder or an `https://` URL is not shown.
//!
//! Each rule is written twice, as a function (the app and the content tool) and as a regular
//! expression for the published JSON Schema; `tests/link-cases.json` holds the cases both the
//! functions and the schema are checked against, so the two cannot drift apart.

/// The characters no link or picture address may contain anywhere: control characters
/// (`char::is_control`, Unicode `Cc`) and white space (`char::is_whitespace`, `White_Space`).
fn is_refused(c: char) -> bool {
    c.is_control() || c.is_whitespace()
}

/// [`is_refused`] as the inside of a regex character class. Written out rather than as `\s` or
/// `\p{…}`: ECMAScript's `\s` differs from `White_Space` (it has U+FEFF) and not every schema
/// validator knows `\p`. A test checks it against [`is_refused`] for every `char`.
macro_rules! refused_class {
    () => {
        r"\u0000-\u0020\u007F-\u00A0\u1680\u2000-\u200A\u2028\u2029\u202F\u205F\u3000"
    };
}

/// [`safe_href`] as a regular expression (ECMAScript, JSON Schema and `regex` crate syntax).
pub const HREF_PATTERN: &str = concat!(
    r"^(?:[hH][tT][tT][pP][sS]?://[^",
    refused_class!(),
    r"]+|/(?:[^/\\",
    refused_class!(),
    r"][^\\",
    refused_class!(),
    r"]*)?)$"
);

/// [`safe_image_src`] as a regular expression (ECMAScript, JSON Schema and `regex` crate syntax).
pub const IMAGE_SRC_PATTERN: &str = concat!(
    r"^(?:images(?:/[A-Za-z0-9_-][A-Za-z0-9._-]*)+|[hH][tT][tT][pP][sS]://[^",
    refused_class!(),
    r"]+)$"
);

/// The `href` to render for a link written in content, or `None` to render its words as text.
///
/// Allowed: `https://` and `http://` URLs (scheme in any case, something after it), and
/// same-site absolute paths (`/article/x`; not `//host`, no `\` anywhere). Nothing is trimmed:
/// a value with white space or a control character anywhere is refused, so what the content tool
/// and the schema accept is exactly what the app links.
pub fn safe_href(raw: &str) -> Option<&str> {
    if raw.chars().any(is_refused) {
        return None;
    }
    let web = has_scheme(raw, "https://") || has_scheme(raw, "http://");
    let same_site = raw.starts_with('/') && !raw.starts_with("//") && !raw.contains('\\');
    (web || same_site).then_some(raw)
}

/// The `src` to render for a picture from content: a site picture ([`is_site_image`]) or an
/// `https://` URL without white space or control characters; `None` for anything else.
pub fn safe_image_src(raw: &str) -> Option<&str> {
    let web = has_scheme(raw, "https://") && !raw.chars().any(is_refused);
    (web || is_site_image(raw)).then_some(raw)
}

/// Whether `src` names a file of the site's `public/images/` folder: `images/` then one or more
/// `/`-separated segments of ASCII letters, digits, `.`, `_` and `-`, none starting with `.`.
/// Relative, so it follows the address the site is served under; never `..` or a leading `/`.
pub fn is_site_image(src: &str) -> bool {
    src.strip_prefix("images/").is_some_and(|path| {
        path.split('/').all(|segment| {
            !segment.is_empty()
                && !segment.starts_with('.')
                && segment
                    .bytes()
                    .all(|b| b.is_ascii_alphanumeric() || matches!(b, b'.' | b'_' | b'-'))
        })
    })
}

/// `value` starts with `scheme` (ASCII case ignored) and has something after it.
fn has_scheme(value: &str, scheme: &str) -> bool {
    value.len() > scheme.len()
        && value
            .get(..scheme.len())
            .is_some_and(|start| start.eq_ignore_ascii_case(scheme))
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::BTreeMap;

    /// The cases the Ajv schema test reads too: value → whether it is accepted.
    fn cases(rule: &str) -> BTreeMap<String, bool> {
        let all: BTreeMap<String, serde_json::Value> =
            serde_json::from_str(include_str!("../tests/link-cases.json")).unwrap();
        serde_json::from_value(all[rule].clone()).unwrap()
    }

    fn regex(pattern: &str) -> regex::Regex {
        regex::Regex::new(pattern).unwrap()
    }

    // Guards against the app linking what the content tool refuses, or the reverse (the old rule
    // trimmed " /article/x" into a link that the schema and the tool saw differently).
    #[test]
    fn links_follow_the_shared_cases() {
        let pattern = regex(HREF_PATTERN);
        for (value, accepted) in cases("href") {
            assert_eq!(
                safe_href(&value).is_some(),
                accepted,
                "safe_href({value:?})"
            );
            assert_eq!(
                pattern.is_match(&value),
                accepted,
                "HREF_PATTERN on {value:?}"
            );
        }
    }

    // Guards against `/images/x.svg` (skips the site's base path) and `images/../x` passing.
    #[test]
    fn pictures_follow_the_shared_cases() {
        let pattern = regex(IMAGE_SRC_PATTERN);
        for (value, accepted) in cases("image_src") {
            assert_eq!(
                safe_image_src(&value).is_some(),
                accepted,
                "safe_image_src({value:?})"
            );
            assert_eq!(
                pattern.is_match(&value),
                accepted,
                "IMAGE_SRC_PATTERN on {value:?}"
            );
        }
    }

    // Guards against the schema's class of refused characters differing from the app's test by
    // one character the cases do not name (e.g. U+FEFF, which `\s` would refuse and Rust keeps).
    #[test]
    fn the_refused_characters_are_the_same_in_code_and_pattern() {
        let class = regex(concat!("^[", refused_class!(), "]$"));
        for c in (0..=u32::from(char::MAX)).filter_map(char::from_u32) {
            assert_eq!(
                class.is_match(c.encode_utf8(&mut [0; 4])),
                is_refused(c),
                "U+{:04X}",
                u32::from(c)
            );
        }
    }
}
