//! `make build`'s last step: writes every page of the site into `dist/` as HTML, rendered by the
//! app's own components (see `khabar::prerender`). Usage: `khabar-prerender [dist]`.

use std::{path::PathBuf, process::ExitCode};

fn main() -> ExitCode {
    let _ = any_spawner::Executor::init_futures_executor();
    let dist = PathBuf::from(std::env::args().nth(1).unwrap_or_else(|| "dist".to_owned()));
    match khabar::prerender::prerender(&dist) {
        Ok(files) => {
            println!(
                "prerender: {} pages written to {}",
                files.len(),
                dist.display()
            );
            ExitCode::SUCCESS
        }
        Err(error) => {
            eprintln!("prerender: {error}");
            ExitCode::FAILURE
        }
    }
}
