use crate::leptos_ext::effect::effect;
use crate::{
    components::{reader_controls::ReaderControls, search_form::SearchForm},
    data::api,
    data::config::Config,
};
use leptos::prelude::*;
use leptos_router::components::A;

/// The masthead: the site's name, the reading settings, the search field, and the sections from `api/site.json`
/// (the visit's one request, shared with the section pages, or the prerendered page's copy; the
/// current section marked with `aria-current` by `<A>`). The menu's row keeps its height while
/// the sections load, so nothing below moves.
#[component]
pub fn SiteHeader() -> impl IntoView {
    let config = use_context::<Config>().unwrap_or_default();
    let home = config.href("/");
    let site_name = config.site_name.clone();
    let site = api::use_site().site;
    // Without the menu the page still works: a failure leaves it empty (the console says why).
    effect(move || {
        if let Some(Err(error)) = site.get() {
            leptos::logging::error!("khabar: site.json: {error}");
        }
    });
    let sections = move || {
        let Some(Ok(site)) = site.get() else {
            return Vec::new();
        };
        site.sections
            .into_iter()
            .map(|section| {
                let href = config.href(&format!("/section/{}", section.slug));
                view! { <li><A href=href>{section.name}</A></li> }
            })
            .collect::<Vec<_>>()
    };
    view! {
        <header class="site-header">
            <div class="site-header__bar">
                <A href=home attr:class="site-header__name">{site_name}</A>
                <ReaderControls />
            </div>
            <SearchForm />
            <nav class="site-nav" aria-label="الأقسام">
                <ul class="site-nav__list">
                    {sections}
                </ul>
            </nav>
        </header>
    }
}
