use crate::leptos_ext::effect::effect;
use crate::{
    browser::focus, components::listing_view::ListingView, data::config::Config, data::head::Head,
};
use leptos::prelude::*;

/// `/`: the lead story, then the latest articles, newest first, thirty at a time.
#[component]
pub fn Home() -> impl IntoView {
    let config = use_context::<Config>().unwrap_or_default();
    let head = Head::website(&config, "", &config.site_description, "/").feeds(&config, None);
    effect(|| focus::page_heading_shown("page-heading"));
    view! {
        {head}
        <h1 id="page-heading" class="page-title" tabindex="-1">"أحدث الأخبار"</h1>
        <ListingView first="index.json".to_owned() lead_first=true />
    }
}
