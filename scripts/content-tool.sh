#!/bin/sh
# The content tool (crates/content) with the arguments given, compiled exactly as `make publish`
# compiles the publisher (the whole workspace's features): both then share one set of compiled
# crates, where `cargo run -p khabar-content` would build a second one.
set -e
cd "$(dirname "$0")/.."
cargo build --quiet --workspace --features khabar/ssr --bin khabar-content
exec "${CARGO_TARGET_DIR:-target}/debug/khabar-content" "$@"
