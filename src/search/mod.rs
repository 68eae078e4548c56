//! Search: the index (Pagefind's files in `pagefind/`, built by `scripts/search-index.mjs`),
//! loaded and queried only when a reader searches, and the snippets shown with each result.

pub mod pagefind;
pub mod snippet;
