use crate::leptos_ext::effect::effect;
use crate::{
    browser::scroll_memory,
    components::{article_card::ArticleCard, error_message::ErrorMessage},
    data::api,
    data::config::Config,
    data::error::{ApiError, Subject},
    data::page_data::use_prerendered,
    hooks::use_loaded::use_loaded,
    model::{page_path, Listing, Summary},
};
use leptos::{either::EitherOf4, prelude::*};

/// The cards of a page of a paged listing (`index.json`, `sections/<slug>-2.json`), with
/// "المزيد" fetching the next page file.
#[component]
pub fn ListingView(
    /// The shown page's file, relative to the API base. A page showing another listing (or
    /// another page of it) renders another `ListingView`.
    first: String,
    /// The listing's address (its first page's): later pages are `<path>/page/<n>`.
    path: String,
    /// Show the newest article as the lead story.
    #[prop(optional)]
    lead_first: bool,
) -> impl IntoView {
    let config = use_context::<Config>().unwrap_or_default();
    let (attempt, set_attempt) = signal(0_u32);
    let prerendered = use_prerendered().and_then(|page| {
        page.listing(&first)
            .map(|listing| ((first.clone(), 0), listing))
    });
    let first_page = use_loaded(move || (first.clone(), attempt.get()), prerendered, {
        let config = config.clone();
        move |(file, _)| {
            let config = config.clone();
            async move { api::fetch_listing(&config, &file).await }
        }
    });
    let retry = Callback::new(move |()| set_attempt.update(|n| *n += 1));
    move || match first_page.get() {
        None => {
            EitherOf4::A(view! { <p class="listing__loading" role="status">"جارٍ التحميل…"</p> })
        }
        Some(Ok(listing)) => {
            EitherOf4::B(view! { <ListingPages listing path=path.clone() lead_first /> })
        }
        // A page number past the listing's last page (an address typed or kept from before).
        Some(Err(ApiError::NotFound)) => {
            let first = config.href(&path);
            EitherOf4::D(view! {
                <p class="listing__none">
                    "لا توجد صفحة بهذا الرقم. "
                    <a href=first>"الصفحة الأولى"</a>
                </p>
            })
        }
        Some(Err(error)) => {
            EitherOf4::C(view! { <ErrorMessage error subject=Subject::Listing on_retry=retry /> })
        }
    }
}

/// A listing's page as cards, with "المزيد" after them: the part of every listing page after its
/// heading (home, sections, topics, writers). "المزيد" is a link to the next page's address
/// (`<path>/page/<n>`, prerendered: it works without JavaScript, and crawlers follow it); the app
/// appends that page's cards in place instead, and the link then names the page after it.
#[component]
pub fn ListingPages(
    /// The page shown.
    listing: Listing,
    /// The listing's address (its first page's).
    path: String,
    /// Show the newest article as the lead story.
    #[prop(optional)]
    lead_first: bool,
) -> impl IntoView {
    let config = use_context::<Config>().unwrap_or_default();
    // Pages after the one shown, appended by "المزيد".
    let more = RwSignal::new(Vec::<Summary>::new());
    let next = RwSignal::new(listing.next.clone());
    let next_page = RwSignal::new(listing.page.saturating_add(1));
    let next_href = {
        let config = config.clone();
        move || config.href(&page_path(&path, next_page.get()))
    };
    let loading_more = RwSignal::new(false);
    let more_failed = RwSignal::new(false);

    let load_more = Callback::new(move |()| {
        // Busy, not disabled: a disabled button would drop the keyboard focus it holds.
        if loading_more.get_untracked() {
            return;
        }
        let Some(file) = next.get_untracked() else {
            return;
        };
        let config = config.clone();
        loading_more.set(true);
        more_failed.set(false);
        leptos::task::spawn_local(async move {
            match api::fetch_listing(&config, &file).await {
                Ok(page) => {
                    more.update(|items| items.extend(page.items));
                    next.set(page.next);
                    next_page.set(page.page.saturating_add(1));
                }
                Err(error) => {
                    crate::browser::js_string::console_error(&format!("khabar: {error}"));
                    more_failed.set(true);
                }
            }
            loading_more.set(false);
        });
    });

    let items = listing.items;
    effect(scroll_memory::page_rendered);
    view! {
        <ul class="cards">
            {items.into_iter().enumerate().map(|(i, summary)| {
                let lead = lead_first && i == 0;
                view! { <li><ArticleCard summary lead in_listing=true /></li> }
            }).collect_view()}
            {move || more.get().into_iter().map(|summary| view! { <li><ArticleCard summary in_listing=true /></li> }).collect_view()}
        </ul>
        {move || next.get().is_some().then(|| view! {
            <p class="listing__more">
                <a
                    class="button"
                    href=next_href.clone()
                    rel="next"
                    on:click=move |ev: web_sys::MouseEvent| {
                        // On the element itself (Leptos delegates no events here), so it runs
                        // before the router's listener on the window, which leaves a click whose
                        // default is prevented alone. A click that opens a tab follows the link.
                        if ev.button() == 0 && !(ev.ctrl_key() || ev.meta_key() || ev.shift_key() || ev.alt_key()) {
                            ev.prevent_default();
                            load_more.run(());
                        }
                    }
                    aria-disabled=move || loading_more.get().then_some("true")
                    aria-busy=move || loading_more.get().then_some("true")
                >
                    {move || if loading_more.get() { "جارٍ التحميل…" } else { "المزيد من المقالات" }}
                </a>
            </p>
        })}
        {move || more_failed.get().then(|| view! {
            <p role="alert">"تعذر تحميل المزيد. تحقق من الاتصال ثم حاول مرة أخرى."</p>
        })}
    }
}
