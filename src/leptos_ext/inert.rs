//! Parts of a page that never change once rendered (an article's body): the browser hydrates
//! them by taking over their element as the build machine wrote it, without walking and
//! re-creating the view of every paragraph, link and `<bdi>` inside.
//!
//! Hydration is the one long task of a prerendered page's start; the body is most of its nodes.
//! Nothing is lost: there is nothing reactive inside, and the router's own click listener on the
//! window moves in-app for any same-site link, hydrated or not. A page rendered in the browser
//! (in-app navigation) builds the view as usual.

use leptos::tachys::{
    html::attribute::{any_attribute::AnyAttribute, Attribute},
    hydration::Cursor,
    renderer::Rndr,
    ssr::StreamBuilder,
    view::{add_attr::AddAnyAttr, Mountable, Position, PositionState, Render, RenderHtml},
};
use wasm_bindgen::JsCast;

/// A view that renders exactly one element, made only when it is rendered or built: hydration
/// claims the element already in the document instead.
pub struct Inert<F>(pub F);

/// The element taken over from the document, or a view built in the browser.
pub enum InertState<S> {
    Claimed(web_sys::Element),
    Built(S),
}

impl<F, V> Render for Inert<F>
where
    F: FnOnce() -> V,
    V: Render,
{
    type State = InertState<V::State>;

    fn build(self) -> Self::State {
        InertState::Built((self.0)().build())
    }

    fn rebuild(self, state: &mut Self::State) {
        match state {
            InertState::Built(built) => (self.0)().rebuild(built),
            InertState::Claimed(_) => {
                let mut built = (self.0)().build();
                state.insert_before_this(&mut built);
                state.unmount();
                *state = InertState::Built(built);
            }
        }
    }
}

impl<F, V> AddAnyAttr for Inert<F>
where
    F: FnOnce() -> V + Send + 'static,
    V: RenderHtml,
{
    type Output<SomeNewAttr: Attribute> = Inert<F>;

    // Attributes belong on the element inside; nothing adds any to it.
    fn add_any_attr<NewAttr: Attribute>(self, _attr: NewAttr) -> Self::Output<NewAttr> {
        self
    }
}

impl<F, V> RenderHtml for Inert<F>
where
    F: FnOnce() -> V + Send + 'static,
    V: RenderHtml,
{
    type AsyncOutput = Self;
    type Owned = Self;

    const MIN_LENGTH: usize = 0;

    fn dry_resolve(&mut self) {}

    async fn resolve(self) -> Self::AsyncOutput {
        self
    }

    fn html_len(&self) -> usize {
        0
    }

    fn to_html_with_buf(
        self,
        buf: &mut String,
        position: &mut Position,
        escape: bool,
        mark_branches: bool,
        extra_attrs: Vec<AnyAttribute>,
    ) {
        (self.0)().to_html_with_buf(buf, position, escape, mark_branches, extra_attrs);
    }

    fn to_html_async_with_buf<const OUT_OF_ORDER: bool>(
        self,
        buf: &mut StreamBuilder,
        position: &mut Position,
        escape: bool,
        mark_branches: bool,
        extra_attrs: Vec<AnyAttribute>,
    ) where
        Self: Sized,
    {
        (self.0)().to_html_async_with_buf::<OUT_OF_ORDER>(
            buf,
            position,
            escape,
            mark_branches,
            extra_attrs,
        );
    }

    fn hydrate<const FROM_SERVER: bool>(
        self,
        cursor: &Cursor,
        position: &PositionState,
    ) -> Self::State {
        // The cursor moves as over any element: into it from its parent, or on to the next sibling.
        match position.get() {
            Position::FirstChild => cursor.child(),
            Position::Current => {}
            _ => cursor.sibling(),
        }
        let node = cursor.current();
        position.set(Position::NextChild);
        match node.dyn_into::<web_sys::Element>() {
            Ok(element) => InertState::Claimed(element),
            // Not the element the build machine wrote: show the view, built afresh, in its place.
            Err(node) => {
                let mut built = (self.0)().build();
                if let Some(parent) = node
                    .parent_node()
                    .and_then(|p| p.dyn_into::<web_sys::Element>().ok())
                {
                    built.mount(&parent, Some(&node));
                }
                InertState::Built(built)
            }
        }
    }

    fn into_owned(self) -> Self::Owned {
        self
    }
}

impl<S: Mountable> Mountable for InertState<S> {
    fn unmount(&mut self) {
        match self {
            InertState::Claimed(element) => Rndr::remove(element),
            InertState::Built(built) => built.unmount(),
        }
    }

    fn mount(&mut self, parent: &web_sys::Element, marker: Option<&web_sys::Node>) {
        match self {
            InertState::Claimed(element) => Rndr::insert_node(parent, element, marker),
            InertState::Built(built) => built.mount(parent, marker),
        }
    }

    fn try_mount(&mut self, parent: &web_sys::Element, marker: Option<&web_sys::Node>) -> bool {
        match self {
            InertState::Claimed(element) => Rndr::try_insert_node(parent, element, marker),
            InertState::Built(built) => built.try_mount(parent, marker),
        }
    }

    fn insert_before_this(&self, child: &mut dyn Mountable) -> bool {
        match self {
            InertState::Claimed(element) => match element
                .parent_node()
                .and_then(|p| p.dyn_into::<web_sys::Element>().ok())
            {
                Some(parent) => {
                    child.mount(&parent, Some(element));
                    true
                }
                None => false,
            },
            InertState::Built(built) => built.insert_before_this(child),
        }
    }

    fn elements(&self) -> Vec<web_sys::Element> {
        match self {
            InertState::Claimed(element) => vec![element.clone()],
            InertState::Built(built) => built.elements(),
        }
    }
}
