// Two builds of the same commit give the same dist/, byte for byte (so a release can be rebuilt and
// checked, and a redeploy changes only what changed). The bundle is built a second time, as
// `make build` does (trunk build --release with its RUSTFLAGS, with dist/'s public URL, then
// scripts/postbuild.mjs),
// into another folder, and every file is compared with dist/. With cargo's compilation done (it is,
// right after `make build`), Trunk reruns wasm-bindgen, and postbuild the split: about 15 s.
//
// dist/ must come from the sources as they are: run `make build` first (`make test-e2e` does).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { mkdtempSync, readFileSync, readdirSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { SPLIT_RUSTFLAGS } from '../../scripts/wasm-split.mjs';

const root = path.resolve(import.meta.dirname, '../..');
const dist = path.join(root, 'dist');

/** The search index's record of what it indexed: the times of this bundle's files, which it
 * compares at the next publish (never served: hosts do not serve dotfiles). */
const SEARCH_STATE = '.khabar-search.json';

/** { file: sha256 } for every file under `dir`, by path relative to it. */
function sums(dir) {
  const out = {};
  for (const file of readdirSync(dir, { recursive: true }).sort()) {
    if (file === SEARCH_STATE) continue;
    const full = path.join(dir, file);
    if (statSync(full).isFile()) out[file] = createHash('sha256').update(readFileSync(full)).digest('hex');
  }
  return out;
}

test('a second build of the same sources writes the same dist/, byte for byte', { timeout: 600_000 }, (t) => {
  // Defect guarded: a file that differs between two builds (map order in a page's head or JSON-LD, a
  // build time, a random id, a compressor setting), so every deploy rewrites every page and no
  // release can be rebuilt and checked.
  const publicUrl = readFileSync(path.join(dist, 'shell.html'), 'utf8').match(/<base href="([^"]*)"/)?.[1];
  assert.ok(publicUrl, 'dist/shell.html has a <base href>');
  const scratch = mkdtempSync(path.join(tmpdir(), 'khabar-rebuild-'));
  try {
    const again = path.join(scratch, 'dist');
    const started = Date.now();
    const run = (command, args, env = process.env) => execFileSync(command, args, { cwd: root, env, stdio: ['ignore', 'ignore', 'inherit'] });
    // The wasm's flags for Trunk's cargo alone: postbuild compiles the publisher natively.
    run('trunk', ['build', '--release', '--public-url', publicUrl, '--dist', again], { ...process.env, RUSTFLAGS: SPLIT_RUSTFLAGS });
    run('node', [path.join(root, 'scripts/postbuild.mjs'), again]);
    t.diagnostic(`second build (trunk + postbuild): ${Date.now() - started} ms`);
    const first = sums(dist);
    const second = sums(again);
    assert.ok(Object.keys(first).some((f) => f.startsWith('article/')), 'dist/ has prerendered articles');
    assert.deepEqual(Object.keys(second), Object.keys(first), 'the same files (is dist/ from these sources? run make build)');
    const changed = Object.keys(first).filter((f) => first[f] !== second[f]);
    assert.deepEqual(changed, [], 'files that differ between two builds (is dist/ from these sources? run make build)');
  } finally {
    rmSync(scratch, { recursive: true, force: true });
  }
});
