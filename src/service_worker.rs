//! Registers the service worker (`sw.js`, written by `scripts/postbuild.mjs`) once the page has
//! loaded, so its downloads never compete with the first paint or the app's own files.

use wasm_bindgen::{closure::Closure, JsCast, JsValue};

/// Registers `<base>/sw.js` for the deployment's scope after the window's `load` event (at once
/// when it has fired). Browsers without service workers, or an insecure origin, skip it; a failed
/// registration (no worker in a development build) only leaves the site without offline reading.
pub fn register_after_load(script: String) {
    let Some(window) = web_sys::window() else {
        return;
    };
    let navigator = window.navigator();
    if !js_sys::Reflect::has(&navigator, &JsValue::from_str("serviceWorker")).unwrap_or(false) {
        return;
    }
    let loaded = window
        .document()
        .is_some_and(|d| d.ready_state() == "complete");
    if loaded {
        register(&navigator, &script);
        return;
    }
    let on_load = Closure::once_into_js(move || {
        if let Some(window) = web_sys::window() {
            register(&window.navigator(), &script);
        }
    });
    let options = web_sys::AddEventListenerOptions::new();
    options.set_once(true);
    let _ = window.add_event_listener_with_callback_and_add_event_listener_options(
        "load",
        on_load.unchecked_ref(),
        &options,
    );
}

fn register(navigator: &web_sys::Navigator, script: &str) {
    let promise = navigator.service_worker().register(script);
    leptos::task::spawn_local(async move {
        if let Err(error) = wasm_bindgen_futures::JsFuture::from(promise).await {
            leptos::logging::log!("khabar: no offline reading: {error:?}");
        }
    });
}
