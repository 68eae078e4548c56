//! Topics and writers, the two ways a reader follows a subject or a byline beyond one article:
//! `/topic/<slug>` lists every article tagged with a topic, `/author/<slug>` every article a
//! writer signed, each paged like a section (`api/topics/<slug>.json`, `api/authors/<slug>.json`)
//! and with its own Atom feed.
//!
//! A tag is a topic by its spelling as search reads it ([`topic_key`]): tags that differ only by
//! hamza, ta marbuta, alef maqsura, tashkeel or tatweel are one topic with one page.

use crate::{search::normalise_word, Image};
use serde::{Deserialize, Serialize};

/// A topic: the tags of every article spelled alike once normalised.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct Topic {
    /// Its address: `/topic/<slug>`.
    #[cfg_attr(feature = "schema", schemars(regex(pattern = crate::slug::PATTERN), length(max = crate::slug::MAX_LEN)))]
    pub slug: String,
    /// Its name as readers see it: the spelling most of its articles use, or the one
    /// `content/site.json` gives it.
    #[cfg_attr(feature = "schema", schemars(regex(pattern = crate::text::NON_BLANK_PATTERN)))]
    pub name: String,
    /// An editor's sentence or two about the topic, shown under its name on its page.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub description: Option<String>,
}

/// A writer, declared once in `content/site.json` and named by articles' `authors`.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct Writer {
    /// Their page's address: `/author/<slug>`.
    #[cfg_attr(feature = "schema", schemars(regex(pattern = crate::slug::PATTERN), length(max = crate::slug::MAX_LEN)))]
    pub slug: String,
    /// The name as bylines print it.
    #[cfg_attr(feature = "schema", schemars(regex(pattern = crate::text::NON_BLANK_PATTERN)))]
    pub name: String,
    /// What they do, e.g. `مراسل الشؤون العلمية`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub role: Option<String>,
    /// A short biography.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub bio: Option<String>,
    /// Their picture.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub picture: Option<Image>,
}

/// A tag as topics are told apart: each word spelled as search reads it (hamza, ta marbuta, alef
/// maqsura, tashkeel, tatweel and case folded, see [`normalise_word`]), words joined by one space.
/// Empty for a tag of marks and spaces only.
pub fn topic_key(tag: &str) -> String {
    tag.split_whitespace()
        .map(normalise_word)
        .filter(|word| !word.is_empty())
        .collect::<Vec<_>>()
        .join(" ")
}

/// A topic's Atom feed, relative to the site's root: `topic/<slug>/feed.xml`.
pub fn topic_feed(slug: &str) -> String {
    format!("topic/{slug}/feed.xml")
}

/// A writer's Atom feed, relative to the site's root: `author/<slug>/feed.xml`.
pub fn writer_feed(slug: &str) -> String {
    format!("author/{slug}/feed.xml")
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Guards against one topic split over several pages because authors typed it differently.
    #[test]
    fn spellings_that_search_reads_alike_are_one_topic() {
        let key = topic_key("الأسد");
        for spelling in ["الاسد", "الأَسَد", "الـأسـد", "  الإسد "] {
            assert_eq!(topic_key(spelling), key, "{spelling}");
        }
        assert_eq!(topic_key("قمة موسكو"), topic_key("قمه   موسكو"));
        assert_eq!(topic_key("مستشفى"), topic_key("مستشفي"));
        assert_eq!(topic_key("G20"), topic_key("g20"));
        assert_ne!(topic_key("صيف"), topic_key("سيف"));
        assert_eq!(topic_key(" \u{064E} ـ "), "");
    }
}
