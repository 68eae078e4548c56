use crate::leptos_ext::effect::effect;
use crate::{
    browser::focus,
    components::{error_message::ErrorMessage, listing_view::ListingView},
    data::api,
    data::config::Config,
    data::error::Subject,
    data::head::Head,
    model::{page_file, page_param, page_path, slug::is_valid as is_valid_slug},
    routes::not_found::NotFound,
};
use leptos::{either::EitherOf4, prelude::*};
use leptos_router::hooks::use_params_map;

/// `/section/<slug>` (and `/section/<slug>/page/<n>`): one section's articles, newest first,
/// thirty at a time. The section's name
/// comes from `site.json` (shared with the menu), so it is right before any article arrives, on
/// an empty section, and after moving from one section to another; a slug that names no
/// section is the not-found page.
#[component]
pub fn SectionPage() -> impl IntoView {
    let params = use_params_map();
    let slug = Memo::new(move |_| params.read().get("slug").unwrap_or_default());
    let page = Memo::new(move |_| params.read().get("page").unwrap_or_default());
    let site = api::use_site();
    let retry = Callback::new(move |()| site.retry());
    move || {
        let slug = slug.get();
        let Some(page) = page_param(&page.get()) else {
            return EitherOf4::A(view! { <NotFound /> });
        };
        if !is_valid_slug(&slug) {
            return EitherOf4::A(view! { <NotFound /> });
        }
        match site.site.get() {
            None => {
                EitherOf4::B(view! { <p class="listing__loading" role="status">"جارٍ التحميل…"</p> })
            }
            Some(Ok(site)) => match site.sections.into_iter().find(|s| s.slug == slug) {
                Some(section) => EitherOf4::C(view! { <Section slug name=section.name page /> }),
                None => EitherOf4::A(view! { <NotFound /> }),
            },
            Some(Err(error)) => {
                EitherOf4::D(view! { <ErrorMessage error subject=Subject::Site on_retry=retry /> })
            }
        }
    }
}

/// A known section: its name as the page's heading, then its articles (page `page`).
#[component]
fn Section(slug: String, name: String, page: u32) -> impl IntoView {
    effect(|| focus::page_heading_shown("page-heading"));
    let config = use_context::<Config>().unwrap_or_default();
    let description = format!("أحدث مقالات قسم {name}");
    let path = format!("/section/{slug}");
    let heading = if page > 1 {
        format!("{name} — الصفحة {page}")
    } else {
        name.clone()
    };
    let head = Head::website(&config, &heading, &description, &page_path(&path, page))
        .feeds(&config, Some((&slug, &name)));
    view! {
        {head}
        <h1 id="page-heading" class="page-title" tabindex="-1">{heading}</h1>
        <ListingView first=page_file(&format!("sections/{slug}.json"), page) path />
    }
}
