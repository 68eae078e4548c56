//! The content model: the JSON that newsrooms publish and Khabar renders, and the rules every
//! part of Khabar shares about it (slugs, links, timestamps, limits).
//!
//! Every type here is plain data (serde), parsed the same way in the browser and by the
//! `khabar-content` tool, so an article that passes `make content` is one the app can show.
//! Unknown fields are ignored, so older apps keep reading newer files.
//!
//! This crate depends on nothing of the app or of the authoring tool: both depend on it.

mod article;
pub mod datetime;
mod inline;
pub mod links;
mod listing;
pub mod search;
mod site;
pub mod slug;
pub mod text;
mod topic;

pub use article::{
    Article, Author, Block, Direction, Image, ImageFormat, SectionRef, Summary, Variant,
    MAX_RELATED, MAX_SUMMARY_CHARS, PLACEHOLDER_PATTERN,
};
pub use inline::{Inline, Span};
pub use listing::{page_file, page_number, page_param, page_path, Listing};
pub use site::{section_feed, Section, Site, SITE_FEED};
pub use topic::{topic_feed, topic_key, writer_feed, Topic, Writer};
