use crate::{api, components::reader_controls::ReaderControls, config::Config};
use leptos::prelude::*;
use leptos_router::components::A;

/// The masthead: the site's name, the reading settings, and the sections from `api/site.json`
/// (the visit's one request, shared with the section pages; the current section marked with `aria-current` by `<A>`). The menu's row keeps its height
/// while the sections load, so nothing below moves.
#[component]
pub fn SiteHeader() -> impl IntoView {
    let config = use_context::<Config>().unwrap_or_default();
    let home = config.href("/");
    let site_name = config.site_name.clone();
    let site = api::use_site();
    let sections = move || {
        let config = config.clone();
        Suspend::new(async move {
            // Without the menu the page still works: log and leave it empty.
            let site = site
                .await
                .map_err(|e| leptos::logging::error!("khabar: site.json: {e}"))
                .ok()?;
            Some(
                site.sections
                    .into_iter()
                    .map(|section| {
                        let href = config.href(&format!("/section/{}", section.slug));
                        view! { <li><A href=href>{section.name}</A></li> }
                    })
                    .collect_view(),
            )
        })
    };
    view! {
        <header class="site-header">
            <div class="site-header__bar">
                <A href=home attr:class="site-header__name">{site_name}</A>
                <ReaderControls />
            </div>
            <nav class="site-nav" aria-label="الأقسام">
                <ul class="site-nav__list">
                    <Suspense fallback=|| ()>{sections.clone()}</Suspense>
                </ul>
            </nav>
        </header>
    }
}
