use khabar::{config::Config, App};
use leptos::prelude::*;

fn main() {
    console_error_panic_hook::set_once();
    let config = Config::from_document();
    khabar::scroll_memory::install();
    mount_to_body(move || view! { <App config /> });
}
