use crate::{
    components::article_card::ArticleCard,
    model::{Summary, MAX_RELATED},
};
use leptos::prelude::*;

/// "مقالات ذات صلة": up to six cards, in the order the content gives (editor's picks first).
/// Nothing at all is rendered when there are none.
#[component]
pub fn RelatedList(items: Vec<Summary>) -> impl IntoView {
    (!items.is_empty()).then(|| {
        let cards = items
            .into_iter()
            .take(MAX_RELATED)
            .map(|summary| view! { <li><ArticleCard summary /></li> })
            .collect_view();
        view! {
            <section class="related" aria-labelledby="related-heading">
                <h2 id="related-heading">"مقالات ذات صلة"</h2>
                <ul class="related__list">{cards}</ul>
            </section>
        }
    })
}
