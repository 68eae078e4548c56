//! The pages a first visit seldom lands on, each in a wasm module of its own.
//!
//! Most first visits open an article, so the main module holds the article page, the page frame
//! and the not-found page; home, sections, topics and writers, search and saved articles are
//! fetched when first needed. A release build (`make build`) splits them out: it compiles with
//! `--cfg khabar_split`, and scripts/wasm-split.mjs cuts the wasm at the functions marked below.
//! Without that cfg (`make serve`, the tests) they are ordinary functions in one module.
//!
//! A page's module is fetched before a prerendered page of its own hydrates (main.rs), when a
//! link to it is pointed at, touched or focused ([`prefetch_on_intent`]), and otherwise when the
//! reader moves to it. The service worker precaches every module of its release.

use crate::{
    data::config::Config,
    leptos_ext::erase::SyncHydrate,
    routes::{
        collection::{Collection, CollectionPage},
        home::Home,
        saved::SavedPage,
        search::SearchPage,
        section::SectionPage,
    },
};
use leptos::prelude::*;
use leptos_router::LazyRoute;
use thiserror::Error;

/// A page's module could not be fetched or started (offline with nothing kept, or a release that
/// replaced this one on the server).
#[derive(Clone, Copy, Debug, Error)]
#[error("the page's code could not be loaded")]
pub struct PageCodeError;

#[cfg(khabar_split)]
impl From<wasm_split_helpers::SplitLoaderError> for PageCodeError {
    fn from(_: wasm_split_helpers::SplitLoaderError) -> Self {
        PageCodeError
    }
}

/// A page in a module of its own: `$view` is its view (async: its module is loaded first) and
/// `$preload` loads its module. `$module` names the module (and its file).
macro_rules! split_page {
    ($module:ident, $preload:ident, fn $view:ident($($arg:ident: $ty:ty),*) $body:block) => {
        #[cfg(khabar_split)]
        #[wasm_split_helpers::wasm_split($module, fallible, preload($preload))]
        fn $view($($arg: $ty),*) -> Result<AnyView, PageCodeError> {
            Ok($body)
        }

        #[cfg(not(khabar_split))]
        async fn $view($($arg: $ty),*) -> Result<AnyView, PageCodeError> {
            Ok($body)
        }

        #[cfg(not(khabar_split))]
        async fn $preload() -> Result<(), PageCodeError> {
            Ok(())
        }
    };
}

split_page!(
    home,
    preload_home,
    fn home_view() {
        SyncHydrate(view! { <Home /> }).into_any()
    }
);

split_page!(
    section,
    preload_section,
    fn section_view() {
        SyncHydrate(view! { <SectionPage /> }).into_any()
    }
);

split_page!(
    collection,
    preload_collection,
    fn collection_view(kind: Collection) {
        SyncHydrate(view! { <CollectionPage kind /> }).into_any()
    }
);

split_page!(
    search,
    preload_search,
    fn search_view() {
        SyncHydrate(view! { <SearchPage /> }).into_any()
    }
);

split_page!(
    saved,
    preload_saved,
    fn saved_view() {
        SyncHydrate(view! { <SavedPage /> }).into_any()
    }
);

/// The pages that live in modules of their own, as an address names them.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum SplitPage {
    /// `/`, `/page/<n>`.
    Home,
    /// `/section/<slug>[/page/<n>]`.
    Section,
    /// `/topic/…` and `/author/…`.
    Collection,
    /// `/search`.
    Search,
    /// `/saved`.
    Saved,
}

impl SplitPage {
    /// The page an app path (below the site's base, starting with `/`) opens, when it is one of
    /// these; `None` for an article, an asset or an address the app does not know.
    pub fn of(path: &str) -> Option<SplitPage> {
        let path = path
            .strip_suffix('/')
            .filter(|p| !p.is_empty())
            .unwrap_or(path);
        let mut segments = path.strip_prefix('/')?.split('/');
        let first = segments.next().unwrap_or_default();
        let rest: Vec<&str> = segments.collect();
        match (first, rest.as_slice()) {
            ("", []) | ("page", [_]) => Some(SplitPage::Home),
            ("section", [_] | [_, "page", _]) => Some(SplitPage::Section),
            ("topic" | "author", [_] | [_, "page", _]) => Some(SplitPage::Collection),
            ("search", []) => Some(SplitPage::Search),
            ("saved", []) => Some(SplitPage::Saved),
            _ => None,
        }
    }

    /// Loads the page's module (at once when it is loaded already).
    pub async fn load(self) -> Result<(), PageCodeError> {
        match self {
            SplitPage::Home => preload_home().await?,
            SplitPage::Section => preload_section().await?,
            SplitPage::Collection => preload_collection().await?,
            SplitPage::Search => preload_search().await?,
            SplitPage::Saved => preload_saved().await?,
        }
        Ok(())
    }
}

/// What a route shows while its module cannot be had: where the network is up, the page is loaded
/// from the server instead (this release's modules may be gone from it: a newer one replaced
/// them); either way the reader is told, with a retry that loads it.
fn unavailable() -> AnyView {
    use crate::{components::error_message::ErrorMessage, data::error::ApiError};
    // The address being opened: the router provides it to the route before the browser's address
    // changes.
    let target = use_context::<ArcRwSignal<leptos_router::location::Url>>().map(|url| {
        let url = url.read_untracked();
        let search = if url.search().is_empty() {
            String::new()
        } else {
            format!("?{}", url.search())
        };
        format!("{}{search}{}", url.path(), url.hash())
    });
    let open = move || {
        if let Some(window) = web_sys::window() {
            let _ = match &target {
                Some(target) => window.location().assign(target),
                None => window.location().reload(),
            };
        }
    };
    if web_sys::window().is_some_and(|w| w.navigator().on_line()) {
        open();
    }
    let retry = Callback::new(move |()| open());
    view! {
        <ErrorMessage
            error=ApiError::Network(PageCodeError.to_string())
            subject=crate::data::error::Subject::Listing
            on_retry=retry
        />
    }
    .into_any()
}

fn shown(view: Result<AnyView, PageCodeError>) -> AnyView {
    view.unwrap_or_else(|_| unavailable())
}

/// `/`, `/page/<n>`.
pub struct HomeRoute;
/// `/section/…`.
pub struct SectionRoute;
/// `/topic/…`.
pub struct TopicRoute;
/// `/author/…`.
pub struct WriterRoute;
/// `/search`.
pub struct SearchRoute;
/// `/saved`.
pub struct SavedRoute;

macro_rules! lazy_route {
    ($route:ident, $page:expr, $view:expr) => {
        impl LazyRoute for $route {
            fn data() -> Self {
                $route
            }

            async fn view(_: Self) -> AnyView {
                shown($view.await)
            }

            async fn preload() {
                let _ = $page.load().await;
            }
        }
    };
}

lazy_route!(HomeRoute, SplitPage::Home, home_view());
lazy_route!(SectionRoute, SplitPage::Section, section_view());
lazy_route!(
    TopicRoute,
    SplitPage::Collection,
    collection_view(Collection::Topic)
);
lazy_route!(
    WriterRoute,
    SplitPage::Collection,
    collection_view(Collection::Writer)
);
lazy_route!(SearchRoute, SplitPage::Search, search_view());
lazy_route!(SavedRoute, SplitPage::Saved, saved_view());

/// Fetches a page's module as soon as the reader shows they may open it: a pointer over a link
/// to it, a touch, or keyboard focus. Modules already loaded cost nothing.
pub fn prefetch_on_intent(config: Config) {
    use wasm_bindgen::{closure::Closure, JsCast};
    let Some(document) = web_sys::window().and_then(|w| w.document()) else {
        return;
    };
    let listener = Closure::<dyn Fn(web_sys::Event)>::new(move |event: web_sys::Event| {
        let Some(page) = event
            .target()
            .and_then(|t| t.dyn_into::<web_sys::Element>().ok())
            .and_then(|el| el.closest("a[href]").ok().flatten())
            .and_then(|link| link.get_attribute("href"))
            .and_then(|href| app_path(&href, &config))
            .and_then(|path| SplitPage::of(&path))
        else {
            return;
        };
        leptos::task::spawn_local(async move {
            let _ = page.load().await;
        });
    });
    let options = web_sys::AddEventListenerOptions::new();
    options.set_passive(true);
    for kind in ["pointerover", "touchstart", "focusin"] {
        let _ = document.add_event_listener_with_callback_and_add_event_listener_options(
            kind,
            listener.as_ref().unchecked_ref(),
            &options,
        );
    }
    listener.forget();
}

/// The app path a link's `href` names: `None` for another site's.
fn app_path(href: &str, config: &Config) -> Option<String> {
    let window = web_sys::window()?;
    let base = window.document()?.base_uri().ok().flatten()?;
    let url = web_sys::Url::new_with_base(href, &base).ok()?;
    if url.origin() != window.location().origin().ok()? {
        return None;
    }
    config.app_path(&url.pathname())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn addresses_name_their_pages_module() {
        assert_eq!(SplitPage::of("/"), Some(SplitPage::Home));
        assert_eq!(SplitPage::of("/page/3"), Some(SplitPage::Home));
        assert_eq!(SplitPage::of("/section/politics"), Some(SplitPage::Section));
        assert_eq!(
            SplitPage::of("/section/politics/"),
            Some(SplitPage::Section)
        );
        assert_eq!(
            SplitPage::of("/section/politics/page/2"),
            Some(SplitPage::Section)
        );
        assert_eq!(SplitPage::of("/topic/syria"), Some(SplitPage::Collection));
        assert_eq!(
            SplitPage::of("/author/sara/page/2"),
            Some(SplitPage::Collection)
        );
        assert_eq!(SplitPage::of("/search"), Some(SplitPage::Search));
        assert_eq!(SplitPage::of("/saved/"), Some(SplitPage::Saved));
    }

    #[test]
    fn articles_and_unknown_addresses_need_no_module() {
        assert_eq!(SplitPage::of("/article/putin-assad-summit-moscow"), None);
        assert_eq!(SplitPage::of("/section"), None);
        assert_eq!(SplitPage::of("/section/a/b"), None);
        assert_eq!(SplitPage::of("/feed.xml"), None);
        assert_eq!(SplitPage::of("/api/index.json"), None);
        assert_eq!(SplitPage::of("article/x"), None);
    }
}
