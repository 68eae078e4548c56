//! Moving keyboard focus to an element by its id (the page top, the content, a headline).

use wasm_bindgen::JsCast;

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
