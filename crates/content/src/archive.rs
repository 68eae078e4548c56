//! An archive read for publishing: every article's metadata in memory, its text left in its
//! file until its published file is made.
//!
//! What [`crate::files::build`] derives holds every article's body twice over (parsed, and in
//! its published JSON): at 100,000 articles, gigabytes. [`load`] reads each file once and checks
//! it whole (the same problems `make content` reports), then keeps of its body only its pictures
//! (completed with their published files by [`crate::pictures`]) and the SHA-256 of the file's
//! bytes; with a cache, a file unchanged since the last publish is not read at all
//! ([`crate::source_cache`]). The listings, the related lists, and the metadata feeds and
//! sitemaps need come from the metadata alone; [`Archive::article`] reads an article's file
//! again when its published file is made, and gives exactly what [`crate::derive()`] gives it.
//! Each article's key ([`Archive::keys`]) tells a publish which published files may have
//! changed.

use crate::source_cache::hex;
use crate::{
    derive::{self, into_newest_first, listings, on_every_core, Listings, RelatedIndex},
    files::{Layout, Lean},
    schema, source,
    source_cache::CacheFile,
    topics::topics,
    ArticleSource, Derived, Problem,
};
use khabar_model::{Article, Block, Summary};
use sha2::{Digest, Sha256};
use std::{fs, path::PathBuf};

/// An archive as [`load`] reads it.
pub struct Archive {
    /// What [`crate::files::build`] derives but the articles' own files (`articles/<slug>.json`)
    /// and the listings' ([`Self::listings`]), with its articles (newest first) without their
    /// bodies.
    pub derived: Derived,
    /// Every listing's page files, made when they are written.
    pub listings: Listings,
    /// Per article of `derived.articles`, in its order.
    entries: Vec<Entry>,
    /// Per article of `derived.articles`: a SHA-256 of what its metadata is made from (see
    /// [`Archive::keys`]).
    keys: Vec<[u8; 32]>,
    /// `content/articles/`.
    dir: PathBuf,
    /// How many article files [`load`] read (the others were unchanged in its cache).
    pub read: usize,
}

struct Entry {
    /// The file's name in `content/articles/`.
    file: String,
    /// The source as ranking needs it (slug, section, tags, picks), its body cut down by
    /// [`pictures_only`].
    source: ArticleSource,
    /// The SHA-256 of the file's bytes as [`load`] read them.
    digest: [u8; 32],
}

/// Reads and checks the content under `layout`, as [`crate::files::build`] does, keeping the
/// articles' metadata only; with `cache`, a file unchanged since the last load is not read
/// again (see [`crate::source_cache`]). Problems name the file and field.
pub fn load(layout: &Layout, cache: Option<&CacheFile>) -> Result<Archive, Vec<Problem>> {
    let Lean {
        corpus,
        digests,
        pictures,
        read,
    } = layout.load_lean(cache)?;
    let (topics, _) = topics(&corpus);
    // On every core: each article's topics are found by its tags' normalised spellings.
    let articles = on_every_core(&corpus.articles, |(_, source)| {
        derive::publish(&corpus, &topics, source, Vec::new())
    });
    let (articles, order) = into_newest_first(articles);
    let (mut derived, listings) = listings(&corpus, topics, articles);
    derived.files.extend(schema::files(&derived.site.url));
    derived.pictures = pictures;
    let mut named: Vec<Option<(String, ArticleSource)>> =
        corpus.articles.into_iter().map(Some).collect();
    let entries: Vec<Entry> = order
        .iter()
        .filter_map(|&i| {
            let (file, mut source) = named[i].take()?;
            let digest = *digests.get(i)?;
            // Of the source, what ranking needs (slug, section, tags, picks) and the pictures of
            // its text: the rest is in its published metadata.
            source.headline = String::new();
            source.subtitle = None;
            source.summary = String::new();
            source.published = String::new();
            source.updated = None;
            source.authors = Vec::new();
            source.image = None;
            source.lang = None;
            Some(Entry {
                file,
                source,
                digest,
            })
        })
        .collect();
    let keys = on_every_core(&(0..entries.len()).collect::<Vec<_>>(), |&i| {
        key(&entries[i], &derived.articles[i])
    });
    Ok(Archive {
        derived,
        listings,
        entries,
        keys,
        dir: layout.root.join("content").join("articles"),
        read,
    })
}

impl Archive {
    /// How many articles it has.
    pub fn len(&self) -> usize {
        self.entries.len()
    }

    /// Whether it has none.
    pub fn is_empty(&self) -> bool {
        self.entries.is_empty()
    }

    /// The related list of the `i`th article, ranked by `index`, which indexes
    /// [`Derived::articles`]: positions in it.
    pub fn related(&self, i: usize, index: &RelatedIndex) -> Vec<usize> {
        self.entries
            .get(i)
            .map(|entry| index.related_positions(&entry.source))
            .unwrap_or_default()
    }

    /// Each article's key (by position in [`Derived::articles`]): a SHA-256 of its file's
    /// bytes, its metadata as published (section and topic names, writers, pictures' files) and
    /// its text's pictures. Its card (in listings and related lists), and its published file but
    /// the related list, are made from these alone.
    pub fn keys(&self) -> &[[u8; 32]] {
        &self.keys
    }

    /// What the `i`th article's published file is made from, as a hex SHA-256: its key and those
    /// of its `related` list (positions), in order. Equal fingerprints, equal published files
    /// (from the same publisher).
    pub fn fingerprint(&self, i: usize, related: &[usize]) -> String {
        let mut hash = Sha256::new();
        for j in std::iter::once(i).chain(related.iter().copied()) {
            hash.update(self.keys.get(j).copied().unwrap_or_default());
        }
        hex(&hash.finalize())
    }

    /// The `i`th article whole, with `related` as its related list: its file read again, and
    /// refused if its bytes are not those [`load`] checked (it changed since: publish again).
    pub fn article(&self, i: usize, related: Vec<Summary>) -> Result<Article, Problem> {
        let (Some(entry), Some(meta)) = (self.entries.get(i), self.derived.articles.get(i)) else {
            return Err(Problem::new("content/articles", "", "no such article"));
        };
        let shown = format!("content/articles/{}", entry.file);
        let text = fs::read_to_string(self.dir.join(&entry.file))
            .map_err(|e| Problem::new(&shown, "", format!("cannot read: {e}")))?;
        if Sha256::digest(text.as_bytes()).as_slice() != entry.digest {
            return Err(Problem::new(
                &shown,
                "",
                "changed while it was being published: publish again",
            ));
        }
        let source: ArticleSource =
            source::from_json(&text).map_err(|e| Problem::new(&shown, e.field, e.message))?;
        let mut body = source.body;
        // The pictures as `load` completed them, at the same places.
        for (block, kept) in body.iter_mut().zip(&entry.source.body) {
            if let (Block::Figure { image }, Block::Figure { image: completed }) = (block, kept) {
                *image = completed.clone();
            }
        }
        let mut article = meta.clone();
        article.body = body;
        article.related = related;
        Ok(article)
    }

    /// What the archive holds besides the articles' text.
    pub fn into_derived(self) -> Derived {
        self.derived
    }
}

/// See [`Archive::keys`].
fn key(entry: &Entry, article: &Article) -> [u8; 32] {
    let mut hash = Sha256::new();
    hash.update(entry.digest);
    for part in [
        serde_json::to_vec(article),
        serde_json::to_vec(&entry.source.body),
    ] {
        hash.update(part.unwrap_or_default());
        hash.update([0]);
    }
    hash.finalize().into()
}

/// A body cut down to its pictures, each where it was: the blocks before the last picture that
/// are not pictures become empty headings, and nothing follows the last picture.
pub fn pictures_only(body: Vec<Block>) -> Vec<Block> {
    let Some(last) = body
        .iter()
        .rposition(|block| matches!(block, Block::Figure { .. }))
    else {
        return Vec::new();
    };
    body.into_iter()
        .take(last + 1)
        .map(|block| match block {
            Block::Figure { .. } => block,
            _ => Block::Heading {
                text: String::new(),
            },
        })
        .collect()
}
