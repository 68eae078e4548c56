#!/usr/bin/env bash
# Each part compiles only what it needs: the authoring tool no Leptos or browser bindings, the
# app's wasm nothing of the authoring tool (its file access, schema generation, HTML and XML
# parsers), and the app's `ssr` feature nothing but Leptos's server rendering: publishing lives in
# crates/publish. The top of src/ holds only the crate's entry points. Reads Cargo's dependency
# graph; compiles nothing.
set -euo pipefail
cd "$(dirname "$0")/.."
status=0
deps() { cargo tree "$@" -e normal --prefix none --format '{p}' | cut -d' ' -f1 | sort -u; }
forbidden=$(deps -p khabar-content | grep -xE 'leptos|leptos_meta|leptos_router|web-sys|js-sys|wasm-bindgen|gloo-net|khabar' || true)
if [ -n "$forbidden" ]; then
  echo "check-layers: khabar-content depends on the app's side: $forbidden" >&2
  status=1
fi
forbidden=$(deps -p khabar --target wasm32-unknown-unknown | grep -xE 'khabar-content|khabar-compress|schemars|scraper|html5ever|quick-xml|atom_syndication|brotli|flate2|serde_path_to_error|imagesize' || true)
if [ -n "$forbidden" ]; then
  echo "check-layers: the app's wasm depends on the authoring side: $forbidden" >&2
  status=1
fi
forbidden=$(deps -p khabar-model | grep -xE 'leptos|web-sys|js-sys|wasm-bindgen|khabar|khabar-content' || true)
if [ -n "$forbidden" ]; then
  echo "check-layers: khabar-model depends on a part above it: $forbidden" >&2
  status=1
fi
# The app's own dependencies with `ssr` (one level down): Leptos's server rendering, nothing of
# publishing; and no JSON parser (the browser reads JSON with JSON.parse, src/data/json_reader.rs).
forbidden=$(cargo tree -p khabar --features ssr -e normal --depth 1 --prefix none --format '{p}' | cut -d' ' -f1 | sort -u |
  grep -xE 'khabar-content|khabar-compress|khabar-publish|serde_json|sha2|futures|hydration_context|any_spawner' || true)
if [ -n "$forbidden" ]; then
  echo "check-layers: the app's ssr feature brings publishing's dependencies: $forbidden (they belong to crates/publish)" >&2
  status=1
fi
forbidden=$(deps -p khabar-content | grep -xE 'khabar-publish' || true)
if [ -n "$forbidden" ]; then
  echo "check-layers: khabar-content depends on the publisher: $forbidden" >&2
  status=1
fi
stray=$(find src -maxdepth 1 -name '*.rs' ! -name lib.rs ! -name main.rs)
if [ -n "$stray" ]; then
  echo "check-layers: src/ holds only lib.rs and main.rs at its top; move these into a folder of their kind: $stray" >&2
  status=1
fi
[ "$status" = 0 ] && echo "check-layers: the app, the publisher, the content model and the content tool depend only downward"
exit "$status"
