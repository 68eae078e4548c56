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
///
/// The browser reads them from the document ([`Config::from_document`]) and the prerenderer from
/// the same `index.html` ([`Config::from_settings`]), so both render the same first page.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Config {
    /// The site's name, shown in the header and after every page title.
    pub site_name: String,
    /// One sentence about the site, for the home page's description.
    pub site_description: String,
    /// The site's public origin (`https://khabar.example`), which canonical links, sharing and
    /// JSON-LD start with. `make content` copies it from `content/site.json`'s `url`.
    pub site_url: String,
    /// URL of the API directory, ending in `/`: absolute in the browser, as written in the
    /// settings elsewhere.
    pub api_base: String,
    /// The path the app is served under, without a trailing slash (`""` at the root, `/news` below it).
    pub base_path: String,
    /// Unicode numbering system for numbers and dates (`latn` or `arab`).
    pub digits: String,
    /// Unicode calendar for dates (`gregory`, `islamic-umalqura`, …).
    pub calendar: String,
    /// The site's language (`<meta name="khabar:lang">`, `ar` by default); an article may set its
    /// own, and the pages after it get this one back.
    pub lang: String,
    /// The site's writing direction (`<meta name="khabar:dir">`, `rtl` by default).
    pub dir: Direction,
}

/// The public origin used when `index.html` names none: the address `make serve` serves.
pub const LOCAL_SITE_URL: &str = "http://127.0.0.1:8080";

impl Default for Config {
    fn default() -> Self {
        Self {
            site_name: "خبر".to_owned(),
            site_description: String::new(),
            site_url: LOCAL_SITE_URL.to_owned(),
            api_base: "api/".to_owned(),
            base_path: String::new(),
            digits: "latn".to_owned(),
            calendar: "gregory".to_owned(),
            lang: "ar".to_owned(),
            dir: Direction::Rtl,
        }
    }
}

impl Config {
    /// Builds the settings from `setting(name)`, the `content` of `<meta name="khabar:<name>">`
    /// (`name` for `application-name`), and the document's base path (`/`, `/news/`). Missing or
    /// unusable values take their defaults.
    pub fn from_settings(setting: impl Fn(&str) -> Option<String>, base_path: &str) -> Self {
        let defaults = Self::default();
        let setting = |name: &str| {
            setting(name)
                .map(|v| v.trim().to_owned())
                .filter(|v| !v.is_empty())
        };
        Self {
            site_name: setting("name").unwrap_or(defaults.site_name),
            site_description: setting("description").unwrap_or_default(),
            site_url: setting("url")
                .filter(|url| is_origin(url))
                .map(|url| url.trim_end_matches('/').to_owned())
                .unwrap_or(defaults.site_url),
            api_base: with_trailing_slash(setting("api").unwrap_or(defaults.api_base)),
            base_path: base_path.trim_end_matches('/').to_owned(),
            digits: setting("digits")
                .filter(|d| is_subtag(d))
                .unwrap_or(defaults.digits),
            calendar: setting("calendar")
                .filter(|c| is_subtag(c))
                .unwrap_or(defaults.calendar),
            lang: setting("lang")
                .filter(|l| {
                    l.split('-')
                        .all(|p| !p.is_empty() && p.bytes().all(|b| b.is_ascii_alphanumeric()))
                })
                .unwrap_or(defaults.lang),
            dir: match setting("dir").as_deref() {
                Some("ltr") => Direction::Ltr,
                _ => Direction::Rtl,
            },
        }
    }

    /// Reads the `<meta>` settings and the document's `<base href>`; missing ones take defaults.
    /// The API base becomes absolute, resolved against the document.
    pub fn from_document() -> Self {
        let Some(document) = web_sys::window().and_then(|w| w.document()) else {
            return Self::default();
        };
        let setting = |name: &str| {
            let selector = if name == "name" {
                "meta[name='application-name']".to_owned()
            } else {
                format!("meta[name='khabar:{name}']")
            };
            document
                .query_selector(&selector)
                .ok()
                .flatten()
                .and_then(|el| el.get_attribute("content"))
        };
        let base_uri = document.base_uri().ok().flatten().unwrap_or_default();
        let base_path = web_sys::Url::new(&base_uri)
            .map(|url| url.pathname())
            .unwrap_or_default();
        let mut config = Self::from_settings(setting, &base_path);
        if let Ok(url) = web_sys::Url::new_with_base(&config.api_base, &base_uri) {
            config.api_base = with_trailing_slash(url.href());
        }
        config
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

    /// The app path of a path on this host (what [`Config::href`] made it from): below the base
    /// path, starting with `/`. `None` when the path is outside the site.
    pub fn app_path(&self, path: &str) -> Option<String> {
        let rest = path.strip_prefix(self.base_path.as_str())?;
        if rest.is_empty() {
            Some("/".to_owned())
        } else if rest.starts_with('/') {
            Some(rest.to_owned())
        } else {
            None
        }
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
        format!("{}{}{}", self.site_url, self.base_path, path)
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
            self.absolute(&format!("/{}", src.trim_start_matches('/')))
        }
    }
}

/// An origin and nothing else: `https://` or `http://`, a host, an optional port.
fn is_origin(url: &str) -> bool {
    let rest = url
        .strip_prefix("https://")
        .or_else(|| url.strip_prefix("http://"))
        .unwrap_or_default()
        .trim_end_matches('/');
    !rest.is_empty()
        && rest
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || matches!(b, b'.' | b'-' | b':' | b'[' | b']'))
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

    /// Guards against canonical and share links that point at the address a page happened to be
    /// loaded from (a CDN host, a preview) instead of the site's public address and base path.
    #[test]
    fn app_paths_are_read_below_the_base_path() {
        let news = Config::from_settings(|_| None, "/news/");
        assert_eq!(
            news.app_path("/news/section/a").as_deref(),
            Some("/section/a")
        );
        assert_eq!(news.app_path("/news").as_deref(), Some("/"));
        assert_eq!(news.app_path("/newsroom/x"), None);
        assert_eq!(news.app_path("/other/x"), None);
        let root = Config::from_settings(|_| None, "/");
        assert_eq!(root.app_path("/saved").as_deref(), Some("/saved"));
        assert_eq!(root.app_path("/").as_deref(), Some("/"));
    }

    #[test]
    fn absolute_urls_are_the_public_origin_and_the_base_path() {
        let settings = |name: &str| (name == "url").then(|| "https://host.example/".to_owned());
        let config = Config::from_settings(settings, "/news/");
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

    /// Guards against a site address with a path or a script in it becoming every canonical link.
    #[test]
    fn a_site_url_must_be_an_origin() {
        for bad in [
            "khabar.example",
            "https://",
            "https://a.example/news",
            "javascript:x",
            "https://a\"b",
        ] {
            let config = Config::from_settings(|name| (name == "url").then(|| bad.to_owned()), "/");
            assert_eq!(config.site_url, LOCAL_SITE_URL, "{bad}");
        }
    }

    #[test]
    fn setting_values_that_could_break_the_locale_are_refused() {
        assert!(is_subtag("latn") && is_subtag("islamic-umalqura"));
        assert!(!is_subtag("") && !is_subtag("x") && !is_subtag("latn\"><script>"));
    }
}
