//! What pages are made from, apart from how they look: the API client and its errors, the site's
//! settings, the data a prerendered page carries, JSON read and written without a parser in the
//! wasm, a page's head as data and its structured data for search engines.

pub mod api;
pub mod config;
pub mod error;
pub mod head;
pub mod json_reader;
pub mod json_writer;
pub mod page_data;
pub mod recent;
pub mod seo;
