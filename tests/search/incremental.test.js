// The search index is in parts (scripts/search-index.mjs): a year's index is written again only
// when its articles change often enough to be folded back in; a changed or new article is in the
// small index of changes, and the stale page a year still holds is left out of every answer. These
// tests build small bundles (./bundle.js), publish changes, and search them the way the app does.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { createHash } from 'node:crypto';
import { cpSync, readFileSync, readdirSync, statSync, unlinkSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { buildSearchIndex } from '../../scripts/search-index.mjs';
import { article, bundle as makeBundle, put, search } from './bundle.js';

const root = path.resolve(import.meta.dirname, '../..');
const bundle = (name, articles) => makeBundle(`incremental/${name}`, articles);

/** Every file under `dir` with its bytes' hash and its time. */
function files(dir) {
  const out = new Map();
  for (const name of readdirSync(dir, { recursive: true })) {
    const file = path.join(dir, name);
    const stat = statSync(file);
    if (stat.isFile()) out.set(name.split(path.sep).join('/'), { hash: createHash('sha256').update(readFileSync(file)).digest('hex'), mtime: stat.mtimeMs });
  }
  return out;
}

/** The files that differ between two listings of `pagefind/`, as the bundle's paths. */
function differ(before, after) {
  const names = new Set([...before.keys(), ...after.keys()]);
  return [...names].filter((n) => before.get(n)?.hash !== after.get(n)?.hash || before.get(n)?.mtime !== after.get(n)?.mtime).map((n) => `pagefind/${n}`).sort();
}

const ARTICLES = [
  article('volcano-2024', 2024, 'بركان في الجزيرة'),
  article('summit-2024', 2024, 'قمة اقتصادية'),
  article('summit-2022', 2022, 'قمة اقتصادية'),
  article('river-2022', 2022, 'فيضان النهر'),
  article('moscow-2020', 2020, 'لقاء موسكو الطويل'),
  article('desert-2020', 2020, 'عاصفة الصحراء'),
];

// Guards against a one-line correction re-indexing the archive: the archive's index stays as it
// was (bytes and times), the changed-files list names exactly what changed, and the new words are
// found while the removed ones are not.
test('a changed article is indexed again alone, and searched as it now reads', async () => {
  const dist = bundle('changed', ARTICLES);
  const first = await buildSearchIndex(dist);
  assert.equal(first.parts.length, 1, 'one part of the archive');
  assert.deepEqual(await search(dist, 'فيضان'), ['river-2022']);
  const before = files(path.join(dist, 'pagefind'));

  put(dist, article('river-2022', 2022, 'جفاف البحيرة'));
  const again = await buildSearchIndex(dist);
  const after = files(path.join(dist, 'pagefind'));
  assert.equal(again.indexed, 1, 'one article indexed');
  assert.deepEqual(again.parts, [], 'no part of the archive indexed again');
  assert.deepEqual(again.changed, differ(before, after), 'the list names what changed on disk');
  assert.ok(again.changed.length > 0);
  for (const file of again.changed) assert.doesNotMatch(file, /^pagefind\/archive-/, `${file}: the archive is not written`);

  assert.deepEqual(await search(dist, 'جفاف'), ['river-2022']);
  assert.deepEqual(await search(dist, 'فيضان'), [], 'the removed word finds nothing');
  assert.deepEqual(await search(dist, 'النهر'), []);
  assert.deepEqual(await search(dist, 'بركان'), ['volcano-2024'], 'the archive still answers');

  // Nothing changed: nothing written.
  const still = await buildSearchIndex(dist);
  assert.deepEqual(still.changed, []);
  assert.equal(still.indexed, 0);
});

/** Writes the record `make publish` leaves: each article's fingerprint, from `publisher`. */
const record = (dist, publisher, fingerprints) =>
  writeFileSync(path.join(dist, '.khabar-publish.json'), JSON.stringify({ shell: '', pages: [], publisher, articles: fingerprints }));

// Guards against a publish's index that misses what the publisher changed, or keeps what it took
// down, when it follows the publisher's record (each article's fingerprint) rather than looking
// at every article's file; and against trusting a fingerprint across builds of the publisher.
test('after make publish, the articles whose fingerprint changed are indexed again', async () => {
  const dist = bundle('recorded', ARTICLES);
  const prints = Object.fromEntries(ARTICLES.map((a) => [a.slug, `${a.slug}-1`]));
  record(dist, 'build-1', prints);
  await buildSearchIndex(dist);
  assert.deepEqual(await search(dist, 'فيضان'), ['river-2022']);

  put(dist, article('river-2022', 2022, 'جفاف البحيرة'));
  record(dist, 'build-1', { ...prints, 'river-2022': 'river-2022-2' });
  const again = await buildSearchIndex(dist);
  assert.equal(again.indexed, 1);
  assert.deepEqual(await search(dist, 'جفاف'), ['river-2022']);
  assert.deepEqual(await search(dist, 'فيضان'), []);

  // Taken down: gone from the record and the bundle.
  unlinkSync(path.join(dist, 'api', 'articles', 'desert-2020.json'));
  const { 'desert-2020': _, ...rest } = { ...prints, 'river-2022': 'river-2022-2' };
  record(dist, 'build-1', rest);
  await buildSearchIndex(dist);
  assert.deepEqual(await search(dist, 'عاصفة'), []);

  // Another build of the publisher rewrote an article under the same fingerprint: its file is
  // looked at, and read as it now is.
  put(dist, article('moscow-2020', 2020, 'لقاء القاهرة القصير'));
  record(dist, 'build-2', rest);
  await buildSearchIndex(dist);
  assert.deepEqual(await search(dist, 'القاهرة'), ['moscow-2020']);
  const still = await buildSearchIndex(dist);
  assert.equal(still.indexed, 0);
  assert.deepEqual(still.changed, []);
});

// Guards against a removed article still being found: its page in the archive is stale.
test('a removed article is not found after one publish', async () => {
  const dist = bundle('removed', ARTICLES);
  await buildSearchIndex(dist);
  assert.deepEqual(await search(dist, 'عاصفة'), ['desert-2020']);
  unlinkSync(path.join(dist, 'api', 'articles', 'desert-2020.json'));
  const again = await buildSearchIndex(dist);
  assert.ok(again.changed.every((f) => !f.startsWith('pagefind/archive-')));
  assert.equal(again.stale, 1);
  assert.deepEqual(await search(dist, 'عاصفة'), []);
  assert.deepEqual(await search(dist, 'موسكو'), ['moscow-2020']);
});

// Guards against the index of changes growing without end: past the limit, the archive is indexed
// again with the changes, which start empty, and the results stay the same.
test('changes past the limit are folded into the archive', async () => {
  const dist = bundle('folded', ARTICLES);
  await buildSearchIndex(dist, { changesMax: 2 });
  put(dist, article('volcano-2024', 2024, 'بركان خامد'));
  put(dist, article('summit-2024', 2024, 'قمة مؤجلة'));
  const two = await buildSearchIndex(dist, { changesMax: 2 });
  assert.deepEqual(two.parts, [], 'two changes stay in the index of changes');
  assert.equal(two.changes, 2);
  assert.deepEqual(await search(dist, 'خامد'), ['volcano-2024']);
  const before = files(path.join(dist, 'pagefind'));
  put(dist, article('flood-2023', 2023, 'سيول جارفة'));
  const folded = await buildSearchIndex(dist, { changesMax: 2 });
  const after = files(path.join(dist, 'pagefind'));
  assert.equal(folded.parts.length, 1);
  assert.equal(folded.changes, 0);
  assert.equal(folded.stale, 0);
  assert.deepEqual(folded.changed, differ(before, after));
  assert.deepEqual(await search(dist, 'مؤجلة'), ['summit-2024']);
  assert.deepEqual(await search(dist, 'خامد'), ['volcano-2024']);
  assert.deepEqual(await search(dist, 'سيول'), ['flood-2023']);
  assert.deepEqual(await search(dist, 'موسكو'), ['moscow-2020']);
});

// Guards against the merge of the two indexes losing the order readers expect: newest first
// among equal matches, and a better match first whichever index holds it.
test('results are ranked across the archive and the changes', async () => {
  const dist = bundle('ranked', ARTICLES);
  await buildSearchIndex(dist);
  // The same text in two years: newest first.
  assert.deepEqual(await search(dist, 'اقتصاديه'), ['summit-2024', 'summit-2022']);
  // A day's changes: unrelated corrections, and a new article that matches in its headline,
  // summary and text, against the archive's, which match less.
  put(dist, article('river-2022', 2022, 'جفاف البحيرة'));
  put(dist, article('desert-2020', 2020, 'أمطار غزيرة'));
  put(dist, article('economy-2019', 2019, 'قمة اقتصادية', { body: [{ type: 'paragraph', text: 'قمة اقتصادية ثانية بعد قمة اقتصادية أولى' }] }));
  const again = await buildSearchIndex(dist);
  assert.equal(again.changes, 3);
  assert.deepEqual(await search(dist, 'قمه اقتصاديه'), ['economy-2019', 'summit-2024', 'summit-2022']);
});

// Guards against a publish that stops half-way leaving an index that a later publish trusts: the
// next publish indexes everything again, and its index is the one a clean publish writes.
test('after a publish killed half-way, the next one writes what a clean publish writes', async () => {
  const many = Array.from({ length: 400 }, (_, i) => article(`story-${i}`, 2015 + (i % 10), `حدث رقم ${i} في المدينة`));
  const dist = bundle('killed', many);
  await buildSearchIndex(dist, { changesMax: 2 });
  for (let i = 0; i < 3; i++) put(dist, article(`story-${i}`, 2015, `حدث معدل ${i}`));
  // Killed as soon as it has started writing a part of the archive again.
  const child = spawn(process.execPath, [path.join(root, 'scripts', 'search-index.mjs'), dist], { stdio: 'ignore', env: { ...process.env, KHABAR_SEARCH_CHANGES_MAX: '2' } });
  const writing = () => readdirSync(path.join(dist, 'pagefind')).some((n) => /^\.archive-.*\.new$/.test(n));
  await new Promise((resolve, reject) => {
    const poll = setInterval(() => {
      if (writing()) {
        clearInterval(poll);
        child.kill('SIGKILL');
        resolve();
      }
    }, 2);
    child.on('exit', () => {
      clearInterval(poll);
      reject(new Error('the publish ended before it could be killed'));
    });
  });
  await new Promise((resolve) => (child.exitCode !== null || child.signalCode !== null ? resolve() : child.on('exit', resolve)));
  const next = await buildSearchIndex(dist);
  assert.equal(next.indexed, 400, 'everything indexed again');
  const clean = bundle('clean', []);
  cpSync(path.join(dist, 'api'), path.join(clean, 'api'), { recursive: true });
  await buildSearchIndex(clean);
  const [a, b] = [files(path.join(dist, 'pagefind')), files(path.join(clean, 'pagefind'))];
  assert.deepEqual([...a.keys()].sort(), [...b.keys()].sort());
  for (const [name, { hash }] of a) assert.equal(hash, b.get(name).hash, name);
  assert.deepEqual(await search(dist, 'معدل'), ['story-0', 'story-1', 'story-2']);
});

// Guards against an archive too large to index at once (the indexer's memory grows with it) and
// against a fold re-indexing the whole archive: the archive is in parts of consecutive articles, a
// fold indexes again only the parts its changes belong to, and a part grown too large is cut.
test('the archive is in parts, and a fold indexes only the parts that changed', async () => {
  const many = Array.from({ length: 12 }, (_, i) => article(`story-${i}`, 2014 + i, `حدث رقم ${i} في المدينة`));
  const dist = bundle('parts', many);
  const options = { changesMax: 2, partMax: 4 };
  const first = await buildSearchIndex(dist, options);
  assert.equal(first.parts.length, 3, '12 articles, 4 a part');
  const before = files(path.join(dist, 'pagefind'));
  // Three new articles, newer than all: they belong to the newest part, which grows to 7 and is cut.
  for (let i = 12; i < 15; i++) put(dist, article(`story-${i}`, 2014 + i, `حدث جديد ${i}`));
  const folded = await buildSearchIndex(dist, options);
  const after = files(path.join(dist, 'pagefind'));
  assert.deepEqual(folded.changed, differ(before, after));
  assert.equal(folded.indexed, 3, 'the three new articles only: the newest part is merged with them');
  assert.equal(folded.parts.length, 1, 'cut in two: one new part, and the four articles it had left as they were');
  const parts = (listing) => new Set([...listing.keys()].filter((n) => n.startsWith('archive-')).map((n) => n.split('/')[0]));
  // The newest part, cut, keeps its four articles, so its files are the same bytes: no part
  // that was there is written again.
  const untouched = [...parts(before)].filter((p) => !folded.changed.some((f) => f.startsWith(`pagefind/${p}/`)));
  assert.equal(untouched.length, 3, 'the parts that were there are left as they were');
  for (const part of untouched) {
    for (const [name, file] of before) if (name.startsWith(`${part}/`)) assert.deepEqual(after.get(name), file, name);
  }
  assert.equal(parts(after).size, 4);
  assert.deepEqual(await search(dist, 'جديد'), ['story-14', 'story-13', 'story-12'], 'newest first');
  assert.deepEqual(await search(dist, 'رقم'), Array.from({ length: 12 }, (_, i) => `story-${11 - i}`), 'newest first across the parts');
  // An old article corrected and one removed: the oldest part is indexed again at the next fold.
  put(dist, article('story-0', 2014, 'حدث مصحح'));
  unlinkSync(path.join(dist, 'api', 'articles', 'story-1.json'));
  const small = await buildSearchIndex(dist, options);
  assert.deepEqual(small.parts, []);
  assert.deepEqual(await search(dist, 'مصحح'), ['story-0']);
  assert.deepEqual((await search(dist, 'رقم')).length, 10);
  put(dist, article('story-2', 2016, 'حدث مصحح ثان'));
  const oldest = await buildSearchIndex(dist, options);
  assert.equal(oldest.parts.length, 1);
  assert.equal(oldest.indexed, 2, 'the two corrected articles only: the oldest part is merged with them, less the removed one');
  assert.deepEqual((await search(dist, 'مصحح')).sort(), ['story-0', 'story-2']);
  assert.deepEqual((await search(dist, 'رقم')).length, 9);
});

// Guards against an archive that grows backwards (older articles imported into a published site)
// losing half its search: the oldest part took the older articles but kept starting where it did,
// so the parts cut from it were looked for in the wrong part, counted as changed on every publish
// and left out of the answers.
test('older articles imported in numbers are folded into parts that start where their articles do', async () => {
  const recent = Array.from({ length: 4 }, (_, i) => article(`recent-${i}`, 2020 + i, `خبر حديث ${i} عن المدينة`));
  const dist = bundle('older', recent);
  const options = { changesMax: 2, partMax: 4 };
  assert.equal((await buildSearchIndex(dist, options)).parts.length, 1);
  for (let i = 0; i < 6; i++) put(dist, article(`older-${i}`, 2010 + i, `خبر قديم ${i} عن المدينة`));
  const folded = await buildSearchIndex(dist, options);
  assert.equal(folded.indexed, 6, 'the six older articles only: the oldest part is merged with them');
  assert.equal(folded.parts.length, 3, 'cut in three');
  assert.equal(folded.changes, 0, 'every article is in the part that holds it');
  assert.equal(folded.stale, 0);
  const names = readdirSync(path.join(dist, 'pagefind')).filter((n) => n.startsWith('archive-'));
  assert.equal(names.length, 3, 'no folder of the part as it was is left');
  const expected = [...recent.map((a) => a.slug).reverse(), ...Array.from({ length: 6 }, (_, i) => `older-${5 - i}`)];
  assert.deepEqual(await search(dist, 'المدينة'), expected, 'every article, once, newest first');
  // A later correction is indexed alone.
  put(dist, article('older-0', 2010, 'خبر قديم مصحح عن المدينة'));
  const one = await buildSearchIndex(dist, options);
  assert.equal(one.indexed, 1);
  assert.deepEqual(one.parts, []);
});
