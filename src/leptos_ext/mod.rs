//! The app's extensions of Leptos's internals: every type here implements a tachys or
//! reactive_graph trait (or wraps one of its functions), and nothing outside this module does.
//! Each saves wasm or a long task that Leptos's public API would cost; each relies on a contract
//! of Leptos 0.8's internals that is written down here and tested directly in the browser
//! (`tests/browser.rs`, the tests named after each piece).
//!
//! | piece | relies on |
//! |---|---|
//! | [`erase::SyncHydrate`] | `RenderHtml::hydrate_async`'s default body calls `hydrate` (synchronously), so a wrapper that leaves it to the default never compiles its view's async hydration |
//! | [`fresh::Fresh`] | `Render::rebuild` may replace the old state by a newly built one, provided it mounts the new view where the old one was (`insert_before_this`, then `unmount`) |
//! | [`inert::Inert`] | the hydration cursor's rules for one element, copied from tachys's `HtmlElement::hydrate`: `Position::FirstChild` moves to the first child, `Current` stays, anything else moves to the next sibling; afterwards the position is `NextChild`. A node that is not an element (the document was changed) gets the view built afresh in its place |
//! | [`head`] | a view's `mount` is called after `build` (tachys mounts every built view), `unmount`/drop when the page goes; `RenderHtml::to_html_with_buf` on the server; `hydrate` runs once per page, in document order |
//! | [`effect::effect`] | `Effect::new` runs its function after the current render, in the browser only, and again when a signal it read changes, until its owner is disposed |
//! | [`executor::TaskPerSpawn`] | any_spawner's `CustomExecutor`: `spawn_local` is how every `spawn_local` and effect future starts; `poll_local` is unused in the browser |
//!
//! On Leptos 0.9: `RenderHtml::to_html_with_buf` and `to_html_async_with_buf` take a
//! `RenderFlags` value in place of the `escape`/`mark_branches` booleans, so `erase`'s
//! `delegate_html!`, `Inert` and the head's server half change their signatures (nothing else);
//! check that `hydrate_async`'s default still calls `hydrate`, and `Inert`'s cursor rules against
//! tachys's element hydration, before upgrading.

pub mod effect;
pub mod erase;
#[cfg(feature = "hydrate")]
pub mod executor;
pub mod fresh;
pub mod head;
pub mod inert;
