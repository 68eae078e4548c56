//! The site's public address, from which every URL of a feed, sitemap or `robots.txt` is made:
//! crawlers and feed readers need absolute URLs.

/// The address the site is served at: an origin and the path the bundle sits under.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct PublicUrl {
    /// `https://news.example/` or `https://news.example/news/`: always ends with `/`.
    base: String,
}

impl PublicUrl {
    /// `origin` is `content/site.json`'s `url` (`https://news.example`, a trailing `/` allowed),
    /// `base_path` the bundle's `<base href>` (`/` or `/news/`).
    pub fn new(origin: &str, base_path: &str) -> Self {
        let path = base_path.trim_matches('/');
        let origin = origin.trim_end_matches('/');
        let base = if path.is_empty() {
            format!("{origin}/")
        } else {
            format!("{origin}/{path}/")
        };
        Self { base }
    }

    /// The absolute URL of a path relative to the site's root (`article/x`, `feed.xml`; `""` is
    /// the home page).
    pub fn page(&self, path: &str) -> String {
        format!("{}{}", self.base, path.trim_start_matches('/'))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Guards against doubled or missing slashes in the URLs crawlers are given.
    #[test]
    fn urls_join_origin_base_and_path_with_single_slashes() {
        let root = PublicUrl::new("https://khabar.example/", "/");
        assert_eq!(root.page(""), "https://khabar.example/");
        assert_eq!(root.page("feed.xml"), "https://khabar.example/feed.xml");
        let sub = PublicUrl::new("https://khabar.example", "/news/");
        assert_eq!(
            sub.page("/article/a"),
            "https://khabar.example/news/article/a"
        );
    }
}
