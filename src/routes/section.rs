use crate::{
    components::{listing_view::ListingView, page_head::PageHead},
    model::{slug::is_valid as is_valid_slug, Listing},
    routes::not_found::NotFound,
};
use leptos::prelude::*;
use leptos_router::hooks::use_params_map;

/// `/section/<slug>`: one section's articles, newest first, thirty at a time.
#[component]
pub fn SectionPage() -> impl IntoView {
    let params = use_params_map();
    let slug = Memo::new(move |_| params.read().get("slug").unwrap_or_default());
    let name = RwSignal::new(String::new());
    let on_first_page = Callback::new(move |listing: Listing| {
        if let Some(first) = listing.items.first() {
            name.set(first.section.name.clone());
        }
    });
    let first = Signal::derive(move || format!("sections/{}.json", slug.get()));
    move || {
        if !is_valid_slug(&slug.get()) {
            return view! { <NotFound /> }.into_any();
        }
        view! {
            <PageHead
                title=name
                description=Signal::derive(move || format!("أحدث مقالات قسم {}", name.get()))
                path=format!("/section/{}", slug.get())
            />
            <h1 class="page-title">{move || name.get()}</h1>
            <ListingView first on_first_page />
        }
        .into_any()
    }
}
