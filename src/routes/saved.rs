use crate::components::article_card::ArticleCard;
use crate::leptos_ext::effect::effect;
use crate::{browser::focus, browser::saved, data::config::Config, data::head::Head};
use leptos::either::EitherOf3;
use leptos::prelude::*;

/// `/saved`: the articles the reader saved on this device, newest saved first, readable offline.
/// The list lives in the browser: the prerendered page has the heading only, and the list is
/// filled after hydration.
#[component]
pub fn SavedPage() -> impl IntoView {
    let list = RwSignal::new(None::<Vec<saved::Saved>>);
    effect(move || {
        list.set(Some(saved::load()));
        focus::page_heading_shown("page-heading");
        crate::browser::scroll_memory::page_rendered();
    });
    let config = use_context::<Config>().unwrap_or_default();
    view! {
        // What one reader saved on one device: nothing for search engines.
        {Head::new(&config, "المقالات المحفوظة").noindex()}
        <h1 id="page-heading" class="page-title" tabindex="-1">"المقالات المحفوظة"</h1>
        <p class="saved__intro">"محفوظة على هذا الجهاز، تُقرأ ولو دون اتصال."</p>
        {move || match list.get() {
            None => EitherOf3::A(view! { <p class="listing__loading" role="status">"جارٍ التحميل…"</p> }),
            Some(items) if items.is_empty() => EitherOf3::B(view! {
                <p class="saved__empty">
                    "لم تحفظ أي مقال بعد. اضغط «احفظ للقراءة لاحقًا» في أي مقال لتقرأه هنا ولو دون اتصال."
                </p>
            }),
            Some(items) => EitherOf3::C(view! {
                <ul class="cards">
                    {items.into_iter().map(|item| view! { <li><ArticleCard summary=item.summary in_listing=true /></li> }).collect_view()}
                </ul>
            }),
        }}
    }
}
