#!/usr/bin/env node
// What follows a publish, for `make build` and `make publish` alike: the search index
// (`pagefind/`, from the published articles) and the service worker (`sw.js`, which names the
// release's files and the published `api/site.json`), each with its `.br`/`.gz` copies.
//
// Usage: node scripts/after-publish.mjs [dist]      (default: dist)
import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { writeServiceWorker } from './precache.mjs';
import { buildSearchIndex } from './search-index.mjs';
import { COMPRESSIBLE, files, precompress, staticHostHeaders } from './postbuild.mjs';

const root = path.resolve(import.meta.dirname, '..');

export async function afterPublish(dist) {
  console.log(`after-publish: search index of ${await buildSearchIndex(dist)} articles in pagefind/`);
  const worker = writeServiceWorker(dist);
  console.log(`after-publish: sw.js ${worker.workerBytes} B, release ${worker.release}: precaches ${worker.entries.length} files, ${worker.bytes} B`);
  const compressible = [...files(path.join(dist, 'pagefind')), path.join(dist, 'sw.js')]
    .filter((f) => COMPRESSIBLE.includes(path.extname(f).slice(1).toLowerCase()));
  for (const file of compressible) await precompress(file);
  writeFileSync(path.join(dist, '_headers'), staticHostHeaders(dist, readFileSync(path.join(dist, 'shell.html'), 'utf8')));
}

if (process.argv[1] && path.resolve(process.argv[1]) === import.meta.filename) {
  afterPublish(path.resolve(process.argv[2] || path.join(root, 'dist'))).catch((error) => {
    console.error(`after-publish: ${error.message}`);
    process.exit(1);
  });
}
