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
        lgwin: 24,
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
