use crate::erase::Erase as _;
use crate::{
    components::{
        figure::Figure,
        rich_text::{isolated, RichText},
    },
    model::Block,
};
use leptos::prelude::*;

/// One block of an article's body, as the element that means it.
#[component]
pub fn BodyBlock(block: Block) -> impl IntoView {
    match block {
        Block::Paragraph { text } => view! { <p><RichText text /></p> }.erase(),
        // The page's <h1> is the headline, so subheadings are <h2>: headings stay in order.
        Block::Heading { text } => view! { <h2>{isolated(&text)}</h2> }.erase(),
        Block::List { ordered, items } => {
            let items = items
                .into_iter()
                .map(|text| view! { <li><RichText text /></li> })
                .collect_view();
            if ordered {
                view! { <ol>{items}</ol> }.erase()
            } else {
                view! { <ul>{items}</ul> }.erase()
            }
        }
        Block::Quote { text, source } => view! {
            <figure class="quote">
                <blockquote><p><RichText text /></p></blockquote>
                {source.map(|s| view! { <figcaption>{isolated(&s)}</figcaption> })}
            </figure>
        }
        .erase(),
        Block::Figure { image } => view! { <Figure image /> }.erase(),
    }
}
