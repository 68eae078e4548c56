//! Structured data for search engines and link previews (JSON-LD `NewsArticle` and
//! `BreadcrumbList`), built from the content model as plain JSON.

use crate::model::Article;
use serde_json::{json, Value};

/// What the structured data needs besides the article: absolute URLs and the publisher.
pub struct PageFacts<'a> {
    /// The article's canonical URL.
    pub url: &'a str,
    /// The absolute URL of the lead picture, if any.
    pub image_url: Option<String>,
    /// The site's home page URL.
    pub home_url: &'a str,
    /// The section page's URL.
    pub section_url: &'a str,
    /// The site's name (the publisher).
    pub site_name: &'a str,
    /// The publisher's logo, absolute.
    pub logo_url: &'a str,
}

/// schema.org `NewsArticle` for `article`.
pub fn news_article(article: &Article, facts: &PageFacts<'_>) -> Value {
    let authors: Vec<Value> = article
        .authors
        .iter()
        .map(|a| match &a.url {
            Some(url) => json!({ "@type": "Person", "name": a.name, "url": url }),
            None => json!({ "@type": "Person", "name": a.name }),
        })
        .collect();
    let mut data = json!({
        "@context": "https://schema.org",
        "@type": "NewsArticle",
        "mainEntityOfPage": { "@type": "WebPage", "@id": facts.url },
        "url": facts.url,
        "headline": article.headline,
        "description": article.summary,
        "inLanguage": article.lang,
        "articleSection": article.section.name,
        "datePublished": article.published,
        "dateModified": article.updated.as_deref().unwrap_or(&article.published),
        "keywords": article.tags,
        "wordCount": article.word_count(),
        "publisher": {
            "@type": "NewsMediaOrganization",
            "name": facts.site_name,
            "url": facts.home_url,
            "logo": { "@type": "ImageObject", "url": facts.logo_url }
        }
    });
    if let Some(object) = data.as_object_mut() {
        if !authors.is_empty() {
            object.insert("author".into(), Value::Array(authors));
        }
        if let Some(image) = &facts.image_url {
            object.insert("image".into(), json!([image]));
        }
    }
    data
}

/// schema.org `BreadcrumbList`: home › section › article.
pub fn breadcrumbs(article: &Article, facts: &PageFacts<'_>) -> Value {
    let crumb = |position: u32, name: &str, url: &str| json!({ "@type": "ListItem", "position": position, "name": name, "item": url });
    json!({
        "@context": "https://schema.org",
        "@type": "BreadcrumbList",
        "itemListElement": [
            crumb(1, facts.site_name, facts.home_url),
            crumb(2, &article.section.name, facts.section_url),
            crumb(3, &article.headline, facts.url),
        ]
    })
}

/// JSON for a `<script type="application/ld+json">`: `<` escaped, so no text from content can
/// close the script element if the page is ever rendered as HTML.
pub fn script_json(value: &Value) -> String {
    value.to_string().replace('<', "\\u003c")
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
            image_url: None,
            home_url: "https://k.example/",
            section_url: "https://k.example/section/science",
            site_name: "خبر",
            logo_url: "https://k.example/favicon.svg",
        }
    }

    #[test]
    fn news_article_carries_dates_with_offsets_and_the_publisher() {
        let data = news_article(&article(), &facts());
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
        let data = breadcrumbs(&article(), &facts());
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
        let text = script_json(&news_article(&article(), &facts()));
        assert!(!text.contains("</script>"));
        let back: Value = serde_json::from_str(&text).unwrap();
        assert_eq!(back["headline"], "عنوان </script><script>x");
    }
}
