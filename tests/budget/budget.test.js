// The size budget: the first load of an article, in brotli bytes, stays within budget.json.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { brotliSize, firstLoad, fontFaces, pageCharacters } from './first-load.js';
import { inlineStyleBlocks } from '../../scripts/postbuild.mjs';
import { MODULES_MANIFEST } from '../../scripts/wasm-split.mjs';

const root = path.resolve(import.meta.dirname, '../..');
const budget = JSON.parse(readFileSync(path.join(root, 'budget.json'), 'utf8'));

test('the first load of an article is within budget.json', (t) => {
  const dist = path.join(root, 'dist');
  const { sizes, files } = firstLoad(dist, budget.article);
  assert.ok(files.js.length > 0 && files.wasm.length > 0, 'index.html links JS and wasm');
  assert.ok(files.fonts.length > 0, "the page's styles name its fonts");
  t.diagnostic(`brotli bytes, first load of /article/${budget.article}:`);
  for (const [kind, bytes] of Object.entries(sizes)) {
    t.diagnostic(`${kind.padEnd(6)} ${String(bytes).padStart(8)} B${budget.brotliBytes[kind] ? ` (budget ${budget.brotliBytes[kind]} B)` : ''}`);
  }
  for (const [kind, limit] of Object.entries(budget.brotliBytes)) {
    assert.ok(sizes[kind] <= limit, `${kind}: ${sizes[kind]} B brotli is over the budget of ${limit} B (budget.json)`);
  }
});

test('a first move from an article to each other page fetches only its modules, within budget.json', (t) => {
  // Defect guarded: a page module that grows unseen, or one that brings most of the app with it
  // (code the main module already has, copied into the page's modules).
  const dist = path.join(root, 'dist');
  const pages = JSON.parse(readFileSync(path.join(dist, MODULES_MANIFEST), 'utf8'));
  const { files } = firstLoad(dist, budget.article);
  const moduleFiles = Object.values(pages).flat();
  assert.deepEqual(files.wasm.filter((f) => moduleFiles.includes(f)), [], 'the article loads no page module');
  assert.deepEqual(Object.keys(pages).sort(), Object.keys(budget.moveBrotliBytes).sort(), 'every page module has a budget (budget.json moveBrotliBytes)');
  t.diagnostic('brotli bytes a first move from an article fetches:');
  for (const [page, list] of Object.entries(pages)) {
    const bytes = list.reduce((sum, f) => sum + brotliSize(dist, f), 0);
    t.diagnostic(`${page.padEnd(10)} ${String(bytes).padStart(7)} B in ${list.length} modules (budget ${budget.moveBrotliBytes[page]} B)`);
    assert.ok(bytes <= budget.moveBrotliBytes[page], `${page}: ${bytes} B brotli is over the budget of ${budget.moveBrotliBytes[page]} B (budget.json)`);
  }
});

test("fonts are counted by the page's characters: the full Arabic files only for a page that has letters outside the core, the Latin files only for Latin characters", () => {
  // Defect guarded: the budget adding up files the article never downloads (the full Arabic files,
  // fetched only for Persian, Urdu or Quranic letters), or leaving out one a page does download.
  const dist = path.join(root, 'dist');
  const { files } = firstLoad(dist, budget.article);
  const full = /-arabic-\d+-normal\.woff2$/;
  assert.deepEqual(files.fonts.filter((f) => full.test(f)), [], 'the seed article counts no full Arabic file');
  assert.ok(files.fonts.some((f) => /-arabic-core-400-normal\.woff2$/.test(f)), 'the text face is counted');
  const css = inlineStyleBlocks(readFileSync(path.join(dist, 'index.html'), 'utf8')).join('');
  const counted = (text) => fontFaces(css).filter((face) => face.ranges?.some(([lo, hi]) => pageCharacters(text).some((c) => c >= lo && c <= hi))).map((face) => face.url);
  assert.ok(counted('<p>گزارش</p>').some((url) => full.test(url)), 'گ (Persian) counts a full Arabic file');
  assert.ok(counted('<p>&#x067E;</p>').some((url) => full.test(url)), 'پ written as a character reference counts too');
  assert.ok(!counted('<p>تقرير، ١٢٣٪</p>').some((url) => full.test(url)), 'Arabic letters, digits and punctuation count none');
  // The spaces of Arabic text are drawn by the core file, which the page preloads: a Latin file
  // arriving after the first paint must not be able to rebreak Arabic lines.
  const latin = /-latin-\d+-normal\.woff2$/;
  assert.deepEqual(counted('تقرير عن الطقس&#xA0;اليوم').filter((url) => latin.test(url)), [], 'Arabic words and spaces count no Latin file');
  assert.ok(counted('تقرير عن Mars').some((url) => latin.test(url)), 'a Latin word counts the Latin file');
});
