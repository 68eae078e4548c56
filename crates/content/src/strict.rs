//! The nested parts of an article and of the site file as authors write them, read strictly: an
//! unknown field anywhere (`"captoin"`, `"herf"`) is an error naming its full path, where the
//! published model ([`khabar_model`]) ignores it so that older apps read newer files.
//!
//! Plain structs are mirrors with `deny_unknown_fields`. The unions are read by hand: serde's
//! internally tagged (`Block`) and untagged (`Inline`, `Span`) enums buffer the whole value before
//! choosing a variant, so a typo inside them becomes "data did not match any variant" and
//! `serde_path_to_error` loses the path. These readers dispatch on the JSON shape (string, array
//! or object) or on the keys as they come, buffering nothing, so every error keeps its path.

use crate::source::{SiteFile, TopicEntry};
use khabar_model::{Author, Block, Image, Inline, Section, Site, Span, Writer};
use serde::de::{self, DeserializeSeed, Deserializer, MapAccess, SeqAccess, Visitor};
use serde::Deserialize;
use std::fmt;

/// `content/site.json`. There is no `dir`: the interface is Arabic and right-to-left whatever
/// the site says, and each article sets its own `dir`, so a site-wide one would mean nothing.
#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct SiteSource {
    name: String,
    #[serde(default)]
    description: String,
    #[serde(default)]
    url: String,
    #[serde(default = "default_lang")]
    lang: String,
    sections: Vec<SectionSource>,
    #[serde(default)]
    writers: Vec<WriterSource>,
    #[serde(default)]
    topics: Vec<TopicSource>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct WriterSource {
    slug: String,
    name: String,
    #[serde(default)]
    role: Option<String>,
    #[serde(default)]
    bio: Option<String>,
    #[serde(default)]
    picture: Option<ImageSource>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct TopicSource {
    name: String,
    #[serde(default)]
    slug: Option<String>,
    #[serde(default)]
    description: Option<String>,
}

fn default_lang() -> String {
    "ar".to_owned()
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct SectionSource {
    slug: String,
    name: String,
}

impl From<SiteSource> for SiteFile {
    // Struct literals name every field: a field added to the model fails to compile here until
    // the strict reader learns it, instead of being refused as unknown.
    fn from(site: SiteSource) -> Self {
        let SiteSource {
            name,
            description,
            url,
            lang,
            sections,
            writers,
            topics,
        } = site;
        SiteFile {
            site: Site {
                name,
                description,
                url,
                lang,
                sections: sections
                    .into_iter()
                    .map(|SectionSource { slug, name }| Section { slug, name })
                    .collect(),
            },
            writers: writers
                .into_iter()
                .map(
                    |WriterSource {
                         slug,
                         name,
                         role,
                         bio,
                         picture,
                     }| Writer {
                        slug,
                        name,
                        role,
                        bio,
                        picture: picture.map(Image::from),
                    },
                )
                .collect(),
            topics: topics
                .into_iter()
                .map(
                    |TopicSource {
                         name,
                         slug,
                         description,
                     }| TopicEntry {
                        name,
                        slug,
                        description,
                    },
                )
                .collect(),
        }
    }
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct AuthorSource {
    name: String,
    #[serde(default)]
    url: Option<String>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct ImageSource {
    src: String,
    alt: String,
    #[serde(default)]
    caption: Option<String>,
    #[serde(default)]
    credit: Option<String>,
    // A photograph's are read from the file; a drawing's (SVG) are the author's.
    #[serde(default)]
    width: Option<u32>,
    #[serde(default)]
    height: Option<u32>,
}

impl From<ImageSource> for Image {
    fn from(image: ImageSource) -> Self {
        let ImageSource {
            src,
            alt,
            caption,
            credit,
            width,
            height,
        } = image;
        Image {
            src,
            alt,
            caption,
            credit,
            width: width.unwrap_or(0),
            height: height.unwrap_or(0),
            placeholder: None,
            variants: Vec::new(),
            card_variants: Vec::new(),
        }
    }
}

/// `ArticleSource::authors`, strictly.
pub(crate) fn authors<'de, D: Deserializer<'de>>(d: D) -> Result<Vec<Author>, D::Error> {
    let authors = Vec::<AuthorSource>::deserialize(d)?;
    Ok(authors
        .into_iter()
        .map(|AuthorSource { name, url }| Author {
            name,
            url,
            slug: None,
        })
        .collect())
}

/// `ArticleSource::image`, strictly.
pub(crate) fn image<'de, D: Deserializer<'de>>(d: D) -> Result<Option<Image>, D::Error> {
    Ok(Option::<ImageSource>::deserialize(d)?.map(Image::from))
}

/// `ArticleSource::body`, strictly.
pub(crate) fn body<'de, D: Deserializer<'de>>(d: D) -> Result<Vec<Block>, D::Error> {
    let blocks = Vec::<StrictBlock>::deserialize(d)?;
    Ok(blocks.into_iter().map(|StrictBlock(block)| block).collect())
}

/// [`Inline`] read by shape: a string is plain text, an array holds strings and spans.
struct StrictInline(Inline);

impl<'de> Deserialize<'de> for StrictInline {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        d.deserialize_any(InlineVisitor)
    }
}

struct InlineVisitor;

impl<'de> Visitor<'de> for InlineVisitor {
    type Value = StrictInline;

    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("a string, or an array of strings and {\"text\": …} objects")
    }

    fn visit_str<E: de::Error>(self, text: &str) -> Result<Self::Value, E> {
        Ok(StrictInline(Inline::Plain(text.to_owned())))
    }

    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Self::Value, A::Error> {
        let mut spans = Vec::new();
        while let Some(StrictSpan(span)) = seq.next_element()? {
            spans.push(span);
        }
        Ok(StrictInline(Inline::Runs(spans)))
    }
}

/// [`Span`] read by shape: a string is unstyled text, an object a styled or linked run.
struct StrictSpan(Span);

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct StyledSource {
    text: String,
    #[serde(default)]
    href: Option<String>,
    #[serde(default)]
    emphasis: bool,
    #[serde(default)]
    strong: bool,
}

impl<'de> Deserialize<'de> for StrictSpan {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        d.deserialize_any(SpanVisitor)
    }
}

struct SpanVisitor;

impl<'de> Visitor<'de> for SpanVisitor {
    type Value = StrictSpan;

    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("a string or a {\"text\": …} object")
    }

    fn visit_str<E: de::Error>(self, text: &str) -> Result<Self::Value, E> {
        Ok(StrictSpan(Span::Text(text.to_owned())))
    }

    fn visit_map<A: MapAccess<'de>>(self, map: A) -> Result<Self::Value, A::Error> {
        let StyledSource {
            text,
            href,
            emphasis,
            strong,
        } = StyledSource::deserialize(de::value::MapAccessDeserializer::new(map))?;
        Ok(StrictSpan(Span::Styled {
            text,
            href,
            emphasis,
            strong,
        }))
    }
}

/// The kinds of [`Block`], as `type` names them.
#[derive(Clone, Copy, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "lowercase")]
enum Kind {
    Paragraph,
    Heading,
    List,
    Quote,
    Figure,
}

impl Kind {
    fn name(self) -> &'static str {
        match self {
            Kind::Paragraph => "paragraph",
            Kind::Heading => "heading",
            Kind::List => "list",
            Kind::Quote => "quote",
            Kind::Figure => "figure",
        }
    }

    /// The fields a block of this kind may have.
    fn fields(self) -> &'static [&'static str] {
        match self {
            Kind::Paragraph | Kind::Heading => &["type", "text"],
            Kind::List => &["type", "ordered", "items"],
            Kind::Quote => &["type", "text", "source"],
            Kind::Figure => &["type", "image"],
        }
    }
}

/// Every field some block may have.
const BLOCK_FIELDS: &[&str] = &["type", "text", "ordered", "items", "source", "image"];

/// A [`Block`] read key by key. A key is refused while it is being read (so the error's path ends
/// in it) when no block has it, or when `type` came first and this kind has no such field.
struct StrictBlock(Block);

impl<'de> Deserialize<'de> for StrictBlock {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        d.deserialize_map(BlockVisitor)
    }
}

/// Reads one key of a block, knowing the block's kind once `type` has been read.
struct BlockKey(Option<Kind>);

impl<'de> DeserializeSeed<'de> for BlockKey {
    type Value = &'static str;

    fn deserialize<D: Deserializer<'de>>(self, d: D) -> Result<Self::Value, D::Error> {
        d.deserialize_identifier(self)
    }
}

impl<'de> Visitor<'de> for BlockKey {
    type Value = &'static str;

    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("a field of a block")
    }

    fn visit_str<E: de::Error>(self, key: &str) -> Result<Self::Value, E> {
        let allowed = self.0.map_or(BLOCK_FIELDS, Kind::fields);
        allowed
            .iter()
            .find(|field| **field == key)
            .copied()
            .ok_or_else(|| match self.0 {
                Some(kind) => E::custom(format!(
                    "unknown field `{key}` in a {} block, expected {}",
                    kind.name(),
                    listed(allowed)
                )),
                None => E::unknown_field(key, allowed),
            })
    }
}

/// `` `a`, `b` or `c` ``.
fn listed(fields: &[&str]) -> String {
    let quoted: Vec<String> = fields.iter().map(|f| format!("`{f}`")).collect();
    match quoted.split_last() {
        Some((last, rest)) if !rest.is_empty() => format!("{} or {last}", rest.join(", ")),
        _ => quoted.concat(),
    }
}

/// A block's `text`: a heading's is a plain string, the others' running text. Read before
/// `type`, it is kept as running text and a heading checks it at the end.
enum Text {
    Plain(String),
    Running(Inline),
}

struct BlockVisitor;

impl<'de> Visitor<'de> for BlockVisitor {
    type Value = StrictBlock;

    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("a block: an object with a \"type\"")
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Self::Value, A::Error> {
        let mut kind: Option<Kind> = None;
        let mut seen: Vec<&'static str> = Vec::new();
        let mut text: Option<Text> = None;
        let mut ordered = false;
        let mut items: Option<Vec<Inline>> = None;
        let mut source: Option<String> = None;
        let mut image: Option<Image> = None;
        while let Some(key) = map.next_key_seed(BlockKey(kind))? {
            if seen.contains(&key) {
                return Err(de::Error::duplicate_field(key));
            }
            seen.push(key);
            match key {
                "type" => kind = Some(map.next_value()?),
                "text" if kind == Some(Kind::Heading) => {
                    text = Some(Text::Plain(map.next_value()?));
                }
                "text" => {
                    let StrictInline(inline) = map.next_value()?;
                    text = Some(Text::Running(inline));
                }
                "ordered" => ordered = map.next_value()?,
                "items" => {
                    let read: Vec<StrictInline> = map.next_value()?;
                    items = Some(read.into_iter().map(|StrictInline(i)| i).collect());
                }
                "source" => source = map.next_value()?,
                "image" => image = Some(map.next_value::<ImageSource>()?.into()),
                _ => {
                    map.next_value::<de::IgnoredAny>()?;
                }
            }
        }
        let kind = kind.ok_or_else(|| de::Error::missing_field("type"))?;
        // Keys read before `type` could not be checked against the kind as they came.
        if let Some(key) = seen.iter().find(|key| !kind.fields().contains(key)) {
            return Err(de::Error::custom(format!(
                "unknown field `{key}` in a {} block, expected {}",
                kind.name(),
                listed(kind.fields())
            )));
        }
        let running = |text: Option<Text>| match text {
            Some(Text::Running(inline)) => Ok(inline),
            Some(Text::Plain(plain)) => Ok(Inline::Plain(plain)),
            None => Err(de::Error::missing_field("text")),
        };
        let block = match kind {
            Kind::Paragraph => Block::Paragraph {
                text: running(text)?,
            },
            Kind::Heading => Block::Heading {
                text: match text {
                    Some(Text::Plain(plain) | Text::Running(Inline::Plain(plain))) => plain,
                    Some(Text::Running(Inline::Runs(_))) => {
                        return Err(de::Error::custom(
                            "a heading's `text` is a plain string, without links or emphasis",
                        ))
                    }
                    None => return Err(de::Error::missing_field("text")),
                },
            },
            Kind::List => Block::List {
                ordered,
                items: items.ok_or_else(|| de::Error::missing_field("items"))?,
            },
            Kind::Quote => Block::Quote {
                text: running(text)?,
                source,
            },
            Kind::Figure => Block::Figure {
                image: image.ok_or_else(|| de::Error::missing_field("image"))?,
            },
        };
        Ok(StrictBlock(block))
    }
}

#[cfg(test)]
mod tests {
    use crate::source::{from_json, site_from_json, ArticleSource, ParseError};
    use khabar_model::Block;

    fn article_with_body(body: &str) -> String {
        format!(
            r#"{{"slug": "s", "section": "news", "headline": "ع", "summary": "م",
                "published": "2026-11-01T10:00:00+03:00", "body": {body}}}"#
        )
    }

    fn field_of_error(body: &str) -> String {
        from_json::<ArticleSource>(&article_with_body(body))
            .map(|_| "accepted".to_owned())
            .unwrap_or_else(|ParseError { field, .. }| field)
    }

    // Guards against the strict reader giving a valid article another meaning than the app's
    // model does (a default lost, a list's order flag dropped, a link read as text).
    #[test]
    fn valid_blocks_read_as_the_app_reads_them() {
        let body = r#"[
            {"type": "paragraph", "text": ["أ ", {"text": "ب", "href": "/x", "strong": true}]},
            {"text": "عنوان", "type": "heading"},
            {"type": "list", "ordered": true, "items": ["واحد", [{"text": "اثنان", "emphasis": true}]]},
            {"type": "list", "items": ["بند"]},
            {"type": "quote", "text": "قول", "source": "قائل"},
            {"type": "figure", "image": {"src": "images/a.svg", "alt": "ب", "caption": "ت", "credit": "ث", "width": 2, "height": 1}}
        ]"#;
        let strict: ArticleSource = from_json(&article_with_body(body)).unwrap();
        let model: Vec<Block> = serde_json::from_str(body).unwrap();
        assert_eq!(strict.body, model);
    }

    // Guards against a heading silently losing its links (it renders plain text only).
    #[test]
    fn a_heading_with_links_is_refused_at_its_text() {
        assert_eq!(
            field_of_error(r#"[{"type": "heading", "text": [{"text": "ع", "href": "/x"}]}]"#),
            "body[0].text"
        );
        assert_eq!(
            field_of_error(r#"[{"text": [{"text": "ع", "href": "/x"}], "type": "heading"}]"#),
            "body[0]"
        );
    }

    // Guards against a repeated key silently replacing the first one.
    #[test]
    fn a_field_given_twice_is_refused() {
        assert_eq!(
            field_of_error(r#"[{"type": "paragraph", "text": "أ", "text": "ب"}]"#),
            "body[0]"
        );
    }

    // Guards against a typo in a section of site.json passing unnoticed.
    #[test]
    fn a_typo_in_a_section_names_its_path() {
        let error = site_from_json(
            r#"{"name": "خبر", "sections": [{"slug": "a", "name": "أ"}, {"slug": "b", "nmae": "ب"}]}"#,
        )
        .unwrap_err();
        assert_eq!(error.field, "sections[1].nmae");
        assert!(
            error.message.starts_with("unknown field `nmae`"),
            "{error:?}"
        );
    }
}
