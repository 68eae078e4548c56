use crate::{
    components::{page_head::SiteLanguage, time_stamp::TimeStamp},
    config::{app_href, Config},
    focus,
    format::intl,
    model::search::{is_searchable, normalise_query},
    search::{
        pagefind::{self, Found, Hit},
        snippet::Segment,
    },
};
use leptos::prelude::*;
use leptos_meta::{Meta, Title};
use leptos_router::{components::A, hooks::use_query_map};

/// Results shown at once, and added by "more".
pub const PAGE_SIZE: usize = 20;
/// A query is cut here: longer ones are pasted text, not something typed.
const MAX_QUERY_CHARS: usize = 200;

/// Where a search stands.
#[derive(Clone, Debug, PartialEq)]
enum State {
    /// Before the app runs: the prerendered page (what a reader without JavaScript keeps).
    NotStarted,
    /// Nothing to search for: an empty query, or punctuation and marks only.
    Empty,
    Searching,
    /// The index could not be loaded or read.
    Failed,
    Found {
        total: usize,
        hits: Vec<Hit>,
        loading_more: bool,
    },
}

/// `/search?q=<query>`: the articles that contain the query's words, best first (newest first
/// among equals), twenty at a time. The index is loaded on the first search of the visit; the
/// prerendered page (no query, no results) tells a reader without JavaScript that search needs it.
#[component]
pub fn SearchPage() -> impl IntoView {
    let config = use_context::<Config>().unwrap_or_default();
    let script = config.href("/pagefind/khabar-search.js");
    let query_map = use_query_map();
    let query = RwSignal::new(String::new());
    let state = RwSignal::new(State::NotStarted);
    let found = StoredValue::new_local(None::<Found>);
    // A newer query makes an older one's late answer irrelevant.
    let generation = StoredValue::new(0_u64);

    // The query is read after hydration: the prerendered page has none, whatever the address says.
    Effect::new(move |_| {
        let raw: String = query_map
            .read()
            .get("q")
            .unwrap_or_default()
            .chars()
            .take(MAX_QUERY_CHARS)
            .collect();
        query.set(raw.clone());
        generation.update_value(|g| *g += 1);
        let current = generation.get_value();
        found.set_value(None);
        if !is_searchable(&raw) {
            state.set(State::Empty);
            return;
        }
        state.set(State::Searching);
        let script = script.clone();
        leptos::task::spawn_local(async move {
            let outcome = match pagefind::search(&script, &normalise_query(&raw)).await {
                Ok(results) => results.hits(0..PAGE_SIZE).await.map(|hits| (results, hits)),
                Err(error) => Err(error),
            };
            if generation.get_value() != current {
                return;
            }
            match outcome {
                Ok((results, hits)) => {
                    let total = results.len();
                    found.set_value(Some(results));
                    state.set(State::Found {
                        total,
                        hits,
                        loading_more: false,
                    });
                }
                Err(error) => {
                    leptos::logging::error!("khabar: search: {error}");
                    state.set(State::Failed);
                }
            }
        });
    });
    Effect::new(move |_| {
        focus::page_heading_shown("page-heading");
        crate::scroll_memory::page_rendered();
    });

    let more = move |_| {
        let State::Found { hits, total, .. } = state.get_untracked() else {
            return;
        };
        let Some(results) = found.with_value(Clone::clone) else {
            return;
        };
        let current = generation.get_value();
        let start = hits.len();
        state.set(State::Found {
            total,
            hits,
            loading_more: true,
        });
        leptos::task::spawn_local(async move {
            let next = results.hits(start..start + PAGE_SIZE).await;
            if generation.get_value() != current {
                return;
            }
            match next {
                Ok(next) => {
                    let first_new = format!("result-{start}");
                    state.update(|state| {
                        if let State::Found {
                            hits, loading_more, ..
                        } = state
                        {
                            hits.extend(next);
                            *loading_more = false;
                        }
                    });
                    // Keyboard and screen-reader users continue from the first added result.
                    leptos::prelude::request_animation_frame(move || {
                        focus::focus_by_id(&first_new, false);
                    });
                }
                Err(error) => {
                    leptos::logging::error!("khabar: search: {error}");
                    state.set(State::Failed);
                }
            }
        });
    };

    let title = move || {
        let query = query.get();
        if query.trim().is_empty() {
            "بحث".to_owned()
        } else {
            format!("بحث: {}", query.trim())
        }
    };
    let body = move || {
        match state.get() {
        State::NotStarted => view! {
            <p class="search__status">
                "يحتاج البحث إلى JavaScript: فعّلها في متصفحك ثم أعد البحث، أو تصفّح الأقسام من القائمة."
            </p>
        }
        .into_any(),
        State::Empty => view! {
            <p class="search__status" role="status">
                "اكتب في خانة البحث كلمة أو أكثر، بالعربية أو بالحروف اللاتينية."
            </p>
        }
        .into_any(),
        State::Searching => {
            view! { <p class="search__status" role="status">"جارٍ البحث…"</p> }.into_any()
        }
        State::Failed => view! {
            <div class="search__status" role="alert">
                <p>"تعذّر تحميل فهرس البحث. تحقّق من اتصالك ثم أعد تحميل الصفحة."</p>
            </div>
        }
        .into_any(),
        State::Found { total: 0, .. } => view! {
            <p class="search__status" role="status">
                "لا توجد نتائج لـ«" <bdi>{query.get_untracked()}</bdi> "». جرّب كلمة أخرى أو أقل عددًا."
            </p>
        }
        .into_any(),
        State::Found { total, hits, loading_more } => {
            let config = use_context::<Config>().unwrap_or_default();
            let count = intl::number(&config, total as f64);
            let shown = hits.len();
            let items = hits
                .into_iter()
                .enumerate()
                .map(|(i, hit)| view! { <SearchResult hit id=format!("result-{i}") /> })
                .collect::<Vec<_>>();
            let more_button = (shown < total).then(|| {
                view! {
                    <p class="search__more">
                        <button type="button" class="button" on:click=more disabled=loading_more>
                            {if loading_more { "جارٍ التحميل…" } else { "المزيد من النتائج" }}
                        </button>
                    </p>
                }
            });
            view! {
                <p class="search__status" role="status">
                    "عدد النتائج: " {count} " لـ«" <bdi>{query.get_untracked()}</bdi> "»"
                </p>
                <ol class="search__results">{items}</ol>
                {more_button}
            }
            .into_any()
        }
    }
    };

    view! {
        <SiteLanguage />
        <Title text=title />
        <Meta name="robots" content="noindex" />
        <section class="search" aria-labelledby="page-heading">
            <h1 id="page-heading" class="page-title" tabindex="-1">"البحث"</h1>
            {body}
        </section>
    }
}

/// One article found: headline (a link), section and date, and the words around the match.
#[component]
fn SearchResult(hit: Hit, id: String) -> impl IntoView {
    let href = app_href(&format!("/article/{}", hit.slug));
    let snippet = hit
        .snippet
        .into_iter()
        .map(|Segment { text, marked }| {
            if marked {
                view! { <mark>{text}</mark> }.into_any()
            } else {
                text.into_any()
            }
        })
        .collect::<Vec<_>>();
    view! {
        <li class="search-result">
            <h2 class="search-result__title">
                <A href=href attr:id=id>{hit.headline}</A>
            </h2>
            <p class="search-result__meta">
                {hit.section} " · " <TimeStamp datetime=hit.published />
            </p>
            <p class="search-result__snippet">{snippet}</p>
        </li>
    }
}
