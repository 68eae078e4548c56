use crate::leptos_ext::effect::effect;
use crate::{
    browser::offline,
    components::{
        figure::{picture, CARD_SIZES, FIGURE_SIZES},
        rich_text::isolated,
        time_stamp::TimeStamp,
    },
    data::api,
    data::config::Config,
    model::Summary,
};
use leptos::{either::Either, prelude::*};
use leptos_router::components::A;

/// A link to another article: picture (or a drawn placeholder), headline, section and date.
/// Pointing at it, focusing it or touching it fetches the article, so opening it is instant.
#[component]
pub fn ArticleCard(
    summary: Summary,
    /// The lead story of a listing: larger, with its summary, its picture loaded first.
    #[prop(optional)]
    lead: bool,
    /// The card sits directly under the page's `<h1>` (home, sections), not under a section heading.
    #[prop(optional)]
    in_listing: bool,
) -> impl IntoView {
    let config = use_context::<Config>().unwrap_or_default();
    let Summary {
        slug,
        headline,
        section,
        published,
        image,
        summary,
    } = summary;
    let href = config.href(&format!("/article/{slug}"));
    // Marked once the browser says the article is kept for offline reading (after hydration).
    let kept = RwSignal::new(false);
    let kept_config = config.clone();
    let kept_slug = slug.clone();
    effect(move || {
        let origin = web_sys::window()
            .and_then(|w| w.location().origin().ok())
            .unwrap_or_default();
        let keys = offline::article_keys(&origin, &kept_config, &kept_slug);
        leptos::task::spawn_local(async move {
            kept.set(offline::kept_at(&keys).await.is_some());
        });
    });
    let prefetch = Callback::new(move |()| api::prefetch_article(&config, &slug));
    let link = view! { <A href=href>{isolated(&headline)}</A> };
    // Headings stay in order: cards are h2 under a listing's h1, h3 under "مقالات ذات صلة".
    let title = if in_listing {
        Either::Left(view! { <h2 class="card__title">{link}</h2> })
    } else {
        Either::Right(view! { <h3 class="card__title">{link}</h3> })
    };
    // The lead card spans the column; the others half of it, or less.
    let sizes = if lead { FIGURE_SIZES } else { CARD_SIZES };
    let picture = match image
        .as_ref()
        .and_then(|image| picture(image, String::new(), sizes, lead, "card__image"))
    {
        Some(picture) => Either::Left(picture),
        // No picture: a drawn panel in the section's colour, with the section's name.
        None => Either::Right(view! {
            <div class="card__image card__image--none" aria-hidden="true">
                <span>{section.name.clone()}</span>
            </div>
        }),
    };
    view! {
        <article class="card" class:card--lead=lead on:pointerenter=move |_| prefetch.run(())
            on:focusin=move |_| prefetch.run(())
            on:touchstart=move |_| prefetch.run(())>
            {picture}
            {title}
            {(lead && !summary.is_empty()).then(|| view! { <p class="card__summary">{isolated(&summary)}</p> })}
            <p class="card__meta">
                <span class="card__section">{section.name}</span>
                " · "
                <TimeStamp datetime=published />
                {move || kept.get().then(|| view! { <span class="card__offline">" · متاح دون اتصال"</span> })}
            </p>
        </article>
    }
}
