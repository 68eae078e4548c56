use crate::leptos_ext::effect::effect;
use leptos::prelude::*;
use wasm_bindgen::{closure::Closure, JsCast};

/// Whether the browser has a network connection (`navigator.onLine`, then its `online` and
/// `offline` events). `true` until the app has hydrated: the first render is the prerendered one.
pub fn use_online() -> ReadSignal<bool> {
    let (online, set_online) = signal(true);
    effect(move || {
        let Some(window) = web_sys::window() else {
            return;
        };
        set_online.set(window.navigator().on_line());
        for (event, value) in [("online", true), ("offline", false)] {
            let listener = Closure::<dyn Fn()>::new(move || set_online.set(value));
            let _ =
                window.add_event_listener_with_callback(event, listener.as_ref().unchecked_ref());
            // The frame lives as long as the page.
            listener.forget();
        }
    });
    online
}
