//! What a publish read of each article's file, kept for the next publish: the file is not read
//! again while it is unchanged.
//!
//! At 100,000 articles, reading and checking every source is most of a one-article publish (the
//! files are gigabytes of text). [`crate::files::Layout::load_lean`] keeps only each source's
//! metadata and pictures ([`crate::archive`]); this module keeps that, with the SHA-256 of the
//! file's bytes, between runs, in a file of its own (`target/publish-sources.jsonl`, one line per
//! article). A file is taken as unchanged when its size, modification time, status-change time
//! and inode are those recorded, as Git's index decides: an edit, a `git checkout` or a copy
//! changes the status-change time even when it restores the modification time, and nothing
//! outside the kernel sets it. A file changed less than [`SETTLING`] before it was read is not
//! kept (a second edit within the file system's timestamp granularity would not show), and a
//! file is kept only when its checks passed. The pictures a kept body names are checked again
//! on every run (a picture's file may have gone).
//!
//! The entries belong to one build of the publisher (its rules may differ from another's): the
//! file's first line names the build, and another build's file is ignored and replaced.

use crate::ArticleSource;
use khabar_model::{Author, Block, Direction, Image};
use serde::{Deserialize, Serialize};
use std::{
    collections::HashMap,
    fs,
    io::{self, BufWriter, Write},
    path::{Path, PathBuf},
    time::{Duration, SystemTime},
};

/// A file modified this recently before it was read is read again next time.
pub const SETTLING: Duration = Duration::from_secs(2);

/// What identifies a file's bytes without reading them.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Stamp {
    len: u64,
    /// Modification time, nanoseconds since 1970.
    modified: i128,
    /// Status-change time, nanoseconds since 1970 (0 where the platform has none).
    changed: i128,
    inode: u64,
}

impl Stamp {
    /// The stamp of a file's metadata, and whether it changed less than [`SETTLING`] before
    /// `now` (so must not be kept).
    pub fn of(meta: &fs::Metadata, now: SystemTime) -> (Self, bool) {
        let nanos = |t: SystemTime| match t.duration_since(SystemTime::UNIX_EPOCH) {
            Ok(d) => d.as_nanos() as i128,
            Err(e) => -(e.duration().as_nanos() as i128),
        };
        let modified = meta.modified().map_or(0, nanos);
        #[cfg(unix)]
        let (changed, inode) = {
            use std::os::unix::fs::MetadataExt;
            (
                i128::from(meta.ctime()) * 1_000_000_000 + i128::from(meta.ctime_nsec()),
                meta.ino(),
            )
        };
        #[cfg(not(unix))]
        let (changed, inode) = (0, 0);
        let settle = nanos(now) - SETTLING.as_nanos() as i128;
        let recent = modified.max(changed) > settle;
        let stamp = Stamp {
            len: meta.len(),
            modified,
            changed,
            inode,
        };
        (stamp, recent)
    }
}

/// One article file as a publish read it.
#[derive(Clone, Debug, Serialize, Deserialize)]
pub struct Entry {
    /// The file's name in `content/articles/`.
    pub file: String,
    /// Its stamp when it was read.
    pub stamp: Stamp,
    /// The SHA-256 of its bytes, hex.
    pub digest: String,
    /// The source, its body cut down to its pictures, before they were completed.
    #[serde(with = "Source")]
    pub source: ArticleSource,
}

/// [`ArticleSource`] as the cache writes it: the model's own forms, not the strict ones
/// authors' files are read with.
#[derive(Serialize, Deserialize)]
#[serde(remote = "ArticleSource")]
struct Source {
    slug: String,
    lang: Option<String>,
    dir: Option<Direction>,
    section: String,
    headline: String,
    subtitle: Option<String>,
    summary: String,
    published: String,
    updated: Option<String>,
    authors: Vec<Author>,
    image: Option<Image>,
    tags: Vec<String>,
    body: Vec<Block>,
    related: Vec<String>,
}

#[derive(Serialize, Deserialize)]
struct Header {
    build: String,
}

/// The entries a publish left, by file name.
#[derive(Debug, Default)]
pub struct SourceCache {
    entries: HashMap<String, Entry>,
    /// How many entries the file holds, those a later line replaced included.
    lines: usize,
    /// Whether its last line lacks its newline (an append was cut short).
    ends_open: bool,
}

impl SourceCache {
    /// The entries at `path` written by `build`; none when the file is missing, unreadable or
    /// another build's. A line that does not parse is left out (its file is read again).
    pub fn open(path: &Path, build: &str) -> Self {
        let Ok(text) = fs::read_to_string(path) else {
            return Self::default();
        };
        let (first, rest) = text.split_once('\n').unwrap_or((&text, ""));
        let ours = serde_json::from_str::<Header>(first).is_ok_and(|header| header.build == build);
        if !ours {
            return Self::default();
        }
        // Parsed on every core: at 100,000 articles the file is some 160 MB.
        let chunks = split_lines(
            rest,
            std::thread::available_parallelism().map_or(1, usize::from),
        );
        let parsed = crate::derive::on_every_core(&chunks, |chunk| {
            chunk
                .lines()
                .filter_map(|line| serde_json::from_str::<Entry>(line).ok())
                .collect::<Vec<_>>()
        });
        // A later line (an append) replaces an earlier one.
        let mut lines = 0;
        let mut entries = HashMap::new();
        for entry in parsed.into_iter().flatten() {
            lines += 1;
            entries.insert(entry.file.clone(), entry);
        }
        Self {
            entries,
            lines,
            ends_open: !text.ends_with('\n'),
        }
    }

    /// How many files it knows.
    pub fn len(&self) -> usize {
        self.entries.len()
    }

    /// Whether it knows none.
    pub fn is_empty(&self) -> bool {
        self.entries.is_empty()
    }

    /// How many entries the file holds, those a later line replaced included: when far more
    /// than the files kept, it is written afresh rather than appended to.
    pub fn lines(&self) -> usize {
        self.lines
    }

    /// Takes out the entry of `file` if the file's stamp is still `stamp`.
    pub fn take(&mut self, file: &str, stamp: &Stamp) -> Option<Entry> {
        let entry = self.entries.remove(file)?;
        (entry.stamp == *stamp).then_some(entry)
    }
}

/// An entry as [`save`] writes it, borrowed from what a load read.
#[derive(Serialize)]
pub struct Saved<'a> {
    /// The file's name in `content/articles/`.
    pub file: &'a str,
    /// Its stamp when it was read.
    pub stamp: Stamp,
    /// The SHA-256 of its bytes, hex.
    pub digest: String,
    /// The source as [`Entry::source`] keeps it.
    #[serde(serialize_with = "borrowed_source")]
    pub source: &'a ArticleSource,
}

fn borrowed_source<S: serde::Serializer>(
    source: &&ArticleSource,
    serializer: S,
) -> Result<S::Ok, S::Error> {
    Source::serialize(source, serializer)
}

/// Where a load keeps what it read, and for which build of the publisher.
#[derive(Clone, Debug)]
pub struct CacheFile {
    /// The file (`target/publish-sources.jsonl`).
    pub path: PathBuf,
    /// The build's identity: another build's file is ignored.
    pub build: String,
}

/// `text` cut into about `parts` pieces of whole lines.
fn split_lines(text: &str, parts: usize) -> Vec<&str> {
    let mut pieces = Vec::new();
    let mut rest = text;
    let size = text.len().div_ceil(parts.max(1)).max(1);
    while !rest.is_empty() {
        let cut = rest
            .get(size.min(rest.len())..)
            .and_then(|tail| tail.find('\n'))
            .map_or(rest.len(), |at| size + at + 1);
        let (piece, tail) = rest.split_at(cut.min(rest.len()));
        pieces.push(piece);
        rest = tail;
    }
    pieces
}

/// Adds `entries` at the end of the file `cache` was opened from (each replaces its file's
/// earlier line): a one-article publish writes one line, not the archive's. A line cut short by
/// a killed run does not parse, and its file is read again.
pub fn append(path: &Path, cache: &SourceCache, entries: &[Saved<'_>]) -> io::Result<()> {
    let mut bytes = Vec::new();
    if cache.ends_open {
        bytes.push(b'\n');
    }
    for entry in entries {
        serde_json::to_writer(&mut bytes, entry)?;
        bytes.push(b'\n');
    }
    fs::OpenOptions::new()
        .append(true)
        .open(path)?
        .write_all(&bytes)
}

/// Writes `entries` to `path` for `build`, replacing it whole (a temporary, then a rename).
pub fn save(path: &Path, build: &str, entries: &[Saved<'_>]) -> io::Result<()> {
    if let Some(parent) = path.parent() {
        fs::create_dir_all(parent)?;
    }
    let temporary = PathBuf::from(format!("{}.tmp", path.display()));
    let written = (|| {
        let mut out = BufWriter::new(fs::File::create(&temporary)?);
        let header = Header {
            build: build.to_owned(),
        };
        serde_json::to_writer(&mut out, &header)?;
        out.write_all(b"\n")?;
        // Written on every core, in order.
        let threads = std::thread::available_parallelism().map_or(1, usize::from);
        let pieces: Vec<&[Saved<'_>]> = entries
            .chunks(entries.len().div_ceil(threads).max(1))
            .collect();
        let written = crate::derive::on_every_core(&pieces, |piece| {
            let mut bytes = Vec::new();
            for entry in piece.iter() {
                serde_json::to_writer(&mut bytes, entry)?;
                bytes.push(b'\n');
            }
            Ok::<_, serde_json::Error>(bytes)
        });
        for bytes in written {
            out.write_all(&bytes?)?;
        }
        out.flush()?;
        drop(out);
        fs::rename(&temporary, path)
    })();
    if written.is_err() {
        let _ = fs::remove_file(&temporary);
    }
    written
}

/// A SHA-256 as hex.
pub fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

/// Hex back to a SHA-256; `None` unless 64 hex digits.
pub fn unhex(text: &str) -> Option<[u8; 32]> {
    let mut out = [0u8; 32];
    if text.len() != 64 {
        return None;
    }
    for (i, byte) in out.iter_mut().enumerate() {
        *byte = u8::from_str_radix(text.get(2 * i..2 * i + 2)?, 16).ok()?;
    }
    Some(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn source(slug: &str, headline: &str) -> ArticleSource {
        ArticleSource {
            slug: slug.to_owned(),
            lang: None,
            dir: None,
            section: "world".to_owned(),
            headline: headline.to_owned(),
            subtitle: None,
            summary: "ملخص".to_owned(),
            published: "2026-11-01T10:00:00+03:00".to_owned(),
            updated: None,
            authors: Vec::new(),
            image: None,
            tags: vec!["سوريا".to_owned()],
            body: Vec::new(),
            related: Vec::new(),
        }
    }

    fn stamp(len: u64) -> Stamp {
        Stamp {
            len,
            modified: 1,
            changed: 2,
            inode: 3,
        }
    }

    fn saved<'a>(file: &'a str, source: &'a ArticleSource, len: u64) -> Saved<'a> {
        Saved {
            file,
            stamp: stamp(len),
            digest: hex(&[7; 32]),
            source,
        }
    }

    /// Guards against a cache that serves another build's reading of a file (its rules may
    /// differ), an entry whose file changed, or the older of two lines for one file.
    #[test]
    fn entries_are_this_builds_and_the_latest() {
        let dir = std::env::temp_dir().join(format!("khabar-source-cache-{}", std::process::id()));
        let path = dir.join("sources.jsonl");
        let (a, b) = (source("a", "أولى"), source("b", "ثانية"));
        save(
            &path,
            "build-1",
            &[saved("a.json", &a, 10), saved("b.json", &b, 20)],
        )
        .unwrap();
        assert!(SourceCache::open(&path, "build-2").is_empty());

        let cache = SourceCache::open(&path, "build-1");
        assert_eq!((cache.len(), cache.lines()), (2, 2));
        let edited = source("a", "أولى بعد التصحيح");
        append(&path, &cache, &[saved("a.json", &edited, 11)]).unwrap();

        let mut cache = SourceCache::open(&path, "build-1");
        assert_eq!((cache.len(), cache.lines()), (2, 3));
        assert!(
            cache.take("a.json", &stamp(10)).is_none(),
            "the file changed"
        );
        let mut cache = SourceCache::open(&path, "build-1");
        let entry = cache.take("a.json", &stamp(11)).unwrap();
        assert_eq!(entry.source, edited);
        assert_eq!(unhex(&entry.digest), Some([7; 32]));
        assert_eq!(cache.take("b.json", &stamp(20)).unwrap().source, b);
        let _ = fs::remove_dir_all(&dir);
    }

    /// Guards against a cache that a run killed while appending leaves unreadable: the line
    /// cut short is dropped (its file is read again) and the next append starts a line of its
    /// own.
    #[test]
    fn a_line_cut_short_costs_only_its_file() {
        let dir = std::env::temp_dir().join(format!("khabar-source-cut-{}", std::process::id()));
        let path = dir.join("sources.jsonl");
        let (a, b) = (source("a", "أولى"), source("b", "ثانية"));
        save(&path, "build", &[saved("a.json", &a, 10)]).unwrap();
        let mut text = fs::read_to_string(&path).unwrap();
        let line = serde_json::to_string(&saved("b.json", &b, 20)).unwrap();
        text.push_str(&line[..line.len() / 2]);
        fs::write(&path, text).unwrap();

        let cache = SourceCache::open(&path, "build");
        assert_eq!(cache.len(), 1);
        append(&path, &cache, &[saved("b.json", &b, 21)]).unwrap();
        let mut cache = SourceCache::open(&path, "build");
        assert_eq!(cache.take("a.json", &stamp(10)).unwrap().source, a);
        assert_eq!(cache.take("b.json", &stamp(21)).unwrap().source, b);
        let _ = fs::remove_dir_all(&dir);
    }

    /// Guards against a file cut for parsing on every core losing or splitting a line.
    #[test]
    fn every_line_is_in_one_piece() {
        let text: String = (0..1000).map(|i| format!("line {i}\n")).collect();
        for parts in [1, 2, 3, 7, 5000] {
            let pieces = split_lines(&text, parts);
            assert_eq!(pieces.concat(), text);
            assert!(pieces.iter().all(|p| p.ends_with('\n')));
        }
        assert!(split_lines("", 2).is_empty());
    }
}
