//! Decompression bombs: files of a few bytes whose headers claim gigapixels are refused from the
//! header, before the pixels are allocated. A test binary of its own, so that its allocator
//! counts only these refusals.

mod support;

use khabar_imageproc::{inspect, ImageError};
use std::{
    alloc::{GlobalAlloc, Layout, System},
    sync::atomic::{AtomicUsize, Ordering},
};

/// The system allocator, keeping the largest single allocation it was asked for.
struct Largest;

static LARGEST: AtomicUsize = AtomicUsize::new(0);

unsafe impl GlobalAlloc for Largest {
    unsafe fn alloc(&self, layout: Layout) -> *mut u8 {
        LARGEST.fetch_max(layout.size(), Ordering::Relaxed);
        // SAFETY: the caller's contract is passed on unchanged.
        unsafe { System.alloc(layout) }
    }
    unsafe fn dealloc(&self, ptr: *mut u8, layout: Layout) {
        // SAFETY: as above.
        unsafe { System.dealloc(ptr, layout) }
    }
    unsafe fn realloc(&self, ptr: *mut u8, layout: Layout, new_size: usize) -> *mut u8 {
        LARGEST.fetch_max(new_size, Ordering::Relaxed);
        // SAFETY: as above.
        unsafe { System.realloc(ptr, layout, new_size) }
    }
}

#[global_allocator]
static ALLOCATOR: Largest = Largest;

fn crc32(bytes: &[u8]) -> u32 {
    let mut crc = !0u32;
    for &byte in bytes {
        crc ^= u32::from(byte);
        for _ in 0..8 {
            crc = if crc & 1 == 1 {
                (crc >> 1) ^ 0xEDB8_8320
            } else {
                crc >> 1
            };
        }
    }
    !crc
}

fn png_chunk(out: &mut Vec<u8>, name: &[u8; 4], data: &[u8]) {
    out.extend_from_slice(&(data.len() as u32).to_be_bytes());
    let mut body = name.to_vec();
    body.extend_from_slice(data);
    out.extend_from_slice(&body);
    out.extend_from_slice(&crc32(&body).to_be_bytes());
}

/// A PNG of only a signature, a valid IHDR claiming `width`×`height` RGBA, an empty IDAT and
/// IEND.
fn png_claiming(width: u32, height: u32) -> Vec<u8> {
    let mut png = b"\x89PNG\r\n\x1a\n".to_vec();
    let mut ihdr = width.to_be_bytes().to_vec();
    ihdr.extend_from_slice(&height.to_be_bytes());
    ihdr.extend_from_slice(&[8, 6, 0, 0, 0]);
    png_chunk(&mut png, b"IHDR", &ihdr);
    png_chunk(
        &mut png,
        b"IDAT",
        &[0x78, 0x9C, 0x03, 0x00, 0x00, 0x00, 0x00, 0x01],
    );
    png_chunk(&mut png, b"IEND", &[]);
    png
}

/// A real small JPEG whose frame header is changed to claim `width`×`height`.
fn jpeg_claiming(width: u16, height: u16) -> Vec<u8> {
    let mut jpeg = support::jpeg(&support::photo(16, 16), 80);
    let sof = jpeg
        .windows(2)
        .position(|w| w == [0xFF, 0xC0])
        .expect("a baseline frame header");
    jpeg[sof + 5..sof + 7].copy_from_slice(&height.to_be_bytes());
    jpeg[sof + 7..sof + 9].copy_from_slice(&width.to_be_bytes());
    jpeg
}

/// A GIF whose logical screen claims `width`×`height`, with one 1×1 image.
fn gif_claiming(width: u16, height: u16) -> Vec<u8> {
    let mut gif = b"GIF89a".to_vec();
    gif.extend_from_slice(&width.to_le_bytes());
    gif.extend_from_slice(&height.to_le_bytes());
    gif.extend_from_slice(&[0x80, 0, 0, 0, 0, 0, 255, 255, 255]);
    gif.extend_from_slice(&[0x2C, 0, 0, 0, 0, 1, 0, 1, 0, 0, 2, 2, 0x44, 0x01, 0, 0x3B]);
    gif
}

/// A lossy WebP whose VP8 frame header claims 16383×16383 (its largest), 268 megapixels.
fn webp_claiming_the_most() -> Vec<u8> {
    let mut vp8 = vec![0x50, 0x01, 0x00, 0x9D, 0x01, 0x2A];
    vp8.extend_from_slice(&0x3FFFu16.to_le_bytes());
    vp8.extend_from_slice(&0x3FFFu16.to_le_bytes());
    vp8.extend_from_slice(&[0; 12]);
    let mut webp = b"RIFF".to_vec();
    webp.extend_from_slice(&(4 + 8 + vp8.len() as u32).to_le_bytes());
    webp.extend_from_slice(b"WEBPVP8 ");
    webp.extend_from_slice(&(vp8.len() as u32).to_le_bytes());
    webp.extend(vp8);
    webp
}

/// Guards against a publish (or an import) brought down by a file of a few hundred bytes that
/// would decode to gigabytes.
#[test]
fn bombs_are_refused_from_their_headers_without_allocating_their_pixels() {
    let cases = [
        (
            "PNG 30000×30000",
            png_claiming(30_000, 30_000),
            (30_000, 30_000),
        ),
        // Each side allowed, 120 megapixels in all.
        (
            "PNG 15000×8000",
            png_claiming(15_000, 8_000),
            (15_000, 8_000),
        ),
        (
            "JPEG 60000×60000",
            jpeg_claiming(60_000, 60_000),
            (60_000, 60_000),
        ),
        (
            "GIF 65535×65535",
            gif_claiming(65_535, 65_535),
            (65_535, 65_535),
        ),
        (
            "WebP 16383×16383",
            webp_claiming_the_most(),
            (16_383, 16_383),
        ),
    ];
    for (name, bytes, (width, height)) in cases {
        LARGEST.store(0, Ordering::Relaxed);
        let error = inspect(&bytes).expect_err(name);
        assert_eq!(error, ImageError::TooLarge { width, height }, "{name}");
        let largest = LARGEST.load(Ordering::Relaxed);
        assert!(
            largest < 1 << 20,
            "{name}: allocated {largest} bytes at once"
        );
    }
    assert_eq!(
        ImageError::TooLarge {
            width: 30_000,
            height: 30_000
        }
        .to_string(),
        "too large: 30000×30000 pixels (at most 20000 pixels a side and 100 megapixels)"
    );

    // What a newsroom does publish is not refused as too large: a 24-megapixel camera frame
    // claimed, its data absent, is refused as damaged. (In this test, not one of its own: the
    // allocator's count is shared by the tests that run at once.)
    let error = inspect(&png_claiming(6_000, 4_000)).expect_err("no pixel data");
    assert!(matches!(error, ImageError::Undecodable { .. }), "{error}");
}
