//! The API client: URLs of the static JSON files and one fetch that turns every failure into an
//! [`ApiError`]. Requests time out, can be aborted, and articles are kept for the visit.

use crate::{
    config::Config,
    error::ApiError,
    model::{slug::is_valid as is_valid_slug, Article, Listing, Site},
};
use futures::future::{self, Either, FutureExt as _, LocalBoxFuture, Shared};
use leptos::prelude::*;
use serde::de::DeserializeOwned;
use std::{
    cell::{Cell, RefCell},
    collections::HashMap,
    rc::Rc,
};
use wasm_bindgen::{closure::Closure, JsCast as _};

/// A request with no answer after this long is given up, and the reader is offered a retry.
pub const TIMEOUT_MS: i32 = 10_000;

type ArticleAnswer = Result<Rc<Article>, ApiError>;

/// One request for an article, awaited by everyone who wants it (a card's prefetch, the page
/// opened by a click): one network request and one timeout, however many wait.
struct Flight {
    id: u64,
    answer: Shared<LocalBoxFuture<'static, ArticleAnswer>>,
    /// Cancels the request when the last waiter leaves before the answer.
    controller: Option<web_sys::AbortController>,
    waiters: usize,
}

thread_local! {
    /// Articles fetched during this visit, so going back or opening a prefetched card is instant.
    static ARTICLES: RefCell<HashMap<String, Rc<Article>>> = RefCell::new(HashMap::new());
    /// Article requests on their way, by slug.
    static FLIGHTS: RefCell<HashMap<String, Flight>> = RefCell::new(HashMap::new());
    static NEXT_FLIGHT: Cell<u64> = const { Cell::new(0) };
}

/// The article, from this visit's memory if it was fetched before.
pub fn cached_article(slug: &str) -> Option<Rc<Article>> {
    ARTICLES.with(|cache| cache.borrow().get(slug).cloned())
}

/// Starts fetching an article the reader is likely to open next (a card they point at), unless
/// it is already in memory or on its way. Failures are left for the real visit to report.
///
/// The prefetch waits for its request to the end, so a click that gives up on the same request
/// (the reader moved on) does not cancel it: the article still lands in memory.
pub fn prefetch_article(config: &Config, slug: &str) {
    if !is_valid_slug(slug) || cached_article(slug).is_some() {
        return;
    }
    if FLIGHTS.with(|flights| flights.borrow().contains_key(slug)) {
        return;
    }
    let (answer, waiter) = join_flight(config, slug);
    leptos::task::spawn_local(async move {
        let _ = answer.await;
        drop(waiter);
    });
}

/// Fetches `api/articles/<slug>.json`; `abort` gives up waiting (and cancels the request unless
/// a prefetch is waiting for it too).
pub async fn fetch_article(
    config: &Config,
    slug: &str,
    abort: Option<&web_sys::AbortSignal>,
) -> Result<Rc<Article>, ApiError> {
    if !is_valid_slug(slug) {
        return Err(ApiError::NotFound);
    }
    if let Some(article) = cached_article(slug) {
        return Ok(article);
    }
    if abort.is_some_and(web_sys::AbortSignal::aborted) {
        return Err(ApiError::Aborted);
    }
    // Clicked while its prefetch is on the way: this joins that request rather than asking twice.
    let (answer, _waiter) = join_flight(config, slug);
    let Some(abort) = abort else {
        return answer.await;
    };
    match future::select(answer, Box::pin(until_aborted(abort))).await {
        Either::Left((answer, _)) => answer,
        Either::Right(_) => Err(ApiError::Aborted),
    }
}

/// The request for `slug` on its way, or a new one; the [`Waiter`] keeps the caller's place.
fn join_flight(
    config: &Config,
    slug: &str,
) -> (Shared<LocalBoxFuture<'static, ArticleAnswer>>, Waiter) {
    FLIGHTS.with(|flights| {
        let mut flights = flights.borrow_mut();
        if let Some(flight) = flights.get_mut(slug) {
            flight.waiters += 1;
            let waiter = Waiter {
                slug: slug.to_owned(),
                id: flight.id,
            };
            return (flight.answer.clone(), waiter);
        }
        let id = NEXT_FLIGHT.with(|next| next.replace(next.get() + 1));
        let controller = web_sys::AbortController::new().ok();
        let signal = controller.as_ref().map(web_sys::AbortController::signal);
        let (config, owned_slug) = (config.clone(), slug.to_owned());
        let answer = async move {
            let answer = download_article(&config, &owned_slug, signal.as_ref()).await;
            let finished = FLIGHTS.with(|flights| {
                let mut flights = flights.borrow_mut();
                let ours = flights.get(&owned_slug).is_some_and(|f| f.id == id);
                ours.then(|| flights.remove(&owned_slug)).flatten()
            });
            drop(finished);
            answer
        }
        .boxed_local()
        .shared();
        flights.insert(
            slug.to_owned(),
            Flight {
                id,
                answer: answer.clone(),
                controller,
                waiters: 1,
            },
        );
        (
            answer,
            Waiter {
                slug: slug.to_owned(),
                id,
            },
        )
    })
}

/// One caller's interest in a [`Flight`]; the last one to leave before the answer cancels it.
struct Waiter {
    slug: String,
    id: u64,
}

impl Drop for Waiter {
    fn drop(&mut self) {
        let abandoned = FLIGHTS.with(|flights| {
            let mut flights = flights.borrow_mut();
            let flight = flights.get_mut(&self.slug).filter(|f| f.id == self.id)?;
            flight.waiters = flight.waiters.saturating_sub(1);
            if flight.waiters > 0 {
                return None;
            }
            flights.remove(&self.slug)
        });
        // Outside the borrow, since aborting runs the request's listeners at once; and before the
        // flight (maybe the last handle on the request) is dropped, or nobody would hear it.
        if let Some(flight) = abandoned {
            if let Some(controller) = &flight.controller {
                controller.abort();
            }
            drop(flight);
        }
    }
}

/// Resolves once `signal` fires (at once if it already has); its listener goes with it.
async fn until_aborted(signal: &web_sys::AbortSignal) {
    if signal.aborted() {
        return;
    }
    let (sender, receiver) = futures::channel::oneshot::channel::<()>();
    let mut sender = Some(sender);
    let _listener = Listener::new(signal, "abort", move || {
        if let Some(sender) = sender.take() {
            let _ = sender.send(());
        }
    });
    let _ = receiver.await;
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

/// `site.json` for the whole visit, shared through context: the header's menu and the section
/// pages' names come from one request.
#[derive(Clone, Copy)]
pub struct SiteResource(pub LocalResource<Result<Site, ApiError>>);

/// Starts the visit's one request for `site.json` and offers it to every component below.
pub fn provide_site(config: &Config) -> LocalResource<Result<Site, ApiError>> {
    let config = config.clone();
    let site = LocalResource::new(move || {
        let config = config.clone();
        async move { fetch_site(&config).await }
    });
    provide_context(SiteResource(site));
    site
}

/// The visit's `site.json` (a request of its own when mounted without [`provide_site`], as in
/// component tests).
pub fn use_site() -> LocalResource<Result<Site, ApiError>> {
    match use_context::<SiteResource>() {
        Some(SiteResource(site)) => site,
        None => provide_site(&use_context::<Config>().unwrap_or_default()),
    }
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

/// An abort controller that fires after [`TIMEOUT_MS`] or when the caller's signal fires. It
/// owns its timer and its listener, and releases both when the request ends.
struct Timeout {
    controller: Option<web_sys::AbortController>,
    timer: Option<(i32, Closure<dyn FnMut()>)>,
    caller: Option<web_sys::AbortSignal>,
    _on_caller_abort: Option<Listener>,
}

impl Timeout {
    fn start(caller: Option<&web_sys::AbortSignal>) -> Self {
        let controller = web_sys::AbortController::new().ok();
        // A plain abort: its reason is a DOMException, which gloo-net can read as an Error
        // (a custom reason such as a string would make it panic).
        let abort = |controller: &web_sys::AbortController| {
            let controller = controller.clone();
            move || controller.abort()
        };
        let timer = web_sys::window()
            .zip(controller.as_ref())
            .and_then(|(window, controller)| {
                let on_timeout = Closure::<dyn FnMut()>::new(abort(controller));
                window
                    .set_timeout_with_callback_and_timeout_and_arguments_0(
                        on_timeout.as_ref().unchecked_ref(),
                        TIMEOUT_MS,
                    )
                    .ok()
                    .map(|handle| (handle, on_timeout))
            });
        let on_caller_abort = caller
            .zip(controller.as_ref())
            .map(|(caller, controller)| Listener::new(caller, "abort", abort(controller)));
        // A signal that fired already fires no event: honour it now.
        if let (Some(caller), Some(controller)) = (caller, controller.as_ref()) {
            if caller.aborted() {
                controller.abort();
            }
        }
        Self {
            controller,
            timer,
            caller: caller.cloned(),
            _on_caller_abort: on_caller_abort,
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
        // Cleared before its closure is freed, so the timer can never call into freed memory.
        if let (Some(window), Some((handle, _))) = (web_sys::window(), self.timer.as_ref()) {
            window.clear_timeout_with_handle(*handle);
        }
    }
}

/// An event listener that is removed, and its closure freed, when this is dropped.
struct Listener {
    target: web_sys::EventTarget,
    event: &'static str,
    callback: Closure<dyn FnMut()>,
}

impl Listener {
    fn new(target: &web_sys::EventTarget, event: &'static str, f: impl FnMut() + 'static) -> Self {
        let callback = Closure::<dyn FnMut()>::new(f);
        let _ = target.add_event_listener_with_callback(event, callback.as_ref().unchecked_ref());
        Self {
            target: target.clone(),
            event,
            callback,
        }
    }
}

impl Drop for Listener {
    fn drop(&mut self) {
        let _ = self.target.remove_event_listener_with_callback(
            self.event,
            self.callback.as_ref().unchecked_ref(),
        );
    }
}
