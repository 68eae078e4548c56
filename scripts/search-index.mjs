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
// Pagefind gzips every part itself, which servers then send as is. Each part also gets a `.br`
// copy of what its gzip holds (Pagefind's signature first, which its loader reads as "not
// compressed"): a server that sends precompressed files (deploy/nginx.conf) sends that to browsers
// that take brotli, so a query costs brotli bytes; any other server sends the gzipped part, which
// Pagefind unpacks itself, as before. A part has no `.gz` copy: the part is one.
//
// Usage: node scripts/search-index.mjs [dist]      (default: dist)
import { readFileSync, readdirSync, writeFileSync, rmSync, existsSync } from 'node:fs';
import path from 'node:path';
import zlib from 'node:zlib';

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

/** The order articles are indexed in: newest first, which Pagefind keeps among equally good
 * matches (it ranks by score, and keeps the index's order for equal scores). */
export const newestFirst = (a, b) => Date.parse(b.published) - Date.parse(a.published) || a.slug.localeCompare(b.slug);

/** Indexes every published article of `dist` into `dist/pagefind/`. Returns the number indexed. */
export async function buildSearchIndex(dist) {
  const { createIndex, close } = await import('pagefind');
  const dir = path.join(dist, 'api', 'articles');
  const articles = readdirSync(dir)
    .filter((name) => name.endsWith('.json'))
    .map((name) => JSON.parse(readFileSync(path.join(dir, name), 'utf8')))
    .sort(newestFirst);
  const { index, errors } = await createIndex({});
  if (!index) throw new Error(`pagefind: ${errors.join('; ')}`);
  try {
    const written = new Map();
    for (const article of articles) {
      const text = articleText(article);
      const url = `article/${article.slug}`;
      written.set(url, words(text).join(' '));
      const added = await index.addCustomRecord({
        url,
        content: normaliseText(text),
        language: 'ar',
        meta: {
          title: article.headline,
          section: article.section?.name ?? '',
          published: article.published,
        },
      });
      if (added.errors.length > 0) throw new Error(`pagefind: ${article.slug}: ${added.errors.join('; ')}`);
    }
    const out = path.join(dist, 'pagefind');
    rmSync(out, { recursive: true, force: true });
    const wrote = await index.writeFiles({ outputPath: out });
    if (wrote.errors.length > 0) throw new Error(`pagefind: ${wrote.errors.join('; ')}`);
    packParts(out, written);
    // Pagefind's own interfaces: the app has its own, so they are not published.
    for (const name of readdirSync(out).filter((n) => /^pagefind-(component-|modular-)?ui\.|^pagefind-highlight\./.test(n))) {
      rmSync(path.join(out, name));
    }
    writeFileSync(path.join(out, 'khabar-search.js'), readFileSync(path.join(root, 'scripts', 'search-bridge.js')));
  } finally {
    await close();
  }
  return articles.length;
}

/** Pagefind's mark at the start of an uncompressed part. */
const SIGNATURE = 'pagefind_dcd';

/** Pagefind's parts: its wasm (`.pagefind`) and the index's files, each gzip around SIGNATURE. */
export const isPart = (name) => /\.(?:pf_meta|pf_index|pf_fragment|pf_filter|pagefind)$/.test(name);

/** Gives every part of `out` its `.br` copy (see the top of this file), and each article's
 * fragment (its url's entry in `written`) the text as written as its content. */
export function packParts(out, written) {
  for (const name of readdirSync(out, { recursive: true }).filter(isPart)) {
    const file = path.join(out, name);
    const fragment = name.endsWith('.pf_fragment');
    let data = zlib.gunzipSync(readFileSync(file));
    if (data.subarray(0, SIGNATURE.length).toString('latin1') !== SIGNATURE) {
      throw new Error(`pagefind: ${name} does not hold what Pagefind reads`);
    }
    if (fragment) {
      const json = JSON.parse(data.subarray(SIGNATURE.length).toString('utf8'));
      // A fragment, or a group of them by hash.
      const fragments = typeof json.url === 'string' ? [json] : Object.values(json);
      for (const fragment of fragments) {
        const text = written.get(fragment.url);
        if (text === undefined || words(text).length !== words(fragment.content).length) {
          throw new Error(`pagefind: no text as written for ${fragment.url}`);
        }
        fragment.content = text;
      }
      data = Buffer.concat([Buffer.from(SIGNATURE), Buffer.from(JSON.stringify(json))]);
      writeFileSync(file, zlib.gzipSync(data, { level: 9 }));
    }
    const br = zlib.brotliCompressSync(data, {
      params: {
        // One fragment per article, rewritten by every publish: quality 11 would make them 12%
        // smaller at 30 times the time (minutes at 10,000 articles); the few other parts get it.
        [zlib.constants.BROTLI_PARAM_QUALITY]: fragment ? 7 : 11,
        [zlib.constants.BROTLI_PARAM_MODE]: fragment ? zlib.constants.BROTLI_MODE_TEXT : zlib.constants.BROTLI_MODE_GENERIC,
        [zlib.constants.BROTLI_PARAM_SIZE_HINT]: data.length,
      },
    });
    writeFileSync(`${file}.br`, br);
  }
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
    .then((n) => console.log(`search-index: ${n} articles indexed into ${path.join(dist, 'pagefind')}`))
    .catch((error) => {
      console.error(`search-index: ${error.message}`);
      process.exit(1);
    });
}
