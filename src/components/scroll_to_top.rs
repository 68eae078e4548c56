use leptos::prelude::*;
use wasm_bindgen::{closure::Closure, JsCast};

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
    let (visible, set_visible) = signal(false);

    // One passive scroll listener; at most one visibility update per animation frame.
    Effect::new(move |_| {
        let Some(window) = web_sys::window() else {
            return;
        };
        let frame_pending = std::rc::Rc::new(std::cell::Cell::new(false));
        let on_frame = {
            let frame_pending = frame_pending.clone();
            Closure::<dyn FnMut()>::new(move || {
                frame_pending.set(false);
                if let Some(window) = web_sys::window() {
                    let y = window.scroll_y().unwrap_or(0.0);
                    let h = window
                        .inner_height()
                        .ok()
                        .and_then(|h| h.as_f64())
                        .unwrap_or(0.0);
                    set_visible.set(is_past_first_screen(y, h));
                }
            })
        };
        let on_scroll = Closure::<dyn FnMut()>::new(move || {
            if frame_pending.replace(true) {
                return;
            }
            if let Some(window) = web_sys::window() {
                let _ = window.request_animation_frame(on_frame.as_ref().unchecked_ref());
            }
        });
        let options = web_sys::AddEventListenerOptions::new();
        options.set_passive(true);
        let _ = window.add_event_listener_with_callback_and_add_event_listener_options(
            "scroll",
            on_scroll.as_ref().unchecked_ref(),
            &options,
        );
        let listener = StoredValue::new_local(Some(on_scroll));
        on_cleanup(move || {
            if let (Some(window), Some(on_scroll)) = (
                web_sys::window(),
                listener.try_update_value(Option::take).flatten(),
            ) {
                let _ = window.remove_event_listener_with_callback(
                    "scroll",
                    on_scroll.as_ref().unchecked_ref(),
                );
            }
        });
    });

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
        let target = window
            .document()
            .and_then(|d| d.get_element_by_id(&focus_target))
            .and_then(|el| el.dyn_into::<web_sys::HtmlElement>().ok());
        if let Some(target) = target {
            // Focus without jumping, so the smooth scroll carries on.
            let focus = web_sys::FocusOptions::new();
            focus.set_prevent_scroll(true);
            let _ = target.focus_with_options(&focus);
        }
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
