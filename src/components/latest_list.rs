use crate::{
    components::rich_text::isolated,
    data::api,
    data::config::{app_href, Config},
    data::page_data::use_prerendered,
    hooks::use_loaded::use_loaded,
};
use leptos::prelude::*;
use leptos_router::components::A;

/// A short list of links to the newest articles (for pages that lead nowhere else).
/// If the index cannot be fetched, the list is simply left out.
#[component]
pub fn LatestList(limit: usize, heading: &'static str) -> impl IntoView {
    let config = use_context::<Config>().unwrap_or_default();
    let prerendered =
        use_prerendered().and_then(|page| page.listing("index.json").map(|l| ((), l)));
    let listing = use_loaded(
        || (),
        prerendered,
        move |()| {
            let config = config.clone();
            async move { api::fetch_listing(&config, "index.json").await }
        },
    );
    move || {
        listing.get().and_then(Result::ok).map(|listing| view! {
            <section class="latest" aria-labelledby="latest-heading">
                <h2 id="latest-heading">{heading}</h2>
                <ul>
                    {listing.items.into_iter().take(limit).map(|item| view! {
                        <li><A href=app_href(&format!("/article/{}", item.slug))>{isolated(&item.headline)}</A></li>
                    }).collect_view()}
                </ul>
            </section>
        })
    }
}
