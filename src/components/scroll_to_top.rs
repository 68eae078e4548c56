use crate::{browser::focus::focus_by_id, hooks::use_window_scroll::use_window_scroll};
use leptos::prelude::*;

/// Whether the button should show: once the reader is at least one screen down the page.
pub fn is_past_first_screen(scroll_y: f64, viewport_height: f64) -> bool {
    viewport_height > 0.0 && scroll_y >= viewport_height
}

/// "الذهاب إلى الأعلى": a real button in the bottom inline-end corner that appears after a screen
/// of scrolling and glides back to the top (instantly for readers who ask for reduced motion),
/// then leaves keyboard focus at the top of the page rather than on a button that just vanished.
#[component]
// Hidden state is `visibility: hidden` in CSS (after the fade), which also takes the button out
// of the tab order and the accessibility tree.
pub fn ScrollToTop(
    /// The element that receives focus once at the top (must be focusable, e.g. `tabindex="-1"`).
    #[prop(into)]
    focus_target: String,
) -> impl IntoView {
    let scroll = use_window_scroll();
    let visible = move || {
        let scroll = scroll.get();
        is_past_first_screen(scroll.y, scroll.viewport)
    };

    let to_top = move |_| {
        let Some(window) = web_sys::window() else {
            return;
        };
        let reduce_motion = window
            .match_media("(prefers-reduced-motion: reduce)")
            .ok()
            .flatten()
            .is_some_and(|query| query.matches());
        let options = web_sys::ScrollToOptions::new();
        options.set_top(0.0);
        options.set_behavior(if reduce_motion {
            web_sys::ScrollBehavior::Instant
        } else {
            web_sys::ScrollBehavior::Smooth
        });
        window.scroll_to_with_scroll_to_options(&options);
        focus_by_id(&focus_target, true);
    };

    view! {
        <button
            type="button"
            class="to-top"
            class:to-top--visible=visible
            on:click=to_top
        >
            <svg viewBox="0 0 24 24" width="24" height="24" aria-hidden="true" focusable="false">
                <path d="M12 5l-7 7h4v7h6v-7h4z" fill="currentColor" />
            </svg>
            <span class="visually-hidden">"الذهاب إلى الأعلى"</span>
        </button>
    }
}
