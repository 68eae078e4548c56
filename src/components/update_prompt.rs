use crate::browser::service_worker;
use leptos::prelude::*;

/// "نسخة جديدة متاحة": shown when a new release is installed while this tab runs the previous
/// one. The tab goes on as it is until the reader presses the button (or loads another page).
#[component]
pub fn UpdatePrompt(ready: ReadSignal<bool>) -> impl IntoView {
    move || {
        ready.get().then(|| {
            view! {
                <div class="update-prompt" role="status">
                    <p>"نسخة جديدة متاحة"</p>
                    <button type="button" class="button" on:click=|_| service_worker::activate_update()>
                        "حدّث الآن"
                    </button>
                </div>
            }
        })
    }
}
