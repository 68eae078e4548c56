use crate::components::listing_view::ListingView;
use leptos::prelude::*;
use leptos_meta::Title;

/// `/`: the latest articles, newest first, thirty at a time.
#[component]
pub fn Home() -> impl IntoView {
    view! {
        <Title text="" />
        <h1 class="page-title">"أحدث الأخبار"</h1>
        <ListingView first="index.json".to_owned() />
    }
}
