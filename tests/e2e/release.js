// Makes, from a finished bundle, the bundle of a next release: the same site whose JS and wasm
// changed, so they have new content-hashed names and integrity hashes in every page, and whose
// service worker names the new files, as `make build` of a later commit would write it.
import { createHash } from 'node:crypto';
import { cpSync, readFileSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { writeServiceWorker } from '../../scripts/precache.mjs';
import { precompress } from '../../scripts/postbuild.mjs';

const sri = (data) => `sha384-${createHash('sha384').update(data).digest('base64')}`;

/** Copies the bundle `from` to `to` as the next release; returns the new hashed files' names. */
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
  const read = (f) => readFileSync(path.join(to, f));
  // A custom section ("next", one byte) keeps the wasm valid; a comment keeps the JS as it was. (The
  // styles are in the pages, which a release replaces whole.)
  const changed = {
    [js]: Buffer.concat([read(js), Buffer.from('\n// next release\n')]),
    [wasm]: Buffer.concat([read(wasm), Buffer.from([0x00, 0x06, 0x04, ...Buffer.from('next'), 0x01])]),
  };
  const hash = createHash('sha256').update(changed[js]).update(changed[wasm]).digest('hex').slice(0, 16);
  const names = {
    [js]: `khabar-${hash}.js`,
    [wasm]: `khabar-${hash}_bg.wasm`,
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
  return Object.values(names).map((n) => `/${n}`).sort();
}

/** Deploys the bundle `from` onto the served folder `to` as the README says: the new hashed files
 * first, the pages (and the worker) that name them last, the previous release's files left. */
export function deploy(from, to) {
  const page = (src) => /\.html(\.br|\.gz)?$/.test(src) || path.basename(src).startsWith('sw.js');
  cpSync(from, to, { recursive: true, filter: (src) => statSync(src).isDirectory() || !page(src) });
  cpSync(from, to, { recursive: true });
}
