//! The content model: the JSON that newsrooms publish and Khabar renders.
//!
//! Every type here is plain data (serde), parsed the same way in the browser and by the
//! `khabar-content` tool, so an article that passes `make content` is one the app can show.
//! Unknown fields are ignored, so older apps keep reading newer files.

mod article;
mod inline;
mod listing;
mod site;

pub use article::{Article, Author, Block, Direction, Image, SectionRef, Summary};
pub use inline::{Inline, Span};
pub use listing::Listing;
pub use site::{Section, Site};
