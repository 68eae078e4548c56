//! What search engines read: `sitemap.xml` (home, sections, articles, with `lastmod`; a sitemap
//! index over `sitemap-<n>.xml` past the protocol's 50,000 addresses), `news-sitemap.xml` (Google
//! News: the articles of the last 48 hours) and `robots.txt` naming both.

use crate::{feeds::w3c_datetime, public_url::PublicUrl};
use khabar_model::{datetime, Article, Site};
use quick_xml::{
    events::{BytesDecl, BytesText, Event},
    Writer,
};
use std::io;

/// The most addresses one sitemap file may list (sitemaps.org).
pub const MAX_URLS: usize = 50_000;

/// How far back the news sitemap reaches (Google News: two days).
pub const NEWS_WINDOW_MS: i64 = 48 * 3600 * 1000;

const SITEMAP_NS: &str = "http://www.sitemaps.org/schemas/sitemap/0.9";
const NEWS_NS: &str = "http://www.google.com/schemas/sitemap-news/0.9";

/// `sitemap.xml`, and `sitemap-<n>.xml` when the site has more than `max_urls` addresses (then
/// `sitemap.xml` is their index). `newest_first` is every article, newest first.
pub fn sitemaps(
    site: &Site,
    public: &PublicUrl,
    newest_first: &[Article],
    max_urls: usize,
) -> Vec<(String, String)> {
    sitemaps_with(site, public, newest_first, &[], max_urls)
}

/// [`sitemaps`] with more pages after the sections (topics and writers, by path relative to the
/// site, each with its newest article): see [`crate::feeds::collections`].
pub fn sitemaps_with(
    site: &Site,
    public: &PublicUrl,
    newest_first: &[Article],
    pages: &[(String, Option<&Article>)],
    max_urls: usize,
) -> Vec<(String, String)> {
    let lastmod =
        |article: &Article| w3c_datetime(article.updated.as_deref().unwrap_or(&article.published));
    let mut urls: Vec<(String, Option<String>)> = Vec::with_capacity(newest_first.len() + 8);
    urls.push((public.page(""), newest_first.first().and_then(lastmod)));
    for section in &site.sections {
        let newest = newest_first.iter().find(|a| a.section.slug == section.slug);
        urls.push((
            public.page(&format!("section/{}", section.slug)),
            newest.and_then(lastmod),
        ));
    }
    for (page, newest) in pages {
        urls.push((public.page(page), newest.and_then(lastmod)));
    }
    for article in newest_first {
        urls.push((
            public.page(&format!("article/{}", article.slug)),
            lastmod(article),
        ));
    }
    let max_urls = max_urls.max(1);
    if urls.len() <= max_urls {
        return vec![("sitemap.xml".to_owned(), urlset(&urls))];
    }
    let mut files: Vec<(String, String)> = urls
        .chunks(max_urls)
        .enumerate()
        .map(|(i, chunk)| (format!("sitemap-{}.xml", i + 1), urlset(chunk)))
        .collect();
    let index = document(|w| {
        w.create_element("sitemapindex")
            .with_attribute(("xmlns", SITEMAP_NS))
            .write_inner_content(|w| {
                for ((name, _), chunk) in files.iter().zip(urls.chunks(max_urls)) {
                    let newest = chunk.iter().filter_map(|(_, m)| m.as_deref()).max();
                    w.create_element("sitemap").write_inner_content(|w| {
                        text_element(w, "loc", &public.page(name))?;
                        if let Some(newest) = newest {
                            text_element(w, "lastmod", newest)?;
                        }
                        Ok(())
                    })?;
                }
                Ok(())
            })?;
        Ok(())
    });
    files.insert(0, ("sitemap.xml".to_owned(), index));
    files
}

fn urlset(urls: &[(String, Option<String>)]) -> String {
    document(|w| {
        w.create_element("urlset")
            .with_attribute(("xmlns", SITEMAP_NS))
            .write_inner_content(|w| {
                for (loc, lastmod) in urls {
                    w.create_element("url").write_inner_content(|w| {
                        text_element(w, "loc", loc)?;
                        if let Some(lastmod) = lastmod {
                            text_element(w, "lastmod", lastmod)?;
                        }
                        Ok(())
                    })?;
                }
                Ok(())
            })?;
        Ok(())
    })
}

/// `news-sitemap.xml`: the articles first published in the 48 hours before `now_ms` (milliseconds
/// since 1970), with the site's name as the publication and each article's language.
pub fn news_sitemap(
    site: &Site,
    public: &PublicUrl,
    newest_first: &[Article],
    now_ms: i64,
) -> String {
    let recent = newest_first.iter().filter(|a| {
        datetime::parse(&a.published)
            .is_ok_and(|t| t.epoch_ms <= now_ms && now_ms - t.epoch_ms <= NEWS_WINDOW_MS)
    });
    document(|w| {
        w.create_element("urlset")
            .with_attribute(("xmlns", SITEMAP_NS))
            .with_attribute(("xmlns:news", NEWS_NS))
            .write_inner_content(|w| {
                for article in recent {
                    let Some(published) = w3c_datetime(&article.published) else {
                        continue;
                    };
                    w.create_element("url").write_inner_content(|w| {
                        text_element(w, "loc", &public.page(&format!("article/{}", article.slug)))?;
                        w.create_element("news:news").write_inner_content(|w| {
                            w.create_element("news:publication")
                                .write_inner_content(|w| {
                                    text_element(w, "news:name", &site.name)?;
                                    text_element(w, "news:language", &article.lang)?;
                                    Ok(())
                                })?;
                            text_element(w, "news:publication_date", &published)?;
                            text_element(w, "news:title", &article.headline)?;
                            Ok(())
                        })?;
                        Ok(())
                    })?;
                }
                Ok(())
            })?;
        Ok(())
    })
}

/// `robots.txt`: everything may be crawled; where the sitemaps are.
pub fn robots(public: &PublicUrl) -> String {
    format!(
        "User-agent: *\nAllow: /\n\nSitemap: {}\nSitemap: {}\n",
        public.page("sitemap.xml"),
        public.page("news-sitemap.xml")
    )
}

fn text_element(w: &mut Writer<Vec<u8>>, name: &str, text: &str) -> io::Result<()> {
    w.create_element(name)
        .write_text_content(BytesText::new(text))
        .map(|_| ())
}

/// An XML document written by `body`, with its declaration and a final newline. Writing to memory
/// cannot fail; were it to, the document would be empty and the checks downstream would say so.
fn document(body: impl FnOnce(&mut Writer<Vec<u8>>) -> io::Result<()>) -> String {
    let mut writer = Writer::new_with_indent(Vec::new(), b' ', 1);
    let written = writer
        .write_event(Event::Decl(BytesDecl::new("1.0", Some("UTF-8"), None)))
        .and_then(|()| body(&mut writer));
    if written.is_err() {
        return String::new();
    }
    let mut xml = String::from_utf8(writer.into_inner()).unwrap_or_default();
    xml.push('\n');
    xml
}
