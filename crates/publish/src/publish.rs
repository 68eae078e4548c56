//! `make publish`: everything derived from `content/` written into an already
//! built bundle, without building the app again: the JSON API (`api/`), every page prerendered
//! into the bundle's frame (`shell.html`), the Atom feeds, the sitemaps and `robots.txt`, each
//! with its `.br`/`.gz` copies.
//!
//! Only files whose bytes change are written (an unchanged file keeps its timestamp), and a page
//! is rendered again only when the API files it embeds or the app's frame changed: republishing
//! one article into a large archive touches that article, the pages that list or relate it, the
//! feeds and the sitemaps. [`Report::changed`] is what a CDN upload or purge needs.
//!
//! Memory grows with the articles' metadata, not their text ([`archive`]): each article's file
//! is read and checked, and only its metadata kept; each listing page and each article's file
//! is then made, written, its page rendered, and let go, on every core.
//!
//! A republish costs what changed, not the archive ([`khabar_content::publish_state`] records
//! what the last finished one left):
//! - an article's file unchanged since the last publish (size, times, inode) is not read at all:
//!   its metadata comes from `target/publish-sources.jsonl` ([`khabar_content::source_cache`]);
//! - each article has a key, a hash of its file's bytes and its metadata as published; an
//!   article's file is made again only when its fingerprint (its key and those of its related
//!   list) changed, a listing page's only when its key (its articles' keys, its page and title)
//!   did, and a feed's only when its entries' keys did, its articles' text read again only then;
//! - the stale files are found among those the last publish left, not by walking the bundle.
//!
//! A publish stopped anywhere (an error, `kill -9`) does not poison the next: every file is
//! replaced whole (a temporary, then a rename), and [`output::Output`]'s journal names each file
//! before it is touched and goes only once the run's report has been handed on
//! ([`publish_then`]). The next run takes the journal's files as changed: it renders again every
//! page made from an API file in it (the stopped run may have written the API and not the pages),
//! renders the pages in it, makes their compressed copies again, and reports all of them with its
//! own changes, since the stopped run never reported its own. So the bundle ends byte for byte as
//! an uninterrupted publish leaves it, and the report covers every file that differs from before
//! the stopped run. Such a recovery costs at most a full publish; when the last run finished,
//! there is no journal and a publish costs what it did.

use crate::prerender::{self, PageSpec, PrerenderError, Template};
use khabar_content::{
    archive,
    derive::{self, RelatedIndex},
    feeds,
    files::Layout,
    output::{self, Output, OutputError},
    pictures,
    public_url::PublicUrl,
    publish_state::State,
    sitemaps,
    source_cache::{hex, CacheFile},
    Problem,
};
use sha2::{Digest, Sha256};
use std::{
    collections::{BTreeMap, BTreeSet, HashMap, HashSet},
    fs, io,
    path::{Path, PathBuf},
    sync::{
        atomic::{AtomicBool, AtomicUsize, Ordering},
        Mutex,
    },
    time::{Duration, Instant},
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
    /// Tests only (the command line never sets it): the publish fails, as a full disk would make
    /// it, once this many files have been written, so a test can see what the next run does
    /// after a failure half-way.
    #[doc(hidden)]
    pub fail_after_writes: Option<usize>,
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
    /// How many article files were read (the others were unchanged since the last publish).
    pub read: usize,
    /// How many pictures were encoded (the others were in the cache).
    pub encoded: usize,
    /// How long each step took, in order: where a slow publish spends its time.
    pub steps: Vec<(&'static str, Duration)>,
}

/// Why nothing, or not everything, was published.
#[derive(Debug, Error)]
pub enum PublishError {
    /// The content does not pass `make content`'s checks.
    #[error("{} problem(s) in the content: {}", .0.len(), .0.iter().map(ToString::to_string).collect::<Vec<_>>().join("; "))]
    Content(Vec<Problem>),
    /// The bundle has no `shell.html`: the app was not built there.
    #[error("{}: no built app to publish into (no shell.html): run `make build` first", .0.display())]
    NoBundle(PathBuf),
    /// The pages could not be rendered.
    #[error(transparent)]
    Prerender(#[from] PrerenderError),
    /// A file could not be written.
    #[error(transparent)]
    Output(#[from] OutputError),
}

/// The slug of an article's API file (`articles/<slug>.json`, as [`derive::article_file`]
/// names it).
fn article_slug(file: &str) -> Option<&str> {
    file.strip_prefix("articles/")?.strip_suffix(".json")
}

/// Which build of the publisher this is: its executable's size and modification time. Another
/// build may write an article's file otherwise, so the fingerprints of another are not trusted
/// (its first publish reads every article again; what is unchanged is still not written).
fn publisher_identity() -> String {
    std::env::current_exe()
        .and_then(fs::metadata)
        .map(|meta| {
            let modified = meta
                .modified()
                .ok()
                .and_then(|t| t.duration_since(std::time::UNIX_EPOCH).ok())
                .map_or(0, |d| d.as_nanos());
            format!("{}-{modified}", meta.len())
        })
        .unwrap_or_default()
}

/// Publishes `content/` into the bundle. See the module's documentation. The report is handed
/// over by returning it: for a caller that keeps it in memory. A caller that passes it on (prints
/// it, uploads the files) uses [`publish_then`], so a run stopped before that is reported again.
pub fn publish(options: &Options) -> Result<Report, PublishError> {
    publish_then(options, |_| Ok(()))
}

/// Publishes `content/` into the bundle, then hands the report to `deliver` (which prints it or
/// writes it where a CDN upload reads it). Only once `deliver` returned is the journal cleared:
/// until then, a run stopped or failed anywhere leaves its changes for the next run to report.
pub fn publish_then(
    options: &Options,
    deliver: impl FnOnce(&Report) -> Result<(), OutputError>,
) -> Result<Report, PublishError> {
    let _ = any_spawner::Executor::init_futures_executor();
    let dist = options.dist.as_path();
    let mut steps = Vec::new();
    let mut clock = Instant::now();
    let mut step = |name: &'static str| {
        steps.push((name, clock.elapsed()));
        clock = Instant::now();
    };
    let layout = Layout {
        root: options.root.clone(),
    };
    let publisher = publisher_identity();
    let cache = CacheFile {
        path: layout.source_cache(),
        build: publisher.clone(),
    };
    let archive = archive::load(&layout, Some(&cache)).map_err(PublishError::Content)?;
    let read = archive.read;
    step("read and check the content, encode new pictures");
    let derived = &archive.derived;
    if derived.site.url.trim().is_empty() {
        return Err(PrerenderError::NoSiteUrl.into());
    }
    let shell_path = dist.join("shell.html");
    if !shell_path.is_file() {
        return Err(PublishError::NoBundle(dist.to_owned()));
    }
    let shell =
        fs::read_to_string(&shell_path).map_err(|e| PrerenderError::Io(shell_path.clone(), e))?;
    let template =
        Template::parse(&shell).map_err(|e| PrerenderError::Template(shell_path.clone(), e))?;
    let config = template.config();
    let public = PublicUrl::new(&derived.site.url, &config.base_path);
    let shell_hash = hex(&Sha256::digest(shell.as_bytes()));
    let previous = State::read(dist);
    // What the last finished publish left in the bundle, when it recorded it: the stale files
    // are found among them rather than by walking the bundle (a million files at 100,000
    // articles).
    let left: Option<HashSet<String>> = previous.as_ref().and_then(State::left);
    // The files it lists are taken to be there, as it left them (outside the journal): a publish
    // does not look for each of them (at 100,000 articles, a quarter of a million lookups, seconds
    // on a cold disk). A bundle emptied since (its articles' folders gone) is published afresh.
    let intact = |s: &State| {
        s.articles.is_empty()
            || (dist.join("api/articles").is_dir() && dist.join("article").is_dir())
    };
    let state = previous.filter(|s| s.shell == shell_hash && intact(s));
    let kept: BTreeSet<String> = state.as_ref().map(|s| s.pages.clone()).unwrap_or_default();
    // The hashes of the sitemaps and robots.txt: compared without reading the files.
    let last_hashes: BTreeMap<String, String> =
        state.as_ref().map(|s| s.hashes.clone()).unwrap_or_default();
    // The articles' fingerprints and the feeds' keys are this publisher's: another one may
    // write other bytes.
    let (fingerprints, last_keys): (BTreeMap<String, String>, BTreeMap<String, String>) = state
        .filter(|s| s.publisher == publisher)
        .map(|s| (s.articles, s.keys))
        .unwrap_or_default();

    // What a stopped run may have changed: never trusted, always reported.
    let out = Output::open(dist)?;
    let unsettled = out.unsettled().clone();
    // A file whose key is the last finished publish's is as that run left it (outside the
    // journal): it is not made again.
    let unchanged = |path: &str, key: &str| {
        last_keys.get(path).is_some_and(|last| last == key) && !out.is_unsettled(path)
    };
    let writes = AtomicUsize::new(0);
    let counted = |path: &str, changes: Vec<String>| -> Result<Vec<String>, PublishError> {
        if !changes.is_empty() {
            let written = writes.fetch_add(1, Ordering::Relaxed) + 1;
            if options
                .fail_after_writes
                .is_some_and(|limit| written >= limit)
            {
                let error = io::Error::other("failure injected by a test");
                return Err(OutputError(dist.join(path), error).into());
            }
        }
        Ok(changes)
    };
    let put = |path: &str, bytes: &[u8]| counted(path, out.put(path, bytes)?);
    let mut produced: HashSet<String> = HashSet::new();
    let mut changed: Vec<String> = Vec::new();

    // The JSON API's listings first: which of its files changed decides which pages are rendered
    // again. The articles' own files are made further down, one at a time.
    let api: Vec<(String, &str)> = derived
        .files
        .iter()
        .map(|(path, text)| (format!("api/{path}"), text.as_str()))
        .collect();
    let api_changes: Vec<String> = parallel(&api, |(path, text)| put(path, text.as_bytes()))?
        .into_iter()
        .flatten()
        .collect();
    // An API file a stopped run wrote may be unchanged now, its pages still of its old bytes.
    let api_changed: HashSet<&str> = api_changes
        .iter()
        .chain(&unsettled)
        .filter_map(|p| p.strip_prefix("api/"))
        .map(|p| p.trim_end_matches(".br").trim_end_matches(".gz"))
        .collect();
    produced.extend(api.into_iter().map(|(path, _)| path));
    step("write the site file");

    // The pictures' files, from the cache the content step filled: a file's name is a hash of its
    // bytes, so one already in the bundle is left as it is (unless a stopped run was writing it).
    let pictures: Vec<(&String, &PathBuf)> = derived
        .pictures
        .files
        .iter()
        .filter(|(path, _)| !dist.join(path).is_file() || out.is_unsettled(path))
        .collect();
    let picture_changes = parallel(&pictures, |(path, cached)| {
        let bytes = fs::read(cached).map_err(|e| OutputError(cached.to_path_buf(), e))?;
        put(path, &bytes)
    })?;
    produced.extend(derived.pictures.files.keys().cloned());
    step("write the pictures");

    // Every page, rendered again only when something it is made from changed.
    let listing_pages = archive.listings.pages();
    let listing_files: HashSet<String> = listing_pages
        .iter()
        .map(|&page| archive.listings.path(page))
        .collect();
    let specs = prerender::specs(
        &derived.site,
        derived.articles.iter().map(|a| a.slug.as_str()),
        derived.topics.iter().map(|t| t.slug.as_str()),
        derived.writers.iter().map(|w| w.slug.as_str()),
        |file| listing_files.contains(file),
    );
    drop(listing_files);
    let needs_render = |spec: &PageSpec, input_changed: bool| {
        !kept.contains(&spec.file)
            || out.is_unsettled(&spec.file)
            || input_changed
            || spec.inputs.iter().any(|i| api_changed.contains(i.as_str()))
    };
    let by_input = |wanted: fn(&PageSpec) -> bool| -> HashMap<&str, &PageSpec> {
        specs
            .iter()
            .filter(|spec| wanted(spec))
            .filter_map(|spec| Some((spec.inputs.last()?.as_str(), spec)))
            .collect()
    };
    let article_pages = by_input(PageSpec::is_article);
    let listing_specs = by_input(PageSpec::is_listing);
    let render = |spec: &PageSpec, text: &str| -> Result<Vec<String>, PublishError> {
        let data = spec.data(&derived.site, |_| Ok(text.to_owned()))?;
        let html = futures::executor::block_on(prerender::render(&template, &config, data));
        put(&spec.file, html.as_bytes())
    };
    let rendered_streamed = AtomicUsize::new(0);

    // Each listing's pages: made from the articles' metadata, written, and its page rendered
    // again when its file or the frame changed; a page whose key is unchanged is not made.
    let listed = parallel(&listing_pages, |&page| {
        let file = archive.listings.path(page);
        let path = format!("api/{file}");
        let key = archive.listings.key(page, archive.keys());
        let spec = listing_specs.get(file.as_str());
        let mut changes = Vec::new();
        let mut changed_file = false;
        if !unchanged(&path, &key) || spec.is_some_and(|spec| needs_render(spec, false)) {
            let (_, text) = archive.listings.file(page, &derived.articles);
            changes = put(&path, text.as_bytes())?;
            changed_file = !changes.is_empty();
            if let Some(spec) = spec.filter(|spec| needs_render(spec, changed_file)) {
                changes.extend(render(spec, &text)?);
                rendered_streamed.fetch_add(1, Ordering::Relaxed);
            }
        }
        Ok((file, path, changed_file, changes, key))
    })?;
    let mut listing_changes = Vec::new();
    let mut listings_changed: HashSet<String> = HashSet::new();
    let mut keys = BTreeMap::new();
    for (file, path, changed_file, changes, key) in listed {
        if changed_file {
            listings_changed.insert(file);
        }
        produced.insert(path.clone());
        keys.insert(path, key);
        listing_changes.extend(changes);
    }
    step("write the listings and their pages");

    // Each article: its related list and fingerprint; when that differs from the last
    // publish's, its file is made again from its source (and written if its bytes changed); its
    // page is rendered when its file or the frame changed.
    let newest_first: Vec<&khabar::model::Article> = derived.articles.iter().collect();
    let index = RelatedIndex::new(&newest_first);
    let positions: Vec<usize> = (0..archive.len()).collect();
    let streamed = parallel(&positions, |&i| {
        let slug = derived.articles[i].slug.as_str();
        let related = archive.related(i, &index);
        let fingerprint = archive.fingerprint(i, &related);
        let path = format!("api/{}", derive::article_file(slug));
        let page = article_pages.get(format!("articles/{slug}.json").as_str());
        let known = fingerprints.get(slug) == Some(&fingerprint) && !out.is_unsettled(&path);
        let mut changes = Vec::new();
        let mut json = None;
        if !known {
            let related = related
                .iter()
                .filter_map(|&j| derived.articles.get(j))
                .map(khabar::model::Article::summarize)
                .collect();
            let article = archive
                .article(i, related)
                .map_err(|problem| PublishError::Content(vec![problem]))?;
            let text = derive::article_json(&article);
            changes = put(&path, text.as_bytes())?;
            json = Some(text);
        }
        if let Some(spec) = page.filter(|spec| needs_render(spec, !changes.is_empty())) {
            let text = match json {
                Some(text) => text,
                None => fs::read_to_string(dist.join(&path))
                    .map_err(|e| PrerenderError::Io(dist.join(&path), e))?,
            };
            changes.extend(render(spec, &text)?);
            rendered_streamed.fetch_add(1, Ordering::Relaxed);
        }
        Ok((path, changes, fingerprint))
    })?;
    let mut article_changes = Vec::new();
    let mut article_fingerprints = BTreeMap::new();
    for ((path, changes, fingerprint), article) in streamed.into_iter().zip(&derived.articles) {
        produced.insert(path);
        article_changes.extend(changes);
        article_fingerprints.insert(article.slug.clone(), fingerprint);
    }
    drop(index);
    drop(newest_first);
    step("write the articles and their pages");

    // The other pages (search, saved, not found), from the site file and the first listing.
    let stale: Vec<&PageSpec> = specs
        .iter()
        .filter(|spec| !spec.is_article() && !spec.is_listing())
        .filter(|spec| {
            let input_changed = spec.inputs.iter().any(|i| listings_changed.contains(i));
            needs_render(spec, input_changed)
        })
        .collect();
    let page_changes = parallel(&stale, |spec| {
        // Their input is the site file, or a listing written above.
        let input = spec.inputs.last().map_or("", String::as_str);
        let text = match derived.files.get(input) {
            Some(text) => text.clone(),
            None => {
                let path = dist.join("api").join(input);
                fs::read_to_string(&path).map_err(|e| PrerenderError::Io(path, e))?
            }
        };
        render(spec, &text)
    })?;
    produced.extend(specs.iter().map(|spec| spec.file.clone()));
    let rendered = stale.len() + rendered_streamed.into_inner();
    step("render the other pages");

    // Feeds: each is made again only when what it is made from changed (its entries' keys, its
    // title and addresses, the site), and only then are its entries' files read again for their
    // text.
    let site_key = format!(
        "{}\0{}",
        serde_json::to_string(&derived.site).unwrap_or_default(),
        public.page("")
    );
    let mut fresh_feeds = Vec::new();
    for spec in feeds::feed_specs(
        &derived.site,
        &derived.topics,
        &derived.writers,
        &derived.articles,
    ) {
        let mut hash = Sha256::new();
        for part in [site_key.as_str(), &spec.path, &spec.title, &spec.page] {
            hash.update(part.as_bytes());
            hash.update([0]);
        }
        for &i in &spec.entries {
            hash.update(archive.keys().get(i).copied().unwrap_or_default());
        }
        let key = hex(&hash.finalize());
        if unchanged(&spec.path, &key) {
            produced.insert(spec.path.clone());
        } else {
            fresh_feeds.push(spec.clone());
        }
        keys.insert(spec.path, key);
    }
    let needed: Vec<usize> = fresh_feeds
        .iter()
        .flat_map(|spec| spec.entries.iter().copied())
        .collect::<BTreeSet<usize>>()
        .into_iter()
        .collect();
    let bodies = parallel(&needed, |&i| {
        archive
            .article(i, Vec::new())
            .map(|article| (i, article.body))
            .map_err(|problem| PublishError::Content(vec![problem]))
    })?;
    let mut derived = archive.into_derived();
    for (i, body) in bodies {
        if let Some(article) = derived.articles.get_mut(i) {
            article.body = body;
        }
    }
    let mut documents: Vec<(String, String)> = fresh_feeds
        .iter()
        .map(|spec| {
            let xml = feeds::render(&derived.site, &public, spec, &derived.articles);
            (spec.path.clone(), xml)
        })
        .collect();
    let collection_pages: Vec<(String, Option<&khabar::model::Article>)> =
        feeds::collections(&derived.topics, &derived.writers, &derived.articles)
            .into_iter()
            .map(|(page, _, articles)| (page, articles.first().copied()))
            .collect();
    documents.extend(sitemaps::sitemaps_with(
        &derived.site,
        &public,
        &derived.articles,
        &collection_pages,
        sitemaps::MAX_URLS,
    ));
    documents.push((
        "news-sitemap.xml".to_owned(),
        sitemaps::news_sitemap(&derived.site, &public, &derived.articles, options.now_ms),
    ));
    documents.push(("robots.txt".to_owned(), sitemaps::robots(&public)));
    let document_changes = parallel(&documents, |(path, text)| {
        let last = last_hashes.get(path).map(String::as_str);
        let (changes, hash) = out.put_recorded(path, text.as_bytes(), last)?;
        Ok((counted(path, changes)?, hash))
    })?;
    drop(last_hashes);
    let mut hashes = BTreeMap::new();
    let mut document_changes_flat = Vec::new();
    for ((path, _), (changes, hash)) in documents.iter().zip(document_changes) {
        produced.insert(path.clone());
        if !keys.contains_key(path) {
            hashes.insert(path.clone(), hash);
        }
        document_changes_flat.push(changes);
    }
    let document_changes = document_changes_flat;
    step("write feeds, sitemaps, robots.txt");

    changed.extend(api_changes);
    changed.extend(picture_changes.into_iter().flatten());
    changed.extend(listing_changes);
    changed.extend(article_changes);
    changed.extend(page_changes.into_iter().flatten());
    changed.extend(document_changes.into_iter().flatten());
    changed.extend(remove_stale(&out, dist, &produced, left.as_ref())?);
    // A stopped run's changes were never reported: whatever their bytes now, they are news.
    changed.extend(unsettled);
    let files = produced.len();
    step("remove stale files, later steps");

    let pages: BTreeSet<String> = specs.iter().map(|spec| spec.file.clone()).collect();
    let others = produced
        .into_iter()
        .filter(|path| {
            !pages.contains(path) && !keys.contains_key(path) && !hashes.contains_key(path)
        })
        .filter(|path| {
            !path
                .strip_prefix("api/")
                .and_then(article_slug)
                .is_some_and(|slug| article_fingerprints.contains_key(slug))
        })
        .collect();
    let state = State {
        shell: shell_hash,
        pages,
        publisher,
        articles: article_fingerprints,
        keys,
        hashes,
        others: Some(others),
    };
    state.write(dist)?;
    // Freeing what a large archive's publish holds (100,000 articles' metadata, pages and
    // fingerprints: a quarter of a second) is left to a thread of its own, which the end of
    // the process need not wait for. Without a thread, the refused closure frees it here.
    let encoded = derived.pictures.encoded;
    let _ = std::thread::Builder::new().spawn(move || drop((state, derived, specs)));
    step("record what was published");
    changed.sort();
    changed.dedup();
    let report = Report {
        changed,
        files,
        rendered,
        read,
        encoded,
        steps,
    };
    deliver(&report)?;
    out.settle()?;
    Ok(report)
}

/// Removes the derived files no content produces any more: a deleted article's API file, page
/// and their copies, a section's page and feed, sitemap files of a shrunken index. And the
/// temporaries a killed run left wherever publishing writes (never reported: never served).
/// With `left` (what the last finished publish left), the stale files are found among those and
/// the unsettled ones (only they may have been written since); without, by walking the folders
/// publishing writes.
fn remove_stale(
    out: &Output,
    dist: &Path,
    produced: &HashSet<String>,
    left: Option<&HashSet<String>>,
) -> Result<Vec<String>, PublishError> {
    let mut found = Vec::new();
    let mut temporaries = Vec::new();
    match left {
        Some(left) => {
            let unsettled: Vec<String> = out
                .unsettled()
                .iter()
                .map(|path| {
                    let path = path.trim_end_matches(".br").trim_end_matches(".gz");
                    path.to_owned()
                })
                .collect();
            // A killed run's temporary is named after a file the journal names.
            for path in out.unsettled() {
                let (dir, name) = path.rsplit_once('/').unwrap_or(("", path));
                let temporary = output::temporary_name(name);
                temporaries.push(if dir.is_empty() {
                    temporary
                } else {
                    format!("{dir}/{temporary}")
                });
            }
            found.extend(left.iter().cloned());
            found.extend(unsettled);
            found.sort();
            found.dedup();
        }
        None => {
            for dir in [
                "api/articles",
                "api/sections",
                "api/topics",
                "api/authors",
                "api/schema",
                "article",
                "section",
                "topic",
                "author",
            ] {
                let listing = output::scan(dist, dir, true);
                found.extend(listing.files);
                temporaries.extend(listing.temporaries);
            }
            // In images/, the pictures published as variants: a replaced or removed picture's
            // files, and the originals the app's build copied (never served). Drawings are the
            // build's.
            let images = output::scan(dist, "images", true);
            found.extend(
                images
                    .files
                    .into_iter()
                    .filter(|path| pictures::is_photo(path)),
            );
            temporaries.extend(images.temporaries);
        }
    }
    // At the top of the bundle and of api/, only what publishing names so: the app's own files
    // (shell.html, the hashed assets) are not the content's.
    let api = output::scan(dist, "api", false);
    found.extend(api.files.into_iter().filter(|path| path.ends_with(".json")));
    temporaries.extend(api.temporaries);
    let top = output::scan(dist, "", false);
    found.extend(
        top.files
            .into_iter()
            .filter(|name| name.starts_with("sitemap-") && name.ends_with(".xml")),
    );
    temporaries.extend(top.temporaries);
    let mut removed = Vec::new();
    for path in found.iter().filter(|p| !produced.contains(*p)) {
        removed.extend(out.remove(path)?);
    }
    for path in temporaries {
        let file = dist.join(&path);
        match fs::remove_file(&file) {
            Err(e) if e.kind() != io::ErrorKind::NotFound => {
                return Err(OutputError(file, e).into())
            }
            _ => {}
        }
    }
    Ok(removed)
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

#[cfg(test)]
mod tests {
    use super::*;
    use khabar::model::Article;
    use khabar_content::source_cache::SETTLING;
    use std::{collections::BTreeMap, time::SystemTime};

    fn repository() -> PathBuf {
        PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../..")
    }

    /// A project holding a copy of the sample content and a bundle whose frame is index.html.
    fn fixture(name: &str) -> Options {
        let root =
            std::env::temp_dir().join(format!("khabar-publish-{}-{name}", std::process::id()));
        let _ = fs::remove_dir_all(&root);
        let articles = root.join("content/articles");
        fs::create_dir_all(&articles).unwrap();
        fs::copy(
            repository().join("content/site.json"),
            root.join("content/site.json"),
        )
        .unwrap();
        for entry in fs::read_dir(repository().join("content/articles")).unwrap() {
            let entry = entry.unwrap();
            fs::copy(entry.path(), articles.join(entry.file_name())).unwrap();
        }
        fs::create_dir_all(root.join("public")).unwrap();
        std::os::unix::fs::symlink(
            repository().join("public/images"),
            root.join("public/images"),
        )
        .unwrap();
        let dist = root.join("dist");
        fs::create_dir_all(&dist).unwrap();
        fs::copy(repository().join("index.html"), dist.join("shell.html")).unwrap();
        Options {
            root,
            dist,
            // Years after the sample articles: the news sitemap is empty and stays so.
            now_ms: khabar::model::datetime::parse("2030-01-01T00:00:00Z")
                .unwrap()
                .epoch_ms,
            fail_after_writes: None,
        }
    }

    /// Gives the fixture a copy of the sample pictures in place of its link to them, for a test
    /// that changes or removes one; returns its `public/images/`.
    fn own_images(options: &Options) -> PathBuf {
        let images = options.root.join("public/images");
        fs::remove_file(&images).unwrap();
        fs::create_dir_all(&images).unwrap();
        for entry in fs::read_dir(repository().join("public/images")).unwrap() {
            let entry = entry.unwrap();
            fs::copy(entry.path(), images.join(entry.file_name())).unwrap();
        }
        images
    }

    /// Every file of the bundle (copies included) with its bytes and modification time.
    fn snapshot(dist: &Path) -> BTreeMap<String, (Vec<u8>, SystemTime)> {
        output::files_under(dist, "")
            .into_iter()
            .flat_map(|path| [path.clone(), format!("{path}.br"), format!("{path}.gz")])
            .filter_map(|path| {
                let file = dist.join(&path);
                let bytes = fs::read(&file).ok()?;
                let modified = fs::metadata(&file).ok()?.modified().ok()?;
                Some((path, (bytes, modified)))
            })
            .filter(|(path, _)| path != khabar_content::publish_state::FILE)
            .collect()
    }

    fn touched(
        before: &BTreeMap<String, (Vec<u8>, SystemTime)>,
        after: &BTreeMap<String, (Vec<u8>, SystemTime)>,
    ) -> BTreeSet<String> {
        before
            .keys()
            .chain(after.keys())
            .filter(|path| before.get(*path) != after.get(*path))
            .cloned()
            .collect()
    }

    /// Guards against a republish that rewrites (and so re-uploads) files whose bytes did not
    /// change, or misses one that shows the changed headline: its page, its API file, the
    /// listings, the feeds, and the articles whose related lists name it.
    #[test]
    fn a_changed_headline_rewrites_exactly_the_files_that_show_it() {
        let options = fixture("headline");
        let first = publish(&options).unwrap();
        assert!(first.changed.iter().any(|p| p == "feed.xml"));
        assert!(first.encoded >= 1, "the sample photograph is encoded");
        assert!(first.changed.iter().any(|p| p.starts_with("images/")));
        let before = snapshot(&options.dist);

        // Nothing changed: nothing is written.
        let again = publish(&options).unwrap();
        assert_eq!(again.changed, Vec::<String>::new());
        assert_eq!(again.rendered, 0);
        assert!(touched(&before, &snapshot(&options.dist)).is_empty());

        let slug = "putin-assad-summit-moscow";
        let source = options.root.join(format!("content/articles/{slug}.json"));
        let mut article: serde_json::Value =
            serde_json::from_str(&fs::read_to_string(&source).unwrap()).unwrap();
        let section = article["section"].as_str().unwrap().to_owned();
        article["headline"] = "عنوان جديد للقمة".into();
        fs::write(&source, article.to_string()).unwrap();

        let report = publish(&options).unwrap();
        let after = snapshot(&options.dist);
        let touched = touched(&before, &after);
        let reported: BTreeSet<String> = report.changed.iter().cloned().collect();
        assert_eq!(touched, reported, "the report lists what was written");
        assert_eq!(report.encoded, 0, "no picture changed: none is encoded");

        let relating: Vec<String> = before
            .iter()
            .filter(|(path, _)| path.starts_with("api/articles/") && path.ends_with(".json"))
            .filter_map(|(_, (bytes, _))| serde_json::from_slice::<Article>(bytes).ok())
            .filter(|a| a.related.iter().any(|r| r.slug == slug))
            .map(|a| a.slug)
            .collect();
        assert!(!relating.is_empty(), "the fixture has articles relating it");
        let mut expected: BTreeSet<String> = [
            format!("api/articles/{slug}.json"),
            format!("article/{slug}/index.html"),
            "api/index.json".to_owned(),
            "index.html".to_owned(),
            "404.html".to_owned(),
            format!("api/sections/{section}.json"),
            format!("section/{section}/index.html"),
            "feed.xml".to_owned(),
            format!("section/{section}/feed.xml"),
        ]
        .into_iter()
        .collect();
        // The listings of its topics, which show its headline: their pages and feeds.
        for topic in ["syria", "russia", "kremlin", "politics"] {
            expected.insert(format!("api/topics/{topic}.json"));
            expected.insert(format!("topic/{topic}/index.html"));
            expected.insert(format!("topic/{topic}/feed.xml"));
        }
        for other in &relating {
            expected.insert(format!("api/articles/{other}.json"));
            expected.insert(format!("article/{other}/index.html"));
        }
        let raw: BTreeSet<String> = touched
            .iter()
            .filter(|p| !p.ends_with(".br") && !p.ends_with(".gz"))
            .cloned()
            .collect();
        assert_eq!(raw, expected);
        for path in &expected {
            for copy in [format!("{path}.br"), format!("{path}.gz")] {
                if after.contains_key(&copy) {
                    assert!(touched.contains(&copy), "{copy} is stale");
                }
            }
            assert!(
                String::from_utf8_lossy(&after[path].0).contains("عنوان جديد للقمة"),
                "{path} does not show the new headline"
            );
        }

        // An article taken down: its files go, and the report says so.
        let articles = options.root.join("content/articles");
        let sources: Vec<String> = fs::read_dir(&articles)
            .unwrap()
            .map(|e| fs::read_to_string(e.unwrap().path()).unwrap())
            .collect();
        let gone = fs::read_dir(&articles)
            .unwrap()
            .map(|e| {
                e.unwrap()
                    .file_name()
                    .to_string_lossy()
                    .replace(".json", "")
            })
            .find(|slug| {
                sources.iter().all(|text| {
                    !text.contains(&format!("\"{slug}\""))
                        || text.contains(&format!("\"slug\": \"{slug}\""))
                })
            })
            .unwrap();
        fs::remove_file(articles.join(format!("{gone}.json"))).unwrap();
        let report = publish(&options).unwrap();
        for path in [
            format!("api/articles/{gone}.json"),
            format!("article/{gone}/index.html"),
        ] {
            assert!(!options.dist.join(&path).exists(), "{path} is left");
            assert!(report.changed.contains(&path), "{path} is not reported");
            assert!(!options.dist.join(format!("{path}.br")).exists());
        }
        assert!(
            !options.dist.join(format!("article/{gone}")).exists(),
            "its page's folder is left"
        );
        // Nor does any listing, feed or sitemap name it any more (each named it before).
        let (page, quoted) = (format!("article/{gone}"), format!("\"{gone}\""));
        let naming = |files: &BTreeMap<String, (Vec<u8>, SystemTime)>| -> BTreeSet<String> {
            files
                .iter()
                .filter(|(path, _)| !path.ends_with(".br") && !path.ends_with(".gz"))
                .filter(|(_, (bytes, _))| {
                    let text = String::from_utf8_lossy(bytes);
                    text.contains(&quoted)
                        || text.match_indices(&page).any(|(at, _)| {
                            !text[at + page.len()..]
                                .starts_with(|c: char| c.is_ascii_alphanumeric() || c == '-')
                        })
                })
                .map(|(path, _)| path.clone())
                .collect()
        };
        let named = naming(&before);
        for kind in ["sitemap", "feed.xml", "api/sections/", "section/"] {
            assert!(
                named.iter().any(|path| path.contains(kind)),
                "no {kind} file named {gone} before: {named:?}"
            );
        }
        assert_eq!(naming(&snapshot(&options.dist)), BTreeSet::new());
        let _ = fs::remove_dir_all(&options.root);
    }

    /// The published files of the picture `src` in the bundle's API file `article`.
    fn variants_of(dist: &Path, article: &str) -> BTreeSet<String> {
        let text = fs::read_to_string(dist.join(format!("api/articles/{article}.json"))).unwrap();
        let article: Article = serde_json::from_str(&text).unwrap();
        let image = article.image.unwrap();
        image
            .variants
            .into_iter()
            .chain(image.card_variants)
            .map(|v| v.file)
            .collect()
    }

    /// Guards against a replaced photograph that leaves its old files in the bundle (stale
    /// pictures served forever under immutable names), misses some of its new ones, or rewrites
    /// other pictures' files; and against a picture's original reaching the bundle.
    #[test]
    fn a_changed_picture_replaces_exactly_its_files() {
        let options = fixture("picture");
        let images = own_images(&options);
        let slug = "hubble-extreme-deep-field";
        let photo = images.join(format!("{slug}.jpg"));
        // An original the app's build copied along with the drawings: never published.
        fs::create_dir_all(options.dist.join("images")).unwrap();
        fs::copy(&photo, options.dist.join(format!("images/{slug}.jpg"))).unwrap();

        let first = publish(&options).unwrap();
        let old = variants_of(&options.dist, slug);
        assert!(old.len() >= 8, "{old:?}");
        for file in &old {
            assert!(options.dist.join(file).is_file(), "{file} is published");
            assert!(first.changed.contains(file), "{file} is reported");
        }
        assert!(!options.dist.join(format!("images/{slug}.jpg")).exists());
        let before = snapshot(&options.dist);

        // Another picture under the same name (an app icon): new files, the old ones gone.
        fs::copy(repository().join("public/icons/icon-512.png"), &photo).unwrap();
        let report = publish(&options).unwrap();
        assert_eq!(report.encoded, 1);
        let new = variants_of(&options.dist, slug);
        assert!(old.is_disjoint(&new), "new names for new bytes");
        let expected: BTreeSet<String> = old.union(&new).cloned().collect();
        let pictures: BTreeSet<String> = touched(&before, &snapshot(&options.dist))
            .into_iter()
            .filter(|path| path.starts_with("images/"))
            .collect();
        assert_eq!(pictures, expected, "exactly its files changed");
        let reported: BTreeSet<String> = report
            .changed
            .iter()
            .filter(|path| path.starts_with("images/"))
            .cloned()
            .collect();
        assert_eq!(reported, expected, "and the report says so");
        for file in &old {
            assert!(!options.dist.join(file).exists(), "{file} is left");
        }
        let _ = fs::remove_dir_all(&options.root);
    }

    /// Gives the first picture inside the text of `slug`'s source another `src`; returns its
    /// block's index.
    fn replace_first_figure(options: &Options, slug: &str, src: &str) -> usize {
        let source = options.root.join(format!("content/articles/{slug}.json"));
        let mut article: serde_json::Value =
            serde_json::from_str(&fs::read_to_string(&source).unwrap()).unwrap();
        let blocks = article["body"].as_array_mut().unwrap();
        let at = blocks
            .iter()
            .position(|block| block["type"] == "figure")
            .unwrap();
        blocks[at]["image"]["src"] = src.into();
        fs::write(&source, article.to_string()).unwrap();
        at
    }

    /// Guards against a publish whose API differs from what the content derives when read whole
    /// (`make content`): the listings and articles are made one at a time from what was kept of
    /// each article, its text read again; a photograph inside the text is completed with its
    /// published files like a lead one; the feeds carry the full text of their articles.
    #[test]
    fn the_published_api_is_what_the_content_derives() {
        let options = fixture("derived");
        let slug = "coral-reef-heatwave";
        replace_first_figure(&options, slug, "images/hubble-extreme-deep-field.jpg");

        publish(&options).unwrap();
        let derived = khabar_content::files::build(&Layout {
            root: options.root.clone(),
        })
        .unwrap();
        assert!(derived.files.len() > 100, "{}", derived.files.len());
        for (path, text) in &derived.files {
            let published = fs::read_to_string(options.dist.join("api").join(path));
            assert_eq!(published.ok().as_deref(), Some(text.as_str()), "{path}");
        }
        // The feeds, made from every article's text read whole: the same bytes.
        let public = PublicUrl::new(&derived.site.url, "/");
        let mut feeds = feeds::feeds(&derived.site, &public, &derived.articles);
        feeds.extend(feeds::collection_feeds(
            &derived.site,
            &public,
            &derived.topics,
            &derived.writers,
            &derived.articles,
        ));
        assert!(feeds.len() > 20, "{}", feeds.len());
        for (path, xml) in &feeds {
            let published = fs::read_to_string(options.dist.join(path));
            assert_eq!(published.ok().as_deref(), Some(xml.as_str()), "{path}");
        }
        let text = fs::read_to_string(options.dist.join(format!("api/articles/{slug}.json")));
        let published: Article = serde_json::from_str(&text.unwrap()).unwrap();
        assert!(published.body.iter().any(|block| matches!(
            block,
            khabar::model::Block::Figure { image } if image.variants.len() >= 4
        )));
        let _ = fs::remove_dir_all(&options.root);
    }

    /// Guards against a problem in an article's text going unreported (the text is checked as
    /// the file is read, then let go): the publish stops, naming the file and the field, and
    /// writes nothing.
    #[test]
    fn a_problem_in_an_articles_text_stops_the_publish() {
        let options = fixture("text-problem");
        let slug = "coral-reef-heatwave";
        let at = replace_first_figure(&options, slug, "images/no-such-drawing.svg");

        let result = publish(&options);
        let Err(PublishError::Content(problems)) = result else {
            panic!("{result:?}");
        };
        assert!(
            problems
                .iter()
                .any(|p| p.file == format!("content/articles/{slug}.json")
                    && p.field.starts_with(&format!("body[{at}].image"))),
            "{problems:?}"
        );
        assert!(!options.dist.join("api").exists(), "nothing is published");
        let _ = fs::remove_dir_all(&options.root);
    }

    /// Guards against a republish that reads every article's file again (at 100,000 articles,
    /// most of its time), and against one that trusts what it kept of a file that changed: an
    /// edit that keeps the file's size and modification time is seen, a new paragraph reaches
    /// the feeds, and a picture gone from under a kept article is reported.
    #[test]
    fn a_republish_reads_only_the_files_that_changed() {
        let options = fixture("kept");
        let images = own_images(&options);
        let articles = options.root.join("content/articles");
        let count = fs::read_dir(&articles).unwrap().count();
        // A file changed just before it is read is read again next time: let them settle.
        std::thread::sleep(SETTLING + Duration::from_millis(200));
        assert_eq!(publish(&options).unwrap().read, count);
        let again = publish(&options).unwrap();
        assert_eq!(again.read, 0, "nothing changed: no file is read");
        assert_eq!(again.changed, Vec::<String>::new());

        // A picture inside a kept article's text, gone: the publish stops and says where.
        let chart = images.join("coral-reef-heatwave-chart.svg");
        let drawing = fs::read(&chart).unwrap();
        fs::remove_file(&chart).unwrap();
        let result = publish(&options);
        let Err(PublishError::Content(problems)) = result else {
            panic!("{result:?}");
        };
        assert!(
            problems
                .iter()
                .any(|p| p.file == "content/articles/coral-reef-heatwave.json"
                    && p.field.starts_with("body[")
                    && p.field.ends_with("].image.src")),
            "{problems:?}"
        );
        fs::write(&chart, drawing).unwrap();

        // A paragraph added to the newest article: read again, and in the site's feed.
        let newest = articles.join("old-cinema-restored.json");
        let mut article: serde_json::Value =
            serde_json::from_str(&fs::read_to_string(&newest).unwrap()).unwrap();
        let added = "فقرة أضيفت إلى المقال بعد نشره";
        article["body"]
            .as_array_mut()
            .unwrap()
            .push(serde_json::json!({ "type": "paragraph", "text": added }));
        fs::write(&newest, article.to_string()).unwrap();
        let report = publish(&options).unwrap();
        assert_eq!(report.read, 1);
        let feed = fs::read_to_string(options.dist.join("feed.xml")).unwrap();
        assert!(feed.contains(added), "the feed carries the new paragraph");

        // A headline edited in place: same size, modification time put back.
        let source = articles.join("putin-assad-summit-moscow.json");
        let text = fs::read_to_string(&source).unwrap();
        let modified = fs::metadata(&source).unwrap().modified().unwrap();
        let article: serde_json::Value = serde_json::from_str(&text).unwrap();
        let headline = article["headline"].as_str().unwrap();
        let edited = headline.replacen('ا', "ب", 1);
        assert_ne!(edited, headline);
        fs::write(&source, text.replacen(headline, &edited, 1)).unwrap();
        fs::File::options()
            .write(true)
            .open(&source)
            .unwrap()
            .set_modified(modified)
            .unwrap();
        let meta = fs::metadata(&source).unwrap();
        assert_eq!(
            (meta.len(), meta.modified().unwrap()),
            (text.len() as u64, modified)
        );
        let report = publish(&options).unwrap();
        // And the article edited above, which had changed too recently to be kept.
        assert_eq!(report.read, 2);
        let published = fs::read_to_string(
            options
                .dist
                .join("api/articles/putin-assad-summit-moscow.json"),
        );
        assert!(
            published.unwrap().contains(&edited),
            "the edit is published"
        );
        let _ = fs::remove_dir_all(&options.root);
    }

    /// Guards against a problem hidden by what a publish keeps of the files it read: a file with
    /// a wrong date (its text fine) is refused by every publish until it is fixed, not only by
    /// the first.
    #[test]
    fn a_problem_is_reported_by_every_publish_until_it_is_fixed() {
        let options = fixture("kept-problem");
        let source = options
            .root
            .join("content/articles/putin-assad-summit-moscow.json");
        let mut article: serde_json::Value =
            serde_json::from_str(&fs::read_to_string(&source).unwrap()).unwrap();
        article["published"] = "yesterday".into();
        fs::write(&source, article.to_string()).unwrap();
        std::thread::sleep(SETTLING + Duration::from_millis(200));
        for run in ["first", "second"] {
            let result = publish(&options);
            let Err(PublishError::Content(problems)) = result else {
                panic!("{run}: {result:?}");
            };
            assert!(
                problems.iter().any(|p| p.file
                    == "content/articles/putin-assad-summit-moscow.json"
                    && p.field == "published"),
                "{run}: {problems:?}"
            );
        }
        let _ = fs::remove_dir_all(&options.root);
    }

    /// Guards against a publish into a folder the app was never built into, which would write
    /// pages without the app's assets.
    #[test]
    fn publishing_needs_a_built_app() {
        let mut options = fixture("no-bundle");
        options.dist = options.root.join("empty");
        let result = publish(&options);
        let _ = fs::remove_dir_all(&options.root);
        assert!(
            matches!(result, Err(PublishError::NoBundle(_))),
            "{result:?}"
        );
    }
}
