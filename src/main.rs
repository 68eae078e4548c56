use khabar::{config::Config, App};
use leptos::prelude::*;

fn main() {
    console_error_panic_hook::set_once();
    let config = Config::from_document();
    khabar::scroll_memory::install();
    // The static masthead shown while the wasm loaded gives way to the app in the same frame.
    if let Some(shell) = web_sys::window()
        .and_then(|w| w.document())
        .and_then(|d| d.get_element_by_id("shell"))
    {
        shell.remove();
    }
    mount_to_body(move || view! { <App config /> });
}
