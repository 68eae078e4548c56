//! What `make publish` gives feed readers and search engines: the Atom feeds, the sitemaps and
//! robots.txt, read back with a real XML parser and checked against the content.

use khabar_content::{
    derive, feeds,
    files::{build, Layout},
    public_url::PublicUrl,
    sitemaps, ArticleSource, Corpus, Derived,
};
use khabar_model::{datetime, Article, Site};
use quick_xml::{events::Event, Reader};
use std::path::PathBuf;

/// An element of a parsed document: its name, attributes, text and children.
#[derive(Debug, Default)]
struct Node {
    name: String,
    attributes: Vec<(String, String)>,
    text: String,
    children: Vec<Node>,
}

impl Node {
    fn attribute(&self, name: &str) -> Option<&str> {
        self.attributes
            .iter()
            .find(|(n, _)| n == name)
            .map(|(_, v)| v.as_str())
    }

    fn all<'a>(&'a self, name: &'a str) -> impl Iterator<Item = &'a Node> + 'a {
        self.children.iter().filter(move |c| c.name == name)
    }

    fn one<'a>(&'a self, name: &'a str) -> &'a Node {
        let found: Vec<&Node> = self.all(name).collect();
        assert_eq!(
            found.len(),
            1,
            "<{}> has {} <{name}>",
            self.name,
            found.len()
        );
        found[0]
    }
}

/// Parses an XML document (entities resolved, as any feed reader does) into its root element.
/// Panics on malformed XML: that is the failure the tests look for.
fn parse(xml: &str) -> Node {
    let mut reader = Reader::from_str(xml);
    let mut stack = vec![Node::default()];
    loop {
        match reader.read_event().unwrap() {
            Event::Start(e) => stack.push(element(&e)),
            Event::Empty(e) => {
                let node = element(&e);
                stack.last_mut().unwrap().children.push(node);
            }
            Event::End(_) => {
                let node = stack.pop().unwrap();
                stack.last_mut().unwrap().children.push(node);
            }
            Event::Text(t) => stack.last_mut().unwrap().text += &t.xml10_content(),
            Event::GeneralRef(r) => {
                let name = r.xml10_content().into_owned();
                let text = quick_xml::escape::resolve_predefined_entity(&name)
                    .map(str::to_owned)
                    .or_else(|| r.resolve_char_ref().unwrap().map(String::from))
                    .unwrap_or_else(|| panic!("unknown entity &{name};"));
                stack.last_mut().unwrap().text += &text;
            }
            Event::CData(c) => stack.last_mut().unwrap().text += &c.into_inner(),
            Event::Eof => break,
            _ => {}
        }
    }
    assert_eq!(stack.len(), 1, "unclosed elements");
    let mut document = stack.pop().unwrap();
    assert_eq!(document.children.len(), 1, "one root element");
    document.children.pop().unwrap()
}

fn element(e: &quick_xml::events::BytesStart) -> Node {
    Node {
        name: e.name().as_ref().to_owned(),
        attributes: e
            .attributes()
            .map(|a| {
                let a = a.unwrap();
                let value = a
                    .normalized_value(quick_xml::XmlVersion::Implicit1_0)
                    .unwrap()
                    .into_owned();
                (a.key.as_ref().to_owned(), value)
            })
            .collect(),
        ..Node::default()
    }
}

fn repository() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../..")
}

fn sample() -> Derived {
    build(&Layout { root: repository() }).unwrap()
}

fn public(site: &Site) -> PublicUrl {
    PublicUrl::new(&site.url, "/")
}

fn file<'a>(files: &'a [(String, String)], name: &str) -> &'a str {
    &files.iter().find(|(n, _)| n == name).unwrap().1
}

/// A site of `n` articles, one a day back from 2026-11-20 10:00 +03:00, the first with the
/// given headline and paragraph.
fn corpus(n: usize, headline: &str, paragraph: serde_json::Value) -> Derived {
    let site: Site = serde_json::from_value(serde_json::json!({
        "name": "خبر & شركاه", "url": "https://khabar.example", "description": "أخبار",
        "sections": [{"slug": "news", "name": "الأخبار"}, {"slug": "science", "name": "علوم"}]
    }))
    .unwrap();
    let articles = (0..n)
        .map(|i| {
            let day = 20 - i;
            let source: ArticleSource = serde_json::from_value(serde_json::json!({
                "slug": format!("a-{i}"),
                "section": if i % 2 == 0 { "news" } else { "science" },
                "headline": if i == 0 { headline.to_owned() } else { format!("خبر {i}") },
                "summary": "ملخص",
                "published": format!("2026-11-{day:02}T10:00+03:00"),
                "authors": [{"name": "ليلى"}],
                "body": [{"type": "paragraph", "text": if i == 0 { paragraph.clone() } else { "نص".into() }}]
            }))
            .unwrap();
            (format!("a-{i}.json"), source)
        })
        .collect();
    derive(&Corpus::new(site, articles))
}

/// Guards against a feed that readers reject or that misstates the articles: wrong count or
/// order, relative links, dates without their offset, no author or category, no full text.
#[test]
fn the_site_feed_lists_the_latest_articles_with_absolute_links_and_offsets() {
    let derived = sample();
    let public = public(&derived.site);
    let files = feeds::feeds(&derived.site, &public, &derived.articles);
    let feed = parse(file(&files, "feed.xml"));
    assert_eq!(feed.name, "feed");
    assert_eq!(feed.attribute("xmlns"), Some("http://www.w3.org/2005/Atom"));
    assert_eq!(feed.attribute("xml:lang"), Some("ar"));
    assert_eq!(feed.one("id").text, "https://khabar.example/feed.xml");
    let self_link = feed
        .all("link")
        .find(|l| l.attribute("rel") == Some("self"))
        .unwrap();
    assert_eq!(
        self_link.attribute("href"),
        Some("https://khabar.example/feed.xml")
    );
    let entries: Vec<&Node> = feed.all("entry").collect();
    assert_eq!(entries.len(), derived.articles.len().min(feeds::FEED_LEN));
    for (entry, article) in entries.iter().zip(&derived.articles) {
        let url = format!("https://khabar.example/article/{}", article.slug);
        assert_eq!(entry.one("title").text, article.headline);
        assert_eq!(entry.one("id").text, url);
        assert_eq!(entry.one("link").attribute("href"), Some(url.as_str()));
        let published = &entry.one("published").text;
        assert_eq!(
            datetime::parse(published).unwrap(),
            datetime::parse(&article.published).unwrap(),
            "{published} is not {}",
            article.published
        );
        assert!(datetime::parse(&entry.one("updated").text).is_ok());
        assert!(entry.all("author").all(|a| !a.one("name").text.is_empty()));
        assert!(entry.all("author").next().is_some());
        // The section first, then the article's topics, each with its page.
        let categories: Vec<&str> = entry
            .all("category")
            .filter_map(|c| c.attribute("term"))
            .collect();
        let mut expected = vec![article.section.slug.as_str()];
        expected.extend(article.topics.iter().map(|t| t.slug.as_str()));
        assert_eq!(categories, expected);
        assert_eq!(entry.one("summary").text, article.summary);
        let content = entry.one("content");
        assert_eq!(content.attribute("type"), Some("html"));
        assert!(content.text.starts_with("<p>") || content.text.starts_with("<figure>"));
    }
}

/// Guards against a section feed that carries other sections' articles or misses its own.
#[test]
fn each_section_feed_holds_that_sections_articles() {
    let derived = sample();
    let files = feeds::feeds(&derived.site, &public(&derived.site), &derived.articles);
    assert_eq!(files.len(), 1 + derived.site.sections.len());
    for section in &derived.site.sections {
        let feed = parse(file(&files, &format!("section/{}/feed.xml", section.slug)));
        let expected: Vec<String> = derived
            .articles
            .iter()
            .filter(|a| a.section.slug == section.slug)
            .take(feeds::FEED_LEN)
            .map(|a| format!("https://khabar.example/article/{}", a.slug))
            .collect();
        let ids: Vec<String> = feed
            .all("entry")
            .map(|e| e.one("id").text.clone())
            .collect();
        assert_eq!(ids, expected, "{}", section.slug);
    }
}

/// Guards against hostile text in a headline or body becoming markup in a feed reader: the
/// headline must come back as the same text, and the body's HTML must hold the text escaped and
/// no link that the app would refuse.
#[test]
fn hostile_text_stays_text_in_the_feed() {
    let headline = "</title><script>alert(1)</script> & \"عاجل\" ]]>";
    let derived = corpus(
        3,
        headline,
        serde_json::json!([
            "<img src=x onerror=alert(1)> ",
            {"text": "رابط", "href": "javascript:alert(1)"},
            {"text": " آمن", "href": "https://example.org/?a=1&b=<2>"}
        ]),
    );
    let files = feeds::feeds(&derived.site, &public(&derived.site), &derived.articles);
    let feed = parse(file(&files, "feed.xml"));
    assert_eq!(feed.one("title").text, "خبر & شركاه");
    let entry = feed.all("entry").next().unwrap();
    assert_eq!(entry.one("title").text, headline);
    let html = &entry.one("content").text;
    assert!(
        html.contains("&lt;img src=x onerror=alert(1)&gt;"),
        "{html}"
    );
    assert!(!html.contains("<img"), "{html}");
    assert!(!html.contains("javascript:"), "{html}");
    assert!(
        html.contains("<a href=\"https://example.org/?a=1&amp;b=&lt;2&gt;\">"),
        "{html}"
    );
}

/// Guards against a sitemap that misses pages, gives relative or offset-less addresses, or
/// breaks the protocol's 50,000-address limit instead of becoming an index.
#[test]
fn the_sitemap_lists_every_page_with_its_last_change() {
    let derived = sample();
    let public = public(&derived.site);
    let files = sitemaps::sitemaps(
        &derived.site,
        &public,
        &derived.articles,
        sitemaps::MAX_URLS,
    );
    assert_eq!(files.len(), 1);
    let urlset = parse(file(&files, "sitemap.xml"));
    assert_eq!(urlset.name, "urlset");
    let urls: Vec<&Node> = urlset.all("url").collect();
    assert_eq!(
        urls.len(),
        1 + derived.site.sections.len() + derived.articles.len()
    );
    assert_eq!(urls[0].one("loc").text, "https://khabar.example/");
    for article in &derived.articles {
        let loc = format!("https://khabar.example/article/{}", article.slug);
        let url = urls.iter().find(|u| u.one("loc").text == loc).unwrap();
        let lastmod = &url.one("lastmod").text;
        let expected = article.updated.as_deref().unwrap_or(&article.published);
        assert_eq!(
            datetime::parse(lastmod).unwrap(),
            datetime::parse(expected).unwrap()
        );
    }
    for url in &urls {
        assert!(url.one("loc").text.starts_with("https://khabar.example/"));
    }
}

/// Guards against a large site's sitemap being refused by search engines: past the limit it is
/// an index of files that each stay within it and together list every address once.
#[test]
fn a_sitemap_past_the_limit_becomes_an_index() {
    let derived = corpus(9, "عنوان", "نص".into());
    let public = public(&derived.site);
    let files = sitemaps::sitemaps(&derived.site, &public, &derived.articles, 5);
    let index = parse(file(&files, "sitemap.xml"));
    assert_eq!(index.name, "sitemapindex");
    let parts: Vec<String> = index
        .all("sitemap")
        .map(|s| s.one("loc").text.clone())
        .collect();
    // 1 home + 2 sections + 9 articles = 12 addresses: three files of at most 5.
    assert_eq!(parts.len(), 3);
    let mut all = Vec::new();
    for (i, loc) in parts.iter().enumerate() {
        let name = format!("sitemap-{}.xml", i + 1);
        assert_eq!(loc, &format!("https://khabar.example/{name}"));
        let urlset = parse(file(&files, &name));
        let urls: Vec<String> = urlset
            .all("url")
            .map(|u| u.one("loc").text.clone())
            .collect();
        assert!(urls.len() <= 5);
        all.extend(urls);
    }
    let unique: std::collections::BTreeSet<&String> = all.iter().collect();
    assert_eq!((all.len(), unique.len()), (12, 12));
}

/// Guards against a Google News sitemap with old articles (refused), without the publication's
/// name and language, or with a headline that breaks the XML.
#[test]
fn the_news_sitemap_holds_the_last_two_days() {
    let headline = "<b>عاجل</b> & \"خبر\"";
    let derived = corpus(5, headline, "نص".into());
    let public = public(&derived.site);
    // The articles are of the 20th, 19th, 18th… at 10:00 +03:00: on the 21st at 09:00, those of
    // the 20th and the 19th are 23 and 47 hours old, the 18th's 71.
    let now = datetime::parse("2026-11-21T09:00:00+03:00")
        .unwrap()
        .epoch_ms;
    let urlset = parse(&sitemaps::news_sitemap(
        &derived.site,
        &public,
        &derived.articles,
        now,
    ));
    assert_eq!(
        urlset.attribute("xmlns:news"),
        Some("http://www.google.com/schemas/sitemap-news/0.9")
    );
    let urls: Vec<&Node> = urlset.all("url").collect();
    let locs: Vec<&str> = urls.iter().map(|u| u.one("loc").text.as_str()).collect();
    assert_eq!(
        locs,
        [
            "https://khabar.example/article/a-0",
            "https://khabar.example/article/a-1"
        ]
    );
    let news = urls[0].one("news:news");
    let publication = news.one("news:publication");
    assert_eq!(publication.one("news:name").text, "خبر & شركاه");
    assert_eq!(publication.one("news:language").text, "ar");
    assert_eq!(news.one("news:title").text, headline);
    assert_eq!(
        news.one("news:publication_date").text,
        "2026-11-20T10:00:00+03:00"
    );
}

/// Guards against crawlers not finding the sitemaps.
#[test]
fn robots_txt_names_both_sitemaps() {
    let robots = sitemaps::robots(&PublicUrl::new("https://khabar.example", "/news/"));
    assert!(robots.contains("Sitemap: https://khabar.example/news/sitemap.xml\n"));
    assert!(robots.contains("Sitemap: https://khabar.example/news/news-sitemap.xml\n"));
}

/// Guards against a topic or writer feed that misses its articles or points elsewhere, and a
/// sitemap without the topic and writer pages search engines should find.
#[test]
fn every_topic_and_writer_has_a_feed_and_a_sitemap_entry() {
    let derived = khabar_content::files::build(&khabar_content::files::Layout {
        root: std::path::PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../.."),
    })
    .expect("the sample content");
    let public = public(&derived.site);
    let files = feeds::collection_feeds(
        &derived.site,
        &public,
        &derived.topics,
        &derived.writers,
        &derived.articles,
    );
    assert_eq!(files.len(), derived.topics.len() + derived.writers.len());
    let syria = parse(file(&files, "topic/syria/feed.xml"));
    assert_eq!(
        syria.one("id").text,
        "https://khabar.example/topic/syria/feed.xml"
    );
    let alternate = syria
        .all("link")
        .find(|l| l.attribute("rel") == Some("alternate"))
        .unwrap();
    assert_eq!(
        alternate.attribute("href"),
        Some("https://khabar.example/topic/syria")
    );
    let entries: Vec<&Node> = syria.all("entry").collect();
    assert_eq!(entries.len(), 1);
    assert_eq!(
        entries[0].one("id").text,
        "https://khabar.example/article/putin-assad-summit-moscow"
    );
    let team = parse(file(&files, "author/khabar-team/feed.xml"));
    let written: Vec<&Article> = derived
        .articles
        .iter()
        .filter(|a| {
            a.authors
                .iter()
                .any(|w| w.slug.as_deref() == Some("khabar-team"))
        })
        .collect();
    assert!(written.len() > 1);
    let entries: Vec<&Node> = team.all("entry").collect();
    assert_eq!(entries.len(), written.len());
    for (entry, article) in entries.iter().zip(&written) {
        assert!(entry
            .one("id")
            .text
            .ends_with(&format!("/article/{}", article.slug)));
        let author = entry.one("author");
        assert_eq!(
            author.one("uri").text,
            "https://khabar.example/author/khabar-team"
        );
    }

    let pages: Vec<(String, Option<&Article>)> =
        feeds::collections(&derived.topics, &derived.writers, &derived.articles)
            .into_iter()
            .map(|(page, _, articles)| (page, articles.first().copied()))
            .collect();
    let sitemap =
        sitemaps::sitemaps_with(&derived.site, &public, &derived.articles, &pages, 50_000);
    let urlset = parse(file(&sitemap, "sitemap.xml"));
    let locs: Vec<String> = urlset
        .all("url")
        .map(|u| u.one("loc").text.clone())
        .collect();
    for topic in &derived.topics {
        assert!(
            locs.contains(&format!("https://khabar.example/topic/{}", topic.slug)),
            "{}",
            topic.slug
        );
    }
    for writer in &derived.writers {
        assert!(
            locs.contains(&format!("https://khabar.example/author/{}", writer.slug)),
            "{}",
            writer.slug
        );
    }
}
