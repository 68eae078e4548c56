use crate::{
    api,
    components::{article_card::ArticleCard, error_message::ErrorMessage},
    config::Config,
};
use leptos::prelude::*;
use leptos_meta::Title;

/// `/`: the latest articles, newest first.
#[component]
pub fn Home() -> impl IntoView {
    let config = use_context::<Config>().unwrap_or_default();
    let (attempt, set_attempt) = signal(0_u32);
    let listing = LocalResource::new(move || {
        attempt.track();
        let config = config.clone();
        async move { api::fetch_listing(&config, "index.json").await }
    });
    let retry = Callback::new(move |()| set_attempt.update(|n| *n += 1));
    view! {
        <Title text="" />
        <h1 class="page-title">"أحدث الأخبار"</h1>
        <Transition fallback=|| view! { <p role="status">"جارٍ التحميل…"</p> }>
            {move || Suspend::new(async move {
                match listing.await {
                    Ok(listing) => view! {
                        <ul class="cards">
                            {listing.items.into_iter().map(|summary| view! { <li><ArticleCard summary /></li> }).collect_view()}
                        </ul>
                    }.into_any(),
                    Err(error) => view! { <ErrorMessage error on_retry=retry /> }.into_any(),
                }
            })}
        </Transition>
    }
}
