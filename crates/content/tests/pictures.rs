//! Photographs in `make content`: their real size, placeholder and files come from the picture
//! itself, once (the cache), and a picture that cannot be published is refused by name.

use khabar_content::files::{build, Layout};
use khabar_model::{Article, ImageFormat};
use std::{
    fs,
    path::PathBuf,
    time::{Duration, SystemTime},
};

/// A real photograph of the sample content: 1000×872, with EXIF.
fn photo() -> Vec<u8> {
    let repository = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../..");
    fs::read(repository.join("public/images/hubble-extreme-deep-field.jpg")).unwrap()
}

/// A project with one article leading with `image` (a JSON object), and `files` in
/// `public/images/`.
fn project(name: &str, image: &str, files: &[(&str, &[u8])]) -> Layout {
    let root = std::env::temp_dir().join(format!("khabar-pictures-{}-{name}", std::process::id()));
    let _ = fs::remove_dir_all(&root);
    fs::create_dir_all(root.join("content/articles")).unwrap();
    fs::create_dir_all(root.join("public/images")).unwrap();
    fs::write(
        root.join("content/site.json"),
        r#"{"name": "خبر", "url": "https://k.example", "sections": [{"slug": "science", "name": "علوم"}]}"#,
    )
    .unwrap();
    let article = format!(
        r#"{{"slug": "a", "section": "science", "headline": "عنوان", "summary": "ملخص",
            "published": "2026-11-01T10:00:00+03:00", "image": {image},
            "body": [{{"type": "paragraph", "text": "نص"}}]}}"#
    );
    fs::write(root.join("content/articles/a.json"), article).unwrap();
    for (file, bytes) in files {
        fs::write(root.join("public/images").join(file), bytes).unwrap();
    }
    Layout { root }
}

/// A project whose one article leads with `photo` as `images/p.jpg`, given without a size.
fn photo_project(name: &str, photo: &[u8]) -> Layout {
    project(
        name,
        r#"{"src": "images/p.jpg", "alt": "مجرات"}"#,
        &[("p.jpg", photo)],
    )
}

fn published(layout: &Layout, derived: &khabar_content::Derived) -> Article {
    let _ = layout;
    serde_json::from_str(&derived.files["articles/a.json"]).unwrap()
}

/// Guards against a photograph published as the author uploaded it: its size must be read from
/// the file (no width or height given), its files named in the API and kept in the cache, and a
/// second run must find them there rather than encode again.
#[test]
fn a_photograph_gets_its_real_size_placeholder_and_files_once() {
    let photo = photo();
    let layout = photo_project("photo", &photo);
    let derived = build(&layout).unwrap();
    assert_eq!(derived.pictures.encoded, 1);
    let image = published(&layout, &derived).image.unwrap();
    assert_eq!((image.width, image.height), (1000, 872));
    assert!(image.placeholder.as_deref().is_some_and(|c| c.len() == 7));
    let widths = |format| -> Vec<u32> {
        image
            .variants
            .iter()
            .filter(|v| v.format == format)
            .map(|v| v.width)
            .collect()
    };
    assert_eq!(
        widths(ImageFormat::Webp),
        vec![320, 480, 640, 720, 800, 1000]
    );
    assert_eq!(widths(ImageFormat::Jpeg), widths(ImageFormat::Webp));
    // The lead picture, 1000×872, has files of its 16:9 middle for cards, as wide.
    let card: Vec<(u32, ImageFormat)> = image
        .card_variants
        .iter()
        .map(|v| (v.width, v.format))
        .collect();
    let whole: Vec<(u32, ImageFormat)> =
        image.variants.iter().map(|v| (v.width, v.format)).collect();
    assert_eq!(card, whole);
    for variant in image.variants.iter().chain(&image.card_variants) {
        let cached = &derived.pictures.files[&variant.file];
        let bytes = fs::read(cached).unwrap();
        assert!(!bytes.is_empty(), "{}", variant.file);
        // No EXIF travels with any file.
        assert!(!bytes.windows(4).any(|w| w == b"Exif"), "{}", variant.file);
    }
    // The summaries of listings carry the picture as cards show it: its middle's files.
    assert!(derived.files["index.json"].contains(&image.card_variants[0].file));
    assert!(!derived.files["index.json"].contains(&image.variants[0].file));

    let again = build(&layout).unwrap();
    assert_eq!(again.pictures.encoded, 0, "found in the cache");
    assert_eq!(again.files, derived.files);
    let _ = fs::remove_dir_all(&layout.root);
}

/// Guards against a damaged picture reaching readers as a broken image, or stopping the tool
/// with a panic: it is refused with the article, the field, the file and the reason.
#[test]
fn an_undecodable_or_absurd_picture_is_refused_by_name() {
    let photo = photo();
    // Cut short in its headers.
    let truncated = &photo[..2000];
    let layout = project(
        "broken",
        r#"{"src": "images/broken.jpg", "alt": "صورة"}"#,
        &[("broken.jpg", truncated)],
    );
    let problems = build(&layout).unwrap_err();
    let text: Vec<String> = problems.iter().map(ToString::to_string).collect();
    assert_eq!(text.len(), 1, "{text:?}");
    assert!(
        text[0].starts_with("content/articles/a.json: image.src: public/images/broken.jpg: "),
        "{text:?}"
    );
    assert!(text[0].contains("JPEG"), "{text:?}");

    // A PNG header claiming 30000×30000 pixels: refused before any pixel is allocated.
    let mut ihdr = 30_000u32.to_be_bytes().to_vec();
    ihdr.extend_from_slice(&30_000u32.to_be_bytes());
    ihdr.extend_from_slice(&[8, 2, 0, 0, 0]);
    let mut bomb = b"\x89PNG\r\n\x1a\n".to_vec();
    for (kind, data) in [
        (b"IHDR", ihdr.as_slice()),
        (b"IDAT", &[0x78, 0x9C, 0x03, 0x00, 0x00, 0x00, 0x00, 0x01]),
        (b"IEND", &[]),
    ] {
        let mut chunk = kind.to_vec();
        chunk.extend_from_slice(data);
        bomb.extend_from_slice(&(data.len() as u32).to_be_bytes());
        bomb.extend_from_slice(&chunk);
        bomb.extend_from_slice(&crc32(&chunk).to_be_bytes());
    }
    fs::write(layout.root.join("public/images/broken.jpg"), &bomb).unwrap();
    let problems = build(&layout).unwrap_err();
    assert!(
        problems[0].message.contains("too large: 30000×30000"),
        "{problems:?}"
    );
    let _ = fs::remove_dir_all(&layout.root);
}

/// Guards against a drawing (SVG, whose size cannot be read as a photograph's) published
/// without the size that reserves its box, or turned into variants.
#[test]
fn a_drawing_keeps_its_file_and_needs_its_size() {
    let svg = br#"<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 4 3"/>"#;
    let layout = project(
        "svg",
        r#"{"src": "images/d.svg", "alt": "رسم"}"#,
        &[("d.svg", svg)],
    );
    let problems: Vec<String> = build(&layout)
        .unwrap_err()
        .iter()
        .map(ToString::to_string)
        .collect();
    assert!(problems.contains(
        &"content/articles/a.json: image.width: give the picture's width in pixels".to_owned()
    ));
    let layout = project(
        "svg-sized",
        r#"{"src": "images/d.svg", "alt": "رسم", "width": 400, "height": 300}"#,
        &[("d.svg", svg)],
    );
    let derived = build(&layout).unwrap();
    let image = published(&layout, &derived).image.unwrap();
    assert!(image.variants.is_empty() && image.placeholder.is_none());
    assert!(derived.pictures.files.is_empty());
    let _ = fs::remove_dir_all(&layout.root);
}

/// Guards against a picture cache that only grows (every replaced photograph's files kept for
/// ever), and against one that forgets a picture in use or removes another run's work.
#[test]
fn the_cache_forgets_pictures_unused_for_a_week_only() {
    let photo = photo();
    let layout = photo_project("prune", &photo);
    let cache = layout.root.join("target/pictures");
    let entries = || -> Vec<PathBuf> {
        let mut found: Vec<PathBuf> = fs::read_dir(&cache)
            .unwrap()
            .map(|e| e.unwrap().path())
            .collect();
        found.sort();
        found
    };
    assert_eq!(build(&layout).unwrap().pictures.encoded, 1);
    let first = entries();
    assert_eq!(first.len(), 1);
    // The picture replaced (the same pixels, a comment more: other bytes).
    let mut replaced = photo[..2].to_vec();
    replaced.extend_from_slice(&[0xFF, 0xFE, 0x00, 0x07, b'n', b'e', b'w', b'!', b'!']);
    replaced.extend_from_slice(&photo[2..]);
    fs::write(layout.root.join("public/images/p.jpg"), &replaced).unwrap();
    let derived = build(&layout).unwrap();
    assert_eq!((derived.pictures.encoded, derived.pictures.removed), (1, 0));
    assert_eq!(entries().len(), 2, "the old picture is kept for a while");

    // A week and a day later, with a run of another process stopped half-way.
    let partial = cache.join("0123.partial-99999");
    fs::create_dir_all(&partial).unwrap();
    fs::write(partial.join("entry.json"), "{}").unwrap();
    let long_ago = SystemTime::now() - Duration::from_secs(8 * 24 * 60 * 60);
    for dir in entries() {
        let file = fs::File::options()
            .append(true)
            .open(dir.join("entry.json"))
            .unwrap();
        file.set_modified(long_ago).unwrap();
    }
    let derived = build(&layout).unwrap();
    assert_eq!((derived.pictures.encoded, derived.pictures.removed), (0, 1));
    let left = entries();
    assert!(
        !left.contains(&first[0]),
        "the replaced picture's files are gone"
    );
    assert!(
        left.contains(&partial),
        "another run's folder is left alone"
    );
    for cached in derived.pictures.files.values() {
        assert!(
            cached.is_file(),
            "{} is kept: the picture is in use",
            cached.display()
        );
    }
    let _ = fs::remove_dir_all(&layout.root);
}

/// Guards against runs sharing the cache (tests of one process, or `make serve`'s hook and a
/// publish) that encode the same new picture at once: each must finish, not fail on the other's
/// half-written files.
#[test]
fn runs_encoding_the_same_picture_at_once_all_finish() {
    let photo = photo();
    let layout = photo_project("together", &photo);
    let results: Vec<_> = std::thread::scope(|scope| {
        let runs: Vec<_> = (0..6).map(|_| scope.spawn(|| build(&layout))).collect();
        runs.into_iter().map(|run| run.join().unwrap()).collect()
    });
    for result in &results {
        let derived = result.as_ref().unwrap();
        for cached in derived.pictures.files.values() {
            assert!(cached.is_file(), "{}", cached.display());
        }
    }
    let _ = fs::remove_dir_all(&layout.root);
}

/// PNG's chunk checksum (CRC-32, ISO 3309).
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
