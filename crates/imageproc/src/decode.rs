//! Reading a picture: which format, whether it is too large (from its header, before any pixel
//! is allocated), its pixels turned upright and into sRGB, and the facts about them.

use crate::{colour, ImageError};
use image::{
    codecs::{gif::GifDecoder, jpeg::JpegDecoder, png::PngDecoder, webp::WebPDecoder},
    metadata::Orientation,
    DynamicImage, ImageDecoder, ImageFormat, Limits, RgbImage, RgbaImage,
};
use std::{collections::HashSet, fmt, io::Cursor};

/// The widest or tallest picture accepted, in pixels.
pub const MAX_SIDE: u32 = 20_000;

/// The most pixels a picture may have (100 megapixels): a camera makes 24 to 60; more is a
/// panorama no page needs, or a decompression bomb.
pub const MAX_PIXELS: u64 = 100_000_000;

/// What a decoder may allocate: a 100-megapixel picture as 16-bit RGBA is 800 MB.
const MAX_ALLOC: u64 = 1 << 30;

/// The most colours a picture may have and still be called a graphic: a GIF's or an indexed
/// PNG's palette.
const GRAPHIC_COLOURS: usize = 256;

/// The formats authors give.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum SourceFormat {
    /// JPEG (JFIF or EXIF), as cameras and phones write.
    Jpeg,
    /// PNG (of an animated PNG, its default picture).
    Png,
    /// WebP, lossy or lossless (of an animated WebP, its first frame).
    WebP,
    /// GIF (of an animated GIF, its first frame).
    Gif,
}

impl fmt::Display for SourceFormat {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            SourceFormat::Jpeg => "JPEG",
            SourceFormat::Png => "PNG",
            SourceFormat::WebP => "WebP",
            SourceFormat::Gif => "GIF",
        })
    }
}

/// What the picture looks like it is, from its pixels.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Kind {
    /// Continuous tone: a photograph, or a drawing with gradients.
    Photo,
    /// Stored losslessly with at most 256 colours: a chart, a map, a logo, a diagram.
    Graphic,
}

/// What an article needs to know about a picture.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Facts {
    /// The format of the original.
    pub format: SourceFormat,
    /// Width in pixels as the picture is shown (after its EXIF orientation).
    pub width: u32,
    /// Height in pixels as the picture is shown (after its EXIF orientation).
    pub height: u32,
    /// Whether some pixel is not fully opaque (an alpha channel of only opaque pixels is not
    /// counted).
    pub has_alpha: bool,
    /// Photograph or graphic.
    pub kind: Kind,
    /// Whether the original moves (GIF, APNG, WebP): only its first picture is published.
    pub animated: bool,
    /// The picture's average colour, `#rrggbb`, for its box until it arrives.
    pub placeholder: String,
}

/// A decoded picture: upright, 8 bits a channel, in sRGB.
pub(crate) struct Picture {
    pub facts: Facts,
    pub pixels: Pixels,
    /// Whether the original was stored without loss (PNG, GIF, lossless WebP), so that keeping
    /// it lossless may be worth it.
    pub lossless: bool,
}

/// Pixels with or without alpha: an alpha channel is kept only when it is used.
#[derive(Clone, Debug)]
pub(crate) enum Pixels {
    Rgb(RgbImage),
    Rgba(RgbaImage),
}

impl Pixels {
    pub fn dimensions(&self) -> (u32, u32) {
        match self {
            Pixels::Rgb(image) => image.dimensions(),
            Pixels::Rgba(image) => image.dimensions(),
        }
    }
}

/// What a decoder gives before the picture is turned upright and into sRGB.
struct Raw {
    image: DynamicImage,
    orientation: Orientation,
    icc: Option<Vec<u8>>,
    animated: bool,
}

pub(crate) fn decode(bytes: &[u8]) -> Result<Picture, ImageError> {
    let format = sniff(bytes)?;
    // A decoder that panics on hostile bytes refuses one picture rather than stopping the
    // publish (where panics unwind: under `panic = "abort"` nothing can catch them).
    let raw = std::panic::catch_unwind(|| decode_raw(bytes, format))
        .unwrap_or_else(|_| Err(undecodable(format, "the decoder failed on these bytes")))?;
    let lossless = match format {
        SourceFormat::Jpeg => false,
        SourceFormat::Png | SourceFormat::Gif => true,
        SourceFormat::WebP => webp_is_lossless(bytes),
    };

    let mut image = raw.image;
    image.apply_orientation(raw.orientation);
    let mut pixels = eight_bit(image);
    if let Some(icc) = raw.icc {
        colour::to_srgb(&mut pixels, &icc);
    }

    let (width, height) = pixels.dimensions();
    let kind = if lossless && few_colours(&pixels) {
        Kind::Graphic
    } else {
        Kind::Photo
    };
    let facts = Facts {
        format,
        width,
        height,
        has_alpha: matches!(pixels, Pixels::Rgba(_)),
        kind,
        animated: raw.animated,
        placeholder: colour::average_hex(&pixels),
    };
    Ok(Picture {
        facts,
        pixels,
        lossless,
    })
}

/// The format from the first bytes, never from a file name.
fn sniff(bytes: &[u8]) -> Result<SourceFormat, ImageError> {
    match image::guess_format(bytes) {
        Ok(ImageFormat::Jpeg) => Ok(SourceFormat::Jpeg),
        Ok(ImageFormat::Png) => Ok(SourceFormat::Png),
        Ok(ImageFormat::WebP) => Ok(SourceFormat::WebP),
        Ok(ImageFormat::Gif) => Ok(SourceFormat::Gif),
        Ok(other) => Err(ImageError::Unsupported {
            found: format!("a {} picture", format_name(other)),
        }),
        Err(_) if looks_like_svg(bytes) => Err(ImageError::Unsupported {
            found: "an SVG drawing".to_owned(),
        }),
        Err(_) if bytes.is_empty() => Err(ImageError::Unsupported {
            found: "an empty file".to_owned(),
        }),
        Err(_) => Err(ImageError::Unsupported {
            found: "unrecognised bytes".to_owned(),
        }),
    }
}

fn format_name(format: ImageFormat) -> String {
    match format {
        ImageFormat::Avif => "AVIF".to_owned(),
        ImageFormat::Bmp => "BMP".to_owned(),
        ImageFormat::Tiff => "TIFF".to_owned(),
        ImageFormat::Ico => "ICO".to_owned(),
        other => format!("{other:?}").to_uppercase(),
    }
}

fn looks_like_svg(bytes: &[u8]) -> bool {
    let head = &bytes[..bytes.len().min(1024)];
    let head = String::from_utf8_lossy(head).to_ascii_lowercase();
    head.contains("<svg")
}

fn decode_raw(bytes: &[u8], format: SourceFormat) -> Result<Raw, ImageError> {
    let cursor = Cursor::new(bytes);
    let failed = |error| from_image_error(format, error, None);
    match format {
        SourceFormat::Jpeg => read(JpegDecoder::new(cursor).map_err(failed)?, format, false),
        SourceFormat::Png => {
            // Only the allocation limit here (it bounds compressed text and profile chunks too):
            // the size is checked in `read`, to say it is too large rather than undecodable.
            let mut allocation = Limits::default();
            allocation.max_alloc = Some(MAX_ALLOC);
            let decoder = PngDecoder::with_limits(cursor, allocation).map_err(failed)?;
            let animated = decoder.is_apng().unwrap_or(false);
            read(decoder, format, animated)
        }
        SourceFormat::WebP => {
            let decoder = WebPDecoder::new(cursor).map_err(failed)?;
            let animated = decoder.has_animation();
            read(decoder, format, animated)
        }
        SourceFormat::Gif => read(
            GifDecoder::new(cursor).map_err(failed)?,
            format,
            gif_frames(bytes) > 1,
        ),
    }
}

fn limits() -> Limits {
    let mut limits = Limits::default();
    limits.max_image_width = Some(MAX_SIDE);
    limits.max_image_height = Some(MAX_SIDE);
    limits.max_alloc = Some(MAX_ALLOC);
    limits
}

/// Checks the header's size, then decodes: nothing the size of the picture is allocated before.
fn read(
    mut decoder: impl ImageDecoder,
    format: SourceFormat,
    animated: bool,
) -> Result<Raw, ImageError> {
    let (width, height) = decoder.dimensions();
    if width > MAX_SIDE || height > MAX_SIDE || u64::from(width) * u64::from(height) > MAX_PIXELS {
        return Err(ImageError::TooLarge { width, height });
    }
    if width == 0 || height == 0 {
        return Err(undecodable(format, "the picture has no pixels"));
    }
    let size = Some((width, height));
    decoder
        .set_limits(limits())
        .map_err(|error| from_image_error(format, error, size))?;
    // Metadata that cannot be read is as good as absent: the pixels are what is published.
    let orientation = decoder.orientation().unwrap_or(Orientation::NoTransforms);
    let icc = decoder.icc_profile().ok().flatten();
    let image = DynamicImage::from_decoder(decoder)
        .map_err(|error| from_image_error(format, error, size))?;
    Ok(Raw {
        image,
        orientation,
        icc,
        animated,
    })
}

fn from_image_error(
    format: SourceFormat,
    error: image::ImageError,
    size: Option<(u32, u32)>,
) -> ImageError {
    match (error, size) {
        (image::ImageError::Limits(_), Some((width, height))) => {
            ImageError::TooLarge { width, height }
        }
        (error, _) => undecodable(format, &error.to_string()),
    }
}

fn undecodable(format: SourceFormat, reason: &str) -> ImageError {
    ImageError::Undecodable {
        format,
        reason: reason.to_owned(),
    }
}

/// 8 bits a channel, RGB or RGBA: the alpha channel only if some pixel is not opaque.
fn eight_bit(image: DynamicImage) -> Pixels {
    if !image.color().has_alpha() {
        return Pixels::Rgb(image.into_rgb8());
    }
    let rgba = image.into_rgba8();
    if rgba.pixels().all(|pixel| pixel[3] == u8::MAX) {
        Pixels::Rgb(DynamicImage::ImageRgba8(rgba).into_rgb8())
    } else {
        Pixels::Rgba(rgba)
    }
}

/// Whether the picture has at most [`GRAPHIC_COLOURS`] colours; a photograph answers within its
/// first few hundred pixels.
fn few_colours(pixels: &Pixels) -> bool {
    let mut seen = HashSet::with_capacity(2 * GRAPHIC_COLOURS);
    let mut fits = |colour: [u8; 4]| {
        seen.insert(u32::from_le_bytes(colour));
        seen.len() <= GRAPHIC_COLOURS
    };
    match pixels {
        Pixels::Rgb(image) => image.pixels().all(|p| fits([p[0], p[1], p[2], u8::MAX])),
        Pixels::Rgba(image) => image.pixels().all(|p| fits(p.0)),
    }
}

/// Whether a WebP file's image is stored losslessly (a `VP8L` chunk) rather than lossy
/// (`VP8 `).
fn webp_is_lossless(bytes: &[u8]) -> bool {
    let mut at = 12; // "RIFF", the size, "WEBP"
    while let Some(header) = bytes.get(at..at + 8) {
        let fourcc = &header[..4];
        if fourcc == b"VP8L" {
            return true;
        }
        if fourcc == b"VP8 " {
            return false;
        }
        let size = u32::from_le_bytes([header[4], header[5], header[6], header[7]]);
        let Ok(size) = usize::try_from(size) else {
            return false;
        };
        // Chunks are padded to an even size.
        at = at
            .saturating_add(8)
            .saturating_add(size)
            .saturating_add(size % 2);
    }
    false
}

/// How many pictures a GIF holds, counted up to two by walking its blocks without decoding.
fn gif_frames(bytes: &[u8]) -> usize {
    // Header (6 bytes) and logical screen descriptor (7), then the global colour table.
    let Some(&packed) = bytes.get(10) else {
        return 0;
    };
    let mut at = 13 + colour_table_len(packed);
    let mut frames = 0;
    while frames < 2 {
        match bytes.get(at) {
            // Extension: its label, then sub-blocks.
            Some(0x21) => at = skip_sub_blocks(bytes, at + 2),
            // Image descriptor (10 bytes), its local colour table, the LZW code size, sub-blocks.
            Some(0x2C) => {
                frames += 1;
                let Some(&packed) = bytes.get(at + 9) else {
                    break;
                };
                at = skip_sub_blocks(bytes, at + 10 + colour_table_len(packed) + 1);
            }
            _ => break,
        }
    }
    frames
}

fn colour_table_len(packed: u8) -> usize {
    if packed & 0x80 == 0 {
        0
    } else {
        3 << ((packed & 0x07) + 1)
    }
}

/// The position after a run of sub-blocks (each a length byte and that many bytes, ended by an
/// empty one), or past the end of `bytes` if they are cut short.
fn skip_sub_blocks(bytes: &[u8], mut at: usize) -> usize {
    while let Some(&len) = bytes.get(at) {
        at += 1;
        if len == 0 {
            return at;
        }
        at += usize::from(len);
    }
    usize::MAX
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn gif_frames_are_counted_without_decoding() {
        // GIF89a, 1×1, no global table; one image of one pixel; trailer.
        let one: &[u8] = &[
            b'G', b'I', b'F', b'8', b'9', b'a', 1, 0, 1, 0, 0, 0, 0, // screen
            0x2C, 0, 0, 0, 0, 1, 0, 1, 0, 0, // image descriptor
            2, 2, 0x44, 0x01, 0, // LZW code size, one sub-block, end
        ];
        assert_eq!(gif_frames(one), 1);
        let mut two = one.to_vec();
        two.extend_from_slice(&one[13..]);
        two.push(0x3B);
        assert_eq!(gif_frames(&two), 2);
        assert_eq!(gif_frames(&two[..20]), 1);
        assert_eq!(gif_frames(b"GIF"), 0);
    }

    #[test]
    fn webp_chunks_tell_lossless_from_lossy() {
        let mut lossless = b"RIFF\0\0\0\0WEBPVP8X\x0a\0\0\0".to_vec();
        lossless.extend_from_slice(&[0; 10]);
        lossless.extend_from_slice(b"VP8L\x01\0\0\0\0\0");
        assert!(webp_is_lossless(&lossless));
        assert!(!webp_is_lossless(b"RIFF\0\0\0\0WEBPVP8 \x01\0\0\0\0\0"));
        assert!(!webp_is_lossless(b"RIFF\0\0\0\0WEBPVP8X\xff\xff\xff\xff"));
    }
}
