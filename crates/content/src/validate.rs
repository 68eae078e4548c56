//! The rules an article must meet before it is published.

use crate::{ArticleSource, Corpus, Problem};
use khabar_model::{
    datetime,
    links::{is_site_image, safe_href, safe_image_src},
    slug::is_valid as is_valid_slug,
    text::is_blank,
    Block, Image, Inline, Span,
};
use std::collections::{HashMap, HashSet};

/// Longest summary accepted, in characters (a rule of the model, so the schema states it too).
pub use khabar_model::MAX_SUMMARY_CHARS;

/// Checks every article of `corpus`. `image_exists` answers whether a site picture's path
/// (`images/x.svg`, see [`is_site_image`]) is a file under `public/` that will be published.
pub fn validate(corpus: &Corpus, image_exists: &dyn Fn(&str) -> bool) -> Vec<Problem> {
    validate_with(corpus, image_exists, true)
}

/// [`validate`] for a corpus whose bodies were not kept: each article's file passed
/// [`validate_own`] and [`validate_body`] as it was read (or on an earlier run, unchanged since),
/// so only what depends on the other files (its section, its pictures' files, its picks) is
/// checked.
pub fn validate_without_bodies(
    corpus: &Corpus,
    image_exists: &dyn Fn(&str) -> bool,
) -> Vec<Problem> {
    validate_with(corpus, image_exists, false)
}

/// The problems of the body of `content/articles/<file_name>`: what [`validate`] finds in it.
pub fn validate_body(
    file_name: &str,
    body: &[Block],
    image_exists: &dyn Fn(&str) -> bool,
) -> Vec<Problem> {
    check_file(file_name, image_exists, |check| check.body(body))
}

/// The problems `checks` finds in `content/articles/<file_name>`.
fn check_file(
    file_name: &str,
    image_exists: &dyn Fn(&str) -> bool,
    checks: impl FnOnce(&mut Checker),
) -> Vec<Problem> {
    let file = format!("content/articles/{file_name}");
    let mut problems = Vec::new();
    checks(&mut Checker {
        file: &file,
        problems: &mut problems,
        image_exists,
    });
    problems
}

/// What [`validate`] finds in `content/articles/<file_name>` that the file alone decides, its
/// body aside (see [`validate_body`]): its slug, texts, dates, links and lead picture (but
/// whether the picture's file is there, which [`validate_without_bodies`] checks).
pub fn validate_own(file_name: &str, article: &ArticleSource) -> Vec<Problem> {
    check_file(file_name, &|_| true, |check| {
        check.own(file_name, article, None, false)
    })
}

/// What [`validate_body`] finds in the pictures of a body cut down to them
/// ([`crate::archive::pictures_only`]): for a body whose text was checked when its file was read
/// on an earlier run (its pictures' files may have gone since).
pub fn validate_pictures(
    file_name: &str,
    body: &[Block],
    image_exists: &dyn Fn(&str) -> bool,
) -> Vec<Problem> {
    check_file(file_name, image_exists, |check| {
        for (i, block) in body.iter().enumerate() {
            if let Block::Figure { image } = block {
                check.image(&format!("body[{i}].image"), image);
            }
        }
    })
}

/// `whole`: each article's file is checked whole (else only what depends on the other files).
fn validate_with(
    corpus: &Corpus,
    image_exists: &dyn Fn(&str) -> bool,
    whole: bool,
) -> Vec<Problem> {
    let mut problems = Vec::new();
    let sections: HashSet<&str> = corpus
        .site
        .sections
        .iter()
        .map(|s| s.slug.as_str())
        .collect();
    let slugs: HashSet<&str> = corpus
        .articles
        .iter()
        .map(|(_, a)| a.slug.as_str())
        .collect();
    let mut seen_sections = HashSet::new();
    for (index, section) in corpus.site.sections.iter().enumerate() {
        let field = format!("sections[{index}].slug");
        if !is_valid_slug(&section.slug) {
            problems.push(Problem::new(
                "content/site.json",
                &field,
                "use lower-case Latin letters, digits and dashes",
            ));
        }
        if !seen_sections.insert(section.slug.as_str()) {
            problems.push(Problem::new(
                "content/site.json",
                &field,
                format!("section {:?} is listed twice", section.slug),
            ));
        }
    }
    let writers = check_writers(corpus, image_exists, &mut problems);
    for (file_name, article) in &corpus.articles {
        let file = format!("content/articles/{file_name}");
        let mut check = Checker {
            file: &file,
            problems: &mut problems,
            image_exists,
        };
        check.article(file_name, article, &sections, &slugs, whole);
        for (i, author) in article.authors.iter().enumerate() {
            if !is_blank(&author.name) && !writers.contains_key(author.name.trim()) {
                check.report(
                    format!("authors[{i}].name"),
                    format!(
                        "\"{}\" is not one of content/site.json's writers: declare them there once (slug, name, and optionally role, bio, picture)",
                        author.name
                    ),
                );
            }
        }
    }
    problems.extend(crate::topics::topics(corpus).1);
    problems
}

/// Checks `content/site.json`'s writers; returns their slugs by name.
fn check_writers<'a>(
    corpus: &'a Corpus,
    image_exists: &dyn Fn(&str) -> bool,
    problems: &mut Vec<Problem>,
) -> HashMap<&'a str, &'a str> {
    let mut by_name = HashMap::new();
    let mut slugs = HashSet::new();
    let mut check = Checker {
        file: "content/site.json",
        problems,
        image_exists,
    };
    for (i, writer) in corpus.writers.iter().enumerate() {
        if !is_valid_slug(&writer.slug) {
            check.report(
                format!("writers[{i}].slug"),
                "use lower-case Latin letters, digits and single dashes (at most 120)",
            );
        } else if !slugs.insert(writer.slug.as_str()) {
            check.report(
                format!("writers[{i}].slug"),
                format!("{:?} is listed twice", writer.slug),
            );
        }
        check.text(&format!("writers[{i}].name"), &writer.name);
        if by_name
            .insert(writer.name.trim(), writer.slug.as_str())
            .is_some()
        {
            check.report(
                format!("writers[{i}].name"),
                format!(
                    "\"{}\" is listed twice: bylines name writers by name",
                    writer.name
                ),
            );
        }
        if let Some(picture) = &writer.picture {
            check.image(&format!("writers[{i}].picture"), picture);
        }
    }
    by_name
}

struct Checker<'a> {
    file: &'a str,
    problems: &'a mut Vec<Problem>,
    image_exists: &'a dyn Fn(&str) -> bool,
}

impl Checker<'_> {
    fn report(&mut self, field: impl Into<String>, message: impl Into<String>) {
        self.problems.push(Problem::new(self.file, field, message));
    }

    /// `whole`: also what the file alone decides, its body included (else that was checked as
    /// the file was read: only what depends on the other files is checked).
    fn article(
        &mut self,
        file_name: &str,
        a: &ArticleSource,
        sections: &HashSet<&str>,
        slugs: &HashSet<&str>,
        whole: bool,
    ) {
        if whole {
            self.own(file_name, a, Some(sections), true);
        } else {
            self.section(a, sections);
            if let Some(image) = &a.image {
                self.image_file("image", image);
            }
        }
        let mut picked = HashSet::new();
        for (i, slug) in a.related.iter().enumerate() {
            let field = format!("related[{i}]");
            if slug == &a.slug {
                self.report(field, "an article cannot be related to itself");
            } else if !slugs.contains(slug.as_str()) {
                self.report(field, format!("no article has the slug {slug:?}"));
            } else if !picked.insert(slug) {
                self.report(field, format!("{slug:?} is listed twice"));
            }
        }
    }

    /// Whether the article's section is one of the site's.
    fn section(&mut self, a: &ArticleSource, sections: &HashSet<&str>) {
        if !sections.contains(a.section.as_str()) {
            self.report(
                "section",
                format!("{:?} is not a section of content/site.json", a.section),
            );
        }
    }

    /// What the article's file alone decides, and its section when `sections` are given.
    fn own(
        &mut self,
        file_name: &str,
        a: &ArticleSource,
        sections: Option<&HashSet<&str>>,
        body: bool,
    ) {
        if !is_valid_slug(&a.slug) {
            self.report(
                "slug",
                "use lower-case Latin letters, digits and single dashes (at most 120)",
            );
        }
        if file_name.strip_suffix(".json") != Some(a.slug.as_str()) {
            self.report(
                "slug",
                format!(
                    "must match the file name: rename the file to {}.json",
                    a.slug
                ),
            );
        }
        if let Some(sections) = sections {
            self.section(a, sections);
        }
        if let Some(lang) = &a.lang {
            if lang.trim().is_empty() {
                self.report(
                    "lang",
                    "give a language tag such as \"ar\", or leave the field out",
                );
            }
        }
        self.text("headline", &a.headline);
        self.text("summary", &a.summary);
        if a.summary.chars().count() > MAX_SUMMARY_CHARS {
            self.report(
                "summary",
                format!("keep it under {MAX_SUMMARY_CHARS} characters"),
            );
        }
        if let Some(subtitle) = &a.subtitle {
            self.text("subtitle", subtitle);
        }
        let published = self.timestamp("published", &a.published);
        if let Some(updated) = &a.updated {
            let updated = self.timestamp("updated", updated);
            if let (Some(p), Some(u)) = (published, updated) {
                if u < p {
                    self.report("updated", "is earlier than published");
                }
            }
        }
        for (i, author) in a.authors.iter().enumerate() {
            self.text(&format!("authors[{i}].name"), &author.name);
            if let Some(url) = &author.url {
                self.link(&format!("authors[{i}].url"), url);
            }
        }
        if let Some(image) = &a.image {
            self.image("image", image);
        }
        for (i, tag) in a.tags.iter().enumerate() {
            self.text(&format!("tags[{i}]"), tag);
        }
        if body {
            self.body(&a.body);
        }
    }

    /// Whether a site picture's file is there (the rest of [`Self::image`] depends on the
    /// article's file alone).
    fn image_file(&mut self, field: &str, image: &Image) {
        if let Some(src) = safe_image_src(&image.src) {
            if is_site_image(src) && !(self.image_exists)(src) {
                self.report(
                    format!("{field}.src"),
                    format!("public/{src} does not exist"),
                );
            }
        }
    }

    fn body(&mut self, body: &[Block]) {
        if body.is_empty() {
            self.report("body", "an article needs at least one block");
        }
        for (i, block) in body.iter().enumerate() {
            self.block(&format!("body[{i}]"), block);
        }
    }

    fn text(&mut self, field: &str, value: &str) {
        if is_blank(value) {
            self.report(field, "must not be empty");
        }
    }

    fn timestamp(&mut self, field: &str, value: &str) -> Option<i64> {
        match datetime::parse(value) {
            Ok(t) => Some(t.epoch_ms),
            Err(error) => {
                self.report(field, error.to_string());
                None
            }
        }
    }

    fn link(&mut self, field: &str, href: &str) {
        if safe_href(href).is_none() {
            self.report(
                field,
                format!(
                    "{href:?} is not an https:// URL or a /path on this site (no spaces or control characters)"
                ),
            );
        }
    }

    fn image(&mut self, field: &str, image: &Image) {
        if image.alt.trim().is_empty() {
            self.report(
                format!("{field}.alt"),
                "describe the picture for readers who cannot see it",
            );
        }
        // A photograph's size is read from its file.
        let photo = crate::pictures::is_photo(&image.src);
        if image.width == 0 && !photo {
            self.report(
                format!("{field}.width"),
                "give the picture's width in pixels",
            );
        }
        if image.height == 0 && !photo {
            self.report(
                format!("{field}.height"),
                "give the picture's height in pixels",
            );
        }
        match safe_image_src(&image.src) {
            None => self.report(
                format!("{field}.src"),
                format!(
                    "{:?} is not images/<file> (a file of public/images/, no `..`, no leading /) or an https:// URL",
                    image.src
                ),
            ),
            Some(src) if is_site_image(src) && !(self.image_exists)(src) => {
                self.report(
                    format!("{field}.src"),
                    format!("public/{src} does not exist"),
                );
            }
            Some(_) => {}
        }
    }

    fn inline(&mut self, field: &str, text: &Inline) {
        if text.plain_text().trim().is_empty() {
            self.report(field, "must not be empty");
        }
        if let Inline::Runs(spans) = text {
            for (i, span) in spans.iter().enumerate() {
                if let Span::Styled {
                    href: Some(href), ..
                } = span
                {
                    self.link(&format!("{field}[{i}].href"), href);
                }
            }
        }
    }

    fn block(&mut self, field: &str, block: &Block) {
        match block {
            Block::Paragraph { text } => self.inline(&format!("{field}.text"), text),
            Block::Heading { text } => self.text(&format!("{field}.text"), text),
            Block::List { items, .. } => {
                if items.is_empty() {
                    self.report(format!("{field}.items"), "a list needs at least one item");
                }
                for (i, item) in items.iter().enumerate() {
                    self.inline(&format!("{field}.items[{i}]"), item);
                }
            }
            Block::Quote { text, .. } => self.inline(&format!("{field}.text"), text),
            Block::Figure { image } => self.image(&format!("{field}.image"), image),
        }
    }
}
