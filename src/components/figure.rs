use crate::{components::rich_text::isolated, model::links::safe_image_src, model::Image};
use leptos::prelude::*;

/// A picture with its caption and credit. `width`/`height` reserve its box before it loads, so
/// nothing below it moves. The lead picture loads first; the others only when scrolled near.
#[component]
pub fn Figure(image: Image, #[prop(optional)] lead: bool) -> impl IntoView {
    let Image {
        src,
        alt,
        caption,
        credit,
        width,
        height,
    } = image;
    let picture = safe_image_src(&src).map(|src| {
        view! {
            <img
                src=src.to_owned()
                alt=alt
                width=width
                height=height
                loading=if lead { "eager" } else { "lazy" }
                fetchpriority=if lead { "high" } else { "auto" }
                decoding="async"
            />
        }
    });
    let has_caption = caption.is_some() || credit.is_some();
    view! {
        <figure class="figure" class:figure--lead=lead>
            {picture}
            {has_caption
                .then(|| {
                    view! {
                        <figcaption>
                            {caption.map(|c| view! { <span class="figure__caption">{isolated(&c)}</span> })}
                            {credit.map(|c| view! { <small class="figure__credit">{isolated(&c)}</small> })}
                        </figcaption>
                    }
                })}
        </figure>
    }
}
