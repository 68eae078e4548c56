use crate::leptos_ext::effect::effect;
use leptos::prelude::*;
use std::{cell::Cell, rc::Rc};
use wasm_bindgen::{closure::Closure, JsCast};

/// Where the window is scrolled, and how far it can go.
#[derive(Clone, Copy, Debug, Default, PartialEq)]
pub struct WindowScroll {
    /// `window.scrollY`.
    pub y: f64,
    /// The viewport's height (`window.innerHeight`).
    pub viewport: f64,
    /// The whole document's height (`scrollHeight`).
    pub document: f64,
}

impl WindowScroll {
    /// How far through the page the reader is, from 0 to 1.
    pub fn progress(&self) -> f64 {
        let scrollable = self.document - self.viewport;
        if scrollable <= 0.0 {
            0.0
        } else {
            (self.y / scrollable).clamp(0.0, 1.0)
        }
    }
}

/// The window's scroll position as a signal.
///
/// ## Usage
/// ```ignore
/// let scroll = use_window_scroll();
/// let past_header = move || scroll.get().y > 80.0;
/// ```
///
/// One passive `scroll` listener per call, updating the signal at most once per animation frame;
/// it is removed, and a frame it requested cancelled, when the calling component is unmounted.
pub fn use_window_scroll() -> ReadSignal<WindowScroll> {
    let (scroll, set_scroll) = signal(WindowScroll::default());
    effect(move || {
        // The frame requested and not yet run: cancelled with the listener, since its callback
        // is freed then (a frame calling a freed closure throws in the browser).
        let pending_frame = Rc::new(Cell::new(None::<i32>));
        let on_frame = {
            let pending_frame = pending_frame.clone();
            Closure::<dyn FnMut()>::new(move || {
                pending_frame.set(None);
                set_scroll.set(read());
            })
        };
        let on_scroll = {
            let pending_frame = pending_frame.clone();
            Closure::<dyn FnMut()>::new(move || {
                if pending_frame.get().is_some() {
                    return;
                }
                if let Some(window) = web_sys::window() {
                    let frame = window.request_animation_frame(on_frame.as_ref().unchecked_ref());
                    pending_frame.set(frame.ok());
                }
            })
        };
        super::add_passive_scroll_listener(&on_scroll);
        set_scroll.set(read());
        let listener = StoredValue::new_local(Some((on_scroll, pending_frame)));
        on_cleanup(move || {
            let Some((on_scroll, pending_frame)) =
                listener.try_update_value(Option::take).flatten()
            else {
                return;
            };
            let Some(window) = web_sys::window() else {
                return;
            };
            if let Some(frame) = pending_frame.take() {
                let _ = window.cancel_animation_frame(frame);
            }
            let _ = window
                .remove_event_listener_with_callback("scroll", on_scroll.as_ref().unchecked_ref());
        });
    });
    scroll
}

fn read() -> WindowScroll {
    let Some(window) = web_sys::window() else {
        return WindowScroll::default();
    };
    let document = window
        .document()
        .and_then(|d| d.document_element())
        .map_or(0.0, |el| f64::from(el.scroll_height()));
    WindowScroll {
        y: window.scroll_y().unwrap_or(0.0),
        viewport: window
            .inner_height()
            .ok()
            .and_then(|h| h.as_f64())
            .unwrap_or(0.0),
        document,
    }
}
