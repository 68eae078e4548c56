use crate::{
    config::Config,
    format::{datetime, intl, relative},
};
use leptos::prelude::*;

/// A machine-readable `<time>` with the date in Arabic, and "منذ ساعتين" for recent moments.
/// A timestamp that cannot be read is shown as written rather than hidden.
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
        return view! { <time>{datetime}</time> }.into_any();
    };
    let absolute = if with_time {
        intl::date_time(&config, parsed.epoch_ms)
    } else {
        intl::date(&config, parsed.epoch_ms)
    };
    let ago = relative::ago(intl::now_ms(), parsed.epoch_ms).map(|ago| {
        let count = ago.count().unwrap_or(0);
        let phrase = ago.phrase(
            intl::plural_category(f64::from(count)),
            &intl::number(&config, f64::from(count)),
        );
        view! { <span class="time-ago">{phrase}</span> }
    });
    view! {
        <time datetime=datetime>{absolute}</time>
        {ago}
    }
    .into_any()
}
