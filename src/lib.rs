//! Khabar (خبر): an Arabic news reader. `App` holds the page frame and the route table; the
//! pages are in [`routes`], their parts in [`components`], the content model in [`model`].

pub mod api;
pub mod components;
pub mod config;
pub mod error;
pub mod focus;
pub mod format;
pub mod hooks;
pub mod page_data;
pub mod preferences;
#[cfg(feature = "ssr")]
pub mod prerender;
#[cfg(feature = "ssr")]
pub mod publish;
pub mod routes;
pub mod scroll_memory;
pub mod seo;
pub mod share;

/// The content model and the rules shared with the authoring tool (slugs, links, timestamps).
pub use khabar_model as model;

use crate::{
    components::{scroll_to_top::ScrollToTop, site_header::SiteHeader},
    config::Config,
    page_data::{PageData, Prerendered},
    routes::{article::ArticlePage, home::Home, not_found::NotFound, section::SectionPage},
};
use leptos::prelude::*;
use leptos_meta::{provide_meta_context, Title};
use leptos_router::{
    components::{Route, Router, Routes, A},
    hooks::use_location,
    path,
};

/// leptos_meta writes the title into the prerendered HTML as it is, so a headline with `</title>`
/// in it would end the element there and its rest would be markup. Escaped, browsers read the same
/// text back.
#[cfg(feature = "ssr")]
fn title_text(title: String) -> String {
    title
        .replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
}

/// In the browser the title is set as text (`document.title`): nothing to escape.
#[cfg(not(feature = "ssr"))]
fn title_text(title: String) -> String {
    title
}

/// The whole app: skip link, header, the current page, footer and the scroll-to-top button.
#[component]
pub fn App(
    config: Config,
    /// The page the document was prerendered as (its embedded data), when hydrating one.
    #[prop(optional)]
    page: Option<PageData>,
) -> impl IntoView {
    provide_meta_context();
    if let Some(page) = page {
        provide_context(Prerendered(std::sync::Arc::new(page)));
    }
    let site_name = config.site_name.clone();
    let base = config.base_path.clone();
    let home = config.href("/");
    api::provide_site(&config);
    provide_context(config);
    let title_site_name = site_name.clone();
    let formatter = move |text: String| {
        title_text(if text.is_empty() {
            title_site_name.clone()
        } else {
            format!("{text} — {title_site_name}")
        })
    };

    // The app runs: its controls may show (style/base.css hides them until then).
    Effect::new(|_| {
        if let Some(root) = web_sys::window()
            .and_then(|w| w.document())
            .and_then(|d| d.document_element())
        {
            let _ = root.set_attribute("data-app", "");
        }
    });

    view! {
        <Title formatter />
        <Router base>
            <WatchNavigation />
            <div id="top" class="page" tabindex="-1">
                <a class="skip-link" href="#content" on:click=skip_to_content>
                    "انتقل إلى المحتوى"
                </a>
                <SiteHeader />
                <main id="content" class="site-main" tabindex="-1">
                    <Routes fallback=NotFound>
                        <Route path=path!("/") view=Home />
                        <Route path=path!("/article/:slug") view=ArticlePage />
                        <Route path=path!("/section/:slug") view=SectionPage />
                    </Routes>
                </main>
                <footer class="site-footer">
                    <p>
                        <A href=home>{site_name}</A>
                        " — أخبار عربية تُقرأ بسرعة على أي جهاز. المقالات المرفقة محتوى تجريبي."
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
    Effect::new(move |previous: Option<String>| {
        let path = location.pathname.get();
        if previous.is_some_and(|previous| previous != path) {
            focus::note_in_app_navigation();
        }
        path
    });
}

/// The skip link moves keyboard focus, not just the view, to the page's content.
fn skip_to_content(ev: leptos::ev::MouseEvent) {
    if focus::focus_by_id("content", false) {
        ev.prevent_default();
    }
}
