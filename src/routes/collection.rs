use crate::leptos_ext::effect::effect;
use crate::{
    browser::focus,
    components::{error_message::ErrorMessage, listing_view::ListingPages, rich_text::isolated},
    data::{
        api,
        config::Config,
        error::{ApiError, Subject},
        head::{page_title, Head, Tag},
        page_data::use_prerendered,
        seo,
    },
    hooks::use_loaded::use_loaded,
    model::{
        links::safe_image_src, page_file, page_param, page_path, slug::is_valid as is_valid_slug,
        Listing, Topic, Writer,
    },
    routes::not_found::NotFound,
};
use leptos::{
    either::{Either, EitherOf4},
    prelude::*,
};
use leptos_router::hooks::use_params_map;

/// What a collection page lists: a topic's articles or a writer's.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Collection {
    /// `/topic/<slug>`, from `api/topics/<slug>.json`.
    Topic,
    /// `/author/<slug>`, from `api/authors/<slug>.json`.
    Writer,
}

impl Collection {
    fn page(self) -> &'static str {
        match self {
            Collection::Topic => "topic",
            Collection::Writer => "author",
        }
    }

    fn folder(self) -> &'static str {
        match self {
            Collection::Topic => "topics",
            Collection::Writer => "authors",
        }
    }
}

/// `/topic/<slug>` and `/author/<slug>`: a topic's or a writer's articles, newest first, thirty at
/// a time like a section. The heading (the topic's name, the writer's name, role, bio and
/// picture) comes with the listing's first page; a slug with no listing is the not-found page.
#[component]
pub fn CollectionPage(kind: Collection) -> impl IntoView {
    let params = use_params_map();
    let slug = Memo::new(move |_| params.read().get("slug").unwrap_or_default());
    // `/page/<n>`: a later page; a number that is not a page's is the not-found page.
    let page = Memo::new(move |_| params.read().get("page").unwrap_or_default());
    let config = use_context::<Config>().unwrap_or_default();
    let (attempt, set_attempt) = signal(0_u32);
    let file_of = move |slug: &str, page: String| {
        page_file(
            &format!("{}/{slug}.json", kind.folder()),
            page_param(&page).unwrap_or(1),
        )
    };
    let file = move || file_of(&slug.get(), page.get());
    let prerendered = use_prerendered().and_then(|data| {
        let first = file_of(&slug.get_untracked(), page.get_untracked());
        data.listing(&first).map(|listing| ((first, 0), listing))
    });
    let first_page = use_loaded(move || (file(), attempt.get()), prerendered, {
        let config = config.clone();
        move |(file, _)| {
            let config = config.clone();
            async move { api::fetch_listing(&config, &file).await }
        }
    });
    let retry = Callback::new(move |()| set_attempt.update(|n| *n += 1));
    move || {
        if !is_valid_slug(&slug.get()) || page_param(&page.get()).is_none() {
            return EitherOf4::A(view! { <NotFound /> });
        }
        match first_page.get() {
            None => {
                EitherOf4::B(view! { <p class="listing__loading" role="status">"جارٍ التحميل…"</p> })
            }
            Some(Ok(listing)) => EitherOf4::C(view! { <Collected kind slug=slug.get() listing /> }),
            Some(Err(ApiError::NotFound)) => EitherOf4::A(view! { <NotFound /> }),
            Some(Err(error)) => EitherOf4::D(
                view! { <ErrorMessage error subject=Subject::Listing on_retry=retry /> },
            ),
        }
    }
}

/// A known topic or writer: its heading, then its articles.
#[component]
fn Collected(kind: Collection, slug: String, listing: Listing) -> impl IntoView {
    effect(|| focus::page_heading_shown("page-heading"));
    let config = use_context::<Config>().unwrap_or_default();
    let path = format!("/{}/{slug}", kind.page());
    let page = listing.page;
    let address = page_path(&path, page);
    let url = config.absolute(&address);
    let feed = config.absolute(&format!("{path}/feed.xml"));
    let (head, name, heading) = match (kind, listing.topic.clone(), listing.writer.clone()) {
        (Collection::Writer, _, Some(writer)) => (
            writer_head(&config, &writer, &address, &url),
            writer.name.clone(),
            Either::Right(view! { <WriterHeading writer /> }),
        ),
        (_, topic, _) => {
            // A listing without its topic still has a heading: its slug.
            let topic = topic.unwrap_or_else(|| Topic {
                slug: slug.clone(),
                name: slug.clone(),
                description: None,
            });
            (
                topic_head(&config, &topic, &address, &url),
                topic.name.clone(),
                Either::Left(view! { <TopicHeading topic /> }),
            )
        }
    };
    let mut head = head.with(Tag::Feed {
        title: format!("{name} — {}", config.site_name),
        href: feed,
    });
    if page > 1 {
        head.title = page_title(&format!("{name} — الصفحة {page}"), &config.site_name);
    }
    view! {
        {head}
        {heading}
        {(page > 1).then(|| view! { <p class="collection__page">{format!("الصفحة {page}")}</p> })}
        <ListingPages listing path />
    }
}

#[component]
fn TopicHeading(topic: Topic) -> impl IntoView {
    view! {
        <header class="collection">
            <p class="collection__kind">"موضوع"</p>
            <h1 id="page-heading" class="page-title" tabindex="-1">{isolated(&topic.name)}</h1>
            {topic.description.map(|d| view! { <p class="collection__about">{isolated(&d)}</p> })}
        </header>
    }
}

#[component]
fn WriterHeading(writer: Writer) -> impl IntoView {
    let picture = writer
        .picture
        .and_then(|p| Some((safe_image_src(&p.src)?.to_owned(), p)));
    view! {
        <header class="collection collection--writer">
            {picture.map(|(src, p)| view! {
                <img class="collection__picture" src=src alt=p.alt width=p.width height=p.height />
            })}
            <div>
                <h1 id="page-heading" class="page-title" tabindex="-1">{isolated(&writer.name)}</h1>
                {writer.role.map(|r| view! { <p class="collection__kind">{isolated(&r)}</p> })}
                {writer.bio.map(|b| view! { <p class="collection__about">{isolated(&b)}</p> })}
            </div>
        </header>
    }
}

fn topic_head(config: &Config, topic: &Topic, path: &str, url: &str) -> Head {
    let description = topic
        .description
        .clone()
        .unwrap_or_else(|| format!("مقالات عن {}", topic.name));
    Head::website(config, &topic.name, &description, path)
        .feeds(config, None)
        .with(Tag::JsonLd(seo::collection_page(
            &topic.name,
            &description,
            url,
            &config.site_name,
            &config.absolute("/"),
        )))
}

fn writer_head(config: &Config, writer: &Writer, path: &str, url: &str) -> Head {
    let description = writer
        .bio
        .clone()
        .unwrap_or_else(|| format!("مقالات {}", writer.name));
    let picture = writer
        .picture
        .as_ref()
        .and_then(|p| safe_image_src(&p.src))
        .map(|src| config.asset_url(src));
    Head::website(config, &writer.name, &description, path)
        .feeds(config, None)
        .with(Tag::JsonLd(seo::profile_page(
            writer,
            url,
            picture.as_deref(),
            &config.site_name,
        )))
}
