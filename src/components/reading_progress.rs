use crate::hooks::use_window_scroll::use_window_scroll;
use leptos::prelude::*;

/// A thin bar along the top edge showing how far through the article the reader is.
/// Decorative (`aria-hidden`): the scroll position already tells assistive technology as much.
#[component]
pub fn ReadingProgress() -> impl IntoView {
    let scroll = use_window_scroll();
    // Whole ten-thousandths: integer formatting keeps float printing out of the wasm. At the
    // top the stylesheet's scaleX(0) holds: no style attribute in the prerendered page, which
    // the Content-Security-Policy (no inline styles) would refuse.
    let transform = move || {
        let permyriad = (scroll.get().progress() * 10_000.0).round() as u32;
        (permyriad > 0).then(|| format!("scaleX({}.{:04})", permyriad / 10_000, permyriad % 10_000))
    };
    view! {
        <div class="reading-progress" aria-hidden="true">
            <div class="reading-progress__bar" style:transform=transform></div>
        </div>
    }
}
