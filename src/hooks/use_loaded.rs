//! Data a page loads from the API, as a signal that is already filled on the first render when
//! the page was prerendered with it: the server and the hydrating browser then render the same
//! nodes, and nothing is requested twice.
//!
//! It plays the part of `LocalResource` + `<Transition>`: while a new source loads, the previous
//! value stays (the page does not blank), and a superseded request's answer is dropped.

use crate::data::error::ApiError;
use crate::leptos_ext::effect::effect;
use leptos::prelude::*;
use std::future::Future;

/// What a loader holds: nothing yet, or the answer for the latest source.
pub type Loaded<T> = ReadSignal<Option<Result<T, ApiError>>, LocalStorage>;

/// Loads `fetch(source())` whenever `source` changes, starting from `prerendered` when it was
/// rendered for the first source.
///
/// # Usage
/// ```ignore
/// let article = use_loaded(move || slug.get(), prerendered_article, move |slug| fetch(slug));
/// view! { {move || match article.get() { None => skeleton(), Some(Ok(a)) => …, Some(Err(e)) => … }} }
/// ```
pub fn use_loaded<S, T, Fut>(
    source: impl Fn() -> S + 'static,
    prerendered: Option<(S, T)>,
    fetch: impl Fn(S) -> Fut + 'static,
) -> Loaded<T>
where
    S: PartialEq + Clone + 'static,
    T: Clone + 'static,
    Fut: Future<Output = Result<T, ApiError>> + 'static,
{
    let first = untrack(&source);
    let prerendered = prerendered
        .filter(|(rendered_for, _)| *rendered_for == first)
        .map(|(_, value)| value);
    let has_prerendered = prerendered.is_some();
    let (state, set_state) = signal_local(prerendered.map(Ok));
    let latest = StoredValue::new(0_u64);
    // Effects run only in the browser, after hydration: the prerendered value is not fetched
    // again, every later source is.
    let mut first_run = true;
    effect(move || {
        let current = source();
        if !first_run || !has_prerendered {
            let request = latest.get_value() + 1;
            latest.set_value(request);
            let answer = untrack(|| fetch(current.clone()));
            leptos::task::spawn_local(async move {
                let answer = answer.await;
                if latest.try_get_value() == Some(request) {
                    set_state.set(Some(answer));
                }
            });
        }
        first_run = false;
    });
    state
}
