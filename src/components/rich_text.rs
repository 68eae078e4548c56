use crate::erase::Erase as _;
use crate::{
    config::app_href,
    format::bidi,
    model::links::safe_href,
    model::{Inline, Span},
};
use leptos::prelude::*;
use leptos_router::components::A;

/// Running text from content: links, emphasis, and Latin runs isolated in `<bdi>`.
/// Every word is a text node; nothing from content is parsed as HTML.
#[component]
pub fn RichText(text: Inline) -> impl IntoView {
    text.spans().into_iter().map(span_view).collect_view()
}

fn span_view(span: Span) -> AnyView {
    match span {
        Span::Text(text) => isolated(&text),
        Span::Styled {
            text,
            href,
            emphasis,
            strong,
        } => {
            let mut inner = isolated(&text);
            if strong {
                inner = view! { <strong>{inner}</strong> }.erase();
            }
            if emphasis {
                inner = view! { <em>{inner}</em> }.erase();
            }
            match href.as_deref().and_then(safe_href) {
                // Same-site links go through the router: no document reload.
                Some(path) if path.starts_with('/') => {
                    view! { <A href=app_href(path)>{inner}</A> }.erase()
                }
                Some(url) => view! { <a href=url.to_owned() rel="noopener">{inner}</a> }.erase(),
                None => inner,
            }
        }
    }
}

/// `text` with each Latin/number run wrapped in `<bdi>`, so "Rust 1.95 (stable)" keeps its order.
pub fn isolated(text: &str) -> AnyView {
    if !bidi::has_ltr(text) {
        return text.to_owned().erase();
    }
    bidi::runs(text)
        .into_iter()
        .map(|run| {
            let words = run.text.to_owned();
            if run.isolate {
                view! { <bdi>{words}</bdi> }.erase()
            } else {
                words.erase()
            }
        })
        .collect_view()
        .erase()
}
