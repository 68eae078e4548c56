use crate::data::config::Config;
use crate::leptos_ext::effect::effect;
use leptos::{html, prelude::*};
use leptos_router::hooks::{use_location, use_navigate, use_query_map};

/// The header's search field: a plain GET form to `/search`, so it works before the app runs (and
/// without it, where the search page says search needs JavaScript); once the app runs, a search
/// moves to the results inside the app. On the results page the field holds the query, so a
/// reader refines it rather than typing it again (and back to results shows what they were of).
#[component]
pub fn SearchForm() -> impl IntoView {
    let config = use_context::<Config>().unwrap_or_default();
    let action = config.href("/search");
    let input = NodeRef::<html::Input>::new();
    let (location, query_map) = (use_location(), use_query_map());
    let results_page = action.clone();
    // After hydration (the prerendered field is empty, whatever the address): the address's query
    // on the results page, nothing elsewhere.
    effect(move || {
        // The router's path may leave out the deployment's base path (`/news`); the link's has it.
        let on_results = location.pathname.with(|path| {
            let path = path.trim_end_matches('/');
            path == "/search" || path == results_page
        });
        let query = query_map.with(|q| q.get("q")).filter(|_| on_results);
        if let Some(input) = input.get() {
            input.set_value(&query.unwrap_or_default());
        }
    });
    let navigate = use_navigate();
    let on_submit = move |ev: leptos::ev::SubmitEvent| {
        let Some(input) = input.get_untracked() else {
            return;
        };
        ev.prevent_default();
        let query = String::from(js_sys::encode_uri_component(&input.value()));
        navigate(
            &format!("{}?q={query}", config.href("/search")),
            Default::default(),
        );
    };
    view! {
        <form class="site-search" role="search" action=action method="get" on:submit=on_submit>
            <label class="site-search__label" for="site-search">"ابحث في الأخبار"</label>
            <input id="site-search" class="site-search__input" type="search" name="q" node_ref=input />
            <button type="submit" class="site-search__button">"بحث"</button>
        </form>
    }
}
