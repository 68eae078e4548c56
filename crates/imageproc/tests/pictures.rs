//! What a newsroom would notice: a camera's location and serial number never published, pictures
//! upright, the right widths, transparency and sharp graphics kept, bad files refused.

mod support;

use image::{DynamicImage, GenericImageView, Rgb, RgbImage, Rgba, RgbaImage};
use khabar_imageproc::{
    inspect, process, variants, Format, ImageError, Kind, Plan, SourceFormat, Variant, LADDER,
};
use support::*;

fn decoded(variant: &Variant) -> DynamicImage {
    image::load_from_memory(&variant.bytes).expect("a published variant decodes")
}

/// Mean red minus mean green over a square of `size` pixels at (x, y).
fn redness(image: &DynamicImage, x: u32, y: u32, size: u32) -> i32 {
    let mut sum = 0i32;
    for dy in 0..size {
        for dx in 0..size {
            let [r, g, ..] = image.get_pixel(x + dx, y + dy).0;
            sum += i32::from(r) - i32::from(g);
        }
    }
    sum / (size * size) as i32
}

/// Which corner of the picture is red: "TL", "TR", "BL" or "BR".
fn red_corner(image: &DynamicImage) -> &'static str {
    let (w, h) = image.dimensions();
    let size = (w.min(h) / 12).max(1);
    let corners = [
        ("TL", 0, 0),
        ("TR", w - size, 0),
        ("BL", 0, h - size),
        ("BR", w - size, h - size),
    ];
    let red: Vec<_> = corners
        .iter()
        .filter(|(_, x, y)| redness(image, *x, *y, size) > 100)
        .map(|(name, ..)| *name)
        .collect();
    assert_eq!(red.len(), 1, "one red corner, found {red:?}");
    red[0]
}

/// Guards against publishing where a photograph was taken, and with which camera: the camera's
/// EXIF (GPS, serial number, maker note) and XMP must not reach any variant.
#[test]
fn a_camera_jpeg_is_published_without_its_metadata_and_upright() {
    let original = jpeg(&photo(960, 600), 92);
    let camera = with_segments(&original, &[(0xE1, exif(6)), (0xE1, xmp())]);
    assert!(contains(&camera, SERIAL.as_bytes()) && contains(&camera, b"Exif\0\0"));

    let processed = process(&camera, &Plan::new("market")).expect("a camera JPEG is published");
    // Orientation 6: stored 960×600, shown 600×960.
    assert_eq!((processed.facts.width, processed.facts.height), (600, 960));
    assert_eq!(processed.facts.format, SourceFormat::Jpeg);
    assert_eq!(processed.facts.kind, Kind::Photo);

    let latitude: Vec<u8> = LATITUDE.iter().flat_map(|v| v.to_le_bytes()).collect();
    assert_eq!(
        processed.variants.len(),
        2 * 3,
        "320, 480, 600 and their fallbacks"
    );
    for variant in &processed.variants {
        let bytes = &variant.bytes;
        for secret in [
            &b"Exif"[..],
            b"GPS",
            SERIAL.as_bytes(),
            MAKE.as_bytes(),
            MAKER_NOTE.as_bytes(),
            b"ns.adobe.com",
            &latitude,
        ] {
            assert!(
                !contains(bytes, secret),
                "{} carries {:?}",
                variant.name,
                String::from_utf8_lossy(secret)
            );
        }
        // Nothing but the picture itself: JFIF header, tables, frame; VP8.
        let allowed: &[&str] = match variant.format {
            Format::Jpeg => &["E0", "DB", "C2", "C4", "DA"],
            Format::WebP => &["VP8 "],
            Format::Png => &["IHDR", "IDAT", "IEND"],
        };
        let found = containers(bytes);
        assert!(
            found.iter().all(|c| allowed.contains(&c.as_str())),
            "{}: {found:?}",
            variant.name
        );

        // Upright: the stored top-left corner, turned a quarter clockwise, is the top right.
        let image = decoded(variant);
        assert!(variant.height > variant.width);
        assert_eq!(image.dimensions(), (variant.width, variant.height));
        assert_eq!(red_corner(&image), "TR", "{}", variant.name);
    }
}

/// Guards against pictures shown mirrored or on their side, for each of EXIF's eight
/// orientations.
#[test]
fn every_exif_orientation_is_applied_to_the_pixels() {
    // Where the stored top-left corner is shown, and whether width and height swap.
    let expected = [
        (1, "TL", false),
        (2, "TR", false),
        (3, "BR", false),
        (4, "BL", false),
        (5, "TL", true),
        (6, "TR", true),
        (7, "BR", true),
        (8, "BL", true),
    ];
    let original = jpeg(&photo(120, 72), 95);
    for (orientation, corner, swapped) in expected {
        let bytes = with_segments(&original, &[(0xE1, exif(orientation))]);
        let facts = inspect(&bytes).expect("decodes");
        let size = if swapped { (72, 120) } else { (120, 72) };
        assert_eq!(
            (facts.width, facts.height),
            size,
            "orientation {orientation}"
        );
        let variants = variants(&bytes, &Plan::new("o")).expect("encodes");
        assert_eq!(variants.len(), 2);
        for variant in &variants {
            let image = decoded(variant);
            assert_eq!(image.dimensions(), size);
            assert_eq!(red_corner(&image), corner, "orientation {orientation}");
        }
    }
}

/// Guards against a 390-px phone fetching a camera-sized file, and against stretched pictures.
#[test]
fn a_wide_photograph_gets_the_whole_ladder_in_each_format() {
    let bytes = jpeg(&photo(2560, 1600), 85);
    let variants = variants(&bytes, &Plan::new("lead")).expect("encodes");
    let widths = |format| -> Vec<u32> {
        variants
            .iter()
            .filter(|v| v.format == format)
            .map(|v| v.width)
            .collect()
    };
    assert_eq!(widths(Format::WebP), LADDER.to_vec());
    assert_eq!(widths(Format::Jpeg), LADDER.to_vec());
    assert_eq!(variants.len(), 2 * LADDER.len());
    for variant in &variants {
        // 2560×1600 is 16:10.
        assert_eq!(variant.height, (variant.width * 10 + 8) / 16, "{variant:?}");
        assert_eq!(
            decoded(variant).dimensions(),
            (variant.width, variant.height)
        );
        let hash = variant
            .name
            .strip_prefix(&format!("lead-{}-", variant.width))
            .and_then(|rest| rest.strip_suffix(&format!(".{}", variant.format.extension())))
            .expect("named <stem>-<width>-<hash>.<ext>");
        assert_eq!(hash.len(), 8);
        assert!(hash.chars().all(|c| c.is_ascii_hexdigit()));
    }
    // Smaller files for smaller widths, and the WebP smaller than its JPEG.
    for pair in variants.chunks(2) {
        assert_eq!(
            (pair[0].format, pair[1].format),
            (Format::WebP, Format::Jpeg)
        );
        assert!(pair[0].bytes.len() < pair[1].bytes.len(), "{pair:?}");
    }
}

/// Guards against upscaling: a small picture is published at its own size only.
#[test]
fn a_small_picture_keeps_its_own_width() {
    let bytes = jpeg(&photo(200, 150), 90);
    let variants = variants(&bytes, &Plan::new("thumb")).expect("encodes");
    let sizes: Vec<_> = variants
        .iter()
        .map(|v| (v.format, v.width, v.height))
        .collect();
    assert_eq!(sizes, [(Format::WebP, 200, 150), (Format::Jpeg, 200, 150)]);
}

/// Guards against names that change from one publish to the next (every reader's cache
/// emptied) or that stay when the picture changes.
#[test]
fn the_same_picture_gives_the_same_files_and_names() {
    let bytes = jpeg(&photo(700, 500), 88);
    let first = variants(&bytes, &Plan::new("a")).expect("encodes");
    let second = variants(&bytes, &Plan::new("a")).expect("encodes");
    assert_eq!(first, second);

    let other = jpeg(&photo(700, 501), 88);
    let third = variants(&other, &Plan::new("a")).expect("encodes");
    for (a, b) in first.iter().zip(&third) {
        assert_ne!(a.name, b.name);
    }
    assert_eq!(
        inspect(&bytes).expect("decodes"),
        inspect(&bytes).expect("decodes")
    );
}

/// Guards against a transparent logo or cut-out published on a black box: no JPEG, which
/// has no alpha, for a picture that uses transparency.
#[test]
fn a_png_with_transparency_keeps_it() {
    // A photo-like cut-out: a disc on a transparent ground.
    let rgb = photo(900, 600);
    let cutout = RgbaImage::from_fn(900, 600, |x, y| {
        let [r, g, b] = rgb.get_pixel(x, y).0;
        let (dx, dy) = (x as i32 - 450, y as i32 - 300);
        let alpha = if dx * dx + dy * dy < 250 * 250 {
            255
        } else {
            0
        };
        Rgba([r, g, b, alpha])
    });
    let bytes = png_rgba(&cutout);
    let processed = process(&bytes, &Plan::new("cutout")).expect("encodes");
    assert!(processed.facts.has_alpha);
    assert_eq!(processed.variants.len(), 2 * 6, "320 to 800, and 900");
    for variant in &processed.variants {
        assert_ne!(variant.format, Format::Jpeg, "{}", variant.name);
        let image = decoded(variant);
        assert!(image.color().has_alpha(), "{}", variant.name);
        let (w, h) = image.dimensions();
        assert_eq!(
            image.get_pixel(1, 1)[3],
            0,
            "{}: a corner is clear",
            variant.name
        );
        assert_eq!(image.get_pixel(w / 2, h / 2)[3], 255, "{}", variant.name);
    }
}

/// Guards against charts and maps published blurred: a graphic stays lossless, pixel for pixel
/// where it is not resized.
#[test]
fn a_graphic_png_stays_lossless() {
    // A three-colour chart: bars on white, with a dark axis.
    let chart = RgbImage::from_fn(300, 180, |x, y| {
        if x == 10 || y == 170 {
            Rgb([20, 20, 20])
        } else if (x / 40) % 2 == 1 && y > 40 + (x % 97) {
            Rgb([0, 110, 190])
        } else {
            Rgb([255, 255, 255])
        }
    });
    let bytes = png_rgb(&chart);
    let processed = process(&bytes, &Plan::new("chart")).expect("encodes");
    assert_eq!(processed.facts.kind, Kind::Graphic);
    let formats: Vec<_> = processed.variants.iter().map(|v| v.format).collect();
    assert_eq!(formats, [Format::WebP, Format::Png]);
    for variant in &processed.variants {
        assert_eq!(decoded(variant).to_rgb8(), chart, "{}", variant.name);
    }
    assert_eq!(containers(&processed.variants[0].bytes), ["VP8L"]);

    // Resized, it is still lossless WebP and PNG.
    let wide = image::imageops::resize(&chart, 1200, 720, image::imageops::FilterType::Nearest);
    let variants = variants(&png_rgb(&wide), &Plan::new("chart")).expect("encodes");
    assert_eq!(variants.len(), 2 * 7, "320 to 1024, and 1200");
    for variant in &variants {
        match variant.format {
            Format::WebP => assert_eq!(containers(&variant.bytes), ["VP8L"]),
            format => assert_eq!(format, Format::Png),
        }
    }
}

/// Guards against a photograph saved as PNG published as multi-megabyte PNGs: lossless only
/// where it pays.
#[test]
fn a_photograph_saved_as_png_gets_lossy_variants() {
    let bytes = png_rgb(&photo(640, 400));
    let processed = process(&bytes, &Plan::new("photo")).expect("encodes");
    assert_eq!(processed.facts.kind, Kind::Photo);
    for variant in &processed.variants {
        match variant.format {
            Format::WebP => assert_eq!(containers(&variant.bytes), ["VP8 "]),
            format => assert_eq!(format, Format::Jpeg),
        }
    }
}

/// Guards against a box of the wrong colour before the picture arrives.
#[test]
fn the_placeholder_is_the_average_colour() {
    let teal = RgbImage::from_pixel(400, 300, Rgb([0, 128, 128]));
    let facts = inspect(&jpeg(&teal, 95)).expect("decodes");
    assert_eq!(facts.placeholder.len(), 7);
    let channel = |at: usize| u8::from_str_radix(&facts.placeholder[at..at + 2], 16).unwrap_or(0);
    assert!(channel(1) <= 2, "{}", facts.placeholder);
    assert!(channel(3).abs_diff(128) <= 2, "{}", facts.placeholder);
    assert!(channel(5).abs_diff(128) <= 2, "{}", facts.placeholder);
}

/// Guards against an animated GIF silently published as a still: the facts say it moved.
#[test]
fn an_animated_gif_is_told_and_its_first_frame_published() {
    use image::{codecs::gif::GifEncoder, Delay, Frame};
    let mut bytes = Vec::new();
    {
        let mut encoder = GifEncoder::new(&mut bytes);
        for colour in [[200, 30, 30, 255], [30, 30, 200, 255]] {
            let frame = RgbaImage::from_pixel(64, 48, Rgba(colour));
            encoder
                .encode_frame(Frame::from_parts(
                    frame,
                    0,
                    0,
                    Delay::from_numer_denom_ms(100, 1),
                ))
                .expect("test GIF");
        }
    }
    let processed = process(&bytes, &Plan::new("gif")).expect("encodes");
    assert!(processed.facts.animated);
    assert_eq!(processed.facts.format, SourceFormat::Gif);
    let first = decoded(&processed.variants[0]).to_rgb8();
    assert!(first.get_pixel(10, 10)[0] > 150, "the red first frame");

    let still = png_rgb(&RgbImage::from_pixel(8, 8, Rgb([1, 2, 3])));
    assert!(!inspect(&still).expect("decodes").animated);
}

/// Guards against Display P3 photographs (phones) published with dull or shifted colours once
/// their profile is gone: the pixels are converted to sRGB, and no profile is published.
#[test]
fn a_wide_gamut_photograph_is_converted_to_srgb() {
    let p3 = moxcms::ColorProfile::new_display_p3()
        .encode()
        .expect("a P3 profile");
    let orange = RgbImage::from_pixel(64, 64, Rgb([200, 100, 50]));
    let mut icc = b"ICC_PROFILE\0\x01\x01".to_vec();
    icc.extend_from_slice(&p3);
    let bytes = with_segments(&jpeg(&orange, 98), &[(0xE2, icc)]);
    let variants = variants(&bytes, &Plan::new("p3")).expect("encodes");
    for variant in &variants {
        assert!(!containers(&variant.bytes)
            .iter()
            .any(|c| c == "E2" || c == "ICCP"));
        let [r, g, b] = decoded(variant).to_rgb8().get_pixel(32, 32).0;
        assert!(r > 205 && g < 98 && b < 45, "{}: {r} {g} {b}", variant.name);
    }
}

/// Guards against a publish stopped by one bad upload: damaged bytes are an error, never a
/// panic.
#[test]
fn damaged_files_are_refused_not_panicked_on() {
    assert!(matches!(
        inspect(b"hello"),
        Err(ImageError::Unsupported { .. })
    ));
    assert!(matches!(inspect(b""), Err(ImageError::Unsupported { .. })));

    let rgba = RgbaImage::from_fn(40, 30, |x, y| Rgba([x as u8 * 6, y as u8 * 8, 90, 200]));
    let mut webp = Vec::new();
    image::codecs::webp::WebPEncoder::new_lossless(&mut webp)
        .encode(&rgba, 40, 30, image::ExtendedColorType::Rgba8)
        .expect("test WebP");
    let samples = [
        ("JPEG", jpeg(&photo(40, 30), 90)),
        ("PNG", png_rgb(&photo(40, 30))),
        ("WebP", webp),
    ];
    for (name, bytes) in &samples {
        assert!(inspect(bytes).is_ok(), "{name} sample decodes");
        // Cut short anywhere in its first half: refused.
        for len in (16..bytes.len() / 2).step_by(7) {
            assert!(
                matches!(inspect(&bytes[..len]), Err(ImageError::Undecodable { .. })),
                "{name} cut at {len}"
            );
        }
        // Bytes flipped anywhere: decoded or refused, never a panic.
        for at in (0..bytes.len()).step_by(5) {
            let mut damaged = bytes.clone();
            damaged[at] ^= 0x5A;
            let _ = variants(&damaged, &Plan::new("x"));
        }
    }
}

/// Guards against an author's SVG or BMP failing with a confusing message.
#[test]
fn other_formats_are_named_in_the_refusal() {
    let svg =
        br#"<?xml version="1.0"?><svg xmlns="http://www.w3.org/2000/svg" width="10" height="10"/>"#;
    let error = inspect(svg).expect_err("SVG is refused");
    assert_eq!(
        error.to_string(),
        "not a JPEG, PNG, WebP or GIF picture: an SVG drawing"
    );

    let mut bmp = b"BM".to_vec();
    bmp.extend_from_slice(&[0; 60]);
    let error = inspect(&bmp).expect_err("BMP is refused");
    assert_eq!(
        error.to_string(),
        "not a JPEG, PNG, WebP or GIF picture: a BMP picture"
    );
}

/// Guards against cards (16:9 boxes) fetching the parts of a tall picture they crop away, and
/// against a card that shows something other than the picture's middle.
#[test]
fn a_lead_picture_gets_files_of_its_middle_for_cards() {
    // 1000×872: red bands at the top and bottom, outside the middle 16:9 (rows 154 to 716).
    let mut pixels = RgbImage::from_pixel(1000, 872, Rgb([40, 90, 200]));
    for (x, y, pixel) in pixels.enumerate_pixels_mut() {
        if !(140..=730).contains(&y) {
            *pixel = Rgb([230, 20, 20]);
        } else if x < 40 {
            *pixel = Rgb([20, 200, 20]);
        }
    }
    let bytes = jpeg(&pixels, 92);
    assert!(
        process(&bytes, &Plan::new("far"))
            .expect("encodes")
            .card
            .is_empty(),
        "only when asked"
    );
    let processed = process(&bytes, &Plan::with_card("far")).expect("encodes");
    assert_eq!(
        processed.variants.len(),
        2 * 6,
        "the whole picture, 320 to 1000"
    );
    let widths: Vec<u32> = processed.card.iter().map(|v| v.width).collect();
    assert_eq!(
        widths,
        [320, 320, 480, 480, 640, 640, 720, 720, 800, 800, 1000, 1000]
    );
    for variant in &processed.card {
        assert!(
            variant
                .name
                .starts_with(&format!("far-card-{}-", variant.width)),
            "{variant:?}"
        );
        assert_eq!(variant.height, (variant.width * 9 + 8) / 16, "{variant:?}");
        let image = decoded(variant);
        assert_eq!(image.dimensions(), (variant.width, variant.height));
        // No red band: the middle only, and all of its width (the green edge is there).
        let (w, h) = image.dimensions();
        let band = (h / 20).max(2);
        assert!(
            redness(&image, w / 2 - band / 2, 2, band) < 0,
            "{}: red at the top",
            variant.name
        );
        assert!(
            redness(&image, w / 2 - band / 2, h - band - 2, band) < 0,
            "{}: red at the bottom",
            variant.name
        );
        let [r, g, b] = image.to_rgb8().get_pixel(2, h / 2).0;
        assert!(
            g > 150 && r < 80 && b < 80,
            "{}: the left edge is kept",
            variant.name
        );
    }
    // A 16:9 picture needs no cut: cards take its own files.
    let wide = jpeg(&photo(1600, 900), 85);
    assert!(process(&wide, &Plan::with_card("w"))
        .expect("encodes")
        .card
        .is_empty());
}
