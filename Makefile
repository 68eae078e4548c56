# Khabar: `make serve` to read the sample articles locally, `make test` for the whole suite.
SHELL := /bin/bash
.SHELLFLAGS := -eu -o pipefail -c
export PATH := $(CURDIR)/node_modules/.bin:$(HOME)/.cargo/bin:$(PATH)
export CHROMEDRIVER ?= /usr/bin/chromedriver
export CHROME_PATH ?= /usr/bin/chromium

# Trunk reads NO_COLOR as true/false, while the convention (no-color.org) is any non-empty value.
TRUNK := $(if $(NO_COLOR),NO_COLOR=true )trunk

# Where the site is served from, e.g. `make build PUBLIC_URL=/news/`.
PUBLIC_URL ?= /
WASM := --target wasm32-unknown-unknown

.PHONY: setup serve build publish bench-scale content fonts test lint test-native test-browser test-e2e test-engines test-webkit test-serve build-subpath bench bench-search audit screenshots wasm-size

## Install every tool the project needs (idempotent; quick when already done).
setup:
	@scripts/setup.sh

## Build and serve on http://127.0.0.1:8080 with the sample content, rebuilding on change: an
## edit under content/ is derived again (Trunk.toml's hook) and shows on the next reload. Served
## from target/serve: dist/ is only ever what `make build` and `make publish` made.
serve: setup
	$(TRUNK) serve --dist target/serve

## The release wasm is compiled to be cut into modules (src/routes/lazy.rs, scripts/wasm-split.mjs):
## the split pages marked, the linker's relocations kept.
SPLIT := RUSTFLAGS='--cfg khabar_split -Clink-args=--emit-relocs'

## The release bundle in dist/: hashed assets with integrity hashes, the wasm in modules, .br/.gz
## copies, 404.html, and everything derived from content/ (postbuild's last step is `make publish`'s).
build: setup
	$(SPLIT) $(TRUNK) build --release --public-url $(PUBLIC_URL)
	node scripts/postbuild.mjs dist

## Publish content/ into the bundle `make build` made, without building the app again: the API,
## the pages, feeds, sitemaps and robots.txt, writing only the files whose bytes change. Prints
## the changed files (what a CDN upload or purge needs); CHANGES=file also writes them there.
## Then the search index (pagefind/: the articles changed since its archive was indexed) and
## sw.js, whose written files are listed too.
publish:
	cargo build --quiet --workspace --features khabar/ssr --bin khabar-publish
	"$${CARGO_TARGET_DIR:-target}/debug/khabar-publish" --dist dist $(if $(CHANGES),--changes $(CHANGES))
	node scripts/after-publish.mjs dist $(CHANGES)

## The same app built for /news/, served below that path by the end-to-end tests. Reuses the
## release compilation of `make build`: only index.html differs.
build-subpath: build
	$(SPLIT) $(TRUNK) build --release --public-url /news/ --dist target/e2e-subpath/news
	node scripts/postbuild.mjs target/e2e-subpath/news

## Check content/ and regenerate public/api/ from it.
content:
	scripts/content-tool.sh build

## Cut the Arabic fonts from the upstream files (npm's @fontsource packages, pinned in
## package-lock.json) into public/fonts/, and write style/fonts.css; `make lint` checks the
## committed files are what this writes, byte for byte.
fonts: setup
	scripts/fonts.py

## Everything CI runs.
test: setup lint test-native test-browser test-serve test-e2e test-engines

## The parts depend only downward; the fonts are what scripts/fonts.py writes; the app is linted
## for the browser, the model and the content tool natively.
lint:
	scripts/check-layers.sh
	scripts/fonts.py --check
	cargo fmt --all --check
	cargo clippy -p khabar $(WASM) --features hydrate --all-targets -- -D warnings
	cargo clippy --workspace --features khabar/ssr --all-targets -- -D warnings

## Native tests with the prerenderer's feature, so `make build` reuses their compilation.
test-native:
	cargo test --workspace --features khabar/ssr

test-browser:
	cargo test -p khabar $(WASM) --features hydrate --test browser

test-e2e: build build-subpath
	node --test tests/schema/ tests/search/ tests/bundle/ tests/budget/ tests/bench/
	playwright test --config tests/e2e/playwright.config.js

## The reader's path in Firefox and in WebKit (WebKitGTK's MiniBrowser, the engine of Safari)
## through WebDriver (tests/engines/), and the browser component tests again in Firefox: the
## binary test-browser compiled, run by geckodriver.
test-engines: build
	env -u CHROMEDRIVER GECKODRIVER="$$(command -v geckodriver)" cargo test -p khabar $(WASM) --features hydrate --test browser
	node --test tests/engines/firefox.test.js
	node --test tests/engines/webkit.test.js

## The reader's path in WebKit alone.
test-webkit: build
	node --test tests/engines/webkit.test.js

## make serve in a copy of the project: dist/ left alone, a content edit shown, a content error
## printed. Its development build reuses the browser tests' compiled dependencies.
test-serve: setup
	node --test tests/serve/

## Figures, not a pass/fail test: bytes, paint times against a static page, navigation, memory.
bench: build
	node bench/bench.mjs

## Figures for search: bytes and time per query on a generated site of SEARCH_BENCH_ARTICLES
## articles (default 10000), indexed like dist/, then SEARCH_BENCH_CHANGES (default 100) of them
## changed and published again, served by nginx on loopback.
bench-search: build
	node bench/search.mjs

## Figures: `make publish` (publisher, search index, sw.js), full and after one article changed, on
## generated sites of 1,000 and 10,000 articles (BENCH_SCALE_SIZES=1000,10000,100000 for more; in
## target/bench-scale/): time, peak memory of the process tree, files written. Then 200 articles
## each leading with a photograph of its own (BENCH_SCALE_PHOTOS), published and published again.
bench-scale:
	node bench/scale.mjs

## Lighthouse (mobile) on the home page, the seed article and a photo-led article; reports in audit/.
audit: build
	node bench/audit.mjs

## Screenshots of the home, section and article pages (360 and 1280 px, light and dark) in
## tests/screenshots/, for reviewing the design.
screenshots: build
	node tests/screenshots/take.mjs

## Where the wasm's bytes go, by crate and function, in the main module and each page module
## (installs twiggy the first time).
wasm-size: build
	scripts/setup.sh twiggy
	node bench/wasm-breakdown.mjs
