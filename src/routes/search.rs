use crate::leptos_ext::effect::effect;
use crate::{
    browser::focus,
    components::time_stamp::TimeStamp,
    data::config::{app_href, Config},
    data::head::Head,
    format::intl,
    model::search::{normalise_query, searchable, Searchable},
    search::{
        pagefind::{self, Found, Hit},
        snippet::Segment,
    },
};
use leptos::either::Either;
use leptos::prelude::*;
use leptos_router::{components::A, hooks::use_query_map};

/// Results shown at once, and added by "more".
pub const PAGE_SIZE: usize = 20;
/// A query is cut here: longer ones are pasted text, not something typed.
const MAX_QUERY_CHARS: usize = 200;

/// Where a search stands.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum State {
    /// Before the app runs: the prerendered page (what a reader without JavaScript keeps).
    NotStarted,
    /// Nothing to search for: an empty query, or punctuation and marks only.
    Empty,
    /// Only function words (في، من …), which the index leaves out.
    OnlyCommonWords,
    Searching,
    /// The index could not be loaded or read.
    Failed,
    /// `hits` holds the first results of this many.
    Found(usize),
}

/// What the reader is told, in Arabic; the query is isolated (FSI…PDI) so a Latin query does not
/// reorder the sentence.
fn message(state: State, query: &str, count: &str) -> String {
    match state {
        State::NotStarted => {
            "يحتاج البحث إلى تفعيل جافاسكربت في المتصفح. يمكنك تصفّح الأقسام من القائمة أعلاه."
                .to_owned()
        }
        State::Empty => "اكتب في خانة البحث كلمة أو أكثر، بالعربية أو بالحروف اللاتينية.".to_owned(),
        State::OnlyCommonWords => format!(
            "«\u{2068}{query}\u{2069}» من الكلمات الشائعة التي لا يُبحث عنها وحدها. أضف إليها كلمة أخرى، مثل اسم أو مكان."
        ),
        State::Searching => "جارٍ البحث…".to_owned(),
        State::Failed => "تعذّر تحميل فهرس البحث. تحقّق من اتصالك ثم أعد تحميل الصفحة.".to_owned(),
        State::Found(0) => {
            format!("لا توجد نتائج لـ«\u{2068}{query}\u{2069}». جرّب كلمة أخرى أو كلمات أقل.")
        }
        State::Found(_) => format!("عدد النتائج: {count} لـ«\u{2068}{query}\u{2069}»"),
    }
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
    let hits = RwSignal::new(Vec::<Hit>::new());
    let loading_more = RwSignal::new(false);
    let found = StoredValue::new_local(None::<Found>);
    // A newer query makes an older one's late answer irrelevant. Read after an `.await` only with
    // `try_get_value`: the reader may have left the page meanwhile, which disposes it, and
    // `get_value` on a disposed value panics (an abort that stops the whole app).
    let generation = StoredValue::new(0_u64);

    // The query is read after hydration: the prerendered page has none, whatever the address says.
    effect(move || {
        let raw: String = query_map
            .read()
            .get("q")
            .unwrap_or_default()
            .chars()
            .take(MAX_QUERY_CHARS)
            .collect();
        query.set(raw.trim().to_owned());
        generation.update_value(|g| *g += 1);
        let current = generation.get_value();
        found.set_value(None);
        hits.set(Vec::new());
        match searchable(&raw) {
            Searchable::Yes => {}
            Searchable::Nothing => {
                state.set(State::Empty);
                return;
            }
            Searchable::OnlyCommonWords => {
                state.set(State::OnlyCommonWords);
                return;
            }
        }
        state.set(State::Searching);
        let script = script.clone();
        leptos::task::spawn_local(async move {
            let outcome = match pagefind::search(&script, &normalise_query(&raw)).await {
                Ok(results) => results
                    .hits(0..PAGE_SIZE)
                    .await
                    .map(|first| (results, first)),
                Err(error) => Err(error),
            };
            if generation.try_get_value() != Some(current) {
                return;
            }
            match outcome {
                Ok((results, first)) => {
                    let total = results.len();
                    found.set_value(Some(results));
                    hits.set(first);
                    state.set(State::Found(total));
                }
                Err(error) => {
                    crate::browser::js_string::console_error(&format!("khabar: search: {error}"));
                    state.set(State::Failed);
                }
            }
        });
    });
    effect(move || {
        focus::page_heading_shown("page-heading");
        crate::browser::scroll_memory::page_rendered();
    });

    let more = move |_| {
        // Busy, not disabled: a disabled button would drop the keyboard focus it holds.
        if loading_more.get_untracked() {
            return;
        }
        let Some(results) = found.with_value(Clone::clone) else {
            return;
        };
        let current = generation.get_value();
        let start = hits.with_untracked(Vec::len);
        loading_more.set(true);
        leptos::task::spawn_local(async move {
            let next = results.hits(start..start + PAGE_SIZE).await;
            if generation.try_get_value() != Some(current) {
                return;
            }
            loading_more.set(false);
            match next {
                Ok(next) => {
                    hits.update(|hits| hits.extend(next));
                    // Keyboard and screen-reader users continue from the first added result.
                    focus::focus_next_frame(format!("result-{start}"));
                }
                Err(error) => {
                    crate::browser::js_string::console_error(&format!("khabar: search: {error}"));
                    state.set(State::Failed);
                }
            }
        });
    };

    let head_config = config.clone();
    let head = move || {
        let query = query.get();
        let title = if query.is_empty() {
            "بحث".to_owned()
        } else {
            format!("بحث: {query}")
        };
        Head::new(&head_config, &title).noindex()
    };
    let status = move || {
        let state = state.get();
        let count = match state {
            State::Found(total) => intl::number(&config, total as f64),
            _ => String::new(),
        };
        message(state, &query.get(), &count)
    };
    let results = move || {
        hits.get()
            .into_iter()
            .enumerate()
            .map(|(i, hit)| view! { <SearchResult hit id=format!("result-{i}") /> })
            .collect_view()
    };
    let no_more = move || match state.get() {
        State::Found(total) => hits.with(Vec::len) >= total,
        _ => true,
    };

    view! {
        {head}
        <section class="search" aria-labelledby="page-heading">
            <h1 id="page-heading" class="page-title" tabindex="-1">"البحث"</h1>
            <p class="search__status" role="status">{status}</p>
            <ol class="search__results">{results}</ol>
            <p class="search__more" hidden=no_more>
                <button
                    type="button"
                    class="button"
                    on:click=more
                    aria-disabled=move || loading_more.get().then_some("true")
                    aria-busy=move || loading_more.get().then_some("true")
                >
                    {move || if loading_more.get() { "جارٍ التحميل…" } else { "المزيد من النتائج" }}
                </button>
            </p>
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
                Either::Left(view! { <mark>{text}</mark> })
            } else {
                Either::Right(text)
            }
        })
        .collect_view();
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

#[cfg(test)]
mod tests {
    use super::*;

    /// Guards against a Latin query reordering the Arabic sentence it is quoted in.
    #[test]
    fn the_query_is_isolated_in_the_message() {
        let text = message(State::Found(0), "WebAssembly 2", "");
        assert!(text.starts_with("لا توجد نتائج"));
        assert!(text.contains("\u{2068}WebAssembly 2\u{2069}"));
    }
}
