use crate::leptos_ext::effect::effect;
use crate::{
    browser::focus,
    components::listing_view::ListingView,
    data::config::Config,
    data::head::Head,
    model::{page_file, page_param, page_path},
    routes::not_found::NotFound,
};
use leptos::{either::Either, prelude::*};
use leptos_router::hooks::use_params_map;

/// `/`: the lead story, then the latest articles, newest first, thirty at a time; `/page/<n>`:
/// the thirty after the first n − 1 pages (a page number that is not one is the not-found page).
#[component]
pub fn Home() -> impl IntoView {
    let params = use_params_map();
    let page = Memo::new(move |_| params.read().get("page").unwrap_or_default());
    move || match page_param(&page.get()) {
        Some(page) => Either::Left(view! { <Latest page /> }),
        None => Either::Right(view! { <NotFound /> }),
    }
}

/// Page `page` of the latest articles.
#[component]
fn Latest(page: u32) -> impl IntoView {
    let config = use_context::<Config>().unwrap_or_default();
    let title = if page > 1 {
        format!("أحدث الأخبار — الصفحة {page}")
    } else {
        String::new()
    };
    let head = Head::website(
        &config,
        &title,
        &config.site_description,
        &page_path("/", page),
    )
    .feeds(&config, None);
    effect(|| focus::page_heading_shown("page-heading"));
    view! {
        {head}
        <h1 id="page-heading" class="page-title" tabindex="-1">
            {if page > 1 { title.clone() } else { "أحدث الأخبار".to_owned() }}
        </h1>
        <ListingView first=page_file("index.json", page) path="/".to_owned() lead_first=page == 1 />
    }
}
