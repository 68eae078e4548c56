//! Files derived from the sources: what `make content` writes under `public/api/`.

use crate::topics::{topics, Topics};
use crate::{ArticleSource, Corpus};
use khabar_model::{
    datetime, Article, Author, Block, Direction, Listing, SectionRef, Site, Summary, Topic, Writer,
    MAX_RELATED,
};
use serde::Serialize;
use sha2::{Digest, Sha256};
use std::collections::{BTreeMap, HashMap, HashSet};

/// The published files, by path relative to `public/api/`, with their exact contents.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Derived {
    /// `articles/<slug>.json`, `index.json`, `index-2.json`, `sections/<slug>.json`,
    /// `topics/<slug>.json`, `authors/<slug>.json`, `site.json`.
    pub files: BTreeMap<String, String>,
    /// The site, whose name and description `index.html` mirrors.
    pub site: Site,
    /// Every topic an article is tagged with, by slug, with its description.
    pub topics: Vec<Topic>,
    /// Every writer of `content/site.json`, by slug.
    pub writers: Vec<Writer>,
    /// Every published article, newest first (without related lists): what feeds and sitemaps
    /// are made from.
    pub articles: Vec<Article>,
    /// The pictures' published files (`images/…`), which the articles name.
    pub pictures: crate::pictures::Pictures,
}

/// Builds every published file from the sources. Assumes [`super::validate::validate`] passed;
/// anything it would reject (an unknown section) is still handled without panicking.
pub fn derive(corpus: &Corpus) -> Derived {
    let bodies = corpus
        .articles
        .iter()
        .map(|(_, a)| a.body.clone())
        .collect();
    derive_with_bodies(corpus, bodies)
}

/// [`derive`], moving the articles' bodies out of `corpus` rather than copying them: what a
/// large archive's publish holds at once is then one copy of every body, not two.
pub fn derive_owned(mut corpus: Corpus) -> Derived {
    let bodies = corpus
        .articles
        .iter_mut()
        .map(|(_, a)| std::mem::take(&mut a.body))
        .collect();
    derive_with_bodies(&corpus, bodies)
}

/// [`derive`], with each article's body given apart, in `corpus.articles`' order.
fn derive_with_bodies(corpus: &Corpus, bodies: Vec<Vec<Block>>) -> Derived {
    let (topics, _) = topics(corpus);
    let articles: Vec<Article> = corpus
        .articles
        .iter()
        .zip(bodies)
        .map(|((_, a), body)| publish(corpus, &topics, a, body))
        .collect();
    let (articles, order) = into_newest_first(articles);
    let sources: Vec<&ArticleSource> = order.iter().map(|&i| &corpus.articles[i].1).collect();
    let (mut derived, listings) = listings(corpus, topics, articles);
    for page in listings.pages() {
        derived.files.insert(
            listings.path(page),
            listings.file(page, &derived.articles).1,
        );
    }
    // Each article's file with its related list: ranked on every core, since each article is
    // ranked against the archive.
    let newest_first: Vec<&Article> = derived.articles.iter().collect();
    let index = RelatedIndex::new(&newest_first);
    let pairs: Vec<(&Article, &ArticleSource)> = derived
        .articles
        .iter()
        .zip(sources.iter().copied())
        .collect();
    let written = on_every_core(&pairs, |&(article, source)| {
        let mut article = article.clone();
        article.related = index.related(source);
        (article_file(&article.slug), to_json(&article))
    });
    derived.files.extend(written);
    derived
}

/// `work` done on every item, the items shared out among the machine's cores; the results in
/// the items' order.
pub(crate) fn on_every_core<T: Sync, R: Send>(
    items: &[T],
    work: impl Fn(&T) -> R + Sync,
) -> Vec<R> {
    let threads = std::thread::available_parallelism().map_or(1, usize::from);
    let chunk = items.len().div_ceil(threads).max(1);
    std::thread::scope(|scope| {
        let workers: Vec<_> = items
            .chunks(chunk)
            .map(|part| {
                let work = &work;
                scope.spawn(move || part.iter().map(work).collect::<Vec<R>>())
            })
            .collect();
        workers
            .into_iter()
            .flat_map(|worker| {
                worker
                    .join()
                    .unwrap_or_else(|e| std::panic::resume_unwind(e))
            })
            .collect()
    })
}

/// `articles` newest first (then by slug), moved rather than copied (each may hold its body),
/// with the position each had before.
pub(crate) fn into_newest_first(articles: Vec<Article>) -> (Vec<Article>, Vec<usize>) {
    let order = newest_first_order(&articles);
    let mut slots: Vec<Option<Article>> = articles.into_iter().map(Some).collect();
    let sorted = order.iter().filter_map(|&i| slots[i].take()).collect();
    (sorted, order)
}

/// The path of an article's published file, relative to `public/api/`.
pub fn article_file(slug: &str) -> String {
    format!("articles/{slug}.json")
}

/// An article's published file (with its related list): what [`derive`] writes for it.
pub fn article_json(article: &Article) -> String {
    to_json(article)
}

/// Everything [`derive`] derives but the articles' own files and the listings' (which
/// [`Listings`] makes): the site file, the topics and writers. `articles` is every published
/// article, newest first (as [`newest_first_order`] sorts them); it becomes
/// [`Derived::articles`].
pub(crate) fn listings(
    corpus: &Corpus,
    topics: Topics,
    articles: Vec<Article>,
) -> (Derived, Listings) {
    let mut all_topics: Vec<Topic> = topics.by_key.into_values().collect();
    all_topics.sort_by(|a, b| a.slug.cmp(&b.slug));
    let mut writers = corpus.writers.clone();
    writers.sort_by(|a, b| a.slug.cmp(&b.slug));
    writers.dedup_by(|a, b| a.slug == b.slug);
    let listings = Listings::new(&corpus.site, &all_topics, &writers, &articles);
    let mut files = BTreeMap::new();
    files.insert("site.json".to_owned(), to_json(&corpus.site));
    let derived = Derived {
        files,
        site: corpus.site.clone(),
        topics: all_topics,
        writers,
        articles,
        pictures: Default::default(),
    };
    (derived, listings)
}

/// Every listing of the API (the home index, each section's, topic's and writer's), as the
/// positions of its articles in [`Derived::articles`]: each of its page files is made when it
/// is written ([`Listings::file`]), so a large archive's listings are never all in memory.
#[derive(Clone, Debug, Default)]
pub struct Listings {
    listings: Vec<ListingSource>,
}

#[derive(Clone, Debug)]
struct ListingSource {
    /// The first file's name without `.json`: `index`, `sections/<slug>`, `topics/<slug>`, …
    name: String,
    /// Its articles, newest first, by position.
    items: Vec<usize>,
    topic: Option<Topic>,
    writer: Option<Writer>,
}

/// One page file of a listing: which listing (by position) and which page (from 1).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct ListingPage {
    listing: usize,
    page: usize,
}

impl Listings {
    /// The listings of `newest_first`, on a site with these sections, topics and writers.
    fn new(site: &Site, topics: &[Topic], writers: &[Writer], newest_first: &[Article]) -> Self {
        let plain = |name: String, items: Vec<usize>| ListingSource {
            name,
            items,
            topic: None,
            writer: None,
        };
        let mut listings = vec![plain("index".to_owned(), (0..newest_first.len()).collect())];
        for section in &site.sections {
            let items = newest_first
                .iter()
                .enumerate()
                .filter(|(_, a)| a.section.slug == section.slug)
                .map(|(i, _)| i)
                .collect();
            listings.push(plain(format!("sections/{}", section.slug), items));
        }
        // Topics and writers: each article goes to the listings of its topics and writers.
        let mut by_topic: HashMap<&str, Vec<usize>> = HashMap::new();
        let mut by_writer: HashMap<&str, Vec<usize>> = HashMap::new();
        for (i, article) in newest_first.iter().enumerate() {
            for topic in &article.topics {
                by_topic.entry(&topic.slug).or_default().push(i);
            }
            for slug in article.authors.iter().filter_map(|a| a.slug.as_deref()) {
                let listed = by_writer.entry(slug).or_default();
                // A writer named twice in one byline lists the article once.
                if listed.last() != Some(&i) {
                    listed.push(i);
                }
            }
        }
        for topic in topics {
            listings.push(ListingSource {
                name: format!("topics/{}", topic.slug),
                items: by_topic.remove(topic.slug.as_str()).unwrap_or_default(),
                topic: Some(topic.clone()),
                writer: None,
            });
        }
        for writer in writers {
            listings.push(ListingSource {
                name: format!("authors/{}", writer.slug),
                items: by_writer.remove(writer.slug.as_str()).unwrap_or_default(),
                topic: None,
                writer: Some(writer.clone()),
            });
        }
        Listings { listings }
    }

    /// Every page file of every listing. An empty listing is still one (empty) page, so every
    /// section has a file.
    pub fn pages(&self) -> Vec<ListingPage> {
        self.listings
            .iter()
            .enumerate()
            .flat_map(|(listing, source)| {
                (1..=page_count(source.items.len())).map(move |page| ListingPage { listing, page })
            })
            .collect()
    }

    /// The path (relative to `api/`) of a page's file.
    pub fn path(&self, page: ListingPage) -> String {
        self.listings
            .get(page.listing)
            .map_or_else(String::new, |source| {
                khabar_model::page_file(&format!("{}.json", source.name), page.page as u32)
            })
    }

    /// What a page's file is made from, as a hex SHA-256: its listing's name, topic or writer,
    /// its page and the number of pages, and the keys (`keys`, by position in the articles the
    /// listings were made from) of its articles, in order. Equal keys, equal files.
    pub fn key(&self, page: ListingPage, keys: &[[u8; 32]]) -> String {
        let Some(source) = self.listings.get(page.listing) else {
            return String::new();
        };
        let mut hash = Sha256::new();
        let pages = page_count(source.items.len());
        for part in [
            source.name.clone(),
            format!("{}/{pages}", page.page),
            serde_json::to_string(&source.topic).unwrap_or_default(),
            serde_json::to_string(&source.writer).unwrap_or_default(),
        ] {
            hash.update(part.as_bytes());
            hash.update([0]);
        }
        let items = source
            .items
            .chunks(Listing::PAGE_SIZE)
            .nth(page.page - 1)
            .unwrap_or_default();
        for &i in items {
            hash.update(keys.get(i).copied().unwrap_or_default());
        }
        crate::source_cache::hex(&hash.finalize())
    }

    /// A page's file: its path (relative to `api/`) and its bytes, of at most
    /// [`Listing::PAGE_SIZE`] articles of `newest_first` (the articles the listings were made
    /// from), naming the next page by its path (see [`Listing::next`]).
    pub fn file(&self, page: ListingPage, newest_first: &[Article]) -> (String, String) {
        let Some(source) = self.listings.get(page.listing) else {
            return (String::new(), String::new());
        };
        let first = format!("{}.json", source.name);
        let page_file = |page: usize| khabar_model::page_file(&first, page as u32);
        let pages = page_count(source.items.len());
        let items = source
            .items
            .chunks(Listing::PAGE_SIZE)
            .nth(page.page - 1)
            .unwrap_or_default()
            .iter()
            .filter_map(|&i| newest_first.get(i))
            .map(Article::summarize)
            .collect();
        let listing = Listing {
            page: page.page as u32,
            pages: pages as u32,
            items,
            next: (page.page < pages).then(|| page_file(page.page + 1)),
            topic: source.topic.clone(),
            writer: source.writer.clone(),
        };
        (page_file(page.page), to_json(&listing))
    }
}

/// How many pages a listing of `items` articles has: at least one.
fn page_count(items: usize) -> usize {
    items.div_ceil(Listing::PAGE_SIZE).max(1)
}

/// The positions of `articles`, newest first (then by slug).
fn newest_first_order(articles: &[Article]) -> Vec<usize> {
    let mut order: Vec<usize> = (0..articles.len()).collect();
    // Each key once: parsing a timestamp and copying a slug per comparison adds up at 10,000.
    order.sort_by_cached_key(|&i| {
        let a = &articles[i];
        (std::cmp::Reverse(epoch(&a.published)), a.slug.clone())
    });
    order
}

#[cfg(test)]
fn newest_first(articles: &[Article]) -> Vec<&Article> {
    newest_first_order(articles)
        .into_iter()
        .map(|i| &articles[i])
        .collect()
}

/// The fewest related articles a page shows when the site has that many others: below it, the
/// list is filled with the site's latest articles so no article is a dead end.
pub const MIN_RELATED: usize = 3;

/// The related list of `source`: the editor's picks in their order, then the articles sharing
/// the most tags (and the section), newest first among equals; then, while there are fewer than
/// [`MIN_RELATED`], the site's latest articles. At most [`MAX_RELATED`]; never the article itself
/// nor an article twice.
pub fn related(source: &ArticleSource, newest_first: &[&Article]) -> Vec<Summary> {
    RelatedIndex::new(newest_first).related(source)
}

/// A tag's articles (position, how many times it has the tag), and the most times any has it.
type Postings = (Vec<(usize, u32)>, u32);

/// The articles by slug, section and tag, so that ranking one article's related list looks only
/// at the articles it has something in common with: a site of 10,000 articles would otherwise
/// compare every article with every other.
pub struct RelatedIndex<'a> {
    newest_first: &'a [&'a Article],
    by_slug: HashMap<&'a str, usize>,
    by_section: HashMap<&'a str, Vec<usize>>,
    /// Per tag, the articles having it and how many times, and the most times any has it.
    by_tag: HashMap<&'a str, Postings>,
    /// Each section's number, and each article's (by position): the ranking's inner loop
    /// compares numbers, not names.
    section_numbers: HashMap<&'a str, usize>,
    section_of: Vec<usize>,
}

impl<'a> RelatedIndex<'a> {
    /// Indexes `newest_first` (positions in it are the order among equals).
    pub fn new(newest_first: &'a [&'a Article]) -> Self {
        let mut by_slug = HashMap::new();
        let mut by_section: HashMap<&str, Vec<usize>> = HashMap::new();
        let mut by_tag: HashMap<&str, Postings> = HashMap::new();
        let mut section_numbers: HashMap<&str, usize> = HashMap::new();
        let mut section_of = Vec::with_capacity(newest_first.len());
        for (order, article) in newest_first.iter().enumerate() {
            by_slug.entry(article.slug.as_str()).or_insert(order);
            let section = article.section.slug.as_str();
            by_section.entry(section).or_default().push(order);
            let number = section_numbers.len();
            section_of.push(*section_numbers.entry(section).or_insert(number));
            for tag in &article.tags {
                let (postings, most) = by_tag.entry(tag.as_str()).or_default();
                match postings.last_mut() {
                    Some((last, count)) if *last == order => {
                        *count += 1;
                        *most = (*most).max(*count);
                    }
                    _ => {
                        postings.push((order, 1));
                        *most = (*most).max(1);
                    }
                }
            }
        }
        Self {
            newest_first,
            by_slug,
            by_section,
            by_tag,
            section_numbers,
            section_of,
        }
    }

    /// See [`related`].
    pub fn related(&self, source: &ArticleSource) -> Vec<Summary> {
        self.related_positions(source)
            .into_iter()
            .map(|order| self.newest_first[order].summarize())
            .collect()
    }

    /// [`Self::related`] as positions in the articles indexed.
    pub fn related_positions(&self, source: &ArticleSource) -> Vec<usize> {
        let mut chosen: Vec<usize> = Vec::new();
        let mut taken: HashSet<&str> = HashSet::from([source.slug.as_str()]);
        for slug in &source.related {
            if let Some(&order) = self.by_slug.get(slug.as_str()) {
                let article = self.newest_first[order];
                if taken.insert(&article.slug) {
                    chosen.push(order);
                }
            }
        }
        // Score: two per shared tag (each of the candidate's tags that the source has), plus
        // one for the same section. The tags' postings may hold much of the archive (a tag on
        // every tenth article), so they are walked together, newest first, each candidate
        // scored once when they reach it; and the walk stops as soon as no article further on
        // can score above the best few found (among equals the newer ranks first).
        let tags: HashSet<&str> = source.tags.iter().map(String::as_str).collect();
        let mut lists: Vec<(&[(usize, u32)], u32)> = tags
            .iter()
            .filter_map(|tag| self.by_tag.get(tag))
            .filter(|(postings, _)| !postings.is_empty())
            .map(|(postings, most)| (postings.as_slice(), 2 * most))
            .collect();
        let section = self.section_numbers.get(source.section.as_str()).copied();
        // Those sharing a tag rank above those only in the same section (score 1), which are
        // then taken newest first: only the best few of each are needed, and a candidate that
        // cannot enter the best so far is passed over with one comparison.
        let wanted = MAX_RELATED.saturating_sub(chosen.len());
        let mut best: Vec<(std::cmp::Reverse<u32>, usize)> = Vec::with_capacity(wanted + 1);
        while wanted > 0 && !lists.is_empty() {
            let order = lists
                .iter()
                .filter_map(|(list, _)| list.first())
                .map(|&(order, _)| order)
                .min()
                .unwrap_or(usize::MAX);
            if best.len() == wanted {
                let ceiling = lists.iter().map(|&(_, most)| most).sum::<u32>() + 1;
                if best.last().is_some_and(|last| ceiling <= last.0 .0) {
                    break;
                }
            }
            let mut score = u32::from(Some(self.section_of[order]) == section);
            for (list, _) in lists.iter_mut() {
                if let Some((&(at, count), rest)) = list.split_first() {
                    if at == order {
                        score += 2 * count;
                        *list = rest;
                    }
                }
            }
            lists.retain(|(list, _)| !list.is_empty());
            let key = (std::cmp::Reverse(score), order);
            if best.len() == wanted && best.last().is_some_and(|last| key >= *last) {
                continue;
            }
            if taken.contains(self.newest_first[order].slug.as_str()) {
                continue;
            }
            let at = best.partition_point(|k| *k < key);
            best.insert(at, key);
            best.truncate(wanted);
        }
        for (_, order) in best {
            let article = self.newest_first[order];
            if taken.insert(&article.slug) {
                chosen.push(order);
            }
        }
        let shares_a_tag =
            |article: &Article| article.tags.iter().any(|tag| tags.contains(tag.as_str()));
        let same_section = self.by_section.get(source.section.as_str());
        for &order in same_section.into_iter().flatten() {
            if chosen.len() >= MAX_RELATED {
                break;
            }
            let article = self.newest_first[order];
            if !shares_a_tag(article) && taken.insert(&article.slug) {
                chosen.push(order);
            }
        }
        for (order, article) in self.newest_first.iter().enumerate() {
            if chosen.len() >= MIN_RELATED {
                break;
            }
            if taken.insert(&article.slug) {
                chosen.push(order);
            }
        }
        chosen.truncate(MAX_RELATED);
        chosen
    }
}

/// The published form of a source article (without its related list): its section's name, its
/// tags' topics and its writers' slugs filled in.
pub(crate) fn publish(
    corpus: &Corpus,
    topics: &Topics,
    source: &ArticleSource,
    body: Vec<Block>,
) -> Article {
    let section = corpus
        .site
        .sections
        .iter()
        .find(|s| s.slug == source.section)
        .map(|s| SectionRef {
            slug: s.slug.clone(),
            name: s.name.clone(),
        })
        .unwrap_or_else(|| SectionRef {
            slug: source.section.clone(),
            name: source.section.clone(),
        });
    Article {
        slug: source.slug.clone(),
        lang: source
            .lang
            .clone()
            .unwrap_or_else(|| corpus.site.lang.clone()),
        dir: source.dir.unwrap_or(Direction::Rtl),
        section,
        headline: source.headline.clone(),
        subtitle: source.subtitle.clone(),
        summary: source.summary.clone(),
        published: source.published.clone(),
        updated: source.updated.clone(),
        authors: source
            .authors
            .iter()
            .map(|author| Author {
                slug: corpus
                    .writers
                    .iter()
                    .find(|w| w.name.trim() == author.name.trim())
                    .map(|w| w.slug.clone()),
                ..author.clone()
            })
            .collect(),
        image: source.image.clone(),
        tags: source.tags.clone(),
        topics: {
            let mut refs: Vec<Topic> = Vec::new();
            for topic in source.tags.iter().filter_map(|t| topics.reference(t)) {
                if !refs.iter().any(|r| r.slug == topic.slug) {
                    refs.push(topic);
                }
            }
            refs
        },
        body,
        related: Vec::new(),
    }
}

fn epoch(timestamp: &str) -> i64 {
    datetime::parse(timestamp).map_or(i64::MIN, |t| t.epoch_ms)
}

/// Compact JSON (readers download it) with a final newline.
fn to_json(value: &impl Serialize) -> String {
    let mut json = serde_json::to_string(value).unwrap_or_default();
    json.push('\n');
    json
}

#[cfg(test)]
mod tests {
    use super::*;

    fn source(slug: &str, section: &str, day: u32, tags: &[&str], picks: &[&str]) -> ArticleSource {
        serde_json::from_value(serde_json::json!({
            "slug": slug, "section": section, "headline": slug, "summary": "ملخص",
            "published": format!("2026-11-{day:02}T10:00:00+03:00"), "tags": tags,
            "related": picks, "body": [{"type": "paragraph", "text": "نص"}]
        }))
        .unwrap()
    }

    /// A site of two sections holding `sources`.
    fn corpus_of(sources: Vec<ArticleSource>) -> Corpus {
        let site: Site = serde_json::from_str(
            r#"{"name":"خبر","sections":[{"slug":"news","name":"الأخبار"},{"slug":"science","name":"علوم"}]}"#,
        )
        .unwrap();
        let named = sources
            .into_iter()
            .map(|a| (format!("{}.json", a.slug), a))
            .collect();
        Corpus::new(site, named)
    }

    /// The corpus's articles as published (without related lists).
    fn published(corpus: &Corpus) -> Vec<Article> {
        corpus
            .articles
            .iter()
            .map(|(_, a)| publish(corpus, &Topics::default(), a, a.body.clone()))
            .collect()
    }

    /// The related slugs of the corpus's first article, ranked against all of them.
    fn related_of(sources: Vec<ArticleSource>) -> Vec<String> {
        let corpus = corpus_of(sources);
        let articles = published(&corpus);
        related(&corpus.articles[0].1, &newest_first(&articles))
            .into_iter()
            .map(|s| s.slug)
            .collect()
    }

    /// Guards against an article with nothing in common with the others getting no related list
    /// at all (the seed article), and against the fallback pushing down closer matches.
    #[test]
    fn too_few_matches_are_followed_by_the_latest_articles() {
        let related = related_of(vec![
            source("main", "news", 20, &["سياسة"], &["picked"]),
            source("picked", "science", 1, &[], &[]),
            source("newest", "science", 25, &[], &[]),
            source("shares-a-tag", "science", 2, &["سياسة"], &[]),
            source("second-newest", "science", 24, &[], &[]),
            source("third-newest", "science", 23, &[], &[]),
        ]);
        assert_eq!(related, ["picked", "shares-a-tag", "newest"]);
    }

    /// Guards against an article alone in its section with no tags being left without related
    /// articles, or listing itself among them although it is the newest.
    #[test]
    fn an_article_in_common_with_none_gets_the_latest_others() {
        let related = related_of(vec![
            source("alone", "news", 30, &[], &[]),
            source("old", "science", 1, &[], &[]),
            source("newer", "science", 20, &[], &[]),
            source("newest", "science", 25, &[], &[]),
            source("older", "science", 10, &[], &[]),
        ]);
        assert_eq!(related, ["newest", "newer", "older"]);
    }

    /// Guards against the latest articles being padded onto a list that already has enough
    /// related ones, diluting it with unrelated stories.
    #[test]
    fn enough_matches_get_no_latest_articles() {
        let related = related_of(vec![
            source("main", "news", 20, &[], &[]),
            source("unrelated-newest", "science", 29, &[], &[]),
            source("same-section-a", "news", 3, &[], &[]),
            source("same-section-b", "news", 2, &[], &[]),
            source("same-section-c", "news", 1, &[], &[]),
            source("same-section-d", "news", 4, &[], &[]),
        ]);
        assert_eq!(
            related,
            [
                "same-section-d",
                "same-section-a",
                "same-section-b",
                "same-section-c"
            ]
        );
    }

    /// Guards against a site of two articles showing a padded or empty list: the one other article
    /// is all there is.
    #[test]
    fn a_small_site_relates_what_it_has() {
        let related = related_of(vec![
            source("main", "news", 20, &[], &[]),
            source("other", "science", 1, &[], &[]),
        ]);
        assert_eq!(related, ["other"]);
    }

    /// The rule of [`related`] written out plainly: every other article scored, sorted, the best
    /// taken, then the section's and the site's latest.
    fn ranked_plainly(source: &ArticleSource, newest_first: &[&Article]) -> Vec<String> {
        let mut chosen: Vec<String> = source
            .related
            .iter()
            .filter(|slug| newest_first.iter().any(|a| &a.slug == *slug))
            .cloned()
            .collect();
        chosen.dedup();
        let tags: HashSet<&str> = source.tags.iter().map(String::as_str).collect();
        let mut scored: Vec<(std::cmp::Reverse<u32>, usize)> = newest_first
            .iter()
            .enumerate()
            .map(|(order, a)| {
                let shared = a.tags.iter().filter(|t| tags.contains(t.as_str())).count() as u32;
                let section = u32::from(shared > 0 && a.section.slug == source.section);
                (std::cmp::Reverse(2 * shared + section), order)
            })
            .filter(|(score, _)| score.0 > 0)
            .collect();
        scored.sort();
        let free =
            |chosen: &Vec<String>, a: &Article| a.slug != source.slug && !chosen.contains(&a.slug);
        let wanted = MAX_RELATED.saturating_sub(chosen.len());
        let best: Vec<String> = scored
            .into_iter()
            .map(|(_, order)| newest_first[order])
            .filter(|a| free(&chosen, a))
            .take(wanted)
            .map(|a| a.slug.clone())
            .collect();
        chosen.extend(best);
        for a in newest_first
            .iter()
            .filter(|a| a.section.slug == source.section)
        {
            let shares = a.tags.iter().any(|t| tags.contains(t.as_str()));
            if chosen.len() < MAX_RELATED && !shares && free(&chosen, a) {
                chosen.push(a.slug.clone());
            }
        }
        for a in newest_first {
            if chosen.len() < MIN_RELATED && free(&chosen, a) {
                chosen.push(a.slug.clone());
            }
        }
        chosen.truncate(MAX_RELATED);
        chosen
    }

    /// Guards against the ranking's shortcuts (the tags' postings walked together, the walk
    /// stopped once no article further on can beat the best so far, a candidate passed over
    /// once it cannot) changing any article's list:
    /// on a site where tags are shared by many articles, every list equals the plain rule's.
    #[test]
    fn every_list_of_a_site_follows_the_rule() {
        const TAGS: [&str; 5] = ["سياسة", "اقتصاد", "رياضة", "علوم", "ثقافة"];
        let sources: Vec<ArticleSource> = (0..60u32)
            .map(|i| {
                let tags: Vec<&str> = (0..5)
                    .filter(|t| (i * 7 + t * 3) % 5 < 2 + i % 2)
                    .map(|t| TAGS[t as usize])
                    .collect();
                let picks: Vec<String> = if i % 9 == 0 {
                    vec![format!("a{}", (i + 13) % 60), "missing".to_owned()]
                } else {
                    Vec::new()
                };
                let picks: Vec<&str> = picks.iter().map(String::as_str).collect();
                let section = if i % 3 == 0 { "science" } else { "news" };
                source(&format!("a{i}"), section, 1 + i % 28, &tags, &picks)
            })
            .collect();
        let corpus = corpus_of(sources);
        let articles = published(&corpus);
        let newest_first = newest_first(&articles);
        let index = RelatedIndex::new(&newest_first);
        let mut full_lists = 0;
        for (_, source) in &corpus.articles {
            let ranked: Vec<String> = index.related(source).into_iter().map(|s| s.slug).collect();
            assert_eq!(
                ranked,
                ranked_plainly(source, &newest_first),
                "{}",
                source.slug
            );
            full_lists += usize::from(ranked.len() == MAX_RELATED);
        }
        // The site is one where lists fill up: the passing-over is exercised.
        assert!(full_lists > 50, "{full_lists}");
    }
}
