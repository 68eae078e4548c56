#!/usr/bin/env node
// What follows a publish, for `make build` and `make publish` alike: the search index
// (`pagefind/`, from the published articles: only its parts whose articles changed) and the
// service worker (`sw.js`, which names the release's files and the published `api/site.json`)
// and `_headers`, each with its `.br`/`.gz` copies and each written only when its bytes change,
// whole and journalled, so that a run stopped anywhere is made good by the next (see openJournal).
// Prints the files it wrote or removed, relative to the bundle, one per line, as the publisher
// does; with a second argument, also appends them to that file (`make publish CHANGES=…`).
//
// Usage: node scripts/after-publish.mjs [dist] [changes-file]      (default: dist)
import { appendFileSync, existsSync, readFileSync, rmSync } from 'node:fs';
import path from 'node:path';
import { serviceWorker } from './precache.mjs';
import { buildSearchIndex, summary } from './search-index.mjs';
import { precompressBytes, staticHostHeaders, temporaryOf, writeAtomic } from './postbuild.mjs';

const root = path.resolve(import.meta.dirname, '..');

/** The journal of the run under way, in the bundle (hidden, so never served). */
export const JOURNAL = '.khabar-after-publish.journal';

/**
 * What this run may change, written down before it changes it, as the publisher does
 * (crates/content/src/output.rs): each file is named here before it is written (whole: a
 * temporary, then a rename) or removed, and the journal is deleted only once the run's list of
 * changed files was delivered. A run stopped anywhere (an error, `kill -9`) leaves the journal, so
 * the next run lists its files too, and makes again the files it names rather than trust them.
 */
function openJournal(dist) {
  const file = path.join(dist, JOURNAL);
  let text = '';
  try {
    text = readFileSync(file, 'utf8');
  } catch {
    // none: the last run finished
  }
  // A line cut short was being written when the run stopped: the file it names was not touched.
  const lines = text.slice(0, text.lastIndexOf('\n') + 1).split('\n').filter(Boolean);
  const unsettled = new Set(lines);
  for (const rel of unsettled) rmSync(temporaryOf(path.join(dist, rel)), { force: true });
  let endsOpen = text.length > 0 && !text.endsWith('\n');
  return {
    unsettled,
    note(rels) {
      if (rels.length === 0) return;
      appendFileSync(file, `${endsOpen ? '\n' : ''}${rels.map((rel) => `${rel}\n`).join('')}`);
      endsOpen = false;
    },
    settle: () => rmSync(file, { force: true }),
  };
}

/**
 * Finishes `dist` after a publish. `deliver` is given the files written or removed (relative to
 * `dist`, with those a stopped run may have changed) before the journal goes; returns them.
 */
export async function afterPublish(dist, deliver = () => {}) {
  const journal = openJournal(dist);
  const search = await buildSearchIndex(dist, { note: (rels) => journal.note(rels) });
  console.error(`after-publish: search index: ${summary(search)}`);
  const changed = [...search.changed];

  // The worker and its copies: the copies first, the worker last, so a worker with the new bytes
  // always has its copies; a stopped run's are made again.
  const worker = serviceWorker(dist);
  const copies = ['sw.js', 'sw.js.br', 'sw.js.gz'];
  const current = existsSync(worker.file) && readFileSync(worker.file).equals(worker.worker);
  if (!current || copies.some((rel) => journal.unsettled.has(rel)) || !existsSync(`${worker.file}.br`)) {
    journal.note(copies);
    await precompressBytes(worker.file, worker.worker);
    writeAtomic(worker.file, worker.worker);
    changed.push(...copies);
  }
  console.error(`after-publish: sw.js ${worker.workerBytes} B, release ${worker.release}: precaches ${worker.entries.length} files, ${worker.bytes} B`);

  const headers = path.join(dist, '_headers');
  const rules = Buffer.from(staticHostHeaders(dist, readFileSync(path.join(dist, 'shell.html'), 'utf8')));
  if (!existsSync(headers) || !readFileSync(headers).equals(rules)) {
    journal.note(['_headers']);
    writeAtomic(headers, rules);
    changed.push('_headers');
  }

  const all = [...new Set([...changed, ...journal.unsettled])].sort();
  await deliver(all);
  journal.settle();
  return all;
}

if (process.argv[1] && path.resolve(process.argv[1]) === import.meta.filename) {
  const [dist, changes] = [path.resolve(process.argv[2] || path.join(root, 'dist')), process.argv[3]];
  afterPublish(dist, (changed) => {
    const list = changed.map((f) => `${f}\n`).join('');
    process.stdout.write(list);
    if (changes) appendFileSync(changes, list);
  })
    .catch((error) => {
      console.error(`after-publish: ${error.message}`);
      process.exit(1);
    });
}
