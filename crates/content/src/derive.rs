//! Files derived from the sources: what `make content` writes under `public/api/`.

use crate::{ArticleSource, Corpus};
use khabar_model::{datetime, Article, Direction, Listing, SectionRef, Site, Summary, MAX_RELATED};
use serde::Serialize;
use std::collections::{BTreeMap, HashSet};

/// The published files, by path relative to `public/api/`, with their exact contents.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Derived {
    /// `articles/<slug>.json`, `index.json`, `index-2.json`, `sections/<slug>.json`, `site.json`.
    pub files: BTreeMap<String, String>,
    /// The site, whose name and description `index.html` mirrors.
    pub site: Site,
}

/// Builds every published file from the sources. Assumes [`super::validate::validate`] passed;
/// anything it would reject (an unknown section) is still handled without panicking.
pub fn derive(corpus: &Corpus) -> Derived {
    let mut files = BTreeMap::new();
    let articles: Vec<Article> = corpus
        .articles
        .iter()
        .map(|(_, a)| publish(corpus, a))
        .collect();

    let mut newest_first: Vec<&Article> = articles.iter().collect();
    newest_first.sort_by_key(|a| (std::cmp::Reverse(epoch(&a.published)), a.slug.clone()));

    for (article, (_, source)) in articles.iter().zip(&corpus.articles) {
        let mut article = article.clone();
        article.related = related(source, &newest_first);
        files.insert(format!("articles/{}.json", article.slug), to_json(&article));
    }

    let summaries: Vec<Summary> = newest_first.iter().map(|a| a.summarize()).collect();
    pages(&mut files, "index", &summaries);
    for section in &corpus.site.sections {
        let in_section: Vec<Summary> = summaries
            .iter()
            .filter(|s| s.section.slug == section.slug)
            .cloned()
            .collect();
        pages(
            &mut files,
            &format!("sections/{}", section.slug),
            &in_section,
        );
    }
    files.insert("site.json".to_owned(), to_json(&corpus.site));
    Derived {
        files,
        site: corpus.site.clone(),
    }
}

/// The fewest related articles a page shows when the site has that many others: below it, the
/// list is filled with the site's latest articles so no article is a dead end.
pub const MIN_RELATED: usize = 3;

/// The related list of `source`: the editor's picks in their order, then the articles sharing
/// the most tags (and the section), newest first among equals; then, while there are fewer than
/// [`MIN_RELATED`], the site's latest articles. At most [`MAX_RELATED`]; never the article itself
/// nor an article twice.
pub fn related(source: &ArticleSource, newest_first: &[&Article]) -> Vec<Summary> {
    let by_slug = |slug: &str| newest_first.iter().find(|a| a.slug == slug);
    let mut chosen: Vec<Summary> = Vec::new();
    let mut taken: HashSet<&str> = HashSet::from([source.slug.as_str()]);
    for slug in &source.related {
        if let Some(article) = by_slug(slug) {
            if taken.insert(&article.slug) {
                chosen.push(article.summarize());
            }
        }
    }
    let tags: HashSet<&str> = source.tags.iter().map(String::as_str).collect();
    let mut candidates: Vec<(usize, usize, &Article)> = newest_first
        .iter()
        .enumerate()
        .filter(|(_, a)| !taken.contains(a.slug.as_str()))
        .map(|(order, a)| {
            let shared_tags = a.tags.iter().filter(|t| tags.contains(t.as_str())).count();
            let same_section = usize::from(a.section.slug == source.section);
            (shared_tags * 2 + same_section, order, *a)
        })
        .filter(|(score, _, _)| *score > 0)
        .collect();
    candidates.sort_by_key(|(score, order, _)| (std::cmp::Reverse(*score), *order));
    for (_, _, article) in candidates {
        if taken.insert(&article.slug) {
            chosen.push(article.summarize());
        }
    }
    for article in newest_first {
        if chosen.len() >= MIN_RELATED {
            break;
        }
        if taken.insert(&article.slug) {
            chosen.push(article.summarize());
        }
    }
    chosen.truncate(MAX_RELATED);
    chosen
}

/// The published form of a source article (without its related list).
fn publish(corpus: &Corpus, source: &ArticleSource) -> Article {
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
        authors: source.authors.clone(),
        image: source.image.clone(),
        tags: source.tags.clone(),
        body: source.body.clone(),
        related: Vec::new(),
    }
}

/// `name.json`, `name-2.json`, …: pages of at most [`Listing::PAGE_SIZE`], each naming the next
/// by its path under `public/api/` (see [`Listing::next`]). An empty listing is still one (empty)
/// page, so every section has a file.
fn pages(files: &mut BTreeMap<String, String>, name: &str, summaries: &[Summary]) {
    let chunks: Vec<&[Summary]> = if summaries.is_empty() {
        vec![&[]]
    } else {
        summaries.chunks(Listing::PAGE_SIZE).collect()
    };
    let page_file = |page: usize| {
        if page == 1 {
            format!("{name}.json")
        } else {
            format!("{name}-{page}.json")
        }
    };
    let pages = chunks.len();
    for (i, chunk) in chunks.into_iter().enumerate() {
        let page = i + 1;
        let listing = Listing {
            page: page as u32,
            pages: pages as u32,
            items: chunk.to_vec(),
            next: (page < pages).then(|| page_file(page + 1)),
        };
        files.insert(page_file(page), to_json(&listing));
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

    /// The related slugs of the corpus's first article, ranked against all of them.
    fn related_of(sources: Vec<ArticleSource>) -> Vec<String> {
        let site: Site = serde_json::from_str(
            r#"{"name":"خبر","sections":[{"slug":"news","name":"الأخبار"},{"slug":"science","name":"علوم"}]}"#,
        )
        .unwrap();
        let corpus = Corpus {
            site,
            articles: sources
                .into_iter()
                .map(|a| (format!("{}.json", a.slug), a))
                .collect(),
        };
        let articles: Vec<Article> = corpus
            .articles
            .iter()
            .map(|(_, a)| publish(&corpus, a))
            .collect();
        let mut newest_first: Vec<&Article> = articles.iter().collect();
        newest_first.sort_by_key(|a| (std::cmp::Reverse(epoch(&a.published)), a.slug.clone()));
        related(&corpus.articles[0].1, &newest_first)
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
}
