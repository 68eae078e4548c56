//! The published JSON Schemas (`public/api/schema/*.schema.json`), derived from the model's types
//! and its rules' patterns so that they cannot drift from what the app reads. They describe the
//! published files: unknown fields are allowed, as the app ignores them.

use khabar_model::{Article, Listing, Site};
use schemars::{generate::SchemaSettings, JsonSchema};
use serde_json::Value;
use std::collections::BTreeMap;

/// `schema/<name>.schema.json` → contents, for the site published at `site_url` (its `$id`s).
pub fn files(site_url: &str) -> BTreeMap<String, String> {
    [
        one::<Article>(
            "article",
            "Khabar article (api/articles/<slug>.json)",
            site_url,
        ),
        one::<Listing>(
            "listing",
            "Khabar listing page (api/index.json, api/index-2.json, api/sections/<slug>.json, …)",
            site_url,
        ),
        one::<Site>("site", "Khabar site (api/site.json)", site_url),
    ]
    .into_iter()
    .collect()
}

fn one<T: JsonSchema>(name: &str, title: &str, site_url: &str) -> (String, String) {
    let mut schema = SchemaSettings::draft2020_12()
        .for_deserialize()
        .into_generator()
        .into_root_schema_for::<T>();
    let site_url = site_url.trim_end_matches('/');
    if !site_url.is_empty() {
        schema.insert(
            "$id".to_owned(),
            Value::from(format!("{site_url}/api/schema/{name}.schema.json")),
        );
    }
    schema.insert("title".to_owned(), Value::from(title));
    // Readable by the newsrooms and CMSs the schemas are for, and small enough not to matter.
    let mut json = serde_json::to_string_pretty(&schema).unwrap_or_default();
    json.push('\n');
    (format!("schema/{name}.schema.json"), json)
}
