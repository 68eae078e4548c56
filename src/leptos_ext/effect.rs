//! Effects compiled once.
//!
//! `Effect::new` compiles its whole scheduling loop (an async task that waits for changes and
//! reruns the function) for each closure type it is given: about 800 bytes of wasm each. [`effect`]
//! gives it one type, a boxed function, so the loop is compiled once for all of the app's effects.

use leptos::prelude::Effect;

/// Runs `f` after the current render (after hydration, on the first page), and again whenever a
/// signal it read changes, until its owner (the component) is dropped. Like `Effect::new`, except
/// that `f` is not handed its previous run's value: what it needs from one run to the next it
/// keeps in its own captured state (it is `FnMut`), as `use_loaded` and the navigation watcher do.
pub fn effect(f: impl FnMut() + 'static) {
    let mut f: Box<dyn FnMut()> = Box::new(f);
    Effect::new(move |_| f());
}
