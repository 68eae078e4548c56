use super::{Summary, Topic, Writer};
use serde::{Deserialize, Serialize};

/// One page of a listing: `api/index.json` (latest first), `api/sections/<slug>.json`,
/// `api/topics/<slug>.json` or `api/authors/<slug>.json`.
///
/// Pages hold at most [`Listing::PAGE_SIZE`] items, each naming the following page in
/// [`Listing::next`], so the cost of a listing never grows with the archive.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct Listing {
    /// 1-based page number.
    #[cfg_attr(feature = "schema", schemars(range(min = 1)))]
    pub page: u32,
    /// How many pages this listing has.
    #[cfg_attr(feature = "schema", schemars(range(min = 1)))]
    pub pages: u32,
    /// The articles, newest first.
    #[cfg_attr(feature = "schema", schemars(length(max = Listing::PAGE_SIZE)))]
    pub items: Vec<Summary>,
    /// The next page's file, if there is one, as a path relative to the API base URL: exactly like
    /// the first page's file the app starts from (`index.json`, `sections/news.json`), so
    /// `index-2.json` and `sections/news-2.json`, never relative to the current page's folder.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "schema", schemars(regex(pattern = Listing::NEXT_PATTERN)))]
    pub next: Option<String>,
    /// On a topic's pages, the topic: its page's heading.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub topic: Option<Topic>,
    /// On a writer's pages, the writer: name, role, biography and picture.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub writer: Option<Writer>,
}

impl Listing {
    /// The listing as it is: the home index and sections are about nothing more.
    pub fn plain(self) -> Self {
        self
    }

    /// The most items one page carries.
    pub const PAGE_SIZE: usize = 30;

    /// What `next` may be, for the schema: a later page's file relative to the API base,
    /// `index-2.json`, `sections/<slug>-2.json`, `topics/<slug>-2.json` or
    /// `authors/<slug>-2.json`, like the first page's `index.json`.
    pub const NEXT_PATTERN: &'static str = concat!(
        r"^(?:index|(?:sections|topics|authors)/",
        crate::slug::slug_body!(),
        r")-(?:[2-9]|[1-9][0-9]+)\.json$"
    );
}

#[cfg(test)]
mod tests {
    use super::*;

    // Guards against a schema that accepts `next` values the API never has (a file relative to
    // the current page, a page 1, another host) or refuses the ones it has.
    #[test]
    fn next_follows_the_shared_cases() {
        let all: std::collections::BTreeMap<String, serde_json::Value> =
            serde_json::from_str(include_str!("../tests/link-cases.json")).unwrap();
        let cases: std::collections::BTreeMap<String, bool> =
            serde_json::from_value(all["next"].clone()).unwrap();
        let pattern = regex::Regex::new(Listing::NEXT_PATTERN).unwrap();
        for (value, accepted) in cases {
            assert_eq!(pattern.is_match(&value), accepted, "{value:?}");
        }
    }
}
