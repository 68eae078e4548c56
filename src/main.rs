//! The browser's entry point (the wasm Trunk builds, feature `hydrate`): hydrates a page
//! prerendered for its address, renders any other address afresh.

use khabar::{data::config::Config, routes::lazy::SplitPage, App};
use leptos::prelude::*;

fn main() {
    // A panic (a bug: data and network errors are values) is reported on the console; the
    // message alone, without console_error_panic_hook's stack trace machinery.
    std::panic::set_hook(Box::new(|info| {
        web_sys::console::error_1(&info.to_string().into());
    }));
    let _ = any_spawner::Executor::init_custom_executor(khabar::leptos_ext::executor::TaskPerSpawn);
    // First, so that its worker has loaded Intl's data by the time the dates need it.
    let config = Config::from_document();
    khabar::format::intl::warm_up(&config);
    // The wasm starts at the end of a long task (its compilation and instantiation): reading
    // the page's data and hydrating each wait for a browser task of their own (a spawned
    // future's first poll, then `next_task`). Shorter tasks keep a reader's tap waiting less.
    leptos::task::spawn_local(async move {
        khabar::browser::scroll_memory::install();
        let page = read_page(&config);
        let prefetch_config = config.clone();
        // The page's own module first, if it has one (routes::lazy): hydration is synchronous.
        let module = match config
            .app_path(&here())
            .and_then(|path| SplitPage::of(&path))
        {
            Some(split) => split.load().await,
            None => Ok(()),
        };
        match (page, module) {
            (Some(page), Ok(())) => {
                khabar::leptos_ext::executor::next_task().await;
                leptos::mount::hydrate_body(move || view! { <App config page /> });
            }
            // The prerendered page stays as it is, readable, and says the app could not start.
            (Some(_), Err(error)) => {
                web_sys::console::error_1(&format!("khabar: {error}").into());
                show_failed();
            }
            (None, _) => render_afresh(config),
        }
        khabar::routes::lazy::prefetch_on_intent(prefetch_config);
    });
}

/// The path of the document's address.
fn here() -> String {
    web_sys::window()
        .and_then(|w| w.location().pathname().ok())
        .unwrap_or_default()
}

/// Shows index.html's message for an app that cannot start.
fn show_failed() {
    if let Some(failed) = web_sys::window()
        .and_then(|w| w.document())
        .and_then(|d| d.get_element_by_id("khabar-failed"))
    {
        let _ = failed.remove_attribute("hidden");
    }
}

/// The page's data if the page was prerendered for this very address: a fallback document
/// (`404.html`, the shell a host answers with for an address that has no file) is rendered afresh
/// from the address.
fn read_page(config: &Config) -> Option<khabar::data::page_data::PageData> {
    let here = here();
    khabar::data::page_data::from_document()
        .filter(|page| same_path(&config.href(&page.path), &here))
}

fn render_afresh(config: Config) {
    khabar::leptos_ext::head::remove_prerendered();
    clear_body();
    mount_to_body(move || view! { <App config /> });
}

/// `/article/x` and `/article/x/` are one page (static hosts serve it from `article/x/index.html`).
fn same_path(a: &str, b: &str) -> bool {
    let trim = |p: &str| p.trim_end_matches('/').to_owned();
    trim(a) == trim(b)
}

/// Removes what the document shows before the app runs (a prerendered page for another address,
/// or the loading masthead) in the frame the app replaces it.
fn clear_body() {
    let Some(body) = web_sys::window()
        .and_then(|w| w.document())
        .and_then(|d| d.body())
    else {
        return;
    };
    let children = body.children();
    let stale: Vec<web_sys::Element> = (0..children.length())
        .filter_map(|i| children.item(i))
        .filter(|el| el.tag_name() != "SCRIPT")
        .collect();
    for element in stale {
        element.remove();
    }
}
