//! Structured data for search engines and link previews (JSON-LD `NewsArticle` and
//! `BreadcrumbList`), built from the content model as plain JSON.

use crate::{
    data::json_writer::{array, string, Object},
    model::{Article, Writer},
};

/// What the structured data needs besides the article: absolute URLs and the publisher.
pub struct PageFacts<'a> {
    /// The article's canonical URL.
    pub url: &'a str,
    /// The lead picture's files, widest first (empty without one).
    pub images: Vec<ImageFact>,
    /// The site's home page URL.
    pub home_url: &'a str,
    /// The section page's URL.
    pub section_url: &'a str,
    /// The site's name (the publisher).
    pub site_name: &'a str,
    /// The publisher's logo, absolute.
    pub logo_url: &'a str,
}

/// One file of the lead picture, as structured data names it.
pub struct ImageFact {
    /// Its absolute URL.
    pub url: String,
    /// Its size in pixels.
    pub width: u32,
    /// Its height in pixels.
    pub height: u32,
    /// Who made the picture, if the article says.
    pub credit: Option<String>,
}

/// schema.org `NewsArticle` for `article`, as the text of a `<script type="application/ld+json">`.
pub fn news_article(article: &Article, facts: &PageFacts<'_>) -> String {
    let mut data = Object::new()
        .text("@context", "https://schema.org")
        .text("@type", "NewsArticle")
        .raw(
            "mainEntityOfPage",
            &Object::new()
                .text("@type", "WebPage")
                .text("@id", facts.url)
                .end(),
        )
        .text("url", facts.url)
        .text("headline", &article.headline)
        .text("description", &article.summary)
        .text("inLanguage", &article.lang)
        .text("articleSection", &article.section.name)
        .text("datePublished", &article.published)
        .text(
            "dateModified",
            article.updated.as_deref().unwrap_or(&article.published),
        )
        .raw("keywords", &array(article.tags.iter().map(|t| string(t))))
        .number("wordCount", article.word_count())
        .raw(
            "publisher",
            &Object::new()
                .text("@type", "NewsMediaOrganization")
                .text("name", facts.site_name)
                .text("url", facts.home_url)
                .raw(
                    "logo",
                    &Object::new()
                        .text("@type", "ImageObject")
                        .text("url", facts.logo_url)
                        .end(),
                )
                .end(),
        );
    if !article.authors.is_empty() {
        let authors = article.authors.iter().map(|a| {
            let person = Object::new().text("@type", "Person").text("name", &a.name);
            match (&a.slug, &a.url) {
                (Some(slug), _) => {
                    let page = format!("{}/author/{slug}", facts.home_url.trim_end_matches('/'));
                    person.text("url", &page).end()
                }
                (None, Some(url)) => person.text("url", url).end(),
                (None, None) => person.end(),
            }
        });
        data = data.raw("author", &array(authors));
    }
    // `ImageObject`s with their sizes: search engines pick the copy that suits them.
    if !facts.images.is_empty() {
        let images = facts.images.iter().map(|image| {
            let object = Object::new()
                .text("@type", "ImageObject")
                .text("url", &image.url)
                .number("width", image.width as usize)
                .number("height", image.height as usize);
            match &image.credit {
                Some(credit) => object.text("creditText", credit).end(),
                None => object.end(),
            }
        });
        data = data.raw("image", &array(images));
    }
    data.end()
}

/// schema.org `BreadcrumbList` (home › section › article), as the text of a
/// `<script type="application/ld+json">`.
pub fn breadcrumbs(article: &Article, facts: &PageFacts<'_>) -> String {
    let crumb = |position: usize, name: &str, url: &str| {
        Object::new()
            .text("@type", "ListItem")
            .number("position", position)
            .text("name", name)
            .text("item", url)
            .end()
    };
    Object::new()
        .text("@context", "https://schema.org")
        .text("@type", "BreadcrumbList")
        .raw(
            "itemListElement",
            &array(
                [
                    crumb(1, facts.site_name, facts.home_url),
                    crumb(2, &article.section.name, facts.section_url),
                    crumb(3, &article.headline, facts.url),
                ]
                .into_iter(),
            ),
        )
        .end()
}

/// schema.org `CollectionPage` for a topic's page.
pub fn collection_page(
    name: &str,
    description: &str,
    url: &str,
    site_name: &str,
    home_url: &str,
) -> String {
    Object::new()
        .text("@context", "https://schema.org")
        .text("@type", "CollectionPage")
        .text("@id", url)
        .text("url", url)
        .text("name", name)
        .text("description", description)
        .raw(
            "isPartOf",
            &Object::new()
                .text("@type", "WebSite")
                .text("name", site_name)
                .text("url", home_url)
                .end(),
        )
        .end()
}

/// schema.org `ProfilePage` about a writer (`Person`).
pub fn profile_page(writer: &Writer, url: &str, picture: Option<&str>, site_name: &str) -> String {
    let mut person = Object::new()
        .text("@type", "Person")
        .text("name", &writer.name)
        .text("url", url);
    if let Some(role) = &writer.role {
        person = person.text("jobTitle", role);
    }
    if let Some(bio) = &writer.bio {
        person = person.text("description", bio);
    }
    if let Some(picture) = picture {
        person = person.text("image", picture);
    }
    let person = person
        .raw(
            "worksFor",
            &Object::new()
                .text("@type", "NewsMediaOrganization")
                .text("name", site_name)
                .end(),
        )
        .end();
    Object::new()
        .text("@context", "https://schema.org")
        .text("@type", "ProfilePage")
        .text("@id", url)
        .text("url", url)
        .raw("mainEntity", &person)
        .end()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn article() -> Article {
        Article::from_json(
            r#"{"slug":"a","section":{"slug":"science","name":"علوم"},"headline":"عنوان </script><script>x",
            "summary":"ملخص","published":"2026-11-01T10:00:00+03:00","authors":[{"name":"فريق"}],
            "body":[{"type":"paragraph","text":"نص"}]}"#,
        )
        .unwrap()
    }

    fn facts() -> PageFacts<'static> {
        PageFacts {
            url: "https://k.example/article/a",
            images: Vec::new(),
            home_url: "https://k.example/",
            section_url: "https://k.example/section/science",
            site_name: "خبر",
            logo_url: "https://k.example/favicon.svg",
        }
    }

    fn parse(json: &str) -> serde_json::Value {
        serde_json::from_str(json).unwrap()
    }

    #[test]
    fn news_article_carries_dates_with_offsets_and_the_publisher() {
        let data = parse(&news_article(&article(), &facts()));
        assert_eq!(data["@type"], "NewsArticle");
        assert_eq!(data["datePublished"], "2026-11-01T10:00:00+03:00");
        assert_eq!(data["dateModified"], "2026-11-01T10:00:00+03:00");
        assert_eq!(data["inLanguage"], "ar");
        assert_eq!(data["author"][0]["name"], "فريق");
        assert_eq!(data["publisher"]["name"], "خبر");
        assert!(data.get("image").is_none());
    }

    #[test]
    fn breadcrumbs_lead_from_home_to_the_article() {
        let data = parse(&breadcrumbs(&article(), &facts()));
        let names: Vec<&str> = data["itemListElement"]
            .as_array()
            .unwrap()
            .iter()
            .map(|i| i["name"].as_str().unwrap())
            .collect();
        assert_eq!(names, ["خبر", "علوم", "عنوان </script><script>x"]);
    }

    #[test]
    fn script_json_cannot_close_its_script_element() {
        let text = news_article(&article(), &facts());
        assert!(!text.contains("</script>"));
        assert_eq!(parse(&text)["headline"], "عنوان </script><script>x");
    }

    // Guards against hand-written JSON that a crawler cannot parse: quotes, backslashes, line
    // breaks and control characters from content must come back as they were.
    #[test]
    fn every_character_of_content_survives_the_json() {
        let mut article = article();
        article.headline = "\"قال\" \\ سطر\nتاب\t\u{1}\u{1f} </script> \u{2028} 🙂".to_owned();
        article.tags = vec!["وسم \"1\"".to_owned()];
        let mut facts = facts();
        facts.images = vec![ImageFact {
            url: "https://k.example/a b\"c".to_owned(),
            width: 1600,
            height: 1000,
            credit: Some("صورة: \"فلان\"".to_owned()),
        }];
        let data = parse(&news_article(&article, &facts));
        assert_eq!(data["headline"], article.headline.as_str());
        assert_eq!(data["keywords"][0], "وسم \"1\"");
        assert_eq!(data["image"][0]["@type"], "ImageObject");
        assert_eq!(data["image"][0]["url"], "https://k.example/a b\"c");
        assert_eq!(data["image"][0]["width"], 1600);
        assert_eq!(data["image"][0]["height"], 1000);
        assert_eq!(data["image"][0]["creditText"], "صورة: \"فلان\"");
        assert_eq!(data["wordCount"], article.word_count());
        let crumbs = parse(&breadcrumbs(&article, &facts));
        assert_eq!(
            crumbs["itemListElement"][2]["name"],
            article.headline.as_str()
        );
        assert_eq!(crumbs["itemListElement"][2]["position"], 3);
    }
}
