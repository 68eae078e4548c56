use khabar_model::{Author, Block, Direction, Image, Site};
use serde::Deserialize;

/// An article as an author writes it: `content/articles/<slug>.json`.
///
/// The same as the published [`khabar_model::Article`], except that `section` is the section's
/// slug and `related` lists the editor's picks by slug. Unknown fields are refused here (a typo
/// like `subtitel` would otherwise vanish silently).
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
    #[serde(default)]
    pub authors: Vec<Author>,
    /// The lead picture.
    #[serde(default)]
    pub image: Option<Image>,
    /// Topics.
    #[serde(default)]
    pub tags: Vec<String>,
    /// The text.
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
    /// `(file name, article)`, in file-name order.
    pub articles: Vec<(String, ArticleSource)>,
}
