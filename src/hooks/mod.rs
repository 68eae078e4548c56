//! Reactive wrappers around browser events, one hook per file.

pub mod use_loaded;
pub mod use_online;
pub mod use_window_scroll;

use wasm_bindgen::{closure::Closure, JsCast};

/// Listens to the window's `scroll` events without ever delaying scrolling (`passive`).
pub fn add_passive_scroll_listener(callback: &Closure<dyn FnMut()>) {
    let Some(window) = web_sys::window() else {
        return;
    };
    let options = web_sys::AddEventListenerOptions::new();
    options.set_passive(true);
    let _ = window.add_event_listener_with_callback_and_add_event_listener_options(
        "scroll",
        callback.as_ref().unchecked_ref(),
        &options,
    );
}
