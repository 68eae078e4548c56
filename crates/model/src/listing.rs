use super::Summary;
use serde::{Deserialize, Serialize};

/// One page of a listing: `api/index.json` (latest first) or `api/sections/<slug>.json`.
///
/// Pages hold at most [`Listing::PAGE_SIZE`] items, each naming the following page in
/// [`Listing::next`], so the cost of a listing never grows with the archive.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Listing {
    /// 1-based page number.
    pub page: u32,
    /// How many pages this listing has.
    pub pages: u32,
    /// The articles, newest first.
    pub items: Vec<Summary>,
    /// The next page's file, if there is one, as a path relative to the API base URL: exactly like
    /// the first page's file the app starts from (`index.json`, `sections/news.json`), so
    /// `index-2.json` and `sections/news-2.json`, never relative to the current page's folder.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub next: Option<String>,
}

impl Listing {
    /// The most items one page carries.
    pub const PAGE_SIZE: usize = 30;
}
