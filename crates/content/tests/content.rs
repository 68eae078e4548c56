//! The content pipeline (`make content`): the committed files are current, and broken content
//! is refused with a message naming the file and the field.

use khabar_content::{
    derive,
    derive::MIN_RELATED,
    files::{build, Layout},
    validate::validate,
    ArticleSource, Corpus,
};
use khabar_model::{Article, Listing, Site, MAX_RELATED};
use std::path::PathBuf;

/// The repository's root, two folders above this crate.
fn repository() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../..")
}

fn project() -> Layout {
    Layout { root: repository() }
}

fn problems_of(layout: &Layout) -> Vec<String> {
    match layout.load() {
        Ok(_) => Vec::new(),
        Err(problems) => problems.iter().map(ToString::to_string).collect(),
    }
}

/// Guards against shipping public/api files that no longer match content/ (someone edited an
/// article and forgot `make content`).
#[test]
fn committed_api_files_are_current() {
    let layout = project();
    let derived = build(&layout).unwrap_or_else(|problems| {
        panic!(
            "content/ has problems:\n{}",
            problems
                .iter()
                .map(|p| format!("{p}\n"))
                .collect::<String>()
        )
    });
    let stale: Vec<String> = layout
        .check(&derived)
        .iter()
        .map(ToString::to_string)
        .collect();
    assert!(
        stale.is_empty(),
        "run `make content`:\n{}",
        stale.join("\n")
    );
}

/// Guards against `make content` publishing an article that differs from what its author wrote
/// (a field dropped, or a default taken from the wrong place, on the way to public/api). It
/// replaces a test that parsed back what serde had just written, which could not fail.
#[test]
fn published_articles_carry_what_their_authors_wrote() {
    let corpus = project().load().expect("valid content");
    let derived = derive(&corpus);
    assert!(
        corpus.articles.len() >= 16,
        "the sample corpus has the seed and at least 15 more"
    );
    for (file, source) in &corpus.articles {
        let path = format!("articles/{file}");
        // Read back as the app reads it, from the published text.
        let article =
            Article::from_json(&derived.files[&path]).unwrap_or_else(|e| panic!("{path}: {e}"));
        let section = corpus
            .site
            .sections
            .iter()
            .find(|s| s.slug == source.section)
            .expect("validated section");
        assert_eq!(article.slug, source.slug, "{file}");
        assert_eq!(
            (&article.section.slug, &article.section.name),
            (&section.slug, &section.name),
            "{file}: the section's name comes from site.json"
        );
        assert_eq!(
            article.lang,
            source.lang.clone().unwrap_or(corpus.site.lang.clone()),
            "{file}: the language defaults to the site's"
        );
        assert_eq!(article.dir, source.dir.unwrap_or_default(), "{file}");
        assert_eq!(
            (&article.headline, &article.subtitle, &article.summary),
            (&source.headline, &source.subtitle, &source.summary),
            "{file}"
        );
        assert_eq!(
            (&article.published, &article.updated),
            (&source.published, &source.updated),
            "{file}"
        );
        let names = |authors: &[khabar_model::Author]| -> Vec<(String, Option<String>)> {
            authors
                .iter()
                .map(|a| (a.name.clone(), a.url.clone()))
                .collect()
        };
        assert_eq!(
            (names(&article.authors), &article.image, &article.tags),
            (names(&source.authors), &source.image, &source.tags),
            "{file}"
        );
        assert!(
            article.authors.iter().all(|a| a.slug.is_some()),
            "{file}: every byline links its writer's page"
        );
        assert_eq!(
            article.topics.len(),
            source.tags.len(),
            "{file}: every tag of the samples is a topic of its own"
        );
        assert_eq!(article.body, source.body, "{file}");
        assert!(article.related.len() <= 6, "{}", article.slug);
        assert!(
            article.related.iter().all(|r| r.slug != article.slug),
            "{} relates to itself",
            article.slug
        );
    }
    let sections: std::collections::HashSet<&str> = corpus
        .articles
        .iter()
        .map(|(_, a)| a.section.as_str())
        .collect();
    assert!(
        sections.len() >= 5,
        "sample content covers at least five sections"
    );
}

/// Guards against a hand-edited or stale JSON Schema being published: the schemas are derived
/// files, so `khabar-content check` reports them like any other.
#[test]
fn a_stale_or_leftover_schema_is_reported() {
    let derived = build(&project()).expect("valid content");
    let root = std::env::temp_dir().join(format!("khabar-stale-schema-{}", std::process::id()));
    let layout = Layout { root: root.clone() };
    layout.write(&derived).unwrap();
    std::fs::write(layout.api().join("schema/article.schema.json"), "{}\n").unwrap();
    std::fs::write(layout.api().join("schema/old.schema.json"), "{}\n").unwrap();
    let problems: Vec<String> = layout
        .check(&derived)
        .iter()
        .map(ToString::to_string)
        .filter(|p| p.contains("schema"))
        .collect();
    std::fs::remove_dir_all(&root).unwrap();
    assert_eq!(
        problems,
        [
            "public/api/schema/article.schema.json: is out of date: run `make content`",
            "public/api/schema/old.schema.json: has no source any more: run `make content`",
        ]
    );
}

/// Guards against the seed article being merged or split wrongly (the scrape breaks sentences
/// across blank lines) or losing its subheading and the statement's points.
#[test]
fn the_seed_article_is_faithful() {
    let derived = build(&project()).expect("valid content");
    let json = &derived.files["articles/putin-assad-summit-moscow.json"];
    let article = Article::from_json(json).expect("seed parses");
    assert_eq!(article.section.name, "الأخبار");
    assert!(article.headline.starts_with("قمة بوتين والأسد"));
    let text: Vec<String> = article
        .body
        .iter()
        .map(|block| match block {
            khabar_model::Block::Paragraph { text } => format!("p:{}", text.plain_text()),
            khabar_model::Block::Heading { text } => format!("h:{text}"),
            khabar_model::Block::List { items, .. } => format!("list:{}", items.len()),
            other => format!("{other:?}"),
        })
        .collect();
    assert_eq!(text.len(), 10);
    assert_eq!(text[3], "h:لقاء طويل");
    assert_eq!(text[8], "list:4");
    // Continuations belong to the sentence before them.
    for continuation in ["التي", "مع", "بحيث", "ويصل", "وقبل"] {
        assert!(
            text.iter()
                .all(|t| !t.starts_with(&format!("p:{continuation} "))),
            "a paragraph starts with the continuation {continuation:?}"
        );
    }
    assert!(text[0].contains("الزيارات العديدة التي يقوم بها الأسد"));
    assert!(text[9].ends_with("شكل محورا مهما في اللقاء."));
    // The scrape's page chrome is not article text.
    assert!(!json.contains("زر الذهاب إلى الأعلى") && !json.contains("\"مقالات ذات صلة\""));
}

/// Guards against an article page without related articles (the seed article shared no tag with
/// any other and was alone in its section, so it had none), with itself or a duplicate among them,
/// or with the editor's picks pushed down by the ranking.
#[test]
fn every_article_has_three_to_six_related_with_the_editors_picks_first() {
    let layout = project();
    let corpus = layout.load().expect("valid content");
    let derived = derive(&corpus);
    let others = corpus.articles.len() - 1;
    assert!(
        others >= MIN_RELATED,
        "the sample corpus has other articles"
    );
    for (_, source) in &corpus.articles {
        let path = format!("articles/{}.json", source.slug);
        let article = Article::from_json(&derived.files[&path]).expect("published article parses");
        let slugs: Vec<&str> = article.related.iter().map(|r| r.slug.as_str()).collect();
        assert!(
            (MIN_RELATED..=MAX_RELATED).contains(&slugs.len()),
            "{}: {} related",
            source.slug,
            slugs.len()
        );
        assert!(
            !slugs.contains(&source.slug.as_str()),
            "{} relates to itself",
            source.slug
        );
        let unique: std::collections::HashSet<&&str> = slugs.iter().collect();
        assert_eq!(
            unique.len(),
            slugs.len(),
            "{}: a related article twice",
            source.slug
        );
        let picks: Vec<&str> = source
            .related
            .iter()
            .map(String::as_str)
            .take(MAX_RELATED)
            .collect();
        assert_eq!(
            slugs[..picks.len()],
            picks[..],
            "{}: the editor's picks come first",
            source.slug
        );
        for slug in &slugs {
            assert!(
                derived.files.contains_key(&format!("articles/{slug}.json")),
                "{}: related {slug} is not published",
                source.slug
            );
        }
    }
}

/// Guards against broken files being accepted, or refused with a message that names nothing.
#[test]
fn broken_fixtures_are_refused_by_file_and_field() {
    let layout = Layout {
        root: PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/broken"),
    };
    let problems = problems_of(&layout);
    let expect = |wanted: &str| {
        assert!(
            problems.iter().any(|p| p.starts_with(wanted)),
            "expected a problem starting with {wanted:?}, got:\n{}",
            problems.join("\n")
        );
    };
    let exact = |wanted: &str| {
        assert!(
            problems.iter().any(|p| p == wanted),
            "expected the problem {wanted:?}, got:\n{}",
            problems.join("\n")
        );
    };
    exact("content/articles/missing-headline.json: missing field `headline` at line 7 column 1");
    expect("content/articles/typo-field.json: subtitel: unknown field `subtitel`");
    exact("content/articles/not-json.json: EOF while parsing a value at line 2 column 0");
    // Typos inside nested objects used to be dropped without a word, losing a link or a caption.
    exact("content/articles/typo-link.json: body[3].text[1].herf: unknown field `herf`, expected one of `text`, `href`, `emphasis`, `strong` at line 11 column 83");
    exact("content/articles/typo-caption.json: body[1].image.captoin: unknown field `captoin`, expected one of `src`, `alt`, `caption`, `credit`, `width`, `height` at line 9 column 92");
    exact("content/articles/typo-author.json: authors[0].ulr: unknown field `ulr`, expected `name` or `url` at line 7 column 41");
    exact("content/articles/typo-list-item.json: body[0].items[1][1].strnog: unknown field `strnog`, expected one of `text`, `href`, `emphasis`, `strong` at line 7 column 89");
    exact("content/articles/typo-block-type.json: body[0].type: unknown variant `paragraf`, expected one of `paragraph`, `heading`, `list`, `quote`, `figure` at line 7 column 31");
    exact("content/articles/field-of-another-block.json: body[0].source: unknown field `source` in a paragraph block, expected `type` or `text` at line 7 column 58");
    // A field read before `type` is checked once the kind is known: the path is the block's.
    exact("content/articles/type-last.json: body[0]: unknown field `ordered` in a paragraph block, expected `type` or `text` at line 7 column 67");
    let file = "content/articles/many-problems.json";
    expect(&format!(
        "{file}: section: \"sport\" is not a section of content/site.json"
    ));
    expect(&format!(
        "{file}: published: \"2026-11-01T10:00:00\" has no UTC offset"
    ));
    expect(&format!("{file}: image.alt: describe the picture"));
    expect(&format!("{file}: image.width: give the picture's width"));
    expect(&format!(
        "{file}: image.src: public/images/missing.svg does not exist"
    ));
    expect(&format!(
        "{file}: body[0].text[1].href: \"javascript:alert(1)\" is not an https:// URL"
    ));
    expect(&format!("{file}: body[1].image.alt: describe the picture"));
    // A leading space used to be trimmed away by the app but not by the schema.
    expect(&format!(
        "{file}: authors[0].url: \" https://example.org/writer\" is not an https:// URL"
    ));
    // `/images/…` skips the address the site is served under, and its existence was checked at
    // the filesystem's root; `..` leaves public/images/.
    expect(&format!(
        "{file}: body[2].image.src: \"/images/present.svg\" is not images/<file>"
    ));
    expect(&format!(
        "{file}: body[3].image.src: \"images/../images/present.svg\" is not images/<file>"
    ));
    expect(&format!(
        "{file}: body[1].image.height: give the picture's height"
    ));
    expect(&format!(
        "{file}: related[0]: an article cannot be related to itself"
    ));
    expect(&format!(
        "{file}: related[1]: no article has the slug \"nowhere\""
    ));
    exact("content/articles/unknown-writer.json: authors[0].name: \"كاتب لم يعرّف\" is not one of content/site.json's writers: declare them there once (slug, name, and optionally role, bio, picture)");
    assert!(
        !problems
            .iter()
            .any(|p| p.contains("present.svg does not exist")),
        "an existing picture is fine"
    );
}

/// Guards against `"dir"` in site.json being read by nothing while an author of an Arabic site
/// expects it to mean something: it is refused, naming the fields that exist.
#[test]
fn unknown_site_fields_are_refused() {
    let layout = Layout {
        root: PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/broken-site"),
    };
    assert_eq!(
        problems_of(&layout),
        ["content/site.json: dir: unknown field `dir`, expected one of `name`, `description`, `url`, `lang`, `sections`, `writers`, `topics` at line 1 column 39"]
    );
}

fn corpus(articles: Vec<ArticleSource>) -> Corpus {
    let site: Site = serde_json::from_str(
        r#"{"name":"خبر","sections":[{"slug":"news","name":"الأخبار"},{"slug":"science","name":"علوم"}]}"#,
    )
    .unwrap();
    Corpus::new(
        site,
        articles
            .into_iter()
            .map(|a| (format!("{}.json", a.slug), a))
            .collect(),
    )
}

fn source(
    slug: &str,
    section: &str,
    published: &str,
    tags: &[&str],
    related: &[&str],
) -> ArticleSource {
    serde_json::from_value(serde_json::json!({
        "slug": slug, "section": section, "headline": format!("عنوان {slug}"), "summary": "ملخص",
        "published": published, "tags": tags, "related": related,
        "body": [{"type": "paragraph", "text": "نص"}]
    }))
    .unwrap()
}

/// Guards against related lists that ignore the editor, include the article itself, or exceed six.
#[test]
fn related_lists_put_picks_first_then_shared_tags_then_section() {
    let mut articles = vec![
        source(
            "main",
            "news",
            "2026-11-10T10:00:00+03:00",
            &["مطر", "بحر"],
            &["picked"],
        ),
        source("picked", "science", "2026-11-01T10:00:00+03:00", &[], &[]),
        source(
            "two-tags",
            "science",
            "2026-11-02T10:00:00+03:00",
            &["مطر", "بحر"],
            &[],
        ),
        source(
            "one-tag",
            "science",
            "2026-11-09T10:00:00+03:00",
            &["بحر"],
            &[],
        ),
        source(
            "unrelated",
            "science",
            "2026-11-09T11:00:00+03:00",
            &["جبال"],
            &[],
        ),
    ];
    for i in 0..6 {
        articles.push(source(
            &format!("same-section-{i}"),
            "news",
            &format!("2026-11-0{}T10:00:00+03:00", i + 1),
            &[],
            &[],
        ));
    }
    let corpus = corpus(articles);
    assert!(validate(&corpus, &|_| true).is_empty());
    let derived = derive(&corpus);
    let main = Article::from_json(&derived.files["articles/main.json"]).unwrap();
    let order: Vec<&str> = main.related.iter().map(|r| r.slug.as_str()).collect();
    assert_eq!(
        order,
        [
            "picked",
            "two-tags",
            "one-tag",
            "same-section-5",
            "same-section-4",
            "same-section-3"
        ]
    );
}

/// Guards against a home page whose size grows with the archive, and against a section's `next`
/// that names its file without `sections/`: the app asks the API base for it and gets a 404.
#[test]
fn listings_are_paged_newest_first() {
    let articles: Vec<ArticleSource> = (0..65)
        .map(|i| {
            source(
                &format!("a{i}"),
                "news",
                &format!("2026-10-01T{:02}:{:02}:00+03:00", i / 60, i % 60),
                &[],
                &[],
            )
        })
        .collect();
    let derived = derive(&corpus(articles));
    let first: Listing = serde_json::from_str(&derived.files["index.json"]).unwrap();
    let third: Listing = serde_json::from_str(&derived.files["index-3.json"]).unwrap();
    assert_eq!(
        (first.page, first.pages, first.items.len()),
        (1, 3, Listing::PAGE_SIZE)
    );
    assert_eq!(first.items[0].slug, "a64");
    assert_eq!(first.next.as_deref(), Some("index-2.json"));
    assert_eq!((third.items.len(), third.next.as_deref()), (5, None));
    let section: Listing = serde_json::from_str(&derived.files["sections/news.json"]).unwrap();
    assert_eq!(section.next.as_deref(), Some("sections/news-2.json"));
    let second: Listing = serde_json::from_str(&derived.files["sections/news-2.json"]).unwrap();
    assert_eq!(second.next.as_deref(), Some("sections/news-3.json"));
    // Every `next` names a file that was written, by its path under the API base.
    for (path, json) in derived
        .files
        .iter()
        .filter(|(p, _)| !p.starts_with("articles/"))
    {
        let Ok(listing) = serde_json::from_str::<Listing>(json) else {
            continue;
        };
        if let Some(next) = listing.next {
            assert!(
                derived.files.contains_key(&next),
                "{path}: next {next:?} is not a file"
            );
        }
    }
    assert!(
        derived.files.contains_key("sections/science.json"),
        "an empty section still has its file"
    );
}

/// Guards against one topic split over two pages because two articles spell its tag differently,
/// against a topic whose later pages are not files, and against a writer's page missing an
/// article that names them.
#[test]
fn topics_gather_every_spelling_and_page_like_sections() {
    let mut articles: Vec<ArticleSource> = (0..35)
        .map(|i| {
            let tag = if i % 2 == 0 {
                "الأسد"
            } else {
                "الاسـد"
            };
            source(
                &format!("a{i}"),
                "news",
                &format!("2026-10-01T10:{i:02}:00+03:00"),
                &[tag, "<b>وسم</b> & \"x\""],
                &[],
            )
        })
        .collect();
    articles[3].authors = vec![khabar_model::Author {
        name: "سارة".into(),
        url: None,
        slug: None,
    }];
    let mut corpus = corpus(articles);
    corpus.writers = vec![khabar_model::Writer {
        slug: "sara".into(),
        name: "سارة".into(),
        role: Some("مراسلة".into()),
        bio: None,
        picture: None,
    }];
    assert_eq!(validate(&corpus, &|_| true), Vec::new());
    let derived = derive(&corpus);
    let topic_files: Vec<&str> = derived
        .files
        .keys()
        .filter(|p| p.starts_with("topics/"))
        .map(String::as_str)
        .collect();
    assert_eq!(
        topic_files,
        [
            "topics/alasd-2.json",
            "topics/alasd.json",
            "topics/b-wsm-b-x-2.json",
            "topics/b-wsm-b-x.json"
        ]
    );
    let first: Listing = serde_json::from_str(&derived.files["topics/alasd.json"]).unwrap();
    let second: Listing = serde_json::from_str(&derived.files["topics/alasd-2.json"]).unwrap();
    assert_eq!((first.page, first.pages, first.items.len()), (1, 2, 30));
    assert_eq!(first.next.as_deref(), Some("topics/alasd-2.json"));
    assert_eq!((second.items.len(), second.next), (5, None));
    assert_eq!(first.items[0].slug, "a34", "newest first");
    let topic = first.topic.expect("the topic's listing names it");
    assert_eq!(
        topic.name, "الأسد",
        "one name: the spelling most articles use"
    );
    assert_eq!(second.topic.map(|t| t.slug), Some("alasd".to_owned()));
    // Hostile text is data: kept as written, never turned into markup or dropped.
    let hostile: Listing = serde_json::from_str(&derived.files["topics/b-wsm-b-x.json"]).unwrap();
    assert_eq!(hostile.topic.unwrap().name, "<b>وسم</b> & \"x\"");
    let article = Article::from_json(&derived.files["articles/a1.json"]).unwrap();
    assert_eq!(article.tags[0], "الاسـد", "the tag as written stays");
    assert_eq!(article.topics[0].slug, "alasd");
    let writer: Listing = serde_json::from_str(&derived.files["authors/sara.json"]).unwrap();
    assert_eq!(
        writer
            .items
            .iter()
            .map(|s| s.slug.as_str())
            .collect::<Vec<_>>(),
        ["a3"]
    );
    assert_eq!(writer.writer.unwrap().role.as_deref(), Some("مراسلة"));
    assert_eq!(derived.topics.len(), 2);
    assert_eq!(derived.writers.len(), 1);
}
