//! The data a prerendered page was rendered from. `khabar-publish` embeds it in the page as a
//! JSON block (`<script type="application/json" id="khabar-data">`, never executed, so the fixed
//! Content-Security-Policy allows it); the browser reads it back and hydrates the same page
//! without requesting its JSON again.

use crate::model::{Article, Listing, Site};
use serde::{Deserialize, Serialize};
use std::{rc::Rc, sync::Arc};

/// The `id` of the JSON block.
pub const ELEMENT_ID: &str = "khabar-data";

/// Everything the first render of one address needs.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct PageData {
    /// The in-app path the page was rendered for (`/article/x`), without the base path. The
    /// browser hydrates only at this address; anywhere else it renders the app afresh.
    pub path: String,
    /// The site, for the header's menu and section names.
    pub site: Site,
    /// What the page shows.
    pub content: PageContent,
}

/// The main content of a prerendered page.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "lowercase")]
pub enum PageContent {
    /// An article page.
    Article {
        /// The article, as published in `api/articles/<slug>.json`.
        article: Box<Article>,
    },
    /// The home page or a section page: the first page of its listing.
    Listing {
        /// The listing file the page starts from (`index.json`, `sections/news.json`).
        file: String,
        /// Its contents.
        listing: Listing,
    },
    /// The reader's saved articles (`/saved`): the list is in the browser, filled after hydration.
    Saved,
    /// The search page: its results are found in the browser, so it is prerendered empty.
    Search,
    /// The not-found page, which lists the latest articles.
    NotFound {
        /// The first page of the home listing (`index.json`).
        latest: Listing,
    },
}

impl PageData {
    /// The article this page was rendered with, if it is `slug`'s page.
    pub fn article(&self, slug: &str) -> Option<Rc<Article>> {
        match &self.content {
            PageContent::Article { article } if article.slug == slug => {
                Some(Rc::new(Article::clone(article)))
            }
            _ => None,
        }
    }

    /// The first listing page this page was rendered with, if it is `file`.
    pub fn listing(&self, file: &str) -> Option<Listing> {
        match &self.content {
            PageContent::Listing { file: f, listing } if f == file => Some(listing.clone()),
            PageContent::NotFound { latest } if file == "index.json" => Some(latest.clone()),
            _ => None,
        }
    }
}

/// The page the document was prerendered as, provided as context while it is the page shown; its
/// data makes the first render synchronous and identical to the prerendered HTML.
#[derive(Clone, Debug)]
pub struct Prerendered(pub Arc<PageData>);

/// The prerendered page's data, if the app is hydrating one.
pub fn use_prerendered() -> Option<Arc<PageData>> {
    leptos::prelude::use_context::<Prerendered>().map(|p| p.0)
}

/// Reads the page's JSON block, if the page was prerendered and the block is intact.
pub fn from_document() -> Option<PageData> {
    let text = web_sys::window()?
        .document()?
        .get_element_by_id(ELEMENT_ID)?
        .text_content()?;
    crate::data::json_reader::from_str(&text)
        .map_err(|e| leptos::logging::error!("khabar: {ELEMENT_ID}: {e}"))
        .ok()
}
