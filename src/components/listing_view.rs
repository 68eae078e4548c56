use crate::leptos_ext::effect::effect;
use crate::{
    browser::scroll_memory,
    components::{article_card::ArticleCard, error_message::ErrorMessage},
    data::api,
    data::config::Config,
    data::error::Subject,
    data::page_data::use_prerendered,
    hooks::use_loaded::use_loaded,
    model::{Listing, Summary},
};
use leptos::{either::EitherOf3, prelude::*};

/// The cards of a paged listing (`index.json`, `sections/<slug>.json`), with "المزيد" fetching the
/// next page file.
#[component]
pub fn ListingView(
    /// The first page's file, relative to the API base. A page showing another listing renders
    /// another `ListingView`.
    first: String,
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
            EitherOf3::A(view! { <p class="listing__loading" role="status">"جارٍ التحميل…"</p> })
        }
        Some(Ok(listing)) => EitherOf3::B(view! { <ListingPages listing lead_first /> }),
        Some(Err(error)) => {
            EitherOf3::C(view! { <ErrorMessage error subject=Subject::Listing on_retry=retry /> })
        }
    }
}

/// A listing's first page as cards, with "المزيد" appending the pages after it (`next`): the
/// part of every listing page after its heading (home, sections, topics, writers).
#[component]
pub fn ListingPages(
    /// The first page.
    listing: Listing,
    /// Show the newest article as the lead story.
    #[prop(optional)]
    lead_first: bool,
) -> impl IntoView {
    let config = use_context::<Config>().unwrap_or_default();
    // Pages after the first, appended by "المزيد".
    let more = RwSignal::new(Vec::<Summary>::new());
    let next = RwSignal::new(listing.next.clone());
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
                }
                Err(error) => {
                    leptos::logging::error!("khabar: {error}");
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
                <button
                    type="button"
                    class="button"
                    on:click=move |_| load_more.run(())
                    aria-disabled=move || loading_more.get().then_some("true")
                    aria-busy=move || loading_more.get().then_some("true")
                >
                    {move || if loading_more.get() { "جارٍ التحميل…" } else { "المزيد من المقالات" }}
                </button>
            </p>
        })}
        {move || more_failed.get().then(|| view! {
            <p role="alert">"تعذر تحميل المزيد. تحقق من الاتصال ثم حاول مرة أخرى."</p>
        })}
    }
}
