//! `index.html`'s inline script runs before the app: it applies the stored theme and text size
//! and starts downloading an article's JSON. The facts it uses are the app's, defined once in
//! Rust; these tests keep the script's copies in step with them.
#![cfg(not(target_arch = "wasm32"))]

use khabar::{
    model::slug,
    preferences::{TextSize, TEXT_SIZE_KEY, THEME_KEY},
};

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

/// Guards against the early preload and the app disagreeing on what an article address is: a
/// slug the app accepts would not be preloaded, or one it refuses would be requested.
#[test]
fn the_early_preload_uses_the_slug_rule() {
    let html = index_html();
    let rule = slug::PATTERN.trim_start_matches('^').trim_end_matches('$');
    assert!(
        html.contains(&format!("/\\/article\\/({rule})\\/?$/")),
        "index.html's preload must match /article/ followed by {rule}"
    );
    assert!(
        html.contains(&format!("length <= {}", slug::MAX_LEN)),
        "index.html's preload must stop at {} characters",
        slug::MAX_LEN
    );
}
