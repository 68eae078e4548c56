//! The API client: URLs of the static JSON files and one fetch that turns every failure into an
//! [`ApiError`]. Requests time out, can be aborted, and articles are kept for the visit.

use crate::{
    data::config::Config,
    data::error::ApiError,
    data::json_reader::{self, FromJson},
    data::page_data::use_prerendered,
    data::recent::Recent,
    hooks::use_loaded::{use_loaded, Loaded},
    model::{slug::is_valid as is_valid_slug, Article, Listing, Site},
};
use leptos::prelude::*;
use std::{
    cell::{Cell, RefCell},
    future::Future,
    pin::Pin,
    rc::Rc,
    task::{Context, Poll, Waker},
};
use wasm_bindgen::{closure::Closure, JsCast as _};

/// How many articles a visit keeps in memory (tens of kilobytes each): the pages a reader goes back to
/// and the cards they pointed at; an older one is fetched again (from the HTTP cache, or the
/// service worker's copy) when it is opened again.
pub const CACHED_ARTICLES: usize = 40;

/// A request with no answer after this long is given up, and the reader is offered a retry.
pub const TIMEOUT_MS: i32 = 10_000;

type ArticleAnswer = Result<Rc<Article>, ApiError>;

/// One request for an article, shared by everyone who wants it (a card's prefetch, the page
/// opened by a click): one network request and one timeout, however many wait.
struct Flight {
    id: u64,
    slug: String,
    board: Rc<RefCell<Board>>,
    /// Cancels the request when the last page waiting for it gives up.
    controller: Option<web_sys::AbortController>,
    /// Pages waiting for the answer.
    waiters: usize,
    /// A card asked for it ahead of time: it runs to the end whoever gives up, so the article
    /// lands in memory.
    prefetched: bool,
}

/// What a flight's waiters share: its answer once it has come, and whom to wake then.
#[derive(Default)]
struct Board {
    answer: Option<ArticleAnswer>,
    wakers: Vec<Waker>,
}

fn wake_all(board: &RefCell<Board>) {
    let wakers = std::mem::take(&mut board.borrow_mut().wakers);
    wakers.into_iter().for_each(Waker::wake);
}

thread_local! {
    /// Articles fetched during this visit, so going back or opening a prefetched card is instant:
    /// the [`CACHED_ARTICLES`] most recently used.
    static ARTICLES: RefCell<Recent<Rc<Article>>> = const { RefCell::new(Recent::new(CACHED_ARTICLES)) };
    /// Article requests on their way (a handful at most: a list is all they need).
    static FLIGHTS: RefCell<Vec<Flight>> = const { RefCell::new(Vec::new()) };
    static NEXT_FLIGHT: Cell<u64> = const { Cell::new(0) };
}

/// The article, from this visit's memory if it was fetched before.
pub fn cached_article(slug: &str) -> Option<Rc<Article>> {
    ARTICLES.with(|cache| cache.borrow_mut().get(slug))
}

/// Starts fetching an article the reader is likely to open next (a card they point at), unless
/// it is already in memory. Failures are left for the real visit to report.
///
/// A prefetched request runs to its end even if a click waiting for it gives up (the reader
/// moved on), so the article is not lost; already on its way for a click, it is kept likewise.
pub fn prefetch_article(config: &Config, slug: &str) {
    // Offline, a prefetch could only fail (a kept article is answered on the click as fast).
    let offline = web_sys::window().is_some_and(|w| !w.navigator().on_line());
    if offline || !is_valid_slug(slug) || cached_article(slug).is_some() {
        return;
    }
    let joined = FLIGHTS.with(|flights| {
        let mut flights = flights.borrow_mut();
        let flight = flights.iter_mut().find(|f| f.slug == slug)?;
        flight.prefetched = true;
        Some(())
    });
    if joined.is_none() {
        start_flight(config, slug, 0, true);
    }
}

/// Fetches `api/articles/<slug>.json`; `abort` gives up waiting, and cancels the request unless
/// it was prefetched.
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
    let joined = FLIGHTS.with(|flights| {
        let mut flights = flights.borrow_mut();
        let flight = flights.iter_mut().find(|f| f.slug == slug)?;
        flight.waiters += 1;
        Some((flight.board.clone(), flight.id))
    });
    let (board, id) = joined.unwrap_or_else(|| start_flight(config, slug, 1, false));
    let _waiter = Waiter { id };
    // The abort wakes the waiters, so this one sees its signal has fired.
    let _on_abort = abort.map(|signal| {
        let board = board.clone();
        Listener::new(signal, "abort", move || wake_all(&board))
    });
    WaitForAnswer { board, abort }.await
}

/// Sends the request for `slug`, answered on a board its waiters share.
fn start_flight(
    config: &Config,
    slug: &str,
    waiters: usize,
    prefetched: bool,
) -> (Rc<RefCell<Board>>, u64) {
    let id = NEXT_FLIGHT.with(|next| next.replace(next.get() + 1));
    let controller = web_sys::AbortController::new().ok();
    let signal = controller.as_ref().map(web_sys::AbortController::signal);
    let board = Rc::new(RefCell::new(Board::default()));
    let flight = Flight {
        id,
        slug: slug.to_owned(),
        board: board.clone(),
        controller,
        waiters,
        prefetched,
    };
    FLIGHTS.with(|flights| flights.borrow_mut().push(flight));
    let (config, slug, answered) = (config.clone(), slug.to_owned(), board.clone());
    leptos::task::spawn_local(async move {
        let answer = download_article(&config, &slug, signal.as_ref()).await;
        let finished = FLIGHTS.with(|flights| {
            let mut flights = flights.borrow_mut();
            let ours = flights.iter().position(|f| f.id == id)?;
            Some(flights.swap_remove(ours))
        });
        drop(finished);
        answered.borrow_mut().answer = Some(answer);
        wake_all(&answered);
    });
    (board, id)
}

/// Resolves with the flight's answer, or as aborted once the caller's signal has fired.
struct WaitForAnswer<'a> {
    board: Rc<RefCell<Board>>,
    abort: Option<&'a web_sys::AbortSignal>,
}

impl Future for WaitForAnswer<'_> {
    type Output = ArticleAnswer;

    fn poll(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<ArticleAnswer> {
        let mut board = self.board.borrow_mut();
        if let Some(answer) = &board.answer {
            return Poll::Ready(answer.clone());
        }
        if self.abort.is_some_and(web_sys::AbortSignal::aborted) {
            return Poll::Ready(Err(ApiError::Aborted));
        }
        board.wakers.push(cx.waker().clone());
        Poll::Pending
    }
}

/// A page's place among a flight's waiters; the last to leave before the answer cancels a
/// request that was not prefetched.
struct Waiter {
    id: u64,
}

impl Drop for Waiter {
    fn drop(&mut self) {
        let abandoned = FLIGHTS.with(|flights| {
            let mut flights = flights.borrow_mut();
            let ours = flights.iter().position(|f| f.id == self.id)?;
            let flight = &mut flights[ours];
            flight.waiters = flight.waiters.saturating_sub(1);
            if flight.waiters > 0 || flight.prefetched {
                return None;
            }
            Some(flights.swap_remove(ours))
        });
        // Outside the borrow: aborting runs the request's listeners at once.
        if let Some(controller) = abandoned.and_then(|flight| flight.controller) {
            controller.abort();
        }
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
    ARTICLES.with(|cache| cache.borrow_mut().put(slug, article.clone()));
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
/// pages' names come from one request (none at all on a prerendered page, which carries it).
#[derive(Clone, Copy)]
pub struct SiteData {
    /// The site, once it is there.
    pub site: Loaded<Site>,
    attempt: RwSignal<u32>,
}

impl SiteData {
    /// Asks for `site.json` again (after a failure).
    pub fn retry(&self) {
        self.attempt.update(|n| *n += 1);
    }
}

/// Starts the visit's one request for `site.json` and offers it to every component below.
pub fn provide_site(config: &Config) -> SiteData {
    let config = config.clone();
    let attempt = RwSignal::new(0_u32);
    let prerendered = use_prerendered().map(|page| (0, page.site.clone()));
    let site = use_loaded(
        move || attempt.get(),
        prerendered,
        move |_| {
            let config = config.clone();
            async move { fetch_site(&config).await }
        },
    );
    let data = SiteData { site, attempt };
    provide_context(data);
    data
}

/// The visit's `site.json` (a request of its own when mounted without [`provide_site`], as in
/// component tests).
pub fn use_site() -> SiteData {
    match use_context::<SiteData>() {
        Some(data) => data,
        None => provide_site(&use_context::<Config>().unwrap_or_default()),
    }
}

/// GETs `url` and parses it as `T`, giving up after [`TIMEOUT_MS`].
pub async fn fetch_json<T: FromJson>(
    url: &str,
    abort: Option<&web_sys::AbortSignal>,
) -> Result<T, ApiError> {
    let timeout = Timeout::start(abort);
    let failed = |e: gloo_net::Error| timeout.explain(e.to_string());
    let response = gloo_net::http::Request::get(url)
        .abort_signal(timeout.signal().as_ref())
        .send()
        .await
        .map_err(failed)?;
    match response.status() {
        200..=299 => {}
        404 | 410 => return Err(ApiError::NotFound),
        status => return Err(ApiError::Http(status)),
    }
    let text = response.text().await.map_err(failed)?;
    json_reader::from_str(&text).map_err(|e| ApiError::Malformed(format!("{url}: {e}")))
}

/// An abort controller that fires after [`TIMEOUT_MS`] or when the caller's signal fires: gloo-net
/// takes a request's `AbortSignal` but has no timeout of its own. It owns the one closure both call, and in Drop clears the timer and removes the listener before
/// the closure is freed (so neither outlives the request nor calls into freed memory).
struct Timeout {
    controller: Option<web_sys::AbortController>,
    caller: Option<web_sys::AbortSignal>,
    timer: Option<i32>,
    /// A plain abort: its reason is a DOMException, whose message names the abort.
    abort: Option<Closure<dyn FnMut()>>,
}

impl Timeout {
    fn start(caller: Option<&web_sys::AbortSignal>) -> Self {
        let controller = web_sys::AbortController::new().ok();
        let abort = controller
            .clone()
            .map(|controller| Closure::<dyn FnMut()>::new(move || controller.abort()));
        let timer = web_sys::window()
            .zip(abort.as_ref())
            .and_then(|(window, abort)| {
                window
                    .set_timeout_with_callback_and_timeout_and_arguments_0(
                        abort.as_ref().unchecked_ref(),
                        TIMEOUT_MS,
                    )
                    .ok()
            });
        if let (Some(caller), Some(abort), Some(controller)) =
            (caller, abort.as_ref(), controller.as_ref())
        {
            let _ =
                caller.add_event_listener_with_callback("abort", abort.as_ref().unchecked_ref());
            // A signal that fired already fires no event: honour it now.
            if caller.aborted() {
                controller.abort();
            }
        }
        Self {
            controller,
            caller: caller.cloned(),
            timer,
            abort,
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
        let Some(abort) = self.abort.as_ref() else {
            return;
        };
        if let (Some(window), Some(timer)) = (web_sys::window(), self.timer) {
            window.clear_timeout_with_handle(timer);
        }
        if let Some(caller) = &self.caller {
            let _ =
                caller.remove_event_listener_with_callback("abort", abort.as_ref().unchecked_ref());
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
