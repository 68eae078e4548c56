//! Rust strings handed to JS as JS strings, through an import: `JsValue::from_str` goes through
//! wasm-bindgen's generic cast, whose glue wasm-bindgen writes for the main module only, so in a
//! page's module (`routes::lazy`) it fails when it runs. The release build refuses such a module
//! (scripts/wasm-split.mjs); code that a page module holds uses these instead.

use wasm_bindgen::prelude::*;

#[wasm_bindgen]
extern "C" {
    /// JS's `String(text)`: the text as a JS string.
    #[wasm_bindgen(js_name = String)]
    pub fn js_string(text: &str) -> JsValue;

    /// JS's `Reflect.get(target, key)`, with a Rust string for the key; `undefined` when
    /// `target` has no such property, an error when `target` is not an object.
    #[wasm_bindgen(js_namespace = Reflect, js_name = get, catch)]
    pub fn get(target: &JsValue, key: &str) -> Result<JsValue, JsValue>;

    /// `console.error(text)`: what `leptos::logging::error!` does, for code in a page module.
    #[wasm_bindgen(js_namespace = console, js_name = error)]
    pub fn console_error(text: &str);
}
