//! Moving keyboard focus: to an element by its id (the page top, the content), and to each new
//! page's heading after the reader moves within the app.

use std::cell::Cell;
use wasm_bindgen::JsCast;

thread_local! {
    /// Whether the reader has moved to another page inside the app during this visit.
    static MOVED_IN_APP: Cell<bool> = const { Cell::new(false) };
}

/// Focuses the element with `id`; with `keep_scroll`, without scrolling to it (so a smooth scroll
/// in progress carries on). Returns whether there was such an element.
pub fn focus_by_id(id: &str, keep_scroll: bool) -> bool {
    let element = web_sys::window()
        .and_then(|w| w.document())
        .and_then(|d| d.get_element_by_id(id))
        .and_then(|el| el.dyn_into::<web_sys::HtmlElement>().ok());
    let Some(element) = element else { return false };
    let options = web_sys::FocusOptions::new();
    options.set_prevent_scroll(keep_scroll);
    let _ = element.focus_with_options(&options);
    true
}

/// Notes that the address changed inside the app (a link, back or forward), not by a page load.
pub fn note_in_app_navigation() {
    MOVED_IN_APP.with(|moved| moved.set(true));
}

/// Called by a page once it has rendered its main heading (`id`, with `tabindex="-1"`): after an
/// in-app navigation, focus moves there so screen readers announce the new page and Tab starts
/// from it. On the page the visit started with, focus stays where the browser put it.
pub fn page_heading_shown(id: &'static str) {
    in_next_frame(id.to_owned(), true, true);
}

/// Focuses the element `id` in the next frame, once what the current update renders is shown.
pub fn focus_next_frame(id: String) {
    in_next_frame(id, false, false);
}

/// Effects run before a transition swaps the new page in: the focus waits for the frame that
/// shows it (and whether the reader moved in the app is known by then). Never inlined: the
/// closure it hands the browser stays in the main module, where wasm-bindgen writes its glue,
/// for the page modules that focus (`routes::lazy`).
#[inline(never)]
fn in_next_frame(id: String, keep_scroll: bool, only_after_a_move: bool) {
    leptos::prelude::request_animation_frame(move || {
        if !only_after_a_move || MOVED_IN_APP.with(Cell::get) {
            focus_by_id(&id, keep_scroll);
        }
    });
}
