//! `khabar-content import-wordpress` on a realistic export made for the project
//! (tests/fixtures/wordpress/export.xml): an Arabic news site on the Jannah theme, with
//! Gutenberg and classic posts, shortcodes, embeds, hostile markup, a draft, a revision, a page,
//! attachments and a missing picture. The expected files are checked in under `expected/`;
//! `KHABAR_BLESS=1 cargo test -p khabar-content --test wordpress` rewrites them after a change
//! that was meant (review the diff).

use khabar_content::files::{build, Layout};
use khabar_content::wordpress::{import, report::Outcome, Options};
use std::{
    collections::BTreeMap,
    fs,
    path::{Path, PathBuf},
    sync::atomic::{AtomicUsize, Ordering},
};

fn fixture() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/wordpress")
}

/// A project folder of its own for each test: the fixture's site file and hand-written article.
fn project() -> PathBuf {
    static NEXT: AtomicUsize = AtomicUsize::new(0);
    let root = std::env::temp_dir().join(format!(
        "khabar-wp-{}-{}",
        std::process::id(),
        NEXT.fetch_add(1, Ordering::SeqCst)
    ));
    let _ = fs::remove_dir_all(&root);
    copy_tree(&fixture().join("start"), &root);
    root
}

fn copy_tree(from: &Path, to: &Path) {
    for (rel, bytes) in files(from) {
        let target = to.join(rel);
        fs::create_dir_all(target.parent().unwrap()).unwrap();
        fs::write(target, bytes).unwrap();
    }
}

/// Every file under `dir`, by path relative to it.
fn files(dir: &Path) -> BTreeMap<String, Vec<u8>> {
    let mut out = BTreeMap::new();
    let mut stack = vec![dir.to_path_buf()];
    while let Some(d) = stack.pop() {
        let Ok(entries) = fs::read_dir(&d) else {
            continue;
        };
        for entry in entries.flatten() {
            let path = entry.path();
            if path.is_dir() {
                stack.push(path);
            } else {
                let rel = path
                    .strip_prefix(dir)
                    .unwrap()
                    .to_string_lossy()
                    .replace('\\', "/");
                out.insert(rel, fs::read(&path).unwrap());
            }
        }
    }
    out
}

fn options(root: &Path, export: PathBuf) -> Options {
    Options {
        root: root.to_path_buf(),
        export,
        uploads: Some(fixture().join("uploads")),
        force: false,
    }
}

fn run(root: &Path) -> khabar_content::wordpress::report::ImportReport {
    import(&options(root, fixture().join("export.xml"))).unwrap()
}

fn article(root: &Path, slug: &str) -> serde_json::Value {
    let text = fs::read_to_string(root.join(format!("content/articles/{slug}.json"))).unwrap();
    serde_json::from_str(&text).unwrap()
}

#[test]
fn the_export_becomes_the_checked_in_content_files() {
    // Guards against any unreviewed change in what an import writes (articles, sections,
    // pictures, redirects, report).
    let root = project();
    let report = run(&root);
    fs::write(root.join("report.json"), report.to_json()).unwrap();
    let mut got = files(&root);
    for (rel, bytes) in files(&fixture().join("start")) {
        if got.get(&rel) == Some(&bytes) {
            got.remove(&rel);
        }
    }
    let expected_dir = fixture().join("expected");
    if std::env::var_os("KHABAR_BLESS").is_some() {
        let _ = fs::remove_dir_all(&expected_dir);
        for (rel, bytes) in &got {
            let target = expected_dir.join(rel);
            fs::create_dir_all(target.parent().unwrap()).unwrap();
            fs::write(target, bytes).unwrap();
        }
    }
    let expected = files(&expected_dir);
    let got_names: Vec<&String> = got.keys().collect();
    let expected_names: Vec<&String> = expected.keys().collect();
    assert_eq!(got_names, expected_names, "the files written differ");
    for (rel, bytes) in &expected {
        assert_eq!(
            String::from_utf8_lossy(&got[rel]),
            String::from_utf8_lossy(bytes),
            "{rel} differs from tests/fixtures/wordpress/expected/{rel}"
        );
    }
}

#[test]
fn published_posts_only_and_the_rest_counted_by_reason() {
    // Guards against drafts, revisions, pages or attachments being published.
    let root = project();
    let report = run(&root);
    assert_eq!(report.imported, 5);
    let skipped: Vec<(&str, usize)> = report
        .skipped
        .iter()
        .map(|(k, v)| (k.as_str(), *v))
        .collect();
    assert_eq!(
        skipped,
        vec![
            ("attachment", 3),
            ("draft", 1),
            ("invalid", 1),
            ("page", 1),
            ("password-protected", 1),
            ("revision", 1)
        ]
    );
    let names: Vec<String> = files(&root.join("content/articles")).into_keys().collect();
    assert!(
        !names
            .iter()
            .any(|n| n.contains("revision") || n.contains("about")),
        "{names:?}"
    );
    let text: String = files(&root.join("content/articles"))
        .values()
        .map(|b| String::from_utf8_lossy(b).into_owned())
        .collect();
    assert!(
        !text.contains("نص لم ينشر بعد")
            && !text.contains("نسخة سابقة")
            && !text.contains("كلمة المرور")
    );
}

#[test]
fn the_result_passes_make_contents_checks() {
    // Guards against an import that leaves content/ unpublishable.
    let root = project();
    run(&root);
    let derived = build(&Layout { root: root.clone() });
    assert!(derived.is_ok(), "{:?}", derived.err());
}

#[test]
fn a_post_that_cannot_be_made_valid_is_skipped_with_its_reason() {
    // Guards against half-valid articles (a video-only post has no text left).
    let root = project();
    let report = run(&root);
    let video = report.posts.iter().find(|p| p.id == 108).unwrap();
    assert_eq!(video.outcome, Outcome::Skipped);
    let reason = video.reason.as_deref().unwrap();
    assert!(
        reason.contains("body: an article needs at least one block"),
        "{reason}"
    );
    assert!(!root
        .join(format!("content/articles/{}.json", video.slug))
        .exists());
}

#[test]
fn a_second_run_changes_nothing() {
    // Guards against reruns rewriting files (noisy diffs, lost hand edits).
    let root = project();
    run(&root);
    let first = files(&root);
    let report = run(&root);
    assert_eq!(files(&root), first, "the rerun changed files");
    assert_eq!(
        (report.imported, report.unchanged, report.images_copied),
        (0, 5, 0)
    );
}

#[test]
fn hostile_markup_ends_up_as_text_or_removed() {
    // Guards against script, event handlers or javascript: links surviving into content.
    let root = project();
    let report = run(&root);
    let hostile = report.posts.iter().find(|p| p.id == 103).unwrap();
    assert_eq!(
        hostile.slug, "post-103",
        "an unspellable slug falls back to the id"
    );
    let json = fs::read_to_string(root.join("content/articles/post-103.json")).unwrap();
    for bad in [
        "<script",
        "javascript:",
        "onerror",
        "onclick",
        "<svg",
        "<iframe",
        "evil.example",
        "data:",
        "font-size",
    ] {
        assert!(!json.contains(bad), "{bad} survived:\n{json}");
    }
    // Markup typed as text stays text, shown literally.
    assert!(json.contains("الوسم <b>نص</b> حرفيًا"), "{json}");
    let kinds: Vec<&str> = hostile.removed.0.keys().map(String::as_str).collect();
    for kind in ["embed", "form", "iframe", "script", "style"] {
        assert!(kinds.contains(&kind), "{kind} not counted: {kinds:?}");
    }
    let a = article(&root, "post-103");
    assert_eq!(a["summary"], "ملخص الأسواق & التداولات الأسبوعية.");
}

#[test]
fn blocks_links_pictures_and_dates_are_mapped() {
    // Guards against losing structure, links between posts, pictures or the time zone.
    let root = project();
    let report = run(&root);
    let summit = report.posts.iter().find(|p| p.id == 101).unwrap();
    assert_eq!(summit.wordpress_slug, "قمة-بوتين-والأسد-رسائل-قوية");
    let a = article(&root, &summit.slug);
    assert_eq!(
        a["section"], "syasa",
        "the Yoast primary category wins over the first listed"
    );
    assert_eq!(a["published"], "2023-03-15T21:00:00+03:00");
    assert_eq!(a["updated"], "2023-03-16T09:30:00+03:00");
    assert_eq!(a["authors"][0]["name"], "سارة المصري");
    assert_eq!(
        a["subtitle"], "محادثات استمرت ثلاث ساعات في الكرملين",
        "Jannah's sub title"
    );
    assert_eq!(a["tags"], serde_json::json!(["سوريا", "روسيا"]));
    assert_eq!(a["image"]["src"], "images/wp/2023/03/putin-assad.jpg");
    assert_eq!(
        (a["image"]["width"].as_u64(), a["image"]["height"].as_u64()),
        (Some(800), Some(450))
    );
    let types: Vec<&str> = a["body"]
        .as_array()
        .unwrap()
        .iter()
        .map(|b| b["type"].as_str().unwrap())
        .collect();
    assert_eq!(
        types,
        [
            "paragraph",
            "paragraph",
            "heading",
            "list",
            "quote",
            "paragraph"
        ]
    );
    let marathon = report.posts.iter().find(|p| p.id == 102).unwrap();
    let link = &a["body"][1]["text"][3];
    assert_eq!(
        link["href"],
        format!("/article/{}", marathon.slug),
        "links to imported posts follow them"
    );
    assert_eq!(
        a["body"][3]["items"].as_array().unwrap().len(),
        3,
        "nested items are flattened"
    );
    assert_eq!(a["body"][4]["source"], "الرئاسة السورية");

    let m = article(&root, &marathon.slug);
    let body = m["body"].as_array().unwrap();
    assert_eq!(body[0]["text"], "انطلق صباح الجمعة ماراثون الصحراء بمشاركة أكثر من ألفي عدّاء من 40 دولة. وسجّل الفائز زمنًا قياسيًا جديدًا! وتابع آلاف المشجعين السباق على امتداد المسار.");
    let figure = body.iter().find(|b| b["type"] == "figure").unwrap();
    assert_eq!(
        figure["image"]["alt"], "عدّاؤون يعبرون الكثبان قرب خط النهاية",
        "the caption stands in for a missing alt"
    );
    assert_eq!(
        figure["image"]["caption"],
        "عدّاؤون يعبرون الكثبان قرب خط النهاية"
    );
    assert!(m["summary"]
        .as_str()
        .unwrap()
        .starts_with("انطلق صباح الجمعة"));
    let last = body.last().unwrap()["text"].as_str().unwrap();
    assert!(
        last.contains("[1] و[2]") && last.contains("[caption] المكتوبة"),
        "{last}"
    );
    assert!(marathon
        .images_missing
        .iter()
        .any(|m| m.contains("missing-photo.jpg")));
    assert!(!m.to_string().contains("missing-photo"));
    for kind in ["shortcode", "iframe", "script"] {
        assert!(
            marathon.removed.0.contains_key(kind),
            "{kind}: {:?}",
            marathon.removed
        );
    }
}

#[test]
fn a_post_edited_in_wordpress_updates_its_article() {
    // Guards against reruns that ignore changes made in WordPress after the first import.
    let root = project();
    let report = run(&root);
    let slug = report
        .posts
        .iter()
        .find(|p| p.id == 101)
        .unwrap()
        .slug
        .clone();
    let edited = fs::read_to_string(fixture().join("export.xml"))
        .unwrap()
        .replace("2023-03-16 09:30:00", "2023-03-17 11:00:00")
        .replace("2023-03-16 06:30:00", "2023-03-17 08:00:00")
        .replace("استمرت قرابة 3 ساعات", "استمرت قرابة أربع ساعات");
    let export = root.join("edited.xml");
    fs::write(&export, edited).unwrap();
    let report = import(&options(&root, export)).unwrap();
    let post = report.posts.iter().find(|p| p.id == 101).unwrap();
    assert_eq!(post.outcome, Outcome::Written);
    assert_eq!(report.imported, 1);
    let a = article(&root, &slug);
    assert_eq!(a["updated"], "2023-03-17T11:00:00+03:00");
    assert!(a.to_string().contains("أربع ساعات"));
}

#[test]
fn hand_written_content_is_never_overwritten_without_force() {
    // Guards against an import destroying an editor's work.
    let root = project();
    let hand = root.join("content/articles/desert-marathon-record.json");
    let before = fs::read(&hand).unwrap();
    let report = run(&root);
    assert_eq!(
        fs::read(&hand).unwrap(),
        before,
        "a slug taken by hand is never reused"
    );
    let old = report.posts.iter().find(|p| p.id == 107).unwrap();
    assert_eq!(old.slug, "desert-marathon-record-107");

    // An imported article edited by hand afterwards is kept…
    let slug = report
        .posts
        .iter()
        .find(|p| p.id == 101)
        .unwrap()
        .slug
        .clone();
    let path = root.join(format!("content/articles/{slug}.json"));
    let edited = fs::read_to_string(&path)
        .unwrap()
        .replace("لقاء طويل", "لقاء مطوّل");
    fs::write(&path, &edited).unwrap();
    let report = run(&root);
    let post = report.posts.iter().find(|p| p.id == 101).unwrap();
    assert_eq!(post.outcome, Outcome::Skipped);
    assert!(post.reason.as_deref().unwrap().contains("--force"));
    assert_eq!(fs::read_to_string(&path).unwrap(), edited);
    // …unless the import is forced.
    let mut forced = options(&root, fixture().join("export.xml"));
    forced.force = true;
    import(&forced).unwrap();
    assert!(fs::read_to_string(&path).unwrap().contains("لقاء طويل"));
}

#[test]
fn an_imported_article_deleted_by_hand_stays_deleted() {
    // Guards against reruns bringing back articles an editor removed on purpose.
    let root = project();
    let report = run(&root);
    let slug = report
        .posts
        .iter()
        .find(|p| p.id == 102)
        .unwrap()
        .slug
        .clone();
    let path = root.join(format!("content/articles/{slug}.json"));
    fs::remove_file(&path).unwrap();
    let report = run(&root);
    assert_eq!(report.skipped.get("deleted by hand"), Some(&1));
    assert!(!path.exists());
    // Its old addresses still lead somewhere the editor can decide about.
    let redirects = fs::read_to_string(root.join("deploy/redirects.conf")).unwrap();
    assert!(redirects.contains(&format!("/article/{slug};")));
}

#[test]
fn the_command_line_prints_a_summary_and_writes_the_json_report() {
    // Guards against a command that runs but tells the newsroom nothing, or exits 0 on a bad file.
    let root = project();
    let bin = env!("CARGO_BIN_EXE_khabar-content");
    let output = std::process::Command::new(bin)
        .current_dir(&root)
        .arg("import-wordpress")
        .arg(fixture().join("export.xml"))
        .args(["--uploads", fixture().join("uploads").to_str().unwrap()])
        .args(["--report", "report.json"])
        .output()
        .unwrap();
    let stdout = String::from_utf8_lossy(&output.stdout);
    assert!(
        output.status.success(),
        "{stdout}\n{}",
        String::from_utf8_lossy(&output.stderr)
    );
    assert!(stdout.contains("posts: 5 imported, 0 unchanged; skipped: attachment 3, draft 1, invalid 1, page 1, password-protected 1, revision 1"), "{stdout}");
    assert!(stdout.contains("picture left out: https://akhbar.example/wp-content/uploads/2023/03/missing-photo.jpg: file not found"), "{stdout}");
    let report: serde_json::Value =
        serde_json::from_str(&fs::read_to_string(root.join("report.json")).unwrap()).unwrap();
    assert_eq!(report["imported"], 5);
    assert_eq!(report["redirects"], 44);

    fs::write(root.join("broken.xml"), "<rss><channel><item></channel>").unwrap();
    let before = files(&root);
    let output = std::process::Command::new(bin)
        .current_dir(&root)
        .args(["import-wordpress", "broken.xml"])
        .output()
        .unwrap();
    assert!(!output.status.success());
    assert!(String::from_utf8_lossy(&output.stderr).contains("broken.xml"));
    assert_eq!(files(&root), before, "a broken export writes nothing");
}

#[test]
fn links_to_posts_that_are_not_imported_become_plain_text() {
    // Guards against imported articles linking to /article/<slug> pages that do not exist.
    let root = project();
    let report = run(&root);
    let market = report.posts.iter().find(|p| p.id == 109).unwrap();
    let video = report.posts.iter().find(|p| p.id == 108).unwrap();
    let marathon = report.posts.iter().find(|p| p.id == 102).unwrap();
    let a = article(&root, &market.slug);
    let text = a["body"][1]["text"].to_string();
    assert!(!text.contains(&video.slug), "{text}");
    assert!(text.contains("أهداف المباراة"), "{text}");
    assert!(
        text.contains(&format!("\"href\":\"/article/{}\"", marathon.slug)),
        "{text}"
    );
}
