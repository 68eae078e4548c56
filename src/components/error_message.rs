use crate::leptos_ext::effect::effect;
use crate::{
    data::config::{app_href, Config},
    data::error::{ApiError, Subject},
    data::head::Head,
};
use leptos::prelude::*;
use leptos_router::components::A;

/// What the reader sees when content could not be shown: what happened, in Arabic, a retry when
/// trying again can help, and a way home. The technical detail goes to the console.
#[component]
pub fn ErrorMessage(
    error: ApiError,
    /// What failed to load, so the message names it (an article unless told otherwise).
    #[prop(optional)]
    subject: Subject,
    #[prop(optional)] on_retry: Option<Callback<()>>,
) -> impl IntoView {
    leptos::logging::error!("khabar: {error}");
    let (title, detail) = error.reader_message(subject);
    effect(crate::browser::scroll_memory::page_rendered);
    let retry = on_retry.filter(|_| error.is_retryable()).map(|on_retry| {
        view! {
            <button type="button" class="button" on:click=move |_| on_retry.run(())>
                "إعادة المحاولة"
            </button>
        }
    });
    let config = use_context::<Config>().unwrap_or_default();
    view! {
        {Head::new(&config, title)}
        <div class="message" role="alert">
            <h1 id="error-heading" class="message__title" tabindex="-1">{title}</h1>
            <p>{detail}</p>
            <p class="message__actions">
                {retry}
                <A href=app_href("/")>"الصفحة الرئيسية"</A>
            </p>
        </div>
    }
}
