use crate::hooks::use_window_scroll::use_window_scroll;
use leptos::prelude::*;

/// A thin bar along the top edge showing how far through the article the reader is.
/// Decorative (`aria-hidden`): the scroll position already tells assistive technology as much.
#[component]
pub fn ReadingProgress() -> impl IntoView {
    let scroll = use_window_scroll();
    let transform = move || format!("scaleX({:.4})", scroll.get().progress());
    view! {
        <div class="reading-progress" aria-hidden="true">
            <div class="reading-progress__bar" style:transform=transform></div>
        </div>
    }
}
