//! Which topic each tag is, and the topic's address.
//!
//! A tag belongs to the topic of its [`topic_key`] (its words as search reads them), so «الأسد»
//! and «الاسد» are one topic. The topic's name is the one `content/site.json`'s `topics` gives it,
//! else the spelling most of its articles use (the first in Unicode order among equals). Its
//! slug is the one `topics` gives it, else its key spelled in Latin letters (`قمة موسكو` →
//! `qmh-mwskw`): it depends on the topic's own letters only, so it never changes when articles
//! come and go. Latin spelling merges some letters (س and ص are both `s`), so two topics may
//! spell alike: `make content` then refuses both and asks for a slug in `topics`, rather than
//! giving one of them an address that depends on which came first.

use crate::{source::TopicEntry, wordpress::slug::transliterate, Corpus, Problem};
use khabar_model::{slug::is_valid as is_valid_slug, topic_key, Topic};
use std::collections::{BTreeMap, HashMap};

/// Every topic the articles' tags name, by key.
#[derive(Clone, Debug, Default)]
pub struct Topics {
    /// Topic key → topic (with its description).
    pub by_key: BTreeMap<String, Topic>,
    /// Each spelling the articles' tags use → its key: an archive has a few hundred spellings
    /// and hundreds of thousands of tags, and normalising one costs more than finding it.
    keys: HashMap<String, String>,
}

impl Topics {
    /// The topic of `tag`, if it has one.
    pub fn of(&self, tag: &str) -> Option<&Topic> {
        match self.keys.get(tag) {
            Some(key) => self.by_key.get(key),
            None => self.by_key.get(&topic_key(tag)),
        }
    }

    /// A tag's topic as an article carries it: without the description.
    pub fn reference(&self, tag: &str) -> Option<Topic> {
        self.of(tag).map(|topic| Topic {
            description: None,
            ..topic.clone()
        })
    }
}

/// The topics of `corpus`, and the problems that keep one from having a single address.
pub fn topics(corpus: &Corpus) -> (Topics, Vec<Problem>) {
    let mut problems = Vec::new();
    let site = "content/site.json";
    // The editors' entries, by key.
    let mut entries: HashMap<String, &TopicEntry> = HashMap::new();
    for (i, entry) in corpus.topics.iter().enumerate() {
        let key = topic_key(&entry.name);
        if key.is_empty() {
            problems.push(Problem::new(
                site,
                format!("topics[{i}].name"),
                "give the topic's name",
            ));
            continue;
        }
        if let Some(slug) = &entry.slug {
            if !is_valid_slug(slug) {
                problems.push(Problem::new(
                    site,
                    format!("topics[{i}].slug"),
                    "use lower-case Latin letters, digits and single dashes (at most 120)",
                ));
            }
        }
        if entries.insert(key, entry).is_some() {
            problems.push(Problem::new(
                site,
                format!("topics[{i}].name"),
                format!(
                    "\"{}\" is listed twice (spellings that differ only by hamza, ta marbuta, alef maqsura, tashkeel or tatweel are one topic)",
                    entry.name
                ),
            ));
        }
    }
    // Every tag's spellings with how many articles use each, and where the topic first appears.
    let mut spellings: BTreeMap<String, BTreeMap<&str, usize>> = BTreeMap::new();
    let mut first: HashMap<String, (String, String)> = HashMap::new();
    let mut keys: HashMap<String, String> = HashMap::new();
    for (file_name, article) in &corpus.articles {
        for (i, tag) in article.tags.iter().enumerate() {
            let key = match keys.get(tag.as_str()) {
                Some(key) => key.clone(),
                None => {
                    let key = topic_key(tag);
                    keys.insert(tag.clone(), key.clone());
                    key
                }
            };
            if key.is_empty() {
                // A blank tag is reported by the article's own checks; marks alone here.
                if !tag.trim().is_empty() {
                    problems.push(Problem::new(
                        format!("content/articles/{file_name}"),
                        format!("tags[{i}]"),
                        "has no letters or digits",
                    ));
                }
                continue;
            }
            *spellings
                .entry(key.clone())
                .or_default()
                .entry(tag.trim())
                .or_default() += 1;
            first.entry(key).or_insert_with(|| {
                (
                    format!("content/articles/{file_name}"),
                    format!("tags[{i}]"),
                )
            });
        }
    }
    let mut by_key = BTreeMap::new();
    let mut by_slug: BTreeMap<String, String> = BTreeMap::new();
    for (key, counts) in spellings {
        let entry = entries.get(&key);
        let name = match entry {
            Some(entry) => entry.name.trim().to_owned(),
            None => counts
                .iter()
                .max_by(|a, b| a.1.cmp(b.1).then(b.0.cmp(a.0)))
                .map(|(spelling, _)| (*spelling).to_owned())
                .unwrap_or_else(|| key.clone()),
        };
        let (file, field) = first.get(&key).cloned().unwrap_or_default();
        let slug = match entry.and_then(|e| e.slug.clone()) {
            Some(slug) => slug,
            None => match transliterate(&key) {
                Some(slug) => slug,
                None => {
                    problems.push(Problem::new(
                        file,
                        field,
                        format!("the topic \"{name}\" has no letters to spell its address in Latin: give it a \"slug\" in content/site.json's \"topics\""),
                    ));
                    continue;
                }
            },
        };
        if let Some(other) = by_slug.get(&slug) {
            problems.push(Problem::new(
                file,
                field,
                format!("the topics \"{name}\" and \"{other}\" would both be /topic/{slug}: give one of them a \"slug\" in content/site.json's \"topics\""),
            ));
            continue;
        }
        by_slug.insert(slug.clone(), name.clone());
        let description = entry
            .and_then(|e| e.description.clone())
            .filter(|d| !d.trim().is_empty());
        by_key.insert(
            key,
            Topic {
                slug,
                name,
                description,
            },
        );
    }
    (Topics { by_key, keys }, problems)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ArticleSource;
    use khabar_model::Site;

    fn corpus(tags: &[&[&str]], entries: Vec<TopicEntry>) -> Corpus {
        let site: Site =
            serde_json::from_str(r#"{"name":"خبر","sections":[{"slug":"news","name":"الأخبار"}]}"#)
                .unwrap();
        let articles = tags
            .iter()
            .enumerate()
            .map(|(i, tags)| {
                let article: ArticleSource = serde_json::from_value(serde_json::json!({
                    "slug": format!("a{i}"), "section": "news", "headline": "ع", "summary": "م",
                    "published": "2026-11-01T10:00:00+03:00", "tags": tags,
                    "body": [{"type": "paragraph", "text": "نص"}]
                }))
                .unwrap();
                (format!("a{i}.json"), article)
            })
            .collect();
        Corpus {
            topics: entries,
            ..Corpus::new(site, articles)
        }
    }

    /// Guards against two spellings of one tag getting two pages, or the page a name no article
    /// uses most.
    #[test]
    fn two_spellings_are_one_topic_named_as_most_articles_write_it() {
        let (topics, problems) = topics(&corpus(&[&["الأسد"], &["الاسد"], &["الأَسد", "قمة"]], vec![]));
        assert!(problems.is_empty(), "{problems:?}");
        assert_eq!(topics.by_key.len(), 2);
        let lion = topics.of("الاسد").unwrap();
        assert_eq!(topics.of("الأسد"), Some(lion));
        assert_eq!(lion.slug, "alasd");
        // One article each: the first spelling in Unicode order.
        assert_eq!(lion.name, "الأسد");
        assert_eq!(topics.of("قمه").unwrap().slug, "qmh");
    }

    /// Guards against an editor's slug, name or description being ignored.
    #[test]
    fn an_editor_names_a_topic_its_address_and_description() {
        let entry = TopicEntry {
            name: "الطقس".into(),
            slug: Some("weather".into()),
            description: Some("أحوال الجو".into()),
        };
        let (topics, problems) = topics(&corpus(&[&["طقس"], &["الطَّقس"]], vec![entry]));
        assert!(problems.is_empty(), "{problems:?}");
        let weather = topics.of("الطقس").unwrap();
        assert_eq!(
            (weather.slug.as_str(), weather.name.as_str()),
            ("weather", "الطقس")
        );
        assert_eq!(weather.description.as_deref(), Some("أحوال الجو"));
        assert_eq!(topics.reference("الطقس").unwrap().description, None);
        assert_eq!(topics.of("طقس").unwrap().slug, "tqs");
    }

    /// Guards against two topics silently sharing one address (or one taking it from the other
    /// depending on which article came first).
    #[test]
    fn topics_spelled_alike_in_latin_are_refused_until_one_has_a_slug() {
        let (_, problems) = topics(&corpus(&[&["صيف"], &["سيف"]], vec![]));
        assert_eq!(problems.len(), 1, "{problems:?}");
        assert!(problems[0].message.contains("/topic/syf"), "{problems:?}");
        let entry = TopicEntry {
            name: "صيف".into(),
            slug: Some("summer".into()),
            description: None,
        };
        let (topics, problems) = topics(&corpus(&[&["صيف"], &["سيف"]], vec![entry]));
        assert!(problems.is_empty(), "{problems:?}");
        assert_eq!(topics.of("صيف").unwrap().slug, "summer");
        assert_eq!(topics.of("سيف").unwrap().slug, "syf");
    }

    /// Guards against a tag of another script getting no page and no warning.
    #[test]
    fn a_tag_with_nothing_to_spell_in_latin_asks_for_a_slug() {
        let (_, problems) = topics(&corpus(&[&["日本"]], vec![]));
        assert_eq!(problems.len(), 1);
        assert_eq!(problems[0].field, "tags[0]");
    }
}
