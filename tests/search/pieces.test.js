// A part of the archive bigger than a piece (KHABAR_SEARCH_PIECE_MAX) is indexed by Pagefind a
// piece at a time and the pieces merged into one index (scripts/pagefind-merge.mjs), which bounds
// the indexer's memory. Readers must not be able to tell: the merged index answers every query with
// the results, scores and excerpts of the index Pagefind writes for the whole part at once.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync } from 'node:fs';
import path from 'node:path';
import { buildSearchIndex } from '../../scripts/search-index.mjs';
import { article, bundle, results } from './bundle.js';

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

  for (const query of [...VOCABULARY, 'قمة اقتصادية', 'سوريا دمشق', 'فيضان النهر الصحراء', 'انتخ', 'خبر', 'ملخص', 'كلمة']) {
    const expected = await results(whole, query);
    assert.deepEqual(await results(pieces, query), expected, query);
  }
  assert.ok((await results(pieces, 'بركان')).length > 0, 'a word of the archive is found');
});
