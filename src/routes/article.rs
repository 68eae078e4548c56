//! `/article/<slug>`: the loader (request, retry, abort, states) and the article view.

use crate::leptos_ext::effect::effect;
use crate::{
    browser::focus,
    browser::scroll_memory,
    components::{
        body_block::BodyBlock,
        error_message::ErrorMessage,
        figure::{Figure, FIGURE_SIZES},
        reading_progress::ReadingProgress,
        related_list::RelatedList,
        rich_text::isolated,
        save_button::SaveButton,
        share_bar::ShareBar,
        time_stamp::TimeStamp,
    },
    data::api,
    data::config::{app_href, Config},
    data::error::ApiError,
    data::head::{Head, Tag},
    data::page_data::use_prerendered,
    data::seo::{self, ImageFact, PageFacts},
    format::{fixed, reading_time},
    hooks::use_loaded::use_loaded,
    leptos_ext::fresh::Fresh,
    leptos_ext::inert::Inert,
    model::links::{safe_href, safe_image_src},
    model::{slug::is_valid as is_valid_slug, Article, Author, Block, Image, ImageFormat, Topic},
    routes::not_found::NotFound,
};
use leptos::{
    either::{Either, EitherOf3, EitherOf4},
    prelude::*,
};
use leptos_router::{
    components::A,
    hooks::{use_location, use_params_map},
};
use std::rc::Rc;

/// Loads the article named in the address and shows it, or the state the reader is in:
/// a skeleton while it loads, not-found, or an Arabic error with a retry.
#[component]
pub fn ArticlePage() -> impl IntoView {
    let config = use_context::<Config>().unwrap_or_default();
    let params = use_params_map();
    let slug = Memo::new(move |_| params.read().get("slug").unwrap_or_default());
    let (attempt, set_attempt) = signal(0_u32);
    // The request for the article being opened, with its slug; a newer one (or leaving the page)
    // aborts it.
    let in_flight = StoredValue::new_local(None::<(String, web_sys::AbortController)>);
    let abort_in_flight = move || {
        if let Some((_, controller)) = in_flight.try_update_value(Option::take).flatten() {
            controller.abort();
        }
    };
    // The router applies a new address's parameters only once the pending page is ready, so a
    // reader who clicks on while an article loads would wait for it: watch the address itself.
    let location = use_location();
    effect(move || {
        let path = location.pathname.get();
        let superseded = in_flight.with_value(|current| {
            current.as_ref().is_some_and(|(slug, _)| {
                !path
                    .trim_end_matches('/')
                    .ends_with(&format!("/article/{slug}"))
            })
        });
        if superseded {
            abort_in_flight();
        }
    });
    let prerendered = use_prerendered().and_then(|page| {
        let slug = slug.get_untracked();
        page.article(&slug).map(|article| ((slug, 0), article))
    });
    let article = use_loaded(
        move || (slug.get(), attempt.get()),
        prerendered,
        move |(slug, _)| {
            abort_in_flight();
            let controller = web_sys::AbortController::new().ok();
            in_flight.set_value(controller.clone().map(|c| (slug.clone(), c)));
            let config = config.clone();
            async move {
                let signal = controller.map(|c| c.signal());
                api::fetch_article(&config, &slug, signal.as_ref()).await
            }
        },
    );
    on_cleanup(abort_in_flight);
    let retry = Callback::new(move |()| set_attempt.update(|n| *n += 1));

    move || match article.get() {
        // Superseded by the reader's next click (aborted): that page is on its way.
        None | Some(Err(ApiError::Aborted)) => EitherOf4::A(view! { <ArticleSkeleton /> }),
        // One article after another: every value is new, so build it anew (see `fresh`).
        Some(Ok(article)) => EitherOf4::B(Fresh(view! { <ArticleView article /> })),
        Some(Err(ApiError::NotFound)) => EitherOf4::C(view! { <NotFound /> }),
        Some(Err(error)) => {
            // The message is the whole page: it takes focus as a headline would.
            effect(|| focus::page_heading_shown("error-heading"));
            EitherOf4::D(view! { <ErrorMessage error on_retry=retry /> })
        }
    }
}

/// The article itself: header, lead picture, body, tags, then the related list.
#[component]
pub fn ArticleView(article: Rc<Article>) -> impl IntoView {
    let config = use_context::<Config>().unwrap_or_default();
    let url = config.absolute(&format!("/article/{}", article.slug));
    let head = article_head(&config, &article, &url);
    let pictures: Vec<String> = article
        .image
        .iter()
        .chain(article.body.iter().filter_map(|block| match block {
            Block::Figure { image } => Some(image),
            _ => None,
        }))
        .flat_map(|image| {
            // A photograph's WebP files, as a browser that can read WebP shows it at any width,
            // and the lead's card files, as the list of saved articles shows it.
            let webp = image
                .variants
                .iter()
                .chain(&image.card_variants)
                .filter(|v| v.format == ImageFormat::Webp);
            let files: Vec<String> = webp.map(|v| v.file.clone()).collect();
            if files.is_empty() {
                vec![image.src.clone()]
            } else {
                files
            }
        })
        .collect();
    // As the article's cards show it (the list of saved articles).
    let summary = article.summarize();
    let Article {
        lang,
        dir,
        section,
        headline,
        subtitle,
        published,
        updated,
        authors,
        image,
        tags,
        topics,
        body,
        related,
        ..
    } = (*article).clone();
    let minutes = reading_time::minutes(article.word_count());
    // Plain Rust, not `Intl`: the same words on the build machine and in every browser.
    let reading_time = reading_time::MINUTE.count(
        fixed::plural_category(minutes as u64),
        &fixed::digits(&minutes.to_string(), &config.digits),
    );

    // After in-app navigation, tell screen readers and keyboard users where they are.
    effect(move || {
        focus::page_heading_shown("headline");
        scroll_memory::page_rendered();
    });

    view! {
        {head}
        <ReadingProgress />
        <article class="article" lang=lang dir=dir.as_str() aria-labelledby="headline" data-url=url.clone()>
            <header class="article__header">
                <p class="article__section">
                    <A href=config.href(&format!("/section/{}", section.slug))>{section.name}</A>
                </p>
                <h1 id="headline" class="article__headline" tabindex="-1">{isolated(&headline)}</h1>
                {subtitle.map(|s| view! { <p class="article__subtitle">{isolated(&s)}</p> })}
                <div class="article__meta">
                    <Byline authors />
                    <p>"نُشر في " <TimeStamp datetime=published with_time=true /></p>
                    {updated.map(|u| view! { <p>"آخر تحديث: " <TimeStamp datetime=u with_time=true /></p> })}
                    <p class="article__reading-time">"مدة القراءة: " {reading_time}</p>
                </div>
            </header>
            {image.map(|image| view! { <Figure image lead=true /> })}
            // Static once rendered: hydrated by taking over its element (see `inert`).
            {Inert(move || view! {
                <div class="article__body">
                    {body.into_iter().map(|block| view! { <BodyBlock block /> }).collect_view()}
                </div>
            })}
            {(!tags.is_empty()).then(|| view! { <Tags tags topics /> })}
            <p class="article__url">"رابط المقال: " <bdi>{url.clone()}</bdi></p>
        </article>
        <SaveButton summary pictures />
        <ShareBar url title=headline.clone() />
        <RelatedList items=related />
    }
}

/// The article's head: title, description, canonical link, feeds, Open Graph and Twitter cards,
/// the document's language and direction, and JSON-LD `NewsArticle` and `BreadcrumbList`.
fn article_head(config: &Config, article: &Article, url: &str) -> Head {
    // Link previews take JPEG everywhere: a file at least 1200 pixels wide when there is one.
    let lead = article.image.as_ref();
    let shared = lead.map(|image| match image.fallback_at(1200) {
        Some(file) => (file.file.as_str(), file.width, image.height_at(file.width)),
        None => (image.src.as_str(), image.width, image.height),
    });
    let image_url = shared
        .and_then(|(src, ..)| safe_image_src(src))
        .map(|src| config.asset_url(src));
    let home_url = config.absolute("/");
    let section_url = config.absolute(&format!("/section/{}", article.section.slug));
    let logo_url = config.asset_url("favicon.svg");
    let facts = PageFacts {
        url,
        images: lead
            .map(|image| share_files(config, image))
            .unwrap_or_default(),
        home_url: &home_url,
        section_url: &section_url,
        site_name: &config.site_name,
        logo_url: &logo_url,
    };
    let card = if image_url.is_some() {
        "summary_large_image"
    } else {
        "summary"
    };
    let mut head = Head::new(config, &article.headline);
    head.lang = article.lang.clone();
    head.dir = article.dir.as_str();
    let section = (article.section.slug.as_str(), article.section.name.as_str());
    let head = head
        .with(Tag::Name("description", article.summary.clone()))
        .with(Tag::Canonical(url.to_owned()))
        .feeds(config, Some(section))
        .with(Tag::Property("og:type", "article".to_owned()))
        .with(Tag::Property("og:site_name", config.site_name.clone()))
        .with(Tag::Property("og:locale", "ar_AR".to_owned()))
        .with(Tag::Property("og:title", article.headline.clone()))
        .with(Tag::Property("og:description", article.summary.clone()))
        .with(Tag::Property("og:url", url.to_owned()));
    let head = match (&image_url, shared, lead) {
        (Some(src), Some((_, width, height)), Some(image)) => head
            .with(Tag::Property("og:image", src.clone()))
            .with(Tag::Property("og:image:width", width.to_string()))
            .with(Tag::Property("og:image:height", height.to_string()))
            .with(Tag::Property("og:image:alt", image.alt.clone())),
        _ => head,
    };
    let head = head.with(Tag::Property(
        "article:published_time",
        article.published.clone(),
    ));
    let head = match &article.updated {
        Some(updated) => head.with(Tag::Property("article:modified_time", updated.clone())),
        None => head,
    };
    let head = head
        .with(Tag::Property(
            "article:section",
            article.section.name.clone(),
        ))
        .with(Tag::Name("twitter:card", card.to_owned()))
        .with(Tag::Name("twitter:title", article.headline.clone()))
        .with(Tag::Name("twitter:description", article.summary.clone()));
    let head = match image_url {
        Some(src) => head.with(Tag::Name("twitter:image", src)),
        None => head,
    };
    // The lead photograph is the page's largest element: fetched with the page, not after it.
    let head = match lead.map(|image| image.srcset(ImageFormat::Webp)) {
        Some(srcset) if !srcset.is_empty() => head.with(Tag::Preload {
            srcset,
            sizes: FIGURE_SIZES,
        }),
        _ => head,
    };
    head.with(Tag::JsonLd(seo::news_article(article, &facts)))
        .with(Tag::JsonLd(seo::breadcrumbs(article, &facts)))
}

/// The lead picture's copies for structured data: its JPEGs (or PNGs) 1200 pixels wide and
/// wider, else its widest; a drawing or a picture elsewhere as it is.
fn share_files(config: &Config, image: &Image) -> Vec<ImageFact> {
    let fact = |src: &str, width: u32| {
        safe_image_src(src).map(|src| ImageFact {
            url: config.asset_url(src),
            width,
            height: image.height_at(width),
            credit: image.credit.clone(),
        })
    };
    let files = image.fallbacks_from(1200);
    if files.is_empty() {
        return fact(&image.src, image.width).into_iter().collect();
    }
    files
        .iter()
        .filter_map(|v| fact(&v.file, v.width))
        .collect()
}

/// "بقلم فلان وفلان": the writers, each linked when they have a profile page.
#[component]
fn Byline(authors: Vec<Author>) -> impl IntoView {
    let count = authors.len();
    (count > 0).then(|| {
        let names = authors
            .into_iter()
            .enumerate()
            .map(|(i, author)| {
                let separator = match i {
                    0 => "",
                    i if i + 1 == count => " و",
                    _ => "، ",
                };
                // The writer's page, in the app; else a profile elsewhere.
                let writer = author.slug.as_deref().filter(|slug| is_valid_slug(slug));
                let name = match (writer, author.url.as_deref().and_then(safe_href)) {
                    (Some(slug), _) => {
                        let href = app_href(&format!("/author/{slug}"));
                        EitherOf3::A(
                            view! { <A href=href attr:rel="author">{isolated(&author.name)}</A> },
                        )
                    }
                    (None, Some(url)) => EitherOf3::B(
                        view! { <a href=url.to_owned() rel="author">{isolated(&author.name)}</a> },
                    ),
                    (None, None) => EitherOf3::C(isolated(&author.name)),
                };
                view! { {separator}<span class="byline__name">{name}</span> }
            })
            .collect_view();
        view! { <p class="byline">"بقلم " {names}</p> }
    })
}

/// The tags under the text: each links to its topic's page, as the published `topics` name them
/// (a file without them shows the tags as plain text).
#[component]
fn Tags(tags: Vec<String>, topics: Vec<Topic>) -> impl IntoView {
    let tags = if topics.is_empty() {
        Either::Left(
            tags.into_iter()
                .map(|tag| view! { <li>{isolated(&tag)}</li> })
                .collect_view(),
        )
    } else {
        Either::Right(
            topics
                .into_iter()
                .filter(|topic| is_valid_slug(&topic.slug))
                .map(|topic| {
                    let href = app_href(&format!("/topic/{}", topic.slug));
                    view! { <li><A href=href>{isolated(&topic.name)}</A></li> }
                })
                .collect_view(),
        )
    };
    view! { <ul class="tags" aria-label="الوسوم">{tags}</ul> }
}

/// The article's shape in grey while it loads; it fades in only after a moment (CSS), so fast
/// loads never flash it.
#[component]
fn ArticleSkeleton() -> impl IntoView {
    view! {
        <div class="skeleton" role="status">
            <span class="visually-hidden">"جارٍ تحميل المقال…"</span>
            <div class="skeleton__line skeleton__line--short" aria-hidden="true"></div>
            <div class="skeleton__line skeleton__line--title" aria-hidden="true"></div>
            <div class="skeleton__line skeleton__line--title skeleton__line--short" aria-hidden="true"></div>
            <div class="skeleton__picture" aria-hidden="true"></div>
            <div class="skeleton__line" aria-hidden="true"></div>
            <div class="skeleton__line" aria-hidden="true"></div>
            <div class="skeleton__line skeleton__line--short" aria-hidden="true"></div>
        </div>
    }
}
