//! `khabar-publish`, the tool behind `make publish`: everything derived from `content/` written
//! into a bundle `make build` made. The binary (`main.rs`) only reads the command line.
//!
//! - [`publish`]: the whole publish, incremental: the API, the pages, feeds, sitemaps and
//!   robots.txt, writing only the files whose bytes change, and what it rendered from which app.
//! - [`prerender`]: one page as an HTML document, rendered by the app's own components (the
//!   `khabar` crate's `ssr` feature) into the built `shell.html`'s frame.

// The typed views of a whole page nest deeply; rendering them asynchronously needs the room.
#![recursion_limit = "256"]

pub mod prerender;
pub mod publish;
