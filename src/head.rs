//! A page's head: its title, `<html lang dir>`, and its `<meta>`, `<link>` and JSON-LD tags.
//!
//! A page describes its head as data ([`Head`]) and places it in its view like any other view.
//! The prerenderer writes it with leptos_meta, into the page's `<head>`. In the browser the
//! prerendered tags are taken over as they are at hydration, and a page rendered in the app
//! (after an in-app move) writes its own into `document.head`, with the DOM directly: one small
//! piece of code for every page's head, where leptos_meta compiled a view type for each tag of
//! each page. Either way a page's tags go when the page goes, so the next page's head is its own.

use crate::config::Config;
use khabar_model::{section_feed, SITE_FEED};
use leptos::tachys::{
    html::attribute::{any_attribute::AnyAttribute, Attribute},
    hydration::Cursor,
    renderer::types,
    view::{add_attr::AddAnyAttr, Mountable, Position, PositionState, Render, RenderHtml},
};

/// One tag of a page's head.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Tag {
    /// `<meta name="…" content="…">`.
    Name(&'static str, String),
    /// `<meta property="…" content="…">` (Open Graph).
    Property(&'static str, String),
    /// `<link rel="canonical" href="…">`.
    Canonical(String),
    /// `<link rel="alternate" type="application/atom+xml" title="…" href="…">`.
    Feed { title: String, href: String },
    /// `<script type="application/ld+json">`, its text already JSON with `<` escaped.
    JsonLd(String),
}

/// A page's head, as data.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Head {
    /// The document's title, in full (see [`page_title`]).
    pub title: String,
    /// `<html lang>` and `<html dir>`.
    pub lang: String,
    pub dir: &'static str,
    pub tags: Vec<Tag>,
}

/// The document title for a page titled `text`: "text — site", or the site's name alone.
pub fn page_title(text: &str, site_name: &str) -> String {
    if text.is_empty() {
        site_name.to_owned()
    } else {
        format!("{text} — {site_name}")
    }
}

impl Head {
    /// A page titled `text` (empty on the home page) in the site's language and direction.
    pub fn new(config: &Config, text: &str) -> Self {
        Head {
            title: page_title(text, &config.site_name),
            lang: config.lang.clone(),
            dir: config.dir.as_str(),
            tags: Vec::new(),
        }
    }

    /// The same head with `tag` added after the others.
    pub fn with(mut self, tag: Tag) -> Self {
        self.tags.push(tag);
        self
    }

    /// A page search engines should not list.
    pub fn noindex(self) -> Self {
        self.with(Tag::Name("robots", "noindex".to_owned()))
    }

    /// The links feed readers find a page's feeds by: the site's and, on a section's or an
    /// article's page, its section's (slug and name).
    pub fn feeds(self, config: &Config, section: Option<(&str, &str)>) -> Self {
        let site = Tag::Feed {
            title: config.site_name.clone(),
            href: config.absolute(&format!("/{SITE_FEED}")),
        };
        let head = self.with(site);
        match section {
            Some((slug, name)) => head.with(Tag::Feed {
                title: format!("{name} — {}", config.site_name),
                href: config.absolute(&format!("/{}", section_feed(slug))),
            }),
            None => head,
        }
    }

    /// The head of a page other than an article (the home page, a section): title, description,
    /// canonical URL and the Open Graph and Twitter basics, so a shared link previews properly.
    pub fn website(config: &Config, title: &str, description: &str, path: &str) -> Self {
        let url = config.absolute(path);
        let og_title = if title.is_empty() {
            config.site_name.clone()
        } else {
            title.to_owned()
        };
        Head::new(config, title)
            .with(Tag::Name("description", description.to_owned()))
            .with(Tag::Canonical(url.clone()))
            .with(Tag::Property("og:type", "website".to_owned()))
            .with(Tag::Property("og:locale", "ar_AR".to_owned()))
            .with(Tag::Property("og:title", og_title.clone()))
            .with(Tag::Property("og:description", description.to_owned()))
            .with(Tag::Property("og:url", url))
            .with(Tag::Name("twitter:card", "summary".to_owned()))
            .with(Tag::Name("twitter:title", og_title))
    }
}

/// What a [`Head`] put into `document.head`, removed when the page goes.
pub struct HeadState {
    elements: Vec<web_sys::Element>,
}

impl HeadState {
    /// Takes the tags out of the document (kept, should the page be mounted again).
    fn detach(&self) {
        for element in &self.elements {
            element.remove();
        }
    }
}

impl Drop for HeadState {
    fn drop(&mut self) {
        self.detach();
    }
}

fn document() -> Option<web_sys::Document> {
    web_sys::window().and_then(|w| w.document())
}

/// Sets the title and `<html lang dir>`, and makes the tags' elements, for [`insert`] to place
/// (when the page's view is mounted).
fn write(head: Head) -> Vec<web_sys::Element> {
    let Some(document) = document() else {
        return Vec::new();
    };
    document.set_title(&head.title);
    if let Some(root) = document.document_element() {
        let _ = root.set_attribute("lang", &head.lang);
        let _ = root.set_attribute("dir", head.dir);
    }
    head.tags
        .into_iter()
        .filter_map(|tag| {
            let (name, attributes, text): (&str, Vec<(&str, String)>, Option<String>) = match tag {
                Tag::Name(key, content) => (
                    "meta",
                    vec![("name", key.to_owned()), ("content", content)],
                    None,
                ),
                Tag::Property(key, content) => (
                    "meta",
                    vec![("property", key.to_owned()), ("content", content)],
                    None,
                ),
                Tag::Canonical(href) => (
                    "link",
                    vec![("rel", "canonical".to_owned()), ("href", href)],
                    None,
                ),
                Tag::Feed { title, href } => (
                    "link",
                    vec![
                        ("rel", "alternate".to_owned()),
                        ("type", "application/atom+xml".to_owned()),
                        ("title", title),
                        ("href", href),
                    ],
                    None,
                ),
                Tag::JsonLd(json) => (
                    "script",
                    vec![("type", "application/ld+json".to_owned())],
                    Some(json),
                ),
            };
            let element = document.create_element(name).ok()?;
            for (attribute, value) in attributes {
                let _ = element.set_attribute(attribute, &value);
            }
            if text.is_some() {
                element.set_text_content(text.as_deref());
            }
            Some(element)
        })
        .collect()
}

/// Puts tags into `document.head` where a prerendered page has them: just before the `<title>`.
fn insert(elements: &[web_sys::Element]) {
    let Some(parent) = document().and_then(|d| d.head()) else {
        return;
    };
    let title: Option<web_sys::Node> = parent
        .query_selector("title")
        .ok()
        .flatten()
        .map(Into::into);
    for element in elements {
        let _ = parent.insert_before(element, title.as_ref());
    }
}

/// Removes the head tags a prerendered page came with, for a document the app renders afresh
/// (one prerendered for another address), which would otherwise have them twice.
pub fn remove_prerendered() {
    for element in prerendered() {
        element.remove();
    }
}

/// The head tags a prerendered page came with: those the prerenderer wrote between its
/// `<!--HEAD-->` marker and the `<title>` (whose text the next page sets). What follows the title
/// is not the page's (the loader's `modulepreload`).
fn prerendered() -> Vec<web_sys::Element> {
    let Some(head) = document().and_then(|d| d.head()) else {
        return Vec::new();
    };
    let mut after_marker = false;
    let mut found = Vec::new();
    let mut node = head.first_child();
    while let Some(current) = node {
        node = current.next_sibling();
        if !after_marker {
            after_marker = current.node_type() == web_sys::Node::COMMENT_NODE
                && current.text_content().as_deref() == Some("HEAD");
        } else if current.node_name() == "TITLE" {
            break;
        } else if let Ok(element) = wasm_bindgen::JsCast::dyn_into::<web_sys::Element>(current) {
            found.push(element);
        }
    }
    found
}

thread_local! {
    /// Whether a head has taken over the prerendered tags: the page's first, at hydration.
    static TAKEN_OVER: std::cell::Cell<bool> = const { std::cell::Cell::new(false) };
}

impl Render for Head {
    type State = HeadState;

    /// The tags are placed when the view is mounted.
    fn build(self) -> Self::State {
        HeadState {
            elements: write(self),
        }
    }

    fn rebuild(self, state: &mut Self::State) {
        state.detach();
        state.elements = write(self);
        insert(&state.elements);
    }
}

impl Mountable for HeadState {
    fn unmount(&mut self) {
        self.detach();
    }

    /// The tags go into `document.head`, wherever the page is mounted.
    fn mount(&mut self, _parent: &types::Element, _marker: Option<&types::Node>) {
        insert(&self.elements);
    }

    fn insert_before_this(&self, _child: &mut dyn Mountable) -> bool {
        false
    }

    fn elements(&self) -> Vec<types::Element> {
        Vec::new()
    }
}

impl AddAnyAttr for Head {
    type Output<SomeNewAttr: Attribute> = Head;

    fn add_any_attr<NewAttr: Attribute>(self, _attr: NewAttr) -> Self::Output<NewAttr>
    where
        Self::Output<NewAttr>: RenderHtml,
    {
        self
    }
}

impl RenderHtml for Head {
    type AsyncOutput = Head;
    type Owned = Head;

    const MIN_LENGTH: usize = 0;
    const EXISTS: bool = false;

    fn dry_resolve(&mut self) {}

    async fn resolve(self) -> Self::AsyncOutput {
        self
    }

    fn html_len(&self) -> usize {
        0
    }

    /// Nothing in the body: the tags go to leptos_meta, which writes them into the `<head>`.
    #[cfg_attr(not(feature = "ssr"), allow(unused_variables))]
    fn to_html_with_buf(
        self,
        buf: &mut String,
        position: &mut Position,
        escape: bool,
        mark_branches: bool,
        _extra_attrs: Vec<AnyAttribute>,
    ) {
        #[cfg(feature = "ssr")]
        ssr::to_html(self, buf, position, escape, mark_branches);
    }

    /// Takes over what the prerendered page's head holds, which is this page's.
    fn hydrate<const FROM_SERVER: bool>(
        self,
        _cursor: &Cursor,
        _position: &PositionState,
    ) -> Self::State {
        // Hydration mounts nothing: a head that finds none to take over places its own.
        let elements = if TAKEN_OVER.with(|taken| taken.replace(true)) {
            let elements = write(self);
            insert(&elements);
            elements
        } else {
            prerendered()
        };
        HeadState { elements }
    }

    fn into_owned(self) -> Self::Owned {
        self
    }
}

#[cfg(feature = "ssr")]
mod ssr {
    use super::{Head, Tag};
    use leptos::{prelude::*, tachys::view::Position};
    use leptos_meta::{Html, Link, Meta, Script, Title};

    /// leptos_meta writes the title into the prerendered HTML as it is, so a headline with
    /// `</title>` in it would end the element there and its rest would be markup. Escaped,
    /// browsers read the same text back.
    fn title_text(title: &str) -> String {
        title
            .replace('&', "&amp;")
            .replace('<', "&lt;")
            .replace('>', "&gt;")
    }

    pub(super) fn to_html(
        head: Head,
        buf: &mut String,
        position: &mut Position,
        escape: bool,
        branches: bool,
    ) {
        let Head {
            title,
            lang,
            dir,
            tags,
        } = head;
        let title = title_text(&title);
        view! { <Title text=title /> <Html {..} lang=lang dir=dir /> }.to_html_with_buf(
            buf,
            position,
            escape,
            branches,
            vec![],
        );
        for tag in tags {
            let (b, p, e, m) = (&mut *buf, &mut *position, escape, branches);
            match tag {
                Tag::Name(name, content) => {
                    view! { <Meta name content /> }.to_html_with_buf(b, p, e, m, vec![])
                }
                Tag::Property(property, content) => {
                    view! { <Meta property content /> }.to_html_with_buf(b, p, e, m, vec![])
                }
                Tag::Canonical(href) => {
                    view! { <Link rel="canonical" href /> }.to_html_with_buf(b, p, e, m, vec![])
                }
                Tag::Feed { title, href } => view! {
                    <Link rel="alternate" type_="application/atom+xml" title href />
                }
                .to_html_with_buf(b, p, e, m, vec![]),
                Tag::JsonLd(json) => view! { <Script type_="application/ld+json">{json}</Script> }
                    .to_html_with_buf(b, p, e, m, vec![]),
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_page_title_is_followed_by_the_site_name_and_the_home_page_has_the_name_alone() {
        assert_eq!(page_title("قمة في موسكو", "خبر"), "قمة في موسكو — خبر");
        assert_eq!(page_title("", "خبر"), "خبر");
    }

    #[test]
    fn a_head_is_in_the_site_language_unless_told_and_keeps_its_tags_in_order() {
        let config = Config::default();
        let head = Head::new(&config, "بحث")
            .noindex()
            .with(Tag::Canonical("https://example.org/".to_owned()));
        assert_eq!(head.lang, config.lang);
        assert_eq!(head.dir, config.dir.as_str());
        assert_eq!(
            head.tags,
            vec![
                Tag::Name("robots", "noindex".to_owned()),
                Tag::Canonical("https://example.org/".to_owned())
            ]
        );
    }
}
