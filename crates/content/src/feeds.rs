//! Atom feeds (RFC 4287) for feed readers and aggregators: `feed.xml` (the latest articles of the
//! site) and `section/<slug>/feed.xml`, each entry with the article's full text as HTML built
//! from its typed blocks, every text escaped.

use crate::public_url::PublicUrl;
use atom_syndication::{
    Category, Content, Entry, Feed, FixedDateTime, Link, Person, Text, WriteConfig,
};
use khabar_model::{
    datetime, links, section_feed, topic_feed, writer_feed, Article, Block, Inline, Site, Span,
    Topic, Writer, SITE_FEED,
};
use std::collections::HashMap;

/// How many articles a feed carries, newest first.
pub const FEED_LEN: usize = 50;

/// A feed as the articles' metadata gives it: everything its XML is made from but the
/// articles' text. A publish makes a feed again only when one of these, or an entry's text,
/// changed.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct FeedSpec {
    /// Its address, relative to the site's root.
    pub path: String,
    /// Its title.
    pub title: String,
    /// The HTML page it mirrors, relative.
    pub page: String,
    /// Its entries: positions in `newest_first`, newest first, at most [`FEED_LEN`].
    pub entries: Vec<usize>,
}

/// Every feed of the site ([`feeds`] and [`collection_feeds`], in that order) as the
/// articles' metadata gives it. `newest_first` is every article, newest first.
pub fn feed_specs(
    site: &Site,
    topics: &[Topic],
    writers: &[Writer],
    newest_first: &[Article],
) -> Vec<FeedSpec> {
    let mut specs = site_feed_specs(site, newest_first);
    specs.extend(collection_feed_specs(site, topics, writers, newest_first));
    specs
}

/// The site's feed and one per section.
fn site_feed_specs(site: &Site, newest_first: &[Article]) -> Vec<FeedSpec> {
    let mut specs = vec![FeedSpec {
        path: SITE_FEED.to_owned(),
        title: site.name.clone(),
        page: String::new(),
        entries: (0..newest_first.len().min(FEED_LEN)).collect(),
    }];
    for section in &site.sections {
        specs.push(FeedSpec {
            path: section_feed(&section.slug),
            title: format!("{} — {}", section.name, site.name),
            page: format!("section/{}", section.slug),
            entries: newest_first
                .iter()
                .enumerate()
                .filter(|(_, a)| a.section.slug == section.slug)
                .take(FEED_LEN)
                .map(|(i, _)| i)
                .collect(),
        });
    }
    specs
}

/// One per topic and one per writer.
fn collection_feed_specs(
    site: &Site,
    topics: &[Topic],
    writers: &[Writer],
    newest_first: &[Article],
) -> Vec<FeedSpec> {
    let position: HashMap<&str, usize> = newest_first
        .iter()
        .enumerate()
        .map(|(i, article)| (article.slug.as_str(), i))
        .collect();
    collections(topics, writers, newest_first)
        .into_iter()
        .map(|(page, name, articles)| {
            let path = match page.split_once('/') {
                Some(("topic", slug)) => topic_feed(slug),
                Some((_, slug)) => writer_feed(slug),
                None => format!("{page}/feed.xml"),
            };
            FeedSpec {
                path,
                title: format!("{name} — {}", site.name),
                page,
                entries: articles
                    .into_iter()
                    .take(FEED_LEN)
                    .filter_map(|article| position.get(article.slug.as_str()).copied())
                    .collect(),
            }
        })
        .collect()
}

/// The feed `spec` describes, its entries taken from `newest_first` (with their text).
pub fn render(
    site: &Site,
    public: &PublicUrl,
    spec: &FeedSpec,
    newest_first: &[Article],
) -> String {
    let articles = spec.entries.iter().filter_map(|&i| newest_first.get(i));
    feed(site, public, &spec.title, &spec.page, &spec.path, articles)
}

/// Every feed of the site, by path relative to its root: the site's and one per section.
/// `newest_first` is every article, newest first.
pub fn feeds(site: &Site, public: &PublicUrl, newest_first: &[Article]) -> Vec<(String, String)> {
    site_feed_specs(site, newest_first)
        .iter()
        .map(|spec| (spec.path.clone(), render(site, public, spec, newest_first)))
        .collect()
}

/// The articles of each topic and of each writer, newest first, by page path (`topic/<slug>`,
/// `author/<slug>`): what their feeds, pages and sitemap entries are made from. One pass over
/// the articles, so a site of thousands of topics costs no more than its articles' tags.
pub fn collections<'a>(
    topics: &[Topic],
    writers: &[Writer],
    newest_first: &'a [Article],
) -> Vec<(String, String, Vec<&'a Article>)> {
    let mut by_topic: HashMap<&str, Vec<&Article>> = HashMap::new();
    let mut by_writer: HashMap<&str, Vec<&Article>> = HashMap::new();
    for article in newest_first {
        for topic in &article.topics {
            by_topic
                .entry(topic.slug.as_str())
                .or_default()
                .push(article);
        }
        for slug in article.authors.iter().filter_map(|a| a.slug.as_deref()) {
            let listed = by_writer.entry(slug).or_default();
            if listed.last().is_none_or(|last| last.slug != article.slug) {
                listed.push(article);
            }
        }
    }
    let topics = topics.iter().map(|topic| {
        (
            format!("topic/{}", topic.slug),
            topic.name.clone(),
            by_topic.remove(topic.slug.as_str()).unwrap_or_default(),
        )
    });
    let writers = writers.iter().map(|writer| {
        (
            format!("author/{}", writer.slug),
            writer.name.clone(),
            by_writer.remove(writer.slug.as_str()).unwrap_or_default(),
        )
    });
    topics.chain(writers).collect()
}

/// The feeds of every topic (`topic/<slug>/feed.xml`) and every writer (`author/<slug>/feed.xml`):
/// their latest [`FEED_LEN`] articles.
pub fn collection_feeds(
    site: &Site,
    public: &PublicUrl,
    topics: &[Topic],
    writers: &[Writer],
    newest_first: &[Article],
) -> Vec<(String, String)> {
    collection_feed_specs(site, topics, writers, newest_first)
        .iter()
        .map(|spec| (spec.path.clone(), render(site, public, spec, newest_first)))
        .collect()
}

/// One feed: `page` is the HTML page it mirrors, `path` its own address (both relative).
fn feed<'a>(
    site: &Site,
    public: &PublicUrl,
    title: &str,
    page: &str,
    path: &str,
    articles: impl Iterator<Item = &'a Article>,
) -> String {
    let entries: Vec<Entry> = articles.map(|a| entry(site, public, a)).collect();
    // The feed changes when its newest change does: never the time of publishing, so an
    // unchanged site publishes unchanged feeds.
    let updated = entries.iter().map(|e| e.updated).max().unwrap_or_default();
    let feed = Feed {
        title: Text::plain(title),
        id: public.page(path),
        updated,
        authors: vec![person(&site.name)],
        links: vec![
            link(public.page(page), "alternate", "text/html"),
            link(public.page(path), "self", "application/atom+xml"),
        ],
        subtitle: (!site.description.is_empty()).then(|| Text::plain(&site.description)),
        lang: Some(site.lang.clone()),
        entries,
        ..Feed::default()
    };
    let config = WriteConfig {
        write_document_declaration: true,
        indent_size: None,
    };
    let bytes = feed
        .write_with_config(Vec::new(), config)
        .unwrap_or_default();
    let mut xml = String::from_utf8(bytes).unwrap_or_default();
    xml.push('\n');
    xml
}

fn entry(site: &Site, public: &PublicUrl, article: &Article) -> Entry {
    let url = public.page(&format!("article/{}", article.slug));
    let published = timestamp(&article.published);
    let updated = article
        .updated
        .as_deref()
        .and_then(timestamp)
        .or(published)
        .unwrap_or_default();
    let authors = if article.authors.is_empty() {
        vec![person(&site.name)]
    } else {
        article
            .authors
            .iter()
            .map(|a| Person {
                name: a.name.clone(),
                // A declared writer's page; else the profile the content names.
                uri: match a.slug.as_deref() {
                    Some(slug) => Some(public.page(&format!("author/{slug}"))),
                    None => a.url.as_deref().and_then(links::safe_href).map(|href| {
                        if href.starts_with('/') {
                            public.page(href.trim_start_matches('/'))
                        } else {
                            href.to_owned()
                        }
                    }),
                },
                ..Person::default()
            })
            .collect()
    };
    let mut summary = Text::plain(&article.summary);
    summary.lang = Some(article.lang.clone());
    Entry {
        title: Text::plain(&article.headline),
        id: url.clone(),
        updated,
        published,
        authors,
        categories: std::iter::once(Category {
            term: article.section.slug.clone(),
            scheme: Some(public.page(&format!("section/{}", article.section.slug))),
            label: Some(article.section.name.clone()),
        })
        .chain(article.topics.iter().map(|topic| Category {
            term: topic.slug.clone(),
            scheme: Some(public.page(&format!("topic/{}", topic.slug))),
            label: Some(topic.name.clone()),
        }))
        .collect(),
        links: vec![link(url, "alternate", "text/html")],
        summary: Some(summary),
        content: Some(Content {
            value: Some(body_html(article, public)),
            content_type: Some("html".to_owned()),
            lang: Some(article.lang.clone()),
            ..Content::default()
        }),
        ..Entry::default()
    }
}

fn person(name: &str) -> Person {
    Person {
        name: name.to_owned(),
        ..Person::default()
    }
}

fn link(href: String, rel: &str, mime_type: &str) -> Link {
    Link {
        href,
        rel: rel.to_owned(),
        mime_type: Some(mime_type.to_owned()),
        ..Link::default()
    }
}

/// A content timestamp (`2026-11-20T09:30+03:00`, seconds optional) with its own offset kept.
fn timestamp(value: &str) -> Option<FixedDateTime> {
    let w3c = w3c_datetime(value)?;
    FixedDateTime::parse_from_rfc3339(&w3c).ok()
}

/// A content timestamp in the W3C/RFC 3339 form with seconds (`2026-11-20T09:30:00+03:00`),
/// which sitemaps and feeds require; `None` when it is not a valid content timestamp.
pub fn w3c_datetime(value: &str) -> Option<String> {
    datetime::parse(value).ok()?;
    let (date, time) = value.split_once('T')?;
    let zone_at = time.find(['Z', '+', '-'])?;
    let (clock, zone) = time.split_at(zone_at);
    let clock = if clock.len() == "HH:MM".len() {
        format!("{clock}:00")
    } else {
        clock.to_owned()
    };
    Some(format!("{date}T{clock}{zone}"))
}

/// The article's text as HTML for feed readers: the typed blocks as elements, every text from
/// content escaped, only the links the app itself would make.
pub fn body_html(article: &Article, public: &PublicUrl) -> String {
    let mut html = String::new();
    if let Some(subtitle) = &article.subtitle {
        html.push_str(&format!("<p><strong>{}</strong></p>", escape(subtitle)));
    }
    if let Some(image) = &article.image {
        figure(&mut html, image, public);
    }
    for block in &article.body {
        match block {
            Block::Paragraph { text } => {
                html.push_str("<p>");
                inline(&mut html, text, public);
                html.push_str("</p>");
            }
            Block::Heading { text } => html.push_str(&format!("<h2>{}</h2>", escape(text))),
            Block::List { ordered, items } => {
                let tag = if *ordered { "ol" } else { "ul" };
                html.push_str(&format!("<{tag}>"));
                for item in items {
                    html.push_str("<li>");
                    inline(&mut html, item, public);
                    html.push_str("</li>");
                }
                html.push_str(&format!("</{tag}>"));
            }
            Block::Quote { text, source } => {
                html.push_str("<blockquote><p>");
                inline(&mut html, text, public);
                html.push_str("</p>");
                if let Some(source) = source {
                    html.push_str(&format!("<footer>— {}</footer>", escape(source)));
                }
                html.push_str("</blockquote>");
            }
            Block::Figure { image } => figure(&mut html, image, public),
        }
    }
    html
}

fn figure(html: &mut String, image: &khabar_model::Image, public: &PublicUrl) {
    let Some(src) = links::safe_image_src(&image.src) else {
        return;
    };
    let src = if links::is_site_image(src) {
        public.page(src)
    } else {
        src.to_owned()
    };
    html.push_str(&format!(
        "<figure><img src=\"{}\" alt=\"{}\" width=\"{}\" height=\"{}\">",
        escape(&src),
        escape(&image.alt),
        image.width,
        image.height
    ));
    let caption: Vec<&str> = [image.caption.as_deref(), image.credit.as_deref()]
        .into_iter()
        .flatten()
        .collect();
    if !caption.is_empty() {
        html.push_str(&format!(
            "<figcaption>{}</figcaption>",
            escape(&caption.join(" — "))
        ));
    }
    html.push_str("</figure>");
}

fn inline(html: &mut String, text: &Inline, public: &PublicUrl) {
    for span in text.spans() {
        match span {
            Span::Text(text) => html.push_str(&escape(&text)),
            Span::Styled {
                text,
                href,
                emphasis,
                strong,
            } => {
                let mut open = String::new();
                let mut close = String::new();
                if let Some(href) = href.as_deref().and_then(links::safe_href) {
                    let href = if href.starts_with('/') {
                        public.page(href.trim_start_matches('/'))
                    } else {
                        href.to_owned()
                    };
                    open.push_str(&format!("<a href=\"{}\">", escape(&href)));
                    close.insert_str(0, "</a>");
                }
                if strong {
                    open.push_str("<strong>");
                    close.insert_str(0, "</strong>");
                }
                if emphasis {
                    open.push_str("<em>");
                    close.insert_str(0, "</em>");
                }
                html.push_str(&open);
                html.push_str(&escape(&text));
                html.push_str(&close);
            }
        }
    }
}

/// Text as HTML text or attribute value.
fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            c => out.push(c),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn timestamps_without_seconds_get_them() {
        assert_eq!(
            w3c_datetime("2026-11-20T09:30+03:00").as_deref(),
            Some("2026-11-20T09:30:00+03:00")
        );
        assert_eq!(
            w3c_datetime("2026-11-20T09:30:05Z").as_deref(),
            Some("2026-11-20T09:30:05Z")
        );
        assert_eq!(w3c_datetime("2026-11-20"), None);
    }
}
