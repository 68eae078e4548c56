//! The API's JSON, read in the browser: the browser's own `JSON.parse` does the parsing and the
//! fields are read from its objects, so the wasm carries no JSON parser and no serde visitors
//! (tens of kilobytes). The shapes and defaults are those of the content model's serde
//! attributes; the content tool checks the files strictly, this only needs to read them safely:
//! anything else is a [`ReadError`] naming the field, never a panic.

use crate::{
    browser::saved::Saved,
    data::page_data::{PageContent, PageData},
    model::{
        Article, Author, Block, Direction, Image, ImageFormat, Inline, Listing, Section,
        SectionRef, Site, Span, Summary, Topic, Variant, Writer,
    },
};
use js_sys::{Array, JsString, Reflect, JSON};
use std::fmt;
use wasm_bindgen::{JsCast as _, JsValue};

/// Why a JSON text is not the expected value: where (`body[2].text`) and what was wrong.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ReadError {
    path: String,
    problem: &'static str,
}

impl fmt::Display for ReadError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.path.is_empty() {
            f.write_str(self.problem)
        } else {
            write!(f, "{}: {}", self.path, self.problem)
        }
    }
}

type Read<T> = Result<T, ReadError>;

/// A value the API serves as JSON.
pub trait FromJson: Sized {
    /// Reads the value from what `JSON.parse` made of the text.
    fn read(value: &Field) -> Read<Self>;
}

/// Parses `text` as JSON and reads it as `T`.
pub fn from_str<T: FromJson>(text: &str) -> Read<T> {
    let value = JSON::parse(text).map_err(|_| ReadError {
        path: String::new(),
        problem: "not JSON",
    })?;
    T::read(&Field {
        value,
        path: String::new(),
    })
}

/// A value inside the parsed JSON, with its path for error messages.
pub struct Field {
    value: JsValue,
    path: String,
}

impl Field {
    fn fail<T>(&self, problem: &'static str) -> Read<T> {
        Err(ReadError {
            path: self.path.clone(),
            problem,
        })
    }

    /// The member `key` of this object; `None` when absent or `null`.
    fn member(&self, key: &str) -> Read<Option<Field>> {
        if !self.value.is_object() || Array::is_array(&self.value) {
            return self.fail("expected an object");
        }
        let value = Reflect::get(&self.value, &JsValue::from_str(key))
            .or_else(|_| self.fail("unreadable object"))?;
        if value.is_undefined() || value.is_null() {
            return Ok(None);
        }
        Ok(Some(Field {
            value,
            path: self.path_of(key),
        }))
    }

    fn path_of(&self, key: &str) -> String {
        if self.path.is_empty() {
            key.to_owned()
        } else {
            format!("{}.{key}", self.path)
        }
    }

    fn required<T: FromJson>(&self, key: &str) -> Read<T> {
        match self.member(key)? {
            Some(field) => T::read(&field),
            None => Err(ReadError {
                path: self.path_of(key),
                problem: "missing",
            }),
        }
    }

    fn optional<T: FromJson>(&self, key: &str) -> Read<Option<T>> {
        self.member(key)?.map(|field| T::read(&field)).transpose()
    }

    fn or_default<T: FromJson + Default>(&self, key: &str) -> Read<T> {
        Ok(self.optional(key)?.unwrap_or_default())
    }
}

impl FromJson for String {
    fn read(field: &Field) -> Read<Self> {
        match field.value.dyn_ref::<JsString>() {
            Some(text) => Ok(String::from(text)),
            None => field.fail("expected a string"),
        }
    }
}

impl FromJson for bool {
    fn read(field: &Field) -> Read<Self> {
        match field.value.as_bool() {
            Some(flag) => Ok(flag),
            None => field.fail("expected true or false"),
        }
    }
}

impl FromJson for u32 {
    fn read(field: &Field) -> Read<Self> {
        match field.value.as_f64() {
            Some(n) if n.fract() == 0.0 && (0.0..=f64::from(u32::MAX)).contains(&n) => Ok(n as u32),
            _ => field.fail("expected a whole number"),
        }
    }
}

impl<T: FromJson> FromJson for Vec<T> {
    fn read(field: &Field) -> Read<Self> {
        let Some(array) = field.value.dyn_ref::<Array>() else {
            return field.fail("expected an array");
        };
        array
            .iter()
            .enumerate()
            .map(|(i, value)| {
                T::read(&Field {
                    value,
                    path: format!("{}[{i}]", field.path),
                })
            })
            .collect()
    }
}

impl<T: FromJson> FromJson for Box<T> {
    fn read(field: &Field) -> Read<Self> {
        T::read(field).map(Box::new)
    }
}

impl FromJson for Direction {
    fn read(field: &Field) -> Read<Self> {
        match String::read(field)?.as_str() {
            "rtl" => Ok(Direction::Rtl),
            "ltr" => Ok(Direction::Ltr),
            _ => field.fail("expected \"rtl\" or \"ltr\""),
        }
    }
}

impl FromJson for SectionRef {
    fn read(field: &Field) -> Read<Self> {
        Ok(SectionRef {
            slug: field.required("slug")?,
            name: field.required("name")?,
        })
    }
}

impl FromJson for Section {
    fn read(field: &Field) -> Read<Self> {
        Ok(Section {
            slug: field.required("slug")?,
            name: field.required("name")?,
        })
    }
}

impl FromJson for Author {
    fn read(field: &Field) -> Read<Self> {
        Ok(Author {
            name: field.required("name")?,
            url: field.optional("url")?,
            slug: field.optional("slug")?,
        })
    }
}

impl FromJson for Topic {
    fn read(field: &Field) -> Read<Self> {
        Ok(Topic {
            slug: field.required("slug")?,
            name: field.required("name")?,
            description: field.optional("description")?,
        })
    }
}

impl FromJson for Writer {
    fn read(field: &Field) -> Read<Self> {
        Ok(Writer {
            slug: field.required("slug")?,
            name: field.required("name")?,
            role: field.optional("role")?,
            bio: field.optional("bio")?,
            picture: field.optional("picture")?,
        })
    }
}

impl FromJson for Image {
    fn read(field: &Field) -> Read<Self> {
        Ok(Image {
            src: field.required("src")?,
            alt: field.required("alt")?,
            caption: field.optional("caption")?,
            credit: field.optional("credit")?,
            width: field.required("width")?,
            height: field.required("height")?,
            placeholder: field.optional("placeholder")?,
            variants: field.or_default("variants")?,
            card_variants: field.or_default("card_variants")?,
        })
    }
}

impl FromJson for Variant {
    fn read(field: &Field) -> Read<Self> {
        Ok(Variant {
            file: field.required("file")?,
            width: field.required("width")?,
            format: field.required("format")?,
        })
    }
}

impl FromJson for ImageFormat {
    fn read(field: &Field) -> Read<Self> {
        match String::read(field)?.as_str() {
            "webp" => Ok(ImageFormat::Webp),
            "jpeg" => Ok(ImageFormat::Jpeg),
            "png" => Ok(ImageFormat::Png),
            _ => field.fail("expected \"webp\", \"jpeg\" or \"png\""),
        }
    }
}

impl FromJson for Span {
    fn read(field: &Field) -> Read<Self> {
        if field.value.is_string() {
            return String::read(field).map(Span::Text);
        }
        Ok(Span::Styled {
            text: field.required("text")?,
            href: field.optional("href")?,
            emphasis: field.or_default("emphasis")?,
            strong: field.or_default("strong")?,
        })
    }
}

impl FromJson for Inline {
    fn read(field: &Field) -> Read<Self> {
        if field.value.is_string() {
            String::read(field).map(Inline::Plain)
        } else {
            Vec::read(field).map(Inline::Runs)
        }
    }
}

impl FromJson for Block {
    fn read(field: &Field) -> Read<Self> {
        let kind: String = field.required("type")?;
        Ok(match kind.as_str() {
            "paragraph" => Block::Paragraph {
                text: field.required("text")?,
            },
            "heading" => Block::Heading {
                text: field.required("text")?,
            },
            "list" => Block::List {
                ordered: field.or_default("ordered")?,
                items: field.required("items")?,
            },
            "quote" => Block::Quote {
                text: field.required("text")?,
                source: field.optional("source")?,
            },
            "figure" => Block::Figure {
                image: field.required("image")?,
            },
            _ => return field.fail("unknown block type"),
        })
    }
}

impl FromJson for Summary {
    fn read(field: &Field) -> Read<Self> {
        Ok(Summary {
            slug: field.required("slug")?,
            headline: field.required("headline")?,
            section: field.required("section")?,
            published: field.required("published")?,
            summary: field.or_default("summary")?,
            image: field.optional("image")?,
        })
    }
}

impl FromJson for Saved {
    fn read(field: &Field) -> Read<Self> {
        let saved_at = field.required::<f64>("saved_at")?;
        Ok(Saved {
            summary: field.required("summary")?,
            saved_at: saved_at as i64,
        })
    }
}

impl FromJson for f64 {
    fn read(field: &Field) -> Read<Self> {
        match field.value.as_f64() {
            Some(n) if n.is_finite() => Ok(n),
            _ => field.fail("expected a number"),
        }
    }
}

impl FromJson for Article {
    fn read(field: &Field) -> Read<Self> {
        Ok(Article {
            slug: field.required("slug")?,
            lang: field.optional("lang")?.unwrap_or_else(|| "ar".to_owned()),
            dir: field.or_default("dir")?,
            section: field.required("section")?,
            headline: field.required("headline")?,
            subtitle: field.optional("subtitle")?,
            summary: field.required("summary")?,
            published: field.required("published")?,
            updated: field.optional("updated")?,
            authors: field.or_default("authors")?,
            image: field.optional("image")?,
            tags: field.or_default("tags")?,
            topics: field.or_default("topics")?,
            body: field.required("body")?,
            related: field.or_default("related")?,
        })
    }
}

impl FromJson for Listing {
    fn read(field: &Field) -> Read<Self> {
        Ok(Listing {
            page: field.required("page")?,
            pages: field.required("pages")?,
            items: field.required("items")?,
            next: field.optional("next")?,
            topic: field.optional("topic")?,
            writer: field.optional("writer")?,
        })
    }
}

impl FromJson for Site {
    fn read(field: &Field) -> Read<Self> {
        Ok(Site {
            name: field.required("name")?,
            description: field.or_default("description")?,
            url: field.or_default("url")?,
            lang: field.optional("lang")?.unwrap_or_else(|| "ar".to_owned()),
            sections: field.required("sections")?,
        })
    }
}

impl FromJson for PageContent {
    fn read(field: &Field) -> Read<Self> {
        let kind: String = field.required("kind")?;
        Ok(match kind.as_str() {
            "article" => PageContent::Article {
                article: field.required("article")?,
            },
            "listing" => PageContent::Listing {
                file: field.required("file")?,
                listing: field.required("listing")?,
            },
            "search" => PageContent::Search,
            "saved" => PageContent::Saved,
            "notfound" => PageContent::NotFound {
                latest: field.required("latest")?,
            },
            _ => return field.fail("unknown kind of page"),
        })
    }
}

impl FromJson for PageData {
    fn read(field: &Field) -> Read<Self> {
        Ok(PageData {
            path: field.required("path")?,
            site: field.required("site")?,
            content: field.required("content")?,
        })
    }
}
