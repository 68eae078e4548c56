//! Site settings read from `index.html` at start-up, so one built bundle can be configured
//! (another API origin, Eastern Arabic digits, another calendar) without recompiling.
//!
//! ```html
//! <meta name="application-name" content="خبر">    <!-- written by `make content` from content/site.json -->
//! <meta name="khabar:description" content="…">     <!-- likewise: the home page's description -->
//! <meta name="khabar:api" content="api/">          <!-- base URL of the JSON API -->
//! <meta name="khabar:digits" content="latn">       <!-- latn: 0123, arab: ٠١٢٣ -->
//! <meta name="khabar:calendar" content="gregory">  <!-- any Intl calendar, e.g. islamic-umalqura -->
//! ```

use crate::model::Direction;

/// The settings every page reads; provided as context by [`crate::App`].
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Config {
    /// The site's name, shown in the header and after every page title.
    pub site_name: String,
    /// One sentence about the site, for the home page's description.
    pub site_description: String,
    /// Absolute URL of the API directory, ending in `/`.
    pub api_base: String,
    /// The absolute URL of the app's root (the document's `<base href>`), ending in `/`.
    pub base_url: String,
    /// The path the app is served under, without a trailing slash (`""` at the root, `/news` below it).
    pub base_path: String,
    /// Unicode numbering system for numbers and dates (`latn` or `arab`).
    pub digits: String,
    /// Unicode calendar for dates (`gregory`, `islamic-umalqura`, …).
    pub calendar: String,
    /// The site's language, from `index.html`'s `<html lang>` (an article may set its own).
    pub lang: String,
    /// The site's writing direction, from `index.html`'s `<html dir>`.
    pub dir: Direction,
}

impl Default for Config {
    fn default() -> Self {
        Self {
            site_name: "خبر".to_owned(),
            site_description: String::new(),
            api_base: "/api/".to_owned(),
            base_url: "/".to_owned(),
            base_path: String::new(),
            digits: "latn".to_owned(),
            calendar: "gregory".to_owned(),
            lang: "ar".to_owned(),
            dir: Direction::Rtl,
        }
    }
}

impl Config {
    /// Reads the `<meta>` settings and the document's `<base href>`; missing ones take defaults.
    pub fn from_document() -> Self {
        let defaults = Self::default();
        let Some(document) = web_sys::window().and_then(|w| w.document()) else {
            return defaults;
        };
        let meta = |name: &str| {
            document
                .query_selector(&format!("meta[name='khabar:{name}']"))
                .ok()
                .flatten()
                .and_then(|el| el.get_attribute("content"))
                .map(|v| v.trim().to_owned())
                .filter(|v| !v.is_empty())
        };
        let base_uri = document.base_uri().ok().flatten().unwrap_or_default();
        let api = meta("api").unwrap_or_else(|| "api/".to_owned());
        let api_base = web_sys::Url::new_with_base(&api, &base_uri)
            .map(|url| url.href())
            .unwrap_or(defaults.api_base);
        let base_path = web_sys::Url::new(&base_uri)
            .map(|url| url.pathname())
            .unwrap_or_default();
        let site_name = document
            .query_selector("meta[name='application-name']")
            .ok()
            .flatten()
            .and_then(|el| el.get_attribute("content"))
            .filter(|name| !name.trim().is_empty())
            .unwrap_or(defaults.site_name);
        let site_description = meta("description").unwrap_or_default();
        // Read before any article can change them.
        let root = document.document_element();
        let root_attribute = |name: &str| {
            root.as_ref()
                .and_then(|el| el.get_attribute(name))
                .map(|v| v.trim().to_owned())
                .filter(|v| !v.is_empty())
        };
        let lang = root_attribute("lang").unwrap_or(defaults.lang);
        let dir = match root_attribute("dir").as_deref() {
            Some("ltr") => Direction::Ltr,
            Some("rtl") => Direction::Rtl,
            _ => defaults.dir,
        };
        Self {
            site_name,
            site_description,
            api_base: with_trailing_slash(api_base),
            base_url: with_trailing_slash(
                base_uri
                    .split(['?', '#'])
                    .next()
                    .unwrap_or_default()
                    .to_owned(),
            ),
            base_path: base_path.trim_end_matches('/').to_owned(),
            digits: meta("digits")
                .filter(|d| is_subtag(d))
                .unwrap_or(defaults.digits),
            calendar: meta("calendar")
                .filter(|c| is_subtag(c))
                .unwrap_or(defaults.calendar),
            lang,
            dir,
        }
    }

    /// The BCP 47 locale for `Intl`: Arabic with the site's calendar and digits.
    pub fn locale(&self) -> String {
        format!("ar-u-ca-{}-nu-{}", self.calendar, self.digits)
    }

    /// The URL of an API file, e.g. `articles/<slug>.json`.
    pub fn api_url(&self, path: &str) -> String {
        format!("{}{}", self.api_base, path.trim_start_matches('/'))
    }

    /// An in-app path under the deployment's base path, e.g. `/news/article/x`.
    pub fn href(&self, path: &str) -> String {
        format!("{}{}", self.base_path, path)
    }
}

/// An in-app path under the deployment's base path, for links: `app_href("/article/x")`.
/// Links must carry the base themselves: the router only prefixes relative paths.
pub fn app_href(path: &str) -> String {
    leptos::prelude::use_context::<Config>()
        .unwrap_or_default()
        .href(path)
}

impl Config {
    /// The absolute URL of an in-app path, for canonical links and sharing.
    pub fn absolute(&self, path: &str) -> String {
        format!("{}{}", self.base_url.trim_end_matches('/'), path)
    }

    /// The absolute URL of a picture from content (`images/x.svg` or already absolute).
    pub fn asset_url(&self, src: &str) -> String {
        // Content may spell the scheme in any case (`HTTPS://`), as the link rules allow.
        let absolute = ["https://", "http://"].iter().any(|scheme| {
            src.get(..scheme.len())
                .is_some_and(|start| start.eq_ignore_ascii_case(scheme))
        });
        if absolute {
            src.to_owned()
        } else {
            format!("{}{}", self.base_url, src.trim_start_matches('/'))
        }
    }
}

fn with_trailing_slash(mut url: String) -> String {
    if !url.ends_with('/') {
        url.push('/');
    }
    url
}

/// A Unicode extension value: 3–8 ASCII alphanumerics, dash-separated (`islamic-umalqura`).
fn is_subtag(value: &str) -> bool {
    value.split('-').all(|part| {
        (3..=8).contains(&part.len()) && part.bytes().all(|b| b.is_ascii_alphanumeric())
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_locale_carries_digits_and_calendar() {
        let config = Config {
            digits: "arab".into(),
            calendar: "islamic-umalqura".into(),
            ..Config::default()
        };
        assert_eq!(config.locale(), "ar-u-ca-islamic-umalqura-nu-arab");
    }

    #[test]
    fn api_urls_join_without_double_slashes() {
        let config = Config {
            api_base: "https://cdn.example/news/api/".into(),
            ..Config::default()
        };
        assert_eq!(
            config.api_url("/articles/a.json"),
            "https://cdn.example/news/api/articles/a.json"
        );
    }

    #[test]
    fn absolute_urls_keep_the_base_path() {
        let config = Config {
            base_url: "https://host.example/news/".into(),
            ..Config::default()
        };
        assert_eq!(
            config.absolute("/article/a"),
            "https://host.example/news/article/a"
        );
        assert_eq!(
            config.asset_url("images/a.svg"),
            "https://host.example/news/images/a.svg"
        );
        assert_eq!(
            config.asset_url("https://cdn.example/a.webp"),
            "https://cdn.example/a.webp"
        );
        // An upper-case scheme passes safe_image_src; it was once joined under the base path.
        assert_eq!(
            config.asset_url("HTTPS://cdn.example/a.webp"),
            "HTTPS://cdn.example/a.webp"
        );
    }

    #[test]
    fn setting_values_that_could_break_the_locale_are_refused() {
        assert!(is_subtag("latn") && is_subtag("islamic-umalqura"));
        assert!(!is_subtag("") && !is_subtag("x") && !is_subtag("latn\"><script>"));
    }
}
