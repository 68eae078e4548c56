//! Registers the service worker (`sw.js`, written by `scripts/postbuild.mjs`) once the page has
//! loaded, so its downloads never compete with the first paint or the app's own files, and tells
//! the page when a new release's worker is waiting to take over.

use leptos::prelude::*;
use wasm_bindgen::{closure::Closure, JsCast, JsValue};
use wasm_bindgen_futures::JsFuture;
use web_sys::{ServiceWorkerRegistration, ServiceWorkerState};

/// What the page sends the waiting worker to make it take over (scripts/service-worker.js).
const ACTIVATE: &str = "khabar:activate";

/// Registers `<base>/sw.js` for the deployment's scope after the window's `load` event (at once
/// when it has fired). Browsers without service workers, or an insecure origin, skip it; a failed
/// registration (no worker in a development build) only leaves the site without offline reading.
/// `update_ready` turns true when a new release is installed and waits for this tab.
pub fn register_after_load(script: String, update_ready: WriteSignal<bool>) {
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
        register(&navigator, &script, update_ready);
        return;
    }
    let on_load = Closure::once_into_js(move || {
        if let Some(window) = web_sys::window() {
            register(&window.navigator(), &script, update_ready);
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

fn register(navigator: &web_sys::Navigator, script: &str, update_ready: WriteSignal<bool>) {
    let promise = navigator.service_worker().register(script);
    leptos::task::spawn_local(async move {
        match JsFuture::from(promise).await {
            Ok(registration) => {
                if let Ok(registration) = registration.dyn_into::<ServiceWorkerRegistration>() {
                    watch_updates(&registration, update_ready);
                }
            }
            Err(error) => leptos::logging::log!("khabar: no offline reading: {error:?}"),
        }
    });
}

/// Whether a worker controls the page: a worker installed then is a new release, not the first.
fn controlled() -> bool {
    web_sys::window().is_some_and(|w| w.navigator().service_worker().controller().is_some())
}

fn watch_updates(registration: &ServiceWorkerRegistration, update_ready: WriteSignal<bool>) {
    if registration.waiting().is_some() && controlled() {
        update_ready.set(true);
    }
    let watched = registration.clone();
    let on_update_found = Closure::<dyn Fn()>::new(move || {
        let Some(installing) = watched.installing() else {
            return;
        };
        let worker = installing.clone();
        let on_state = Closure::<dyn Fn()>::new(move || {
            if worker.state() == ServiceWorkerState::Installed && controlled() {
                update_ready.set(true);
            }
        });
        installing.set_onstatechange(Some(on_state.as_ref().unchecked_ref()));
        // Lives as long as that worker may change state.
        on_state.forget();
    });
    registration.set_onupdatefound(Some(on_update_found.as_ref().unchecked_ref()));
    on_update_found.forget();
}

/// Moves this tab to the waiting release: the worker takes over, then the page loads again from it.
pub fn activate_update() {
    let Some(window) = web_sys::window() else {
        return;
    };
    let container = window.navigator().service_worker();
    let reload = Closure::once_into_js(|| {
        if let Some(window) = web_sys::window() {
            let _ = window.location().reload();
        }
    });
    container.set_oncontrollerchange(Some(reload.unchecked_ref()));
    let Ok(ready) = container.ready() else {
        return;
    };
    leptos::task::spawn_local(async move {
        let waiting = JsFuture::from(ready)
            .await
            .ok()
            .and_then(|r| r.dyn_into::<ServiceWorkerRegistration>().ok())
            .and_then(|r| r.waiting());
        if let Some(worker) = waiting {
            let _ = worker.post_message(&JsValue::from_str(ACTIVATE));
        }
    });
}
