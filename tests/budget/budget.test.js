// The size budget: the first load of an article, in brotli bytes, stays within budget.json.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { firstLoad } from './first-load.js';

const root = path.resolve(import.meta.dirname, '../..');
const budget = JSON.parse(readFileSync(path.join(root, 'budget.json'), 'utf8'));

test('the first load of an article is within budget.json', (t) => {
  const dist = path.join(root, 'dist');
  const { sizes, files } = firstLoad(dist, budget.article);
  assert.ok(files.js.length > 0 && files.wasm.length > 0 && files.css.length > 0, 'index.html links JS, wasm and CSS');
  t.diagnostic(`brotli bytes, first load of /article/${budget.article}:`);
  for (const [kind, bytes] of Object.entries(sizes)) {
    t.diagnostic(`${kind.padEnd(6)} ${String(bytes).padStart(8)} B${budget.brotliBytes[kind] ? ` (budget ${budget.brotliBytes[kind]} B)` : ''}`);
  }
  for (const [kind, limit] of Object.entries(budget.brotliBytes)) {
    assert.ok(sizes[kind] <= limit, `${kind}: ${sizes[kind]} B brotli is over the budget of ${limit} B (budget.json)`);
  }
});
