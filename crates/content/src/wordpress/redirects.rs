//! Old WordPress addresses → `/article/<slug>`: an nginx include (`deploy/redirects.conf`) and
//! a `_redirects` file for static hosts (Netlify's format).

use super::slug::decode;
use std::collections::BTreeMap;

/// Where WordPress's short links (`/?p=123`) are looked up: deploy/nginx.conf rewrites
/// `/?p=<id>` to `/wp-p/<id>` internally, and the generated file answers that path.
pub const SHORT_LINK_PREFIX: &str = "/wp-p/";

/// The path of an old address, decoded (nginx looks `$uri`, the decoded URI, up),
/// or `None` when it is not a path this site could redirect: the home page, Khabar's own
/// routes, or a path nginx would normalise differently (`//`, `.`/`..` segments).
pub fn old_path(url: &str) -> Option<String> {
    let without_scheme = url
        .split_once("://")
        .map(|(_, rest)| rest.find('/').map_or("/", |i| &rest[i..]))
        .unwrap_or(url);
    let path = without_scheme.split(['?', '#']).next().unwrap_or_default();
    let decoded = decode(path);
    let ok = decoded.starts_with('/')
        && decoded != "/"
        && !decoded.contains("//")
        && !decoded.chars().any(|c| c.is_control() || c == '\u{FFFD}')
        && !decoded
            .split('/')
            .any(|segment| segment == "." || segment == "..")
        && ![
            "/article/",
            "/section/",
            "/api/",
            "/images/",
            "/fonts/",
            "/wp-p/",
        ]
        .iter()
        .any(|own| decoded.starts_with(own))
        && decoded != "/index.html";
    ok.then_some(decoded)
}

/// The `p` of a `?p=123` short link.
pub fn short_link_id(url: &str) -> Option<u64> {
    let query = url.split_once('?')?.1.split('#').next()?;
    query
        .split('&')
        .find_map(|pair| pair.strip_prefix("p="))
        .and_then(|id| id.parse().ok())
}

/// Both forms WordPress answers for a path: with and without its trailing slash.
pub fn with_and_without_slash(path: &str) -> [String; 2] {
    let bare = path.trim_end_matches('/');
    [format!("{bare}/"), bare.to_owned()]
}

/// Every redirect: decoded path → slug, and short-link id → slug.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Redirects {
    pub paths: BTreeMap<String, String>,
    pub ids: BTreeMap<u64, String>,
}

impl Redirects {
    /// Adds a path; the first article to claim a path keeps it.
    pub fn add_path(&mut self, path: &str, slug: &str) {
        for form in with_and_without_slash(path) {
            if form.len() > 1 && form != format!("/article/{slug}") {
                self.paths.entry(form).or_insert_with(|| slug.to_owned());
            }
        }
    }

    pub fn len(&self) -> usize {
        self.paths.len() + self.ids.len()
    }

    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    /// The nginx include: entries of deploy/nginx.conf's `map $uri $khabar_old_address`, an
    /// old path and its article's path (a hash lookup, so tens of thousands cost nothing).
    pub fn nginx(&self) -> String {
        let mut out = String::from(HEADER_NGINX);
        for (path, slug) in &self.paths {
            out.push_str(&format!("\"{}\" /article/{slug};\n", nginx_escape(path)));
        }
        for (id, slug) in &self.ids {
            out.push_str(&format!("{SHORT_LINK_PREFIX}{id} /article/{slug};\n"));
        }
        out
    }

    /// Netlify's `_redirects`: percent-encoded paths (one token each), and the short links
    /// through one query-parameter rule.
    pub fn netlify(&self) -> String {
        let mut out = String::from(HEADER_NETLIFY);
        for (path, slug) in &self.paths {
            out.push_str(&format!("{} /article/{slug} 301\n", encode_path(path)));
        }
        if !self.ids.is_empty() {
            out.push_str(&format!("/ p=:p {SHORT_LINK_PREFIX}:p 301\n"));
        }
        for (id, slug) in &self.ids {
            out.push_str(&format!("{SHORT_LINK_PREFIX}{id} /article/{slug} 301\n"));
        }
        out
    }
}

const HEADER_NGINX: &str = "# Old WordPress addresses → their articles, written by `khabar-content import-wordpress`\n# (regenerate rather than edit): entries of deploy/nginx.conf's map $uri $khabar_old_address.\n";
const HEADER_NETLIFY: &str =
    "# Old WordPress addresses → their articles, written by `khabar-content import-wordpress`.\n";

/// A double-quoted nginx string: `\` and `"` escaped; `$` is literal in a map's key.
fn nginx_escape(path: &str) -> String {
    path.replace('\\', "\\\\").replace('"', "\\\"")
}

/// Percent-encodes all but unreserved characters and `/`, upper-case hex.
pub fn encode_path(path: &str) -> String {
    let mut out = String::with_capacity(path.len() * 3);
    for b in path.bytes() {
        if b.is_ascii_alphanumeric() || matches!(b, b'-' | b'.' | b'_' | b'~' | b'/') {
            out.push(b as char);
        } else {
            out.push_str(&format!("%{b:02X}"));
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn percent_encoded_permalinks_are_decoded_for_nginx() {
        // Guards against redirects nginx never matches (it compares the decoded URI).
        let path = old_path("https://old.example/2023/03/%d9%82%d9%85%d8%a9/").unwrap();
        assert_eq!(path, "/2023/03/قمة/");
        let mut r = Redirects::default();
        r.add_path(&path, "qma");
        let conf = r.nginx();
        assert!(
            conf.contains("\n\"/2023/03/قمة/\" /article/qma;\n"),
            "{conf}"
        );
        assert!(
            conf.contains("\n\"/2023/03/قمة\" /article/qma;\n"),
            "{conf}"
        );
        assert!(r
            .netlify()
            .contains("/2023/03/%D9%82%D9%85%D8%A9/ /article/qma 301"));
    }

    #[test]
    fn quotes_and_backslashes_cannot_break_out_of_the_nginx_string() {
        // Guards against a crafted permalink injecting nginx directives.
        let mut r = Redirects::default();
        r.add_path("/a\"; } location / { return 200 x; #/", "x");
        let conf = r.nginx();
        let line = conf.lines().find(|l| l.starts_with('"')).unwrap();
        assert_eq!(
            line,
            "\"/a\\\"; } location / { return 200 x; #\" /article/x;"
        );
    }

    #[test]
    fn home_own_routes_and_odd_paths_are_not_redirected() {
        // Guards against a redirect loop on / or shadowing Khabar's own pages.
        for url in [
            "https://old.example/?p=5",
            "https://old.example/article/x",
            "https://old.example/a//b",
            "https://old.example/a/../b",
            "https://old.example/%0a",
            "https://old.example/%ff",
        ] {
            assert_eq!(old_path(url), None, "{url}");
        }
        assert_eq!(short_link_id("https://old.example/?p=5"), Some(5));
        assert_eq!(short_link_id("https://old.example/?cat=2&p=77#x"), Some(77));
        assert_eq!(short_link_id("https://old.example/?page_id=5"), None);
    }

    #[test]
    fn short_links_go_through_the_rewrite_target() {
        // Guards against /?p=<id> links breaking after the move.
        let mut r = Redirects::default();
        r.ids.insert(12, "qma".into());
        assert!(r.nginx().contains("\n/wp-p/12 /article/qma;\n"));
        let netlify = r.netlify();
        assert!(
            netlify.contains("/ p=:p /wp-p/:p 301\n/wp-p/12 /article/qma 301"),
            "{netlify}"
        );
    }
}
