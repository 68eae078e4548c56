use crate::{
    data::config::app_href,
    format::bidi,
    leptos_ext::erase::SyncHydrate,
    model::links::safe_href,
    model::{Inline, Span},
};
use leptos::{
    either::{Either, EitherOf3},
    prelude::*,
};
use leptos_router::components::A;

/// Running text from content: links, emphasis, and Latin runs isolated in `<bdi>`.
/// Every word is a text node; nothing from content is parsed as HTML.
#[component]
pub fn RichText(text: Inline) -> impl IntoView {
    text.spans().into_iter().map(span_view).collect_view()
}

// Either rather than `into_any()` in this module: the typed views compile smaller (see `erase`).
fn span_view(span: Span) -> impl IntoView {
    match span {
        Span::Text(text) => Either::Left(isolated(&text)),
        Span::Styled {
            text,
            href,
            emphasis,
            strong,
        } => {
            let inner = isolated(&text);
            let inner = if strong {
                Either::Left(view! { <strong>{inner}</strong> })
            } else {
                Either::Right(inner)
            };
            let inner = if emphasis {
                Either::Left(view! { <em>{inner}</em> })
            } else {
                Either::Right(inner)
            };
            Either::Right(match href.as_deref().and_then(safe_href) {
                // Same-site links go through the router: no document reload.
                Some(path) if path.starts_with('/') => {
                    EitherOf3::A(view! { <A href=app_href(path)>{SyncHydrate(inner)}</A> })
                }
                Some(url) => {
                    EitherOf3::B(view! { <a href=url.to_owned() rel="noopener">{inner}</a> })
                }
                None => EitherOf3::C(inner),
            })
        }
    }
}

/// `text` with each Latin/number run wrapped in `<bdi>`, so "Rust 1.95 (stable)" keeps its order.
///
/// Often a link's text, which `<A>` erases: [`SyncHydrate`] keeps that from compiling an async
/// copy of its hydration.
pub fn isolated(text: &str) -> impl IntoView + use<> {
    if !bidi::has_ltr(text) {
        return SyncHydrate(Either::Left(text.to_owned()));
    }
    SyncHydrate(Either::Right(
        bidi::runs(text)
            .into_iter()
            .map(|run| {
                let words = run.text.to_owned();
                if run.isolate {
                    Either::Left(view! { <bdi>{words}</bdi> })
                } else {
                    Either::Right(words)
                }
            })
            .collect_view(),
    ))
}
