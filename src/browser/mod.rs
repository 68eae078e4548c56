//! The browser's own services, each behind plain functions the pages call: the service worker's
//! registration and what it keeps for offline reading, articles saved for later, the reader's
//! preferences (theme, text size), sharing, scroll positions on back/forward, keyboard focus; and
//! strings handed to JS from a page's wasm module.

pub mod focus;
pub mod js_string;
pub mod offline;
pub mod preferences;
pub mod saved;
pub mod scroll_memory;
pub mod service_worker;
pub mod share;
