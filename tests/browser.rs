//! Component tests in a real browser (headless Chromium through wasm-bindgen-test-runner):
//! mount a component, drive it, read the DOM.
#![cfg(target_arch = "wasm32")]

use khabar::{
    components::{
        body_block::BodyBlock,
        related_list::RelatedList,
        scroll_to_top::{is_past_first_screen, ScrollToTop},
    },
    data::json_reader,
    data::page_data::{PageContent, PageData},
    format::{intl, plural::PluralCategory, reading_time},
    model::{
        Article, Block, Direction, Image, ImageFormat, Inline, Listing, Section, SectionRef, Site,
        Span, Summary, Variant,
    },
    routes::article::ArticleView,
};
use leptos::{mount::mount_to, prelude::*, task::tick};
use leptos_router::components::Router;
use std::rc::Rc;
use wasm_bindgen::{JsCast, JsValue};
use wasm_bindgen_test::*;

wasm_bindgen_test_configure!(run_in_browser);

fn document() -> web_sys::Document {
    web_sys::window()
        .and_then(|w| w.document())
        .expect("a browser document")
}

/// A fresh container in the page, so tests don't see each other's DOM.
/// A fresh element to render into. Every component test starts here, so the app's own executor
/// (`TaskPerSpawn`: each spawned future starts in a browser task of its own) runs them, as in
/// production; Leptos's mount functions would otherwise set up wasm-bindgen's.
fn container() -> web_sys::HtmlElement {
    let _ = any_spawner::Executor::init_custom_executor(khabar::leptos_ext::executor::TaskPerSpawn);
    let el = document().create_element("div").unwrap();
    document().body().unwrap().append_child(&el).unwrap();
    el.unchecked_into()
}

/// Clicks the first element of `root` that matches `selector`.
fn click(root: &web_sys::Element, selector: &str) {
    root.query_selector(selector)
        .unwrap()
        .unwrap()
        .unchecked_into::<web_sys::HtmlElement>()
        .click();
}

fn texts(root: &web_sys::Element, selector: &str) -> Vec<String> {
    let list = root.query_selector_all(selector).unwrap();
    (0..list.length())
        .filter_map(|i| list.item(i))
        .map(|n| n.text_content().unwrap_or_default())
        .collect()
}

fn seed() -> Article {
    let json = include_str!("../public/api/articles/putin-assad-summit-moscow.json");
    Article::from_json(json).expect("the published seed article parses")
}

fn image(src: &str) -> Image {
    Image {
        src: src.into(),
        alt: "وصف".into(),
        caption: Some("تعليق".into()),
        credit: Some("رسم: خبر".into()),
        width: 1200,
        height: 675,
        placeholder: None,
        variants: Vec::new(),
        card_variants: Vec::new(),
    }
}

/// A photograph as `make content` publishes it: its files and its placeholder colour.
fn photo(stem: &str) -> Image {
    let variant = |width: u32, format: ImageFormat| Variant {
        file: format!("images/{stem}-{width}-0123abcd.{}", format.name()),
        width,
        format,
    };
    Image {
        placeholder: Some("#102030".into()),
        variants: vec![
            variant(320, ImageFormat::Webp),
            variant(320, ImageFormat::Jpeg),
            variant(1000, ImageFormat::Webp),
            variant(1000, ImageFormat::Jpeg),
        ],
        width: 1000,
        height: 872,
        ..image(&format!("images/{stem}.jpg"))
    }
}

fn summary(slug: &str) -> Summary {
    Summary {
        slug: slug.into(),
        headline: format!("عنوان {slug}"),
        section: SectionRef {
            slug: "science".into(),
            name: "علوم".into(),
        },
        published: "2026-11-01T10:00:00+03:00".into(),
        summary: String::new(),
        image: None,
    }
}

/// Guards against the article view losing the headline or any paragraph of the seed article.
#[wasm_bindgen_test]
async fn article_view_shows_the_seed_headline_and_paragraphs() {
    let root = container();
    let paragraphs: Vec<String> = seed()
        .body
        .iter()
        .filter_map(|b| match b {
            Block::Paragraph { text } => Some(text.plain_text()),
            _ => None,
        })
        .collect();
    let _mount = mount_to(root.clone(), || {
        view! { <Router><ArticleView article=Rc::new(seed()) /></Router> }
    });
    tick().await;
    assert!(texts(&root, "h1")[0].starts_with("قمة بوتين والأسد"));
    assert_eq!(texts(&root, ".article__body > p"), paragraphs);
    assert_eq!(
        root.query_selector("article")
            .unwrap()
            .unwrap()
            .get_attribute("dir")
            .as_deref(),
        Some("rtl")
    );
    assert_eq!(texts(&root, ".article__section a"), vec!["الأخبار"]);
}

/// Guards against a block type rendering as the wrong element (or not at all).
#[wasm_bindgen_test]
async fn each_block_type_renders_as_its_element() {
    let blocks = vec![
        Block::Paragraph {
            text: Inline::Plain("فقرة".into()),
        },
        Block::Heading {
            text: "عنوان فرعي".into(),
        },
        Block::List {
            ordered: false,
            items: vec![Inline::Plain("أ".into()), Inline::Plain("ب".into())],
        },
        Block::List {
            ordered: true,
            items: vec![Inline::Plain("١".into())],
        },
        Block::Quote {
            text: Inline::Plain("قول".into()),
            source: Some("مصدر".into()),
        },
        Block::Figure {
            image: image("images/x.svg"),
        },
    ];
    let root = container();
    let _mount = mount_to(root.clone(), move || {
        view! { <Router>{blocks.clone().into_iter().map(|block| view! { <BodyBlock block /> }).collect_view()}</Router> }
    });
    tick().await;
    assert_eq!(texts(&root, "p"), vec!["فقرة", "قول"]);
    assert_eq!(texts(&root, "h2"), vec!["عنوان فرعي"]);
    assert_eq!(texts(&root, "ul > li"), vec!["أ", "ب"]);
    assert_eq!(texts(&root, "ol > li"), vec!["١"]);
    assert_eq!(texts(&root, "figure.quote blockquote"), vec!["قول"]);
    assert_eq!(texts(&root, "figure.quote figcaption"), vec!["مصدر"]);
    let img = root.query_selector("figure.figure img").unwrap().unwrap();
    assert_eq!(img.get_attribute("width").as_deref(), Some("1200"));
    assert_eq!(img.get_attribute("height").as_deref(), Some("675"));
    assert_eq!(img.get_attribute("alt").as_deref(), Some("وصف"));
    assert_eq!(
        texts(&root, "figure.figure figcaption .figure__credit"),
        vec!["رسم: خبر"]
    );
}

/// Guards against content text being parsed as markup or unsafe links becoming anchors.
#[wasm_bindgen_test]
async fn hostile_text_stays_text_and_script_links_are_not_links() {
    let block = Block::Paragraph {
        text: Inline::Runs(vec![
            Span::Text("<img src=x onerror=\"window.pwned=1\">".into()),
            Span::Styled {
                text: "اضغط".into(),
                href: Some("javascript:window.pwned=1".into()),
                emphasis: false,
                strong: false,
            },
            Span::Styled {
                text: "مصدر".into(),
                href: Some("https://example.org/".into()),
                emphasis: true,
                strong: false,
            },
        ]),
    };
    let root = container();
    let _mount = mount_to(
        root.clone(),
        move || view! { <Router><BodyBlock block=block.clone() /></Router> },
    );
    tick().await;
    assert!(root.query_selector("img").unwrap().is_none());
    assert!(root
        .text_content()
        .unwrap_or_default()
        .contains("<img src=x onerror="));
    let links = root.query_selector_all("a").unwrap();
    assert_eq!(links.length(), 1);
    let link: web_sys::Element = links.item(0).unwrap().unchecked_into();
    assert_eq!(
        link.get_attribute("href").as_deref(),
        Some("https://example.org/")
    );
    assert_eq!(texts(&root, "a em"), vec!["مصدر"]);
}

/// Guards against Latin names and numbers reordering an Arabic sentence.
#[wasm_bindgen_test]
async fn latin_runs_are_isolated_in_bdi() {
    let block = Block::Paragraph {
        text: Inline::Plain("أصدرت Rust 1.95 (stable) يوم 3 مارس.".into()),
    };
    let root = container();
    let _mount = mount_to(
        root.clone(),
        move || view! { <Router><BodyBlock block=block.clone() /></Router> },
    );
    tick().await;
    assert_eq!(texts(&root, "p bdi"), vec!["Rust 1.95 (stable)", "3"]);
    assert_eq!(
        texts(&root, "p"),
        vec!["أصدرت Rust 1.95 (stable) يوم 3 مارس."]
    );
}

/// Guards against wrong Arabic plural forms, the zero form included: each of the six categories
/// Intl gives for ar has its own phrase, and every one of them is checked.
#[wasm_bindgen_test]
fn reading_time_uses_all_six_arabic_plural_forms() {
    let config = khabar::data::config::Config::default();
    let phrase =
        |n: f64| reading_time::MINUTE.count(intl::plural_category(n), &intl::number(&config, n));
    let cases = [
        (0.0, PluralCategory::Zero, "0 دقيقة"),
        (1.0, PluralCategory::One, "دقيقة"),
        (2.0, PluralCategory::Two, "دقيقتان"),
        (3.0, PluralCategory::Few, "3 دقائق"),
        (10.0, PluralCategory::Few, "10 دقائق"),
        (103.0, PluralCategory::Few, "103 دقائق"),
        (11.0, PluralCategory::Many, "11 دقيقة"),
        (99.0, PluralCategory::Many, "99 دقيقة"),
        (100.0, PluralCategory::Other, "100 دقيقة"),
    ];
    for (n, category, expected) in cases {
        assert_eq!(intl::plural_category(n), category, "category of {n}");
        assert_eq!(phrase(n), expected, "phrase for {n}");
    }
    let mut covered: Vec<String> = cases.iter().map(|(_, c, _)| format!("{c:?}")).collect();
    covered.dedup();
    covered.sort();
    covered.dedup();
    assert_eq!(covered.len(), 6, "all six categories: {covered:?}");
}

/// Guards against the related list overflowing six cards or showing an empty section.
#[wasm_bindgen_test]
async fn related_list_shows_at_most_six_cards_and_nothing_when_empty() {
    let items: Vec<Summary> = (1..=8).map(|i| summary(&format!("a{i}"))).collect();
    let root = container();
    let _mount = mount_to(
        root.clone(),
        move || view! { <Router><RelatedList items=items.clone() /></Router> },
    );
    tick().await;
    let section = root
        .query_selector("section.related")
        .unwrap()
        .expect("the related section");
    assert_eq!(
        section.get_attribute("aria-labelledby").as_deref(),
        Some("related-heading")
    );
    assert_eq!(texts(&root, "section.related h2"), vec!["مقالات ذات صلة"]);
    assert_eq!(
        root.query_selector_all("section.related li a")
            .unwrap()
            .length(),
        6
    );
    let href = root
        .query_selector("section.related li a")
        .unwrap()
        .unwrap()
        .get_attribute("href");
    assert_eq!(href.as_deref(), Some("/article/a1"));
    // A card without a picture gets the drawn stand-in.
    assert!(root.query_selector(".card__image--none").unwrap().is_some());

    let empty = container();
    let _mount = mount_to(
        empty.clone(),
        || view! { <Router><RelatedList items=Vec::new() /></Router> },
    );
    tick().await;
    assert!(empty.query_selector("section").unwrap().is_none());
}

async fn next_frame() {
    let promise = js_sys::Promise::new(&mut |resolve, _| {
        let _ = web_sys::window().unwrap().request_animation_frame(&resolve);
    });
    let _ = wasm_bindgen_futures::JsFuture::from(promise).await;
}

/// Guards against the scroll-to-top button showing too early or never hiding again.
#[wasm_bindgen_test]
async fn scroll_to_top_appears_after_one_screen_and_hides_at_the_top() {
    assert!(!is_past_first_screen(0.0, 800.0));
    assert!(!is_past_first_screen(799.0, 800.0));
    assert!(is_past_first_screen(800.0, 800.0));
    assert!(!is_past_first_screen(10.0, 0.0));

    let window = web_sys::window().unwrap();
    let root = container();
    root.style().set_property("height", "10000px").unwrap();
    let _mount = mount_to(
        root.clone(),
        || view! { <ScrollToTop focus_target="top" /> },
    );
    tick().await;
    let button = root
        .query_selector("button.to-top")
        .unwrap()
        .expect("a real button");
    assert_eq!(texts(&root, "button.to-top"), vec!["الذهاب إلى الأعلى"]);
    assert!(!button.class_list().contains("to-top--visible"));

    let screen = window.inner_height().unwrap().as_f64().unwrap();
    window.scroll_to_with_x_and_y(0.0, screen + 10.0);
    next_frame().await;
    next_frame().await;
    tick().await;
    assert!(button.class_list().contains("to-top--visible"));

    window.scroll_to_with_x_and_y(0.0, 0.0);
    next_frame().await;
    next_frame().await;
    tick().await;
    assert!(!button.class_list().contains("to-top--visible"));
}

/// Guards against dates in English or digits ignoring the site's setting.
#[wasm_bindgen_test]
fn dates_use_arabic_month_names_and_the_configured_digits() {
    let western = khabar::data::config::Config::default();
    let eastern = khabar::data::config::Config {
        digits: "arab".into(),
        ..khabar::data::config::Config::default()
    };
    let seed = khabar::format::datetime::parse("2023-03-15T12:00:00+03:00").unwrap();
    let date = intl::date(&western, seed.epoch_ms);
    assert!(date.contains("مارس") && date.contains("2023"), "{date}");
    let date = intl::date(&eastern, seed.epoch_ms);
    assert!(date.contains("مارس") && date.contains("٢٠٢٣"), "{date}");
    assert_eq!(intl::number(&eastern, 11.0), "١١");
    assert_eq!(
        reading_time::MINUTE.count(intl::plural_category(3.0), &intl::number(&eastern, 3.0)),
        "٣ دقائق"
    );
}

/// Guards against a visible jump when the browser rewrites a prerendered date with `Intl`: in the
/// zone the date was written in, the build machine's text and the browser's are the same, for both
/// digit styles and for morning, afternoon and midnight.
#[wasm_bindgen_test]
fn the_prerendered_date_is_what_intl_writes_in_the_same_zone() {
    use khabar::format::{datetime::Timestamp, fixed};
    for (iso, digits) in [
        ("2023-03-15T18:05:00Z", "latn"),
        ("2026-11-29T09:30:00Z", "arab"),
        ("2024-02-29T00:30:00Z", "latn"),
    ] {
        let config = khabar::data::config::Config {
            digits: digits.into(),
            ..khabar::data::config::Config::default()
        };
        let utc = khabar::format::datetime::parse(iso).unwrap();
        // The browser writes dates in its own zone: give the timestamp that offset.
        let offset =
            -js_sys::Date::new(&JsValue::from_f64(utc.epoch_ms as f64)).get_timezone_offset();
        let local = Timestamp {
            epoch_ms: utc.epoch_ms,
            offset_minutes: offset as i32,
        };
        assert_eq!(
            fixed::date(local, true, digits),
            intl::date_time(&config, utc.epoch_ms)
        );
        assert_eq!(
            fixed::date(local, false, digits),
            intl::date(&config, utc.epoch_ms)
        );
    }
}

/// Counts the listeners added to and removed from `target` from now on (`__listeners()`).
fn count_listeners(target: &web_sys::EventTarget) {
    let patch = js_sys::Function::new_with_args(
        "target",
        "let n = 0;
         const add = target.addEventListener, remove = target.removeEventListener;
         target.addEventListener = function (...a) { n += 1; return add.apply(this, a); };
         target.removeEventListener = function (...a) { n -= 1; return remove.apply(this, a); };
         target.__listeners = () => n;",
    );
    patch.call1(&JsValue::NULL, target).unwrap();
}

fn listeners(target: &web_sys::EventTarget) -> f64 {
    let count: js_sys::Function = js_sys::Reflect::get(target, &"__listeners".into())
        .unwrap()
        .unchecked_into();
    count.call0(&JsValue::NULL).unwrap().as_f64().unwrap()
}

/// Guards against every finished request leaving its abort listener (and the closure behind it)
/// on the caller's signal: a reader who opened a hundred articles kept a hundred of them.
#[wasm_bindgen_test]
async fn a_finished_request_removes_its_abort_listener() {
    let controller = web_sys::AbortController::new().unwrap();
    let signal = controller.signal();
    count_listeners(&signal);
    let value: Section = khabar::data::api::fetch_json(
        "data:application/json,{\"slug\":\"a\",\"name\":\"b\"}",
        Some(&signal),
    )
    .await
    .unwrap();
    assert_eq!(value.slug, "a");
    assert_eq!(listeners(&signal), 0.0, "listeners left after a success");

    let failed =
        khabar::data::api::fetch_json::<Section>("data:application/json,not json", Some(&signal))
            .await;
    assert!(matches!(
        failed,
        Err(khabar::data::error::ApiError::Malformed(_))
    ));
    assert_eq!(listeners(&signal), 0.0, "listeners left after a failure");
}

/// Guards against a request that the reader abandons running on to its timeout: aborting the
/// caller's signal ends it at once, as "aborted", and leaves no listener behind.
#[wasm_bindgen_test]
async fn aborting_the_caller_ends_the_request_as_aborted() {
    let controller = web_sys::AbortController::new().unwrap();
    let signal = controller.signal();
    count_listeners(&signal);
    // The request starts on its first poll; the abort comes before any answer can.
    let request =
        khabar::data::api::fetch_json::<Section>("data:application/json,{}", Some(&signal));
    let (result, ()) = futures::join!(request, async { controller.abort() });
    assert_eq!(result, Err(khabar::data::error::ApiError::Aborted));
    assert_eq!(listeners(&signal), 0.0);
}

#[wasm_bindgen_test]
async fn a_spawned_future_starts_in_a_browser_task_of_its_own() {
    // Defect guarded: hydration's effects and suspended parts, spawned at once, ran as microtasks
    // of the task that spawned them: one long task in which the page answered no tap.
    use any_spawner::CustomExecutor;
    use std::cell::RefCell;
    let order = Rc::new(RefCell::new(Vec::new()));
    let spawned = order.clone();
    khabar::leptos_ext::executor::TaskPerSpawn.spawn_local(Box::pin(async move {
        spawned.borrow_mut().push("spawned");
    }));
    let microtask = order.clone();
    wasm_bindgen_futures::spawn_local(async move {
        microtask
            .borrow_mut()
            .push("microtask of the spawning task");
    });
    next_frame().await;
    next_frame().await;
    assert_eq!(
        *order.borrow(),
        ["microtask of the spawning task", "spawned"]
    );
}

/// Every article of the sample site as published (`public/api/articles/`). `tests/published.rs`
/// (native) fails when a published file is missing from these lists.
const PUBLISHED_ARTICLES: [&str; 24] = [
    include_str!("../public/api/articles/arabic-calligraphy-exhibition.json"),
    include_str!("../public/api/articles/autumn-rain-forecast.json"),
    include_str!("../public/api/articles/blood-donation-campaign.json"),
    include_str!("../public/api/articles/boreal-forest-carbon.json"),
    include_str!("../public/api/articles/chess-olympiad-youth.json"),
    include_str!("../public/api/articles/city-metro-third-line.json"),
    include_str!("../public/api/articles/coral-reef-heatwave.json"),
    include_str!("../public/api/articles/date-palm-exports.json"),
    include_str!("../public/api/articles/desert-bees-research.json"),
    include_str!("../public/api/articles/desert-marathon-record.json"),
    include_str!("../public/api/articles/heatwave-preparedness-guide.json"),
    include_str!("../public/api/articles/hubble-extreme-deep-field.json"),
    include_str!("../public/api/articles/manuscripts-digitisation-project.json"),
    include_str!("../public/api/articles/mars-dust-storm-study.json"),
    include_str!("../public/api/articles/national-library-night-hours.json"),
    include_str!("../public/api/articles/old-cinema-restored.json"),
    include_str!("../public/api/articles/postal-parcel-lockers.json"),
    include_str!("../public/api/articles/putin-assad-summit-moscow.json"),
    include_str!("../public/api/articles/reusable-cups-cafes.json"),
    include_str!("../public/api/articles/rural-internet-cables.json"),
    include_str!("../public/api/articles/small-business-digital-payments.json"),
    include_str!("../public/api/articles/solar-powered-schools.json"),
    include_str!("../public/api/articles/webassembly-arabic-apps.json"),
    include_str!("../public/api/articles/youth-football-league.json"),
];

/// Every listing page of the sample site as published (`public/api/index.json`, `sections/`,
/// `topics/`, `authors/`).
const PUBLISHED_LISTINGS: [&str; 76] = [
    include_str!("../public/api/index.json"),
    include_str!("../public/api/sections/culture.json"),
    include_str!("../public/api/sections/economy.json"),
    include_str!("../public/api/sections/news.json"),
    include_str!("../public/api/sections/science.json"),
    include_str!("../public/api/sections/sport.json"),
    include_str!("../public/api/sections/technology.json"),
    include_str!("../public/api/sections/weather.json"),
    include_str!("../public/api/topics/alaab-alqwy.json"),
    include_str!("../public/api/topics/alantrnt.json"),
    include_str!("../public/api/topics/albhar.json"),
    include_str!("../public/api/topics/albyih.json"),
    include_str!("../public/api/topics/alfda.json"),
    include_str!("../public/api/topics/alfjwh-alrqmyh.json"),
    include_str!("../public/api/topics/alghabat.json"),
    include_str!("../public/api/topics/alkhryf.json"),
    include_str!("../public/api/topics/alkht-alarby.json"),
    include_str!("../public/api/topics/allghh-alarbyh.json"),
    include_str!("../public/api/topics/almjrat.json"),
    include_str!("../public/api/topics/almkhtwtat.json"),
    include_str!("../public/api/topics/almnakh.json"),
    include_str!("../public/api/topics/almqahy.json"),
    include_str!("../public/api/topics/almrykh.json"),
    include_str!("../public/api/topics/alnashiwn.json"),
    include_str!("../public/api/topics/alshra.json"),
    include_str!("../public/api/topics/alshrkat-alsghyrh.json"),
    include_str!("../public/api/topics/alshtrnj.json"),
    include_str!("../public/api/topics/althqafh.json"),
    include_str!("../public/api/topics/altqnyh.json"),
    include_str!("../public/api/topics/altqs.json"),
    include_str!("../public/api/topics/altrath.json"),
    include_str!("../public/api/topics/alwm-almnakh.json"),
    include_str!("../public/api/topics/alwyb.json"),
    include_str!("../public/api/topics/alzraah.json"),
    include_str!("../public/api/topics/amarh.json"),
    include_str!("../public/api/topics/amtar.json"),
    include_str!("../public/api/topics/aqtsad-rqmy.json"),
    include_str!("../public/api/topics/aqtsad.json"),
    include_str!("../public/api/topics/bryd.json"),
    include_str!("../public/api/topics/btwlat.json"),
    include_str!("../public/api/topics/fnwn.json"),
    include_str!("../public/api/topics/kremlin.json"),
    include_str!("../public/api/topics/krh-alqdm.json"),
    include_str!("../public/api/topics/maard.json"),
    include_str!("../public/api/topics/mdfwaat.json"),
    include_str!("../public/api/topics/mdn.json"),
    include_str!("../public/api/topics/mktbat.json"),
    include_str!("../public/api/topics/mshrwaat-sghyrh.json"),
    include_str!("../public/api/topics/mwjat-alhr.json"),
    include_str!("../public/api/topics/nhl.json"),
    include_str!("../public/api/topics/nql.json"),
    include_str!("../public/api/topics/politics.json"),
    include_str!("../public/api/topics/public-services.json"),
    include_str!("../public/api/topics/russia.json"),
    include_str!("../public/api/topics/ryadh.json"),
    include_str!("../public/api/topics/ryf.json"),
    include_str!("../public/api/topics/sadrat.json"),
    include_str!("../public/api/topics/shh.json"),
    include_str!("../public/api/topics/synma.json"),
    include_str!("../public/api/topics/syria.json"),
    include_str!("../public/api/topics/talym.json"),
    include_str!("../public/api/topics/taqh-shmsyh.json"),
    include_str!("../public/api/topics/tlskwb-habl.json"),
    include_str!("../public/api/topics/tnwa-hywy.json"),
    include_str!("../public/api/topics/trath.json"),
    include_str!("../public/api/topics/tswq-alktrwny.json"),
    include_str!("../public/api/topics/ttwa.json"),
    include_str!("../public/api/authors/culture-desk.json"),
    include_str!("../public/api/authors/economy-desk.json"),
    include_str!("../public/api/authors/environment-desk.json"),
    include_str!("../public/api/authors/khabar-team.json"),
    include_str!("../public/api/authors/science-desk.json"),
    include_str!("../public/api/authors/sport-desk.json"),
    include_str!("../public/api/authors/technology-desk.json"),
    include_str!("../public/api/authors/weather-bulletin.json"),
    include_str!("../public/api/authors/weather-desk.json"),
];

/// An article that sets every optional field of the content model, every block and span kind,
/// and text that JSON must escape.
const EVERY_FIELD: &str = include_str!("fixtures/every-field.json");

/// The browser's reading of an article equals serde's, field by field (a failure names the field).
fn assert_read_as_serde_does(json: &str) {
    let expected: Article = serde_json::from_str(json).expect("serde reads the article");
    let read: Article = json_reader::from_str(json).expect("the browser reads the article");
    let slug = &expected.slug;
    assert_eq!(read.slug, expected.slug, "slug");
    assert_eq!(read.lang, expected.lang, "{slug}: lang");
    assert_eq!(read.dir, expected.dir, "{slug}: dir");
    assert_eq!(read.section, expected.section, "{slug}: section");
    assert_eq!(read.headline, expected.headline, "{slug}: headline");
    assert_eq!(read.subtitle, expected.subtitle, "{slug}: subtitle");
    assert_eq!(read.summary, expected.summary, "{slug}: summary");
    assert_eq!(read.published, expected.published, "{slug}: published");
    assert_eq!(read.updated, expected.updated, "{slug}: updated");
    assert_eq!(read.authors, expected.authors, "{slug}: authors");
    assert_eq!(read.image, expected.image, "{slug}: image");
    assert_eq!(read.tags, expected.tags, "{slug}: tags");
    assert_eq!(read.topics, expected.topics, "{slug}: topics");
    assert_eq!(read.body.len(), expected.body.len(), "{slug}: body");
    for (i, (read, expected)) in read.body.iter().zip(&expected.body).enumerate() {
        assert_eq!(read, expected, "{slug}: body[{i}]");
    }
    assert_eq!(read.related, expected.related, "{slug}: related");
}

/// Guards against the app's JSON reader drifting from the content model: a field it skips or
/// reads differently would show articles without their links, pictures or related list.
#[wasm_bindgen_test]
fn the_app_reads_every_published_file_as_the_content_model_does() {
    for json in PUBLISHED_ARTICLES {
        assert_read_as_serde_does(json);
    }
    for json in PUBLISHED_LISTINGS {
        let expected: Listing = serde_json::from_str(json).expect("serde reads the listing");
        let read: Listing = json_reader::from_str(json).expect("the browser reads the listing");
        assert_eq!(
            (read.page, read.pages),
            (expected.page, expected.pages),
            "page"
        );
        assert_eq!(read.next, expected.next, "next");
        assert_eq!(read.items, expected.items, "items");
        assert_eq!(read.topic, expected.topic, "topic");
        assert_eq!(read.writer, expected.writer, "writer");
    }
    let site = include_str!("../public/api/site.json");
    assert_eq!(
        json_reader::from_str::<Site>(site),
        Ok(serde_json::from_str::<Site>(site).expect("the published site file"))
    );
}

/// Guards against an optional field the sample content happens not to use being read
/// differently by the browser (a subtitle, an author's page, a credit, a styled link).
#[wasm_bindgen_test]
fn the_app_reads_every_optional_field_as_the_content_model_does() {
    let article: Article = serde_json::from_str(EVERY_FIELD).expect("the fixture");
    // The fixture really sets what it claims to.
    assert!(article.subtitle.is_some() && article.updated.is_some());
    assert!(article.authors.iter().any(|a| a.url.is_some()));
    assert!(article
        .image
        .as_ref()
        .is_some_and(|i| i.caption.is_some() && i.credit.is_some()));
    assert!(article.related.iter().any(|r| r.image.is_some()));
    assert_read_as_serde_does(EVERY_FIELD);
}

/// The data block's text as `khabar-publish` writes it (`prerender::script_text`).
fn script_text(data: &PageData) -> String {
    serde_json::to_string(data)
        .expect("page data")
        .replace('<', "\\u003c")
}

/// Guards against a prerendered page's data block that the browser cannot read back, which
/// would make every page render afresh instead of hydrating.
#[wasm_bindgen_test]
fn the_page_data_block_reads_back() {
    let data = PageData {
        path: "/article/x".into(),
        site: serde_json::from_str(include_str!("../public/api/site.json")).expect("site"),
        content: PageContent::Article {
            article: Box::new(seed()),
        },
    };
    assert_eq!(json_reader::from_str(&script_text(&data)), Ok(data));
    let listing: Listing =
        serde_json::from_str(include_str!("../public/api/index.json")).expect("listing");
    for content in [
        PageContent::Listing {
            file: "index.json".into(),
            listing: listing.clone(),
        },
        PageContent::NotFound { latest: listing },
        PageContent::Search,
        PageContent::Saved,
    ] {
        let data = PageData {
            path: "/".into(),
            site: Site {
                name: "خبر".into(),
                description: String::new(),
                url: String::new(),
                lang: "ar".into(),
                sections: vec![],
            },
            content,
        };
        assert_eq!(json_reader::from_str(&script_text(&data)), Ok(data));
    }
}

/// Guards against malformed or hostile JSON trapping the wasm (a blank page) instead of becoming
/// an error the page explains in Arabic; each error names the field for the console.
#[wasm_bindgen_test]
fn malformed_json_is_an_error_naming_the_field_never_a_trap() {
    let seed = include_str!("../public/api/articles/putin-assad-summit-moscow.json");
    let without = |field: &str| {
        let mut value: serde_json::Value = serde_json::from_str(seed).expect("seed");
        value.as_object_mut().map(|o| o.remove(field));
        value.to_string()
    };
    let with = |field: &str, json: &str| {
        let mut value: serde_json::Value = serde_json::from_str(seed).expect("seed");
        let replacement: serde_json::Value = serde_json::from_str(json).expect("replacement");
        value
            .as_object_mut()
            .map(|o| o.insert(field.into(), replacement));
        value.to_string()
    };
    let cases = [
        ("{\"slug\": \"x\", \"headline\": ".to_owned(), ""),
        ("".to_owned(), ""),
        ("null".to_owned(), ""),
        ("[]".to_owned(), ""),
        ("\"text\"".to_owned(), ""),
        (without("headline"), "headline"),
        (without("body"), "body"),
        (with("headline", "42"), "headline"),
        (with("section", "\"news\""), "section"),
        (with("dir", "\"up\""), "dir"),
        (with("body", "{}"), "body"),
        (with("body", "[{\"type\": \"video\"}]"), "body[0]"),
        (
            with("body", "[{\"type\": \"paragraph\", \"text\": 7}]"),
            "body[0].text",
        ),
        (
            with("body", "[{\"type\": \"paragraph\", \"text\": [1]}]"),
            "body[0].text[0]",
        ),
        (
            with(
                "body",
                "[{\"type\": \"list\", \"items\": [[{\"href\": \"/a\"}]]}]",
            ),
            "body[0].items[0][0].text",
        ),
        (
            with(
                "image",
                "{\"src\": \"images/a.svg\", \"alt\": \"a\", \"width\": -1, \"height\": 1}",
            ),
            "image.width",
        ),
        (
            with(
                "image",
                "{\"src\": \"images/a.svg\", \"alt\": \"a\", \"width\": 1.5, \"height\": 1}",
            ),
            "image.width",
        ),
        (
            with(
                "image",
                "{\"src\": \"images/a.svg\", \"alt\": \"a\", \"width\": \"10\", \"height\": 1}",
            ),
            "image.width",
        ),
        (
            with(
                "image",
                "{\"src\": \"images/a.svg\", \"alt\": \"a\", \"width\": 1e10, \"height\": 1}",
            ),
            "image.width",
        ),
        (
            with("related", "[{\"slug\": \"a\"}]"),
            "related[0].headline",
        ),
        (with("tags", "[\"a\", null]"), "tags[1]"),
    ];
    for (json, field) in cases {
        let error = json_reader::from_str::<Article>(&json).expect_err(&json);
        assert!(error.to_string().starts_with(field), "{error} for {json}");
    }
}

/// Guards against absent optional fields being refused or given other defaults than the content
/// model's (an article without `lang` must still be Arabic, right to left).
#[wasm_bindgen_test]
fn absent_optional_fields_take_the_models_defaults() {
    let json = r#"{"slug":"a","section":{"slug":"news","name":"أخبار"},"headline":"ع","summary":"م",
        "published":"2026-11-01T10:00:00+03:00","body":[{"type":"list","items":["بند"]}],
        "updated":null}"#;
    let article: Article = json_reader::from_str(json).expect("a minimal article");
    assert_eq!(
        article,
        Article::from_json(json).expect("serde reads it too")
    );
    assert_eq!((article.lang.as_str(), article.dir), ("ar", Direction::Rtl));
}

#[wasm_bindgen_test]
fn the_saved_list_reads_back_what_was_stored_and_an_unreadable_one_is_empty() {
    // Defect guarded: /saved losing or garbling a saved article (quotes, new lines, a picture) on
    // the way through storage, or failing because storage holds something else under its key.
    use khabar::browser::saved::{parse, to_json, Saved};
    let mut summary = summary("a");
    summary.headline = "«قمة» \"موسكو\"\n</script> \\ ok".into();
    summary.image = Some(photo("a"));
    let list = vec![
        Saved {
            summary,
            saved_at: 1_764_400_000_000,
        },
        Saved {
            summary: self::summary("b"),
            saved_at: 1_764_300_000_000,
        },
    ];
    assert_eq!(parse(Some(&to_json(&list))), list);
    assert!(parse(Some("not json")).is_empty());
    assert!(parse(Some("{\"summary\": 1}")).is_empty());
    assert!(parse(None).is_empty());
}

/// Guards against hydration re-creating or walking the article body: the element the build wrote
/// is taken over as it is (its view is never even made), and what follows it still hydrates.
#[wasm_bindgen_test]
async fn an_inert_part_is_taken_over_as_written_and_what_follows_still_hydrates() {
    use khabar::leptos_ext::inert::Inert;
    use std::sync::{
        atomic::{AtomicBool, AtomicUsize, Ordering},
        Arc,
    };
    let host = container();
    host.set_inner_html(
        r#"<div class="body"><p>النص كما كتبه البناء</p></div><button type="button">زر</button>"#,
    );
    let written = host.query_selector(".body p").unwrap().unwrap();
    let (made, clicks) = (
        Arc::new(AtomicBool::new(false)),
        Arc::new(AtomicUsize::new(0)),
    );
    let (view_made, counted) = (made.clone(), clicks.clone());
    let handle = leptos::mount::hydrate_from(host.clone(), move || {
        let body = Inert(move || {
            view_made.store(true, Ordering::SeqCst);
            view! { <div class="body"><p>"نص آخر"</p></div> }
        });
        let on_click = move |_| {
            counted.fetch_add(1, Ordering::SeqCst);
        };
        view! {
            {body}
            <button type="button" on:click=on_click>"زر"</button>
        }
    });
    let paragraph = host.query_selector(".body p").unwrap().unwrap();
    assert!(paragraph.is_same_node(Some(&written)));
    assert_eq!(paragraph.text_content().unwrap(), "النص كما كتبه البناء");
    assert!(!made.load(Ordering::SeqCst));
    click(&host, "button");
    assert_eq!(clicks.load(Ordering::SeqCst), 1);
    drop(handle);
}

/// Guards against an in-app move keeping the old body: a part taken over at hydration is replaced,
/// in its place, by the next page's view.
#[wasm_bindgen_test]
async fn an_inert_part_taken_over_is_replaced_in_place_by_the_next_view() {
    use khabar::leptos_ext::inert::Inert;
    let host = container();
    host.set_inner_html(r#"<h1>عنوان</h1><div class="body"><p>الأول</p></div><footer>ذيل</footer>"#);
    let page = RwSignal::new(1);
    let handle = leptos::mount::hydrate_from(host.clone(), move || {
        view! {
            <h1>"عنوان"</h1>
            {move || {
                let words = if page.get() == 1 { "الأول" } else { "الثاني" };
                Inert(move || view! { <div class="body"><p>{words}</p></div> })
            }}
            <footer>"ذيل"</footer>
        }
    });
    page.set(2);
    tick().await;
    assert_eq!(texts(&host, ".body p"), ["الثاني"]);
    assert_eq!(
        host.inner_html(),
        r#"<h1>عنوان</h1><div class="body"><p>الثاني</p></div><footer>ذيل</footer>"#
    );
    drop(handle);
}

/// The tags of `document.head` a [`khabar::data::head::Head`] writes: `name=value` of each `<meta>`, and
/// the `rel` of each `<link>` and the type of each `<script>` it added.
fn head_tags() -> Vec<String> {
    let head = document().head().unwrap();
    let found = head
        .query_selector_all(
            "meta[name^='test:'], link[rel='canonical'], script[type='application/ld+json']",
        )
        .unwrap();
    (0..found.length())
        .filter_map(|i| found.item(i))
        .map(|node| {
            let el = node.unchecked_into::<web_sys::Element>();
            match el.local_name().as_str() {
                "meta" => format!(
                    "{}={}",
                    el.get_attribute("name").unwrap_or_default(),
                    el.get_attribute("content").unwrap_or_default()
                ),
                "link" => format!("canonical {}", el.get_attribute("href").unwrap_or_default()),
                _ => format!("json-ld {}", el.text_content().unwrap_or_default()),
            }
        })
        .collect()
}

/// Guards against a page's head tags outliving the page (an in-app move keeping the article's
/// JSON-LD on the home page) or being written twice: a page rendered in the app writes its title,
/// language and tags, the next page's replace them, and nothing stays when the view goes.
#[wasm_bindgen_test]
async fn a_page_head_is_written_replaced_by_the_next_page_and_removed_with_its_page() {
    use khabar::{
        data::config::Config,
        data::head::{Head, Tag},
    };
    let config = Config::default();
    let first = Head::new(&config, "الأولى")
        .with(Tag::Name("test:a", "١".to_owned()))
        .with(Tag::Canonical("https://example.org/one".to_owned()))
        .with(Tag::JsonLd(r#"{"@type":"NewsArticle"}"#.to_owned()));
    let mut second = Head::new(&config, "").with(Tag::Name("test:b", "٢".to_owned()));
    second.lang = "en".to_owned();
    second.dir = "ltr";
    let which = RwSignal::new(true);
    let handle = mount_to(container(), move || {
        let (first, second) = (first.clone(), second.clone());
        move || {
            if which.get() {
                first.clone()
            } else {
                second.clone()
            }
        }
    });
    assert_eq!(
        head_tags(),
        [
            "test:a=١",
            "canonical https://example.org/one",
            r#"json-ld {"@type":"NewsArticle"}"#
        ]
    );
    assert_eq!(document().title(), format!("الأولى — {}", config.site_name));
    assert_eq!(
        document()
            .document_element()
            .unwrap()
            .get_attribute("dir")
            .as_deref(),
        Some("rtl")
    );

    which.set(false);
    tick().await;
    assert_eq!(head_tags(), ["test:b=٢"]);
    assert_eq!(document().title(), config.site_name);
    let root = document().document_element().unwrap();
    assert_eq!(root.get_attribute("lang").as_deref(), Some("en"));
    assert_eq!(root.get_attribute("dir").as_deref(), Some("ltr"));

    drop(handle);
    assert!(head_tags().is_empty());
    let _ = root.set_attribute("lang", &config.lang);
    let _ = root.set_attribute("dir", config.dir.as_str());
}

/// Guards against one article's view being patched into the next one's: a `Fresh` view that runs
/// again is built anew, in the very place of the old one, which leaves the page.
#[wasm_bindgen_test]
async fn a_fresh_view_is_built_anew_in_place_of_the_old_one() {
    use khabar::leptos_ext::fresh::Fresh;
    let host = container();
    let which = RwSignal::new("الأول");
    let handle = mount_to(host.clone(), move || {
        view! {
            <p>"قبل"</p>
            {move || Fresh(view! { <div class="fresh"><span>{which.get()}</span></div> })}
            <p>"بعد"</p>
        }
    });
    let old = host.query_selector(".fresh").unwrap().unwrap();
    which.set("الثاني");
    tick().await;
    let new = host.query_selector(".fresh").unwrap().unwrap();
    assert!(!new.is_same_node(Some(&old)));
    assert!(!old.is_connected());
    assert_eq!(texts(&host, "p, .fresh span"), ["قبل", "الثاني", "بعد"]);
    drop(handle);
}

/// Guards against a page's head tags lost when its view is taken out and put back (moved) rather
/// than dropped: they leave the document with it and come back with it.
#[wasm_bindgen_test]
fn a_page_head_leaves_with_its_view_and_comes_back_with_it() {
    use khabar::{
        data::config::Config,
        data::head::{Head, Tag},
    };
    use leptos::tachys::view::{Mountable, Render};
    let head = Head::new(&Config::default(), "").with(Tag::Name("test:moved", "١".to_owned()));
    let mut state = head.build();
    state.mount(&container(), None);
    assert_eq!(head_tags(), ["test:moved=١"]);
    state.unmount();
    assert!(head_tags().is_empty());
    state.mount(&container(), None);
    assert_eq!(head_tags(), ["test:moved=١"]);
    drop(state);
    assert!(head_tags().is_empty());
}

/// Guards against `Inert` losing what a reader sees when the document holds something else than
/// the element it expects where it hydrates (a text node left by an extension or a proxy): the
/// view is built afresh in that place, and what follows still hydrates.
#[wasm_bindgen_test]
async fn an_inert_part_that_finds_no_element_is_built_in_its_place() {
    use khabar::leptos_ext::inert::Inert;
    use std::sync::{
        atomic::{AtomicUsize, Ordering},
        Arc,
    };
    let host = container();
    host.set_inner_html(r#"<h1>عنوان</h1>نص غريب<button type="button">زر</button>"#);
    let clicks = Arc::new(AtomicUsize::new(0));
    let counted = clicks.clone();
    let handle = leptos::mount::hydrate_from(host.clone(), move || {
        let on_click = move |_| {
            counted.fetch_add(1, Ordering::SeqCst);
        };
        view! {
            <h1>"عنوان"</h1>
            {Inert(|| view! { <div class="body"><p>"النص"</p></div> })}
            <button type="button" on:click=on_click>"زر"</button>
        }
    });
    assert_eq!(texts(&host, ".body p"), ["النص"]);
    let body = host.query_selector(".body").unwrap().unwrap();
    assert_eq!(
        body.previous_element_sibling().map(|e| e.tag_name()),
        Some("H1".to_owned())
    );
    click(&host, "button");
    assert_eq!(clicks.load(Ordering::SeqCst), 1);
    drop(handle);
}

/// Guards against `SyncHydrate`'s contract with tachys breaking on an upgrade: its async
/// hydration is the trait's default, which must hydrate at once (on the first poll), taking over
/// the nodes the server wrote; otherwise every route would hydrate a second, slower way.
#[wasm_bindgen_test]
fn sync_hydrate_hydrates_at_once_through_the_async_path() {
    use futures::FutureExt;
    use khabar::leptos_ext::erase::SyncHydrate;
    use leptos::tachys::{
        hydration::Cursor,
        view::{Position, PositionState},
    };
    let host = container();
    host.set_inner_html(r#"<p class="sync">كما كُتب</p>"#);
    let written = host.query_selector("p").unwrap().unwrap();
    let owner = Owner::new();
    let state = owner.with(|| {
        let view = SyncHydrate(view! { <p class="sync">"كما كُتب"</p> });
        let cursor = Cursor::new(host.clone().unchecked_into());
        let position = PositionState::new(Position::FirstChild);
        view.hydrate_async(&cursor, &position).now_or_never()
    });
    let state = state.expect("hydrated on the first poll");
    let claimed = state.elements();
    assert_eq!(claimed.len(), 1);
    assert!(claimed[0].is_same_node(Some(&written)));
    drop(state);
    drop(owner);
}

/// Guards against `effect`'s contract changing under it: it runs after the render, again when a
/// signal it read changes, and never after its owner (the page) is gone.
#[wasm_bindgen_test]
async fn an_effect_runs_after_render_on_change_and_never_after_its_owner() {
    use khabar::leptos_ext::effect::effect;
    use std::cell::Cell;
    let _ = container();
    let runs = Rc::new(Cell::new(0));
    let signal = RwSignal::new(0);
    let owner = Owner::new();
    let counted = runs.clone();
    owner.with(|| {
        effect(move || {
            signal.track();
            counted.set(counted.get() + 1);
        });
    });
    assert_eq!(runs.get(), 0, "not during the render");
    tick().await;
    next_frame().await;
    assert_eq!(runs.get(), 1);
    signal.set(1);
    tick().await;
    next_frame().await;
    assert_eq!(runs.get(), 2);
    owner.cleanup();
    signal.set(2);
    tick().await;
    next_frame().await;
    assert_eq!(runs.get(), 2, "not after its owner is gone");
}
