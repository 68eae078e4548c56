//! The figures behind the crate's choices, for pictures given on the command line:
//!
//! ```text
//! cargo run -p khabar-imageproc --example measure -- photo.jpg [more.jpg …]
//! cargo run -p khabar-imageproc --example measure -- --sweep photo.jpg
//! ```
//!
//! Without `--sweep`: seconds for the whole ladder ([`process`], as the publisher calls it) and
//! bytes per format at each width. With `--sweep`: the picture resized to 1600 and 640 pixels,
//! encoded at several qualities and settings, with bytes, seconds and SSIM against the resized
//! pixels (SSIM over R, G and B, 8×8 windows every 4 pixels: 1 is identical).
//!
//! Build it optimised, as the publisher should be: see the README.

use fast_image_resize::{images::Image, FilterType, PixelType, ResizeAlg, ResizeOptions, Resizer};
use image::RgbImage;
use khabar_imageproc::{inspect, process, Format, Plan};
use std::time::Instant;

fn main() {
    let mut args: Vec<String> = std::env::args().skip(1).collect();
    let sweep = args.first().is_some_and(|a| a == "--sweep");
    if sweep {
        args.remove(0);
    }
    if args.is_empty() {
        eprintln!("usage: measure [--sweep] PICTURE…");
        std::process::exit(2);
    }
    for path in &args {
        let bytes = match std::fs::read(path) {
            Ok(bytes) => bytes,
            Err(error) => {
                eprintln!("{path}: {error}");
                continue;
            }
        };
        if sweep {
            sweep_qualities(path, &bytes);
        } else {
            ladder(path, &bytes);
        }
    }
}

fn ladder(path: &str, bytes: &[u8]) {
    let start = Instant::now();
    let facts = match inspect(bytes) {
        Ok(facts) => facts,
        Err(error) => {
            println!("{path}: {error}");
            return;
        }
    };
    let decode = start.elapsed().as_secs_f64();
    let start = Instant::now();
    let processed = match process(bytes, &Plan::new("m")) {
        Ok(processed) => processed,
        Err(error) => {
            println!("{path}: {error}");
            return;
        }
    };
    let seconds = start.elapsed().as_secs_f64();
    println!(
        "{path}: {} bytes, {}×{} {}; decode {decode:.2} s, whole ladder {seconds:.2} s; placeholder {}",
        bytes.len(),
        facts.width,
        facts.height,
        facts.format,
        facts.placeholder
    );
    println!("| width | WebP | fallback |");
    println!("| ---: | ---: | ---: |");
    for pair in processed.variants.chunks(2) {
        let [webp, fallback] = pair else { continue };
        println!(
            "| {} | {} | {} {} |",
            webp.width,
            webp.bytes.len(),
            fallback.bytes.len(),
            if fallback.format == Format::Jpeg {
                ""
            } else {
                "(PNG)"
            }
        );
    }
    let total: usize = processed.variants.iter().map(|v| v.bytes.len()).sum();
    println!("all variants: {total} bytes");
    // A lead picture: the ladder of its 16:9 middle too, for cards.
    let start = Instant::now();
    match process(bytes, &Plan::with_card("m")) {
        Ok(lead) => {
            let card: usize = lead.card.iter().map(|v| v.bytes.len()).sum();
            println!(
                "as a lead picture, with its card's files: {:.2} s; {} card files, {card} bytes\n",
                start.elapsed().as_secs_f64(),
                lead.card.len()
            );
        }
        Err(error) => println!("{path}: {error}\n"),
    }
}

fn sweep_qualities(path: &str, bytes: &[u8]) {
    let original = match image::load_from_memory(bytes) {
        Ok(image) => image.into_rgb8(),
        Err(error) => {
            println!("{path}: {error}");
            return;
        }
    };
    for width in [1600, 640] {
        let height =
            (u64::from(original.height()) * u64::from(width) / u64::from(original.width())) as u32;
        let reference = resize(&original, width, height);
        println!("{path} at {width}×{height}");
        println!("| encoder | setting | bytes | SSIM | seconds |");
        println!("| --- | --- | ---: | ---: | ---: |");
        for quality in [60.0, 70.0, 75.0, 80.0, 85.0, 90.0] {
            webp_row(&reference, &format!("q{quality} m4"), |c| {
                c.quality = quality;
                c.method = 4;
            });
        }
        webp_row(&reference, "q80 m6", |c| {
            c.quality = 80.0;
            c.method = 6;
        });
        webp_row(&reference, "q80 m4 sharp_yuv", |c| {
            c.quality = 80.0;
            c.method = 4;
            c.use_sharp_yuv = 1;
        });
        webp_row(&reference, "q80 m2", |c| {
            c.quality = 80.0;
            c.method = 2;
        });
        for quality in [60, 70, 75, 80, 85, 90] {
            jpeg_row(&reference, quality, None);
        }
        for quality in [75, 80] {
            jpeg_row(
                &reference,
                quality,
                Some(jpeg_encoder::QuantizationTableType::ImageMagick),
            );
        }
        println!();
    }
}

fn webp_row(reference: &RgbImage, setting: &str, configure: impl Fn(&mut webp::WebPConfig)) {
    let Ok(mut config) = webp::WebPConfig::new() else {
        return;
    };
    configure(&mut config);
    let start = Instant::now();
    let encoder = webp::Encoder::from_rgb(reference, reference.width(), reference.height());
    let Ok(encoded) = encoder.encode_advanced(&config) else {
        return;
    };
    let seconds = start.elapsed().as_secs_f64();
    let Ok(decoded) = image::load_from_memory(&encoded) else {
        return;
    };
    println!(
        "| WebP | {setting} | {} | {:.4} | {seconds:.3} |",
        encoded.len(),
        ssim(reference, &decoded.into_rgb8())
    );
}

fn jpeg_row(
    reference: &RgbImage,
    quality: u8,
    tables: Option<jpeg_encoder::QuantizationTableType>,
) {
    let start = Instant::now();
    let mut encoded = Vec::new();
    let mut encoder = jpeg_encoder::Encoder::new(&mut encoded, quality);
    encoder.set_progressive(true);
    encoder.set_optimized_huffman_tables(true);
    encoder.set_chroma_subsampling_method(jpeg_encoder::ChromaSubsamplingMethod::Average);
    let setting = match tables {
        Some(tables) => {
            encoder.set_quantization_tables(tables.clone(), tables);
            format!("q{quality} progressive, ImageMagick tables")
        }
        None => format!("q{quality} progressive"),
    };
    let (width, height) = (reference.width() as u16, reference.height() as u16);
    if encoder
        .encode(reference, width, height, jpeg_encoder::ColorType::Rgb)
        .is_err()
    {
        return;
    }
    let seconds = start.elapsed().as_secs_f64();
    let Ok(decoded) = image::load_from_memory(&encoded) else {
        return;
    };
    println!(
        "| JPEG | {setting} | {} | {:.4} | {seconds:.3} |",
        encoded.len(),
        ssim(reference, &decoded.into_rgb8())
    );
}

/// The same resizing as the crate's (Lanczos3).
fn resize(image: &RgbImage, width: u32, height: u32) -> RgbImage {
    let source = fast_image_resize::images::ImageRef::new(
        image.width(),
        image.height(),
        image.as_raw(),
        PixelType::U8x3,
    )
    .expect("a source image");
    let mut target = Image::new(width, height, PixelType::U8x3);
    Resizer::new()
        .resize(
            &source,
            &mut target,
            &ResizeOptions::new().resize_alg(ResizeAlg::Convolution(FilterType::Lanczos3)),
        )
        .expect("resized");
    RgbImage::from_raw(width, height, target.into_vec()).expect("a resized image")
}

/// Mean SSIM over R, G and B, in 8×8 windows every 4 pixels.
fn ssim(a: &RgbImage, b: &RgbImage) -> f64 {
    const C1: f64 = (0.01 * 255.0) * (0.01 * 255.0);
    const C2: f64 = (0.03 * 255.0) * (0.03 * 255.0);
    let (width, height) = a.dimensions();
    let mut total = 0.0;
    let mut windows = 0u64;
    for y in (0..height.saturating_sub(8)).step_by(4) {
        for x in (0..width.saturating_sub(8)).step_by(4) {
            for channel in 0..3 {
                let (mut sa, mut sb, mut saa, mut sbb, mut sab) = (0.0, 0.0, 0.0, 0.0, 0.0);
                for dy in 0..8 {
                    for dx in 0..8 {
                        let pa = f64::from(a.get_pixel(x + dx, y + dy)[channel]);
                        let pb = f64::from(b.get_pixel(x + dx, y + dy)[channel]);
                        sa += pa;
                        sb += pb;
                        saa += pa * pa;
                        sbb += pb * pb;
                        sab += pa * pb;
                    }
                }
                let n = 64.0;
                let (ma, mb) = (sa / n, sb / n);
                let va = saa / n - ma * ma;
                let vb = sbb / n - mb * mb;
                let cov = sab / n - ma * mb;
                total += ((2.0 * ma * mb + C1) * (2.0 * cov + C2))
                    / ((ma * ma + mb * mb + C1) * (va + vb + C2));
                windows += 1;
            }
        }
    }
    total / windows.max(1) as f64
}
