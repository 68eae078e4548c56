//! The API client: URLs of the static JSON files and one fetch that turns every failure into an
//! [`ApiError`]. Requests time out, can be aborted, and articles are kept for the visit.

use crate::{
    config::Config,
    error::ApiError,
    model::{slug::is_valid as is_valid_slug, Article, Listing, Site},
};
use serde::de::DeserializeOwned;
use std::{
    cell::RefCell,
    collections::{HashMap, HashSet},
    rc::Rc,
};
use wasm_bindgen::JsCast as _;

/// A request with no answer after this long is given up, and the reader is offered a retry.
pub const TIMEOUT_MS: i32 = 10_000;

thread_local! {
    /// Articles fetched during this visit, so going back or opening a prefetched card is instant.
    static ARTICLES: RefCell<HashMap<String, Rc<Article>>> = RefCell::new(HashMap::new());
    /// Slugs being prefetched right now, so a card hovered twice is fetched once.
    static PREFETCHING: RefCell<HashSet<String>> = RefCell::new(HashSet::new());
}

/// The article, from this visit's memory if it was fetched before.
pub fn cached_article(slug: &str) -> Option<Rc<Article>> {
    ARTICLES.with(|cache| cache.borrow().get(slug).cloned())
}

/// Starts fetching an article the reader is likely to open next (a card they point at), unless
/// it is already in memory or on its way. Failures are left for the real visit to report.
pub fn prefetch_article(config: &Config, slug: &str) {
    if !is_valid_slug(slug) || cached_article(slug).is_some() {
        return;
    }
    let fresh = PREFETCHING.with(|pending| pending.borrow_mut().insert(slug.to_owned()));
    if !fresh {
        return;
    }
    let (config, slug) = (config.clone(), slug.to_owned());
    leptos::task::spawn_local(async move {
        let _ = download_article(&config, &slug, None).await;
        PREFETCHING.with(|pending| pending.borrow_mut().remove(&slug));
    });
}

/// Fetches `api/articles/<slug>.json`, cancellable through `abort`.
pub async fn fetch_article(
    config: &Config,
    slug: &str,
    abort: Option<&web_sys::AbortSignal>,
) -> Result<Rc<Article>, ApiError> {
    if !is_valid_slug(slug) {
        return Err(ApiError::NotFound);
    }
    // Clicked while its prefetch is on the way: wait for that answer rather than ask twice.
    // (The prefetch has its own timeout, so this wait ends.)
    while PREFETCHING.with(|pending| pending.borrow().contains(slug)) {
        if abort.is_some_and(web_sys::AbortSignal::aborted) {
            return Err(ApiError::Aborted);
        }
        sleep_ms(25).await;
    }
    match cached_article(slug) {
        Some(article) => Ok(article),
        None => download_article(config, slug, abort).await,
    }
}

/// Requests the article and keeps it for the visit.
async fn download_article(
    config: &Config,
    slug: &str,
    abort: Option<&web_sys::AbortSignal>,
) -> Result<Rc<Article>, ApiError> {
    let article: Article =
        fetch_json(&config.api_url(&format!("articles/{slug}.json")), abort).await?;
    let article = Rc::new(article);
    ARTICLES.with(|cache| cache.borrow_mut().insert(slug.to_owned(), article.clone()));
    Ok(article)
}

/// Fetches one page of the latest articles (`api/index.json`, then the `next` files).
pub async fn fetch_listing(config: &Config, file: &str) -> Result<Listing, ApiError> {
    fetch_json(&config.api_url(file), None).await
}

/// Fetches the site's name and sections (`api/site.json`).
pub async fn fetch_site(config: &Config) -> Result<Site, ApiError> {
    fetch_json(&config.api_url("site.json"), None).await
}

/// GETs `url` and parses it as `T`, giving up after [`TIMEOUT_MS`].
pub async fn fetch_json<T: DeserializeOwned>(
    url: &str,
    abort: Option<&web_sys::AbortSignal>,
) -> Result<T, ApiError> {
    let timeout = Timeout::start(abort);
    let response = gloo_net::http::Request::get(url)
        .abort_signal(timeout.signal().as_ref())
        .send()
        .await
        .map_err(|e| timeout.explain(e.to_string()))?;
    match response.status() {
        200..=299 => {}
        404 | 410 => return Err(ApiError::NotFound),
        status => return Err(ApiError::Http(status)),
    }
    let text = response
        .text()
        .await
        .map_err(|e| timeout.explain(e.to_string()))?;
    serde_json::from_str(&text).map_err(|e| ApiError::Malformed(format!("{url}: {e}")))
}

/// Resolves after `ms` milliseconds (at once outside a browser).
async fn sleep_ms(ms: i32) {
    let promise = js_sys::Promise::new(&mut |resolve, _| {
        if let Some(window) = web_sys::window() {
            let _ = window.set_timeout_with_callback_and_timeout_and_arguments_0(&resolve, ms);
        } else {
            let _ = resolve.call0(&wasm_bindgen::JsValue::UNDEFINED);
        }
    });
    let _ = wasm_bindgen_futures::JsFuture::from(promise).await;
}

/// An abort controller that fires after [`TIMEOUT_MS`] or when the caller's signal fires.
struct Timeout {
    controller: Option<web_sys::AbortController>,
    timer: Option<i32>,
    caller: Option<web_sys::AbortSignal>,
}

impl Timeout {
    fn start(caller: Option<&web_sys::AbortSignal>) -> Self {
        let controller = web_sys::AbortController::new().ok();
        let mut timer = None;
        if let (Some(window), Some(controller)) = (web_sys::window(), controller.as_ref()) {
            let controller = controller.clone();
            // A plain abort: its reason is a DOMException, which gloo-net can read as an Error
            // (a custom reason such as a string would make it panic).
            let on_timeout =
                wasm_bindgen::closure::Closure::once_into_js(move || controller.abort());
            timer = window
                .set_timeout_with_callback_and_timeout_and_arguments_0(
                    on_timeout.unchecked_ref(),
                    TIMEOUT_MS,
                )
                .ok();
        }
        if let (Some(caller), Some(controller)) = (caller, controller.as_ref()) {
            let controller = controller.clone();
            let on_abort = wasm_bindgen::closure::Closure::once_into_js(move || controller.abort());
            let _ = caller.add_event_listener_with_callback("abort", on_abort.unchecked_ref());
        }
        Self {
            controller,
            timer,
            caller: caller.cloned(),
        }
    }

    fn signal(&self) -> Option<web_sys::AbortSignal> {
        self.controller.as_ref().map(|c| c.signal())
    }

    /// Names a failed request: cancelled by the caller, timed out, or a network failure.
    fn explain(&self, detail: String) -> ApiError {
        if self.caller.as_ref().is_some_and(|c| c.aborted()) {
            ApiError::Aborted
        } else if self.signal().is_some_and(|s| s.aborted()) {
            ApiError::Timeout
        } else {
            ApiError::Network(detail)
        }
    }
}

impl Drop for Timeout {
    fn drop(&mut self) {
        if let (Some(window), Some(timer)) = (web_sys::window(), self.timer) {
            window.clear_timeout_with_handle(timer);
        }
    }
}
