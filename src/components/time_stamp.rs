use crate::leptos_ext::effect::effect;
use crate::{
    data::config::Config,
    format::{datetime, fixed, intl, relative},
};
use leptos::{either::Either, prelude::*};

/// A machine-readable `<time>` with the date in Arabic, and "منذ ساعتين" for recent moments.
/// A timestamp that cannot be read is shown as written rather than hidden.
///
/// The first render is the same on the build machine and in the browser (the date as written,
/// in its own offset: see [`fixed::date`]); after hydration the browser's `Intl` writes it in the
/// reader's time zone and the site's calendar, and adds how long ago it was.
#[component]
pub fn TimeStamp(
    /// ISO-8601 with an offset, from the content.
    datetime: String,
    /// Show the time of day too (article bylines), not just the date (cards).
    #[prop(optional)]
    with_time: bool,
) -> impl IntoView {
    let config = use_context::<Config>().unwrap_or_default();
    let Ok(parsed) = datetime::parse(&datetime) else {
        return Either::Left(view! { <time>{datetime}</time> });
    };
    let absolute = RwSignal::new(fixed::date(parsed, with_time, &config.digits));
    let ago = RwSignal::new(None::<String>);
    // After hydration, and once a worker has loaded Intl's data (`intl::ready`): the first use of
    // Intl on the main thread would load it there, in a task that holds up a reader's tap.
    effect(move || {
        let config = config.clone();
        leptos::task::spawn_local(async move {
            intl::ready().await;
            let date = if with_time {
                intl::date_time(&config, parsed.epoch_ms)
            } else {
                intl::date(&config, parsed.epoch_ms)
            };
            let phrase = relative::ago(intl::now_ms(), parsed.epoch_ms).map(|ago| {
                let count = ago.count().unwrap_or(0);
                ago.phrase(
                    intl::plural_category(f64::from(count)),
                    &intl::number(&config, f64::from(count)),
                )
            });
            // The page may have moved on meanwhile (its signals then gone).
            let _ = absolute.try_set(date);
            let _ = ago.try_set(phrase);
        });
    });
    Either::Right(view! {
        <time datetime=datetime>{absolute}</time>
        {move || ago.get().map(|phrase| view! { <span class="time-ago">{phrase}</span> })}
    })
}
