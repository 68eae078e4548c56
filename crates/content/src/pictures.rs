//! The site's photographs made fit to publish: every JPEG, PNG, WebP or GIF an article shows is
//! read by `khabar-imageproc`, its real size (upright), placeholder colour and published files
//! written into the article (for a lead picture, also the files of its 16:9 middle, which cards
//! show), and its files kept in a cache outside the bundle.
//!
//! The cache (`target/pictures/` by default) is keyed by the SHA-256 of the original's bytes,
//! its file name and the encoder's settings, never by dates: a picture is encoded once, and a
//! fresh `make build` or another publish finds it there. A drawing (SVG) or a picture elsewhere
//! (`https://`) is served as it is, with the size its author gives.
//!
//! A run marks the entries it uses (their `entry.json`'s modification time) and removes those no
//! run has used for [`KEEP_UNUSED`]: the files of replaced and removed pictures, and of settings no
//! longer used, do not pile up, while a picture put back within a week is not encoded again.

use crate::{Corpus, Problem};
use khabar_imageproc::{Format, Plan};
use khabar_model::{links::is_site_image, Block, Image, ImageFormat, Variant};
use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};
use std::{
    collections::{BTreeMap, BTreeSet},
    fs, io,
    path::{Path, PathBuf},
    sync::atomic::{AtomicUsize, Ordering},
    time::{Duration, SystemTime},
};

/// How long a cached picture no run uses is kept.
pub const KEEP_UNUSED: Duration = Duration::from_secs(7 * 24 * 60 * 60);

/// What [`prepare`] found and made.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Pictures {
    /// The published files of every picture: their path in the bundle
    /// (`images/a-320-….webp`) and the cached file holding their bytes.
    pub files: BTreeMap<String, PathBuf>,
    /// How many pictures were encoded, not found in the cache.
    pub encoded: usize,
    /// How many cached pictures were removed, unused for [`KEEP_UNUSED`].
    pub removed: usize,
}

/// Whether `src` names a picture of the site that is published as variants: a JPEG, PNG, WebP
/// or GIF under `images/` (by its extension).
pub fn is_photo(src: &str) -> bool {
    is_site_image(src)
        && src.rsplit_once('.').is_some_and(|(_, ext)| {
            ["jpg", "jpeg", "png", "webp", "gif"]
                .iter()
                .any(|known| ext.eq_ignore_ascii_case(known))
        })
}

/// What the cache keeps of a picture besides its files' bytes.
#[derive(Debug, Serialize, Deserialize)]
struct Entry {
    width: u32,
    height: u32,
    placeholder: Option<String>,
    variants: Vec<Variant>,
    /// The files of its 16:9 middle, for a lead picture that is not 16:9.
    #[serde(default)]
    card: Vec<Variant>,
}

/// Reads (or finds in `cache`) every photograph of `corpus` under `public`, completes each
/// article's [`Image`] with its real size, placeholder and variants, and returns the files to
/// publish. A picture that cannot be published is a problem of every article showing it.
pub fn prepare(corpus: &mut Corpus, public: &Path, cache: &Path) -> Result<Pictures, Vec<Problem>> {
    let sources: Vec<String> = images(corpus)
        .filter(|(_, _, image)| is_photo(&image.src))
        .map(|(_, _, image)| image.src.clone())
        .collect::<BTreeSet<_>>()
        .into_iter()
        .collect();
    // A picture some article leads with is shown by cards too.
    let leads: BTreeSet<&str> = corpus
        .articles
        .iter()
        .filter_map(|(_, article)| article.image.as_ref())
        .map(|image| image.src.as_str())
        .collect();
    let next = AtomicUsize::new(0);
    let threads = std::thread::available_parallelism()
        .map_or(1, usize::from)
        .min(sources.len())
        .max(1);
    // Encoding takes one core per picture: as many pictures at once as there are cores.
    let done: Vec<(String, Result<Found, String>)> = std::thread::scope(|scope| {
        let workers: Vec<_> = (0..threads)
            .map(|_| {
                scope.spawn(|| {
                    let mut mine = Vec::new();
                    while let Some(src) = sources.get(next.fetch_add(1, Ordering::Relaxed)) {
                        let lead = leads.contains(src.as_str());
                        mine.push((src.clone(), picture(public, cache, src, lead)));
                    }
                    mine
                })
            })
            .collect();
        workers
            .into_iter()
            .flat_map(|w| w.join().unwrap_or_default())
            .collect()
    });
    let mut pictures = Pictures::default();
    let mut entries = BTreeMap::new();
    let mut failed = BTreeMap::new();
    for (src, result) in done {
        match result {
            Ok(Found {
                dir,
                entry,
                encoded,
            }) => {
                for (name, variant) in stored(&entry) {
                    pictures.files.insert(variant.file.clone(), dir.join(name));
                }
                pictures.encoded += usize::from(encoded);
                entries.insert(src, entry);
            }
            Err(reason) => {
                failed.insert(src, reason);
            }
        }
    }
    let mut problems = Vec::new();
    for (file, field, image) in images_mut(corpus) {
        if let Some(reason) = failed.get(&image.src) {
            problems.push(Problem::new(
                format!("content/articles/{file}"),
                format!("{field}.src"),
                format!("public/{}: {reason}", image.src),
            ));
        } else if let Some(entry) = entries.get(&image.src) {
            image.width = entry.width;
            image.height = entry.height;
            image.placeholder = entry.placeholder.clone();
            image.variants = entry.variants.clone();
            image.card_variants = if field == "image" {
                entry.card.clone()
            } else {
                Vec::new()
            };
        }
    }
    if sources.len() > entries.len() + failed.len() {
        problems.push(Problem::new(
            "public/images",
            "",
            "a picture could not be read",
        ));
    }
    if problems.is_empty() {
        pictures.removed = prune(cache, SystemTime::now());
        Ok(pictures)
    } else {
        Err(problems)
    }
}

/// Removes the cache's entries last used before `now` less [`KEEP_UNUSED`]; the count removed.
/// Best effort: what cannot be read or removed stays. A folder being written (`.partial-…`) or
/// without an entry is another run's, still at work or stopped half-way, and is left alone.
fn prune(cache: &Path, now: SystemTime) -> usize {
    let Ok(folders) = fs::read_dir(cache) else {
        return 0;
    };
    let before = now
        .checked_sub(KEEP_UNUSED)
        .unwrap_or(SystemTime::UNIX_EPOCH);
    folders
        .filter_map(Result::ok)
        .filter(|folder| !folder.file_name().to_string_lossy().contains(".partial-"))
        .filter(|folder| {
            fs::metadata(folder.path().join("entry.json"))
                .and_then(|m| m.modified())
                .is_ok_and(|used| used < before)
        })
        .filter(|folder| fs::remove_dir_all(folder.path()).is_ok())
        .count()
}

/// Marks an entry used now (see [`prune`]).
fn mark_used(dir: &Path) {
    if let Ok(file) = fs::File::options()
        .append(true)
        .open(dir.join("entry.json"))
    {
        let _ = file.set_modified(SystemTime::now());
    }
}

/// A picture's entry and where its files are.
struct Found {
    dir: PathBuf,
    entry: Entry,
    /// Not in the cache: encoded by this run.
    encoded: bool,
}

/// The encoder's plan for `src`: with the card's files when an article leads with it.
fn plan(src: &str, lead: bool) -> Plan {
    if lead {
        Plan::with_card(stem(src))
    } else {
        Plan::new(stem(src))
    }
}

/// The files of an entry with the names they are kept under in its folder.
fn stored(entry: &Entry) -> impl Iterator<Item = (String, &Variant)> {
    let whole = entry
        .variants
        .iter()
        .enumerate()
        .map(|(i, v)| (i.to_string(), v));
    let card = entry
        .card
        .iter()
        .enumerate()
        .map(|(i, v)| (format!("card-{i}"), v));
    whole.chain(card)
}

fn key(bytes: &[u8], src: &str, lead: bool) -> String {
    let mut hash = Sha256::new();
    hash.update(bytes);
    hash.update(b"\n");
    hash.update(src.as_bytes());
    hash.update(b"\n");
    hash.update(plan(src, lead).settings().as_bytes());
    crate::source_cache::hex(&hash.finalize())
}

/// `images/photos/a.jpg` → `photos/a`: the variants' names start with it.
fn stem(src: &str) -> &str {
    let path = src.strip_prefix("images/").unwrap_or(src);
    path.rsplit_once('.').map_or(path, |(stem, _)| stem)
}

/// One picture, from the cache or encoded into it.
fn picture(public: &Path, cache: &Path, src: &str, lead: bool) -> Result<Found, String> {
    let bytes = fs::read(public.join(src)).map_err(|e| format!("cannot read: {e}"))?;
    let dir = cache.join(key(&bytes, src, lead));
    if let Some(entry) = cached(&dir) {
        mark_used(&dir);
        return Ok(Found {
            dir,
            entry,
            encoded: false,
        });
    }
    let processed =
        khabar_imageproc::process(&bytes, &plan(src, lead)).map_err(|e| e.to_string())?;
    let facts = processed.facts;
    let published = |variants: &[khabar_imageproc::Variant]| -> Vec<Variant> {
        variants
            .iter()
            .map(|v| Variant {
                file: format!("images/{}", v.name),
                width: v.width,
                format: match v.format {
                    Format::WebP => ImageFormat::Webp,
                    Format::Jpeg => ImageFormat::Jpeg,
                    Format::Png => ImageFormat::Png,
                },
            })
            .collect()
    };
    let entry = Entry {
        width: facts.width,
        height: facts.height,
        // The colour shows through a transparent picture: only opaque ones get one.
        placeholder: (!facts.has_alpha).then_some(facts.placeholder),
        variants: published(&processed.variants),
        card: published(&processed.card),
    };
    // Written whole under another name, then renamed: a run stopped half-way leaves no entry.
    let store = || -> io::Result<()> {
        // A name no other writer uses, in this process or another: two tests of one process (or
        // two runs) encoding the same picture each write their own folder, and one rename wins.
        static WRITES: AtomicUsize = AtomicUsize::new(0);
        let partial = dir.with_extension(format!(
            "partial-{}-{}",
            std::process::id(),
            WRITES.fetch_add(1, Ordering::Relaxed)
        ));
        let _ = fs::remove_dir_all(&partial);
        fs::create_dir_all(&partial)?;
        let encoded = processed.variants.iter().chain(&processed.card);
        for ((name, _), variant) in stored(&entry).zip(encoded) {
            fs::write(partial.join(name), &variant.bytes)?;
        }
        let text = serde_json::to_string(&entry).map_err(io::Error::other)?;
        fs::write(partial.join("entry.json"), text)?;
        match fs::rename(&partial, &dir) {
            // Another run stored it first: the same bytes.
            Err(_) if cached(&dir).is_some() => fs::remove_dir_all(&partial),
            result => result,
        }
    };
    store().map_err(|e| format!("cannot keep its variants in {}: {e}", cache.display()))?;
    Ok(Found {
        dir,
        entry,
        encoded: true,
    })
}

/// The entry in `dir`, if it is whole.
fn cached(dir: &Path) -> Option<Entry> {
    let entry: Entry =
        serde_json::from_str(&fs::read_to_string(dir.join("entry.json")).ok()?).ok()?;
    let whole = stored(&entry).all(|(name, _)| dir.join(name).is_file());
    whole.then_some(entry)
}

/// Every picture of the corpus: the article's file, the field (`image`, `body[3].image`), the
/// picture.
fn images(corpus: &Corpus) -> impl Iterator<Item = (&str, String, &Image)> {
    corpus.articles.iter().flat_map(|(file, article)| {
        let lead = article.image.iter().map(|i| ("image".to_owned(), i));
        let figures = article
            .body
            .iter()
            .enumerate()
            .filter_map(|(n, block)| match block {
                Block::Figure { image } => Some((format!("body[{n}].image"), image)),
                _ => None,
            });
        lead.chain(figures)
            .map(move |(field, image)| (file.as_str(), field, image))
    })
}

fn images_mut(corpus: &mut Corpus) -> impl Iterator<Item = (&str, String, &mut Image)> {
    corpus.articles.iter_mut().flat_map(|(file, article)| {
        let file: &str = file;
        let lead = article.image.iter_mut().map(|i| ("image".to_owned(), i));
        let figures = article
            .body
            .iter_mut()
            .enumerate()
            .filter_map(|(n, block)| match block {
                Block::Figure { image } => Some((format!("body[{n}].image"), image)),
                _ => None,
            });
        lead.chain(figures)
            .map(move |(field, image)| (file, field, image))
    })
}
