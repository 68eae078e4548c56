use super::{Inline, Topic};
use serde::{Deserialize, Serialize};

/// The most related articles an article carries and its page shows.
pub const MAX_RELATED: usize = 6;

/// The longest summary, in characters: it is a card's text and the meta description.
pub const MAX_SUMMARY_CHARS: usize = 300;

/// One article, as served at `api/articles/<slug>.json`: everything its page needs in one request.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct Article {
    /// The article's address: `/article/<slug>`. Lower-case Latin letters, digits and dashes.
    #[cfg_attr(feature = "schema", schemars(regex(pattern = crate::slug::PATTERN), length(max = crate::slug::MAX_LEN)))]
    pub slug: String,
    /// BCP 47 language of the text (default `ar`).
    #[serde(default = "default_lang")]
    pub lang: String,
    /// Writing direction of the text (default `rtl`).
    #[serde(default)]
    pub dir: Direction,
    /// The section the article belongs to.
    pub section: SectionRef,
    /// The headline, shown as the page's only `<h1>`.
    #[cfg_attr(feature = "schema", schemars(regex(pattern = crate::text::NON_BLANK_PATTERN)))]
    pub headline: String,
    /// An optional standfirst shown under the headline.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "schema", schemars(regex(pattern = crate::text::NON_BLANK_PATTERN)))]
    pub subtitle: Option<String>,
    /// One or two sentences for cards, previews and the meta description.
    #[cfg_attr(feature = "schema", schemars(regex(pattern = crate::text::NON_BLANK_PATTERN), length(max = MAX_SUMMARY_CHARS)))]
    pub summary: String,
    /// First publication, ISO-8601 with an offset (`2026-11-20T09:30:00+03:00`).
    #[cfg_attr(feature = "schema", schemars(regex(pattern = crate::datetime::PATTERN)))]
    pub published: String,
    /// Last substantial update, ISO-8601 with an offset, when there was one.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "schema", schemars(regex(pattern = crate::datetime::PATTERN)))]
    pub updated: Option<String>,
    /// Who wrote it; may be empty for agency copy.
    #[serde(default)]
    pub authors: Vec<Author>,
    /// The lead picture.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub image: Option<Image>,
    /// The tags as the author wrote them.
    #[serde(default)]
    #[cfg_attr(feature = "schema", schemars(inner(regex(pattern = crate::text::NON_BLANK_PATTERN))))]
    pub tags: Vec<String>,
    /// The tags as topics, each with its page (set by `make content`; without it the tags are
    /// shown as plain text). No description here: that is on the topic's own page.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub topics: Vec<Topic>,
    /// The text, as typed blocks.
    #[cfg_attr(feature = "schema", schemars(length(min = 1)))]
    pub body: Vec<Block>,
    /// Up to six related articles: the editor's picks first, then by shared tags and section,
    /// then the site's latest articles so that there are at least three when the site has them.
    #[serde(default)]
    #[cfg_attr(feature = "schema", schemars(length(max = MAX_RELATED)))]
    pub related: Vec<Summary>,
}

fn default_lang() -> String {
    "ar".to_owned()
}

/// Writing direction of an article's text.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(rename_all = "lowercase")]
pub enum Direction {
    /// Right to left (Arabic, the default).
    #[default]
    Rtl,
    /// Left to right.
    Ltr,
}

impl Direction {
    /// The value of the HTML `dir` attribute.
    pub fn as_str(self) -> &'static str {
        match self {
            Direction::Rtl => "rtl",
            Direction::Ltr => "ltr",
        }
    }
}

/// A section as an article refers to it: its slug and the name readers see.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct SectionRef {
    /// The section's address: `/section/<slug>`.
    #[cfg_attr(feature = "schema", schemars(regex(pattern = crate::slug::PATTERN), length(max = crate::slug::MAX_LEN)))]
    pub slug: String,
    /// Display name, e.g. `الأخبار`.
    pub name: String,
}

/// A writer credited in the byline.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct Author {
    /// The name as printed.
    #[cfg_attr(feature = "schema", schemars(regex(pattern = crate::text::NON_BLANK_PATTERN)))]
    pub name: String,
    /// A profile page elsewhere, if any (a byline with a `slug` links the writer's page).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "schema", schemars(regex(pattern = crate::links::HREF_PATTERN)))]
    pub url: Option<String>,
    /// The writer's slug: their page is `/author/<slug>` (set by `make content` from
    /// `content/site.json`'s `writers`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "schema", schemars(regex(pattern = crate::slug::PATTERN), length(max = crate::slug::MAX_LEN)))]
    pub slug: Option<String>,
}

/// A picture with the facts needed to lay it out before it loads.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct Image {
    /// Address: a file of the site's `public/images/` (`images/x.svg`) or an `https://` URL.
    #[cfg_attr(feature = "schema", schemars(regex(pattern = crate::links::IMAGE_SRC_PATTERN)))]
    pub src: String,
    /// What the picture shows, for readers who cannot see it. Required.
    #[cfg_attr(feature = "schema", schemars(regex(pattern = crate::text::NON_BLANK_PATTERN)))]
    pub alt: String,
    /// A caption shown under the picture.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub caption: Option<String>,
    /// Who made it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub credit: Option<String>,
    /// Intrinsic width in pixels (of a photograph: as shown, after its EXIF orientation).
    #[cfg_attr(feature = "schema", schemars(range(min = 1)))]
    pub width: u32,
    /// Intrinsic height in pixels.
    #[cfg_attr(feature = "schema", schemars(range(min = 1)))]
    pub height: u32,
    /// The colour its box shows until it arrives (`#rrggbb`, the picture's average colour);
    /// only for an opaque photograph or graphic with [`variants`](Self::variants).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "schema", schemars(regex(pattern = PLACEHOLDER_PATTERN)))]
    pub placeholder: Option<String>,
    /// The files published for a JPEG, PNG, WebP or GIF of the site, narrowest first, each width
    /// as WebP then its JPEG or PNG fallback: readers get one of these, never the original. Empty
    /// for a drawing (SVG) or a picture elsewhere, served as `src` names it.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub variants: Vec<Variant>,
    /// The files of its 16:9 middle, ordered as [`variants`](Self::variants), which a card
    /// shows instead: only for an article's lead picture, and only when it is not 16:9 already.
    /// A [`Summary`] carries them as its picture's `variants`.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub card_variants: Vec<Variant>,
}

impl Image {
    /// The picture as a card shows it (a 16:9 box): its 16:9 middle, with that part's size and
    /// files, when it has [`card_variants`](Self::card_variants); else itself.
    pub fn for_card(&self) -> Image {
        let mut card = self.clone();
        if let Some(widest) = self.card_variants.iter().map(|v| v.width).max() {
            card.width = widest;
            // 16:9, to the nearest pixel, as the files are cut.
            let height = (2 * u64::from(widest) * 9 + 16) / 32;
            card.height = u32::try_from(height).unwrap_or(u32::MAX).max(1);
            card.variants = std::mem::take(&mut card.card_variants);
        }
        card
    }
}

/// A colour written `#rrggbb`, lower-case.
pub const PLACEHOLDER_PATTERN: &str = "^#[0-9a-f]{6}$";

/// One published file of a picture: a width in one format.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct Variant {
    /// The file, in the site's `images/` folder; its name carries a hash of its bytes, so it
    /// never changes.
    #[cfg_attr(feature = "schema", schemars(regex(pattern = crate::links::IMAGE_SRC_PATTERN)))]
    pub file: String,
    /// Its width in pixels (its height keeps the picture's aspect).
    #[cfg_attr(feature = "schema", schemars(range(min = 1)))]
    pub width: u32,
    /// Its format.
    pub format: ImageFormat,
}

/// The format of a published picture file.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(rename_all = "lowercase")]
pub enum ImageFormat {
    /// WebP: what every current browser takes.
    Webp,
    /// JPEG: the fallback of a photograph, and what link previews show.
    Jpeg,
    /// PNG: the fallback of a graphic kept lossless or a picture with transparency.
    Png,
}

impl ImageFormat {
    /// Its name in the JSON: `webp`, `jpeg` or `png`.
    pub fn name(self) -> &'static str {
        match self {
            ImageFormat::Webp => "webp",
            ImageFormat::Jpeg => "jpeg",
            ImageFormat::Png => "png",
        }
    }

    /// The media type, as `<source type>` names it.
    pub fn mime_type(self) -> &'static str {
        match self {
            ImageFormat::Webp => "image/webp",
            ImageFormat::Jpeg => "image/jpeg",
            ImageFormat::Png => "image/png",
        }
    }
}

impl Image {
    /// The `srcset` of this picture's files in `format` (`images/a-320-….webp 320w, …`); empty
    /// when it has none in that format. A file the app would not load is left out.
    pub fn srcset(&self, format: ImageFormat) -> String {
        let mut set = String::new();
        for variant in self.variants.iter().filter(|v| v.format == format) {
            if crate::links::safe_image_src(&variant.file).is_none() {
                continue;
            }
            if !set.is_empty() {
                set.push_str(", ");
            }
            set.push_str(&variant.file);
            set.push(' ');
            set.push_str(&variant.width.to_string());
            set.push('w');
        }
        set
    }

    /// The fallback format of its files (JPEG or PNG), if it has files.
    pub fn fallback(&self) -> Option<ImageFormat> {
        self.variants
            .iter()
            .map(|v| v.format)
            .find(|&f| f != ImageFormat::Webp)
    }

    /// The narrowest file in the fallback format at least `width` pixels wide, else the widest:
    /// what link previews are given, and the `src` of browsers that read no `srcset`.
    pub fn fallback_at(&self, width: u32) -> Option<&Variant> {
        let format = self.fallback()?;
        let mut files = self.variants.iter().filter(|v| v.format == format);
        let widest = files.clone().max_by_key(|v| v.width);
        files.find(|v| v.width >= width).or(widest)
    }

    /// The files in the fallback format at least `width` pixels wide, widest first; the widest
    /// alone when none is that wide: the high-resolution copies structured data lists.
    pub fn fallbacks_from(&self, width: u32) -> Vec<&Variant> {
        let Some(format) = self.fallback() else {
            return Vec::new();
        };
        // `variants` are narrowest first.
        let widest_first = self.variants.iter().rev().filter(|v| v.format == format);
        let mut files: Vec<&Variant> = widest_first
            .clone()
            .take_while(|v| v.width >= width)
            .collect();
        if files.is_empty() {
            files.extend(widest_first.take(1));
        }
        files
    }

    /// Its height when shown `width` pixels wide, keeping its aspect.
    pub fn height_at(&self, width: u32) -> u32 {
        let height = u64::from(self.height) * u64::from(width) / u64::from(self.width.max(1));
        u32::try_from(height).unwrap_or(u32::MAX)
    }
}

/// One block of an article's body. The `type` field names the kind.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(tag = "type", rename_all = "lowercase")]
pub enum Block {
    /// A paragraph of running text.
    Paragraph {
        /// The text.
        text: Inline,
    },
    /// A subheading inside the article (rendered as `<h2>`).
    Heading {
        /// The words of the subheading.
        #[cfg_attr(feature = "schema", schemars(regex(pattern = crate::text::NON_BLANK_PATTERN)))]
        text: String,
    },
    /// A bulleted or numbered list.
    List {
        /// `true` for a numbered list.
        #[serde(default)]
        ordered: bool,
        /// One entry per item.
        #[cfg_attr(feature = "schema", schemars(length(min = 1)))]
        items: Vec<Inline>,
    },
    /// A quotation, with who said or wrote it.
    Quote {
        /// The quoted words.
        text: Inline,
        /// Attribution, shown after the quotation.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        source: Option<String>,
    },
    /// A picture inside the text.
    Figure {
        /// The picture, with its caption and credit.
        image: Image,
    },
}

/// A short description of an article, used by related lists, the home page and sections.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct Summary {
    /// The article's slug.
    #[cfg_attr(feature = "schema", schemars(regex(pattern = crate::slug::PATTERN), length(max = crate::slug::MAX_LEN)))]
    pub slug: String,
    /// Its headline.
    #[cfg_attr(feature = "schema", schemars(regex(pattern = crate::text::NON_BLANK_PATTERN)))]
    pub headline: String,
    /// Its section.
    pub section: SectionRef,
    /// First publication, ISO-8601 with an offset.
    #[cfg_attr(feature = "schema", schemars(regex(pattern = crate::datetime::PATTERN)))]
    pub published: String,
    /// Its summary sentence(s).
    #[serde(default)]
    pub summary: String,
    /// Its lead picture, if it has one.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub image: Option<Image>,
}

impl Article {
    /// Parses an article file, naming the first field that is missing or of the wrong shape.
    pub fn from_json(json: &str) -> Result<Self, serde_json::Error> {
        serde_json::from_str(json)
    }

    /// This article as a card elsewhere.
    pub fn summarize(&self) -> Summary {
        Summary {
            slug: self.slug.clone(),
            headline: self.headline.clone(),
            section: self.section.clone(),
            published: self.published.clone(),
            summary: self.summary.clone(),
            image: self.image.as_ref().map(Image::for_card),
        }
    }

    /// All words a reader reads in the body, for the reading-time estimate.
    pub fn word_count(&self) -> usize {
        let words = |s: &str| s.split_whitespace().count();
        self.body
            .iter()
            .map(|block| match block {
                Block::Paragraph { text } => words(&text.plain_text()),
                Block::Heading { text } => words(text),
                Block::List { items, .. } => items.iter().map(|i| words(&i.plain_text())).sum(),
                Block::Quote { text, source } => {
                    words(&text.plain_text()) + source.as_deref().map_or(0, words)
                }
                Block::Figure { image } => image.caption.as_deref().map_or(0, words),
            })
            .sum()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const MINIMAL: &str = r#"{
        "slug": "s", "section": {"slug": "news", "name": "الأخبار"},
        "headline": "عنوان", "summary": "ملخص", "published": "2026-11-01T10:00:00+03:00",
        "body": [{"type": "paragraph", "text": "واحد اثنان ثلاثة"}]
    }"#;

    #[test]
    fn optional_fields_take_their_defaults() {
        let article = Article::from_json(MINIMAL).unwrap();
        assert_eq!(article.lang, "ar");
        assert_eq!(article.dir, Direction::Rtl);
        assert!(
            article.authors.is_empty() && article.related.is_empty() && article.image.is_none()
        );
    }

    #[test]
    fn unknown_fields_are_ignored() {
        let json = MINIMAL.replacen("\"slug\"", "\"future_field\": {\"x\": 1}, \"slug\"", 1);
        assert!(Article::from_json(&json).is_ok());
    }

    #[test]
    fn a_missing_required_field_is_named() {
        let json = MINIMAL.replace("\"headline\": \"عنوان\",", "");
        let error = Article::from_json(&json).unwrap_err().to_string();
        assert!(error.contains("missing field `headline`"), "{error}");
    }

    #[test]
    fn an_unknown_block_type_is_an_error_not_a_panic() {
        let json = MINIMAL.replace("\"paragraph\"", "\"marquee\"");
        assert!(Article::from_json(&json).is_err());
    }

    #[test]
    fn words_are_counted_across_block_types() {
        let mut article = Article::from_json(MINIMAL).unwrap();
        article.body.push(Block::Heading {
            text: "عنوان فرعي".into(),
        });
        article.body.push(Block::List {
            ordered: true,
            items: vec![Inline::Plain("بند أول".into()), Inline::Plain("بند".into())],
        });
        assert_eq!(article.word_count(), 3 + 2 + 3);
    }

    fn photograph(widths: &[u32]) -> Image {
        let variant = |width: u32, format: ImageFormat| Variant {
            file: format!("images/p-{width}-0123abcd.{}", format.name()),
            width,
            format,
        };
        Image {
            src: "images/p.jpg".into(),
            alt: "صورة".into(),
            caption: None,
            credit: None,
            width: 2560,
            height: 1600,
            placeholder: None,
            variants: widths
                .iter()
                .flat_map(|&w| [variant(w, ImageFormat::Webp), variant(w, ImageFormat::Jpeg)])
                .collect(),
            card_variants: Vec::new(),
        }
    }

    #[test]
    fn a_card_shows_the_lead_pictures_middle_and_fetches_its_files() {
        // Defect guarded: cards (16:9 boxes) fetching the whole picture, the parts they crop
        // away included, or laid out with the whole picture's aspect.
        let mut image = photograph(&[320, 640, 1280]);
        assert_eq!(image.for_card(), image, "no cut: the picture itself");
        image.card_variants = photograph(&[320, 640, 1024]).variants;
        for variant in &mut image.card_variants {
            variant.file = variant.file.replace("p-", "p-card-");
        }
        let card = image.for_card();
        assert_eq!((card.width, card.height), (1024, 576));
        assert_eq!(card.variants, image.card_variants);
        assert!(card.card_variants.is_empty());
        assert_eq!(
            (card.src.as_str(), card.alt.as_str()),
            ("images/p.jpg", "صورة")
        );
        let mut article = Article::from_json(MINIMAL).unwrap();
        article.image = Some(image.clone());
        assert_eq!(article.summarize().image, Some(card));
    }

    #[test]
    fn structured_data_gets_the_wide_jpegs_widest_first() {
        let image = photograph(&[320, 640, 1280, 1600]);
        let widths: Vec<(u32, ImageFormat)> = image
            .fallbacks_from(1200)
            .iter()
            .map(|v| (v.width, v.format))
            .collect();
        assert_eq!(
            widths,
            [(1600, ImageFormat::Jpeg), (1280, ImageFormat::Jpeg)]
        );
        assert_eq!(image.height_at(1280), 800);
    }

    #[test]
    fn a_small_picture_gives_structured_data_its_widest_file() {
        let image = photograph(&[320, 480]);
        let files = image.fallbacks_from(1200);
        assert_eq!(files.len(), 1);
        assert_eq!(files[0].width, 480);
        assert!(photograph(&[]).fallbacks_from(1200).is_empty());
    }
}
