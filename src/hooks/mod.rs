//! Reactive wrappers around browser events, one hook per file.

pub mod use_window_scroll;
