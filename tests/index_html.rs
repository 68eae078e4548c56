//! `index.html`'s inline script runs before the app: it applies the stored theme and text size.
//! The facts it uses are the app's, defined once in Rust; these tests keep the script's copies in
//! step with them.
#![cfg(not(target_arch = "wasm32"))]

use khabar::browser::preferences::{TextSize, TEXT_SIZE_KEY, THEME_KEY};

fn index_html() -> String {
    std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/index.html")).unwrap_or_default()
}

/// Guards against the early script reading other storage keys than the app writes: the
/// reader's theme would flash back to the system's on every load.
#[test]
fn the_early_script_reads_the_keys_the_app_writes() {
    let html = index_html();
    for key in [THEME_KEY, TEXT_SIZE_KEY] {
        assert!(
            html.contains(&format!("localStorage.getItem(\"{key}\")")),
            "index.html must read {key:?}"
        );
    }
    let steps = TextSize::MAX;
    assert!(
        html.contains(&format!("/^[0-{steps}]$/")),
        "index.html must accept text sizes 0 to {steps}"
    );
}
