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

/// The name of a WordPress user's archive (`/author/<name>/`), which WordPress makes from the
/// login: lower-case, dots and spaces as dashes, other characters but letters, digits, `_` and
/// `-` dropped (`sanitize_title`). `None` when nothing is left.
pub fn author_archive_name(login: &str) -> Option<String> {
    let mut name = String::new();
    for c in login.trim().to_lowercase().chars() {
        match c {
            'a'..='z' | '0'..='9' | '_' => name.push(c),
            '-' | '.' | ' ' if !name.ends_with('-') => name.push('-'),
            _ => {}
        }
    }
    let name = name.trim_matches('-').to_owned();
    (!name.is_empty()).then_some(name)
}

/// Both forms WordPress answers for a path: with and without its trailing slash.
pub fn with_and_without_slash(path: &str) -> [String; 2] {
    let bare = path.trim_end_matches('/');
    [format!("{bare}/"), bare.to_owned()]
}

/// Every redirect: decoded path → slug, and short-link id → slug; and the archives of tags and
/// authors: decoded path → the page's path here.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Redirects {
    pub paths: BTreeMap<String, String>,
    pub ids: BTreeMap<u64, String>,
    /// An archive's own address and its feed's, each with and without its trailing slash.
    pub archives: BTreeMap<String, String>,
    /// An archive's later pages (`…/page/2/`), which static hosts match with one rule.
    pub archive_pages: BTreeMap<String, String>,
    /// Each archive's base (`/tag/<name>/`) → its page here.
    pub archive_bases: BTreeMap<String, String>,
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

    /// Adds a WordPress archive (`/tag/<name>/`, `/author/<name>/`) of `posts` posts, sent to
    /// `target` (`/topic/<slug>`): its address, its feed (`…/feed/` → `<target>/feed.xml`) and its
    /// later pages (`…/page/2/` and on: at most one page per post, so never fewer than it had).
    /// An address an article already claims stays the article's.
    pub fn add_archive(&mut self, base: &str, target: &str, posts: usize) {
        let base = format!("{}/", base.trim_end_matches('/'));
        if base.len() < 2 || self.archive_bases.contains_key(&base) {
            return;
        }
        let feed = format!("{target}/feed.xml");
        let add = |map: &mut BTreeMap<String, String>, path: &str, to: &str| {
            for form in with_and_without_slash(path) {
                if form != to && !self.paths.contains_key(&form) {
                    map.entry(form).or_insert_with(|| to.to_owned());
                }
            }
        };
        add(&mut self.archives, &base, target);
        add(&mut self.archives, &format!("{base}feed/"), &feed);
        // A writer who keeps their WordPress address keeps its later pages too: `…/page/2` is
        // then this site's own second page of the writer, never sent back to the first.
        let own = base.trim_end_matches('/') == target;
        for page in (2..=posts).filter(|_| !own) {
            add(
                &mut self.archive_pages,
                &format!("{base}page/{page}/"),
                target,
            );
        }
        self.archive_bases.insert(base, target.to_owned());
    }

    pub fn len(&self) -> usize {
        self.paths.len() + self.ids.len() + self.archives.len() + self.archive_pages.len()
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
        for (path, target) in self.archives.iter().chain(&self.archive_pages) {
            out.push_str(&format!("\"{}\" {target};\n", nginx_escape(path)));
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
        for (path, target) in &self.archives {
            out.push_str(&format!("{} {target} 301\n", encode_path(path)));
        }
        for (base, target) in &self.archive_bases {
            if base.trim_end_matches('/') != target {
                out.push_str(&format!("{}page/* {target} 301\n", encode_path(base)));
            }
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

    #[test]
    fn an_archive_its_feed_and_its_pages_go_to_the_page_here() {
        // Guards against old tag and author links (and feed readers' subscriptions) ending on 404s.
        let mut r = Redirects::default();
        r.add_archive("/tag/سوريا/", "/topic/syria", 3);
        let conf = r.nginx();
        for line in [
            "\"/tag/سوريا/\" /topic/syria;",
            "\"/tag/سوريا\" /topic/syria;",
            "\"/tag/سوريا/feed/\" /topic/syria/feed.xml;",
            "\"/tag/سوريا/feed\" /topic/syria/feed.xml;",
            "\"/tag/سوريا/page/2/\" /topic/syria;",
            "\"/tag/سوريا/page/3\" /topic/syria;",
        ] {
            assert!(conf.contains(&format!("\n{line}\n")), "{line} in {conf}");
        }
        // Three posts fill three pages at most.
        assert!(!conf.contains("/page/4"), "{conf}");
        let netlify = r.netlify();
        assert!(
            netlify.contains("\n/tag/%D8%B3%D9%88%D8%B1%D9%8A%D8%A7/page/* /topic/syria 301\n"),
            "{netlify}"
        );
        assert!(
            !netlify.contains("/page/2"),
            "one rule for the pages: {netlify}"
        );
    }

    #[test]
    fn an_archive_never_redirects_to_itself_nor_takes_an_articles_address() {
        // Guards against a redirect loop when the writer keeps the address WordPress gave them,
        // and against an archive overriding an article's old address.
        let mut r = Redirects::default();
        r.add_path("/tag/x/", "an-article");
        r.add_archive("/author/sara/", "/author/sara", 3);
        r.add_archive("/tag/x/", "/topic/x", 1);
        // Its later pages are this site's own pages of the writer.
        assert!(
            !r.archive_pages
                .keys()
                .any(|p| p.starts_with("/author/sara/")),
            "{r:?}"
        );
        assert!(
            !r.netlify().contains("/author/sara/page/"),
            "{}",
            r.netlify()
        );
        assert_eq!(
            r.archives.get("/author/sara/").map(String::as_str),
            Some("/author/sara")
        );
        assert!(!r.archives.contains_key("/author/sara"));
        assert!(!r.archives.contains_key("/tag/x/") && !r.archives.contains_key("/tag/x"));
        assert_eq!(
            r.paths.get("/tag/x/").map(String::as_str),
            Some("an-article")
        );
        assert!(
            old_path("/tag//").is_none()
                && old_path("/tag/../").is_none()
                && old_path("/tag/a\n/").is_none()
        );
    }

    #[test]
    fn an_authors_archive_is_named_from_the_login_as_wordpress_cleans_it() {
        assert_eq!(author_archive_name("sara").as_deref(), Some("sara"));
        assert_eq!(
            author_archive_name("Omar.Khatib").as_deref(),
            Some("omar-khatib")
        );
        assert_eq!(
            author_archive_name("news desk@site").as_deref(),
            Some("news-desksite")
        );
        assert_eq!(author_archive_name("سارة"), None);
    }
}
