//! Brotli and gzip copies of published files, as nginx's `brotli_static`/`gzip_static` serve
//! them. [`Effort::Best`] is `scripts/postbuild.mjs`'s setting (brotli quality 11, gzip 9);
//! [`Effort::Fast`] is for the files whose number grows with the archive: brotli 11 takes about
//! a tenth of a second per 30 KB page, quality 7 thirty times less for some 10% more bytes.

use brotli::enc::{backward_references::BrotliEncoderMode, BrotliEncoderParams};
use flate2::{write::GzEncoder, Compression};
use std::io::Write;

/// How hard to compress.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Effort {
    /// Smallest output: brotli 11, gzip 9.
    Best,
    /// Brotli 7, gzip 6.
    Fast,
}

/// Brotli, in text mode.
pub fn brotli(bytes: &[u8], effort: Effort) -> Vec<u8> {
    let params = BrotliEncoderParams {
        quality: match effort {
            Effort::Best => 11,
            Effort::Fast => 7,
        },
        lgwin: window_bits(bytes.len()),
        mode: BrotliEncoderMode::BROTLI_MODE_TEXT,
        size_hint: bytes.len(),
        ..BrotliEncoderParams::default()
    };
    let mut out = Vec::new();
    match brotli::BrotliCompress(&mut &bytes[..], &mut out, &params) {
        Ok(_) => out,
        // Writing to memory does not fail; a copy no smaller than the file is never kept.
        Err(_) => bytes.to_vec(),
    }
}

/// The smallest window that holds the whole input, at least 2^17 and at most brotli's 2^24: a
/// window larger than the input compresses the same and only costs the encoder zeroed tables
/// (a 20 KB file compressed a quarter faster); below 2^17 the encoder picks another, many times
/// slower match finder.
fn window_bits(len: usize) -> i32 {
    // A window of 2^bits holds 2^bits - 16 bytes.
    (17..24).find(|bits| len + 16 <= 1 << bits).unwrap_or(24)
}

/// Gzip.
pub fn gzip(bytes: &[u8], effort: Effort) -> Vec<u8> {
    let level = match effort {
        Effort::Best => 9,
        Effort::Fast => 6,
    };
    let mut encoder = GzEncoder::new(Vec::new(), Compression::new(level));
    match encoder.write_all(bytes).and_then(|()| encoder.finish()) {
        Ok(out) => out,
        Err(_) => bytes.to_vec(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::io::Read;

    /// Guards the window: never one that cannot hold a file it could (a larger file loses
    /// matches), never one below the fast match finder's, and a large file still round-trips.
    #[test]
    fn the_window_holds_the_file() {
        assert_eq!(window_bits(0), 17);
        assert_eq!(window_bits((1 << 17) - 16), 17);
        assert_eq!(window_bits((1 << 17) - 15), 18);
        assert_eq!(window_bits(50_000_000), 24);
        let text = "مقالات ذات صلة 2026 ".repeat(20_000);
        let mut back = Vec::new();
        brotli::Decompressor::new(&brotli(text.as_bytes(), Effort::Fast)[..], 4096)
            .read_to_end(&mut back)
            .unwrap();
        assert_eq!(back, text.as_bytes());
    }

    /// Guards against copies that decompress to something else than the file nginx would
    /// otherwise serve.
    #[test]
    fn copies_decompress_to_the_original() {
        let text = "خبر عاجل: <b>&amp;</b> ".repeat(200);
        for effort in [Effort::Best, Effort::Fast] {
            let mut unbrotli = Vec::new();
            brotli::Decompressor::new(&brotli(text.as_bytes(), effort)[..], 4096)
                .read_to_end(&mut unbrotli)
                .unwrap();
            assert_eq!(unbrotli, text.as_bytes());
            let mut ungzip = Vec::new();
            flate2::read::GzDecoder::new(&gzip(text.as_bytes(), effort)[..])
                .read_to_end(&mut ungzip)
                .unwrap();
            assert_eq!(ungzip, text.as_bytes());
        }
    }
}
