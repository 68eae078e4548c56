//! JSON written by hand, for the few documents the app writes (JSON-LD, the saved list): serde_json's
//! serializer would otherwise be compiled into the wasm for them alone.

use std::fmt::Write as _;

/// A JSON object written member by member.
pub struct Object(String);

impl Object {
    /// An empty object.
    #[allow(clippy::new_without_default)]
    pub fn new() -> Self {
        Object(String::from("{"))
    }

    /// Adds a member whose value is already JSON text.
    pub fn raw(mut self, key: &str, json: &str) -> Self {
        if self.0.len() > 1 {
            self.0.push(',');
        }
        self.0.push_str(&string(key));
        self.0.push(':');
        self.0.push_str(json);
        self
    }

    /// Adds a string member.
    pub fn text(self, key: &str, value: &str) -> Self {
        self.raw(key, &string(value))
    }

    /// Adds a whole number that may pass `usize` on wasm32 (milliseconds since the epoch).
    pub fn integer(self, key: &str, value: i64) -> Self {
        self.raw(key, &value.to_string())
    }

    /// Adds a number member.
    pub fn number(self, key: &str, value: usize) -> Self {
        self.raw(key, &value.to_string())
    }

    /// The object's JSON text.
    pub fn end(mut self) -> String {
        self.0.push('}');
        self.0
    }
}

/// A JSON array of values already written as JSON text.
pub fn array(items: impl Iterator<Item = String>) -> String {
    format!("[{}]", items.collect::<Vec<_>>().join(","))
}

/// `text` as a JSON string. `<` is escaped too, so no text from content can close the script
/// element the JSON is written into.
pub fn string(text: &str) -> String {
    let mut out = String::with_capacity(text.len() + 2);
    out.push('"');
    for c in text.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '<' => out.push_str("\\u003c"),
            '\n' => out.push_str("\\n"),
            c if u32::from(c) < 0x20 => {
                let _ = write!(out, "\\u{:04x}", u32::from(c));
            }
            c => out.push(c),
        }
    }
    out.push('"');
    out
}
