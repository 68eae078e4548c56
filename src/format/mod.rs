//! Arabic formatting: dates, relative times and plural-correct counts.
//!
//! The arithmetic is plain Rust (tested natively); the locale work (month names, digits,
//! plural categories) is the browser's `Intl`, reached through [`intl`].

pub mod bidi;
pub mod fixed;
pub mod intl;
pub mod plural;
pub mod reading_time;
pub mod relative;

/// Timestamps from content are parsed by the rules the content tool checks them with.
pub use khabar_model::datetime;
