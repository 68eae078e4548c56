//! How a page's [`Head`] is rendered. The prerenderer writes it with leptos_meta, into the page's
//! `<head>`. In the browser the prerendered tags are taken over as they are at hydration, and a
//! page rendered in the app (after an in-app move) writes its own into `document.head`, with the
//! DOM directly: one small piece of code for every page's head, where leptos_meta compiled a view
//! type for each tag of each page. Either way a page's tags go when the page goes, so the next
//! page's head is its own.

use crate::data::head::{Head, Tag};
use leptos::tachys::{
    html::attribute::{any_attribute::AnyAttribute, Attribute},
    hydration::Cursor,
    renderer::types,
    view::{add_attr::AddAnyAttr, Mountable, Position, PositionState, Render, RenderHtml},
};

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
                Tag::Preload { srcset, sizes } => (
                    "link",
                    vec![
                        ("rel", "preload".to_owned()),
                        ("as", "image".to_owned()),
                        ("type", "image/webp".to_owned()),
                        ("imagesrcset", srcset),
                        ("imagesizes", sizes.to_owned()),
                        ("fetchpriority", "high".to_owned()),
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
    use crate::data::head::{Head, Tag};
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
                Tag::Preload { srcset, sizes } => view! {
                    <Link rel="preload" as_="image" type_="image/webp" imagesrcset=srcset
                        imagesizes=sizes fetchpriority="high" />
                }
                .to_html_with_buf(b, p, e, m, vec![]),
                Tag::JsonLd(json) => view! { <Script type_="application/ld+json">{json}</Script> }
                    .to_html_with_buf(b, p, e, m, vec![]),
            }
        }
    }
}
