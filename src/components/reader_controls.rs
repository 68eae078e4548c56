use crate::browser::preferences::{browser, TextSize, Theme};
use crate::leptos_ext::effect::effect;
use leptos::prelude::*;
use wasm_bindgen::{closure::Closure, JsCast};

/// The header's reading settings: dark mode and text size, each remembered for the next visit.
/// Until the reader chooses a theme, the page follows the system's light or dark setting.
#[component]
pub fn ReaderControls() -> impl IntoView {
    let (theme, set_theme) = signal(Theme::Light);
    let (size, set_size) = signal(TextSize::default());

    // Read the state index.html already applied, and follow the system until the reader chooses.
    effect(move || {
        set_theme.set(browser::current_theme());
        set_size.set(browser::text_size());
        let query = web_sys::window()
            .and_then(|w| w.match_media("(prefers-color-scheme: dark)").ok().flatten());
        if let Some(query) = query {
            let on_change = Closure::<dyn FnMut()>::new(move || {
                if browser::chosen_theme().is_none() {
                    let system = if browser::system_prefers_dark() {
                        Theme::Dark
                    } else {
                        Theme::Light
                    };
                    browser::apply_theme(system, false);
                    set_theme.set(system);
                }
            });
            let _ = query
                .add_event_listener_with_callback("change", on_change.as_ref().unchecked_ref());
            // The header lives as long as the page.
            on_change.forget();
        }
    });

    let toggle_theme = move |_| {
        let next = theme.get_untracked().toggled();
        browser::apply_theme(next, true);
        set_theme.set(next);
    };
    let resize = move |next: Option<TextSize>| {
        if let Some(next) = next {
            browser::apply_text_size(next);
            set_size.set(next);
        }
    };

    // Each size button's name starts with the label it shows (WCAG 2.5.3), so a voice-control
    // user who says "أ+" presses it.
    view! {
        <div class="reader-controls" role="group" aria-label="إعدادات القراءة">
            <button
                type="button"
                class="reader-controls__button"
                aria-pressed=move || (theme.get() == Theme::Dark).to_string()
                on:click=toggle_theme
            >
                <svg viewBox="0 0 24 24" width="20" height="20" aria-hidden="true" focusable="false">
                    <path d="M20 14.5A8.5 8.5 0 0 1 9.5 4a8.5 8.5 0 1 0 10.5 10.5z" fill="currentColor" />
                </svg>
                <span class="visually-hidden">"الوضع الداكن"</span>
            </button>
            <button
                type="button"
                class="reader-controls__button"
                aria-label="أ− تصغير النص"
                disabled=move || size.get().smaller().is_none()
                on:click=move |_| resize(size.get_untracked().smaller())
            >
                <span aria-hidden="true">"أ−"</span>
            </button>
            <button
                type="button"
                class="reader-controls__button"
                aria-label="أ+ تكبير النص"
                disabled=move || size.get().larger().is_none()
                on:click=move |_| resize(size.get_untracked().larger())
            >
                <span aria-hidden="true">"أ+"</span>
            </button>
        </div>
    }
}
