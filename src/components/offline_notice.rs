use crate::leptos_ext::effect::effect;
use crate::{
    browser::offline::{current_page_key, kept_at},
    data::config::Config,
    format::intl,
    hooks::use_online::use_online,
};
use leptos::prelude::*;
use leptos_router::hooks::use_location;

/// A discreet line under the header while the browser is offline: the page is a kept copy, and
/// when it was stored. Nothing in the prerendered page (the browser's state is read after hydration).
#[component]
pub fn OfflineNotice() -> impl IntoView {
    let config = use_context::<Config>().unwrap_or_default();
    let online = use_online();
    let location = use_location();
    let saved = RwSignal::new(None::<String>);
    effect(move || {
        let _ = location.pathname.get();
        if online.get() {
            return;
        }
        let config = config.clone();
        leptos::task::spawn_local(async move {
            let mut keys: Vec<String> = current_page_key().into_iter().collect();
            if let Some((_, slug)) = location.pathname.get_untracked().split_once("/article/") {
                keys.push(config.api_url(&format!("articles/{}.json", slug.trim_end_matches('/'))));
            }
            let when = kept_at(&keys).await.filter(|ms| ms.is_finite());
            saved.set(when.map(|ms| intl::date_time(&config, ms as i64)));
        });
    });
    move || {
        (!online.get()).then(|| {
            view! {
                <p class="offline-notice" role="status">
                    "لا يوجد اتصال — تعرض نسخة محفوظة"
                    {move || saved.get().map(|when| view! { " (حُفظت " <bdi>{when}</bdi> ")" })}
                </p>
            }
        })
    }
}
