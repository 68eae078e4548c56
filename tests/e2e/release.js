// Makes, from a finished bundle, the bundle of a next release: the same site whose JS and wasm
// (and so its page modules' names) changed, so they have new content-hashed names and integrity hashes in every page, and whose
// service worker names the new files, as `make build` of a later commit would write it.
import { createHash } from 'node:crypto';
import { cpSync, readFileSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { writeServiceWorker } from '../../scripts/precache.mjs';
import { precompress } from '../../scripts/postbuild.mjs';
import { integrity as sri } from '../../scripts/wasm-split.mjs';


/** Copies the bundle `from` to `to` as the next release; returns the new hashed files' names that
 * the pages name (the main JS and wasm, and the loader of the page modules). */
export async function nextRelease(from, to) {
  cpSync(from, to, { recursive: true });
  const top = readdirSync(to);
  const find = (pattern) => {
    const name = top.find((f) => pattern.test(f));
    if (!name) throw new Error(`${from} has no file matching ${pattern}`);
    return name;
  };
  const js = find(/^khabar-[0-9a-f]{16}\.js$/);
  const wasm = find(/^khabar-[0-9a-f]{16}_bg\.wasm$/);
  const loader = find(/^khabar-split-[0-9a-f]{16}\.js$/);
  const modules = top.filter((f) => /^khabar-[a-z0-9]+-[0-9a-f]{16}\.wasm$/.test(f));
  const read = (f) => readFileSync(path.join(to, f));
  // A custom section ("next", one byte) keeps the wasm valid; a comment keeps the JS as it was. (The
  // styles are in the pages, which a release replaces whole.) The page modules keep their bytes
  // under new names: a release's modules are named after its main module.
  const nextWasm = Buffer.concat([read(wasm), Buffer.from([0x00, 0x06, 0x04, ...Buffer.from('next'), 0x01])]);
  const hash = createHash('sha256').update(read(js)).update(nextWasm).digest('hex').slice(0, 16);
  const names = {
    [js]: `khabar-${hash}.js`,
    [wasm]: `khabar-${hash}_bg.wasm`,
    [loader]: `khabar-split-${hash}.js`,
  };
  for (const module of modules) {
    const stem = module.match(/^khabar-([a-z0-9]+)-/)[1];
    names[module] = `khabar-${stem}-${createHash('sha256').update(hash).update(module).digest('hex').slice(0, 16)}.wasm`;
  }
  const rename = (text) => Object.entries(names).reduce((t, [a, b]) => t.replaceAll(a, b), text);
  const changed = {
    [js]: Buffer.from(`${rename(read(js).toString('utf8'))}\n// next release\n`),
    [wasm]: nextWasm,
    [loader]: Buffer.from(rename(read(loader).toString('utf8'))),
    ...Object.fromEntries(modules.map((m) => [m, read(m)])),
  };
  const replacements = [];
  for (const [old, data] of Object.entries(changed)) {
    replacements.push([old, names[old]], [sri(read(old)), sri(data)]);
    writeFileSync(path.join(to, names[old]), data);
    for (const f of [old, `${old}.br`, `${old}.gz`]) rmSync(path.join(to, f), { force: true });
  }
  const rewritten = [];
  for (const file of readdirSync(to, { recursive: true })) {
    if (!file.endsWith('.html')) continue;
    let html = readFileSync(path.join(to, file), 'utf8');
    for (const [a, b] of replacements) html = html.replaceAll(a, b);
    writeFileSync(path.join(to, file), html);
    rewritten.push(path.join(to, file));
  }
  rewritten.push(writeServiceWorker(to).file);
  // nginx serves the precompressed copies: the pages' must be the new release's too (the new
  // hashed files go without, not to spend seconds on the wasm's).
  for (const file of rewritten) await precompress(file);
  return [js, wasm, loader].map((n) => `/${names[n]}`).sort();
}

/** Deploys the bundle `from` onto the served folder `to` as the README says: the new hashed files
 * first, the pages (and the worker) that name them last, the previous release's files left. */
export function deploy(from, to) {
  const page = (src) => /\.html(\.br|\.gz)?$/.test(src) || path.basename(src).startsWith('sw.js');
  cpSync(from, to, { recursive: true, filter: (src) => statSync(src).isDirectory() || !page(src) });
  cpSync(from, to, { recursive: true });
}
