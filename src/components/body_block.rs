use crate::{
    components::{
        figure::Figure,
        rich_text::{isolated, RichText},
    },
    model::Block,
};
use leptos::{
    either::{Either, EitherOf5},
    prelude::*,
};

/// One block of an article's body, as the element that means it.
#[component]
pub fn BodyBlock(block: Block) -> impl IntoView {
    match block {
        Block::Paragraph { text } => EitherOf5::A(view! { <p><RichText text /></p> }),
        // The page's <h1> is the headline, so subheadings are <h2>: headings stay in order.
        Block::Heading { text } => EitherOf5::B(view! { <h2>{isolated(&text)}</h2> }),
        Block::List { ordered, items } => {
            let items = items
                .into_iter()
                .map(|text| view! { <li><RichText text /></li> })
                .collect_view();
            EitherOf5::C(if ordered {
                Either::Left(view! { <ol>{items}</ol> })
            } else {
                Either::Right(view! { <ul>{items}</ul> })
            })
        }
        Block::Quote { text, source } => EitherOf5::D(view! {
            <figure class="quote">
                <blockquote><p><RichText text /></p></blockquote>
                {source.map(|s| view! { <figcaption>{isolated(&s)}</figcaption> })}
            </figure>
        }),
        Block::Figure { image } => EitherOf5::E(view! { <Figure image /> }),
    }
}
