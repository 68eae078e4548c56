#!/usr/bin/env node
// Builds the search index of a finished bundle: Pagefind's files in `<dist>/pagefind/`, from the
// published articles in `<dist>/api/articles/`. The app's search page loads them only when a reader
// searches (`pagefind/khabar-search.js`, written here too), so no other page grows.
//
// Readers type Arabic with or without hamza, tashkeel or tatweel, and in either kind of digits. Each
// article is indexed as words normalised like crates/model/src/search.rs normalises the query (the
// cases both must pass are in crates/model/tests/search-cases.json), one normalised word per word of
// the text, so Pagefind's word positions also point into the text as written, which the results
// show (src/search/snippet.rs): once Pagefind has written its files, each article's fragment gets
// the text as written in place of the indexed one (the index itself keeps the indexed words).
// Pagefind's Arabic stemmer then strips prefixes and suffixes (ال، و، ب، ات، ون …).
//
// A publish does not index the archive again: the index is the archive, in parts of up to 250,000
// articles, and the articles changed or published since (see buildSearchIndex), merged when a
// reader searches; only the small one is written again, until the changes are many enough to be
// folded into their parts (by merging a part's index with theirs). Only the files whose bytes
// change are written, and they are listed.
//
// Pagefind gzips every part itself, which servers then send as is. Each part also gets a `.br`
// copy of what its gzip holds (Pagefind's signature first, which its loader reads as "not
// compressed"): a server that sends precompressed files (deploy/nginx.conf) sends that to browsers
// that take brotli, so a query costs brotli bytes; any other server sends the gzipped part, which
// Pagefind unpacks itself, as before. A part has no `.gz` copy: the part is one.
//
// Usage: node scripts/search-index.mjs [dist]      (default: dist)
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, readdirSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import zlib from 'node:zlib';
import { SIGNATURE, mergeIndexes } from './pagefind-merge.mjs';
import { precompress, writeAtomic } from './postbuild.mjs';

const root = path.resolve(import.meta.dirname, '..');

/** Letters written several ways, and what they are indexed as (see crates/model/src/search.rs). */
const FOLD = new Map([
  ['\u0623', '\u0627'], ['\u0625', '\u0627'], ['\u0622', '\u0627'], ['\u0671', '\u0627'], // أ إ آ ٱ → ا
  ['\u0649', '\u064A'], // ى → ي
  ['\u0629', '\u0647'], // ة → ه
]);
for (let d = 0; d < 10; d++) {
  FOLD.set(String.fromCharCode(0x0660 + d), String(d)); // ٠…٩
  FOLD.set(String.fromCharCode(0x06f0 + d), String(d)); // ۰…۹ (Persian/Urdu forms)
}

/** Marks that change nothing for search: tashkeel, Quranic marks, tatweel, bidi and joiner controls. */
const DROP = /[\u0610-\u061A\u064B-\u065F\u0670\u06D6-\u06DC\u06DF-\u06E8\u06EA-\u06ED\u0640\u061C\u200B-\u200F\u202A-\u202E\u2066-\u2069\uFEFF]/gu;

/** One word as it is indexed and searched: folded letters, no marks, lower case, and و or ف before
 * ال dropped (Pagefind's stemmer keeps them, so "والأسد" would not find "الأسد"). */
export function normaliseWord(word) {
  let out = '';
  for (const ch of word.replace(DROP, '').toLowerCase()) out += FOLD.get(ch) ?? ch;
  return /^[وف]ال/u.test(out) && [...out].length >= 6 ? out.slice(1) : out;
}

/** Function words (في، من، إلى …), as normaliseWord spells them: in nearly every article, so not
 * indexed (the app leaves them out of queries too, from the same list). */
const STOP_WORDS = new Set(
  readFileSync(path.join(root, 'crates', 'model', 'src', 'stop-words.txt'), 'utf8')
    .split('\n')
    .map((line) => line.trim())
    .filter(Boolean),
);

/** Whether a word, as normaliseWord spells it, is a function word left out of the index. */
export const isStopWord = (normalised) => STOP_WORDS.has(normalised);

/** A text as it is indexed: its words normalised, one for one (a word of marks only, or a
 * function word, becomes "-", which Pagefind counts as a word but does not index). */
export function normaliseText(text) {
  return words(text).map(indexedWord).join(' ');
}

const indexedWord = (word) => {
  const normalised = normaliseWord(word);
  return normalised && !isStopWord(normalised) ? normalised : '-';
};

/** The words of a text, as both the index and the results count them. */
export const words = (text) => text.split(/\s+/u).filter(Boolean);

/** Running text (a string, or strings and spans) as plain text. */
function runText(text) {
  if (typeof text === 'string') return text;
  if (Array.isArray(text)) return text.map((part) => (typeof part === 'string' ? part : part?.text ?? '')).join('');
  return '';
}

/** An article's searchable text, as readers see it: headline, subtitle, summary, body, tags. */
export function articleText(article) {
  const parts = [article.headline, article.subtitle, article.summary];
  for (const block of article.body ?? []) {
    if (block.type === 'list') parts.push(...(block.items ?? []).map(runText));
    else if (block.type === 'figure') parts.push(block.image?.caption);
    else parts.push(runText(block.text), block.source);
  }
  parts.push(...(article.tags ?? []));
  return parts.filter((p) => typeof p === 'string' && p.trim()).join('\n');
}

/** A publication time as the order takes it: milliseconds, 0 for none or one before 1970. */
const timeOf = (published) => Math.max(0, Date.parse(published) || 0);

/** Where the index keeps what it indexed (next to the publisher's `.khabar-publish.json`; hosts
 * do not serve dotfiles). */
const STATE = '.khabar-search.json';

/** What the index is made by: this file, the bridge, the function words and Pagefind. When any of
 * them changes, a publish indexes everything again. */
const MAKER = createHash('sha256')
  .update(readFileSync(import.meta.filename))
  .update(readFileSync(path.join(root, 'scripts', 'search-bridge.js')))
  .update(readFileSync(path.join(root, 'crates', 'model', 'src', 'stop-words.txt')))
  .update(readFileSync(path.join(root, 'node_modules', 'pagefind', 'package.json')))
  .digest('hex')
  .slice(0, 16);

/** How many articles the index of changes may hold (and how many stale pages the archive may
 * have) before they are folded into the archive's parts: a publish indexes at most this many
 * articles (a fold indexes them and merges them into their parts). */
export const CHANGES_MAX = 500; // KHABAR_SEARCH_CHANGES_MAX in the environment sets another

/** How many articles one part of the archive holds at most: what bounds the time of a fold (which
 * merges the part's index with the changes: it reads and writes the part's chunks of words, about
 * a minute at 100,000 articles), whatever the archive's size. Each part costs a query one more chunk
 * of index to fetch for each word, so a part is as big as a fold's time allows: an archive of a
 * hundred articles a day for seven years is one part. The indexer's memory is bounded by
 * PIECE_MAX. `KHABAR_SEARCH_PART_MAX` in the environment sets another. */
export const PART_MAX = 250000;

/** A part of the archive's folder under pagefind/ (Pagefind's own are `index`, `fragment`, `filter`). */
const isArchive = (name) => /^archive-[0-9a-f]{8}$/.test(name);

/** An article's place in the archive's order: its publication time, then its slug. */
export const orderKey = (article) => `${String(timeOf(article.published)).padStart(15, '0')} ${article.slug}`;

/** Order keys in the order articles are indexed in: newest first, which Pagefind keeps among
 * equally good matches (it ranks by score, and keeps the index's order for equal scores); then by
 * slug. */
export const keysNewestFirst = (a, b) => {
  const [ta, tb] = [a.slice(0, 15), b.slice(0, 15)];
  return ta > tb ? -1 : ta < tb ? 1 : a.slice(16).localeCompare(b.slice(16));
};

/** The folder of the part of the archive that starts at `from`. */
const partName = (from) => `archive-${createHash('sha256').update(from).digest('hex').slice(0, 8)}`;

/** What an article is indexed as: its record for Pagefind, its text as written (which its
 * fragment carries), and a hash of both (the same hash: nothing to index again). */
export function searchRecord(article) {
  const text = articleText(article);
  const record = {
    url: `article/${article.slug}`,
    content: normaliseText(text),
    language: 'ar',
    meta: { title: article.headline, section: article.section?.name ?? '', published: article.published },
  };
  const written = words(text).join(' ');
  const hash = createHash('sha256').update(JSON.stringify([record, written])).digest('hex').slice(0, 20);
  return { slug: article.slug, published: article.published, record, written, hash };
}

/** What the primary index holds when no article changed: Pagefind needs its primary index to
 * hold an Arabic page with a word. The bridge leaves the page out of every answer. */
const NOTHING = { slug: '', published: '', record: { url: 'article/', content: 'x', language: 'ar', meta: { title: '' } }, written: 'x' };

/** The files under `dir`, relative and `/`-separated; folders named in `skip` (at the top) are not
 * walked (the archive's parts are most of the index's files). */
function filesUnder(dir, skip = () => false) {
  if (!existsSync(dir)) return [];
  const out = [];
  for (const top of readdirSync(dir, { withFileTypes: true })) {
    if (skip(top.name)) continue;
    const names = top.isDirectory() ? readdirSync(path.join(dir, top.name), { recursive: true }).map((n) => path.join(top.name, n)) : [top.name];
    for (const name of names) if (statSync(path.join(dir, name)).isFile()) out.push(name.split(path.sep).join('/'));
  }
  return out.sort();
}

/** Makes `target` hold what `fresh` holds (both folders; folders of `target` named in `skip` are
 * left alone), moving only the files whose bytes differ, so an unchanged file keeps its bytes and
 * its time. A file of `fresh` that is a link to the same file of `target` (a fold links the
 * fragments it keeps) is the same without being read. `note` is given the files (relative to
 * `target`) before any of them is written or removed. Returns those files. */
function syncFolder(fresh, target, note, skip = () => false) {
  if (!existsSync(target) && existsSync(fresh)) {
    const moved = filesUnder(fresh);
    note(moved);
    renameSync(fresh, target);
    return moved;
  }
  const kept = new Set(filesUnder(target, skip));
  const content = (file) => createHash('sha256').update(readFileSync(file)).digest('hex');
  const written = filesUnder(fresh).filter((rel) => {
    if (!kept.has(rel)) return true;
    const [a, b] = [statSync(path.join(fresh, rel)), statSync(path.join(target, rel))];
    if (a.ino === b.ino && a.dev === b.dev) return false;
    return a.size !== b.size || content(path.join(fresh, rel)) !== content(path.join(target, rel));
  });
  const freshFiles = new Set(filesUnder(fresh));
  const removed = [...kept].filter((rel) => !freshFiles.has(rel));
  note([...written, ...removed]);
  for (const rel of written) {
    const to = path.join(target, rel);
    mkdirSync(path.dirname(to), { recursive: true });
    renameSync(path.join(fresh, rel), to);
  }
  for (const rel of removed) rmSync(path.join(target, rel));
  rmSync(fresh, { recursive: true, force: true });
  return [...written, ...removed].sort();
}

/** How many articles Pagefind indexes at once: it holds every word of what it indexes until it
 * has written its files (about 300 KB an article), so a part of more articles is indexed in pieces
 * of this many, one after another, and the pieces merged into one index (scripts/pagefind-merge.mjs):
 * the indexer's memory is bounded by the piece, and a query still fetches one chunk of the part
 * for each word. `KHABAR_SEARCH_PIECE_MAX` in the environment sets another. */
export const PIECE_MAX = 1500;

/** Indexes the articles `slugs` (newest first), read by `read` (slugs → search records) a piece
 * at a time, with Pagefind into the folder `out`, packed (see packParts: every fragment, and the
 * other parts `which` names), in pieces of at most `pieceMax` merged into one: the indexer holds a
 * piece, and Node the records of one. Returns the id Pagefind gave each article's page, and the
 * hash each was indexed with, by slug. */
async function writeIndex(pagefind, slugs, read, out, pieceMax, which = () => true) {
  rmSync(out, { recursive: true, force: true });
  const pieces = [];
  for (let i = 0; i < slugs.length || i === 0; i += pieceMax) pieces.push(slugs.slice(i, i + pieceMax));
  const piecesDir = `${out}.pieces`;
  rmSync(piecesDir, { recursive: true, force: true });
  const dirs = pieces.length === 1 ? [out] : pieces.map((_, i) => path.join(piecesDir, String(i)));
  const bySlug = new Map();
  const hashes = new Map();
  // A piece's fragments are packed (on libuv's threads) while Pagefind indexes the next piece.
  const packing = [];
  let written;
  try {
    for (const [i, piece] of pieces.entries()) {
      const records = read(piece);
      written = new Map(records.map((r) => [r.record.url, r.written]));
      for (const r of records) {
        bySlug.set(r.record.url, r.slug);
        hashes.set(r.slug, r.hash);
      }
      const { index, errors } = await pagefind.createIndex({});
      if (!index) throw new Error(`pagefind: ${errors.join('; ')}`);
      for (const r of records) {
        const added = await index.addCustomRecord(r.record);
        if (added.errors.length > 0) throw new Error(`pagefind: ${r.slug}: ${added.errors.join('; ')}`);
      }
      const wrote = await index.writeFiles({ outputPath: dirs[i] });
      if (wrote.errors.length > 0) throw new Error(`pagefind: ${wrote.errors.join('; ')}`);
      await index.deleteIndex?.();
      if (pieces.length > 1) {
        // A new indexer for the next piece: Pagefind's service does not give back what it took.
        await pagefind.close();
        packing.push(packParts(dirs[i], written, isFragment));
      }
    }
  } finally {
    // Nothing is left packing when this returns, or throws.
    await Promise.allSettled(packing);
  }
  let ids;
  if (pieces.length > 1) {
    const renamed = mergeIndexes(dirs, out);
    rmSync(piecesDir, { recursive: true, force: true });
    ids = new Map();
    for (const [i, done] of (await Promise.all(packing)).entries()) {
      for (const [url, id] of done) ids.set(url, renamed[i].get(id) ?? id);
    }
    await packParts(out, new Map(), (name) => !isFragment(name) && which(name));
  } else {
    ids = await packParts(out, written, (name) => isFragment(name) || which(name));
  }
  return { ids: new Map([...ids].map(([url, id]) => [bySlug.get(url), id])), hashes };
}

/** Reads the published articles named in `slugs` from `dir` as search records, in that order. */
function records(dir, slugs) {
  return slugs.map((slug) => searchRecord(JSON.parse(readFileSync(path.join(dir, `${slug}.json`), 'utf8'))));
}

/**
 * Each published article's fingerprint as `make publish` recorded it (`.khabar-publish.json`,
 * written at the end of each finished publish), and the build of the publisher that made them
 * (another build may write other bytes for the same fingerprint): { publisher, articles: { slug:
 * fingerprint } }. Null when there is no record, and the articles' files are looked at instead.
 */
function publishedFingerprints(dist) {
  try {
    const record = JSON.parse(readFileSync(path.join(dist, '.khabar-publish.json'), 'utf8'));
    if (!record?.publisher || typeof record.articles !== 'object' || record.articles === null) return null;
    return { publisher: record.publisher, articles: record.articles };
  } catch {
    return null;
  }
}

/**
 * Indexes the published articles of `dist` (`api/articles/`) into `dist/pagefind/`, so that a
 * publish rewrites only a small part of it:
 *
 * - the archive, in parts of consecutive articles (by publication time) of at most `partMax`
 *   articles when indexed: `pagefind/archive-<id>/`, each as Pagefind writes it (indexed in pieces
 *   merged into one when it holds more than `pieceMax`);
 * - `pagefind/` itself: Pagefind's script, worker and wasm, and the index of the articles published
 *   or changed since their part was indexed: Pagefind's primary index, into which the bridge
 *   (`khabar-search.js`) merges the archive's parts at query time (`mergeIndex`), newest first;
 * - the bridge also names the archive's pages that a change made stale (their article changed or
 *   went), which it leaves out of every answer.
 *
 * A publish reads only the articles whose published file changed (size and time, against
 * `.khabar-search.json`) and indexes the changes again. Once they (or the stale pages) are more
 * than `changesMax`, they are folded into the parts they belong to: the changed articles are
 * indexed, and each part's index merged with theirs, its stale pages left out (a part grown past
 * `partMax` is cut in two or more); the changes start empty. Without a state (a first publish, a
 * new bundle, a publish that stopped half-way, new indexing rules), every part is indexed anew.
 * Articles are added newest first, which Pagefind keeps among equally good matches; the merge
 * puts the changes' results first among equal ones, then the parts newest first.
 *
 * Every file is written whole (a rename), and `note` is given the files under `dist` a step is
 * about to write or remove before it does (scripts/after-publish.mjs journals them).
 *
 * Returns what it did: articles, those indexed, the parts written again, and the files under
 * `dist` written or removed.
 */
export async function buildSearchIndex(
  dist,
  {
    changesMax = Number(process.env.KHABAR_SEARCH_CHANGES_MAX) || CHANGES_MAX,
    partMax = Number(process.env.KHABAR_SEARCH_PART_MAX) || PART_MAX,
    pieceMax = Number(process.env.KHABAR_SEARCH_PIECE_MAX) || PIECE_MAX,
    note = () => {},
  } = {},
) {
  const dir = path.join(dist, 'api', 'articles');
  const out = path.join(dist, 'pagefind');
  const stateFile = path.join(dist, STATE);
  let state = null;
  try {
    state = JSON.parse(readFileSync(stateFile, 'utf8'));
  } catch {
    // none, or unreadable: index everything
  }
  const whole = !(state?.maker === MAKER && existsSync(path.join(out, 'khabar-search.js')));
  /** slug → { size, mtime, key, hash } of the published file, as last read. */
  const files = whole ? {} : state.files;
  /** The archive's parts, oldest first: where each starts (an order key) and what it holds
   * (slug → { hash, id }: each article as indexed, and its page's id). */
  let parts = whole ? [] : state.parts;

  /** The part an order key belongs to: the last that starts at or before it (else the first). */
  const partOf = (key) => {
    let found = parts[0];
    for (const part of parts) if (part.from <= key) found = part;
    return found;
  };
  /** Articles their part does not hold as they are now. */
  const changes = () => Object.keys(files).filter((slug) => partOf(files[slug].key)?.held[slug]?.hash !== files[slug].hash);
  /** [part, slug] of the pages of the archive that are no longer their article (changed, moved
   * to another part, or gone). */
  const stale = () =>
    parts.flatMap((part) =>
      Object.keys(part.held)
        .filter((slug) => part.held[slug].hash !== files[slug]?.hash || partOf(files[slug].key) !== part)
        .map((slug) => [part, slug]),
    );

  const present = new Set();
  let touched = whole;
  // What the last publish left: an article whose published fingerprint is the one last indexed
  // is not looked at (at 100,000 articles, looking at every file takes seconds on a cold disk).
  const published = publishedFingerprints(dist);
  // The fingerprints last noted are this publisher build's: another's say nothing.
  const sameBuild = published !== null && !whole && state.publisher === published.publisher;
  let noted = false;
  const names = published ? Object.keys(published.articles).map((slug) => `${slug}.json`) : readdirSync(dir).filter((n) => n.endsWith('.json'));
  for (const name of names) {
    const slug = name.slice(0, -5);
    present.add(slug);
    const fingerprint = published?.articles[slug];
    const known = files[slug];
    if (known && fingerprint && sameBuild && known.fingerprint === fingerprint) continue;
    let stat;
    try {
      stat = statSync(path.join(dir, name));
    } catch {
      present.delete(slug); // recorded, but gone since
      continue;
    }
    if (known && known.size === stat.size && known.mtime === stat.mtimeMs) {
      // Noted again when it is new, or another build's (the state names the build).
      if (fingerprint && (!sameBuild || known.fingerprint !== fingerprint)) {
        known.fingerprint = fingerprint;
        noted = true;
      }
      continue;
    }
    touched = true;
    const article = JSON.parse(readFileSync(path.join(dir, name), 'utf8'));
    // Indexing everything, the hash comes with the parts (each text is normalised once).
    files[slug] = { size: stat.size, mtime: stat.mtimeMs, fingerprint, key: orderKey(article), hash: whole ? null : searchRecord(article).hash };
  }
  for (const slug of Object.keys(files)) {
    if (present.has(slug)) continue;
    delete files[slug];
    touched = true;
  }
  if (!touched) {
    // Nothing to index: the index stays as it is, and so does its state (but for the
    // fingerprints first seen).
    if (noted) writeAtomic(stateFile, JSON.stringify({ maker: MAKER, publisher: published?.publisher, files, parts }));
    return { articles: present.size, indexed: 0, parts: [], changes: changes().length, stale: stale().length, changed: [] };
  }
  // A publish that stops half-way from here leaves no state, so the next one indexes everything.
  rmSync(stateFile, { force: true });

  // One indexer, one part at a time: with two Pagefind services at once, a part was seen holding
  // files of another part (or files not yet written) on archives of many parts.
  const pagefind = await import('pagefind');
  const changed = [];
  let indexed = 0;
  const redone = [];
  /** `note`, for files under pagefind/`prefix`. */
  const noteUnder = (prefix) => (rels) => note(rels.map((rel) => `pagefind/${prefix}${rel}`));
  try {
    if (whole) {
      // What an earlier index left goes, and is listed as changed (a host must drop it too).
      const left = filesUnder(out).filter((rel) => !rel.split('/').some((part) => part.startsWith('.')));
      noteUnder('')(left);
      // One by one: an archive's index is more files than a call takes arguments (push(...left)).
      for (const rel of left) changed.push(`pagefind/${rel}`);
      rmSync(out, { recursive: true, force: true });
    }
    let pending = changes();
    const outdated = stale();
    if (whole || pending.length > changesMax || outdated.length > changesMax) {
      // The parts to index again, each with the articles now in it.
      const touchedParts = new Set(whole ? [] : [...pending.map((slug) => partOf(files[slug].key)), ...outdated.map(([part]) => part)]);
      const members = new Map([...touchedParts].map((part) => [part, []]));
      const loose = [];
      for (const slug of Object.keys(files)) {
        const part = partOf(files[slug].key);
        if (!part) loose.push(slug);
        else if (members.has(part)) members.get(part).push(slug);
      }
      /** New parts of at most partMax articles from `slugs`, the first starting at `from` or at
       * its oldest article when that is older: the oldest part also takes the articles older
       * than it (see partOf), and a part must start at or before every article it holds, or
       * partOf would send them to another part. */
      const cut = (slugs, from) => {
        const sorted = slugs.sort((a, b) => (files[a].key < files[b].key ? -1 : 1));
        const count = Math.max(1, Math.ceil(sorted.length / partMax));
        const size = Math.ceil(sorted.length / count);
        return Array.from({ length: count }, (_, i) => {
          const chunk = sorted.slice(i * size, (i + 1) * size);
          const first = files[chunk[0]].key;
          return { from: i === 0 && from !== undefined && from < first ? from : first, slugs: chunk };
        });
      };
      const plan = [];
      if (loose.length > 0) plan.push(...cut(loose));
      for (const [part, slugs] of members) {
        if (slugs.length === 0) plan.push({ from: part.from, slugs: [] });
        else plan.push(...cut(slugs, part.from).map((entry) => ({ ...entry, source: part })));
      }
      const keep = parts.filter((part) => !touchedParts.has(part));
      const made = [];
      /** Writes the part of the archive that starts at `from` and holds `slugs`. When it comes
       * from a part (`source`), only its articles that part does not hold as they are now are
       * indexed, and the part's index merged with theirs (scripts/pagefind-merge.mjs), leaving
       * out its stale pages: the time of a fold grows with the changes, and with the part only
       * as far as reading and writing its index does. */
      const fold = async ({ from, slugs, source }) => {
        const name = partName(from);
        const fresh = path.join(out, `.${name}.new`);
        const target = path.join(out, name);
        rmSync(fresh, { recursive: true, force: true });
        const sourceDir = source && path.join(out, partName(source.from));
        const order = slugs.sort((a, b) => keysNewestFirst(files[a].key, files[b].key));
        const kept = new Set(sourceDir && existsSync(sourceDir) ? order.filter((slug) => source.held[slug]?.hash === files[slug].hash) : []);
        if (from === source?.from && kept.size === order.length && order.length === Object.keys(source.held).length) {
          // The part as it was (what a cut left of it): its files stay as they are.
          made.push({ from, held: source.held });
          return;
        }
        const missing = order.filter((slug) => !kept.has(slug));
        const read = (slugs) => records(dir, slugs);
        let ids = new Map();
        let hashes = new Map();
        if (kept.size === 0) {
          if (missing.length > 0) ({ ids, hashes } = await writeIndex(pagefind, missing, read, fresh, pieceMax));
        } else {
          const added = `${fresh}.added`;
          let addedIds = new Map();
          if (missing.length > 0) ({ ids: addedIds, hashes } = await writeIndex(pagefind, missing, read, added, pieceMax, () => false));
          const place = new Map(order.map((slug, i) => [slug, i]));
          const keptIds = new Map(Object.entries(source.held).filter(([slug]) => kept.has(slug)).map(([slug, { id }]) => [id, slug]));
          const addedSlugs = new Map([...addedIds].map(([slug, id]) => [id, slug]));
          const slugOf = [keptIds, addedSlugs];
          const renamed = mergeIndexes(missing.length > 0 ? [sourceDir, added] : [sourceDir], fresh, {
            link: true,
            rank: (i, id) => place.get(slugOf[i].get(id)) ?? null,
          });
          rmSync(added, { recursive: true, force: true });
          for (const [id, slug] of keptIds) ids.set(slug, renamed[0].get(id) ?? id);
          for (const [id, slug] of addedSlugs) ids.set(slug, renamed[1].get(id) ?? id);
          await packParts(fresh, new Map(), (file) => !isFragment(file));
        }
        if (order.length > 0) {
          // A part's folder holds its index only: Pagefind's code is the primary's.
          for (const file of readdirSync(fresh)) {
            if (!/^(?:pagefind-entry\.json|pagefind\..*\.pf_meta(?:\.br)?|index|fragment|filter)$/.test(file)) rmSync(path.join(fresh, file), { recursive: true });
          }
          await precompress(path.join(fresh, 'pagefind-entry.json'));
        }
        for (const f of syncFolder(fresh, target, noteUnder(`${name}/`))) changed.push(`pagefind/${name}/${f}`);
        if (order.length === 0) {
          rmSync(target, { recursive: true, force: true });
          return;
        }
        for (const [slug, hash] of hashes) files[slug].hash = hash;
        made.push({ from, held: Object.fromEntries(order.map((slug) => [slug, { hash: files[slug].hash, id: ids.get(slug) }])) });
        indexed += missing.length;
        redone.push(name);
      };
      for (const entry of [...plan].sort((a, b) => (a.from < b.from ? 1 : -1))) await fold(entry);
      // A part that now starts earlier (older articles joined it) has a new folder: the old one
      // goes as an emptied part's does.
      for (const part of touchedParts) if (!made.some((m) => m.from === part.from)) await fold({ from: part.from, slugs: [] });
      // A part keeps where it starts (and so its folder) when it is cut, unless older articles
      // joined it; an emptied one was removed.
      parts = [...keep, ...made].sort((a, b) => (a.from < b.from ? -1 : 1));
      pending = changes();
    }
    // The primary index: the changes, or a page that matches nothing when there are none.
    const fresh = path.join(out, '.primary.new');
    const { ids: primary } =
      pending.length > 0
        ? await writeIndex(pagefind, pending.sort((a, b) => keysNewestFirst(files[a].key, files[b].key)), (slugs) => records(dir, slugs), fresh, pieceMax)
        : await writeIndex(pagefind, [NOTHING.slug], () => [NOTHING], fresh, pieceMax);
    indexed += pending.length;
    for (const name of readdirSync(fresh).filter((n) => /^pagefind-(component-|modular-)?ui\.|^pagefind-highlight\./.test(n))) {
      rmSync(path.join(fresh, name)); // Pagefind's own interfaces: the app has its own
    }
    const staleNow = stale();
    const superseded = [...staleNow.map(([part, slug]) => part.held[slug].id), ...(pending.length > 0 ? [] : [primary.get('')])].sort();
    const newestFirst = parts.map((part) => partName(part.from)).reverse();
    writeFileSync(path.join(fresh, 'khabar-search.js'), bridge(newestFirst, superseded));
    for (const name of readdirSync(fresh).filter((n) => /\.(?:js|json)$/.test(n))) await precompress(path.join(fresh, name));
    for (const f of syncFolder(fresh, out, noteUnder(''), (top) => isArchive(top) || top.startsWith('.'))) changed.push(`pagefind/${f}`);
    const summary = { articles: present.size, indexed, parts: redone.sort(), changes: pending.length, stale: staleNow.length };
    writeAtomic(stateFile, JSON.stringify({ maker: MAKER, publisher: published?.publisher, files, parts }));
    return { ...summary, changed: [...new Set(changed)].sort() };
  } finally {
    await pagefind.close();
  }
}

/** buildSearchIndex's answer in one line. */
export const summary = (r) =>
  `${r.articles} articles, ${r.indexed} indexed (${r.parts.length > 0 ? `${r.parts.length} ${r.parts.length === 1 ? 'part' : 'parts'} of the archive written again` : 'the changes'}); ${r.changes} changed since their part was indexed, ${r.stale} stale pages left out; ${r.changed.length} files written or removed`;

/** The bridge script (scripts/search-bridge.js) merging the indexes in `parts`, leaving out `superseded`. */
function bridge(parts, superseded) {
  let script = readFileSync(path.join(root, 'scripts', 'search-bridge.js'), 'utf8');
  for (const [line, value] of [
    [/^const PARTS = .*$/m, `const PARTS = ${JSON.stringify(parts)};`],
    [/^const SUPERSEDED = .*$/m, `const SUPERSEDED = ${JSON.stringify(superseded)};`],
  ]) {
    if (!line.test(script)) throw new Error(`scripts/search-bridge.js has no line matching ${line}`);
    script = script.replace(line, value);
  }
  return script;
}

const [gzip, gunzip, brotli] = [zlib.gzip, zlib.gunzip, zlib.brotliCompress].map((f) => promisify(f));

/** Pagefind's parts: its wasm (`.pagefind`) and the index's files, each gzip around SIGNATURE. */
export const isPart = (name) => /\.(?:pf_meta|pf_index|pf_fragment|pf_filter|pagefind)$/.test(name);

/** Whether a file of an index is a page's fragment. */
const isFragment = (name) => name.endsWith('.pf_fragment');

/** Gives every part of `out` (those `which` names) its `.br` copy (see the top of this file),
 * and each article's fragment (its url's entry in `written`) the text as written as its content.
 * Returns the id of each url's page (its fragment's hash, which Pagefind's results name it by). */
export async function packParts(out, written, which = () => true) {
  const ids = new Map();
  const pack = async (name) => {
    const file = path.join(out, name);
    const fragment = name.endsWith('.pf_fragment');
    let data = await gunzip(readFileSync(file));
    if (!data.subarray(0, SIGNATURE.length).equals(SIGNATURE)) {
      throw new Error(`pagefind: ${name} does not hold what Pagefind reads`);
    }
    const writes = [];
    if (fragment) {
      const json = JSON.parse(data.subarray(SIGNATURE.length).toString('utf8'));
      // A fragment, or a group of them by hash.
      const fragments = typeof json.url === 'string' ? [[path.basename(name, '.pf_fragment'), json]] : Object.entries(json);
      for (const [id, fragment] of fragments) {
        ids.set(fragment.url, id);
        const text = written.get(fragment.url);
        if (text === undefined || words(text).length !== words(fragment.content).length) {
          throw new Error(`pagefind: no text as written for ${fragment.url}`);
        }
        fragment.content = text;
      }
      data = Buffer.concat([SIGNATURE, Buffer.from(JSON.stringify(json))]);
      writes.push(gzip(data, { level: 9 }).then((gz) => writeFileSync(file, gz)));
    }
    const br = brotli(data, {
      params: {
        // One fragment per article, rewritten whenever its index is: quality 11 would make them
        // 12% smaller at 30 times the time. The chunks of words, all rewritten by a fold (its
        // pages' numbers move), get 9: at 10,000 articles 3.5% bigger than at 11 for an eighth of
        // the time, at 100,000 17% smaller for a 46th (11's slower matching does worse on their
        // long runs of alike pages). Pagefind's wasm and the page list (one file each) get 11.
        [zlib.constants.BROTLI_PARAM_QUALITY]: fragment ? 7 : name.endsWith('.pf_index') ? 9 : 11,
        [zlib.constants.BROTLI_PARAM_MODE]: fragment ? zlib.constants.BROTLI_MODE_TEXT : zlib.constants.BROTLI_MODE_GENERIC,
        [zlib.constants.BROTLI_PARAM_SIZE_HINT]: data.length,
      },
    });
    writes.push(br.then((packed) => writeFileSync(`${file}.br`, packed)));
    await Promise.all(writes);
  };
  // zlib's asynchronous calls run on libuv's threads: a part per core at a time keeps them busy.
  // More at once only make the threads wait on each other (eight took half again as long, most
  // of it in the kernel).
  const queue = readdirSync(out, { recursive: true }).filter((name) => isPart(name) && which(name));
  await Promise.all(Array.from({ length: Math.min(4, availableParallelism()) }, async () => {
    while (queue.length > 0) await pack(queue.shift());
  }));
  return ids;
}

/** What a part holds, as Pagefind reads it: its gzip unpacked (the `.br` copy must unpack to it). */
export const partContent = (file) => zlib.gunzipSync(readFileSync(file));

if (process.argv[1] && path.resolve(process.argv[1]) === import.meta.filename) {
  const dist = path.resolve(process.argv[2] || path.join(root, 'dist'));
  if (!existsSync(path.join(dist, 'api', 'articles'))) {
    console.error(`search-index: ${dist}/api/articles is missing: build the site first`);
    process.exit(1);
  }
  buildSearchIndex(dist)
    .then((r) => console.log(`search-index: ${summary(r)}`))
    .catch((error) => {
      console.error(`search-index: ${error.message}`);
      process.exit(1);
    });
}
