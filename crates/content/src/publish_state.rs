//! What the last finished publish left in a bundle, recorded there for the next one
//! (`dist/.khabar-publish.json`): which pages it rendered and from which frame, each article's
//! fingerprint, the hashes of the files it made from the metadata, and every other file it left.
//! Kept in the bundle (hidden files are never served), so a rebuilt bundle (Trunk empties
//! `dist/`) starts afresh. Written (atomically) only at the end of a publish: a stopped run's
//! files are covered by its journal instead (see [`crate::output`]).

use crate::{derive, output};
use serde::{Deserialize, Serialize};
use std::{
    collections::{BTreeMap, BTreeSet, HashSet},
    fs,
    path::Path,
};

/// The file's name in the bundle.
pub const FILE: &str = ".khabar-publish.json";

/// The record (see the module's documentation).
#[derive(Debug, Default, Serialize, Deserialize)]
pub struct State {
    /// SHA-256 of `shell.html`: another app build means every page is rendered again.
    pub shell: String,
    /// The page files rendered from that frame.
    pub pages: BTreeSet<String>,
    /// Which build of the publisher wrote `articles`.
    #[serde(default)]
    pub publisher: String,
    /// Each article's fingerprint (see [`crate::archive::Archive::fingerprint`]) when its file
    /// was last written: an article whose fingerprint is the same is not read again.
    #[serde(default)]
    pub articles: BTreeMap<String, String>,
    /// Each listing page's API file's and each feed's key: a hash of what it is made from (see
    /// [`crate::derive::Listings::key`]), from the build of the publisher that wrote `articles`.
    #[serde(default)]
    pub keys: BTreeMap<String, String>,
    /// The SHA-256 of each of the other files made from the metadata alone (sitemaps,
    /// `robots.txt`) it left: see [`output::Output::put_recorded`].
    #[serde(default)]
    pub hashes: BTreeMap<String, String>,
    /// The other files it left: not its pages, keyed or hashed files, or articles' files. None from a
    /// publisher that did not record them.
    #[serde(default)]
    pub others: Option<BTreeSet<String>>,
}

impl State {
    /// The record in `dist`, if there is one this publisher reads.
    pub fn read(dist: &Path) -> Option<State> {
        let text = fs::read_to_string(dist.join(FILE)).ok()?;
        serde_json::from_str(&text).ok()
    }

    /// Writes the record into `dist`, unless it holds these bytes already.
    pub fn write(&self, dist: &Path) -> Result<(), output::OutputError> {
        let path = dist.join(FILE);
        let mut text = serde_json::to_string(self).unwrap_or_default();
        text.push('\n');
        if fs::read_to_string(&path).ok().as_deref() != Some(text.as_str()) {
            output::write_atomic(&path, text.as_bytes())?;
        }
        Ok(())
    }

    /// Every file the publish that wrote this record left in the bundle (each with its
    /// compressed copies), when it recorded them.
    pub fn left(&self) -> Option<HashSet<String>> {
        let others = self.others.as_ref()?;
        let articles = self
            .articles
            .keys()
            .map(|slug| format!("api/{}", derive::article_file(slug)));
        Some(
            self.pages
                .iter()
                .chain(self.keys.keys())
                .chain(self.hashes.keys())
                .chain(others)
                .cloned()
                .chain(articles)
                .collect(),
        )
    }
}
