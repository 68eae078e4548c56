#!/usr/bin/env bash
# Installs, idempotently, everything Khabar needs to build, serve and test.
# Each step says what it does; when everything is present it finishes in seconds.
# `scripts/setup.sh twiggy` also installs twiggy, which only `make wasm-size` needs (it compiles
# for minutes, so the build and the tests never wait for it).
set -euo pipefail
cd "$(dirname "$0")/.."

TRUNK_VERSION=0.21.14
TWIGGY_VERSION=0.8.0
GECKODRIVER_VERSION=0.37.1
WASM_SPLIT_VERSION=0.2.2
APT_PACKAGES=(chromium chromium-driver nginx libnginx-mod-http-brotli-static brotli)
# The reader's path in Firefox and WebKit (tests/engines/): Firefox ESR (geckodriver comes from
# crates.io, below), and WebKitGTK's WebDriver with its MiniBrowser, run on a virtual X display
# (xvfb-run, which needs xauth).
APT_PACKAGES+=(firefox-esr webkit2gtk-driver xvfb xauth)
# fontTools' subsetter cuts the Arabic fonts (scripts/fonts.py, `make fonts`; checked by `make lint`
# and used by tests/e2e/fonts.spec.js), with brotli for woff2.
APT_PACKAGES+=(fonttools python3-fonttools python3-brotli)
# The Nu Html Checker (npm vnu-jar, run by the end-to-end tests) needs Java: Debian's, unless one is
# already on PATH.
command -v java >/dev/null || APT_PACKAGES+=(default-jre-headless)

say() { printf 'setup: %s\n' "$*"; }
# Stops with the missing piece and the command that would install it.
missing() {
  printf '\nsetup: %s is missing and could not be installed here.\n' "$1" >&2
  printf 'setup: install it with:\n    %s\n' "$2" >&2
  [ -n "${3:-}" ] && printf 'setup: (%s)\n' "$3" >&2
  exit 1
}
# Runs an install step quietly, showing its log only if it fails.
run_logged() {
  local log
  log=$(mktemp)
  if ! "$@" >"$log" 2>&1; then
    tail -n 20 "$log" >&2
    rm -f "$log"
    return 1
  fi
  rm -f "$log"
}

# --- Rust -------------------------------------------------------------------------------------
command -v cargo >/dev/null || missing "Rust (cargo)" "rustup default stable" "Rust is installed with rustup"
if ! rustup target list --installed 2>/dev/null | grep -qx wasm32-unknown-unknown; then
  say "adding the wasm32-unknown-unknown target"
  run_logged rustup target add wasm32-unknown-unknown ||
    missing "the wasm32-unknown-unknown target" "rustup target add wasm32-unknown-unknown"
fi

# --- Debian packages: browsers, drivers, virtual display, web server, brotli, fontTools, Java -
absent=()
for pkg in "${APT_PACKAGES[@]}"; do
  dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q "install ok installed" || absent+=("$pkg")
done
if [ ${#absent[@]} -gt 0 ]; then
  command -v apt-get >/dev/null || missing "${absent[*]}" "apt-get install -y ${absent[*]}" "this needs a Debian-based system"
  sudo=""
  if [ "$(id -u)" != 0 ]; then
    command -v sudo >/dev/null || missing "${absent[*]}" "sudo apt-get install -y ${absent[*]}" "installing packages needs root"
    sudo="sudo"
  fi
  say "installing Debian packages: ${absent[*]}"
  export DEBIAN_FRONTEND=noninteractive
  run_logged $sudo apt-get update &&
    run_logged $sudo apt-get install -y --no-install-recommends "${absent[@]}" ||
    missing "${absent[*]}" "sudo apt-get update && sudo apt-get install -y ${absent[*]}"
fi

# --- The crates of Cargo.lock, for every target ------------------------------------------------
# Trunk runs cargo --offline (Trunk.toml): every crate the wasm build needs must already be here,
# whatever the earlier steps happened to compile. Quick when they all are.
if ! cargo fetch --locked --offline >/dev/null 2>&1; then
  say "fetching the crates Cargo.lock names"
  run_logged cargo fetch --locked || missing "the crates of Cargo.lock" "cargo fetch --locked"
fi

# --- Trunk and wasm-bindgen-cli (exact versions; Trunk runs offline) --------------------------
export PATH="$HOME/.cargo/bin:$PATH"
if [ "$(trunk --version 2>/dev/null)" != "trunk $TRUNK_VERSION" ]; then
  say "installing trunk $TRUNK_VERSION (compiles from source; about 20 minutes the first time)"
  run_logged cargo install --locked trunk --version "$TRUNK_VERSION" ||
    missing "trunk $TRUNK_VERSION" "cargo install --locked trunk --version $TRUNK_VERSION"
fi

bindgen=$(awk '/^name = "wasm-bindgen"$/ { getline; gsub(/version = |"/, ""); print; exit }' Cargo.lock)
[ -n "$bindgen" ] || missing "the wasm-bindgen version in Cargo.lock" "cargo generate-lockfile"
if ! grep -q "^wasm_bindgen = \"$bindgen\"" Trunk.toml; then
  printf 'setup: Trunk.toml pins a wasm_bindgen other than Cargo.lock'"'"'s %s; update [tools] in Trunk.toml.\n' "$bindgen" >&2
  exit 1
fi
if [ "$(wasm-bindgen --version 2>/dev/null)" != "wasm-bindgen $bindgen" ]; then
  say "installing wasm-bindgen-cli $bindgen (the version in Cargo.lock)"
  # Not --locked: one of its locked dependencies has been yanked.
  run_logged cargo install --force wasm-bindgen-cli --version "$bindgen" ||
    missing "wasm-bindgen-cli $bindgen" "cargo install wasm-bindgen-cli --version $bindgen"
fi

# --- wasm_split_cli (cuts the release wasm into modules: scripts/wasm-split.mjs) ---------------
# The version that reads the split points of the wasm_split_helpers in Cargo.lock.
if ! cargo install --list 2>/dev/null | grep -qx "wasm_split_cli_support v$WASM_SPLIT_VERSION:"; then
  say "installing wasm_split_cli $WASM_SPLIT_VERSION (compiles from source; about 3 minutes the first time)"
  run_logged cargo install --locked wasm_split_cli_support --version "$WASM_SPLIT_VERSION" --features build-binary ||
    missing "wasm_split_cli $WASM_SPLIT_VERSION" "cargo install --locked wasm_split_cli_support --version $WASM_SPLIT_VERSION --features build-binary"
fi

# --- geckodriver (Firefox's WebDriver; Debian does not package it) ----------------------------
if [ "$(geckodriver --version 2>/dev/null | head -n 1)" != "geckodriver $GECKODRIVER_VERSION" ]; then
  say "installing geckodriver $GECKODRIVER_VERSION (compiles from source; about 3 minutes the first time)"
  run_logged cargo install --locked geckodriver --version "$GECKODRIVER_VERSION" ||
    missing "geckodriver $GECKODRIVER_VERSION" "cargo install --locked geckodriver --version $GECKODRIVER_VERSION"
fi

# --- npm tools: wasm-opt, terser, lightningcss, Playwright, axe-core, Lighthouse, Ajv, Nu Html Checker (vnu-jar) ----
command -v npm >/dev/null || missing "Node.js 20 and npm" "sudo apt-get install -y nodejs npm"
stamp=node_modules/.khabar-lock
want=$(sha256sum package-lock.json | cut -d' ' -f1)
if [ "$(cat "$stamp" 2>/dev/null)" != "$want" ]; then
  say "installing npm tools from package-lock.json"
  run_logged npm ci --no-audit --no-fund || missing "the npm tools" "npm ci"
  echo "$want" >"$stamp"
fi

# --- twiggy, on request only (`make wasm-size`) -----------------------------------------------
# (`twiggy --version` prints "twiggy-opt 0.8.0".)
if [ "${1:-}" = twiggy ] && ! twiggy --version 2>/dev/null | grep -qx "twiggy[a-z-]* $TWIGGY_VERSION"; then
  say "installing twiggy $TWIGGY_VERSION (compiles from source; a few minutes the first time)"
  run_logged cargo install --locked twiggy --version "$TWIGGY_VERSION" ||
    missing "twiggy $TWIGGY_VERSION" "cargo install --locked twiggy --version $TWIGGY_VERSION"
fi

say "ready (trunk $TRUNK_VERSION, wasm-bindgen $bindgen, $(node_modules/.bin/wasm-opt --version | cut -d' ' -f1-3), $(chromium --version 2>/dev/null | cut -d' ' -f1-2), $(firefox-esr --version 2>/dev/null | cut -d' ' -f2-4), WebKitGTK $(dpkg-query -W -f='${Version}' webkit2gtk-driver 2>/dev/null | cut -d- -f1))"
