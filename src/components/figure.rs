use crate::{
    components::rich_text::isolated,
    model::{links::safe_image_src, Image, ImageFormat},
};
use leptos::{either::Either, prelude::*};

/// How wide a figure is drawn (the text column, `style/base.css`), for the browser to choose
/// a file before it lays the page out. On screens of 2.5 device pixels per CSS pixel and more
/// (most phones of 3), two thirds of that: a file of at most about two device pixels per CSS
/// pixel, where a third more cannot be seen and costs half as many bytes again.
pub const FIGURE_SIZES: &str = "(min-resolution: 2.5dppx) and (min-width: 46rem) 28rem, (min-resolution: 2.5dppx) 61vw, (min-width: 46rem) 42rem, 92vw";

/// How wide a card's picture is drawn: half the column from 48rem (`style/related.css`), else
/// the column; two thirds of that on dense screens, as for figures.
pub const CARD_SIZES: &str = "(min-resolution: 2.5dppx) and (min-width: 48rem) 14rem, (min-resolution: 2.5dppx) 61vw, (min-width: 48rem) 21rem, 92vw";

/// A picture with its caption and credit. `width`/`height` reserve its box before it loads, so
/// nothing below it moves. The lead picture loads first; the others only when scrolled near.
#[component]
pub fn Figure(image: Image, #[prop(optional)] lead: bool) -> impl IntoView {
    let picture = picture(&image, image.alt.clone(), FIGURE_SIZES, lead, "");
    let Image {
        caption, credit, ..
    } = image;
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

/// The picture itself. A photograph is a `<picture>`: its WebP files, then its JPEG (or PNG)
/// files, each width named so that the browser fetches the smallest that fills `sizes` at the
/// screen's density; its box shows the picture's average colour until it arrives (an SVG
/// rectangle: the Content-Security-Policy allows no `style` attribute). A drawing (SVG) or a
/// picture elsewhere is its one file. `None` when the address is not one the app loads.
pub fn picture(
    image: &Image,
    alt: String,
    sizes: &'static str,
    lead: bool,
    class: &'static str,
) -> Option<impl IntoView> {
    let src = safe_image_src(&image.src)?;
    let (width, height) = (image.width, image.height);
    let loading = if lead { "eager" } else { "lazy" };
    let priority = if lead { "high" } else { "auto" };
    let Some(fallback) = image.fallback_at(u32::MAX) else {
        return Some(Either::Left(view! {
            <img class=class src=src.to_owned() alt=alt width=width height=height
                loading=loading fetchpriority=priority decoding="async" />
        }));
    };
    let fallback_src = safe_image_src(&fallback.file)?.to_owned();
    let webp = image.srcset(ImageFormat::Webp);
    let placeholder = image.placeholder.clone().map(|fill| {
        view! {
            <svg class="picture__placeholder" aria-hidden="true" viewBox="0 0 1 1" preserveAspectRatio="none">
                <rect width="1" height="1" fill=fill />
            </svg>
        }
    });
    Some(Either::Right(view! {
        <div class="picture">
            {placeholder}
            <picture>
                {(!webp.is_empty()).then(|| view! { <source type="image/webp" srcset=webp sizes=sizes /> })}
                <img class=class src=fallback_src srcset=image.srcset(fallback.format)
                    sizes=sizes alt=alt width=width height=height loading=loading
                    fetchpriority=priority decoding="async" />
            </picture>
        </div>
    }))
}
