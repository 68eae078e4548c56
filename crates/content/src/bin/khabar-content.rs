//! `make content`: checks every article under `content/` and regenerates `public/api/`.
//! `khabar-content check` only verifies that the committed files are current (for tests and CI).
//! `khabar-content pictures DIR` also copies the photographs' published files into `DIR/images/`
//! (`make serve`'s build; `make publish` writes them into the bundle itself).
//! `khabar-content import-wordpress <export.xml> [--uploads DIR] [--report FILE] [--force]`
//! imports a WordPress export into `content/` (see the README).

use khabar_content::files::{build, Layout};
use khabar_content::wordpress;
use std::{path::PathBuf, process::ExitCode};

fn main() -> ExitCode {
    let mode = std::env::args()
        .nth(1)
        .unwrap_or_else(|| "build".to_owned());
    if mode == "import-wordpress" {
        return import_wordpress(std::env::args().skip(2).collect());
    }
    let layout = Layout {
        root: std::env::current_dir().unwrap_or_default(),
    };
    let derived = match build(&layout) {
        Ok(derived) => derived,
        Err(problems) => {
            for problem in &problems {
                eprintln!("{problem}");
            }
            eprintln!(
                "{} problem(s) in the content; nothing was written.",
                problems.len()
            );
            return ExitCode::FAILURE;
        }
    };
    match mode.as_str() {
        "build" => match layout.write(&derived) {
            Ok(written) => {
                println!(
                    "content: {} files current, {written} rewritten.",
                    derived.files.len()
                );
                ExitCode::SUCCESS
            }
            Err(e) => {
                eprintln!("cannot write public/api: {e}");
                ExitCode::FAILURE
            }
        },
        "pictures" => {
            let Some(dir) = std::env::args()
                .nth(2)
                .filter(|d| !d.is_empty())
                .map(PathBuf::from)
            else {
                eprintln!("usage: khabar-content pictures DIR");
                return ExitCode::from(2);
            };
            match copy_pictures(&derived, &dir) {
                Ok(copied) => {
                    println!(
                        "content: {copied} picture files copied to {}",
                        dir.display()
                    );
                    ExitCode::SUCCESS
                }
                Err(e) => {
                    eprintln!("cannot write the pictures: {e}");
                    ExitCode::FAILURE
                }
            }
        }
        "check" => {
            let problems = layout.check(&derived);
            for problem in &problems {
                eprintln!("{problem}");
            }
            if problems.is_empty() {
                println!(
                    "content: {} derived files are current.",
                    derived.files.len()
                );
                ExitCode::SUCCESS
            } else {
                ExitCode::FAILURE
            }
        }
        other => {
            eprintln!(
                "usage: khabar-content [build|check|pictures DIR|import-wordpress] (got {other:?})"
            );
            ExitCode::from(2)
        }
    }
}

/// Copies every picture file `derived` names into `dir` where it is missing (its name is a hash
/// of its bytes).
fn copy_pictures(
    derived: &khabar_content::Derived,
    dir: &std::path::Path,
) -> std::io::Result<usize> {
    let mut copied = 0;
    for (path, cached) in &derived.pictures.files {
        let target = dir.join(path);
        if !target.is_file() {
            if let Some(parent) = target.parent() {
                std::fs::create_dir_all(parent)?;
            }
            std::fs::copy(cached, &target)?;
            copied += 1;
        }
    }
    Ok(copied)
}

const IMPORT_USAGE: &str =
    "usage: khabar-content import-wordpress <export.xml> [--uploads DIR] [--report FILE] [--force]";

fn import_wordpress(args: Vec<String>) -> ExitCode {
    let mut export = None;
    let mut uploads = None;
    let mut report_file = None;
    let mut force = false;
    let mut args = args.into_iter();
    while let Some(arg) = args.next() {
        match arg.as_str() {
            "--uploads" => uploads = args.next().map(PathBuf::from),
            "--report" => report_file = args.next().map(PathBuf::from),
            "--force" => force = true,
            _ if export.is_none() && !arg.starts_with("--") => export = Some(PathBuf::from(arg)),
            _ => {
                eprintln!("{IMPORT_USAGE} (got {arg:?})");
                return ExitCode::from(2);
            }
        }
    }
    let Some(export) = export else {
        eprintln!("{IMPORT_USAGE}");
        return ExitCode::from(2);
    };
    let options = wordpress::Options {
        root: std::env::current_dir().unwrap_or_default(),
        export,
        uploads,
        force,
    };
    let started = std::time::Instant::now();
    let report = match wordpress::import(&options) {
        Ok(report) => report,
        Err(e) => {
            eprintln!("import-wordpress: {e}");
            return ExitCode::FAILURE;
        }
    };
    print!("{report}");
    println!(
        "done in {:.1} s; run `make content` to check and publish.",
        started.elapsed().as_secs_f64()
    );
    if let Some(file) = report_file {
        if let Err(e) = std::fs::write(&file, report.to_json()) {
            eprintln!("cannot write {}: {e}", file.display());
            return ExitCode::FAILURE;
        }
    }
    ExitCode::SUCCESS
}
