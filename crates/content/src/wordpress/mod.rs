//! `khabar-content import-wordpress`: a WordPress export (WXR) into `content/`.
//!
//! Published posts become `content/articles/<slug>.json`, their categories sections of
//! `content/site.json`, their pictures files under `public/images/wp/`, and every old address a
//! redirect (`deploy/redirects.conf`, `public/_redirects`). What was imported is recorded in
//! `content/wordpress-import.json`, so a rerun rewrites only what changed in WordPress and never
//! an article someone edited by hand since (unless `--force`).

pub mod html;
pub mod redirects;
pub mod report;
pub mod site;
pub mod slug;
pub mod wxr;

use crate::{source::ArticleSource, validate::validate, Corpus};
use html::{Picture, Resolve};
use khabar_model::{Author, Block, Image, Inline, Site, Span, Writer};
use redirects::Redirects;
use report::{ImportReport, Outcome, PostReport, Removals};
use serde::{Deserialize, Serialize};
use std::{
    collections::{BTreeMap, HashMap, HashSet},
    fs,
    path::{Path, PathBuf},
};
use wxr::Item;

/// The manifest of imported posts, in `content/`.
pub const MANIFEST: &str = "wordpress-import.json";

/// Picture formats copied as they are (browsers show them all; the content rules accept them).
pub const IMAGE_EXTENSIONS: &[&str] = &["jpg", "jpeg", "png", "webp", "gif", "svg"];

/// What to import, and where.
#[derive(Clone, Debug)]
pub struct Options {
    /// The project directory (`content/`, `public/`, `deploy/` are under it).
    pub root: PathBuf,
    /// The export file.
    pub export: PathBuf,
    /// The site's `wp-content/uploads` folder.
    pub uploads: Option<PathBuf>,
    /// Overwrite imported articles edited by hand since.
    pub force: bool,
}

/// Why an import could not run at all (a single post's problem is reported, not an error).
#[derive(Debug, thiserror::Error)]
pub enum ImportError {
    #[error("cannot read {path}: {source}")]
    Read {
        path: String,
        source: std::io::Error,
    },
    #[error("{path}: {source}")]
    Export { path: String, source: wxr::WxrError },
    #[error("{path}: {message}")]
    Invalid { path: String, message: String },
    #[error("cannot write {path}: {source}")]
    Write {
        path: String,
        source: std::io::Error,
    },
}

/// One imported post, as recorded for the next run.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ManifestEntry {
    /// The WordPress post id.
    pub id: u64,
    pub slug: String,
    /// FNV-1a of the article file as written: a different file was edited by hand.
    pub hash: String,
    /// The old addresses redirected to the article (decoded paths).
    pub paths: Vec<String>,
    /// The post's WordPress tags: their archives (`/tag/<name>/`) go to their topics.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub tags: Vec<TagRef>,
    /// The post's WordPress author: their archive (`/author/<name>/`) goes to the writer's page.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub author: Option<AuthorRef>,
}

/// A WordPress tag of an imported post.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct TagRef {
    /// Its archive's name, decoded (`/tag/<nicename>/`).
    pub nicename: String,
    /// Its name: the post's tag, and so its topic.
    pub name: String,
}

/// The WordPress author of an imported post.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct AuthorRef {
    /// The login, which names the author's archive.
    pub login: String,
    /// The name the byline shows, which names the writer.
    pub name: String,
}

#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
struct Manifest {
    posts: Vec<ManifestEntry>,
}

/// An article in the documented source format, keys in the order authors write them.
#[derive(Serialize)]
struct ArticleOut<'a> {
    slug: &'a str,
    section: &'a str,
    headline: &'a str,
    #[serde(skip_serializing_if = "Option::is_none")]
    subtitle: Option<&'a str>,
    summary: &'a str,
    published: &'a str,
    #[serde(skip_serializing_if = "Option::is_none")]
    updated: Option<&'a str>,
    authors: &'a [Author],
    #[serde(skip_serializing_if = "Option::is_none")]
    image: Option<&'a Image>,
    tags: &'a [String],
    body: &'a [Block],
    related: [&'a str; 0],
}

fn read(path: &Path) -> Result<String, ImportError> {
    fs::read_to_string(path).map_err(|source| ImportError::Read {
        path: path.display().to_string(),
        source,
    })
}

fn write(path: &Path, contents: &[u8]) -> Result<bool, ImportError> {
    if fs::read(path).ok().as_deref() == Some(contents) {
        return Ok(false);
    }
    let fail = |source| ImportError::Write {
        path: path.display().to_string(),
        source,
    };
    if let Some(parent) = path.parent() {
        fs::create_dir_all(parent).map_err(fail)?;
    }
    fs::write(path, contents).map_err(fail)?;
    Ok(true)
}

fn hash_hex(bytes: &[u8]) -> String {
    format!("{:016x}", slug::fnv1a(bytes))
}

/// Runs the import and returns what it did.
pub fn import(options: &Options) -> Result<ImportReport, ImportError> {
    let xml = read(&options.export)?;
    let export = wxr::parse(&xml).map_err(|source| ImportError::Export {
        path: options.export.display().to_string(),
        source,
    })?;
    let content = options.root.join("content");
    let articles_dir = content.join("articles");
    let public = options.root.join("public");

    let manifest_path = content.join(MANIFEST);
    let mut manifest: Manifest = match fs::read_to_string(&manifest_path) {
        Ok(text) => serde_json::from_str(&text).map_err(|e| ImportError::Invalid {
            path: manifest_path.display().to_string(),
            message: e.to_string(),
        })?,
        Err(_) => Manifest::default(),
    };
    let site_path = content.join("site.json");
    let mut site_file =
        site::SiteFile::parse(&read(&site_path)?).map_err(|message| ImportError::Invalid {
            path: site_path.display().to_string(),
            message,
        })?;

    let by_id: HashMap<u64, &ManifestEntry> = manifest.posts.iter().map(|e| (e.id, e)).collect();
    let imported_slugs: HashSet<&str> = manifest.posts.iter().map(|e| e.slug.as_str()).collect();
    // Slugs of articles not from this import (written by hand): never reused.
    let mut taken: HashSet<String> = fs::read_dir(&articles_dir)
        .map(|entries| {
            entries
                .filter_map(Result::ok)
                .filter_map(|e| {
                    e.file_name()
                        .to_str()
                        .and_then(|n| n.strip_suffix(".json"))
                        .map(str::to_owned)
                })
                .filter(|s| !imported_slugs.contains(s.as_str()))
                .collect()
        })
        .unwrap_or_default();

    let mut items: Vec<&Item> = export.items.iter().collect();
    items.sort_by_key(|i| i.id);
    let mut report = ImportReport::default();
    let posts: Vec<&Item> = items
        .iter()
        .copied()
        .filter(|item| {
            let reason = match (item.post_type.as_str(), item.status.as_str()) {
                ("post", "publish") if !item.password.is_empty() => "password-protected",
                ("post", "publish") => return true,
                ("post", status) => status,
                (kind, _) => kind,
            };
            report.skip(reason);
            false
        })
        .collect();

    // Slugs first, so links between posts can point at their new addresses.
    for entry in &manifest.posts {
        taken.insert(entry.slug.clone());
    }
    let mut slugs: BTreeMap<u64, String> = BTreeMap::new();
    for post in &posts {
        let slug = match by_id.get(&post.id) {
            Some(entry) => entry.slug.clone(),
            None => {
                let wanted = slug::transliterate(&slug::decode(&post.name))
                    .or_else(|| slug::transliterate(&html::to_text(&post.title)));
                let slug = slug::unique(wanted, post.id, &|s| taken.contains(s));
                taken.insert(slug.clone());
                slug
            }
        };
        slugs.insert(post.id, slug);
    }
    let mut links = Redirects::default();
    for post in &posts {
        let slug = &slugs[&post.id];
        for path in old_paths(post) {
            links.add_path(&path, slug);
        }
        links.ids.insert(post.id, slug.clone());
    }

    let attachments: HashMap<u64, &Item> = items
        .iter()
        .filter(|i| i.post_type == "attachment")
        .map(|i| (i.id, *i))
        .collect();
    // In id order, the first attachment of a file wins: the same on every run.
    let mut by_file: HashMap<String, &Item> = HashMap::new();
    for attachment in items.iter().filter(|i| i.post_type == "attachment") {
        if let Some(path) = uploads_path(&attachment.attachment_url) {
            by_file.entry(path).or_insert(attachment);
        }
    }
    let authors: HashMap<&str, &str> = export
        .authors
        .iter()
        .map(|(login, name)| (login.as_str(), name.as_str()))
        .collect();
    let category_ids: HashMap<u64, &str> = export
        .categories
        .iter()
        .map(|c| (c.id, c.nicename.as_str()))
        .collect();
    let site_host = host(&export.site_url);

    let mut pictures = Pictures {
        uploads: options.uploads.as_deref(),
        by_file: &by_file,
        links: &links,
        site_host: &site_host,
        planned: BTreeMap::new(),
        missing: Vec::new(),
    };
    let mut sections_added = Vec::new();
    // Writers the import will declare, one per WordPress author of an imported post.
    let mut planned_writers: Vec<Writer> = Vec::new();
    let mut writers_added = false;
    let mut entries: BTreeMap<u64, ManifestEntry> =
        manifest.posts.drain(..).map(|e| (e.id, e)).collect();

    // First every post is converted and checked, so that links to a post that will not be
    // written can be unlinked before anything is.
    let site_offset = usual_offset(&posts);
    let mut prepared: Vec<Prepared<'_>> = Vec::with_capacity(posts.len());
    for post in &posts {
        let slug = slugs[&post.id].clone();
        let mut removed = Removals::default();
        pictures.planned.clear();
        pictures.missing.clear();
        let (section, new_section) = section_for(post, &category_ids, &site_file);
        let mut body = html::to_blocks(&post.content, &mut pictures, &mut removed);
        let image = featured(post, &attachments, &mut pictures);
        if let Some(lead) = &image {
            // Themes show the featured picture above the text; WordPress bodies often repeat it.
            body.retain(|b| !matches!(b, Block::Figure { image } if image.src == lead.src));
        }
        let published = timestamp(&post.date, &post.date_gmt, site_offset);
        let updated = timestamp(&post.modified, &post.modified_gmt, site_offset)
            .filter(|u| Some(u) != published.as_ref())
            .filter(|u| published.as_ref().is_none_or(|p| later(u, p)));
        let authors: Vec<Author> = Some(post.creator.trim())
            .filter(|l| !l.is_empty())
            .map(|login| Author {
                name: authors
                    .get(login)
                    .map(|n| html::to_text(n))
                    .filter(|n| !n.is_empty())
                    .unwrap_or_else(|| login.to_owned()),
                url: None,
                slug: None,
            })
            .into_iter()
            .collect();
        let new_writer = authors.first().and_then(|author| {
            let declared = site_file.writers();
            if declared.iter().any(|w| w.name.trim() == author.name.trim()) {
                return None;
            }
            if let Some(planned) = planned_writers.iter().find(|w| w.name == author.name) {
                return Some(planned.clone());
            }
            let login = post.creator.trim();
            let wanted = slug::transliterate(login).or_else(|| slug::transliterate(&author.name));
            let taken = |s: &str| declared.iter().chain(&planned_writers).any(|w| w.slug == s);
            let base = wanted.unwrap_or_else(|| "writer".to_owned());
            let slug = std::iter::once(base.clone())
                .chain((2..).map(|n| format!("{base}-{n}")))
                .find(|s| !taken(s))
                .unwrap_or(base);
            let writer = Writer {
                slug,
                name: author.name.clone(),
                role: None,
                bio: None,
                picture: None,
            };
            planned_writers.push(writer.clone());
            Some(writer)
        });
        let mut tags: Vec<String> = Vec::new();
        for term in post.terms.iter().filter(|t| t.domain == "post_tag") {
            // WordPress keeps term names HTML-escaped (`A &amp; B`).
            let name = html::to_text(&term.name);
            if !name.is_empty() && !tags.contains(&name) {
                tags.push(name);
            }
        }
        let summary = summary(&html::to_text(&post.excerpt), &body);
        let mut item = Prepared {
            post,
            report: PostReport {
                id: post.id,
                title: html::to_text(&post.title),
                wordpress_slug: slug::decode(&post.name),
                slug: slug.clone(),
                outcome: Outcome::Skipped,
                reason: None,
                removed,
                images: 0,
                images_missing: pictures.missing.clone(),
            },
            headline: html::to_text(&post.title),
            // Jannah's sub title, shown under the headline.
            subtitle: post
                .meta("tie_post_sub_title")
                .map(html::to_text)
                .filter(|t| !t.is_empty()),
            slug,
            section,
            new_section,
            summary,
            published: published.unwrap_or_default(),
            updated,
            authors,
            new_writer,
            image,
            tags,
            body,
            planned: pictures.planned.clone(),
            json: String::new(),
            problems: None,
        };
        item.check(&site_file, &public);
        prepared.push(item);
    }
    let dead: HashSet<String> = prepared
        .iter()
        .filter(|p| {
            let deleted = entries.contains_key(&p.post.id)
                && !articles_dir.join(format!("{}.json", p.slug)).exists();
            p.problems.is_some() || (deleted && !options.force)
        })
        .map(|p| format!("/article/{}", p.slug))
        .collect();
    for item in prepared.iter_mut().filter(|p| p.problems.is_none()) {
        if unlink(&mut item.body, &dead) {
            item.check(&site_file, &public);
        }
    }

    for item in prepared {
        let Prepared {
            post,
            report: mut post_report,
            slug,
            section,
            new_section,
            new_writer,
            planned,
            json,
            problems,
            authors: bylines,
            ..
        } = item;
        report.images_missing += post_report.images_missing.len();
        let target = articles_dir.join(format!("{slug}.json"));
        let on_disk = fs::read(&target).ok();
        // What the import wrote last time, or nothing: anything else is an editor's work.
        let by_hand = match (&on_disk, entries.get(&post.id)) {
            (Some(bytes), Some(entry)) if hash_hex(bytes) != entry.hash => Some("edited by hand"),
            (Some(_), None) => Some("edited by hand"),
            (None, Some(_)) => Some("deleted by hand"),
            _ => None,
        };
        if let Some(problems) = problems {
            post_report.reason = Some(format!("cannot be made valid: {problems}"));
            report.skip("invalid");
        } else if let Some(why) = by_hand.filter(|_| !options.force) {
            post_report.reason = Some(format!(
                "content/articles/{slug}.json was {why} since it was imported: left as it is (--force replaces it)"
            ));
            report.skip(why);
        } else {
            for (dest, src) in &planned {
                if copy_if_changed(src, &public.join(dest))? {
                    report.images_copied += 1;
                }
            }
            post_report.images = planned.len();
            if write(&target, json.as_bytes())? {
                post_report.outcome = Outcome::Written;
                report.imported += 1;
            } else {
                post_report.outcome = Outcome::Unchanged;
                report.unchanged += 1;
            }
            if new_section && !site_file.sections().iter().any(|s| s.slug == section.slug) {
                sections_added.push(section.slug.clone());
                site_file.add_section(&section);
            }
            if let Some(writer) = new_writer {
                if !site_file.writers().iter().any(|w| w.name == writer.name) {
                    site_file.add_writer(&writer);
                    writers_added = true;
                }
            }
            report.removed.extend(&post_report.removed);
            entries.insert(
                post.id,
                ManifestEntry {
                    id: post.id,
                    slug: slug.clone(),
                    hash: hash_hex(json.as_bytes()),
                    paths: old_paths(post),
                    tags: post
                        .terms
                        .iter()
                        .filter(|t| t.domain == "post_tag")
                        .map(|t| TagRef {
                            nicename: slug::decode(&t.nicename),
                            name: html::to_text(&t.name),
                        })
                        .filter(|t| !t.nicename.trim().is_empty() && !t.name.is_empty())
                        .collect(),
                    author: Some(post.creator.trim())
                        .filter(|login| !login.is_empty())
                        .zip(bylines.first())
                        .map(|(login, byline)| AuthorRef {
                            login: login.to_owned(),
                            name: byline.name.clone(),
                        }),
                },
            );
        }
        report.posts.push(post_report);
    }

    if !sections_added.is_empty() || writers_added {
        write(&site_path, site_file.render().as_bytes())?;
    }
    report.sections_added = sections_added;
    let manifest = Manifest {
        posts: entries.into_values().collect(),
    };
    let mut manifest_json = serde_json::to_string_pretty(&manifest).unwrap_or_default();
    manifest_json.push('\n');
    write(&manifest_path, manifest_json.as_bytes())?;

    // Redirects for every post ever imported, so a partial export never drops old links.
    let mut redirects = Redirects::default();
    for entry in &manifest.posts {
        for path in &entry.paths {
            redirects.add_path(path, &entry.slug);
        }
        redirects.ids.insert(entry.id, entry.slug.clone());
    }
    archive_redirects(&mut redirects, &manifest.posts, &site_file);
    report.redirects = redirects.len();
    write(
        &options.root.join("deploy").join("redirects.conf"),
        redirects.nginx().as_bytes(),
    )?;
    write(&public.join("_redirects"), redirects.netlify().as_bytes())?;
    Ok(report)
}

/// The tag and author archives of every post ever imported, sent to their topics' and writers'
/// pages. A topic's address is the one `make content` gives it (`content/site.json`'s `topics`,
/// else its letters in Latin: see `crate::topics`); a writer's is the declared writer's of the
/// same name.
fn archive_redirects(redirects: &mut Redirects, posts: &[ManifestEntry], site: &site::SiteFile) {
    let declared = site.topic_slugs();
    let topic_slug = |name: &str| {
        let key = khabar_model::topic_key(name);
        declared
            .iter()
            .find(|(n, _)| khabar_model::topic_key(n) == key)
            .map(|(_, s)| s.clone())
            .or_else(|| slug::transliterate(&key))
    };
    let writers = site.writers();
    // Archive → (its page here, how many imported posts it lists).
    let mut archives: BTreeMap<String, (String, usize)> = BTreeMap::new();
    for post in posts {
        for tag in &post.tags {
            if let Some(slug) = topic_slug(&tag.name) {
                let entry = archives
                    .entry(format!("/tag/{}/", tag.nicename))
                    .or_insert_with(|| (format!("/topic/{slug}"), 0));
                entry.1 += 1;
            }
        }
        let Some(author) = &post.author else { continue };
        let writer = writers.iter().find(|w| w.name.trim() == author.name.trim());
        if let (Some(writer), Some(name)) = (writer, redirects::author_archive_name(&author.login))
        {
            let entry = archives
                .entry(format!("/author/{name}/"))
                .or_insert_with(|| (format!("/author/{}", writer.slug), 0));
            entry.1 += 1;
        }
    }
    for (base, (target, count)) in archives {
        // A path nginx looks up as written (no `//`, `.` or `..`, control character, own route).
        if redirects::old_path(&base).as_deref() == Some(base.as_str()) {
            redirects.add_archive(&base, &target, count);
        }
    }
}

/// Parses the would-be file with the tool's own reader and runs its rules on it.
fn check(
    slug: &str,
    json: &str,
    site: Site,
    writers: Vec<Writer>,
    image_exists: &dyn Fn(&str) -> bool,
) -> Option<String> {
    let article: ArticleSource = match serde_json::from_str(json) {
        Ok(article) => article,
        Err(e) => return Some(e.to_string()),
    };
    let corpus = Corpus {
        writers,
        ..Corpus::new(site, vec![(format!("{slug}.json"), article)])
    };
    let problems = validate(&corpus, image_exists);
    (!problems.is_empty()).then(|| {
        problems
            .iter()
            .map(|p| {
                if p.field.is_empty() {
                    p.message.clone()
                } else {
                    format!("{}: {}", p.field, p.message)
                }
            })
            .collect::<Vec<_>>()
            .join("; ")
    })
}

/// One post converted, waiting to be written.
struct Prepared<'a> {
    post: &'a Item,
    report: PostReport,
    slug: String,
    section: khabar_model::Section,
    /// The section is not in `content/site.json` yet.
    new_section: bool,
    headline: String,
    subtitle: Option<String>,
    summary: String,
    published: String,
    updated: Option<String>,
    authors: Vec<Author>,
    /// The writer to declare in `content/site.json` for the post's author, if not there yet.
    new_writer: Option<Writer>,
    image: Option<Image>,
    tags: Vec<String>,
    body: Vec<Block>,
    /// Published picture path → file in the uploads folder.
    planned: BTreeMap<String, PathBuf>,
    /// The article file as it would be written.
    json: String,
    /// Why it cannot be written, by `make content`'s rules.
    problems: Option<String>,
}

impl Prepared<'_> {
    /// Renders the article file and runs `make content`'s checks on it.
    fn check(&mut self, site: &site::SiteFile, public: &Path) {
        let out = ArticleOut {
            slug: &self.slug,
            section: &self.section.slug,
            headline: &self.headline,
            subtitle: self.subtitle.as_deref(),
            summary: &self.summary,
            published: &self.published,
            updated: self.updated.as_deref(),
            authors: &self.authors,
            image: self.image.as_ref(),
            tags: &self.tags,
            body: &self.body,
            related: [],
        };
        let mut json = serde_json::to_string_pretty(&out).unwrap_or_default();
        json.push('\n');
        let mut site_model = site.model();
        if self.new_section {
            site_model.sections.push(self.section.clone());
        }
        let planned = &self.planned;
        let mut writers = site.writers();
        writers.extend(self.new_writer.clone());
        self.problems = check(&self.slug, &json, site_model, writers, &|src| {
            planned.contains_key(src) || public.join(src).is_file()
        });
        self.json = json;
    }
}

/// Links to articles that will not exist become plain text; whether any did.
fn unlink(body: &mut [Block], dead: &HashSet<String>) -> bool {
    let mut changed = false;
    let mut fix = |inline: &mut Inline| {
        let Inline::Runs(spans) = inline else {
            return;
        };
        if !spans
            .iter()
            .any(|s| matches!(s, Span::Styled { href: Some(h), .. } if dead.contains(h)))
        {
            return;
        }
        changed = true;
        let mut kept: Vec<Span> = Vec::with_capacity(spans.len());
        for span in spans.drain(..) {
            let span = match span {
                Span::Styled {
                    text,
                    href,
                    emphasis,
                    strong,
                } => {
                    let href = href.filter(|h| !dead.contains(h));
                    if href.is_none() && !emphasis && !strong {
                        Span::Text(text)
                    } else {
                        Span::Styled {
                            text,
                            href,
                            emphasis,
                            strong,
                        }
                    }
                }
                text => text,
            };
            match (kept.last_mut(), span) {
                (Some(Span::Text(before)), Span::Text(text)) => before.push_str(&text),
                (_, span) => kept.push(span),
            }
        }
        *inline = match kept.as_slice() {
            [Span::Text(text)] => Inline::Plain(text.clone()),
            _ => Inline::Runs(kept),
        };
    };
    for block in body.iter_mut() {
        match block {
            Block::Paragraph { text } | Block::Quote { text, .. } => fix(text),
            Block::List { items, .. } => items.iter_mut().for_each(&mut fix),
            Block::Heading { .. } | Block::Figure { .. } => {}
        }
    }
    changed
}

/// The addresses a post had: its permalink and `/<slug>/` (WordPress answers both).
fn old_paths(post: &Item) -> Vec<String> {
    let mut paths: Vec<String> = Vec::new();
    let name = slug::decode(&post.name);
    let candidates = [
        redirects::old_path(&post.link),
        (!name.trim().is_empty())
            .then(|| format!("/{name}/"))
            .and_then(|p| redirects::old_path(&p)),
    ];
    for path in candidates.into_iter().flatten() {
        if !paths.contains(&path) {
            paths.push(path);
        }
    }
    paths
}

/// The post's primary category (Yoast's or Jannah's choice, else the first listed) as a section, and
/// whether that section is new to `content/site.json`.
fn section_for(
    post: &Item,
    category_ids: &HashMap<u64, &str>,
    site: &site::SiteFile,
) -> (khabar_model::Section, bool) {
    let categories: Vec<&wxr::ItemTerm> = post
        .terms
        .iter()
        .filter(|t| t.domain == "category")
        .collect();
    let primary = ["_yoast_wpseo_primary_category", "tie_primary_category"]
        .iter()
        .find_map(|key| post.meta(key))
        .and_then(|id| id.trim().parse::<u64>().ok())
        .and_then(|id| category_ids.get(&id))
        .and_then(|nicename| categories.iter().find(|c| c.nicename == *nicename))
        .or(categories.first());
    let Some(category) = primary else {
        let first = site.sections().into_iter().next();
        return match first {
            Some(section) => (section, false),
            None => (
                khabar_model::Section {
                    slug: "news".into(),
                    name: "الأخبار".into(),
                },
                true,
            ),
        };
    };
    let name = html::to_text(&category.name);
    let sections = site.sections();
    if let Some(same) = sections.iter().find(|s| s.name == name) {
        return (same.clone(), false);
    }
    let slug = slug::transliterate(&slug::decode(&category.nicename))
        .or_else(|| slug::transliterate(&name))
        .unwrap_or_else(|| "section".to_owned());
    match sections.iter().find(|s| s.slug == slug) {
        Some(same) => (same.clone(), false),
        None => (khabar_model::Section { slug, name }, true),
    }
}

/// The featured picture (`_thumbnail_id`), alt from the attachment's alt, caption or title.
fn featured(
    post: &Item,
    attachments: &HashMap<u64, &Item>,
    pictures: &mut Pictures<'_>,
) -> Option<Image> {
    let id: u64 = post.meta("_thumbnail_id")?.trim().parse().ok()?;
    let Some(attachment) = attachments.get(&id) else {
        pictures.missing.push(format!(
            "featured picture {id}: no such attachment in the export"
        ));
        return None;
    };
    let caption = Some(html::to_text(&attachment.excerpt)).filter(|c| !c.is_empty());
    // This attachment's own description, even when another one shares its file.
    let alt = [
        attachment
            .meta("_wp_attachment_image_alt")
            .map(html::collapse),
        caption.clone(),
        Some(html::collapse(&attachment.title)),
    ]
    .into_iter()
    .flatten()
    .find(|a| !a.is_empty())
    .unwrap_or_default();
    pictures.picture(&Picture {
        src: attachment.attachment_url.clone(),
        alt,
        caption,
        width: None,
        height: None,
    })
}

/// The export's excerpt, else the first sentences of the text, within the summary limit.
fn summary(excerpt: &str, body: &[Block]) -> String {
    let max = crate::validate::MAX_SUMMARY_CHARS;
    let text = if excerpt.is_empty() {
        body.iter()
            .find_map(|b| match b {
                Block::Paragraph { text } => Some(text.plain_text()),
                _ => None,
            })
            .unwrap_or_default()
    } else {
        excerpt.to_owned()
    };
    let text = html::collapse(&text);
    if text.chars().count() <= max {
        return text;
    }
    // Whole sentences while they fit; else cut at a word and mark the cut.
    let mut out = String::new();
    let mut sentence = String::new();
    for c in text.chars() {
        sentence.push(c);
        if matches!(c, '.' | '!' | '?' | '؟' | '…') {
            if out.chars().count() + sentence.chars().count() > max {
                break;
            }
            out.push_str(&sentence);
            sentence.clear();
        }
    }
    let out = out.trim().to_owned();
    if !out.is_empty() {
        return out;
    }
    let cut: String = text.chars().take(max - 1).collect();
    let cut = cut.rsplit_once(' ').map_or(cut.as_str(), |(head, _)| head);
    format!("{}…", cut.trim_end())
}

/// `2023-03-15 21:00:00` (site time) and its UTC twin as ISO-8601 with the site's offset.
/// `2023-03-15 21:00:00` (site time) and its UTC twin as ISO-8601 with the site's offset. Without
/// the UTC twin (WordPress leaves `0000-00-00 00:00:00` on some posts), the site's usual offset
/// is used, else the time is taken as UTC.
fn timestamp(local: &str, gmt: &str, site_offset: Option<i64>) -> Option<String> {
    let l = civil_seconds(local)?;
    let date = |s: &str| format!("{}T{}", &s[..10], &s[11..19]);
    let valid = |o: &i64| o % 900 == 0 && o.abs() <= 14 * 3600;
    let with_offset = |o: i64| {
        let sign = if o < 0 { '-' } else { '+' };
        let minutes = o.abs() / 60;
        format!(
            "{}{sign}{:02}:{:02}",
            date(local),
            minutes / 60,
            minutes % 60
        )
    };
    Some(match civil_seconds(gmt) {
        Some(g) if valid(&(l - g)) => with_offset(l - g),
        // An offset no time zone has: the UTC time is the one to trust.
        Some(_) => format!("{}Z", date(gmt)),
        None => match site_offset.filter(valid) {
            Some(o) => with_offset(o),
            None => format!("{}Z", date(local)),
        },
    })
}

/// The offset most posts of the export were published with, in seconds.
fn usual_offset(posts: &[&Item]) -> Option<i64> {
    let mut counts: BTreeMap<i64, usize> = BTreeMap::new();
    for post in posts {
        if let (Some(l), Some(g)) = (civil_seconds(&post.date), civil_seconds(&post.date_gmt)) {
            *counts.entry(l - g).or_default() += 1;
        }
    }
    counts
        .into_iter()
        .max_by_key(|&(offset, n)| (n, std::cmp::Reverse(offset)))
        .map(|(offset, _)| offset)
}

fn later(a: &str, b: &str) -> bool {
    match (
        khabar_model::datetime::parse(a),
        khabar_model::datetime::parse(b),
    ) {
        (Ok(a), Ok(b)) => a.epoch_ms > b.epoch_ms,
        _ => false,
    }
}

/// Seconds since 1970 of `YYYY-MM-DD HH:MM:SS`; `None` for WordPress's `0000-00-00 00:00:00`.
fn civil_seconds(s: &str) -> Option<i64> {
    let b = s.as_bytes();
    if b.len() < 19 || !s.is_char_boundary(19) {
        return None;
    }
    let n = |from: usize, to: usize| s.get(from..to)?.parse::<i64>().ok();
    let (y, m, d) = (n(0, 4)?, n(5, 7)?, n(8, 10)?);
    let (hh, mm, ss) = (n(11, 13)?, n(14, 16)?, n(17, 19)?);
    if y == 0 || !(1..=12).contains(&m) || !(1..=31).contains(&d) || hh > 23 || mm > 59 || ss > 60 {
        return None;
    }
    let days = khabar_model::datetime::days_from_civil(y, m, d);
    Some(days * 86_400 + hh * 3600 + mm * 60 + ss)
}

/// The host of a URL, lower-case, without `www.`.
fn host(url: &str) -> String {
    url.split_once("://")
        .map(|(_, rest)| rest.split(['/', '?', '#']).next().unwrap_or(""))
        .unwrap_or("")
        .trim_start_matches("www.")
        .to_ascii_lowercase()
}

/// The path under `wp-content/uploads/` of a picture's address, decoded.
fn uploads_path(src: &str) -> Option<String> {
    let path = src.split(['?', '#']).next()?;
    let (_, rest) = path.split_once("/wp-content/uploads/")?;
    let rest = slug::decode(rest);
    let ok = !rest.is_empty()
        && rest
            .split('/')
            .all(|s| !s.is_empty() && s != "." && s != ".." && !s.contains('\\'));
    ok.then_some(rest)
}

/// `photo-300x200.jpg` → `photo.jpg`: WordPress's resized copy's original.
fn original_of(path: &str) -> Option<String> {
    let (stem, ext) = path.rsplit_once('.')?;
    let (base, size) = stem.rsplit_once('-')?;
    let (w, h) = size.split_once('x')?;
    (!w.is_empty() && !h.is_empty() && w.bytes().chain(h.bytes()).all(|b| b.is_ascii_digit()))
        .then(|| format!("{base}.{ext}"))
}

/// The site path a picture is published under: `images/wp/<year>/<month>/<file>`, each
/// segment made of the characters the content rules accept.
fn published_path(uploads_rel: &str) -> String {
    let segments: Vec<String> = uploads_rel.split('/').map(slug::file_name).collect();
    format!("images/wp/{}", segments.join("/"))
}

fn copy_if_changed(src: &Path, dest: &Path) -> Result<bool, ImportError> {
    let bytes = fs::read(src).map_err(|source| ImportError::Read {
        path: src.display().to_string(),
        source,
    })?;
    write(dest, &bytes)
}

/// Looks pictures up in the uploads folder and plans their copies for the current post.
struct Pictures<'a> {
    uploads: Option<&'a Path>,
    by_file: &'a HashMap<String, &'a Item>,
    links: &'a Redirects,
    site_host: &'a str,
    /// Published path → file in the uploads folder.
    planned: BTreeMap<String, PathBuf>,
    /// Pictures left out, with why.
    missing: Vec<String>,
}

impl Pictures<'_> {
    fn leave_out(&mut self, src: &str, why: &str) -> Option<Image> {
        self.missing.push(format!("{src}: {why}"));
        None
    }
}

impl Resolve for Pictures<'_> {
    fn picture(&mut self, p: &Picture) -> Option<Image> {
        let shown = if p.src.is_empty() { "(no src)" } else { &p.src };
        let Some(rel) = uploads_path(&p.src) else {
            return self.leave_out(shown, "not a file of wp-content/uploads");
        };
        let ext = rel
            .rsplit_once('.')
            .map(|(_, e)| e.to_ascii_lowercase())
            .unwrap_or_default();
        if !IMAGE_EXTENSIONS.contains(&ext.as_str()) {
            return self.leave_out(shown, "not a JPEG, PNG, WebP, GIF or SVG picture");
        }
        let Some(uploads) = self.uploads else {
            return self.leave_out(shown, "no --uploads folder given");
        };
        let (rel, file) = match [Some(rel.clone()), original_of(&rel)]
            .into_iter()
            .flatten()
            .map(|r| {
                let file = uploads.join(&r);
                (r, file)
            })
            .find(|(_, f)| f.is_file())
        {
            Some(found) => found,
            None => return self.leave_out(shown, "file not found in the uploads folder"),
        };
        let attachment = self.by_file.get(&rel).copied();
        let size = imagesize::size(&file)
            .ok()
            .map(|s| (s.width as u32, s.height as u32))
            .filter(|&(w, h)| w > 0 && h > 0)
            .or(p.width.zip(p.height).filter(|&(w, h)| w > 0 && h > 0))
            .or_else(|| {
                attachment
                    .and_then(|a| a.meta("_wp_attachment_metadata"))
                    .and_then(wxr::php_dimensions)
            });
        let Some((width, height)) = size else {
            return self.leave_out(
                shown,
                "no width and height (file header, attributes or metadata)",
            );
        };
        let alt = [
            Some(p.alt.clone()),
            attachment.and_then(|a| a.meta("_wp_attachment_image_alt").map(html::collapse)),
            p.caption.clone(),
            attachment.map(|a| html::collapse(&a.title)),
        ]
        .into_iter()
        .flatten()
        .find(|a| !a.trim().is_empty());
        let Some(alt) = alt else {
            return self.leave_out(
                shown,
                "no alt text, caption or attachment title to describe it",
            );
        };
        let src = published_path(&rel);
        self.planned.insert(src.clone(), file);
        Some(Image {
            src,
            alt,
            caption: p.caption.clone(),
            credit: None,
            width,
            height,
            placeholder: None,
            variants: Vec::new(),
            card_variants: Vec::new(),
        })
    }

    fn link(&self, href: &str) -> String {
        let same_site = href.starts_with('/') && !href.starts_with("//")
            || (!self.site_host.is_empty() && host(href) == self.site_host);
        if !same_site {
            return href.to_owned();
        }
        if let Some(id) = redirects::short_link_id(href) {
            if let Some(slug) = self.links.ids.get(&id) {
                return format!("/article/{slug}");
            }
        }
        redirects::old_path(href)
            .and_then(|path| self.links.paths.get(&path))
            .map_or_else(|| href.to_owned(), |slug| format!("/article/{slug}"))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dates_carry_the_sites_offset() {
        // Guards against publishing times shifted by the site's time zone.
        assert_eq!(
            timestamp("2023-03-15 21:00:00", "2023-03-15 18:00:00", None).as_deref(),
            Some("2023-03-15T21:00:00+03:00")
        );
        assert_eq!(
            timestamp("2023-12-31 19:30:00", "2024-01-01 00:00:00", None).as_deref(),
            Some("2023-12-31T19:30:00-04:30")
        );
        assert_eq!(
            timestamp("2023-03-15 18:00:00", "0000-00-00 00:00:00", None).as_deref(),
            Some("2023-03-15T18:00:00Z")
        );
        assert_eq!(
            timestamp("2023-03-15 18:00:00", "0000-00-00 00:00:00", Some(3 * 3600)).as_deref(),
            Some("2023-03-15T18:00:00+03:00"),
            "a post without its UTC time takes the site's usual offset"
        );
        assert_eq!(
            timestamp("2023-03-15 18:00:00", "2023-03-15 18:00:00", Some(3 * 3600)).as_deref(),
            Some("2023-03-15T18:00:00+00:00")
        );
        assert_eq!(
            timestamp("2023-03-15 18:07:00", "2023-03-15 18:00:00", Some(3 * 3600)).as_deref(),
            Some("2023-03-15T18:00:00Z"),
            "an offset no time zone has falls back to the UTC time"
        );
        assert_eq!(timestamp("", "", None), None);
    }

    #[test]
    fn picture_paths_are_made_of_the_characters_the_content_rules_accept() {
        // Guards against copied uploads the content rules (or a web server) refuse.
        for rel in [
            "2023/03/photo.JPG",
            "2023/03/صورة الرئيس.png",
            "2023/03/.hidden.gif",
        ] {
            let path = published_path(rel);
            let segments: Vec<&str> = path.split('/').collect();
            assert_eq!(segments[..2], ["images", "wp"], "{path}");
            for segment in segments {
                assert!(!segment.is_empty() && !segment.starts_with('.'), "{path}");
                assert!(
                    segment
                        .chars()
                        .all(|c| c.is_ascii_alphanumeric() || matches!(c, '.' | '_' | '-')),
                    "{path}"
                );
            }
        }
        assert_eq!(
            uploads_path("https://x.example/wp-content/uploads/2023/03/a.jpg?v=2").as_deref(),
            Some("2023/03/a.jpg")
        );
        assert_eq!(
            uploads_path("https://x.example/wp-content/uploads/../../etc/passwd"),
            None
        );
        assert_eq!(
            original_of("2023/03/a-b-300x200.jpg").as_deref(),
            Some("2023/03/a-b.jpg")
        );
    }

    #[test]
    fn a_long_text_without_excerpt_is_summarised_in_whole_sentences() {
        // Guards against summaries over the 300-character limit, which make content refuses.
        let first = "جملة أولى قصيرة.".to_owned();
        let long = format!("{first} {}", "كلمة ".repeat(100));
        let body = [Block::Paragraph {
            text: Inline::Plain(long.clone()),
        }];
        assert_eq!(summary("", &body), first);
        let no_stop = [Block::Paragraph {
            text: Inline::Plain("كلمة ".repeat(100)),
        }];
        let cut = summary("", &no_stop);
        assert!(cut.ends_with('…') && cut.chars().count() <= 300, "{cut}");
        assert_eq!(summary("مقتطف", &body), "مقتطف");
    }
}
