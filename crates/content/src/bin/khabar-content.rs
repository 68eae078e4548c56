//! `make content`: checks every article under `content/` and regenerates `public/api/`.
//! `khabar-content check` only verifies that the committed files are current (for tests and CI).

use khabar_content::files::{build, Layout};
use std::process::ExitCode;

fn main() -> ExitCode {
    let mode = std::env::args()
        .nth(1)
        .unwrap_or_else(|| "build".to_owned());
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
            eprintln!("usage: khabar-content [build|check] (got {other:?})");
            ExitCode::from(2)
        }
    }
}
