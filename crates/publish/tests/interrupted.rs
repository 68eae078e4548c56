//! A publish stopped half-way, by an error or by `kill -9`, must not poison the next one: the next
//! publish leaves the bundle byte for byte as a publish into a fresh bundle would, and reports
//! every file whose bytes differ from what the stopped run left and from what was there before
//! it (the stopped run never reported its own changes, and a CDN needs them).

use khabar_content::output::{is_temporary, JOURNAL};
use khabar_publish::publish::{publish, Options};
use std::{
    collections::{BTreeMap, BTreeSet},
    fs,
    os::unix::process::ExitStatusExt,
    path::{Path, PathBuf},
    process::{Command, Stdio},
    time::{Duration, Instant, SystemTime},
};

/// The bundle's state file: what was rendered from which frame, not content.
const STATE_FILE: &str = ".khabar-publish.json";
const NOW: &str = "2030-01-01T00:00:00Z";

fn repository() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../..")
}

/// A project of `copies` × the sample articles (`<slug>-<copy>`, each copy relating its own copies)
/// and an empty bundle whose frame is the repository's index.html.
fn generate(name: &str, copies: usize) -> Options {
    let root =
        std::env::temp_dir().join(format!("khabar-interrupted-{}-{name}", std::process::id()));
    let _ = fs::remove_dir_all(&root);
    let articles = root.join("content/articles");
    fs::create_dir_all(&articles).unwrap();
    fs::copy(
        repository().join("content/site.json"),
        root.join("content/site.json"),
    )
    .unwrap();
    let mut samples: Vec<PathBuf> = fs::read_dir(repository().join("content/articles"))
        .unwrap()
        .map(|e| e.unwrap().path())
        .collect();
    samples.sort();
    for copy in 0..copies {
        for sample in &samples {
            let mut article: serde_json::Value =
                serde_json::from_str(&fs::read_to_string(sample).unwrap()).unwrap();
            let slug = format!("{}-{copy}", article["slug"].as_str().unwrap());
            article["slug"] = slug.clone().into();
            let headline = format!("{} ({copy})", article["headline"].as_str().unwrap());
            article["headline"] = headline.into();
            if let Some(related) = article.get_mut("related").and_then(|r| r.as_array_mut()) {
                for r in related {
                    *r = format!("{}-{copy}", r.as_str().unwrap()).into();
                }
            }
            fs::write(articles.join(format!("{slug}.json")), article.to_string()).unwrap();
        }
    }
    fs::create_dir_all(root.join("public")).unwrap();
    std::os::unix::fs::symlink(
        repository().join("public/images"),
        root.join("public/images"),
    )
    .unwrap();
    let dist = root.join("dist");
    fresh_bundle(&dist);
    Options {
        root,
        dist,
        now_ms: khabar::model::datetime::parse(NOW).unwrap().epoch_ms,
        fail_after_writes: None,
    }
}

/// A bundle as `make build` leaves it before publishing: the app's frame only.
fn fresh_bundle(dist: &Path) {
    let _ = fs::remove_dir_all(dist);
    fs::create_dir_all(dist).unwrap();
    fs::copy(repository().join("index.html"), dist.join("shell.html")).unwrap();
}

/// Every file of the bundle, hidden ones included (a leftover temporary or journal would show),
/// with its bytes; the state file aside.
fn contents(dist: &Path) -> BTreeMap<String, Vec<u8>> {
    let mut found = BTreeMap::new();
    let mut pending = vec![String::new()];
    while let Some(dir) = pending.pop() {
        for entry in fs::read_dir(dist.join(&dir)).unwrap() {
            let entry = entry.unwrap();
            let name = entry.file_name().to_string_lossy().into_owned();
            let path = if dir.is_empty() {
                name
            } else {
                format!("{dir}/{name}")
            };
            if entry.file_type().unwrap().is_dir() {
                pending.push(path);
            } else if path != STATE_FILE {
                found.insert(path.clone(), fs::read(dist.join(&path)).unwrap());
            }
        }
    }
    found
}

fn copy_dir(from: &Path, to: &Path) {
    let _ = fs::remove_dir_all(to);
    fs::create_dir_all(to).unwrap();
    for entry in fs::read_dir(from).unwrap() {
        let entry = entry.unwrap();
        if entry.file_type().unwrap().is_dir() {
            copy_dir(&entry.path(), &to.join(entry.file_name()));
        } else {
            fs::copy(entry.path(), to.join(entry.file_name())).unwrap();
        }
    }
}

/// The paths whose bytes differ between two snapshots, missing files included.
fn differing(a: &BTreeMap<String, Vec<u8>>, b: &BTreeMap<String, Vec<u8>>) -> BTreeSet<String> {
    a.keys()
        .chain(b.keys())
        .filter(|path| a.get(*path) != b.get(*path))
        .cloned()
        .collect()
}

/// The next publish after an interrupted one: the bundle equals the clean publish's, and the
/// report covers every file that differs from before the interrupted run or from what it left.
/// Returns what is wrong.
fn made_whole(
    what: &str,
    before: &BTreeMap<String, Vec<u8>>,
    left: &BTreeMap<String, Vec<u8>>,
    after: &BTreeMap<String, Vec<u8>>,
    expected: &BTreeMap<String, Vec<u8>>,
    reported: &BTreeSet<String>,
) -> Vec<String> {
    let mut problems = Vec::new();
    let wrong = differing(after, expected);
    if !wrong.is_empty() {
        problems.push(format!(
            "{what}: the next publish differs from a clean one in {} file(s): {:?}",
            wrong.len(),
            wrong.iter().take(6).collect::<Vec<_>>()
        ));
    }
    let mut changed = differing(before, after);
    changed.extend(differing(left, after));
    // The journal is bookkeeping, as the state file is, and a killed write's temporary is a
    // hidden file the next publish removes: never served, not for a CDN. (That the temporaries
    // are gone is checked above: the bundle equals the clean one.)
    let served = |path: &str| {
        let name = path.rsplit('/').next().unwrap_or(path);
        path != JOURNAL && !is_temporary(name)
    };
    let unreported: Vec<&String> = changed
        .iter()
        .filter(|path| !reported.contains(*path) && served(path))
        .collect();
    if !unreported.is_empty() {
        problems.push(format!(
            "{what}: {} changed file(s) not reported: {:?}",
            unreported.len(),
            unreported.iter().take(6).collect::<Vec<_>>()
        ));
    }
    problems
}

/// Guards against a publish that fails after writing some files (the API first) leaving the next
/// one to trust those files' bytes: it would skip the pages made from them, keep compressed
/// copies of older bytes, and report neither. The failure is injected after 1, 4, 7… files
/// written (the API, then the pages, then the feeds), until the publish gets through.
#[test]
fn a_publish_that_failed_half_way_is_made_whole_by_the_next() {
    let options = generate("failed", 1);
    publish(&options).unwrap();
    let before = contents(&options.dist);

    let source = options
        .root
        .join("content/articles/putin-assad-summit-moscow-0.json");
    let mut article: serde_json::Value =
        serde_json::from_str(&fs::read_to_string(&source).unwrap()).unwrap();
    article["headline"] = "عنوان جديد للقمة".into();
    fs::write(&source, article.to_string()).unwrap();

    let clean = Options {
        dist: options.root.join("clean"),
        ..options.clone()
    };
    fresh_bundle(&clean.dist);
    publish(&clean).unwrap();
    let expected = contents(&clean.dist);

    let mut failures = 0;
    let mut problems = Vec::new();
    for fail_after in (1..).step_by(3) {
        let dist = options.root.join("failing");
        copy_dir(&options.dist, &dist);
        let failing = Options {
            dist: dist.clone(),
            fail_after_writes: Some(fail_after),
            ..options.clone()
        };
        if publish(&failing).is_ok() {
            break;
        }
        failures += 1;
        let left = contents(&dist);
        let next = Options {
            dist: dist.clone(),
            ..options.clone()
        };
        let report = publish(&next).unwrap();
        let reported = report.changed.into_iter().collect();
        let what = format!("failed after {fail_after} file(s)");
        problems.extend(made_whole(
            &what,
            &before,
            &left,
            &contents(&dist),
            &expected,
            &reported,
        ));
        // And once whole, a publish finds nothing more to do.
        let again = publish(&next).unwrap();
        if !again.changed.is_empty() {
            problems.push(format!("{what}: then rewrote {:?}", again.changed));
        }
    }
    assert!(failures >= 4, "the failure landed only {failures} times");
    assert!(problems.is_empty(), "{}", problems.join("\n"));
    let _ = fs::remove_dir_all(&options.root);
}

/// When to kill the publish: a name for the messages, and a test on the bundle (and on the
/// modification times of the files as they were copied) that says the run got that far.
type Trigger = (
    &'static str,
    fn(&Path, &BTreeMap<String, SystemTime>) -> bool,
);

fn modified(path: &Path) -> Option<SystemTime> {
    fs::metadata(path).ok()?.modified().ok()
}

/// Whether `path` was replaced since the bundle was copied.
fn rewritten(dist: &Path, times: &BTreeMap<String, SystemTime>, path: &str) -> bool {
    modified(&dist.join(path)) != times.get(path).copied()
}

/// Guards against a `kill -9` anywhere in a publish (while the API is written, half-way through
/// the pages, among the feeds) leaving files that the next publish trusts: truncated files,
/// pages of the old API, compressed copies of older bytes. The real binary runs on a generated
/// site; the site's name changes, so every page, feed and the API's site.json change.
#[test]
fn a_publish_killed_anywhere_is_made_whole_by_the_next() {
    let options = generate("killed", 4);
    publish(&options).unwrap();
    let before = contents(&options.dist);
    let site_json = options.root.join("content/site.json");
    let site = fs::read_to_string(&site_json).unwrap();
    fs::write(&site_json, site.replace("\"خبر\"", "\"خبر اليوم\"")).unwrap();

    let clean = Options {
        dist: options.root.join("clean"),
        ..options.clone()
    };
    fresh_bundle(&clean.dist);
    publish(&clean).unwrap();
    let expected = contents(&clean.dist);
    let pages: Vec<String> = expected
        .keys()
        .filter(|p| p.starts_with("article/") && p.ends_with("/index.html"))
        .cloned()
        .collect();

    let triggers: [Trigger; 3] = [
        ("as the API is written", |dist, times| {
            rewritten(dist, times, "api/site.json")
        }),
        ("half-way through the pages", |dist, times| {
            let pages: Vec<&String> = times
                .keys()
                .filter(|p| p.starts_with("article/") && p.ends_with("/index.html"))
                .collect();
            pages.iter().filter(|p| rewritten(dist, times, p)).count() * 2 >= pages.len()
        }),
        ("among the feeds", |dist, times| {
            rewritten(dist, times, "feed.xml")
        }),
    ];
    assert!(pages.len() >= 80, "{} article pages", pages.len());
    let binary = env!("CARGO_BIN_EXE_khabar-publish");
    let run = |dist: &Path, changes: &Path| {
        let mut command = Command::new(binary);
        command
            .args(["--root".as_ref(), options.root.as_os_str()])
            .args(["--dist".as_ref(), dist.as_os_str()])
            .args(["--changes".as_ref(), changes.as_os_str()])
            .args(["--now", NOW])
            .stdout(Stdio::null())
            .stderr(Stdio::null());
        command
    };
    let mut problems = Vec::new();
    let dist = options.root.join("killed");
    let changes = options.root.join("changes.txt");
    for (what, reached) in triggers {
        // Near its end a run may finish between two looks: then it is run again.
        let mut killed = false;
        for _ in 0..3 {
            copy_dir(&options.dist, &dist);
            let times: BTreeMap<String, SystemTime> = before
                .keys()
                .filter_map(|p| Some((p.clone(), modified(&dist.join(p))?)))
                .collect();
            let mut child = run(&dist, &changes).spawn().unwrap();
            let started = Instant::now();
            loop {
                if reached(&dist, &times) {
                    child.kill().unwrap();
                    break;
                }
                if child.try_wait().unwrap().is_some() {
                    break;
                }
                assert!(started.elapsed() < Duration::from_secs(60), "{what}: stuck");
                std::thread::sleep(Duration::from_micros(200));
            }
            let status = child.wait().unwrap();
            killed = status.signal() == Some(9);
            if killed {
                break;
            }
            assert!(status.success(), "{what}: the publish failed: {status}");
        }
        assert!(
            killed,
            "{what}: the publish always ended before it got there"
        );
        let left = contents(&dist);

        let _ = fs::remove_file(&changes);
        let status = run(&dist, &changes).status().unwrap();
        assert!(
            status.success(),
            "{what}: the next publish failed: {status}"
        );
        let reported: BTreeSet<String> = fs::read_to_string(&changes)
            .unwrap()
            .lines()
            .map(str::to_owned)
            .collect();
        problems.extend(made_whole(
            &format!("killed {what}"),
            &before,
            &left,
            &contents(&dist),
            &expected,
            &reported,
        ));
        let again = publish(&Options {
            dist: dist.clone(),
            ..options.clone()
        })
        .unwrap();
        if !again.changed.is_empty() {
            problems.push(format!("killed {what}: then rewrote {:?}", again.changed));
        }
    }
    assert!(problems.is_empty(), "{}", problems.join("\n"));
    let _ = fs::remove_dir_all(&options.root);
}
