// A part of the archive bigger than a piece (KHABAR_SEARCH_PIECE_MAX) is indexed by Pagefind a
// piece at a time and the pieces merged into one index (scripts/pagefind-merge.mjs), which bounds
// the indexer's memory. Readers must not be able to tell: the merged index answers every query with
// the results, scores and excerpts of the index Pagefind writes for the whole part at once.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, readdirSync, renameSync, unlinkSync } from 'node:fs';
import path from 'node:path';
import { SIGNATURE, mergeIndexes, readPart, writePart } from '../../scripts/pagefind-merge.mjs';
import { buildSearchIndex, partContent, searchRecord } from '../../scripts/search-index.mjs';
import { article, bundle, put, results } from './bundle.js';

// Small chunks of words (for Pagefind and the merge alike), so that the merged words are cut into
// many chunks whose word ranges a query must find its words in.
process.env.PAGEFIND_UNSTABLE_INDEX_CHUNK_SIZE = '60';

const VOCABULARY = ['بركان', 'قمة', 'اقتصادية', 'فيضان', 'النهر', 'موسكو', 'عاصفة', 'الصحراء', 'انتخابات', 'البرلمان', 'زلزال', 'مدرسة', 'قطار', 'مستشفى', 'المطر', 'سوريا', 'دمشق', 'الرياض', 'أمطار', 'إعصار', 'Café', 'cafe', 'naïve', 'naive'];

/** 37 articles over six years, each of a few words of VOCABULARY, some of them often: words that
 * fall in one piece only, in several, and in all, and Latin words written with and without their
 * accents (which Pagefind keeps as variants of one word). */
function archive() {
  let seed = 7;
  const next = (n) => {
    seed = (seed * 1103515245 + 12345) % 2147483648;
    return Math.floor(seed / 65536) % n;
  };
  return Array.from({ length: 37 }, (_, i) => {
    const words = Array.from({ length: 3 + next(6) }, () => VOCABULARY[next(i % 3 === 0 ? 6 : VOCABULARY.length)]);
    return article(`story-${i}`, 2020 + (i % 6), words.join(' '), { published: `${2020 + (i % 6)}-0${1 + (i % 9)}-1${i % 10}T0${i % 10}:00:00Z` });
  });
}

/** The folder of the one part of the archive in `dist`. */
const onlyPart = (dist) => {
  const parts = readdirSync(path.join(dist, 'pagefind')).filter((n) => n.startsWith('archive-'));
  assert.equal(parts.length, 1, 'one part of the archive');
  return path.join(dist, 'pagefind', parts[0]);
};

// Guards against a merge that loses or misplaces a page (page numbers moved by the pieces before
// it), a word (chunks' ranges that send a query to the wrong chunk) or a position (excerpts), or
// that changes ranking (word counts, statistics of the whole part).
test('a part indexed in pieces answers as one indexed whole', async () => {
  const whole = bundle('pieces/whole', archive());
  const pieces = bundle('pieces/pieces', archive());
  await buildSearchIndex(whole, { pieceMax: 1000 });
  await buildSearchIndex(pieces, { pieceMax: 8 });

  const chunks = (dist) => readdirSync(path.join(onlyPart(dist), 'index')).filter((n) => n.endsWith('.pf_index')).length;
  assert.ok(chunks(whole) > 3, `the whole part is in ${chunks(whole)} chunks of words`);
  assert.ok(chunks(pieces) > 3, `the merged part is in ${chunks(pieces)} chunks of words`);
  const fragments = (dist) => readdirSync(path.join(onlyPart(dist), 'fragment')).filter((n) => n.endsWith('.pf_fragment')).length;
  assert.equal(fragments(pieces), 37, 'a fragment for each article');

  for (const query of QUERIES) {
    const expected = await results(whole, query);
    assert.deepEqual(await results(pieces, query), expected, query);
  }
  assert.ok((await results(pieces, 'بركان')).length > 0, 'a word of the archive is found');
});

/** The queries each test asks both indexes. */
const QUERIES = [...VOCABULARY, 'قمة اقتصادية', 'سوريا دمشق', 'فيضان النهر الصحراء', 'انتخ', 'خبر', 'ملخص', 'كلمة'];

// Guards against a fold (the changes merged into their part, scripts/pagefind-merge.mjs) that keeps
// a stale page or its words, loses a kept page's words or positions, or lists the pages out of
// order (newest first among equally good matches): after corrections, a removal and new articles
// (newest, and in the middle of the archive), the folded part answers every query as the part
// indexed afresh from the same articles.
test('a fold merging a part with its changes answers as the part indexed afresh', async () => {
  const options = { changesMax: 3, pieceMax: 8 };
  const folded = bundle('pieces/folded', archive());
  await buildSearchIndex(folded, options);
  const now = archive();
  // Two corrections (the words a query finds them by change), one removal, four new articles.
  now[4] = { ...now[4], body: [{ type: 'paragraph', text: 'نص مصحح عن قطار المدينة' }] };
  now[17] = { ...now[17], headline: 'خبر إعصار مصحح', body: [{ type: 'paragraph', text: 'إعصار فوق الرياض' }] };
  const removed = now.splice(30, 1)[0];
  const added = [
    article('new-0', 2026, 'بركان قمة اقتصادية'),
    article('new-1', 2026, 'بركان مدرسة', { published: '2026-01-02T00:00:00Z' }),
    article('new-2', 2022, 'بركان سوريا دمشق', { published: '2022-05-15T05:00:00Z' }),
    article('new-3', 2020, 'Café naïve بركان', { published: '2020-03-11T00:00:00Z' }),
  ];
  now.push(...added);
  for (const a of [now[4], now[17], ...added]) put(folded, a);
  unlinkSync(path.join(folded, 'api', 'articles', `${removed.slug}.json`));
  const fold = await buildSearchIndex(folded, options);
  assert.equal(fold.parts.length, 1, 'the part is folded');
  assert.equal(fold.indexed, 6, 'only the changed and new articles are indexed');
  assert.equal(fold.changes + fold.stale, 0);

  const fresh = bundle('pieces/fresh', now);
  await buildSearchIndex(fresh, options);
  const chunks = readdirSync(path.join(onlyPart(folded), 'index')).filter((n) => n.endsWith('.pf_index')).length;
  assert.ok(chunks > 3, `the folded part is in ${chunks} chunks of words`);
  for (const query of [...QUERIES, 'مصحح', 'المدينة']) {
    const expected = await results(fresh, query);
    assert.deepEqual(await results(folded, query), expected, query);
  }
  const found = (await results(folded, 'بركان')).map((r) => r.slug);
  for (const a of added) assert.ok(found.includes(a.slug), `${a.slug} is found`);
  assert.ok(!(await results(folded, 'مصحح')).some((r) => r.slug === removed.slug));
});

/** The meta file of the index Pagefind wrote in `dir`. */
const metaOf = (dir) => {
  const [[, { hash }]] = Object.entries(JSON.parse(readFileSync(path.join(dir, 'pagefind-entry.json'), 'utf8')).languages);
  return path.join(dir, `pagefind.${hash}.pf_meta`);
};

// Guards against one page's fragment overwriting another's: Pagefind names a fragment by seven
// hex digits of its hash, unique within one index but not across pieces (at 100,000 articles, a
// clash or two is to be expected).
test('fragments that two pieces named alike are both kept, under two names', async () => {
  const dist = bundle('pieces/clash', []);
  const pagefind = await import('pagefind');
  const dirs = [];
  try {
    for (const [i, words] of ['بركان الجزيرة', 'فيضان النهر'].entries()) {
      const { index } = await pagefind.createIndex({});
      await index.addCustomRecord(searchRecord(article(`clash-${i}`, 2024 - i, words)).record);
      dirs.push(path.join(dist, `piece-${i}`));
      await index.writeFiles({ outputPath: dirs[i] });
      await index.deleteIndex();
    }
  } finally {
    await pagefind.close();
  }
  // The second piece's page takes the first's name.
  const [first, second] = dirs.map((dir) => readPart(metaOf(dir)));
  const [clash, mine] = [first[1][0][0], second[1][0][0]];
  renameSync(path.join(dirs[1], 'fragment', `${mine}.pf_fragment`), path.join(dirs[1], 'fragment', `${clash}.pf_fragment`));
  second[1][0][0] = clash;
  writePart(metaOf(dirs[1]), second);

  const out = path.join(dist, 'merged');
  const renamed = mergeIndexes(dirs, out);
  assert.equal(renamed[0].size, 0);
  const other = renamed[1].get(clash);
  assert.ok(other && other !== clash, 'the second page has a name of its own');
  const pages = readPart(metaOf(out))[1].map(([name]) => name);
  assert.deepEqual(pages, [clash, other]);
  const urls = pages.map((name) => JSON.parse(partContent(path.join(out, 'fragment', `${name}.pf_fragment`)).subarray(SIGNATURE.length).toString('utf8')).url);
  assert.deepEqual(urls, ['article/clash-0', 'article/clash-1']);
});
