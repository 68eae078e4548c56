// The search index spells words as the app spells queries (crates/model/src/search.rs): both pass
// crates/model/tests/search-cases.json.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { normaliseWord, normaliseText, words, orderKey, keysNewestFirst, isStopWord } from '../../scripts/search-index.mjs';

const cases = JSON.parse(readFileSync(path.resolve(import.meta.dirname, '../../crates/model/tests/search-cases.json'), 'utf8'));

// Guards against the index spelling a word unlike the query, which makes its articles unfindable.
test('the index spells words as the shared cases say', () => {
  assert.ok(cases.length > 10);
  for (const c of cases) {
    assert.equal(normaliseWord(c.word), c.searched_as, `${c.word} (${c.why})`);
    assert.equal(isStopWord(c.searched_as), Boolean(c.common), `${c.word} as a function word (${c.why})`);
  }
});

// Guards against indexing every place a function word occurs (the part a query for it would fetch
// holds all of them), while the other words keep their positions.
test('function words are not indexed, and take their place', () => {
  assert.equal(normaliseText('قمة في موسكو إلى دمشق'), 'قمه - موسكو - دمشق');
});

// Guards against highlighting the wrong words: results mark the written words at the index's positions.
test('the indexed text has one word for each written word', () => {
  const text = 'قمة بوتين والأسد.. ـــ “رسائل قوية”\n\u200f 2018،';
  assert.equal(words(normaliseText(text)).length, words(text).length);
});

// Guards against older articles ranking above newer ones that match the query as well.
test('articles are indexed newest first, whatever their offsets', () => {
  const articles = [
    { slug: 'b', published: '2026-11-20T09:00:00+03:00' },
    { slug: 'a', published: '2026-11-20T07:30:00Z' },
    { slug: 'c', published: '2025-01-01T00:00:00Z' },
  ];
  assert.deepEqual(articles.map(orderKey).sort(keysNewestFirst).map((key) => key.slice(16)), ['a', 'b', 'c']);
});
