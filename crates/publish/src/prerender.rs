//! Build-time rendering: every page of the site as an HTML document, from the
//! published JSON and the same components the browser runs, into the finished `index.html`'s
//! frame (its hashed assets, integrity hashes and loader). `khabar-publish` drives it
//! ([`crate::publish`]).

use futures::StreamExt;
use khabar::{
    data::{
        config::Config,
        page_data::{PageContent, PageData, ELEMENT_ID},
    },
    model::{page_file, page_path, slug, Article, Listing, Site},
    App,
};
use khabar_content::output::{Output, OutputError};
use leptos::prelude::*;
use leptos_meta::ServerMetaContext;
use leptos_router::location::RequestUrl;
use std::{
    fs,
    path::{Path, PathBuf},
    sync::Arc,
};
use thiserror::Error;

/// Why the pages could not be written.
#[derive(Debug, Error)]
pub enum PrerenderError {
    /// A file could not be read or written.
    #[error("{0}: {1}")]
    Io(PathBuf, std::io::Error),
    /// A published JSON file does not parse.
    #[error("{0}: {1}")]
    Json(PathBuf, serde_json::Error),
    /// The app's `index.html` lacks a part the pages are built from.
    #[error("{0}: {1}")]
    Template(PathBuf, &'static str),
    /// `content/site.json` names no public address, so no canonical URL can be written.
    #[error(
        "content/site.json has no \"url\": set the site's public address (e.g. \"https://news.example\") and run `make content`"
    )]
    NoSiteUrl,
}

/// The app's HTML document without a page: the head (assets, loader, settings) and an empty body.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Template {
    /// Everything up to and including `<body>`, with `<!--HEAD-->` where head tags go.
    head: String,
    /// `</body>` and what follows.
    tail: String,
}

impl Template {
    /// Reads Trunk's finished `index.html`: its `<title>` and `<html lang dir>` give way to each
    /// page's own, its body (the loading masthead, the `<noscript>` notice) to the page.
    pub fn parse(html: &str) -> Result<Self, &'static str> {
        let mut head = html.to_owned();
        if let (Some(start), Some(end)) = (head.find("<title>"), head.find("</title>")) {
            head.replace_range(start..end + "</title>".len(), "");
        }
        let html_start = head.find("<html").ok_or("no <html> element")?;
        let html_end = html_start + head[html_start..].find('>').ok_or("no <html> element")?;
        head.replace_range(html_start..html_end, "<html");
        let head_end = head.find("</head>").ok_or("no </head>")?;
        head.insert_str(head_end, "<!--HEAD-->");
        let body_start = head.find("<body").ok_or("no <body>")?;
        let body_open_end = body_start + head[body_start..].find('>').ok_or("no <body>")? + 1;
        let body_end = head.rfind("</body>").ok_or("no </body>")?;
        if body_end < body_open_end {
            return Err("no <body>");
        }
        let tail = head[body_end..].to_owned();
        head.truncate(body_open_end);
        Ok(Self { head, tail })
    }

    /// The settings the browser will read from this document (its `<meta>` tags and `<base>`).
    pub fn config(&self) -> Config {
        let setting = |name: &str| {
            let attribute = if name == "name" {
                "name=\"application-name\"".to_owned()
            } else {
                format!("name=\"khabar:{name}\"")
            };
            let tag_start = self.head.find(&format!("<meta {attribute}"))?;
            let tag = &self.head[tag_start..tag_start + self.head[tag_start..].find('>')?];
            let value_start = tag.find("content=\"")? + "content=\"".len();
            let value = &tag[value_start..value_start + tag[value_start..].find('"')?];
            Some(unescape(value))
        };
        let base = self
            .head
            .find("<base href=\"")
            .and_then(|start| {
                let rest = &self.head[start + "<base href=\"".len()..];
                rest.find('"').map(|end| rest[..end].to_owned())
            })
            .unwrap_or_else(|| "/".to_owned());
        Config::from_settings(setting, &base)
    }
}

fn unescape(value: &str) -> String {
    value
        .replace("&quot;", "\"")
        .replace("&lt;", "<")
        .replace("&gt;", ">")
        .replace("&amp;", "&")
}

/// Renders one page: the app at `data.path`, from `data`, in `template`'s frame.
pub async fn render(template: &Template, config: &Config, data: PageData) -> String {
    let owner = Owner::new_root(Some(Arc::new(hydration_context::SsrSharedContext::new())));
    let (meta, head_tags) = ServerMetaContext::new();
    let url = config.href(&data.path);
    let script = script_text(&data);
    let config = config.clone();
    let app = owner
        .with(|| {
            provide_context(RequestUrl::new(&url));
            provide_context(meta);
            view! { <App config page=data /> }.to_html_stream_in_order()
        })
        .collect::<String>()
        .await;
    // The app's markup must follow <body> directly: hydration starts at its first child.
    let document = format!(
        "{}{app}<script type=\"application/json\" id=\"{ELEMENT_ID}\">{script}</script>{}",
        template.head, template.tail
    );
    let html = head_tags
        .inject_meta_context(futures::stream::iter([document]))
        .await
        .collect::<String>()
        .await;
    owner.unset();
    empty_comments(&dedupe_html_attributes(&html))
}

/// Leptos marks the places of hydrated views with `<!>`: every HTML parser makes an empty comment
/// of it, but as a parse error ("bogus comment"), so a validator refuses every page. Written as
/// `<!---->` it is the same empty comment node, without the error, and hydration finds the same
/// nodes. Only markers between tags change: an attribute's value (which may quote a headline) and
/// comments are copied as they are; text and scripts never hold a `<` (both are escaped).
fn empty_comments(html: &str) -> String {
    let mut out = String::with_capacity(html.len() + html.len() / 64);
    let mut rest = html;
    while let Some(at) = rest.find('<') {
        out.push_str(&rest[..at]);
        rest = &rest[at..];
        if let Some(after) = rest.strip_prefix("<!>") {
            out.push_str("<!---->");
            rest = after;
        } else if rest.starts_with("<!--") {
            let end = rest[4..].find("-->").map_or(rest.len(), |e| e + 7);
            out.push_str(&rest[..end]);
            rest = &rest[end..];
        } else {
            // A tag: up to its `>`, outside quoted attribute values.
            let mut quote = None;
            let end = rest
                .char_indices()
                .skip(1)
                .find(|&(_, c)| match quote {
                    Some(q) if c == q => {
                        quote = None;
                        false
                    }
                    Some(_) => false,
                    None if c == '"' || c == '\'' => {
                        quote = Some(c);
                        false
                    }
                    None => c == '>',
                })
                .map_or(rest.len(), |(i, _)| i + 1);
            out.push_str(&rest[..end]);
            rest = &rest[end..];
        }
    }
    out.push_str(rest);
    out
}

/// The page's data block's text: `<` is escaped so no text from content can close the element.
pub fn script_text(data: &PageData) -> String {
    serde_json::to_string(data)
        .unwrap_or_default()
        .replace('<', "\\u003c")
}

/// `<html>` gets the site's `lang`/`dir` and an article's own; the last of each wins.
fn dedupe_html_attributes(html: &str) -> String {
    let Some(start) = html.find("<html") else {
        return html.to_owned();
    };
    let Some(len) = html[start..].find('>') else {
        return html.to_owned();
    };
    let tag = &html[start + "<html".len()..start + len];
    let mut attributes: Vec<(&str, &str)> = Vec::new();
    for part in tag.split('"').collect::<Vec<_>>().chunks(2) {
        if let [name, value] = part {
            let name = name.trim().trim_end_matches('=');
            attributes.retain(|(n, _)| *n != name);
            attributes.push((name, value));
        }
    }
    let rebuilt: String = attributes
        .iter()
        .map(|(name, value)| format!(" {name}=\"{value}\""))
        .collect();
    format!("{}<html{rebuilt}{}", &html[..start], &html[start + len..])
}

/// One page of the site: where it is written and which published JSON files it is made from.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct PageSpec {
    /// The HTML file, relative to the bundle (`article/<slug>/index.html`).
    pub file: String,
    /// The in-app path (`/article/<slug>`).
    pub path: String,
    /// The API files it embeds, relative to `api/` (`site.json` and one listing or article):
    /// the page changes only when one of them does (or the app's frame).
    pub inputs: Vec<String>,
    kind: PageKind,
}

#[derive(Clone, Debug, PartialEq, Eq)]
enum PageKind {
    Listing(String),
    Article,
    /// The search and saved pages: their contents are found in the browser.
    Search,
    Saved,
    NotFound,
}

/// Every page of a site with these sections, articles, topics and writers (by slug): home,
/// sections, topics, writers (each listing's later pages too: `/page/2`, `/section/<slug>/page/2`,
/// … for every page file `exists` says the API has), articles, the not-found page.
pub fn specs<'a>(
    site: &Site,
    article_slugs: impl IntoIterator<Item = &'a str>,
    topic_slugs: impl IntoIterator<Item = &'a str>,
    writer_slugs: impl IntoIterator<Item = &'a str>,
    exists: impl Fn(&str) -> bool,
) -> Vec<PageSpec> {
    let spec = |file: String, path: String, input: String, kind: PageKind| PageSpec {
        file,
        path,
        inputs: vec!["site.json".to_owned(), input],
        kind,
    };
    let mut specs = Vec::new();
    // A listing shown at `path` from `first`: its first page, then one page per later file.
    let mut listing = |path: String, first: String| {
        for page in 1.. {
            let input = page_file(&first, page);
            if page > 1 && !exists(&input) {
                break;
            }
            let address = page_path(&path, page);
            let file = format!("{}/index.html", address.trim_start_matches('/'));
            specs.push(spec(
                file.trim_start_matches('/').to_owned(),
                address,
                input.clone(),
                PageKind::Listing(input),
            ));
        }
    };
    listing("/".to_owned(), "index.json".to_owned());
    for section in site.sections.iter().filter(|s| slug::is_valid(&s.slug)) {
        listing(
            format!("/section/{}", section.slug),
            format!("sections/{}.json", section.slug),
        );
    }
    // `/topic/<slug>` from `api/topics/<slug>.json`, `/author/<slug>` from `api/authors/…`.
    let collections = topic_slugs
        .into_iter()
        .map(|slug| ("topic", "topics", slug))
        .chain(
            writer_slugs
                .into_iter()
                .map(|slug| ("author", "authors", slug)),
        );
    for (page, folder, name) in collections.filter(|(_, _, name)| slug::is_valid(name)) {
        listing(format!("/{page}/{name}"), format!("{folder}/{name}.json"));
    }
    for name in article_slugs
        .into_iter()
        .filter(|name| slug::is_valid(name))
    {
        specs.push(spec(
            format!("article/{name}/index.html"),
            format!("/article/{name}"),
            format!("articles/{name}.json"),
            PageKind::Article,
        ));
    }
    // Files of their own, so static hosts serve `/search?q=…` and `/saved` without rewrites.
    specs.push(spec(
        "search/index.html".to_owned(),
        "/search".to_owned(),
        "site.json".to_owned(),
        PageKind::Search,
    ));
    specs.push(spec(
        "saved/index.html".to_owned(),
        "/saved".to_owned(),
        "site.json".to_owned(),
        PageKind::Saved,
    ));
    specs.push(spec(
        "404.html".to_owned(),
        "/404".to_owned(),
        "index.json".to_owned(),
        PageKind::NotFound,
    ));
    specs
}

impl PageSpec {
    /// Whether it is an article's page (made from `articles/<slug>.json`).
    pub fn is_article(&self) -> bool {
        self.kind == PageKind::Article
    }

    /// Whether it is a page of a listing (made from `index.json`, `sections/<slug>.json`, …).
    pub fn is_listing(&self) -> bool {
        matches!(self.kind, PageKind::Listing(_))
    }

    /// The data the page is rendered from and embeds; `read` gives an API file's text.
    pub fn data(
        &self,
        site: &Site,
        read: impl Fn(&str) -> Result<String, PrerenderError>,
    ) -> Result<PageData, PrerenderError> {
        let input = self.inputs.last().map_or("", String::as_str);
        let text = read(input)?;
        let json = |e| PrerenderError::Json(PathBuf::from(input), e);
        let content = match &self.kind {
            PageKind::Listing(file) => PageContent::Listing {
                file: file.clone(),
                listing: serde_json::from_str(&text).map_err(json)?,
            },
            PageKind::Article => PageContent::Article {
                article: Box::new(serde_json::from_str::<Article>(&text).map_err(json)?),
            },
            PageKind::Search => PageContent::Search,
            PageKind::Saved => PageContent::Saved,
            PageKind::NotFound => PageContent::NotFound {
                latest: serde_json::from_str::<Listing>(&text).map_err(json)?,
            },
        };
        Ok(PageData {
            path: self.path.clone(),
            site: site.clone(),
            content,
        })
    }
}

/// Every page of the site, from the published JSON in `api` (`public/api/` or `dist/api/`).
pub fn pages(api: &Path) -> Result<Vec<(PathBuf, PageData)>, PrerenderError> {
    let site: Site = read_json(&api.join("site.json"))?;
    let articles = api.join("articles");
    let mut names: Vec<String> = fs::read_dir(&articles)
        .map_err(|e| PrerenderError::Io(articles.clone(), e))?
        .filter_map(Result::ok)
        .map(|entry| entry.file_name().to_string_lossy().into_owned())
        .filter_map(|name| name.strip_suffix(".json").map(str::to_owned))
        .collect();
    names.sort();
    let read = |file: &str| {
        let path = api.join(file);
        fs::read_to_string(&path).map_err(|e| PrerenderError::Io(path, e))
    };
    // The first page of each topic's and writer's listing names its slug.
    let first_pages = |folder: &str, of: fn(Listing) -> Option<String>| -> Vec<String> {
        let dir = api.join(folder);
        let mut slugs: Vec<String> = fs::read_dir(&dir)
            .into_iter()
            .flatten()
            .filter_map(Result::ok)
            .filter_map(|entry| read_json::<Listing>(&entry.path()).ok())
            .filter(|listing| listing.page == 1)
            .filter_map(of)
            .collect();
        slugs.sort();
        slugs
    };
    let topics = first_pages("topics", |l| l.topic.map(|t| t.slug));
    let writers = first_pages("authors", |l| l.writer.map(|w| w.slug));
    specs(
        &site,
        names.iter().map(String::as_str),
        topics.iter().map(String::as_str),
        writers.iter().map(String::as_str),
        |file| api.join(file).is_file(),
    )
    .into_iter()
    .map(|spec| Ok((PathBuf::from(&spec.file), spec.data(&site, read)?)))
    .collect()
}

/// Renders every page into `dist`, from `dist/shell.html` (the app without a page) and
/// `dist/api/` as it is (`khabar-publish prerender`: a bundle whose `api/` was replaced). Returns
/// the pages, relative to `dist` (those whose bytes did not change are left as they are).
pub fn prerender(dist: &Path) -> Result<Vec<PathBuf>, PrerenderError> {
    let shell = dist.join("shell.html");
    let html = fs::read_to_string(&shell).map_err(|e| PrerenderError::Io(shell.clone(), e))?;
    let template =
        Template::parse(&html).map_err(|e| PrerenderError::Template(shell.clone(), e))?;
    let site: Site = read_json(&dist.join("api").join("site.json"))?;
    if site.url.trim().is_empty() {
        return Err(PrerenderError::NoSiteUrl);
    }
    let config = template.config();
    // Written as a publish writes (whole, with their copies, journalled); never settled here, so
    // the next publish takes these pages as changed and reports them.
    let out = Output::open(dist).map_err(|OutputError(path, e)| PrerenderError::Io(path, e))?;
    let mut written = Vec::new();
    for (file, data) in pages(&dist.join("api"))? {
        let html = futures::executor::block_on(render(&template, &config, data));
        let path = file.to_string_lossy();
        out.put(&path, html.as_bytes())
            .map_err(|OutputError(path, e)| PrerenderError::Io(path, e))?;
        written.push(file);
    }
    Ok(written)
}

fn read_json<T: serde::de::DeserializeOwned>(path: &Path) -> Result<T, PrerenderError> {
    let text = fs::read_to_string(path).map_err(|e| PrerenderError::Io(path.to_owned(), e))?;
    serde_json::from_str(&text).map_err(|e| PrerenderError::Json(path.to_owned(), e))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn repository() -> PathBuf {
        PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../..")
    }

    fn template() -> Template {
        let html = fs::read_to_string(repository().join("index.html")).unwrap_or_default();
        Template::parse(&html).unwrap()
    }

    fn render_page(path: &str) -> String {
        let _ = any_spawner::Executor::init_futures_executor();
        let template = template();
        let config = template.config();
        let (_, data) = pages(&repository().join("public/api"))
            .unwrap()
            .into_iter()
            .find(|(_, data)| data.path == path)
            .unwrap();
        futures::executor::block_on(render(&template, &config, data))
    }

    /// Guards against later pages of a listing that no file serves (a reader without JavaScript,
    /// or a crawler, following "المزيد" to a 404), or pages rendered from the wrong file.
    #[test]
    fn every_page_of_a_listing_has_a_file() {
        let site: Site = serde_json::from_str(
            &fs::read_to_string(repository().join("public/api/site.json")).unwrap(),
        )
        .unwrap();
        let later = [
            "index-2.json",
            "sections/news-2.json",
            "sections/news-3.json",
            "topics/alfda-2.json",
        ];
        let specs = specs(&site, ["a"], ["alfda"], ["science-desk"], |file| {
            later.contains(&file)
        });
        let page = |path: &str| {
            specs
                .iter()
                .find(|s| s.path == path)
                .map(|s| (s.file.as_str(), s.inputs[1].as_str()))
        };
        assert_eq!(page("/"), Some(("index.html", "index.json")));
        assert_eq!(page("/page/2"), Some(("page/2/index.html", "index-2.json")));
        assert_eq!(page("/page/3"), None);
        assert_eq!(
            page("/section/news/page/2"),
            Some(("section/news/page/2/index.html", "sections/news-2.json"))
        );
        assert_eq!(
            page("/section/news/page/3"),
            Some(("section/news/page/3/index.html", "sections/news-3.json"))
        );
        assert_eq!(page("/section/news/page/4"), None);
        assert_eq!(
            page("/topic/alfda/page/2"),
            Some(("topic/alfda/page/2/index.html", "topics/alfda-2.json"))
        );
        assert_eq!(
            page("/author/science-desk"),
            Some((
                "author/science-desk/index.html",
                "authors/science-desk.json"
            ))
        );
        assert_eq!(page("/author/science-desk/page/2"), None);
    }

    /// Guards against a page whose head keeps the template's generic title or language next to
    /// its own: crawlers and link previews would read the wrong ones.
    #[test]
    fn a_page_has_one_title_and_one_set_of_html_attributes() {
        let html = render_page("/article/putin-assad-summit-moscow");
        assert_eq!(html.matches("<title>").count(), 1);
        assert!(html.contains("<title>قمة بوتين والأسد"), "{html}");
        assert!(html.contains(" — خبر</title>"));
        let html_tag = &html[html.find("<html").unwrap()..];
        let html_tag = &html_tag[..html_tag.find('>').unwrap()];
        assert_eq!(html_tag, "<html lang=\"ar\" dir=\"rtl\"");
    }

    /// Guards against a search page without a file of its own (static hosts would answer the
    /// header's form with 404) or one that leaves a reader without JavaScript with no word.
    #[test]
    fn the_search_page_is_prerendered_and_tells_readers_it_needs_javascript() {
        let pages = pages(&repository().join("public/api")).unwrap();
        assert!(pages
            .iter()
            .any(|(file, data)| file == Path::new("search/index.html") && data.path == "/search"));
        let html = render_page("/search");
        assert!(html.contains("يحتاج البحث إلى تفعيل جافاسكربت"), "{html}");
        assert!(
            html.contains(r#"role="search" action="/search" method="get""#),
            "{html}"
        );
    }

    /// Guards against a prerendered article that says less than the app: crawlers, link previews
    /// and readers without JavaScript get the text, the head tags and the related list.
    #[test]
    fn an_article_page_carries_its_text_head_tags_and_related_list() {
        let html = render_page("/article/putin-assad-summit-moscow");
        for expected in [
            r#"<link href="https://khabar.example/article/putin-assad-summit-moscow" rel="canonical">"#,
            r#"<meta property="og:url" content="https://khabar.example/article/putin-assad-summit-moscow">"#,
            r#"<script type="application/ld+json">"#,
            "NewsArticle",
            "BreadcrumbList",
            "لقاء طويل",
            "مقالات ذات صلة",
            r#"<a href="/section/news">الأخبار</a>"#,
        ] {
            assert!(html.contains(expected), "missing {expected}");
        }
        // Hydration starts at the body's first child: nothing may come between.
        assert!(html.contains("<body><!----><div id=\"top\""), "{html}");
    }

    /// The `<link>` tags of a page's head whose `rel` is `alternate`.
    fn alternate_links(html: &str) -> Vec<&str> {
        let head = &html[..html.find("</head>").unwrap()];
        head.match_indices("<link ")
            .map(|(start, _)| &head[start..start + head[start..].find('>').unwrap() + 1])
            .filter(|tag| tag.contains(r#"rel="alternate""#))
            .collect()
    }

    /// Guards against feed readers finding no feed on a page: the site's everywhere, and the
    /// section's on its section and article pages, with absolute addresses.
    #[test]
    fn pages_link_their_atom_feeds() {
        for (path, expected) in [
            ("/", vec!["https://khabar.example/feed.xml"]),
            (
                "/section/news",
                vec![
                    "https://khabar.example/feed.xml",
                    "https://khabar.example/section/news/feed.xml",
                ],
            ),
            (
                "/article/putin-assad-summit-moscow",
                vec![
                    "https://khabar.example/feed.xml",
                    "https://khabar.example/section/news/feed.xml",
                ],
            ),
        ] {
            let html = render_page(path);
            let links = alternate_links(&html);
            assert_eq!(links.len(), expected.len(), "{path}: {links:?}");
            for href in expected {
                let link = links
                    .iter()
                    .find(|tag| tag.contains(&format!(r#"href="{href}""#)))
                    .unwrap_or_else(|| panic!("{path}: no link to {href} in {links:?}"));
                assert!(link.contains(r#"type="application/atom+xml""#), "{link}");
                assert!(link.contains("title="), "{link}");
            }
        }
    }

    /// Guards against the embedded data and the markup disagreeing, or text from content
    /// closing the data block.
    #[test]
    fn the_data_block_is_the_page_it_was_rendered_from() {
        let html = render_page("/section/news");
        let start = html.find("id=\"khabar-data\">").unwrap() + "id=\"khabar-data\">".len();
        let end = start + html[start..].find("</script>").unwrap();
        let data: PageData = serde_json::from_str(&html[start..end]).unwrap();
        assert_eq!(data.path, "/section/news");
        let listing = data.listing("sections/news.json").unwrap();
        for item in &listing.items {
            assert!(
                html.contains(&item.headline),
                "{} is not on the page",
                item.slug
            );
        }
    }

    /// Guards against builds that differ from run to run (the time of day in "منذ ساعتين", the
    /// order of files), which would make every deployment upload every page.
    #[test]
    fn rendering_is_deterministic() {
        assert_eq!(render_page("/"), render_page("/"));
        assert!(!render_page("/").contains("منذ"));
    }

    /// Guards against a not-found page that leads nowhere for readers without JavaScript.
    #[test]
    fn the_not_found_page_lists_the_latest_articles() {
        let html = render_page("/404");
        assert!(html.contains("الصفحة غير موجودة"));
        assert!(html.contains("أحدث المقالات"));
        assert!(html.contains("noindex"));
    }

    #[test]
    fn the_last_html_attribute_of_a_name_wins() {
        assert_eq!(
            dedupe_html_attributes(
                r#"<!doctype html><html lang="ar" dir="rtl" lang="en" dir="ltr"><head>"#
            ),
            r#"<!doctype html><html lang="en" dir="ltr"><head>"#
        );
    }

    /// Guards against publishing canonical links to a default address nobody serves.
    #[test]
    fn a_site_without_a_public_address_is_not_prerendered() {
        let dist = std::env::temp_dir().join(format!("khabar-prerender-{}", std::process::id()));
        let api = dist.join("api");
        fs::create_dir_all(&api).unwrap();
        fs::copy(repository().join("index.html"), dist.join("shell.html")).unwrap();
        fs::write(api.join("site.json"), r#"{"name":"خبر","sections":[]}"#).unwrap();
        let result = prerender(&dist);
        let _ = fs::remove_dir_all(&dist);
        assert!(
            matches!(result, Err(PrerenderError::NoSiteUrl)),
            "{result:?}"
        );
    }

    /// Guards against content closing the JSON block and injecting markup into the page.
    #[test]
    fn text_from_content_cannot_close_the_block() {
        let data = PageData {
            path: "/".into(),
            site: Site {
                name: "</script><script>alert(1)</script>".into(),
                description: String::new(),
                url: String::new(),
                lang: "ar".into(),
                sections: vec![],
            },
            content: PageContent::NotFound {
                latest: Listing {
                    page: 1,
                    pages: 1,
                    items: vec![],
                    next: None,
                    topic: None,
                    writer: None,
                },
            },
        };
        let text = script_text(&data);
        assert!(!text.contains('<'), "{text}");
        assert_eq!(serde_json::from_str::<PageData>(&text).ok(), Some(data));
    }

    /// Guards against hydration markers that validators refuse (`<!>`, a bogus comment), and
    /// against rewriting one inside an attribute's value, a comment or escaped text.
    #[test]
    fn hydration_markers_are_written_as_empty_comments_and_nothing_else_changes() {
        let html = r#"<body><!><div id="top" title="قال: <!> ثم <b>"><p>نص &lt;!&gt;</p><!--<!>--><!></div></body>"#;
        assert_eq!(
            empty_comments(html),
            r#"<body><!----><div id="top" title="قال: <!> ثم <b>"><p>نص &lt;!&gt;</p><!--<!>--><!----></div></body>"#
        );
        assert_eq!(empty_comments("<a href='<!>'>x</a>"), "<a href='<!>'>x</a>");
        assert_eq!(empty_comments("no tags <!"), "no tags <!");
        let page = render_page("/");
        assert!(!page.contains("<!>"), "a marker left in the home page");
        assert!(page.contains("<!---->"));
    }
}
