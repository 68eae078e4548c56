//! Writing a published file only when its bytes change, with its `.br`/`.gz` copies: an unchanged
//! file keeps its bytes and its timestamp, so a CDN upload or purge is the list of changed files.

use khabar_compress::{brotli, gzip, Effort};
use std::{
    fs, io,
    path::{Path, PathBuf},
};
use thiserror::Error;

/// A file that could not be read, written or removed.
#[derive(Debug, Error)]
#[error("{path}: {1}", path = .0.display())]
pub struct OutputError(pub PathBuf, pub io::Error);

/// Extensions worth precompressing, as `scripts/postbuild.mjs` has them.
const COMPRESSIBLE: &[&str] = &["html", "json", "xml", "txt", "svg", "css", "js"];

/// Whether a published file gets `.br`/`.gz` copies.
pub fn compressible(path: &str) -> bool {
    Path::new(path)
        .extension()
        .and_then(|e| e.to_str())
        .is_some_and(|e| COMPRESSIBLE.contains(&e))
}

/// Writes `bytes` at `dist/path` (`path` relative, `/`-separated) unless the file holds them
/// already, and its compressed copies when the file changed or has none. Returns the paths
/// written, the copies included.
pub fn put(dist: &Path, path: &str, bytes: &[u8]) -> Result<Vec<String>, OutputError> {
    let target = dist.join(path);
    let mut changed = Vec::new();
    let same = fs::read(&target).is_ok_and(|old| old == bytes);
    if !same {
        if let Some(parent) = target.parent() {
            fs::create_dir_all(parent).map_err(|e| OutputError(parent.to_owned(), e))?;
        }
        fs::write(&target, bytes).map_err(|e| OutputError(target.clone(), e))?;
        changed.push(path.to_owned());
    }
    if !compressible(path) {
        return Ok(changed);
    }
    let copy = |ext: &str| dist.join(format!("{path}.{ext}"));
    // Unchanged and already compressed: the copies were made from these same bytes.
    if same && (copy("br").is_file() || copy("gz").is_file()) {
        return Ok(changed);
    }
    let effort = effort(path);
    for (ext, packed) in [("br", brotli(bytes, effort)), ("gz", gzip(bytes, effort))] {
        let file = copy(ext);
        if packed.len() < bytes.len() {
            if fs::read(&file).is_ok_and(|old| old == packed) {
                continue;
            }
            fs::write(&file, &packed).map_err(|e| OutputError(file.clone(), e))?;
            changed.push(format!("{path}.{ext}"));
        } else if file.is_file() {
            fs::remove_file(&file).map_err(|e| OutputError(file.clone(), e))?;
            changed.push(format!("{path}.{ext}"));
        }
    }
    Ok(changed)
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

/// Removes `dist/path` and its compressed copies. Returns the paths removed.
pub fn remove(dist: &Path, path: &str) -> Result<Vec<String>, OutputError> {
    let mut removed = Vec::new();
    for name in [path.to_owned(), format!("{path}.br"), format!("{path}.gz")] {
        let file = dist.join(&name);
        if file.is_file() {
            fs::remove_file(&file).map_err(|e| OutputError(file.clone(), e))?;
            removed.push(name);
        }
    }
    Ok(removed)
}

/// Every file under `dist/dir` (recursively), as `/`-separated paths relative to `dist`, without
/// the compressed copies. A missing folder has none.
pub fn files_under(dist: &Path, dir: &str) -> Vec<String> {
    let mut found = Vec::new();
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
                Ok(kind) if kind.is_dir() => pending.push(path),
                Ok(_) if !name.ends_with(".br") && !name.ends_with(".gz") => found.push(path),
                _ => {}
            }
        }
    }
    found.sort();
    found
}

#[cfg(test)]
mod tests {
    use super::*;

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
