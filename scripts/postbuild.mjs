#!/usr/bin/env node
// Finishes a release bundle that `trunk build --release` wrote, so it can be copied to any
// static host as it is:
//
//  1. Trunk's inline loader names the hashed JS and wasm files, so its CSP hash would change with
//     every build. It is replaced by a loader that reads those URLs from the preload links Trunk
//     emits (which carry the Subresource Integrity hashes), kept inert in a <template> until the
//     page's first paint (see LOADER): the page's inline scripts then
//     only change when index.html does, and deploy/nginx.conf can carry a fixed policy.
//     wasm-bindgen's JS glue is minified (terser), and its integrity hash follows: a fifth fewer
//     brotli bytes on the first load. Its name stays Trunk's, which already changes with its content.
//  2. The stylesheets Trunk links one by one become one minified `<style>` in the head, in the
//     same order: the page paints with its HTML, with no request to wait for. Every page carries
//     the same block, so deploy/nginx.conf's policy allows it by one hash; the build stops when
//     it would not (step 6).
//  3. `shell.html`: the app without a page, which hosts answer with for an address that has no file
//     (the app renders that address itself).
//  4. `.br` (brotli, quality 11) and `.gz` (gzip, level 9) copies next to every compressible file
//     of the app, which nginx serves with `brotli_static` / `gzip_static`.
//  5. `_headers` (the format of Netlify and Cloudflare Pages) with the security headers and caching
//     of deploy/nginx.conf, for static hosts that read it; nginx ignores it (written after the
//     publish, step 7, since it names the photographs' files). With them,
//     `_redirects` (old WordPress addresses), when `khabar-content import-wordpress` wrote
//     public/_redirects; nginx reads deploy/redirects.conf instead.
//  6. Checks that the Content-Security-Policy in deploy/nginx.conf allows the bundle's inline
//     scripts and its style block, and prints the line to use when it does not (a style block it
//     would block stops the build: every page would show unstyled).
//  7. Last, `khabar-publish` (what `make publish` runs alone) writes everything derived from
//     content/ into the bundle, with their own copies: `api/`, every page in shell.html's frame
//     (`index.html` (home), `section/<slug>/index.html`, `article/<slug>/index.html`, `404.html`:
//     the not-found page, also what hosts without rewrites answer unknown paths with; the app
//     renders the address it is shown at), the Atom feeds, the sitemaps and `robots.txt`; then
//     scripts/after-publish.mjs: the search index (`pagefind/`) and the service worker (`sw.js`).
//
// Before all of these, scripts/wasm-split.mjs cuts Trunk's one wasm into the main module and the
// modules of the pages a first visit seldom opens (src/routes/lazy.rs).
//
// Usage: node scripts/postbuild.mjs [dist]      (default: dist)
import { createHash } from 'node:crypto';
import { readFileSync, writeFileSync, readdirSync, statSync, existsSync, unlinkSync, copyFileSync, rmSync, renameSync } from 'node:fs';
import path from 'node:path';
import { promisify } from 'node:util';
import { spawnSync } from 'node:child_process';
import zlib from 'node:zlib';
import { minify } from 'terser';
import { transform } from 'lightningcss';
import { afterPublish } from './after-publish.mjs';
import { integrity as subresourceIntegrity, splitWasm } from './wasm-split.mjs';

const root = path.resolve(import.meta.dirname, '..');
const dist = path.resolve(process.argv[2] || path.join(root, 'dist'));

/** Extensions worth precompressing (fonts and raster images are compressed already). */
export const COMPRESSIBLE = ['wasm', 'js', 'mjs', 'css', 'json', 'svg', 'html', 'txt', 'xml', 'map', 'ico', 'webmanifest'];

/** The loader that replaces Trunk's: same behaviour (`window.wasmBindings`, the
 * `TrunkApplicationStarted` event), but no file name in it. Keep it byte-identical between builds.
 * The page is whole before the app runs (it is prerendered), so the app's files wait for its first
 * contentful paint: fetched earlier, they would share the reader's bandwidth with the page's fonts
 * and pictures.
 * Their links sit in an inert <template id="khabar-app"> until then. The JS is fetched through its
 * modulepreload link (which checks its integrity); the wasm by the loader itself, with its hash:
 * wasm-bindgen's init would fetch a URL unchecked. When the app cannot start, it shows index.html's
 * #khabar-failed message. */
export const LOADER = `<script type="module">
const start = async () => {
  try {
    const app = document.getElementById("khabar-app").content;
    const js = app.getElementById("khabar-js");
    const wasm = app.getElementById("khabar-wasm");
    for (const module of app.querySelectorAll("link[rel=modulepreload]")) document.head.append(module.cloneNode());
    const bindings = await import(js.getAttribute("href"));
    const instance = await bindings.default({ module_or_path: fetch(wasm.getAttribute("href"), { integrity: wasm.getAttribute("integrity") }) });
    window.wasmBindings = bindings;
    dispatchEvent(new CustomEvent("TrunkApplicationStarted", { detail: { wasm: instance } }));
  } catch (error) {
    const failed = document.getElementById("khabar-failed");
    if (failed) failed.hidden = false;
    throw error;
  }
};
// After the first contentful paint (or 3 s, for a hidden tab that paints nothing), and once the
// page's lead picture has arrived (at most 5 s more): the app's bytes never slow its largest element.
new Promise((painted) => {
  setTimeout(painted, 3000);
  try {
    new PerformanceObserver((list) => {
      if (list.getEntriesByName("first-contentful-paint").length) painted();
    }).observe({ type: "paint", buffered: true });
  } catch (error) {
    painted();
  }
}).then(() => Promise.all([...document.querySelectorAll('img[fetchpriority="high"]')].map((img) => img.complete || new Promise((arrived) => {
  img.addEventListener("load", arrived);
  img.addEventListener("error", arrived);
  setTimeout(arrived, 5000);
})))).then(() => setTimeout(start));
</script>`;

/** Every inline <script> of an HTML document, as its text content. */
export function inlineScripts(html) {
  const scripts = [];
  for (const match of html.matchAll(/<script\b([^>]*)>([\s\S]*?)<\/script>/gi)) {
    if (!/\bsrc\s*=/.test(match[1])) scripts.push(match[2]);
  }
  return scripts;
}

/** The CSP source expression for an inline script or style: 'sha256-…'. */
export const cspHash = (text) => `'sha256-${createHash('sha256').update(text, 'utf8').digest('base64')}'`;

/** Replaces Trunk's inline loader by LOADER and marks the preload links it reads. */
function replaceLoader(html) {
  if (html.includes(LOADER)) return html; // already done (postbuild run twice)
  const loader = /<script type="module"[^>]*>\s*import init, \* as bindings from '([^']+)';\s*const wasm = await init\(\{ module_or_path: '([^']+)' \}\);\s*window\.wasmBindings = bindings;\s*dispatchEvent\(new CustomEvent\("TrunkApplicationStarted", \{detail: \{wasm\}\}\)\);\s*<\/script>/;
  const found = html.match(loader);
  if (!found) throw new Error(`${dist}/index.html: Trunk's loader script has an unexpected form; update scripts/postbuild.mjs`);
  const [, js, wasm] = found;
  const mark = (rel, href, id) => {
    const link = new RegExp(`<link rel="${rel}" href="${href.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}"`);
    if (!link.test(html)) throw new Error(`${dist}/index.html: no <link rel="${rel}" href="${href}"> (Trunk's preload links are needed)`);
    html = html.replace(link, `<link id="${id}" rel="${rel}" href="${href}"`);
  };
  html = html.replace(loader, LOADER);
  mark('modulepreload', js, 'khabar-js');
  mark('preload', wasm, 'khabar-wasm');
  // Inert until the loader starts the app, after the first paint.
  const links = html.match(/[ \t]*<link id="khabar-js"[^>]*>\s*<link id="khabar-wasm"[^>]*>(?:<link rel="modulepreload"[^>]*>)?/);
  if (!links) throw new Error(`${dist}/index.html: Trunk's JS and wasm preload links are no longer side by side; update scripts/postbuild.mjs`);
  html = html.replace(links[0], `<template id="khabar-app">${links[0].trim().replace(/\s*\n\s*/, '')}</template>`);
  // The loader checks the wasm against this hash; without one it would run any bytes it got.
  if (!/<link id="khabar-wasm"[^>]* integrity="sha(256|384|512)-/.test(html)) {
    throw new Error(`${dist}/index.html: the wasm's preload link has no integrity hash (was Trunk run with --no-sri?)`);
  }
  return html;
}

/** Minifies the JS glue the loader imports, in place, and writes its new integrity hash. */
async function minifyGlue(html) {
  const link = html.match(/<link id="khabar-js"[^>]* href="([^"]+)"[^>]* integrity="(sha384-[^"]+)"/);
  if (!link) throw new Error(`${dist}/index.html: the JS glue's preload link has no integrity hash`);
  const [, href, integrity] = link;
  const file = path.join(dist, path.basename(href));
  const { code } = await minify(readFileSync(file, 'utf8'), { module: true, format: { comments: false } });
  writeFileSync(file, code);
  return html.replace(link[0], link[0].replace(integrity, subresourceIntegrity(code)));
}

/** The CSS of one stylesheet as the pages carry it: minified (lightningcss, which only rewrites
 * what means the same: no prefixes added, logical properties kept), the same on every build. */
export function minifyStyle(text, filename) {
  // Rules are joined in the file's own order: a stylesheet is minified alone, so no rule moves
  // across another file's in the cascade.
  return transform({ filename, code: Buffer.from(text), minify: true }).code.toString('utf8');
}

/**
 * Puts the page's stylesheets, in document order and minified, into one `<style>` in the head,
 * in place of their links: the page paints with its HTML, with no stylesheet request to wait
 * for. The block is the same on every page (pages are set in shell.html's frame), so one hash
 * in the Content-Security-Policy allows it; see checkStyleHash.
 */
function inlineStyles(html) {
  const base = html.match(/<base href="([^"]*)"/)?.[1] ?? '/';
  const links = [...html.matchAll(/<link rel="stylesheet" href="([^"]+)" integrity="[^"]+"\s*\/?>/g)];
  if (links.length === 0) return html;
  const files = links.map(([, href]) => path.join(dist, href.startsWith(base) ? href.slice(base.length) : href.replace(/^\//, '')));
  const css = files.map((file) => {
    const text = readFileSync(file, 'utf8');
    // A relative url() resolves against the page's <base>, which is where the files sat; @import
    // and @charset mean nothing inside a page's <style>.
    if (/@(import|charset)\b/.test(text)) throw new Error(`${file}: @import or @charset cannot be put in the page; remove it`);
    return minifyStyle(text, path.basename(file));
  }).join('');
  if (/<\/style/i.test(css)) throw new Error(`${dist}: the stylesheets hold "</style", which would end the page's style block`);
  const [first, ...rest] = links.map(([tag]) => tag);
  html = html.replace(first, () => `<style>${css}</style>`);
  for (const tag of rest) html = html.replace(new RegExp(`[ \\t]*${tag.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}\\n?`), '');
  for (const file of files) unlinkSync(file);
  return html;
}

/** The page's `<style>` blocks, as the Content-Security-Policy hashes them. */
export const inlineStyleBlocks = (html) => [...html.matchAll(/<style>([\s\S]*?)<\/style>/g)].map((m) => m[1]);

/** Stops the build when deploy/nginx.conf's policy (which `_headers` copies) would block the
 * page's style block: every page would show unstyled. */
function checkStyleHash(html) {
  const wanted = inlineStyleBlocks(html).map(cspHash);
  const allowed = nginxDirective('style-src');
  if (wanted.every((h) => allowed.includes(h))) return;
  throw new Error(`deploy/nginx.conf's Content-Security-Policy would block the page's styles (style/ changed): set  style-src 'self' ${wanted.join(' ')}`);
}

/** Every file under `dir`, depth first (dot files left out). */
export function* files(dir) {
  for (const name of readdirSync(dir).filter((n) => !n.startsWith('.'))) {
    const file = path.join(dir, name);
    if (statSync(file).isDirectory()) yield* files(file);
    else yield file;
  }
}

const brotli = promisify(zlib.brotliCompress);
const gzip = promisify(zlib.gzip);

/** The hidden name a file is written under before it is renamed over `file`, as the publisher
 * names its own (crates/content/src/output.rs): hosts do not serve it. */
export const temporaryOf = (file) => path.join(path.dirname(file), `.${path.basename(file)}.khabar-tmp`);

/** Replaces `file` with `data` whole (a temporary, then a rename): whoever reads it, a server or
 * a run after one that was stopped, sees the old bytes or the new, never a file cut short. */
export function writeAtomic(file, data) {
  const temporary = temporaryOf(file);
  try {
    writeFileSync(temporary, data);
    renameSync(temporary, file);
  } catch (error) {
    rmSync(temporary, { force: true });
    throw error;
  }
}

/** Writes file.br and file.gz, each whole, or removes them when they would not be smaller than
 * the file. */
export const precompress = (file) => precompressBytes(file, readFileSync(file));

/** Writes file.br and file.gz of `data`, the bytes `file` is to hold (see precompress). */
export async function precompressBytes(file, data) {
  const text = !file.endsWith('.wasm') && !file.endsWith('.ico');
  const [br, gz] = await Promise.all([
    brotli(data, {
      params: {
        [zlib.constants.BROTLI_PARAM_QUALITY]: 11,
        [zlib.constants.BROTLI_PARAM_LGWIN]: 24,
        [zlib.constants.BROTLI_PARAM_MODE]: text ? zlib.constants.BROTLI_MODE_TEXT : zlib.constants.BROTLI_MODE_GENERIC,
        [zlib.constants.BROTLI_PARAM_SIZE_HINT]: data.length,
      },
    }),
    gzip(data, { level: 9 }),
  ]);
  for (const [ext, packed] of [['br', br], ['gz', gz]]) {
    const out = `${file}.${ext}`;
    if (packed.length < data.length) writeAtomic(out, packed);
    else if (existsSync(out)) unlinkSync(out);
  }
  return { file, raw: data.length, br: Math.min(br.length, data.length), gz: Math.min(gz.length, data.length) };
}

/** A photograph's published file, `images/<name>-<width>-<hash>.<ext>`, as deploy/nginx.conf matches it. */
const PICTURE_FILE = /^images\/.+-[0-9]+-[0-9a-f]{8}\.(?:webp|jpg|png)$/;

/** The headers deploy/nginx.conf sends on every answer (`add_header … always`), as [name, value]. */
export function nginxSecurityHeaders() {
  const conf = readFileSync(path.join(root, 'deploy/nginx.conf'), 'utf8');
  return [...conf.matchAll(/^\s*add_header\s+([A-Za-z-]+)\s+"([^"]*)"\s+always;/gm)].map((m) => [m[1], m[2]]);
}

/**
 * `_headers` for static hosts: the same headers and caching rules as deploy/nginx.conf, for the
 * bundle in `bundle` whose shell is `html`. Files named after their content are listed one by one
 * (the hosts' patterns cannot tell them from the others): the app's, and the photographs' files
 * `khabar-publish` wrote, so `make publish` writes it again.
 */
export function staticHostHeaders(bundle, html) {
  const base = html.match(/<base href="([^"]*)"/)?.[1] ?? '/';
  // Only the top folder and images/ hold such files: an archive's pages (a million files at
  // 100,000 articles) are not walked.
  const app = readdirSync(bundle, { withFileTypes: true })
    .filter((entry) => entry.isFile() && !entry.name.startsWith('.'))
    .map((entry) => entry.name)
    .filter((f) => /-[0-9a-f]{12,16}(_bg)?\.[a-z0-9]+$/.test(f));
  const images = path.join(bundle, 'images');
  const pictures = existsSync(images)
    ? [...files(images)].map((f) => path.relative(bundle, f).split(path.sep).join('/')).filter((f) => PICTURE_FILE.test(f))
    : [];
  const hashed = [...app, ...pictures].sort();
  const rule = (paths, headers) => paths.map((p) => `${base}${p}\n${headers.map(([n, v]) => `  ${n}: ${v}`).join('\n')}\n`).join('');
  return [
    '# Headers for static hosts that read this file (Netlify, Cloudflare Pages), written by',
    '# scripts/postbuild.mjs from deploy/nginx.conf.',
    rule(['*'], nginxSecurityHeaders()),
    rule(['', 'index.html', '404.html', 'shell.html', 'sw.js', 'manifest.webmanifest', 'article/*', 'section/*', 'topic/*', 'author/*', 'search', 'search/*', 'saved', 'saved/*', 'api/*', 'pagefind/*', 'sitemap.xml', 'news-sitemap.xml', 'robots.txt'], [['Cache-Control', 'no-cache']]),
    rule(['feed.xml'], [['Cache-Control', 'no-cache'], ['Content-Type', 'application/atom+xml; charset=utf-8']]),
    rule(hashed, [['Cache-Control', 'public, max-age=31536000, immutable']]),
  ].join('\n');
}

/** A directive of the Content-Security-Policy in deploy/nginx.conf, e.g. `script-src 'self' …`. */
function nginxDirective(name) {
  const conf = readFileSync(path.join(root, 'deploy/nginx.conf'), 'utf8');
  const csp = conf.match(/add_header\s+Content-Security-Policy\s+"([^"]+)"/);
  return csp ? (csp[1].split(';').map((d) => d.trim()).find((d) => d.startsWith(`${name} `)) ?? '') : '';
}

/** Files `khabar-publish` writes, with their compressed copies: the app's compression leaves them be. */
export const PUBLISHED = /^(?:api\/.*|article\/.*|section\/.*|search\/.*|saved\/.*|index\.html|404\.html|feed\.xml|(?:news-)?sitemap(?:-\d+)?\.xml|robots\.txt)$/;

/** Runs `khabar-publish`: everything derived from content/ into `dist`, in `shell.html`'s frame. */
function publish() {
  // Built with the workspace's features, so it reuses what `cargo test --workspace` compiled.
  const cargo = (args) => spawnSync('cargo', args, { cwd: root, stdio: 'inherit' });
  const built = cargo(['build', '--quiet', '--workspace', '--features', 'khabar/ssr', '--bin', 'khabar-publish']);
  if (built.status !== 0) throw new Error('khabar-publish did not build');
  const target = process.env.CARGO_TARGET_DIR ? path.resolve(root, process.env.CARGO_TARGET_DIR) : path.join(root, 'target');
  // The list of changed files matters to a republish, not to a build from scratch.
  const run = spawnSync(path.join(target, 'debug', 'khabar-publish'), ['--root', root, '--dist', dist], { stdio: ['ignore', 'ignore', 'inherit'] });
  if (run.status !== 0) throw new Error('publishing the content failed');
}

async function main() {
  const index = path.join(dist, 'index.html');
  const shell = path.join(dist, 'shell.html');
  if (!existsSync(index)) throw new Error(`${index} is missing: run trunk build first`);
  // Run twice, index.html is already the prerendered home page: start again from the shell.
  const trunkHtml = readFileSync(index, 'utf8');
  const source = trunkHtml.includes('id="khabar-data"') ? readFileSync(shell, 'utf8') : await splitWasm(dist, trunkHtml);
  const html = inlineStyles(await minifyGlue(replaceLoader(source)));
  // The app without a page: the template of every prerendered page, and what a host answers with
  // for an address that has no file of its own (the app then renders that address itself).
  writeFileSync(shell, html);
  writeFileSync(index, html);
  // index.html is the shell again: what khabar-publish remembers having rendered is gone.
  rmSync(path.join(dist, '.khabar-publish.json'), { force: true });
  const redirects = path.join(root, 'public', '_redirects');
  if (existsSync(redirects)) copyFileSync(redirects, path.join(dist, '_redirects'));

  const compressible = [...files(dist)]
    .filter((f) => COMPRESSIBLE.includes(path.extname(f).slice(1).toLowerCase()))
    .filter((f) => !PUBLISHED.test(path.relative(dist, f).split(path.sep).join('/')));
  // Two at a time: zlib runs them on the thread pool, one per core.
  const results = [];
  for (let i = 0; i < compressible.length; i += 2) {
    results.push(...(await Promise.all(compressible.slice(i, i + 2).map(precompress))));
  }
  const total = results.reduce((sum, r) => ({ raw: sum.raw + r.raw, br: sum.br + r.br }), { raw: 0, br: 0 });
  const big = results.filter((r) => /\.(wasm|js|css|html)$/.test(r.file) && !r.file.includes('/api/'));
  for (const r of big.sort((a, b) => b.br - a.br)) {
    console.log(`postbuild: ${path.relative(dist, r.file).padEnd(40)} ${String(r.raw).padStart(8)} B  br ${String(r.br).padStart(7)} B  gz ${String(r.gz).padStart(7)} B`);
  }
  console.log(`postbuild: precompressed ${results.length} files (${total.raw} B, ${total.br} B brotli) `);

  checkStyleHash(html);
  const wanted = inlineScripts(html).map(cspHash);
  const allowed = nginxDirective('script-src');
  const missing = wanted.filter((h) => !allowed.includes(h));
  if (missing.length > 0) {
    console.warn(`postbuild: warning: deploy/nginx.conf's Content-Security-Policy would block ${missing.length} inline script(s) of index.html.`);
    console.warn(`postbuild: use: script-src 'self' 'wasm-unsafe-eval' ${wanted.join(' ')}`);
  }
  // An API on another origin must be allowed to connect to.
  const api = html.match(/<meta name="khabar:api" content="([^"]*)"/)?.[1] ?? '';
  if (/^https?:\/\//.test(api)) {
    const origin = new URL(api).origin;
    if (!nginxDirective('connect-src').includes(origin)) {
      console.warn(`postbuild: warning: the API is at ${origin}: add it to connect-src in deploy/nginx.conf's Content-Security-Policy.`);
    }
  }
  publish();
  await afterPublish(dist);
}

if (process.argv[1] && path.resolve(process.argv[1]) === import.meta.filename) {
  main().catch((error) => {
    console.error(`postbuild: ${error.message}`);
    process.exit(1);
  });
}
