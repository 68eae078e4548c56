use serde::{Deserialize, Serialize};

/// The site itself, served at `api/site.json`: its name and its sections, in menu order.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct Site {
    /// The site's name, e.g. `خبر`.
    pub name: String,
    /// One sentence about the site.
    #[serde(default)]
    pub description: String,
    /// The public address of the site, used for canonical links.
    #[serde(default)]
    pub url: String,
    /// Default language of the site.
    #[serde(default = "default_lang")]
    pub lang: String,
    /// The sections, in the order the menu shows them.
    pub sections: Vec<Section>,
}

/// The site's Atom feed (its latest articles), relative to the site's root.
pub const SITE_FEED: &str = "feed.xml";

/// A section's Atom feed, relative to the site's root: `section/<slug>/feed.xml`.
pub fn section_feed(slug: &str) -> String {
    format!("section/{slug}/feed.xml")
}

fn default_lang() -> String {
    "ar".to_owned()
}

/// A section of the site.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct Section {
    /// Its address: `/section/<slug>`.
    #[cfg_attr(feature = "schema", schemars(regex(pattern = crate::slug::PATTERN), length(max = crate::slug::MAX_LEN)))]
    pub slug: String,
    /// Its name as readers see it.
    pub name: String,
}
