//! Writing published files: a file is written only when its bytes change, with its `.br`/`.gz`
//! copies, so an unchanged file keeps its bytes and its timestamp and a CDN upload or purge is
//! the list of changed files. A run may be stopped anywhere (an error, `kill -9`), and the next
//! one must still leave the bundle exactly as an uninterrupted run would, and report everything
//! the stopped run changed, since that run never got to report it. Three rules make it so:
//!
//! - **Every write is atomic** ([`write_atomic`]): the bytes go to a hidden temporary name in the
//!   same folder ([`is_temporary`]: never served, never listed by [`files_under`]), which is then
//!   renamed over the file. A reader, a host or the next run sees the old file or the new one,
//!   never a truncated one. A killed run's temporaries are removed by the next (see
//!   [`Listing::temporaries`]).
//! - **Nothing is written before the journal names it.** [`Output`] appends each path it is about
//!   to write or remove to `dist/.khabar-publish.journal` (one line, before the rename), and the
//!   journal is deleted only once the run is over and its report delivered ([`Output::settle`]).
//!   A journal found at the start is the list of files an unfinished run may have changed and
//!   never reported: [`Output::unsettled`]. It is kept, and added to, until a run settles, so a
//!   run stopped after another stopped run still covers both.
//! - **A compressed copy is trusted only when it is known to match.** A copy is left as it is only
//!   when its file's bytes are unchanged *and* no unfinished run may have touched the file or its
//!   copies (no journal line names them); every other copy is made again from the bytes and
//!   compared. Outside the journal, a file and its copies are as the last finished run left them,
//!   which made the copies from those bytes. Checking every copy instead (decompressing it) would
//!   read the whole archive's copies on every publish; the journal makes the check cost nothing
//!   when the last run finished.
//!
//! What this does not cover: a machine that loses power (nothing is `fsync`ed, so the journal
//! and the renames may not reach the disk in order), and two publishes into one bundle at once.

use crate::source_cache::hex;
use khabar_compress::{brotli, gzip, Effort};
use sha2::{Digest, Sha256};
use std::{
    collections::BTreeSet,
    fs,
    io::{self, Write},
    path::{Path, PathBuf},
    sync::Mutex,
};
use thiserror::Error;

/// A file that could not be read, written or removed.
#[derive(Debug, Error)]
#[error("{path}: {1}", path = .0.display())]
pub struct OutputError(pub PathBuf, pub io::Error);

/// Extensions worth precompressing, as `scripts/postbuild.mjs` has them.
const COMPRESSIBLE: &[&str] = &["html", "json", "xml", "txt", "svg", "css", "js"];

/// The journal of the run under way, in the bundle: hidden, so never served.
pub const JOURNAL: &str = ".khabar-publish.journal";

/// How a temporary file's name ends; it also starts with a dot.
const TEMPORARY: &str = ".khabar-tmp";

/// Whether a published file gets `.br`/`.gz` copies.
pub fn compressible(path: &str) -> bool {
    Path::new(path)
        .extension()
        .and_then(|e| e.to_str())
        .is_some_and(|e| COMPRESSIBLE.contains(&e))
}

/// Whether a file name is one [`write_atomic`] writes before its rename: hidden (nginx and static
/// hosts do not serve dot files) and ending in `.khabar-tmp`.
pub fn is_temporary(name: &str) -> bool {
    name.starts_with('.') && name.ends_with(TEMPORARY)
}

/// The name of the temporary [`write_atomic`] writes before renaming it to `name`.
pub fn temporary_name(name: &str) -> String {
    format!(".{name}{TEMPORARY}")
}

/// Replaces `file` with `bytes` whole: written under a temporary name in the same folder (so on
/// the same file system), then renamed over it. The temporary is removed if the write fails;
/// one left by a killed process is removed by the next publish.
pub fn write_atomic(file: &Path, bytes: &[u8]) -> Result<(), OutputError> {
    let name = file
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .ok_or_else(|| OutputError(file.to_owned(), io::ErrorKind::InvalidInput.into()))?;
    let temporary = file.with_file_name(temporary_name(&name));
    let written = fs::write(&temporary, bytes)
        .map_err(|e| OutputError(temporary.clone(), e))
        .and_then(|()| fs::rename(&temporary, file).map_err(|e| OutputError(file.to_owned(), e)));
    if written.is_err() {
        let _ = fs::remove_file(&temporary);
    }
    written
}

/// Writes and removes published files in a bundle, journalled (see the module's documentation).
/// Shared by the threads of a publish.
#[derive(Debug)]
pub struct Output {
    dist: PathBuf,
    /// The journal's lines when this run began.
    unsettled: BTreeSet<String>,
    /// The journal, opened for appending at the first write.
    journal: Mutex<Journal>,
}

#[derive(Debug)]
struct Journal {
    file: Option<fs::File>,
    /// A killed run may have left a last line without its newline.
    ends_open: bool,
}

impl Output {
    /// Starts writing into `dist`, reading the journal an unfinished run left there.
    pub fn open(dist: &Path) -> Result<Self, OutputError> {
        let path = dist.join(JOURNAL);
        let text = match fs::read_to_string(&path) {
            Ok(text) => text,
            Err(e) if e.kind() == io::ErrorKind::NotFound => String::new(),
            Err(e) => return Err(OutputError(path, e)),
        };
        // A line is written whole before its file is touched; an unfinished last line (never
        // seen in practice: one short write) names nothing that was written.
        let complete = text.rfind('\n').map_or("", |end| &text[..end]);
        Ok(Self {
            dist: dist.to_owned(),
            unsettled: complete
                .lines()
                .filter(|line| !line.is_empty())
                .map(str::to_owned)
                .collect(),
            journal: Mutex::new(Journal {
                file: None,
                ends_open: !text.is_empty() && !text.ends_with('\n'),
            }),
        })
    }

    /// The files (`.br`/`.gz` copies named on their own) that an unfinished run may have written
    /// or removed: their bytes may differ from what the last finished run reported, and a copy
    /// among them may not match its file.
    pub fn unsettled(&self) -> &BTreeSet<String> {
        &self.unsettled
    }

    /// Whether an unfinished run may have written or removed `path` or one of its copies.
    pub fn is_unsettled(&self, path: &str) -> bool {
        !self.unsettled.is_empty()
            && (self.unsettled.contains(path)
                || self.unsettled.contains(&format!("{path}.br"))
                || self.unsettled.contains(&format!("{path}.gz")))
    }

    /// Names `path` in the journal: from here on it may change.
    fn note(&self, path: &str) -> Result<(), OutputError> {
        let journal_path = self.dist.join(JOURNAL);
        let fail = |e: io::Error| OutputError(journal_path.clone(), e);
        let mut journal = self
            .journal
            .lock()
            .map_err(|_| fail(io::Error::other("a writing thread panicked")))?;
        let mut line = String::with_capacity(path.len() + 2);
        if journal.ends_open {
            line.push('\n');
        }
        line.push_str(path);
        line.push('\n');
        if journal.file.is_none() {
            let file = fs::OpenOptions::new()
                .create(true)
                .append(true)
                .open(&journal_path)
                .map_err(fail)?;
            journal.file = Some(file);
        }
        if let Some(file) = journal.file.as_mut() {
            // One write: the line is in the journal before the file is renamed into place.
            file.write_all(line.as_bytes()).map_err(fail)?;
        }
        journal.ends_open = false;
        Ok(())
    }

    /// Writes `bytes` at `dist/path` (`path` relative, `/`-separated) unless the file holds them
    /// already, and its compressed copies unless they are known to have been made from these
    /// bytes (see the module's documentation). Returns the paths written, the copies included.
    pub fn put(&self, path: &str, bytes: &[u8]) -> Result<Vec<String>, OutputError> {
        let target = self.dist.join(path);
        let mut changed = Vec::new();
        let same = fs::read(&target).is_ok_and(|old| old == bytes);
        if !same {
            if let Some(parent) = target.parent() {
                fs::create_dir_all(parent).map_err(|e| OutputError(parent.to_owned(), e))?;
            }
            self.note(path)?;
            write_atomic(&target, bytes)?;
            changed.push(path.to_owned());
        }
        if !compressible(path) {
            return Ok(changed);
        }
        let copy = |ext: &str| self.dist.join(format!("{path}.{ext}"));
        // The file kept its bytes since the last finished run, which made these copies from them.
        if same && !self.is_unsettled(path) && (copy("br").is_file() || copy("gz").is_file()) {
            return Ok(changed);
        }
        let effort = effort(path);
        for (ext, packed) in [("br", brotli(bytes, effort)), ("gz", gzip(bytes, effort))] {
            let file = copy(ext);
            let name = format!("{path}.{ext}");
            if packed.len() < bytes.len() {
                if fs::read(&file).is_ok_and(|old| old == packed) {
                    continue;
                }
                self.note(&name)?;
                write_atomic(&file, &packed)?;
                changed.push(name);
            } else if file.is_file() {
                self.note(&name)?;
                fs::remove_file(&file).map_err(|e| OutputError(file.clone(), e))?;
                changed.push(name);
            }
        }
        Ok(changed)
    }

    /// [`Self::put`] for a file whose bytes' SHA-256 (hex) the last finished run recorded as
    /// `last`: when these bytes have that hash, the file is not read to compare them (outside
    /// the journal, a file is as the last finished run left it). Returns the paths written and
    /// the hash to record.
    pub fn put_recorded(
        &self,
        path: &str,
        bytes: &[u8],
        last: Option<&str>,
    ) -> Result<(Vec<String>, String), OutputError> {
        let hash = hex(&Sha256::digest(bytes));
        if last == Some(hash.as_str()) && !self.is_unsettled(path) && self.dist.join(path).is_file()
        {
            return Ok((Vec::new(), hash));
        }
        Ok((self.put(path, bytes)?, hash))
    }

    /// Removes `dist/path` and its compressed copies, and the folders that leaves empty (a
    /// taken-down article's `article/<slug>/`: a host could answer for an empty folder).
    /// Returns the paths removed.
    pub fn remove(&self, path: &str) -> Result<Vec<String>, OutputError> {
        let mut removed = Vec::new();
        for name in [path.to_owned(), format!("{path}.br"), format!("{path}.gz")] {
            let file = self.dist.join(&name);
            if file.is_file() {
                self.note(&name)?;
                fs::remove_file(&file).map_err(|e| OutputError(file.clone(), e))?;
                removed.push(name);
            }
        }
        let mut folder = Path::new(path).parent();
        while let Some(dir) = folder.filter(|dir| !dir.as_os_str().is_empty()) {
            // Fails, and so stops, at the first folder that holds anything.
            if fs::remove_dir(self.dist.join(dir)).is_err() {
                break;
            }
            folder = dir.parent();
        }
        Ok(removed)
    }

    /// Ends the run: every file is as it should be and the changes are reported (to whoever
    /// needed them: call this only after), so the journal goes.
    pub fn settle(self) -> Result<(), OutputError> {
        let path = self.dist.join(JOURNAL);
        drop(self.journal);
        match fs::remove_file(&path) {
            Err(e) if e.kind() != io::ErrorKind::NotFound => Err(OutputError(path, e)),
            _ => Ok(()),
        }
    }
}

/// The best compression for the fixed set of site-wide files (home, sections and their first
/// listing pages, the not-found page); a faster one for everything whose number or size grows
/// with the archive (articles, later listing pages, feeds, sitemaps), which would otherwise take
/// minutes to compress on a site of thousands of articles.
pub fn effort(path: &str) -> Effort {
    let site_wide = matches!(path, "index.html" | "404.html" | "robots.txt")
        || path.starts_with("api/schema/")
        || path
            .strip_prefix("section/")
            .is_some_and(|rest| rest.ends_with("/index.html") && rest.matches('/').count() == 1)
        || path
            .strip_prefix("api/")
            .and_then(|rest| rest.strip_suffix(".json"))
            .is_some_and(|name| {
                let name = name.strip_prefix("sections/").unwrap_or(name);
                matches!(name, "index" | "site")
                    || (!name.contains('/')
                        && !is_later_page(name)
                        && path.starts_with("api/sections/"))
            });
    if site_wide {
        Effort::Best
    } else {
        Effort::Fast
    }
}

/// `index-2`, `news-12`: a listing page after the first.
fn is_later_page(name: &str) -> bool {
    name.rsplit_once('-')
        .is_some_and(|(_, n)| !n.is_empty() && n.bytes().all(|b| b.is_ascii_digit()))
}

/// The files a folder holds, as [`scan`] finds them.
#[derive(Debug, Default)]
pub struct Listing {
    /// Published files, as `/`-separated paths relative to the bundle, without the compressed
    /// copies and the temporaries, sorted.
    pub files: Vec<String>,
    /// Temporaries a killed run left (see [`is_temporary`]): nothing reads them, and the next
    /// publish removes them.
    pub temporaries: Vec<String>,
}

/// The files in `dist/dir`, and in its folders when `recursive`. A missing folder has none.
pub fn scan(dist: &Path, dir: &str, recursive: bool) -> Listing {
    let mut listing = Listing::default();
    let mut pending = vec![dir.to_owned()];
    while let Some(dir) = pending.pop() {
        let Ok(entries) = fs::read_dir(dist.join(&dir)) else {
            continue;
        };
        for entry in entries.filter_map(Result::ok) {
            let name = entry.file_name().to_string_lossy().into_owned();
            let path = if dir.is_empty() {
                name.clone()
            } else {
                format!("{dir}/{name}")
            };
            match entry.file_type() {
                Ok(kind) if kind.is_dir() && recursive => pending.push(path),
                Ok(kind) if kind.is_dir() => {}
                Ok(_) if is_temporary(&name) => listing.temporaries.push(path),
                Ok(_) if !name.ends_with(".br") && !name.ends_with(".gz") => {
                    listing.files.push(path);
                }
                _ => {}
            }
        }
    }
    listing.files.sort();
    listing.temporaries.sort();
    listing
}

/// Every file under `dist/dir` (recursively), as `/`-separated paths relative to `dist`, without
/// the compressed copies and temporaries. A missing folder has none.
pub fn files_under(dist: &Path, dir: &str) -> Vec<String> {
    scan(dist, dir, true).files
}

#[cfg(test)]
mod tests {
    use super::*;

    fn bundle(name: &str) -> PathBuf {
        let dist =
            std::env::temp_dir().join(format!("khabar-output-{}-{name}", std::process::id()));
        let _ = fs::remove_dir_all(&dist);
        fs::create_dir_all(&dist).unwrap();
        dist
    }

    /// Guards against trusting a compressed copy because its file kept its bytes: a run killed
    /// between writing a file and its copies (or two such runs, one undoing the other's file)
    /// leaves copies of other bytes beside an unchanged file.
    #[test]
    fn a_copy_an_unfinished_run_may_have_touched_is_made_again() {
        let dist = bundle("copies");
        let text = "<p>نص</p>".repeat(200);
        let out = Output::open(&dist).unwrap();
        assert_eq!(
            out.put("a.html", text.as_bytes()).unwrap(),
            ["a.html", "a.html.br", "a.html.gz"]
        );
        out.settle().unwrap();
        assert!(!dist.join(JOURNAL).exists());
        // Nothing changed, no journal: nothing is written.
        let out = Output::open(&dist).unwrap();
        assert!(out.put("a.html", text.as_bytes()).unwrap().is_empty());

        // A stopped run wrote other bytes' copy, and named it first.
        out.note("a.html.br").unwrap();
        fs::write(dist.join("a.html.br"), brotli(b"older", Effort::Fast)).unwrap();
        drop(out);
        let out = Output::open(&dist).unwrap();
        assert!(out.is_unsettled("a.html"));
        assert_eq!(out.put("a.html", text.as_bytes()).unwrap(), ["a.html.br"]);
        assert_eq!(
            fs::read(dist.join("a.html.br")).unwrap(),
            brotli(text.as_bytes(), effort("a.html"))
        );
        out.settle().unwrap();
        let _ = fs::remove_dir_all(&dist);
    }

    /// Guards against a killed run's half-written file being served or published: files are
    /// replaced by a rename, and a leftover temporary is hidden and not a published file.
    #[test]
    fn a_write_is_a_rename_and_its_temporary_is_never_listed() {
        let dist = bundle("atomic");
        fs::create_dir_all(dist.join("article/x")).unwrap();
        write_atomic(&dist.join("article/x/index.html"), b"whole").unwrap();
        fs::write(dist.join("article/x/.index.html.khabar-tmp"), b"half").unwrap();
        let listing = scan(&dist, "article", true);
        assert_eq!(listing.files, ["article/x/index.html"]);
        assert_eq!(listing.temporaries, ["article/x/.index.html.khabar-tmp"]);
        assert_eq!(
            fs::read(dist.join("article/x/index.html")).unwrap(),
            b"whole"
        );
        let _ = fs::remove_dir_all(&dist);
    }

    /// Guards against the first-load files of every reader losing their best compression, or
    /// the archive's thousands of files taking brotli 11's minutes.
    #[test]
    fn site_wide_files_get_the_best_compression_and_the_archive_a_fast_one() {
        for path in [
            "index.html",
            "404.html",
            "section/news/index.html",
            "api/index.json",
            "api/site.json",
            "api/sections/news.json",
        ] {
            assert_eq!(effort(path), Effort::Best, "{path}");
        }
        for path in [
            "article/a/index.html",
            "api/articles/a.json",
            "api/index-2.json",
            "api/sections/news-2.json",
            "feed.xml",
            "section/news/feed.xml",
            "sitemap.xml",
        ] {
            assert_eq!(effort(path), Effort::Fast, "{path}");
        }
    }
}
