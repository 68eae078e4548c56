use crate::config::Config;
use leptos::prelude::*;
use leptos_meta::{Html, Link, Meta, Title};

/// Head tags for pages other than articles: title, description, canonical URL and the Open Graph
/// and Twitter basics, so a shared home or section link previews properly.
#[component]
pub fn PageHead(
    /// The page's title, before " — site name" (empty on the home page).
    #[prop(into)]
    title: Signal<String>,
    /// One sentence about the page.
    #[prop(into)]
    description: Signal<String>,
    /// The page's in-app path (`/`, `/section/science`).
    path: String,
) -> impl IntoView {
    let config = use_context::<Config>().unwrap_or_default();
    let site_name = config.site_name.clone();
    let url = config.absolute(&path);
    let og_title = move || {
        let title = title.get();
        if title.is_empty() {
            site_name.clone()
        } else {
            title
        }
    };
    view! {
        <SiteLanguage />
        <Title text=move || title.get() />
        <Meta name="description" content=move || description.get() />
        <Link rel="canonical" href=url.clone() />
        <Meta property="og:type" content="website" />
        <Meta property="og:locale" content="ar_AR" />
        <Meta property="og:title" content=og_title.clone() />
        <Meta property="og:description" content=move || description.get() />
        <Meta property="og:url" content=url.clone() />
        <Meta name="twitter:card" content="summary" />
        <Meta name="twitter:title" content=og_title />
    }
}

/// Gives `<html>` the site's language and direction back: an article in another language sets
/// its own, and `<Html>` leaves its attributes behind when the article is left.
#[component]
pub fn SiteLanguage() -> impl IntoView {
    let config = use_context::<Config>().unwrap_or_default();
    view! { <Html {..} lang=config.lang dir=config.dir.as_str() /> }
}
