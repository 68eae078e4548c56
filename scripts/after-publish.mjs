#!/usr/bin/env node
// What follows a publish, for `make build` and `make publish` alike: the search index
// (`pagefind/`, from the published articles: only its parts whose articles changed) and the
// service worker (`sw.js`, which names the release's files and the published `api/site.json`)
// and `_headers`, each with its `.br`/`.gz` copies and each written only when its bytes change.
// Prints the files it wrote or removed, relative to the bundle, one per line, as the publisher
// does; with a second argument, also appends them to that file (`make publish CHANGES=…`).
//
// Usage: node scripts/after-publish.mjs [dist] [changes-file]      (default: dist)
import { appendFileSync, existsSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { writeServiceWorker } from './precache.mjs';
import { buildSearchIndex, summary } from './search-index.mjs';
import { precompress, staticHostHeaders } from './postbuild.mjs';

const root = path.resolve(import.meta.dirname, '..');

/** Writes `data` to `file` unless it holds those bytes already; whether it wrote. */
function writeIfChanged(file, data) {
  if (existsSync(file) && readFileSync(file).equals(Buffer.from(data))) return false;
  writeFileSync(file, data);
  return true;
}

/** Finishes `dist` after a publish. Returns the files written or removed, relative to it. */
export async function afterPublish(dist) {
  const search = await buildSearchIndex(dist);
  console.error(`after-publish: search index: ${summary(search)}`);
  const changed = [...search.changed];
  const worker = writeServiceWorker(dist);
  if (worker.written || !existsSync(`${worker.file}.br`)) {
    await precompress(worker.file);
    changed.push('sw.js', 'sw.js.br', 'sw.js.gz');
  }
  console.error(`after-publish: sw.js ${worker.workerBytes} B, release ${worker.release}: precaches ${worker.entries.length} files, ${worker.bytes} B`);
  if (writeIfChanged(path.join(dist, '_headers'), staticHostHeaders(dist, readFileSync(path.join(dist, 'shell.html'), 'utf8')))) {
    changed.push('_headers');
  }
  return changed;
}

if (process.argv[1] && path.resolve(process.argv[1]) === import.meta.filename) {
  const [dist, changes] = [path.resolve(process.argv[2] || path.join(root, 'dist')), process.argv[3]];
  afterPublish(dist)
    .then((changed) => {
      const list = changed.map((f) => `${f}\n`).join('');
      process.stdout.write(list);
      if (changes) appendFileSync(changes, list);
    })
    .catch((error) => {
      console.error(`after-publish: ${error.message}`);
      process.exit(1);
    });
}
