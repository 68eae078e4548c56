//! Back and forward return the reader to where they were on each page.
//!
//! Pages render after their data arrives, later than the browser restores scroll on its own, so
//! the app remembers each page's position itself and puts it back once the page has rendered.

use std::cell::{Cell, RefCell};
use wasm_bindgen::{closure::Closure, JsCast};

thread_local! {
    /// A list, not a HashMap: one entry per page visited, and the wasm is smaller without the
    /// hash table's code.
    static POSITIONS: RefCell<Vec<(String, f64)>> = const { RefCell::new(Vec::new()) };
    static RETURNING: Cell<bool> = const { Cell::new(false) };
    /// Which return is being restored: a newer one stops an older one's later tries.
    static RESTORING: Cell<u32> = const { Cell::new(0) };
}

/// Takes scroll restoration over from the browser: remembers positions as the reader scrolls and
/// notes when a page is reached through back/forward. Call once at start-up.
pub fn install() {
    let Some(window) = web_sys::window() else {
        return;
    };
    if let Ok(history) = window.history() {
        let _ = history.set_scroll_restoration(web_sys::ScrollRestoration::Manual);
    }
    let on_scroll = Closure::<dyn FnMut()>::new(remember);
    crate::hooks::add_passive_scroll_listener(&on_scroll);
    // A scroll event is dispatched with a later frame (WebKit may dispatch it well after the
    // scroll): a link followed right after scrolling would leave its page unrecorded. So the
    // position is also taken at a click, before the router has moved on.
    let _ = window.add_event_listener_with_callback("click", on_scroll.as_ref().unchecked_ref());
    let on_popstate = Closure::<dyn FnMut()>::new(|| RETURNING.with(|r| r.set(true)));
    let _ =
        window.add_event_listener_with_callback("popstate", on_popstate.as_ref().unchecked_ref());
    // The listeners live as long as the page.
    on_scroll.forget();
    on_popstate.forget();
}

fn record(path: String, y: f64) {
    POSITIONS.with(|p| {
        let mut positions = p.borrow_mut();
        positions.retain(|(known, _)| *known != path);
        positions.push((path, y));
    });
}

fn remember() {
    let Some(window) = web_sys::window() else {
        return;
    };
    let (Ok(path), Ok(y)) = (window.location().pathname(), window.scroll_y()) else {
        return;
    };
    // While returning, the old page may still be on screen: don't record it under the new path.
    if !RETURNING.with(Cell::get) {
        record(path, y);
    }
}

/// Called by a page once its content is on screen: after back/forward, scrolls to where the
/// reader was on it; otherwise does nothing (new pages start at the top).
pub fn page_rendered() {
    if !RETURNING.with(Cell::get) {
        return;
    }
    let generation = RESTORING.with(|g| {
        g.set(g.get().wrapping_add(1));
        g.get()
    });
    restore(generation, RESTORE_FRAMES);
}

/// How many frames a return waits for its page to be tall enough to hold the position.
const RESTORE_FRAMES: u32 = 30;

/// Scrolls to the position remembered for the page on screen, in the next frame and again in
/// later ones (at most `frames` more) while the page is too short to reach it: effects run before
/// a transition swaps the new page in, and on a busy phone the swap may come a few frames later,
/// when a single try would have left the reader where the page being left ended. Until then the
/// reader is still returning, so a scroll event from the swap is not taken for a position.
fn restore(generation: u32, frames: u32) {
    leptos::prelude::request_animation_frame(move || {
        // A later return took over.
        if RESTORING.with(Cell::get) != generation {
            return;
        }
        let Some(window) = web_sys::window() else {
            RETURNING.with(|r| r.set(false));
            return;
        };
        let Ok(path) = window.location().pathname() else {
            RETURNING.with(|r| r.set(false));
            return;
        };
        let y = POSITIONS
            .with(|p| {
                p.borrow()
                    .iter()
                    .find(|(known, _)| *known == path)
                    .map(|(_, y)| *y)
            })
            .unwrap_or(0.0);
        window.scroll_to_with_x_and_y(0.0, y);
        let reached = window.scroll_y().map_or(true, |now| now >= y - 1.0);
        if reached || frames == 0 {
            RETURNING.with(|r| r.set(false));
        } else {
            restore(generation, frames - 1);
        }
    });
}
