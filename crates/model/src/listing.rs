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

/// The file of page `page` of the listing whose first page is `first`: `sections/news.json` and 2
/// give `sections/news-2.json`; page 1 is `first` itself.
pub fn page_file(first: &str, page: u32) -> String {
    match (page, first.strip_suffix(".json")) {
        (2.., Some(name)) => format!("{name}-{page}.json"),
        _ => first.to_owned(),
    }
}

/// The address of page `page` of the listing shown at `path`: `/section/news` and 2 give
/// `/section/news/page/2`, `/` and 2 give `/page/2`; page 1 is `path` itself.
pub fn page_path(path: &str, page: u32) -> String {
    if page < 2 {
        return path.to_owned();
    }
    format!("{}/page/{page}", path.trim_end_matches('/'))
}

/// A page number as an address writes it after `/page/`: 2 or more, in ASCII digits without a
/// leading zero (page 1 is the listing's own address); `None` for anything else.
pub fn page_number(text: &str) -> Option<u32> {
    let canonical = !text.is_empty()
        && !text.starts_with('0')
        && text.len() <= 9
        && text.bytes().all(|b| b.is_ascii_digit());
    text.parse().ok().filter(|&n| canonical && n >= 2)
}

/// The page an address's `page` parameter names: 1 without one (`""`), else [`page_number`].
pub fn page_param(text: &str) -> Option<u32> {
    if text.is_empty() {
        Some(1)
    } else {
        page_number(text)
    }
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

    // Guards against a page's file or address other than the ones the content tool and the
    // prerenderer write (a page the app cannot find, or two addresses for one page).
    #[test]
    fn pages_have_one_file_and_one_address() {
        assert_eq!(page_file("index.json", 1), "index.json");
        assert_eq!(page_file("index.json", 2), "index-2.json");
        assert_eq!(page_file("sections/news.json", 12), "sections/news-12.json");
        assert_eq!(page_path("/", 2), "/page/2");
        assert_eq!(page_path("/section/news", 3), "/section/news/page/3");
        assert_eq!(page_path("/topic/alfda", 1), "/topic/alfda");
        assert_eq!(page_number("2"), Some(2));
        assert_eq!(page_number("120"), Some(120));
        assert_eq!(page_param(""), Some(1));
        assert_eq!(page_param("3"), Some(3));
        assert_eq!(page_param("1"), None);
        for not_a_page in ["", "1", "0", "02", "-2", "+2", "2a", "٢", "99999999999"] {
            assert_eq!(page_number(not_a_page), None, "{not_a_page:?}");
        }
    }

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
