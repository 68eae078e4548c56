//! The authoring tool (`make content`): articles as authors write them, the checks that keep
//! them publishable, and the files derived from them (article files with related summaries,
//! paged index and section listings), and what `make publish` adds to them: Atom feeds,
//! sitemaps, `robots.txt`, and writing only the files whose bytes changed ([`output`]).
//!
//! Plain Rust with file access only in [`files`], [`output`], [`publish_state`] and [`source_cache`], so every rule is tested with `#[test]`. It
//! depends on the content model ([`khabar_model`]) and nothing of the app: no Leptos, no web-sys.

pub mod archive;
pub mod derive;
pub mod feeds;
pub mod files;
pub mod index_html;
pub mod output;
pub mod pictures;
pub mod problem;
pub mod public_url;
pub mod publish_state;
pub mod schema;
pub mod sitemaps;
pub mod source;
pub mod source_cache;
mod strict;
pub mod topics;
pub mod validate;
pub mod wordpress;

pub use derive::{derive, Derived};
pub use problem::Problem;
pub use source::{ArticleSource, Corpus, SiteFile, TopicEntry};
