//! What an import did, post by post: printed as a summary and written as JSON (`--report`).

use serde::Serialize;
use std::{collections::BTreeMap, fmt};

/// Markup dropped from a post, counted by kind (`script`, `iframe`, `shortcode`, …).
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize)]
#[serde(transparent)]
pub struct Removals(pub BTreeMap<String, usize>);

impl Removals {
    pub fn add(&mut self, kind: &str) {
        *self.0.entry(kind.to_owned()).or_default() += 1;
    }

    pub fn extend(&mut self, other: &Removals) {
        for (kind, n) in &other.0 {
            *self.0.entry(kind.clone()).or_default() += n;
        }
    }
}

/// What happened to one post.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Outcome {
    /// Its article file was created or changed.
    Written,
    /// Its article file already held exactly this.
    Unchanged,
    /// Not imported; the reason says why.
    Skipped,
}

/// One published post and what became of it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct PostReport {
    pub id: u64,
    pub title: String,
    /// The WordPress slug, decoded.
    pub wordpress_slug: String,
    /// The article's slug (`/article/<slug>`).
    pub slug: String,
    pub outcome: Outcome,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub reason: Option<String>,
    pub removed: Removals,
    /// Pictures copied (or already in place) for this post.
    pub images: usize,
    /// Pictures left out, each with why.
    pub images_missing: Vec<String>,
}

/// The whole import.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize)]
pub struct ImportReport {
    /// Published posts whose article was written or changed.
    pub imported: usize,
    /// Published posts whose article was already current.
    pub unchanged: usize,
    /// Items not imported, counted by reason (`draft`, `revision`, `attachment`, `page`,
    /// `invalid`, `edited by hand`, …).
    pub skipped: BTreeMap<String, usize>,
    /// Every kind of removed markup, over all posts.
    pub removed: Removals,
    /// Picture files copied into `public/images/` (new or changed).
    pub images_copied: usize,
    /// Pictures left out.
    pub images_missing: usize,
    /// Sections added to `content/site.json`.
    pub sections_added: Vec<String>,
    /// Old addresses redirected (each form counted once).
    pub redirects: usize,
    /// Every published post, in post id order.
    pub posts: Vec<PostReport>,
}

impl ImportReport {
    pub fn skip(&mut self, reason: &str) {
        *self.skipped.entry(reason.to_owned()).or_default() += 1;
    }

    pub fn to_json(&self) -> String {
        let mut json = serde_json::to_string_pretty(self).unwrap_or_default();
        json.push('\n');
        json
    }
}

impl fmt::Display for ImportReport {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        for post in &self.posts {
            match post.outcome {
                Outcome::Skipped => writeln!(
                    f,
                    "skipped  post {} «{}»: {}",
                    post.id,
                    post.title,
                    post.reason.as_deref().unwrap_or("")
                )?,
                _ => writeln!(
                    f,
                    "{} post {} «{}» → /article/{}",
                    if post.outcome == Outcome::Written {
                        "written "
                    } else {
                        "current "
                    },
                    post.id,
                    post.wordpress_slug,
                    post.slug
                )?,
            }
            for missing in &post.images_missing {
                writeln!(f, "         picture left out: {missing}")?;
            }
        }
        let join = |map: &BTreeMap<String, usize>| {
            if map.is_empty() {
                "none".to_owned()
            } else {
                map.iter()
                    .map(|(k, n)| format!("{k} {n}"))
                    .collect::<Vec<_>>()
                    .join(", ")
            }
        };
        writeln!(
            f,
            "posts: {} imported, {} unchanged; skipped: {}",
            self.imported,
            self.unchanged,
            join(&self.skipped)
        )?;
        writeln!(f, "removed: {}", join(&self.removed.0))?;
        writeln!(
            f,
            "pictures: {} copied, {} left out; sections added: {}; redirects: {}",
            self.images_copied,
            self.images_missing,
            if self.sections_added.is_empty() {
                "none".to_owned()
            } else {
                self.sections_added.join(", ")
            },
            self.redirects
        )
    }
}
