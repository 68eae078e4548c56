//! The files published for a picture: each width of the ladder resized from the upright sRGB
//! pixels and encoded anew, so nothing of the original's metadata can travel with it.
//!
//! WebP for every browser of the last five years; a JPEG for the rest, or a PNG where the
//! picture is kept lossless (a graphic for which that pays, or a picture with transparency,
//! which JPEG cannot carry). The figures behind the choices are in the crate's README.

use crate::{
    decode::{Kind, Picture, Pixels},
    ladder::{card_cut, height_at, ladder},
    ImageError, LADDER,
};
use fast_image_resize::{
    images::{TypedImage, TypedImageRef},
    pixels::{U8x3, U8x4},
    FilterType, PixelTrait, ResizeAlg, ResizeOptions, Resizer,
};
use image::{
    codecs::png::{CompressionType, FilterType as PngFilter, PngEncoder},
    ExtendedColorType, ImageEncoder, RgbImage, RgbaImage,
};
use sha2::{Digest, Sha256};
use std::fmt;

/// WebP's quality (0–100) for photographs.
pub const WEBP_QUALITY: f32 = 80.0;

/// The JPEG fallback's quality (1–100).
pub const JPEG_QUALITY: u8 = 75;

/// libwebp's effort, 0–6: 4 is its default.
const WEBP_METHOD: i32 = 4;

/// A picture that could be lossless stays so if its lossless WebP is at most this many times
/// its lossy one: crisp lines and text are worth some bytes, not any number.
const LOSSLESS_PAYS: usize = 2;

/// Bumped whenever the same settings would give other bytes (an encoder's options, the resizing
/// filter): caches keyed by [`Plan::settings`] then miss.
const REVISION: u32 = 1;

/// The format of a published file.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Format {
    /// WebP: lossy for photographs, lossless for graphics.
    WebP,
    /// JPEG, for browsers without WebP, and for sharing (social sites take it everywhere).
    Jpeg,
    /// PNG, the fallback of what must stay lossless or transparent.
    Png,
}

impl Format {
    /// The file name's extension.
    pub fn extension(self) -> &'static str {
        match self {
            Format::WebP => "webp",
            Format::Jpeg => "jpg",
            Format::Png => "png",
        }
    }

    /// The media type, for `<source type>` and HTTP.
    pub fn mime_type(self) -> &'static str {
        match self {
            Format::WebP => "image/webp",
            Format::Jpeg => "image/jpeg",
            Format::Png => "image/png",
        }
    }
}

impl fmt::Display for Format {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            Format::WebP => "WebP",
            Format::Jpeg => "JPEG",
            Format::Png => "PNG",
        })
    }
}

/// What to make of a picture.
#[derive(Clone, Debug, PartialEq)]
pub struct Plan {
    /// The start of every variant's file name, as given (the caller makes it safe for a URL,
    /// e.g. the original's name without its extension).
    pub stem: String,
    /// The widths to publish at ([`crate::ladder`] drops those the picture cannot fill).
    pub widths: Vec<u32>,
    /// WebP's quality for photographs, 0–100.
    pub webp_quality: f32,
    /// The JPEG fallback's quality, 1–100.
    pub jpeg_quality: u8,
    /// Also the files of the picture's 16:9 middle, which a card shows ([`crate::card_cut`]):
    /// for an article's lead picture.
    pub card: bool,
}

impl Plan {
    /// The ladder and qualities chosen by measurement (see the README), for files named from
    /// `stem`.
    pub fn new(stem: impl Into<String>) -> Self {
        Plan {
            stem: stem.into(),
            widths: LADDER.to_vec(),
            webp_quality: WEBP_QUALITY,
            jpeg_quality: JPEG_QUALITY,
            card: false,
        }
    }

    /// [`Plan::new`], with the card's files too.
    pub fn with_card(stem: impl Into<String>) -> Self {
        Plan {
            card: true,
            ..Plan::new(stem)
        }
    }

    /// Everything but the stem that decides the variants' bytes, as text: with the hash of the
    /// original's bytes, the key under which encoded variants can be cached.
    pub fn settings(&self) -> String {
        format!(
            "{} {} rev{REVISION} widths={:?} webp={} jpeg={} card={}",
            env!("CARGO_PKG_NAME"),
            env!("CARGO_PKG_VERSION"),
            self.widths,
            self.webp_quality,
            self.jpeg_quality,
            self.card
        )
    }
}

/// One published file.
#[derive(Clone, PartialEq, Eq)]
pub struct Variant {
    /// Its format.
    pub format: Format,
    /// Its width in pixels.
    pub width: u32,
    /// Its height in pixels (the original's aspect, rounded).
    pub height: u32,
    /// The file.
    pub bytes: Vec<u8>,
    /// `<stem>-<width>-<hash>.<extension>` (a card's: `<stem>-card-<width>-…`), the hash being
    /// the first 8 hex digits of the SHA-256 of `bytes`: a new picture gets a new name, so every
    /// variant can be served as immutable.
    pub name: String,
}

impl fmt::Debug for Variant {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Variant")
            .field("name", &self.name)
            .field("format", &self.format)
            .field("width", &self.width)
            .field("height", &self.height)
            .field("bytes", &self.bytes.len())
            .finish()
    }
}

/// The picture's files, and its card's (empty unless `plan.card` and the picture is not 16:9).
pub(crate) fn encode_all(
    picture: &Picture,
    plan: &Plan,
) -> Result<(Vec<Variant>, Vec<Variant>), ImageError> {
    let mut resizer = Resizer::new();
    // Whether to stay lossless is measured once, on the largest variant, so that every width
    // of a picture (and of its card) is published the same way.
    let mut lossless = None;
    let whole = encode_ladder(
        &mut resizer,
        picture,
        &picture.pixels,
        plan,
        "",
        &mut lossless,
    )?;
    let (width, height) = picture.pixels.dimensions();
    let card = match card_cut(width, height).filter(|_| plan.card) {
        Some((x, y, w, h)) => {
            let middle = crop(&picture.pixels, (x, y, w, h));
            encode_ladder(&mut resizer, picture, &middle, plan, "card-", &mut lossless)?
        }
        None => Vec::new(),
    };
    Ok((whole, card))
}

fn crop(pixels: &Pixels, (x, y, width, height): (u32, u32, u32, u32)) -> Pixels {
    match pixels {
        Pixels::Rgb(image) => {
            Pixels::Rgb(image::imageops::crop_imm(image, x, y, width, height).to_image())
        }
        Pixels::Rgba(image) => {
            Pixels::Rgba(image::imageops::crop_imm(image, x, y, width, height).to_image())
        }
    }
}

/// `source` at every width of the ladder it can fill, named `<stem>-<part><width>-…`.
fn encode_ladder(
    resizer: &mut Resizer,
    picture: &Picture,
    source: &Pixels,
    plan: &Plan,
    part: &str,
    lossless: &mut Option<bool>,
) -> Result<Vec<Variant>, ImageError> {
    let (width, height) = source.dimensions();
    let widths = ladder(width, &plan.widths);
    let mut variants = Vec::with_capacity(2 * widths.len());
    for &target in widths.iter().rev() {
        let failed = |reason: String| ImageError::Encode {
            width: target,
            reason,
        };
        let pixels =
            resize(resizer, source, target, height_at(target, width, height)).map_err(failed)?;
        let (keep_lossless, measured) = match *lossless {
            Some(keep) => (keep, None),
            None => stay_lossless(picture, &pixels, plan).map_err(failed)?,
        };
        *lossless = Some(keep_lossless);
        let webp = match measured {
            Some(webp) => webp,
            None if keep_lossless => webp_lossless(&pixels).map_err(failed)?,
            None => webp_lossy(&pixels, plan.webp_quality).map_err(failed)?,
        };
        let (fallback_format, fallback) = match &pixels {
            Pixels::Rgb(image) if !keep_lossless => (Format::Jpeg, jpeg(image, plan.jpeg_quality)),
            _ => (Format::Png, png(&pixels)),
        };
        let fallback = fallback.map_err(failed)?;
        let (w, h) = pixels.dimensions();
        variants.push(variant(plan, part, Format::WebP, (w, h), webp));
        variants.push(variant(plan, part, fallback_format, (w, h), fallback));
    }
    // Smallest first, WebP before its fallback.
    variants.sort_by_key(|variant| (variant.width, variant.format != Format::WebP));
    Ok(variants)
}

fn variant(
    plan: &Plan,
    part: &str,
    format: Format,
    (width, height): (u32, u32),
    bytes: Vec<u8>,
) -> Variant {
    let digest = Sha256::digest(&bytes);
    let hash: String = digest[..4]
        .iter()
        .map(|byte| format!("{byte:02x}"))
        .collect();
    Variant {
        name: format!("{}-{part}{width}-{hash}.{}", plan.stem, format.extension()),
        format,
        width,
        height,
        bytes,
    }
}

/// Whether the picture stays lossless: graphics do; other pictures stored losslessly (a
/// screenshot, a photograph saved as PNG) only if that costs at most [`LOSSLESS_PAYS`] times the
/// lossy bytes. Gives the WebP of `largest` too when deciding meant making it.
fn stay_lossless(
    picture: &Picture,
    largest: &Pixels,
    plan: &Plan,
) -> Result<(bool, Option<Vec<u8>>), String> {
    if picture.facts.kind == Kind::Graphic {
        return Ok((true, None));
    }
    if !picture.lossless {
        return Ok((false, None));
    }
    let lossless = webp_lossless(largest)?;
    let lossy = webp_lossy(largest, plan.webp_quality)?;
    Ok(if lossless.len() <= LOSSLESS_PAYS * lossy.len() {
        (true, Some(lossless))
    } else {
        (false, Some(lossy))
    })
}

fn resize(
    resizer: &mut Resizer,
    pixels: &Pixels,
    width: u32,
    height: u32,
) -> Result<Pixels, String> {
    if pixels.dimensions() == (width, height) {
        return Ok(pixels.clone());
    }
    let resized = match pixels {
        Pixels::Rgb(image) => {
            let buffer =
                resize_typed::<U8x3>(resizer, image, image.dimensions(), (width, height), 3)?;
            RgbImage::from_raw(width, height, buffer).map(Pixels::Rgb)
        }
        Pixels::Rgba(image) => {
            let buffer =
                resize_typed::<U8x4>(resizer, image, image.dimensions(), (width, height), 4)?;
            RgbaImage::from_raw(width, height, buffer).map(Pixels::Rgba)
        }
    };
    resized.ok_or_else(|| "resizing: the resizer returned a buffer of another size".to_owned())
}

/// Resizes with Lanczos3, as photo tools downscale; with alpha, colours are premultiplied while
/// mixed. Typed by pixel, so that only the two pixel types used are compiled (the untyped
/// `Resizer::resize` compiles every one, at some minutes of optimised build).
fn resize_typed<P: PixelTrait>(
    resizer: &mut Resizer,
    source: &[u8],
    (source_width, source_height): (u32, u32),
    (width, height): (u32, u32),
    channels: usize,
) -> Result<Vec<u8>, String> {
    let failed = |error: &dyn fmt::Display| format!("resizing: {error}");
    let source = TypedImageRef::<P>::from_buffer(source_width, source_height, source)
        .map_err(|error| failed(&error))?;
    let mut buffer = vec![0; width as usize * height as usize * channels];
    let mut target =
        TypedImage::<P>::from_buffer(width, height, &mut buffer).map_err(|error| failed(&error))?;
    let options = ResizeOptions::new().resize_alg(ResizeAlg::Convolution(FilterType::Lanczos3));
    resizer
        .resize_typed(&source, &mut target, &options)
        .map_err(|error| failed(&error))?;
    Ok(buffer)
}

fn webp_config() -> Result<webp::WebPConfig, String> {
    webp::WebPConfig::new().map_err(|()| "WebP: libwebp refused its own defaults".to_owned())
}

fn webp_encode(pixels: &Pixels, config: &webp::WebPConfig) -> Result<Vec<u8>, String> {
    let (width, height) = pixels.dimensions();
    let encoder = match pixels {
        Pixels::Rgb(image) => webp::Encoder::from_rgb(image, width, height),
        Pixels::Rgba(image) => webp::Encoder::from_rgba(image, width, height),
    };
    // libwebp writes only the picture (and its alpha): no EXIF, XMP or ICC chunk.
    encoder
        .encode_advanced(config)
        .map(|memory| memory.to_vec())
        .map_err(|error| format!("WebP: {error:?}"))
}

fn webp_lossy(pixels: &Pixels, quality: f32) -> Result<Vec<u8>, String> {
    let mut config = webp_config()?;
    config.quality = quality;
    config.method = WEBP_METHOD;
    webp_encode(pixels, &config)
}

fn webp_lossless(pixels: &Pixels) -> Result<Vec<u8>, String> {
    let mut config = webp_config()?;
    config.lossless = 1;
    // In lossless mode "quality" is effort; libwebp's default.
    config.quality = 75.0;
    config.method = WEBP_METHOD;
    webp_encode(pixels, &config)
}

fn jpeg(image: &RgbImage, quality: u8) -> Result<Vec<u8>, String> {
    let width = u16::try_from(image.width()).map_err(|_| "JPEG: wider than 65535 pixels")?;
    let height = u16::try_from(image.height()).map_err(|_| "JPEG: taller than 65535 pixels")?;
    let mut bytes = Vec::new();
    let mut encoder = jpeg_encoder::Encoder::new(&mut bytes, quality);
    // Progressive (a blurred whole first) with Huffman tables fitted to the picture: smaller.
    encoder.set_progressive(true);
    encoder.set_optimized_huffman_tables(true);
    encoder.set_chroma_subsampling_method(jpeg_encoder::ChromaSubsamplingMethod::Average);
    // Only the JFIF header and the picture: no EXIF, no comment.
    encoder
        .encode(image, width, height, jpeg_encoder::ColorType::Rgb)
        .map_err(|error| format!("JPEG: {error}"))?;
    Ok(bytes)
}

fn png(pixels: &Pixels) -> Result<Vec<u8>, String> {
    let (width, height) = pixels.dimensions();
    let (buffer, colour): (&[u8], _) = match pixels {
        Pixels::Rgb(image) => (image, ExtendedColorType::Rgb8),
        Pixels::Rgba(image) => (image, ExtendedColorType::Rgba8),
    };
    let mut bytes = Vec::new();
    // Only IHDR, IDAT and IEND: no text, time, EXIF or ICC chunk.
    PngEncoder::new_with_quality(&mut bytes, CompressionType::Best, PngFilter::Adaptive)
        .write_image(buffer, width, height, colour)
        .map_err(|error| format!("PNG: {error}"))?;
    Ok(bytes)
}
