//! `make publish` (`ssr` feature): everything derived from `content/` written into an already
//! built bundle, without building the app again: the JSON API (`api/`), every page prerendered
//! into the bundle's frame (`shell.html`), the Atom feeds, the sitemaps and `robots.txt`, each
//! with its `.br`/`.gz` copies.
//!
//! Only files whose bytes change are written (an unchanged file keeps its timestamp), and a page
//! is rendered again only when the API files it embeds or the app's frame changed: republishing
//! one article into a large archive touches that article, the pages that list or relate it, the
//! feeds and the sitemaps. [`Report::changed`] is what a CDN upload or purge needs.

use crate::prerender::{self, PageSpec, PrerenderError, Template};
use khabar_content::{
    feeds,
    files::{self, Layout},
    output::{self, OutputError},
    public_url::PublicUrl,
    sitemaps, Problem,
};
use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};
use std::{
    collections::{BTreeSet, HashSet},
    fs, io,
    path::{Path, PathBuf},
    sync::{
        atomic::{AtomicBool, AtomicUsize, Ordering},
        Mutex,
    },
};
use thiserror::Error;

/// What to publish, and where.
#[derive(Clone, Debug)]
pub struct Options {
    /// The project: `content/` is read from it, and `public/` for the pictures articles name.
    pub root: PathBuf,
    /// The built bundle (`dist/`): it must hold `shell.html`, which `make build` writes.
    pub dist: PathBuf,
    /// Now, in milliseconds since 1970: the news sitemap lists the articles of the 48 hours
    /// before it.
    pub now_ms: i64,
}

/// What a publish did.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Report {
    /// Every file written or removed, relative to the bundle, `.br`/`.gz` copies included, sorted.
    pub changed: Vec<String>,
    /// How many files the content gives (without the compressed copies).
    pub files: usize,
    /// How many pages were rendered (the others were unchanged).
    pub rendered: usize,
}

/// Why nothing, or not everything, was published.
#[derive(Debug, Error)]
pub enum PublishError {
    /// The content does not pass `make content`'s checks.
    #[error("{} problem(s) in the content: {}", .0.len(), .0.iter().map(ToString::to_string).collect::<Vec<_>>().join("; "))]
    Content(Vec<Problem>),
    /// The pages could not be rendered.
    #[error(transparent)]
    Prerender(#[from] PrerenderError),
    /// A file could not be written.
    #[error(transparent)]
    Output(#[from] OutputError),
}

/// Which pages the bundle holds as this publish rendered them, and from which frame: kept in the
/// bundle (hidden files are never served), so a rebuilt bundle (Trunk empties `dist/`) starts
/// afresh.
const STATE_FILE: &str = ".khabar-publish.json";

#[derive(Debug, Default, Serialize, Deserialize)]
struct State {
    /// SHA-256 of `shell.html`: another app build means every page is rendered again.
    shell: String,
    /// The page files rendered from that frame.
    pages: BTreeSet<String>,
}

/// Publishes `content/` into the bundle. See the module's documentation.
pub fn publish(options: &Options) -> Result<Report, PublishError> {
    let _ = any_spawner::Executor::init_futures_executor();
    let dist = options.dist.as_path();
    let derived = files::build(&Layout {
        root: options.root.clone(),
    })
    .map_err(PublishError::Content)?;
    if derived.site.url.trim().is_empty() {
        return Err(PrerenderError::NoSiteUrl.into());
    }
    let shell_path = dist.join("shell.html");
    let shell =
        fs::read_to_string(&shell_path).map_err(|e| PrerenderError::Io(shell_path.clone(), e))?;
    let template =
        Template::parse(&shell).map_err(|e| PrerenderError::Template(shell_path.clone(), e))?;
    let config = template.config();
    let public = PublicUrl::new(&derived.site.url, &config.base_path);
    let shell_hash = hex(&Sha256::digest(shell.as_bytes()));
    let state = read_state(dist);
    let kept: BTreeSet<String> = state
        .filter(|s| s.shell == shell_hash)
        .map(|s| s.pages)
        .unwrap_or_default();

    let mut produced: HashSet<String> = HashSet::new();
    let mut changed: Vec<String> = Vec::new();

    // The JSON API first: which of its files changed decides which pages are rendered again.
    let api: Vec<(String, &str)> = derived
        .files
        .iter()
        .map(|(path, text)| (format!("api/{path}"), text.as_str()))
        .collect();
    let api_changes: Vec<String> = parallel(&api, |(path, text)| {
        Ok(output::put(dist, path, text.as_bytes())?)
    })?
    .into_iter()
    .flatten()
    .collect();
    let api_changed: HashSet<&str> = api_changes
        .iter()
        .filter_map(|p| p.strip_prefix("api/"))
        .collect();
    produced.extend(api.iter().map(|(path, _)| path.clone()));

    // Every page, rendered again only when something it is made from changed.
    let specs = prerender::specs(
        &derived.site,
        derived.articles.iter().map(|a| a.slug.as_str()),
    );
    let stale: Vec<&PageSpec> = specs
        .iter()
        .filter(|spec| {
            !kept.contains(&spec.file)
                || !dist.join(&spec.file).is_file()
                || spec.inputs.iter().any(|i| api_changed.contains(i.as_str()))
        })
        .collect();
    let read = |file: &str| {
        derived.files.get(file).cloned().ok_or_else(|| {
            PrerenderError::Io(
                PathBuf::from("api").join(file),
                io::Error::from(io::ErrorKind::NotFound),
            )
        })
    };
    let page_changes = parallel(&stale, |spec| {
        let data = spec.data(&derived.site, read)?;
        let html = futures::executor::block_on(prerender::render(&template, &config, data));
        Ok(output::put(dist, &spec.file, html.as_bytes())?)
    })?;
    produced.extend(specs.iter().map(|spec| spec.file.clone()));

    // Feeds, sitemaps, robots.txt: small, written from the articles in memory.
    let mut documents = feeds::feeds(&derived.site, &public, &derived.articles);
    documents.extend(sitemaps::sitemaps(
        &derived.site,
        &public,
        &derived.articles,
        sitemaps::MAX_URLS,
    ));
    documents.push((
        "news-sitemap.xml".to_owned(),
        sitemaps::news_sitemap(&derived.site, &public, &derived.articles, options.now_ms),
    ));
    documents.push(("robots.txt".to_owned(), sitemaps::robots(&public)));
    let document_changes = parallel(&documents, |(path, text)| {
        Ok(output::put(dist, path, text.as_bytes())?)
    })?;
    produced.extend(documents.iter().map(|(path, _)| path.clone()));

    changed.extend(api_changes);
    changed.extend(page_changes.into_iter().flatten());
    changed.extend(document_changes.into_iter().flatten());
    changed.extend(remove_stale(dist, &produced)?);
    changed.extend(after_pages(dist, &changed)?);

    let state = State {
        shell: shell_hash,
        pages: specs.iter().map(|spec| spec.file.clone()).collect(),
    };
    write_state(dist, &state)?;
    changed.sort();
    changed.dedup();
    Ok(Report {
        changed,
        files: produced.len(),
        rendered: stale.len(),
    })
}

/// Steps that work on the finished pages (a search index built from their HTML, a service
/// worker's list of files) run here, after every page, feed and sitemap is written. `changed`
/// lists what this publish wrote; return what the step wrote in turn.
fn after_pages(_dist: &Path, _changed: &[String]) -> Result<Vec<String>, PublishError> {
    Ok(Vec::new())
}

/// Removes the derived files no content produces any more: a deleted article's API file, page
/// and their copies, a section's page and feed, sitemap files of a shrunken index.
fn remove_stale(dist: &Path, produced: &HashSet<String>) -> Result<Vec<String>, PublishError> {
    let mut found: Vec<String> = [
        "api/articles",
        "api/sections",
        "api/schema",
        "article",
        "section",
    ]
    .iter()
    .flat_map(|dir| output::files_under(dist, dir))
    .collect();
    found.extend(
        output::files_under(dist, "api")
            .into_iter()
            .filter(|p| !p[4..].contains('/') && p.ends_with(".json")),
    );
    found.extend(
        output::files_under(dist, "")
            .into_iter()
            .filter(|p| p.starts_with("sitemap-") && p.ends_with(".xml")),
    );
    let mut removed = Vec::new();
    for path in found.iter().filter(|p| !produced.contains(*p)) {
        removed.extend(output::remove(dist, path)?);
    }
    Ok(removed)
}

fn read_state(dist: &Path) -> Option<State> {
    let text = fs::read_to_string(dist.join(STATE_FILE)).ok()?;
    serde_json::from_str(&text).ok()
}

fn write_state(dist: &Path, state: &State) -> Result<(), PublishError> {
    let path = dist.join(STATE_FILE);
    let mut text = serde_json::to_string(state).unwrap_or_default();
    text.push('\n');
    if fs::read_to_string(&path).ok().as_deref() != Some(text.as_str()) {
        fs::write(&path, text).map_err(|e| OutputError(path, e))?;
    }
    Ok(())
}

fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

/// Runs `work` on every item, one thread per core, results in the items' order; stops at the
/// first error. Rendering and compressing are what a publish spends its time on.
fn parallel<T: Sync, R: Send>(
    items: &[T],
    work: impl Fn(&T) -> Result<R, PublishError> + Sync,
) -> Result<Vec<R>, PublishError> {
    let threads = std::thread::available_parallelism()
        .map_or(1, usize::from)
        .clamp(1, 8);
    let next = AtomicUsize::new(0);
    let failed = AtomicBool::new(false);
    let results: Mutex<Vec<(usize, R)>> = Mutex::new(Vec::with_capacity(items.len()));
    let error: Mutex<Option<PublishError>> = Mutex::new(None);
    std::thread::scope(|scope| {
        for _ in 0..threads {
            scope.spawn(|| {
                let mut mine = Vec::new();
                while !failed.load(Ordering::Relaxed) {
                    let i = next.fetch_add(1, Ordering::Relaxed);
                    let Some(item) = items.get(i) else { break };
                    match work(item) {
                        Ok(result) => mine.push((i, result)),
                        Err(e) => {
                            failed.store(true, Ordering::Relaxed);
                            if let Ok(mut slot) = error.lock() {
                                slot.get_or_insert(e);
                            }
                        }
                    }
                }
                if let Ok(mut all) = results.lock() {
                    all.extend(mine);
                }
            });
        }
    });
    if let Some(e) = error.into_inner().ok().flatten() {
        return Err(e);
    }
    let mut results = results.into_inner().unwrap_or_default();
    results.sort_by_key(|(i, _)| *i);
    Ok(results.into_iter().map(|(_, r)| r).collect())
}
