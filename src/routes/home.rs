use crate::{
    components::{feed_links::FeedLinks, listing_view::ListingView, page_head::PageHead},
    config::Config,
    focus,
};
use leptos::prelude::*;

/// `/`: the lead story, then the latest articles, newest first, thirty at a time.
#[component]
pub fn Home() -> impl IntoView {
    let description = use_context::<Config>().unwrap_or_default().site_description;
    Effect::new(|_| focus::page_heading_shown("page-heading"));
    view! {
        <PageHead title=String::new() description path="/".to_owned() />
        <FeedLinks />
        <h1 id="page-heading" class="page-title" tabindex="-1">"أحدث الأخبار"</h1>
        <ListingView first="index.json".to_owned() lead_first=true />
    }
}
