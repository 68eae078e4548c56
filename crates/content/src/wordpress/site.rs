//! `content/site.json` with sections added and nothing else touched: its fields keep their
//! order and values, and the sections keep their one-line form.

use khabar_model::{Section, Site, Writer};
use serde_json::{Map, Value};

/// The site file as JSON, so fields this tool does not know survive a rewrite.
#[derive(Clone, Debug)]
pub struct SiteFile {
    fields: Map<String, Value>,
    /// Top-level keys in the order of the file.
    order: Vec<String>,
}

impl SiteFile {
    pub fn parse(text: &str) -> Result<Self, String> {
        let value: Value = serde_json::from_str(text).map_err(|e| e.to_string())?;
        let Value::Object(fields) = value else {
            return Err("is not a JSON object".into());
        };
        serde_json::from_value::<Site>(Value::Object(fields.clone())).map_err(|e| e.to_string())?;
        // serde_json's map is sorted; the file's order is read back from the text itself.
        let mut order: Vec<(usize, String)> = fields
            .keys()
            .map(|k| {
                let quoted = serde_json::to_string(k).unwrap_or_default();
                (
                    text.find(&format!("{quoted}:")).unwrap_or(usize::MAX),
                    k.clone(),
                )
            })
            .collect();
        order.sort();
        Ok(Self {
            fields,
            order: order.into_iter().map(|(_, k)| k).collect(),
        })
    }

    /// The sections, as the content model reads them.
    pub fn sections(&self) -> Vec<Section> {
        self.fields
            .get("sections")
            .cloned()
            .and_then(|v| serde_json::from_value(v).ok())
            .unwrap_or_default()
    }

    /// The site as the content rules check it.
    pub fn model(&self) -> Site {
        serde_json::from_value(Value::Object(self.fields.clone())).unwrap_or(Site {
            name: String::new(),
            description: String::new(),
            url: String::new(),
            lang: "ar".into(),
            sections: Vec::new(),
        })
    }

    /// The editors' topic addresses: `(name, slug)` of each `topics` entry that gives a slug.
    pub fn topic_slugs(&self) -> Vec<(String, String)> {
        let Some(Value::Array(topics)) = self.fields.get("topics") else {
            return Vec::new();
        };
        topics
            .iter()
            .filter_map(|t| {
                Some((
                    t.get("name")?.as_str()?.to_owned(),
                    t.get("slug")?.as_str()?.to_owned(),
                ))
            })
            .collect()
    }

    /// The writers, as the content model reads them.
    pub fn writers(&self) -> Vec<Writer> {
        self.fields
            .get("writers")
            .cloned()
            .and_then(|v| serde_json::from_value(v).ok())
            .unwrap_or_default()
    }

    /// Adds a writer (slug and name) after the others, and the `writers` list if there is none.
    pub fn add_writer(&mut self, writer: &Writer) {
        if !self.fields.contains_key("writers") {
            self.fields
                .insert("writers".into(), Value::Array(Vec::new()));
            self.order.push("writers".into());
        }
        if let Some(Value::Array(writers)) = self.fields.get_mut("writers") {
            let mut entry = Map::new();
            entry.insert("slug".into(), Value::String(writer.slug.clone()));
            entry.insert("name".into(), Value::String(writer.name.clone()));
            writers.push(Value::Object(entry));
        }
    }

    pub fn add_section(&mut self, section: &Section) {
        if let Some(Value::Array(sections)) = self.fields.get_mut("sections") {
            let mut entry = Map::new();
            entry.insert("slug".into(), Value::String(section.slug.clone()));
            entry.insert("name".into(), Value::String(section.name.clone()));
            sections.push(Value::Object(entry));
        }
    }

    /// Two-space JSON with each section on one line, as the file is written by hand.
    pub fn render(&self) -> String {
        let mut out = String::from("{\n");
        let last = self.order.len().saturating_sub(1);
        for (i, key) in self.order.iter().enumerate() {
            let value = &self.fields[key];
            let key_json = serde_json::to_string(key).unwrap_or_default();
            let rendered = match (key.as_str(), value) {
                ("sections" | "writers" | "topics", Value::Array(sections))
                    if !sections.is_empty() =>
                {
                    let lines: Vec<String> = sections
                        .iter()
                        .map(|s| format!("    {}", one_line(s)))
                        .collect();
                    format!("[\n{}\n  ]", lines.join(",\n"))
                }
                _ => serde_json::to_string(value).unwrap_or_default(),
            };
            out.push_str(&format!("  {key_json}: {rendered}"));
            out.push_str(if i == last { "\n" } else { ",\n" });
        }
        out.push_str("}\n");
        out
    }
}

/// `{ "slug": "news", "name": "الأخبار" }`: slug and name first, other fields after (a section,
/// a writer or a topic).
fn one_line(section: &Value) -> String {
    let Value::Object(map) = section else {
        return serde_json::to_string(section).unwrap_or_default();
    };
    let mut keys: Vec<&String> = map.keys().collect();
    keys.sort_by_key(|k| match k.as_str() {
        "slug" => 0,
        "name" => 1,
        "role" => 2,
        "bio" => 3,
        "description" => 4,
        _ => 5,
    });
    let parts: Vec<String> = keys
        .iter()
        .map(|k| {
            format!(
                "{}: {}",
                serde_json::to_string(k).unwrap_or_default(),
                serde_json::to_string(&map[*k]).unwrap_or_default()
            )
        })
        .collect();
    format!("{{ {} }}", parts.join(", "))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_committed_site_file_is_rendered_byte_for_byte() {
        // Guards against an import reformatting or reordering content/site.json.
        let text = include_str!("../../../../content/site.json");
        assert_eq!(SiteFile::parse(text).unwrap().render(), text);
    }

    #[test]
    fn an_added_section_keeps_every_other_field() {
        // Guards against losing the site's name, description or unknown fields.
        let text = "{\n  \"name\": \"خبر\",\n  \"extra\": {\"a\": 1},\n  \"sections\": [\n    { \"slug\": \"news\", \"name\": \"الأخبار\" }\n  ]\n}\n";
        let mut site = SiteFile::parse(text).unwrap();
        site.add_section(&Section {
            slug: "siyasa".into(),
            name: "سياسة".into(),
        });
        let out = site.render();
        assert!(
            out.starts_with("{\n  \"name\": \"خبر\",\n  \"extra\": {\"a\":1},"),
            "{out}"
        );
        assert!(out.contains("    { \"slug\": \"news\", \"name\": \"الأخبار\" },\n    { \"slug\": \"siyasa\", \"name\": \"سياسة\" }\n  ]\n}\n"), "{out}");
        assert_eq!(SiteFile::parse(&out).unwrap().sections().len(), 2);
    }
}
