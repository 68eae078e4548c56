use crate::leptos_ext::effect::effect;
use crate::{
    browser::offline::page_key,
    browser::saved::{self, Saved},
    data::config::Config,
    model::Summary,
};
use leptos::prelude::*;
use leptos_router::components::A;

/// "احفظ للقراءة لاحقًا": keeps the article on this device until the reader removes it, readable
/// offline from `/saved`. The first render is the unsaved state (as prerendered); the stored state
/// is read after hydration.
#[component]
pub fn SaveButton(
    summary: Summary,
    /// The article's pictures (`images/…` or https URLs): the lead one and those in its text.
    pictures: Vec<String>,
) -> impl IntoView {
    let config = use_context::<Config>().unwrap_or_default();
    let is_saved = RwSignal::new(false);
    let busy = RwSignal::new(false);
    let message = RwSignal::new(None::<&'static str>);
    let slug = summary.slug.clone();
    let check = slug.clone();
    effect(move || is_saved.set(saved::contains(&saved::load(), &check)));

    // The article's JSON (any page of the site renders it from that), its page and its picture.
    let files_config = config.clone();
    let files = move || {
        let window = web_sys::window();
        let base = window
            .as_ref()
            .and_then(|w| w.document())
            .and_then(|d| d.base_uri().ok().flatten())
            .unwrap_or_default();
        let origin = window
            .and_then(|w| w.location().origin().ok())
            .unwrap_or_default();
        let json = vec![files_config.api_url(&format!("articles/{slug}.json"))];
        let mut others = vec![page_key(&format!(
            "{origin}{}",
            files_config.href(&format!("/article/{slug}"))
        ))];
        for src in pictures
            .iter()
            .filter_map(|src| crate::model::links::safe_image_src(src))
        {
            if let Ok(url) = web_sys::Url::new_with_base(src, &base) {
                others.push(url.href());
            }
        }
        (json, others)
    };

    let toggle = move |_| {
        if busy.get_untracked() {
            return;
        }
        let (json, others) = files();
        if is_saved.get_untracked() {
            let slug = summary.slug.clone();
            if saved::store(&saved::without(&saved::load(), &slug)) {
                is_saved.set(false);
                // Said once it is true: its copies are gone too.
                leptos::task::spawn_local(async move {
                    saved::forget(&[json, others].concat()).await;
                    message.set(Some("أُزيل المقال من المحفوظات."));
                });
            }
            return;
        }
        busy.set(true);
        let summary = summary.clone();
        leptos::task::spawn_local(async move {
            let item = Saved {
                summary,
                saved_at: js_sys::Date::now() as i64,
            };
            if saved::keep(&json, &others).await && saved::store(&saved::with(&saved::load(), item))
            {
                is_saved.set(true);
                message.set(Some(
                    "حُفظ المقال، ويمكنك قراءته دون اتصال من صفحة المحفوظات.",
                ));
            } else {
                message.set(Some(
                    "تعذر حفظ المقال. تحقق من الاتصال ومن مساحة التخزين ثم حاول مرة أخرى.",
                ));
            }
            busy.set(false);
        });
    };

    view! {
        <div class="save">
            // Never `disabled` while saving: the button would lose keyboard focus.
            <button type="button" class="button save__button" on:click=toggle aria-busy=move || busy.get().then_some("true")>
                {move || if is_saved.get() { "أزل من المحفوظات" } else { "احفظ للقراءة لاحقًا" }}
            </button>
            <A href=config.href("/saved")>"المقالات المحفوظة"</A>
            <p class="save__status" role="status">{move || message.get()}</p>
        </div>
    }
}
