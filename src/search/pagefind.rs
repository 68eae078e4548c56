//! The app's side of Pagefind: loads its module on the first search (a module script,
//! `pagefind/khabar-search.js`, hands it over: under the strict CSP the wasm cannot `import()`
//! itself), runs queries and reads results. Nothing here runs before a reader searches.

use super::snippet::{snippet, Segment};
use crate::browser::js_string;
use js_sys::{Array, Function, Promise};
use std::cell::{Cell, RefCell};
use thiserror::Error;
use wasm_bindgen::{JsCast, JsValue};
use wasm_bindgen_futures::JsFuture;

/// Why a search gave no results list.
#[derive(Clone, Debug, Error, PartialEq, Eq)]
pub enum SearchError {
    /// Pagefind's script, wasm or index could not be loaded.
    #[error("the search index did not load: {0}")]
    Unavailable(String),
    /// The index answered with something else than results.
    #[error("the search index answered unexpectedly: {0}")]
    Broken(String),
}

/// One article found, ready to show.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Hit {
    pub slug: String,
    pub headline: String,
    pub section: String,
    pub published: String,
    pub snippet: Vec<Segment>,
}

/// A query's results, best first: handles whose data is loaded a page at a time.
#[derive(Clone, Debug)]
pub struct Found(Vec<JsValue>);

impl Found {
    /// How many articles matched.
    pub fn len(&self) -> usize {
        self.0.len()
    }

    /// Whether nothing matched.
    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }

    /// The articles at `range` of the results (each loads its own small file of the index, all
    /// at once).
    pub async fn hits(&self, range: std::ops::Range<usize>) -> Result<Vec<Hit>, SearchError> {
        let loads = self
            .0
            .iter()
            .take(range.end)
            .skip(range.start)
            .map(|result| call(result, "data", &[]))
            .collect::<Result<Array, _>>()?;
        let data = JsFuture::from(Promise::all(&loads))
            .await
            .map_err(|e| SearchError::Unavailable(describe(&e)))?;
        Ok(Array::from(&data).iter().map(|data| hit(&data)).collect())
    }
}

/// A result's data as the index built it (`scripts/search-index.mjs`): read field by field, as
/// text, so a missing field shows as empty rather than failing the whole list.
fn hit(data: &JsValue) -> Hit {
    let get =
        |target: &JsValue, name: &str| js_string::get(target, name).unwrap_or(JsValue::UNDEFINED);
    let meta = get(data, "meta");
    let text = |name: &str| get(&meta, name).as_string().unwrap_or_default();
    let url = get(data, "url").as_string().unwrap_or_default();
    let locations = get(data, "locations");
    let locations: Vec<usize> = Some(locations)
        .filter(Array::is_array)
        .map(|l| Array::from(&l).to_vec())
        .unwrap_or_default()
        .into_iter()
        .filter_map(|n| n.as_f64())
        .filter(|n| *n >= 0.0)
        .map(|n| n as usize)
        .collect();
    Hit {
        slug: url
            .trim_end_matches('/')
            .rsplit('/')
            .next()
            .unwrap_or_default()
            .to_owned(),
        headline: text("title"),
        section: text("section"),
        published: text("published"),
        // The text as written, one word for each word the index counted.
        snippet: snippet(
            &get(data, "content").as_string().unwrap_or_default(),
            &locations,
        ),
    }
}

thread_local! {
    /// Pagefind's module once its script ran: loaded once per visit, unless it failed.
    static MODULE: RefCell<Option<Promise>> = const { RefCell::new(None) };
    /// How many times the module failed to load this visit.
    static FAILURES: Cell<u32> = const { Cell::new(0) };
}

/// Runs `query` (already normalised) against the index whose bridge script is at `script_url`.
/// A module that failed to load or start (offline, a host error), is loaded afresh by the next
/// search.
pub async fn search(script_url: &str, query: &str) -> Result<Found, SearchError> {
    let loading = module(script_url);
    let answer = run(&loading, query).await;
    if let Err(SearchError::Unavailable(_)) = answer {
        forget_failed(&loading);
    }
    answer
}

async fn run(loading: &Promise, query: &str) -> Result<Found, SearchError> {
    JsFuture::from(loading.clone())
        .await
        .map_err(|_| SearchError::Unavailable("pagefind did not load".into()))?;
    let module = web_sys::window()
        .and_then(|window| js_string::get(&window, "khabarPagefind").ok())
        .filter(|module| !module.is_undefined())
        .ok_or_else(|| SearchError::Unavailable("pagefind did not load".into()))?;
    let answer = call_promise(&module, "search", &[js_string::js_string(query)]).await?;
    let results = js_string::get(&answer, "results")
        .ok()
        .filter(Array::is_array)
        .ok_or_else(|| SearchError::Broken("no results list".into()))?;
    Ok(Found(Array::from(&results).to_vec()))
}

/// Calls `target[name](...args)`: a promise of its answer.
fn call(target: &JsValue, name: &str, args: &[JsValue]) -> Result<Promise, SearchError> {
    let function = js_string::get(target, name)
        .ok()
        .and_then(|f| f.dyn_into::<Function>().ok())
        .ok_or_else(|| SearchError::Broken(format!("no {name}()")))?;
    let answer = function
        .apply(target, &args.iter().collect::<Array>())
        .map_err(|e| SearchError::Unavailable(describe(&e)))?;
    Ok(Promise::resolve(&answer))
}

/// Calls `target[name](...args)` and awaits its answer.
async fn call_promise(
    target: &JsValue,
    name: &str,
    args: &[JsValue],
) -> Result<JsValue, SearchError> {
    JsFuture::from(call(target, name, args)?)
        .await
        .map_err(|e| SearchError::Unavailable(describe(&e)))
}

/// Pagefind's module: adds the bridge script the first time, then reuses its answer.
fn module(script_url: &str) -> Promise {
    MODULE.with(|cell| {
        cell.borrow_mut()
            .get_or_insert_with(|| {
                // The browser keeps a module script's failure for its address: a retry asks for
                // the bridge at another one (and the bridge for Pagefind's module likewise).
                let failures = FAILURES.with(Cell::get);
                if failures == 0 {
                    load(script_url)
                } else {
                    load(&format!("{script_url}?retry={failures}"))
                }
            })
            .clone()
    })
}

/// Forgets a load that failed, unless a newer one replaced it already.
fn forget_failed(loading: &Promise) {
    MODULE.with(|cell| {
        let mut module = cell.borrow_mut();
        if module
            .as_ref()
            .is_some_and(|m| js_sys::Object::is(m, loading))
        {
            *module = None;
            FAILURES.with(|n| n.set(n.get() + 1));
        }
    });
}

fn load(script_url: &str) -> Promise {
    let script_url = script_url.to_owned();
    Promise::new(&mut move |resolve, reject| {
        let Some(window) = web_sys::window() else {
            let _ = reject.call1(&JsValue::NULL, &js_string::js_string("no window"));
            return;
        };
        // The promise's own functions are the listeners: no Rust closure is handed to the
        // browser here (this code is in the search page's wasm module, and wasm-bindgen writes
        // the glue of closures for the main module only). `run` reads the module the bridge set.
        // Once: a later load (after this one failed) fires the same events again.
        let once = web_sys::AddEventListenerOptions::new();
        once.set_once(true);
        for (event, listener) in [
            ("khabar-search-ready", &resolve),
            ("khabar-search-failed", &reject),
        ] {
            let _ = window.add_event_listener_with_callback_and_add_event_listener_options(
                event, listener, &once,
            );
        }
        let script = window
            .document()
            .and_then(|document| document.create_element("script").ok());
        let Some(script) = script else {
            let _ = reject.call1(&JsValue::NULL, &js_string::js_string("no document"));
            return;
        };
        let _ = script.set_attribute("type", "module");
        let _ = script.set_attribute("src", &script_url);
        // The script file itself missing or refused: no event of its own comes.
        let _ = script.add_event_listener_with_callback("error", &reject);
        let head = window
            .document()
            .and_then(|d| d.query_selector("head").ok().flatten());
        if let Some(head) = head {
            let _ = head.append_child(&script);
        }
    })
}

fn describe(error: &JsValue) -> String {
    error
        .as_string()
        .or_else(|| {
            js_string::get(error, "message")
                .ok()
                .and_then(|m| m.as_string())
        })
        .unwrap_or_else(|| format!("{error:?}"))
}
