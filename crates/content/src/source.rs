use crate::strict;
use khabar_model::{Author, Block, Direction, Image, Site, Writer};
use serde::{de::DeserializeOwned, Deserialize};

/// An article as an author writes it: `content/articles/<slug>.json`.
///
/// The same as the published [`khabar_model::Article`], except that `section` is the section's
/// slug and `related` lists the editor's picks by slug. Unknown fields are refused here and in
/// every nested object (a typo like `subtitel` or `herf` would otherwise vanish silently); the
/// nested parts are read by [`crate::strict`] into the model's types.
#[derive(Clone, Debug, PartialEq, Eq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ArticleSource {
    /// Must equal the file name without `.json`.
    pub slug: String,
    /// Language, default `ar`.
    #[serde(default)]
    pub lang: Option<String>,
    /// Direction, default `rtl`.
    #[serde(default)]
    pub dir: Option<Direction>,
    /// The section's slug, one of `content/site.json`'s sections.
    pub section: String,
    /// The headline.
    pub headline: String,
    /// Optional standfirst.
    #[serde(default)]
    pub subtitle: Option<String>,
    /// One or two sentences for cards and previews.
    pub summary: String,
    /// ISO-8601 with offset.
    pub published: String,
    /// ISO-8601 with offset.
    #[serde(default)]
    pub updated: Option<String>,
    /// The writers.
    #[serde(default, deserialize_with = "strict::authors")]
    pub authors: Vec<Author>,
    /// The lead picture.
    #[serde(default, deserialize_with = "strict::image")]
    pub image: Option<Image>,
    /// Topics.
    #[serde(default)]
    pub tags: Vec<String>,
    /// The text.
    #[serde(deserialize_with = "strict::body")]
    pub body: Vec<Block>,
    /// Editor-picked related articles, by slug, most related first.
    #[serde(default)]
    pub related: Vec<String>,
}

/// Everything under `content/`: the site file and every article, each with its file name.
#[derive(Clone, Debug)]
pub struct Corpus {
    /// `content/site.json`.
    pub site: Site,
    /// `content/site.json`'s `writers`: everyone an article's `authors` may name.
    pub writers: Vec<Writer>,
    /// `content/site.json`'s `topics`: the names, addresses and descriptions editors gave topics.
    pub topics: Vec<TopicEntry>,
    /// `(file name, article)`, in file-name order.
    pub articles: Vec<(String, ArticleSource)>,
}

impl Corpus {
    /// A corpus of `articles` on `site`, without declared writers or topics.
    pub fn new(site: Site, articles: Vec<(String, ArticleSource)>) -> Self {
        Corpus {
            site,
            writers: Vec::new(),
            topics: Vec::new(),
            articles,
        }
    }
}

/// `content/site.json` as editors write it: the published site (name, sections), and the writers
/// and topics, which are published on pages of their own rather than in `api/site.json`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct SiteFile {
    /// What `api/site.json` publishes.
    pub site: Site,
    /// `writers`: slug, name, and optionally role, bio and picture.
    pub writers: Vec<Writer>,
    /// `topics`: an editor's name, Latin slug or description for a topic.
    pub topics: Vec<TopicEntry>,
}

/// One entry of `content/site.json`'s `topics`: the topic whose tags read like `name` (see
/// [`khabar_model::topic_key`]) gets this name, and this slug and description when given.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct TopicEntry {
    /// The topic's name; articles' tags spelled alike belong to it.
    pub name: String,
    /// Its address `/topic/<slug>`, instead of the name spelled in Latin letters.
    pub slug: Option<String>,
    /// A sentence or two shown under the name on the topic's page.
    pub description: Option<String>,
}

/// Why a source file could not be read: where (`body[3].text[1].herf`, empty for the whole
/// file) and serde's message.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ParseError {
    /// The path of the field, as [`crate::Problem::field`] shows it.
    pub field: String,
    /// What is wrong, with the line and column.
    pub message: String,
}

/// Parses a source file, keeping the path of the first error (`serde_path_to_error` follows the
/// parse, rather than guessing the field from serde's message). Following the path slows every
/// parse, so a file is parsed so only when the plain parse failed.
pub fn from_json<T: DeserializeOwned>(json: &str) -> Result<T, ParseError> {
    if let Ok(value) = serde_json::from_str(json) {
        return Ok(value);
    }
    let mut parser = serde_json::Deserializer::from_str(json);
    let value = serde_path_to_error::deserialize(&mut parser).map_err(|error| {
        // Broken JSON has no field: its path would be "." or "?".
        let field = match error.inner().classify() {
            serde_json::error::Category::Data if error.path().iter().next().is_some() => {
                error.path().to_string()
            }
            _ => String::new(),
        };
        ParseError {
            field,
            message: error.into_inner().to_string(),
        }
    })?;
    parser.end().map_err(|error| ParseError {
        field: String::new(),
        message: error.to_string(),
    })?;
    Ok(value)
}

/// Parses `content/site.json`, refusing unknown fields at any depth.
pub fn site_from_json(json: &str) -> Result<Site, ParseError> {
    site_file_from_json(json).map(|file| file.site)
}

/// Parses `content/site.json` with its writers and topics, refusing unknown fields at any depth.
pub fn site_file_from_json(json: &str) -> Result<SiteFile, ParseError> {
    from_json::<strict::SiteSource>(json).map(SiteFile::from)
}
