//! Pictures made in the tests: a photo-like image (gradient and noise), a camera's EXIF, and
//! readers of what a published file carries besides its pixels.
#![allow(dead_code)]

use image::{codecs::png::PngEncoder, ExtendedColorType, ImageEncoder, RgbImage, RgbaImage};

/// A photo-like picture: smooth gradients with grain, and a red block in its top-left corner
/// (a sixth of each side) to tell where that corner went.
pub fn photo(width: u32, height: u32) -> RgbImage {
    let mut seed = 0x2545_f491_u32;
    RgbImage::from_fn(width, height, |x, y| {
        seed ^= seed << 13;
        seed ^= seed >> 17;
        seed ^= seed << 5;
        let grain = (seed % 24) as u8;
        if x < width / 6 && y < height / 6 {
            return image::Rgb([230, 20 + grain / 2, 20 + grain / 2]);
        }
        let g = (60 + 120 * x / width.max(1)) as u8;
        let b = (80 + 120 * y / height.max(1)) as u8;
        image::Rgb([20 + grain, g.saturating_add(grain), b.saturating_add(grain)])
    })
}

pub fn jpeg(image: &RgbImage, quality: u8) -> Vec<u8> {
    let mut bytes = Vec::new();
    jpeg_encoder::Encoder::new(&mut bytes, quality)
        .encode(
            image,
            image.width() as u16,
            image.height() as u16,
            jpeg_encoder::ColorType::Rgb,
        )
        .expect("test JPEG");
    bytes
}

pub fn png_rgb(image: &RgbImage) -> Vec<u8> {
    png(
        image,
        image.width(),
        image.height(),
        ExtendedColorType::Rgb8,
    )
}

pub fn png_rgba(image: &RgbaImage) -> Vec<u8> {
    png(
        image,
        image.width(),
        image.height(),
        ExtendedColorType::Rgba8,
    )
}

fn png(pixels: &[u8], width: u32, height: u32, colour: ExtendedColorType) -> Vec<u8> {
    let mut bytes = Vec::new();
    PngEncoder::new(&mut bytes)
        .write_image(pixels, width, height, colour)
        .expect("test PNG");
    bytes
}

/// Inserts JPEG segments (marker and payload) right after the start-of-image marker.
pub fn with_segments(jpeg: &[u8], segments: &[(u8, Vec<u8>)]) -> Vec<u8> {
    let mut out = jpeg[..2].to_vec();
    for (marker, payload) in segments {
        out.extend_from_slice(&[0xFF, *marker]);
        out.extend_from_slice(&(payload.len() as u16 + 2).to_be_bytes());
        out.extend_from_slice(payload);
    }
    out.extend_from_slice(&jpeg[2..]);
    out
}

/// A TIFF directory entry: tag, then type, count and value bytes.
type Entry = (u16, (u16, u32, Vec<u8>));

pub const SERIAL: &str = "SN-4815162342";
pub const MAKE: &str = "KhabarCam Pro";
pub const MAKER_NOTE: &str = "MAKERNOTE-owner-Leila-Haddad";
/// The GPS latitude 33°30'12.34" as the EXIF rationals carry it.
pub const LATITUDE: [u32; 6] = [33, 1, 30, 1, 1234, 100];

/// An EXIF APP1 payload as a camera writes it: make, model, orientation, and in their own
/// directories the body's serial number, a maker note and a GPS position.
pub fn exif(orientation: u16) -> Vec<u8> {
    const ASCII: u16 = 2;
    const SHORT: u16 = 3;
    const LONG: u16 = 4;
    const RATIONAL: u16 = 5;
    const UNDEFINED: u16 = 7;
    fn ascii(text: &str) -> (u16, u32, Vec<u8>) {
        let mut bytes = text.as_bytes().to_vec();
        bytes.push(0);
        (ASCII, bytes.len() as u32, bytes)
    }
    fn rationals(values: &[u32]) -> (u16, u32, Vec<u8>) {
        let bytes = values.iter().flat_map(|v| v.to_le_bytes()).collect();
        (RATIONAL, values.len() as u32 / 2, bytes)
    }
    let pointer = |at: u32| (LONG, 1, at.to_le_bytes().to_vec());

    let exif_ifd: Vec<Entry> = vec![
        (
            0x927C,
            (UNDEFINED, MAKER_NOTE.len() as u32, MAKER_NOTE.into()),
        ),
        (0xA431, ascii(SERIAL)),
    ];
    let gps_ifd: Vec<Entry> = vec![
        (0x0000, (1, 4, vec![2, 3, 0, 0])),
        (0x0001, ascii("N")),
        (0x0002, rationals(&LATITUDE)),
        (0x0003, ascii("E")),
        (0x0004, rationals(&[44, 1, 21, 1, 5678, 100])),
    ];
    let ifd0 = |exif_at: u32, gps_at: u32| -> Vec<Entry> {
        vec![
            (0x010F, ascii(MAKE)),
            (0x0110, ascii("Model 7")),
            (0x0112, (SHORT, 1, orientation.to_le_bytes().to_vec())),
            (0x8769, pointer(exif_at)),
            (0x8825, pointer(gps_at)),
        ]
    };
    let exif_at = 8 + ifd_len(&ifd0(0, 0));
    let gps_at = exif_at + ifd_len(&exif_ifd);

    let mut tiff = b"II*\0\x08\0\0\0".to_vec();
    tiff.extend(ifd(&ifd0(exif_at, gps_at), 8));
    tiff.extend(ifd(&exif_ifd, exif_at));
    tiff.extend(ifd(&gps_ifd, gps_at));
    let mut payload = b"Exif\0\0".to_vec();
    payload.extend(tiff);
    payload
}

/// An XMP APP1 payload with the position again, as photo editors repeat it.
pub fn xmp() -> Vec<u8> {
    let mut payload = b"http://ns.adobe.com/xap/1.0/\0".to_vec();
    payload.extend_from_slice(
        br#"<x:xmpmeta xmlns:x="adobe:ns:meta/"><rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#"><rdf:Description xmlns:exif="http://ns.adobe.com/exif/1.0/" exif:GPSLatitude="33,30.2057N" exif:GPSLongitude="44,21.9463E"/></rdf:RDF></x:xmpmeta>"#,
    );
    payload
}

fn ifd_len(entries: &[Entry]) -> u32 {
    let data: usize = entries
        .iter()
        .map(|(_, (_, _, bytes))| {
            if bytes.len() > 4 {
                bytes.len().div_ceil(2) * 2
            } else {
                0
            }
        })
        .sum();
    (2 + 12 * entries.len() + 4 + data) as u32
}

/// One TIFF directory at offset `at`, values longer than four bytes right after it.
fn ifd(entries: &[Entry], at: u32) -> Vec<u8> {
    let mut head = (entries.len() as u16).to_le_bytes().to_vec();
    let mut data = Vec::new();
    let data_at = at + 2 + 12 * entries.len() as u32 + 4;
    for (tag, (kind, count, bytes)) in entries {
        head.extend_from_slice(&tag.to_le_bytes());
        head.extend_from_slice(&kind.to_le_bytes());
        head.extend_from_slice(&count.to_le_bytes());
        if bytes.len() <= 4 {
            let mut inline = bytes.clone();
            inline.resize(4, 0);
            head.extend(inline);
        } else {
            head.extend_from_slice(&(data_at + data.len() as u32).to_le_bytes());
            data.extend_from_slice(bytes);
            if data.len() % 2 == 1 {
                data.push(0);
            }
        }
    }
    head.extend_from_slice(&0u32.to_le_bytes());
    head.extend(data);
    head
}

/// What a published file holds besides its pixels: JPEG segment markers before the scan, WebP
/// and PNG chunk names.
pub fn containers(bytes: &[u8]) -> Vec<String> {
    if bytes.starts_with(&[0xFF, 0xD8]) {
        jpeg_markers(bytes)
            .into_iter()
            .map(|m| format!("{m:02X}"))
            .collect()
    } else if bytes.starts_with(b"RIFF") {
        chunks(&bytes[12..], false)
    } else if bytes.starts_with(b"\x89PNG\r\n\x1a\n") {
        chunks(&bytes[8..], true)
    } else {
        vec!["unknown".to_owned()]
    }
}

fn jpeg_markers(bytes: &[u8]) -> Vec<u8> {
    let mut markers = Vec::new();
    let mut at = 2;
    while at + 4 <= bytes.len() && bytes[at] == 0xFF {
        let marker = bytes[at + 1];
        markers.push(marker);
        if marker == 0xDA {
            break;
        }
        let len = u16::from_be_bytes([bytes[at + 2], bytes[at + 3]]) as usize;
        at += 2 + len;
    }
    markers
}

fn chunks(mut bytes: &[u8], png: bool) -> Vec<String> {
    let mut names = Vec::new();
    while bytes.len() >= 8 {
        let (name, len) = if png {
            (
                &bytes[4..8],
                u32::from_be_bytes([bytes[0], bytes[1], bytes[2], bytes[3]]),
            )
        } else {
            (
                &bytes[..4],
                u32::from_le_bytes([bytes[4], bytes[5], bytes[6], bytes[7]]),
            )
        };
        names.push(String::from_utf8_lossy(name).into_owned());
        let len = len as usize;
        let skip = if png { 12 + len } else { 8 + len + len % 2 };
        bytes = &bytes[skip.min(bytes.len())..];
    }
    names
}

/// Whether `needle` occurs in `haystack`.
pub fn contains(haystack: &[u8], needle: &[u8]) -> bool {
    haystack
        .windows(needle.len())
        .any(|window| window == needle)
}
