//! The browser tests read every published JSON file of the sample site with the app's reader
//! (`tests/browser.rs`, which can only name files at compile time): this guards that list.
#![cfg(not(target_arch = "wasm32"))]

use std::{fs, path::Path};

fn json_files(dir: &Path, found: &mut Vec<String>) {
    let Ok(entries) = fs::read_dir(dir) else {
        return;
    };
    for entry in entries.flatten() {
        let path = entry.path();
        if path.is_dir() {
            json_files(&path, found);
        } else if path.extension().is_some_and(|e| e == "json") {
            found.push(path.to_string_lossy().into_owned());
        }
    }
}

/// Guards against a published file kind (a new listing, a new article) that the browser's JSON
/// reader is never checked against.
#[test]
fn the_browser_tests_read_every_published_file() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let browser = fs::read_to_string(root.join("tests/browser.rs")).expect("tests/browser.rs");
    let mut files = Vec::new();
    json_files(&root.join("public/api"), &mut files);
    let prefix = format!("{}/", root.display());
    let missing: Vec<String> = files
        .iter()
        .map(|f| f.trim_start_matches(&prefix).to_owned())
        // The JSON Schemas describe the files; the app never reads them.
        .filter(|f| !f.starts_with("public/api/schema/"))
        .filter(|f| !browser.contains(&format!("include_str!(\"../{f}\")")))
        .collect();
    assert!(
        files.len() > 20,
        "the sample site is published in public/api"
    );
    assert_eq!(
        missing,
        Vec::<String>::new(),
        "not read by tests/browser.rs"
    );
}
