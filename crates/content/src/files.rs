//! Reading the sources from disk and writing or checking the derived files.

use crate::{
    derive, index_html,
    pictures::{self, Pictures},
    schema,
    source::{self, ArticleSource, ParseError, SiteFile},
    source_cache::{self, CacheFile, Saved, SourceCache, Stamp},
    validate::{validate, validate_body, validate_own, validate_pictures, validate_without_bodies},
    Corpus, Derived, Problem,
};
use sha2::{Digest, Sha256};
use std::{
    fs,
    path::{Path, PathBuf},
    time::SystemTime,
};

/// An article source with its file name.
type Named = (String, ArticleSource);

/// What [`Layout::load_sources`] reads: the sources, their files' SHA-256 (lean loads) and how
/// many article files were read.
struct Sources {
    corpus: Corpus,
    digests: Vec<[u8; 32]>,
    read: usize,
}

/// An article file to load: its name, and when a cache is kept, its stamp (and whether it
/// changed too recently to be kept) and what the cache kept of it while unchanged.
struct Job {
    name: String,
    stamp: Option<(Stamp, bool)>,
    kept: Option<source_cache::Entry>,
}

/// An article source as loaded.
struct Read {
    named: Named,
    /// Its file's SHA-256 (lean loads only).
    digest: Option<[u8; 32]>,
    /// Whether the file was read (not taken from the cache).
    fresh: bool,
    /// The stamp to keep it under in the cache: none when not to be kept.
    keep: Option<Stamp>,
}

/// Reads and checks one article file, or takes it from the cache. Lean: its body is checked and
/// cut down to its pictures, and its SHA-256 kept.
fn read_source(
    dir: &Path,
    job: &mut Job,
    lean: bool,
    image_exists: &dyn Fn(&str) -> bool,
    problems: &mut Vec<Problem>,
) -> Option<Read> {
    let name = &job.name;
    if let Some(kept) = job.kept.take() {
        if let Some(digest) = source_cache::unhex(&kept.digest) {
            let found = validate_pictures(name, &kept.source.body, image_exists);
            let keep = found.is_empty().then_some(kept.stamp);
            problems.extend(found);
            return Some(Read {
                named: (name.clone(), kept.source),
                digest: Some(digest),
                fresh: false,
                keep,
            });
        }
    }
    let shown = format!("content/articles/{name}");
    let text = read_text(&dir.join(name), &shown, problems)?;
    let mut article: ArticleSource = source::from_json(&text)
        .map_err(|e| problems.push(Problem::new(&shown, e.field, e.message)))
        .ok()?;
    let mut keep = None;
    let digest = if lean {
        let mut found = validate_own(name, &article);
        found.extend(validate_body(name, &article.body, image_exists));
        if found.is_empty() {
            keep = job
                .stamp
                .filter(|(_, recent)| !recent)
                .map(|(stamp, _)| stamp);
        }
        problems.extend(found);
        article.body = crate::archive::pictures_only(std::mem::take(&mut article.body));
        Some(Sha256::digest(text.as_bytes()).into())
    } else {
        None
    };
    Some(Read {
        named: (name.clone(), article),
        digest,
        fresh: true,
        keep,
    })
}

/// What [`Layout::load_lean`] reads.
pub struct Lean {
    /// The sources, each body cut down to its pictures (by [`Layout::load_lean`]).
    pub corpus: Corpus,
    /// The SHA-256 of each article's file, in `corpus.articles`' order (none when the bodies
    /// were kept).
    pub digests: Vec<[u8; 32]>,
    /// The pictures' files to publish.
    pub pictures: Pictures,
    /// How many article files were read (the others were unchanged in the cache).
    pub read: usize,
}

/// Where the content lives: `content/` for sources, `public/` for what is published.
#[derive(Clone, Debug)]
pub struct Layout {
    /// The project directory.
    pub root: PathBuf,
}

impl Layout {
    fn content(&self) -> PathBuf {
        self.root.join("content")
    }

    /// `public/api/`, where derived files go.
    pub fn api(&self) -> PathBuf {
        self.root.join("public").join("api")
    }

    /// `target/publish-sources.jsonl`, where a publish keeps what it read of each article's file
    /// (see [`crate::source_cache`]).
    pub fn source_cache(&self) -> PathBuf {
        self.root.join("target").join("publish-sources.jsonl")
    }

    /// `target/pictures/`, where the pictures' published files are kept between runs.
    pub fn picture_cache(&self) -> PathBuf {
        self.root.join("target").join("pictures")
    }

    /// Reads and checks every source, and completes its pictures from their files (see
    /// [`pictures`]). Problems name the file and field.
    pub fn load(&self) -> Result<Corpus, Vec<Problem>> {
        self.load_with_pictures().map(|(corpus, _)| corpus)
    }

    /// [`Self::load`], with the pictures' files to publish.
    pub fn load_with_pictures(&self) -> Result<(Corpus, Pictures), Vec<Problem>> {
        self.load_prepared(None)
            .map(|lean| (lean.corpus, lean.pictures))
    }

    /// [`Self::load_with_pictures`] for an archive too large to hold its text: each article's
    /// body is checked as its file is read, then cut down to its pictures (see
    /// [`crate::archive`]); with the SHA-256 of each article's file, in `corpus.articles`' order.
    /// With `cache`, a file unchanged since a load kept it there is not read again (see
    /// [`crate::source_cache`]), and the cache is brought up to date.
    pub fn load_lean(&self, cache: Option<&CacheFile>) -> Result<Lean, Vec<Problem>> {
        self.load_prepared(Some(cache))
    }

    /// The sources (see [`Self::load_sources`]) with their pictures prepared.
    fn load_prepared(&self, lean: Option<Option<&CacheFile>>) -> Result<Lean, Vec<Problem>> {
        let Sources {
            mut corpus,
            digests,
            read,
        } = self.load_sources(lean)?;
        let pictures = pictures::prepare(
            &mut corpus,
            &self.root.join("public"),
            &self.picture_cache(),
        )?;
        Ok(Lean {
            corpus,
            digests,
            pictures,
            read,
        })
    }

    /// The sources, checked, and how many article files were read. `lean` (with a cache or
    /// none): each body is checked as its file is read and then cut down to its pictures, and
    /// each file's SHA-256 is returned (else none are).
    fn load_sources(&self, lean: Option<Option<&CacheFile>>) -> Result<Sources, Vec<Problem>> {
        let mut problems = Vec::new();
        let public = self.root.join("public");
        let image_exists = |src: &str| public.join(src).is_file();
        let site: Option<SiteFile> = read_json(
            &self.content().join("site.json"),
            "content/site.json",
            source::site_file_from_json,
            &mut problems,
        );
        let dir = self.content().join("articles");
        let cache_file = lean.flatten();
        // With a cache, each file's metadata decides whether it is read: taken from its folder's
        // entry (a lookup relative to the open folder, not a walk of the whole path each time).
        let stamped = cache_file.is_some();
        let mut names: Vec<(String, Option<fs::Metadata>)> = match fs::read_dir(&dir) {
            Ok(entries) => entries
                .filter_map(Result::ok)
                .filter_map(|e| {
                    let name = e.file_name().to_string_lossy().into_owned();
                    if !name.ends_with(".json") {
                        return None;
                    }
                    let meta = stamped.then(|| entry_metadata(&e)).flatten();
                    Some((name, meta))
                })
                .collect(),
            Err(e) => {
                problems.push(Problem::new(
                    "content/articles",
                    "",
                    format!("cannot read the folder: {e}"),
                ));
                Vec::new()
            }
        };
        names.sort_by(|a, b| a.0.cmp(&b.0));
        let mut cache = cache_file
            .map(|c| SourceCache::open(&c.path, &c.build))
            .unwrap_or_default();
        let known = cache.len();
        // Each file's stamp, and what the cache kept of it while it is unchanged.
        let now = SystemTime::now();
        let mut jobs: Vec<Job> = names
            .into_iter()
            .map(|(name, meta)| {
                let stamp = meta.map(|meta| Stamp::of(&meta, now));
                let kept = stamp.and_then(|(stamp, _)| cache.take(&name, &stamp));
                Job { name, stamp, kept }
            })
            .collect();
        // Read and parsed on every core: a newsroom's archive is thousands of files.
        let threads = std::thread::available_parallelism().map_or(1, usize::from);
        let count = jobs.len();
        let chunk = count.div_ceil(threads).max(1);
        let parsed: Vec<(Vec<Read>, Vec<Problem>)> = std::thread::scope(|scope| {
            let workers: Vec<_> = jobs
                .chunks_mut(chunk)
                .map(|jobs| {
                    let dir = &dir;
                    let image_exists = &image_exists;
                    scope.spawn(move || {
                        let mut problems = Vec::new();
                        let articles = jobs
                            .iter_mut()
                            .filter_map(|job| {
                                read_source(dir, job, lean.is_some(), image_exists, &mut problems)
                            })
                            .collect();
                        (articles, problems)
                    })
                })
                .collect();
            workers
                .into_iter()
                .map(|w| {
                    w.join().unwrap_or_else(|_| {
                        let problem = Problem::new("content/articles", "", "could not be read");
                        (Vec::new(), vec![problem])
                    })
                })
                .collect()
        });
        let mut articles: Vec<Named> = Vec::with_capacity(count);
        let mut digests = Vec::new();
        let mut keep = Vec::new();
        let mut read = 0;
        for (chunk_articles, chunk_problems) in parsed {
            for Read {
                named,
                digest,
                fresh,
                keep: kept,
            } in chunk_articles
            {
                articles.push(named);
                digests.extend(digest);
                read += usize::from(fresh);
                keep.push((kept, fresh));
            }
            problems.extend(chunk_problems);
        }
        read += count - articles.len();
        if let Some(cache_file) = cache_file {
            let saved = |fresh_only: bool| -> Vec<Saved> {
                articles
                    .iter()
                    .zip(&digests)
                    .zip(&keep)
                    .filter(|(_, (_, fresh))| !fresh_only || *fresh)
                    .filter_map(|(((file, source), digest), (stamp, _))| {
                        Some(Saved {
                            file,
                            stamp: (*stamp)?,
                            digest: source_cache::hex(digest),
                            source,
                        })
                    })
                    .collect()
            };
            let fresh = saved(true);
            let kept = keep.iter().filter(|(stamp, _)| stamp.is_some()).count();
            // Written afresh when there was none, or when replaced lines would be a fifth of it;
            // else what was read is appended.
            let written = if known == 0 || cache.lines() + fresh.len() > kept + kept / 4 + 64 {
                source_cache::save(&cache_file.path, &cache_file.build, &saved(false))
            } else if fresh.is_empty() {
                Ok(())
            } else {
                source_cache::append(&cache_file.path, &cache, &fresh)
            };
            if let Err(e) = written {
                eprintln!("{}: not kept ({e})", cache_file.path.display());
            }
        }
        drop(cache);
        let Some(SiteFile {
            site,
            writers,
            topics,
        }) = site
        else {
            return Err(problems);
        };
        let corpus = Corpus {
            site,
            writers,
            topics,
            articles,
        };
        problems.extend(if lean.is_some() {
            validate_without_bodies(&corpus, &image_exists)
        } else {
            validate(&corpus, &image_exists)
        });
        if problems.is_empty() {
            Ok(Sources {
                corpus,
                digests,
                read,
            })
        } else {
            Err(problems)
        }
    }

    /// `index.html` with its site `<meta>` tags in step with `content/site.json`, and whether
    /// that differs from the file on disk. `None` when the file or a tag is missing.
    fn synced_index_html(&self, derived: &Derived) -> Option<(String, bool)> {
        let current = fs::read_to_string(self.root.join("index.html")).ok()?;
        let synced = index_html::sync(&current, &derived.site)?;
        let changed = synced != current;
        Some((synced, changed))
    }

    /// Writes the derived files and removes derived files no source produces any more.
    pub fn write(&self, derived: &Derived) -> std::io::Result<usize> {
        let mut written = 0;
        match self.synced_index_html(derived) {
            Some((html, true)) => {
                fs::write(self.root.join("index.html"), html)?;
                written += 1;
            }
            Some((_, false)) => {}
            None => eprintln!("index.html: no <meta name=\"application-name\">, <meta name=\"khabar:description\"> or <span class=\"site-header__name\"> to update"),
        }
        let api = self.api();
        for stale in self.stale_files(derived) {
            fs::remove_file(api.join(stale))?;
        }
        for (path, contents) in &derived.files {
            let target = api.join(path);
            if fs::read_to_string(&target).ok().as_deref() != Some(contents.as_str()) {
                if let Some(parent) = target.parent() {
                    fs::create_dir_all(parent)?;
                }
                fs::write(&target, contents)?;
                written += 1;
            }
        }
        Ok(written)
    }

    /// Derived files that differ from what the sources produce, are missing, or are left over.
    pub fn check(&self, derived: &Derived) -> Vec<Problem> {
        let api = self.api();
        let mut problems: Vec<Problem> = derived
            .files
            .iter()
            .filter(|(path, contents)| {
                fs::read_to_string(api.join(path)).ok().as_deref() != Some(contents.as_str())
            })
            .map(|(path, _)| {
                Problem::new(
                    format!("public/api/{path}"),
                    "",
                    "is out of date: run `make content`",
                )
            })
            .collect();
        match self.synced_index_html(derived) {
            Some((_, false)) => {}
            Some((_, true)) => problems.push(Problem::new(
                "index.html",
                "meta",
                "the site name or description differs from content/site.json: run `make content`",
            )),
            None => problems.push(Problem::new(
                "index.html",
                "meta",
                "needs <meta name=\"application-name\" content=\"\">, <meta name=\"khabar:description\" content=\"\"> and <span class=\"site-header__name\"></span>",
            )),
        }
        problems.extend(self.stale_files(derived).into_iter().map(|path| {
            Problem::new(
                format!("public/api/{path}"),
                "",
                "has no source any more: run `make content`",
            )
        }));
        problems
    }

    /// Derived-looking files (`articles/`, `sections/`, `topics/`, `authors/`, `schema/`,
    /// `index*.json`, `site.json`) not in `derived`.
    fn stale_files(&self, derived: &Derived) -> Vec<String> {
        let api = self.api();
        let mut found = Vec::new();
        for dir in ["articles", "sections", "topics", "authors", "schema"] {
            for name in json_files(&api.join(dir)) {
                found.push(format!("{dir}/{name}"));
            }
        }
        found.extend(
            json_files(&api)
                .into_iter()
                .filter(|n| n == "site.json" || n.starts_with("index")),
        );
        found.retain(|path| !derived.files.contains_key(path));
        found
    }
}

/// Loads, checks and derives in one step, as `make content` does: the API files and the JSON
/// Schemas describing them.
pub fn build(layout: &Layout) -> Result<Derived, Vec<Problem>> {
    layout.load_with_pictures().map(|(corpus, pictures)| {
        let mut derived = derive::derive_owned(corpus);
        derived.files.extend(schema::files(&derived.site.url));
        derived.pictures = pictures;
        derived
    })
}

fn json_files(dir: &Path) -> Vec<String> {
    fs::read_dir(dir)
        .map(|entries| {
            entries
                .filter_map(Result::ok)
                .map(|e| e.file_name().to_string_lossy().into_owned())
                .filter(|n| n.ends_with(".json"))
                .collect()
        })
        .unwrap_or_default()
}

fn read_text(path: &Path, shown: &str, problems: &mut Vec<Problem>) -> Option<String> {
    fs::read_to_string(path)
        .map_err(|e| problems.push(Problem::new(shown, "", format!("cannot read: {e}"))))
        .ok()
}

fn read_json<T>(
    path: &Path,
    shown: &str,
    parse: fn(&str) -> Result<T, ParseError>,
    problems: &mut Vec<Problem>,
) -> Option<T> {
    let text = read_text(path, shown, problems)?;
    parse(&text)
        .map_err(|e| problems.push(Problem::new(shown, e.field, e.message)))
        .ok()
}

/// A folder entry's metadata as [`fs::metadata`] gives it (a link's target's), looked up relative
/// to the folder; none when it cannot be read, as for a file gone since the folder was listed.
fn entry_metadata(entry: &fs::DirEntry) -> Option<fs::Metadata> {
    match entry.file_type() {
        Ok(kind) if kind.is_symlink() => fs::metadata(entry.path()).ok(),
        _ => entry.metadata().ok(),
    }
}
