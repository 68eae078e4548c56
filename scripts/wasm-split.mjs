// Cuts the release wasm into the main module and one module per page of src/routes/lazy.rs, in
// place of the single module Trunk made. scripts/postbuild.mjs runs it first.
//
// `make build` compiles the wasm with `--cfg khabar_split` (those pages' views become split points)
// and `-Clink-args=--emit-relocs` (the linker keeps the relocations the cut needs). From cargo's
// wasm, this runs:
//
//  1. `wasm_split_cli` (crates.io's wasm_split_cli_support, which cargo-leptos uses for `--split`):
//     main.wasm, a module per page and per piece of code pages share, and `__wasm_split.js`, which
//     fetches and starts them;
//  2. `wasm-bindgen --target web --keep-lld-exports` on main.wasm (the modules call into it by the
//     linker's names);
//  3. `wasm-opt -Os` on every module (what Trunk does to its one module);
//  4. names after content: a page's module `khabar-<page>-<hash>.wasm`, its hash taken over the main
//     module too, since a module only runs with the main module it was cut from; the main JS and wasm
//     and the loader `khabar-split-<hash>.js` share one hash over all three (they name each other).
//     The loader fetches each module with its integrity hash, and the page's template links the
//     loader with its own (`<link rel="modulepreload">`), as it does the main JS.
//
// Trunk's JS and wasm are removed and index.html names the new files, with their integrity hashes.
import { createHash } from 'node:crypto';
import { copyFileSync, existsSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { spawnSync } from 'node:child_process';
import { minify } from 'terser';

const root = path.resolve(import.meta.dirname, '..');

/** `{ page: [files] }` in the bundle: the modules a first move to each page fetches. */
export const MODULES_MANIFEST = '.khabar-modules.json';

/** The flags `make build` compiles the release wasm with (the Makefile's SPLIT). */
export const SPLIT_RUSTFLAGS = '--cfg khabar_split -Clink-args=--emit-relocs';

/** wasm-opt's features: what rustc's wasm32 target emits by default. */
const WASM_FEATURES = ['--enable-bulk-memory', '--enable-nontrapping-float-to-int', '--enable-sign-ext', '--enable-mutable-globals', '--enable-reference-types', '--enable-multivalue'];

const sha = (algorithm, ...parts) => {
  const hash = createHash(algorithm);
  for (const part of parts) hash.update(part);
  return hash;
};
const hex16 = (...parts) => sha('sha256', ...parts).digest('hex').slice(0, 16);
/** The Subresource Integrity value of a file's bytes, as Trunk writes them (SHA-384). */
export const integrity = (bytes) => `sha384-${sha('sha384', bytes).digest('base64')}`;

/** Runs a tool, whose output is shown only when it fails (wasm-opt warns about every split module's
 * name section, which it does not know and drops). */
function run(command, args, env = {}) {
  const result = spawnSync(command, args, { stdio: ['ignore', 'pipe', 'pipe'], encoding: 'utf8', env: { ...process.env, ...env } });
  if (result.error) throw new Error(`${command}: ${result.error.message} (run make setup)`);
  if (result.status !== 0) throw new Error(`${command} ${args.join(' ')} failed:\n${result.stdout}${result.stderr}`);
}

/**
 * wasm_split_cli orders what it writes by Rust's HashMaps, whose keys are random on every run: two
 * builds of the same wasm would give modules of other bytes, so other names and integrity hashes.
 * Rust's standard library asks for those keys through libc's `getrandom`, which it lets a preloaded
 * library answer (its `syscall!` looks the symbol up first); this one answers with fixed bytes, and
 * is compiled here (with `cc`, Rust's linker) into `target`. The tool draws no other randomness:
 * tests/bundle/deterministic.test.js builds twice and compares every byte.
 */
function fixedRandom(target) {
  const source = `#include <string.h>
#include <sys/types.h>
/* Fixed bytes for every getrandom(): HashMap keys, so the same iteration order on every run. */
ssize_t getrandom(void *buf, size_t len, unsigned int flags) { (void)flags; memset(buf, 0x5a, len); return (ssize_t)len; }
`;
  const dir = path.join(target, 'wasm-split-random');
  const library = path.join(dir, `fixed-random-${hex16(source)}.so`);
  if (!existsSync(library)) {
    mkdirSync(dir, { recursive: true });
    writeFileSync(path.join(dir, 'fixed-random.c'), source);
    run('cc', ['-shared', '-fPIC', '-O2', '-o', library, path.join(dir, 'fixed-random.c')]);
  }
  return library;
}

/** Replaces `from` by `to` in `text`, which must hold it: generated code that changed shape stops the build. */
function replaceOnce(text, from, to, what) {
  if (!text.includes(from)) throw new Error(`wasm-split: ${what} not found; update scripts/wasm-split.mjs`);
  return text.replace(from, () => to);
}

/** The wasm cargo built for Trunk's release build. */
export function cargoWasm() {
  const target = process.env.CARGO_TARGET_DIR ? path.resolve(root, process.env.CARGO_TARGET_DIR) : path.join(root, 'target');
  return path.join(target, 'wasm32-unknown-unknown', 'release', 'khabar.wasm');
}

/**
 * Splits `wasm` (cargo's) into `dist`, in place of Trunk's JS and wasm, which `html` (Trunk's
 * index.html) names; returns `html` naming the new files.
 */
export async function splitWasm(dist, html, wasm = cargoWasm()) {
  const trunkJs = html.match(/<link rel="modulepreload" href="([^"]*?)(khabar-[0-9a-f]{16}\.js)"[^>]*>/);
  const trunkWasm = html.match(/<link rel="preload" href="([^"]*?)(khabar-[0-9a-f]{16}_bg\.wasm)"[^>]*>/);
  if (!trunkJs || !trunkWasm) throw new Error(`${dist}/index.html: Trunk's JS and wasm links not found; update scripts/wasm-split.mjs`);
  if (!existsSync(wasm)) throw new Error(`${wasm} is missing: run trunk build --release first`);
  // The split points' section (wasm_split_helpers): absent, the wasm was compiled without them.
  if (!readFileSync(wasm).includes('__wasm_split_unstable')) {
    throw new Error(`${wasm} has no split points: compile it with RUSTFLAGS='${SPLIT_RUSTFLAGS}' (make build does)`);
  }
  const target = path.dirname(path.dirname(path.dirname(wasm)));
  const work = mkdtempSync(path.join(tmpdir(), 'khabar-split-'));
  try {
    const split = path.join(work, 'split');
    const bound = path.join(work, 'bound');
    run('wasm_split_cli', [wasm, split], { LD_PRELOAD: fixedRandom(target) });
    run('wasm-bindgen', ['--target', 'web', '--keep-lld-exports', '--no-demangle', '--no-typescript', '--out-dir', bound, '--out-name', 'main', path.join(split, 'main.wasm')]);
    const pieces = readdirSync(split).filter((f) => f.endsWith('.wasm') && f !== 'main.wasm').sort();
    for (const file of pieces) checkNoBindgenGlue(file, readFileSync(path.join(split, file)));
    // With their function names, for `make wasm-size` (bench/wasm-breakdown.mjs).
    const named = path.join(target, 'wasm-split');
    rmSync(named, { recursive: true, force: true });
    mkdirSync(named, { recursive: true });
    copyFileSync(path.join(bound, 'main_bg.wasm'), path.join(named, 'main_bg.wasm'));
    for (const file of pieces) copyFileSync(path.join(split, file), path.join(named, file));
    for (const file of ['main_bg.wasm', ...pieces]) {
      const at = file === 'main_bg.wasm' ? path.join(bound, file) : path.join(split, file);
      run('wasm-opt', ['-Os', ...WASM_FEATURES, at, '-o', at]);
    }
    const mainWasm = readFileSync(path.join(bound, 'main_bg.wasm'));
    let mainJs = readFileSync(path.join(bound, 'main.js'), 'utf8');
    let loader = readFileSync(path.join(split, '__wasm_split.js'), 'utf8');

    // Page modules, named after their bytes and the main module's.
    const modules = pieces.map((file) => {
      const bytes = readFileSync(path.join(split, file));
      const stem = file.replace(/\.wasm$/, '').replace(/^split_/, '').replace(/^chunk_/, 'shared');
      const name = `khabar-${stem}-${hex16(mainWasm, bytes)}.wasm`;
      return { from: file, name, bytes, integrity: integrity(bytes) };
    });
    for (const { from, name } of modules) {
      loader = replaceOnce(loader, `"./${from}"`, `"./${name}"`, `the loader's URL of ${from}`);
    }
    // Each module is checked against its hash, as the main module is.
    const hashes = Object.fromEntries(modules.map(({ name, integrity }) => [name, integrity]));
    loader = replaceOnce(
      loader,
      'const src = fetch(srcUrl);',
      `const src = fetch(srcUrl, { integrity: ${JSON.stringify(hashes)}[srcUrl.pathname.slice(srcUrl.pathname.lastIndexOf("/") + 1)] });`,
      "the loader's fetch",
    );
    const pages = pageModules(loader);
    loader = (await minify(loader, { module: true, format: { comments: false } })).code;
    const hash = hex16(mainWasm, mainJs, loader);
    const names = { js: `khabar-${hash}.js`, wasm: `khabar-${hash}_bg.wasm`, loader: `khabar-split-${hash}.js` };
    loader = loader.replace(/(from\s*['"])\.\/main\.js(['"])/, `$1./${names.js}$2`);
    if (!loader.includes(names.js)) throw new Error("wasm-split: the loader does not import the main module; update scripts/wasm-split.mjs");
    mainJs = mainJs.replace(/(from\s+['"])\.\/__wasm_split\.js(['"])/g, `$1./${names.loader}$2`);
    if (!mainJs.includes(names.loader)) throw new Error("wasm-split: the main JS does not import the loader; update scripts/wasm-split.mjs");

    for (const file of [trunkJs[2], trunkWasm[2]]) rmSync(path.join(dist, file), { force: true });
    writeFileSync(path.join(dist, names.js), mainJs);
    writeFileSync(path.join(dist, names.wasm), mainWasm);
    writeFileSync(path.join(dist, names.loader), loader);
    for (const { name, bytes } of modules) writeFileSync(path.join(dist, name), bytes);
    // What moving to each page fetches, for the size budget (tests/budget/); hosts do not serve it.
    writeFileSync(path.join(dist, MODULES_MANIFEST), `${JSON.stringify(pages, null, 1)}\n`);

    const prefix = trunkJs[1];
    html = html.split(trunkJs[2]).join(names.js).split(trunkWasm[2]).join(names.wasm);
    html = setIntegrity(html, names.js, integrity(Buffer.from(mainJs)));
    html = setIntegrity(html, names.wasm, integrity(mainWasm));
    // The loader's link goes right after the wasm's, inside the template postbuild makes.
    const wasmLink = html.match(new RegExp(`<link rel="preload" href="[^"]*${names.wasm}"[^>]*>`))[0];
    html = html.replace(wasmLink, `${wasmLink}<link rel="modulepreload" href="${prefix}${names.loader}" crossorigin="anonymous" integrity="${integrity(Buffer.from(loader))}">`);
    const sizes = modules.map(({ name, bytes }) => `${name} ${bytes.length} B`).join(', ');
    console.log(`wasm-split: main ${mainWasm.length} B; ${modules.length} modules: ${sizes}`);
    return html;
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
}

/** `{ page: [files] }`: the files of every page module and of the modules it needs, as the loader
 * (before minifying, its files already renamed) fetches them. */
function pageModules(loader) {
  const file = (expression) => expression.match(/new URL\("\.\/([^"]+)"/)?.[1];
  const chunks = Object.fromEntries([...loader.matchAll(/^const (__chunk_\d+) = makeLoad\((.*?), \[\]\);$/gm)].map(([, name, at]) => [name, file(at)]));
  const pages = {};
  for (const [, page, at, deps] of loader.matchAll(/^export const __wasm_split_load_(\w+) = wrapAsyncCb\(makeLoad\((.*?), \[([^\]]*)\]\)\);$/gm)) {
    const needed = deps.split(',').map((d) => d.trim()).filter(Boolean).map((d) => chunks[d]);
    pages[page] = [file(at), ...needed].filter(Boolean).sort();
  }
  if (Object.keys(pages).length === 0) throw new Error("wasm-split: no page module in the loader; update scripts/wasm-split.mjs");
  return Object.fromEntries(Object.entries(pages).sort());
}

/** The names of a module's functions, from its `name` section (the split modules keep the linker's). */
export function functionNames(bytes) {
  const [section] = WebAssembly.Module.customSections(new WebAssembly.Module(bytes), 'name');
  if (!section) return [];
  const data = new Uint8Array(section);
  let at = 0;
  const leb = () => {
    let value = 0;
    for (let shift = 0; ; shift += 7) {
      const byte = data[at++];
      value += (byte & 0x7f) * 2 ** shift;
      if (byte < 0x80) return value;
    }
  };
  const names = [];
  while (at < data.length) {
    const id = data[at++];
    const end = leb() + at;
    if (id === 1) {
      for (let count = leb(); count > 0; count--) {
        leb();
        const length = leb();
        names.push(new TextDecoder().decode(data.subarray(at, at + length)));
        at += length;
      }
    }
    at = end;
  }
  return names;
}

/**
 * wasm-bindgen writes the glue of Rust closures handed to JS (and of its other intrinsics) by reading
 * the main module only: such code in a page's module fails when it runs ("function signature
 * mismatch", leptos-rs/leptos#4347). Stops the build, naming the functions; the page's code must
 * hand JS only functions JS made (a promise's resolve) or use a closure the main module has too.
 */
export function checkNoBindgenGlue(file, bytes) {
  const glue = /^_ZN12wasm_bindgen(7closure|7convert8closures|4__rt8wbg_cast)|^_ZN\d+_\$LT\$.*wasm_bindgen\.\.closure\.\.Wasm|__wbindgen_describe|WasmDescribe/;
  // Calling such a function of the main module (through a `… indirect_call_shim`) fails too:
  // wasm-bindgen changed its signature there.
  const found = functionNames(bytes).filter((name) => glue.test(name));
  if (found.length > 0) {
    throw new Error(`wasm-split: ${file} holds wasm-bindgen glue that only works in the main module (a Rust closure handed to JS?):\n  ${found.slice(0, 5).join('\n  ')}`);
  }
}

function setIntegrity(html, file, value) {
  const link = new RegExp(`(<link [^>]*href="[^"]*${file.replace(/[.]/g, '\\.')}"[^>]*integrity=")([^"]+)(")`);
  if (!link.test(html)) throw new Error(`wasm-split: no integrity on the link to ${file}`);
  return html.replace(link, `$1${value}$3`);
}
