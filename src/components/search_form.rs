use crate::config::Config;
use leptos::{html, prelude::*};
use leptos_router::hooks::use_navigate;

/// The header's search field: a plain GET form to `/search`, so it works before the app runs (and
/// without it, where the search page says search needs JavaScript); once the app runs, a search
/// moves to the results inside the app.
#[component]
pub fn SearchForm() -> impl IntoView {
    let config = use_context::<Config>().unwrap_or_default();
    let action = config.href("/search");
    let input = NodeRef::<html::Input>::new();
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
