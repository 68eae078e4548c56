//! The executor the app's futures run on in the browser: wasm-bindgen-futures, except that a
//! newly spawned future first runs in a browser task of its own, not in a microtask of the task
//! that spawned it. Hydrating a page spawns its effects and its suspended parts all at once: as
//! microtasks they would make one long task, during which the page does not answer a tap.

use any_spawner::{CustomExecutor, PinnedFuture, PinnedLocalFuture};

/// Each spawned future starts after a zero timeout, so the browser may handle input and paint
/// between them. Once started, a future is woken as usual (a microtask): only its start waits.
pub struct TaskPerSpawn;

impl CustomExecutor for TaskPerSpawn {
    fn spawn(&self, fut: PinnedFuture<()>) {
        self.spawn_local(fut);
    }

    fn spawn_local(&self, fut: PinnedLocalFuture<()>) {
        wasm_bindgen_futures::spawn_local(async move {
            next_task().await;
            fut.await;
        });
    }

    fn poll_local(&self) {}
}

/// Resolves in a later browser task (at once where there is no window to set a timeout on).
pub async fn next_task() {
    let promise = js_sys::Promise::new(&mut |resolve, _| {
        let timer = web_sys::window().map(|window| window.set_timeout_with_callback(&resolve));
        if !matches!(timer, Some(Ok(_))) {
            let _ = resolve.call0(&wasm_bindgen::JsValue::NULL);
        }
    });
    let _ = wasm_bindgen_futures::JsFuture::from(promise).await;
}
