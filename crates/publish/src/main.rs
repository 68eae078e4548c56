//! `make publish`: writes everything derived from `content/` into a built bundle (see
//! `khabar_publish::publish`), printing every file it wrote or removed.
//!
//! Usage: `khabar-publish [--dist DIR] [--root DIR] [--changes FILE] [--now ISO-8601]`
//! (defaults: `dist`, the current directory, no file, the current time), or
//! `khabar-publish prerender [DIST]`: only the pages, from the bundle's `api/` as it is.

// Optimised (Cargo.toml), the binary instantiates the page views itself (see lib.rs).
#![recursion_limit = "256"]

use khabar::model::datetime;
use khabar_content::output::OutputError;
use khabar_publish::publish::Report;
use std::{io::Write, path::PathBuf, process::ExitCode, time::SystemTime};

const USAGE: &str = "usage: khabar-publish [--dist DIR] [--root DIR] [--changes FILE] [--now ISO-8601] | khabar-publish prerender [DIST]";

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    if args.first().map(String::as_str) == Some("prerender") {
        return prerender(args.get(1).map_or("dist", String::as_str));
    }
    let mut dist = PathBuf::from("dist");
    let mut root = std::env::current_dir().unwrap_or_default();
    let mut changes_file = None;
    let mut now_ms = SystemTime::now()
        .duration_since(SystemTime::UNIX_EPOCH)
        .map_or(0, |d| i64::try_from(d.as_millis()).unwrap_or(i64::MAX));
    let mut args = args.into_iter();
    while let Some(arg) = args.next() {
        let value = args.next();
        match (arg.as_str(), value) {
            ("--dist", Some(v)) => dist = PathBuf::from(v),
            ("--root", Some(v)) => root = PathBuf::from(v),
            ("--changes", Some(v)) => changes_file = Some(PathBuf::from(v)),
            ("--now", Some(v)) => match datetime::parse(&v) {
                Ok(t) => now_ms = t.epoch_ms,
                Err(e) => {
                    eprintln!("publish: --now: {e}");
                    return ExitCode::from(2);
                }
            },
            _ => {
                eprintln!("{USAGE}");
                return ExitCode::from(2);
            }
        }
    }
    let options = khabar_publish::publish::Options {
        root,
        dist: dist.clone(),
        now_ms,
        fail_after_writes: None,
    };
    // The list goes out before the publish is settled: killed before that, the next run
    // reports these files again.
    let deliver = |report: &Report| {
        let mut list = String::new();
        for path in &report.changed {
            list.push_str(path);
            list.push('\n');
        }
        let mut stdout = std::io::stdout().lock();
        stdout
            .write_all(list.as_bytes())
            .and_then(|()| stdout.flush())
            .map_err(|e| OutputError(PathBuf::from("<stdout>"), e))?;
        if let Some(file) = &changes_file {
            std::fs::write(file, &list).map_err(|e| OutputError(file.clone(), e))?;
        }
        Ok(())
    };
    let report = match khabar_publish::publish::publish_then(&options, deliver) {
        Ok(report) => report,
        Err(error) => {
            eprintln!("publish: {error}");
            return ExitCode::FAILURE;
        }
    };
    for (step, took) in &report.steps {
        eprintln!("publish: {step}: {:.1} s", took.as_secs_f64());
    }
    eprintln!(
        "publish: {} files from the content, {} article files read, {} pages rendered, {} pictures encoded, {} files changed in {}",
        report.files,
        report.read,
        report.rendered,
        report.encoded,
        report.changed.len(),
        dist.display()
    );
    ExitCode::SUCCESS
}

fn prerender(dist: &str) -> ExitCode {
    let _ = any_spawner::Executor::init_futures_executor();
    match khabar_publish::prerender::prerender(std::path::Path::new(dist)) {
        Ok(files) => {
            println!("prerender: {} pages written to {dist}", files.len());
            ExitCode::SUCCESS
        }
        Err(error) => {
            eprintln!("prerender: {error}");
            ExitCode::FAILURE
        }
    }
}
