use crate::leptos_ext::effect::effect;
use crate::{
    components::latest_list::LatestList,
    data::config::{app_href, Config},
    data::head::Head,
};
use leptos::prelude::*;
use leptos_router::components::A;

/// The page for an address that names nothing: says so in Arabic (and in the document title),
/// and offers the way home and the latest articles.
#[component]
pub fn NotFound() -> impl IntoView {
    effect(move || {
        crate::browser::focus::page_heading_shown("page-heading");
        crate::browser::scroll_memory::page_rendered();
    });
    let config = use_context::<Config>().unwrap_or_default();
    view! {
        {Head::new(&config, "الصفحة غير موجودة").noindex()}
        <div class="message">
            <h1 id="page-heading" class="message__title" tabindex="-1">"الصفحة غير موجودة"</h1>
            <p>"لم نعثر على ما تبحث عنه. ربما نُقل المقال أو حُذف، أو أن الرابط غير صحيح."</p>
            <p class="message__actions">
                <A href=app_href("/")>"العودة إلى الصفحة الرئيسية"</A>
            </p>
            <LatestList limit=5 heading="أحدث المقالات" />
        </div>
    }
}
