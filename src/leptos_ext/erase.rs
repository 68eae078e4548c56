//! Route views without a second, asynchronous hydration path.
//!
//! The router type-erases each route's view (`into_any()`), which keeps a pointer to
//! `hydrate_async` for it and so compiles an async copy of the hydration code of the whole page
//! below it: about a fifth of the wasm, and never run, since the app hydrates synchronously
//! (`hydrate_body`; async hydration serves lazy routes and islands, which Khabar does not use).
//! [`SyncHydrate`] makes that path the synchronous one. Inside pages, prefer `Either` to
//! `into_any()`, or erase through `SyncHydrate(view).into_any()`.

use leptos::tachys::view::Render;

/// A view that hydrates asynchronously by hydrating synchronously (the trait's default), so the
/// async hydration of its contents is never compiled.
pub struct SyncHydrate<T>(pub T);

impl<T: Render> Render for SyncHydrate<T> {
    type State = T::State;

    fn build(self) -> Self::State {
        self.0.build()
    }

    fn rebuild(self, state: &mut Self::State) {
        self.0.rebuild(state);
    }
}

/// Writes `AddAnyAttr` and `RenderHtml` for a one-field view wrapper (`struct W<T>(pub T)`) by
/// passing everything to the wrapped view. `hydrate_async` is left to the trait's default, which
/// hydrates synchronously: no async copy of the wrapped view's hydration is compiled. The wrapper
/// writes its own `Render`.
macro_rules! delegate_html {
    ($wrapper:ident) => {
        const _: () = {
            use leptos::tachys::{
                html::attribute::{any_attribute::AnyAttribute, Attribute},
                hydration::Cursor,
                ssr::StreamBuilder,
                view::{add_attr::AddAnyAttr, Position, PositionState, RenderHtml},
            };

            impl<T: AddAnyAttr> AddAnyAttr for $wrapper<T> {
                type Output<SomeNewAttr: Attribute> = $wrapper<T::Output<SomeNewAttr>>;

                fn add_any_attr<NewAttr: Attribute>(self, attr: NewAttr) -> Self::Output<NewAttr>
                where
                    Self::Output<NewAttr>: RenderHtml,
                {
                    $wrapper(self.0.add_any_attr(attr))
                }
            }

            impl<T: RenderHtml> RenderHtml for $wrapper<T> {
                type AsyncOutput = $wrapper<T::AsyncOutput>;
                type Owned = $wrapper<T::Owned>;

                const MIN_LENGTH: usize = T::MIN_LENGTH;
                const EXISTS: bool = T::EXISTS;

                fn dry_resolve(&mut self) {
                    self.0.dry_resolve();
                }

                async fn resolve(self) -> Self::AsyncOutput {
                    $wrapper(self.0.resolve().await)
                }

                fn html_len(&self) -> usize {
                    self.0.html_len()
                }

                fn to_html_with_buf(
                    self,
                    buf: &mut String,
                    position: &mut Position,
                    escape: bool,
                    mark_branches: bool,
                    extra_attrs: Vec<AnyAttribute>,
                ) {
                    self.0
                        .to_html_with_buf(buf, position, escape, mark_branches, extra_attrs);
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
                    self.0.to_html_async_with_buf::<OUT_OF_ORDER>(
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
                    self.0.hydrate::<FROM_SERVER>(cursor, position)
                }

                fn into_owned(self) -> Self::Owned {
                    $wrapper(self.0.into_owned())
                }
            }
        };
    };
}
pub(crate) use delegate_html;

delegate_html!(SyncHydrate);
