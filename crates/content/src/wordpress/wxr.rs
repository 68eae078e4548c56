//! Reading a WordPress eXtended RSS export (Tools → Export) with a real XML parser.
//!
//! WXR is RSS 2.0 with WordPress's elements under the `wp:`, `content:`, `excerpt:` and `dc:`
//! prefixes, and post bodies in CDATA. Elements are matched by their qualified names, the way
//! WordPress itself writes and reads them.

use quick_xml::{escape::resolve_predefined_entity, events::Event, Reader};

/// A category or tag declared at the top of the export.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Term {
    /// `wp:term_id`.
    pub id: u64,
    /// The URL name, often percent-encoded Arabic.
    pub nicename: String,
    /// The display name.
    pub name: String,
}

/// A category or tag attached to a post.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct ItemTerm {
    /// `category` or `post_tag` (other taxonomies are kept but unused).
    pub domain: String,
    /// The URL name.
    pub nicename: String,
    /// The display name.
    pub name: String,
}

/// One `<item>`: a post, page, attachment, revision or anything else WordPress stores.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Item {
    pub title: String,
    /// The permalink when exported.
    pub link: String,
    pub guid: String,
    pub id: u64,
    pub parent: u64,
    /// `post`, `page`, `attachment`, `revision`, …
    pub post_type: String,
    /// `publish`, `draft`, `inherit`, …
    pub status: String,
    /// The URL slug, often percent-encoded Arabic.
    pub name: String,
    /// The author's login.
    pub creator: String,
    /// `content:encoded`: the body as HTML.
    pub content: String,
    /// `excerpt:encoded` (for attachments: the caption).
    pub excerpt: String,
    /// Local time of the site, `YYYY-MM-DD HH:MM:SS`.
    pub date: String,
    pub date_gmt: String,
    pub modified: String,
    pub modified_gmt: String,
    /// Attachments: the file's URL.
    pub attachment_url: String,
    /// Set on password-protected posts, whose text is not for everyone.
    pub password: String,
    pub terms: Vec<ItemTerm>,
    /// `wp:postmeta` as `(key, value)`, in export order.
    pub meta: Vec<(String, String)>,
}

impl Item {
    /// The first value of a post meta key.
    pub fn meta(&self, key: &str) -> Option<&str> {
        self.meta
            .iter()
            .find(|(k, _)| k == key)
            .map(|(_, v)| v.as_str())
    }
}

/// The parts of an export the importer uses.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Export {
    /// The site's address (`wp:base_blog_url`, else the channel's `<link>`).
    pub site_url: String,
    /// `(login, display name)`.
    pub authors: Vec<(String, String)>,
    pub categories: Vec<Term>,
    pub items: Vec<Item>,
}

/// Why an export cannot be read.
#[derive(Debug, thiserror::Error)]
pub enum WxrError {
    #[error("not well-formed XML near byte {position}: {message}")]
    Xml { position: u64, message: String },
    #[error("no <rss><channel> in the file: is it a WordPress export (Tools → Export)?")]
    NotWxr,
}

/// Parses an export. Unknown elements are ignored; a malformed file is an error, never a panic.
pub fn parse(xml: &str) -> Result<Export, WxrError> {
    let mut reader = Reader::from_str(xml);
    let mut export = Export::default();
    let mut path: Vec<String> = Vec::new();
    let mut text = String::new();
    let mut item: Option<Item> = None;
    let mut term = ItemTerm::default();
    let mut category = Term::default();
    let mut author = (String::new(), String::new());
    let mut meta = (String::new(), String::new());
    let mut saw_channel = false;
    loop {
        let event = reader.read_event().map_err(|e| WxrError::Xml {
            position: reader.error_position(),
            message: e.to_string(),
        })?;
        match event {
            Event::Start(e) => {
                let name = e.name().as_ref().to_owned();
                text.clear();
                match name.as_str() {
                    "channel" => saw_channel = true,
                    "item" => item = Some(Item::default()),
                    "category" if item.is_some() => {
                        term = ItemTerm::default();
                        for attr in e.attributes().flatten() {
                            let value = attr
                                .normalized_value(quick_xml::XmlVersion::Implicit1_0)
                                .unwrap_or_default()
                                .into_owned();
                            match attr.key.as_ref() {
                                "domain" => term.domain = value,
                                "nicename" => term.nicename = value,
                                _ => {}
                            }
                        }
                    }
                    "wp:category" => category = Term::default(),
                    "wp:author" => author = Default::default(),
                    "wp:postmeta" => meta = Default::default(),
                    _ => {}
                }
                path.push(name);
            }
            Event::Text(t) => text.push_str(&t.xml10_content()),
            Event::CData(t) => text.push_str(&t.into_inner()),
            Event::GeneralRef(r) => {
                if let Ok(Some(c)) = r.resolve_char_ref() {
                    text.push(c);
                } else if let Some(s) = resolve_predefined_entity(&r.xml10_content()) {
                    text.push_str(s);
                }
            }
            Event::End(_) => {
                let Some(name) = path.pop() else {
                    continue;
                };
                let value = std::mem::take(&mut text);
                let parent = path.last().map(String::as_str).unwrap_or("");
                match (parent, name.as_str()) {
                    ("channel", "link") if export.site_url.is_empty() => {
                        export.site_url = value.trim().to_owned()
                    }
                    ("channel", "wp:base_blog_url") => export.site_url = value.trim().to_owned(),
                    ("channel", "wp:author") => export.authors.push(std::mem::take(&mut author)),
                    ("wp:author", "wp:author_login") => author.0 = value,
                    ("wp:author", "wp:author_display_name") => author.1 = value,
                    ("channel", "wp:category") => {
                        export.categories.push(std::mem::take(&mut category))
                    }
                    ("wp:category", "wp:term_id") => category.id = number(&value),
                    ("wp:category", "wp:category_nicename") => category.nicename = value,
                    ("wp:category", "wp:cat_name") => category.name = value,
                    ("channel", "item") => export.items.extend(item.take()),
                    ("wp:postmeta", "wp:meta_key") => meta.0 = value,
                    ("wp:postmeta", "wp:meta_value") => meta.1 = value,
                    ("item", field) => {
                        if let Some(item) = item.as_mut() {
                            match field {
                                "title" => item.title = value,
                                "link" => item.link = value.trim().to_owned(),
                                "guid" => item.guid = value.trim().to_owned(),
                                "dc:creator" => item.creator = value,
                                "content:encoded" => item.content = value,
                                "excerpt:encoded" => item.excerpt = value,
                                "wp:post_id" => item.id = number(&value),
                                "wp:post_parent" => item.parent = number(&value),
                                "wp:post_type" => item.post_type = value.trim().to_owned(),
                                "wp:status" => item.status = value.trim().to_owned(),
                                "wp:post_name" => item.name = value.trim().to_owned(),
                                "wp:post_date" => item.date = value.trim().to_owned(),
                                "wp:post_date_gmt" => item.date_gmt = value.trim().to_owned(),
                                "wp:post_modified" => item.modified = value.trim().to_owned(),
                                "wp:post_modified_gmt" => {
                                    item.modified_gmt = value.trim().to_owned()
                                }
                                "wp:attachment_url" => {
                                    item.attachment_url = value.trim().to_owned()
                                }
                                "wp:post_password" => item.password = value,
                                "category" => {
                                    let mut t = std::mem::take(&mut term);
                                    t.name = value;
                                    item.terms.push(t);
                                }
                                "wp:postmeta" => item.meta.push(std::mem::take(&mut meta)),
                                _ => {}
                            }
                        }
                    }
                    _ => {}
                }
            }
            Event::Eof => break,
            _ => {}
        }
    }
    if !saw_channel {
        return Err(WxrError::NotWxr);
    }
    Ok(export)
}

fn number(value: &str) -> u64 {
    value.trim().parse().unwrap_or(0)
}

/// Width and height from `_wp_attachment_metadata`, PHP-serialized
/// (`a:5:{s:5:"width";i:1200;s:6:"height";i:675;…}`): the first `width` and `height` keys are
/// the original file's (the `sizes` array comes after them).
pub fn php_dimensions(serialized: &str) -> Option<(u32, u32)> {
    let find = |key: &str| -> Option<u32> {
        let marker = format!("s:{}:\"{key}\";i:", key.len());
        let start = serialized.find(&marker)? + marker.len();
        let digits: String = serialized[start..]
            .chars()
            .take_while(char::is_ascii_digit)
            .collect();
        digits.parse().ok().filter(|&n| n > 0)
    };
    Some((find("width")?, find("height")?))
}

#[cfg(test)]
mod tests {
    use super::*;

    const MINI: &str = r#"<?xml version="1.0" encoding="UTF-8"?>
<rss version="2.0" xmlns:excerpt="http://wordpress.org/export/1.2/excerpt/"
  xmlns:content="http://purl.org/rss/1.0/modules/content/" xmlns:dc="http://purl.org/dc/elements/1.1/"
  xmlns:wp="http://wordpress.org/export/1.2/">
<channel><title>موقع</title><link>https://old.example</link>
<wp:author><wp:author_login><![CDATA[sara]]></wp:author_login><wp:author_display_name><![CDATA[سارة علي]]></wp:author_display_name></wp:author>
<wp:category><wp:term_id>3</wp:term_id><wp:category_nicename><![CDATA[%d8%b3%d9%8a%d8%a7%d8%b3%d8%a9]]></wp:category_nicename><wp:cat_name><![CDATA[سياسة]]></wp:cat_name></wp:category>
<item><title>عنوان &amp; &#1605;</title><link>https://old.example/?p=5</link>
<dc:creator><![CDATA[sara]]></dc:creator>
<content:encoded><![CDATA[<p>نص <b>مهم</b></p>]]></content:encoded>
<wp:post_id>5</wp:post_id><wp:status><![CDATA[publish]]></wp:status><wp:post_type><![CDATA[post]]></wp:post_type>
<category domain="category" nicename="%d8%b3%d9%8a%d8%a7%d8%b3%d8%a9"><![CDATA[سياسة]]></category>
<wp:postmeta><wp:meta_key><![CDATA[_thumbnail_id]]></wp:meta_key><wp:meta_value><![CDATA[9]]></wp:meta_value></wp:postmeta>
</item></channel></rss>"#;

    #[test]
    fn items_terms_authors_and_meta_are_read_with_cdata_and_entities() {
        // Guards against losing post bodies in CDATA, entity-escaped titles or post meta.
        let export = parse(MINI).unwrap();
        assert_eq!(export.site_url, "https://old.example");
        assert_eq!(export.authors, vec![("sara".into(), "سارة علي".into())]);
        assert_eq!(export.categories[0].name, "سياسة");
        assert_eq!(export.categories[0].id, 3);
        let item = &export.items[0];
        assert_eq!(item.title, "عنوان & م");
        assert_eq!(item.content, "<p>نص <b>مهم</b></p>");
        assert_eq!(
            (item.id, item.status.as_str(), item.post_type.as_str()),
            (5, "publish", "post")
        );
        assert_eq!(item.terms[0].domain, "category");
        assert_eq!(item.terms[0].name, "سياسة");
        assert_eq!(item.meta("_thumbnail_id"), Some("9"));
    }

    #[test]
    fn a_broken_or_foreign_file_is_an_error() {
        // Guards against a panic or a silent empty import on a truncated or wrong file.
        let half = parse(&MINI[..MINI.len() / 2]);
        assert!(
            half.map_or(true, |e| e.items.is_empty()),
            "a truncated item must not be imported"
        );
        assert!(matches!(
            parse("<html><body/></html>"),
            Err(WxrError::NotWxr)
        ));
        assert!(matches!(
            parse("<rss><channel></item></rss>"),
            Err(WxrError::Xml { .. })
        ));
    }

    #[test]
    fn attachment_metadata_gives_the_original_size() {
        // Guards against pictures without dimensions when the file header cannot be read.
        let meta = r#"a:5:{s:5:"width";i:1200;s:6:"height";i:675;s:4:"file";s:17:"2023/03/photo.jpg";s:5:"sizes";a:1:{s:9:"thumbnail";a:4:{s:4:"file";s:17:"photo-150x150.jpg";s:5:"width";i:150;s:6:"height";i:150;}}}"#;
        assert_eq!(php_dimensions(meta), Some((1200, 675)));
        assert_eq!(php_dimensions("a:0:{}"), None);
    }
}
