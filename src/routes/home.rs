use crate::components::listing_view::ListingView;
use leptos::prelude::*;
use leptos_meta::{Meta, Title};

/// `/`: the latest articles, newest first, thirty at a time.
#[component]
pub fn Home() -> impl IntoView {
    view! {
        <Title text="" />
        <Meta name="description" content="أحدث الأخبار العربية في العلوم والتكنولوجيا والاقتصاد والرياضة والثقافة والطقس." />
        <h1 class="page-title">"أحدث الأخبار"</h1>
        <ListingView first="index.json".to_owned() lead_first=true />
    }
}
