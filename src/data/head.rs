//! A page's head: its title, `<html lang dir>`, and its `<meta>`, `<link>` and JSON-LD tags.
//!
//! A page describes its head as data ([`Head`]) and places it in its view like any other view;
//! `leptos_ext::head` renders it (with leptos_meta on the server, with the DOM in the browser).

use crate::data::config::Config;
use khabar_model::{section_feed, SITE_FEED};

/// One tag of a page's head.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Tag {
    /// `<meta name="…" content="…">`.
    Name(&'static str, String),
    /// `<meta property="…" content="…">` (Open Graph).
    Property(&'static str, String),
    /// `<link rel="canonical" href="…">`.
    Canonical(String),
    /// `<link rel="alternate" type="application/atom+xml" title="…" href="…">`.
    Feed { title: String, href: String },
    /// `<script type="application/ld+json">`, its text already JSON with `<` escaped.
    JsonLd(String),
    /// `<link rel="preload" as="image" type="image/webp" imagesrcset="…" imagesizes="…"
    /// fetchpriority="high">`: the lead photograph's WebP files, fetched with the page.
    Preload { srcset: String, sizes: &'static str },
}

/// A page's head, as data.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Head {
    /// The document's title, in full (see [`page_title`]).
    pub title: String,
    /// `<html lang>` and `<html dir>`.
    pub lang: String,
    pub dir: &'static str,
    pub tags: Vec<Tag>,
}

/// The document title for a page titled `text`: "text — site", or the site's name alone.
pub fn page_title(text: &str, site_name: &str) -> String {
    if text.is_empty() {
        site_name.to_owned()
    } else {
        format!("{text} — {site_name}")
    }
}

impl Head {
    /// A page titled `text` (empty on the home page) in the site's language and direction.
    pub fn new(config: &Config, text: &str) -> Self {
        Head {
            title: page_title(text, &config.site_name),
            lang: config.lang.clone(),
            dir: config.dir.as_str(),
            tags: Vec::new(),
        }
    }

    /// The same head with `tag` added after the others.
    pub fn with(mut self, tag: Tag) -> Self {
        self.tags.push(tag);
        self
    }

    /// A page search engines should not list.
    pub fn noindex(self) -> Self {
        self.with(Tag::Name("robots", "noindex".to_owned()))
    }

    /// The links feed readers find a page's feeds by: the site's and, on a section's or an
    /// article's page, its section's (slug and name).
    pub fn feeds(self, config: &Config, section: Option<(&str, &str)>) -> Self {
        let site = Tag::Feed {
            title: config.site_name.clone(),
            href: config.absolute(&format!("/{SITE_FEED}")),
        };
        let head = self.with(site);
        match section {
            Some((slug, name)) => head.with(Tag::Feed {
                title: format!("{name} — {}", config.site_name),
                href: config.absolute(&format!("/{}", section_feed(slug))),
            }),
            None => head,
        }
    }

    /// The head of a page other than an article (the home page, a section): title, description,
    /// canonical URL and the Open Graph and Twitter basics, so a shared link previews properly.
    pub fn website(config: &Config, title: &str, description: &str, path: &str) -> Self {
        let url = config.absolute(path);
        let og_title = if title.is_empty() {
            config.site_name.clone()
        } else {
            title.to_owned()
        };
        Head::new(config, title)
            .with(Tag::Name("description", description.to_owned()))
            .with(Tag::Canonical(url.clone()))
            .with(Tag::Property("og:type", "website".to_owned()))
            .with(Tag::Property("og:locale", "ar_AR".to_owned()))
            .with(Tag::Property("og:title", og_title.clone()))
            .with(Tag::Property("og:description", description.to_owned()))
            .with(Tag::Property("og:url", url))
            .with(Tag::Name("twitter:card", "summary".to_owned()))
            .with(Tag::Name("twitter:title", og_title))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_page_title_is_followed_by_the_site_name_and_the_home_page_has_the_name_alone() {
        assert_eq!(page_title("قمة في موسكو", "خبر"), "قمة في موسكو — خبر");
        assert_eq!(page_title("", "خبر"), "خبر");
    }

    #[test]
    fn a_head_is_in_the_site_language_unless_told_and_keeps_its_tags_in_order() {
        let config = Config::default();
        let head = Head::new(&config, "بحث")
            .noindex()
            .with(Tag::Canonical("https://example.org/".to_owned()));
        assert_eq!(head.lang, config.lang);
        assert_eq!(head.dir, config.dir.as_str());
        assert_eq!(
            head.tags,
            vec![
                Tag::Name("robots", "noindex".to_owned()),
                Tag::Canonical("https://example.org/".to_owned())
            ]
        );
    }
}
