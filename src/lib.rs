//! Khabar (خبر): an Arabic news reader. `App` holds the page frame and the route table.
//!
//! - [`routes`]: one module per page; [`components`]: their parts; [`hooks`]: reactive helpers.
//! - [`data`]: what pages are made from: the API client, its errors, the site's settings, the
//!   prerendered page's data, JSON in and out, a page's head and structured data.
//! - [`browser`]: the browser's own services: offline reading, saved articles, preferences,
//!   sharing, scroll memory, keyboard focus.
//! - [`format`]: Arabic dates, numbers, plurals and bidi; [`search`]: search in the browser.
//! - [`leptos_ext`]: the app's few extensions of Leptos's internals, with their contracts.
//! - [`model`]: the content model, shared with the authoring tool.
// The typed views of a whole page nest deeply; the prerenderer's async rendering needs the room.
#![recursion_limit = "256"]

pub mod browser;
pub mod components;
pub mod data;
pub mod format;
pub mod hooks;
pub mod leptos_ext;
pub mod routes;
pub mod search;

/// The content model and the rules shared with the authoring tool (slugs, links, timestamps).
pub use khabar_model as model;

use crate::leptos_ext::effect::effect;
use crate::{
    components::{
        offline_notice::OfflineNotice, scroll_to_top::ScrollToTop, site_header::SiteHeader,
        update_prompt::UpdatePrompt,
    },
    data::config::Config,
    data::page_data::{PageData, Prerendered},
    leptos_ext::erase::SyncHydrate,
    routes::{
        article::ArticlePage,
        lazy::{HomeRoute, SavedRoute, SearchRoute, SectionRoute, TopicRoute, WriterRoute},
        not_found::NotFound,
    },
};
use leptos::prelude::*;
use leptos_router::{
    components::{FlatRoutes, Route, Router, A},
    hooks::use_location,
    path, Lazy,
};

/// The whole app: skip link, header, the current page, footer and the scroll-to-top button.
#[component]
pub fn App(
    config: Config,
    /// The page the document was prerendered as (its embedded data), when hydrating one.
    #[prop(optional)]
    page: Option<PageData>,
) -> impl IntoView {
    // The prerenderer writes each page's head (`head::Head`) with leptos_meta.
    #[cfg(feature = "ssr")]
    leptos_meta::provide_meta_context();
    if let Some(page) = page {
        provide_context(Prerendered(std::sync::Arc::new(page)));
    }
    let site_name = config.site_name.clone();
    let base = config.base_path.clone();
    let home = config.href("/");
    let worker = config.href("/sw.js");
    let saved_href = config.href("/saved");
    let (update_ready, set_update_ready) = signal(false);
    data::api::provide_site(&config);
    provide_context(config);

    // The app runs: its controls may show (style/base.css hides them until then).
    effect(move || {
        if let Some(root) = web_sys::window()
            .and_then(|w| w.document())
            .and_then(|d| d.document_element())
        {
            let _ = root.set_attribute("data-app", "");
        }
        // Offline reading: after hydration and after `load`, never ahead of the page's own files.
        browser::service_worker::register_after_load(worker.clone(), set_update_ready);
    });

    view! {
        <Router base>
            <WatchNavigation />
            <div id="top" class="page" tabindex="-1">
                <a class="skip-link" href="#content" on:click=skip_to_content>
                    "انتقل إلى المحتوى"
                </a>
                <SiteHeader />
                <OfflineNotice />
                <UpdatePrompt ready=update_ready />
                <main id="content" class="site-main" tabindex="-1">
                    <FlatRoutes fallback=|| SyncHydrate(view! { <NotFound /> })>
                        // Wrapped: the router erases route views (see `erase::SyncHydrate`). The
                        // pages other than the article are in modules of their own (`routes::lazy`).
                        <Route path=path!("/") view={Lazy::<HomeRoute>::new()} />
                        <Route path=path!("/page/:page") view={Lazy::<HomeRoute>::new()} />
                        <Route path=path!("/article/:slug") view=|| SyncHydrate(view! { <ArticlePage /> }) />
                        <Route path=path!("/section/:slug") view={Lazy::<SectionRoute>::new()} />
                        <Route path=path!("/section/:slug/page/:page") view={Lazy::<SectionRoute>::new()} />
                        <Route path=path!("/topic/:slug") view={Lazy::<TopicRoute>::new()} />
                        <Route path=path!("/topic/:slug/page/:page") view={Lazy::<TopicRoute>::new()} />
                        <Route path=path!("/author/:slug") view={Lazy::<WriterRoute>::new()} />
                        <Route path=path!("/author/:slug/page/:page") view={Lazy::<WriterRoute>::new()} />
                        <Route path=path!("/saved") view={Lazy::<SavedRoute>::new()} />
                        <Route path=path!("/search") view={Lazy::<SearchRoute>::new()} />
                    </FlatRoutes>
                </main>
                <footer class="site-footer">
                    <p>
                        <A href=home>{site_name}</A>
                        " — أخبار عربية تُقرأ بسرعة على أي جهاز. المقالات المرفقة محتوى تجريبي."
                    </p>
                    <p>
                        <A href=saved_href>"المقالات المحفوظة"</A>
                    </p>
                </footer>
                <ScrollToTop focus_target="top" />
            </div>
        </Router>
    }
}

/// Tells in-app navigation from the first page load: every change of address after the first
/// render is the reader moving within the app, whose new page then takes focus.
#[component]
fn WatchNavigation() -> impl IntoView {
    let location = use_location();
    let mut previous: Option<String> = None;
    effect(move || {
        let path = location.pathname.get();
        if previous.as_ref().is_some_and(|previous| *previous != path) {
            browser::focus::note_in_app_navigation();
        }
        previous = Some(path);
    });
}

/// The skip link moves keyboard focus, not just the view, to the page's content.
fn skip_to_content(ev: leptos::ev::MouseEvent) {
    if browser::focus::focus_by_id("content", false) {
        ev.prevent_default();
    }
}
