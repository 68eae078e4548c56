// Merges indexes that Pagefind wrote into one index, as Pagefind would have written it for their
// pages at once: one list of pages (in the order the caller ranks them, without those it leaves
// out), one sorted word list cut into chunks by Pagefind's own rule, and the fragments of the pages
// kept. A reader's query then fetches one chunk per word from it, however many indexes it was made
// of. It joins the pieces a part is indexed in, and folds the changes into a part (leaving out the
// part's stale pages).
//
// Pagefind holds every word of every page it indexes until it has written its files (about 300 KB
// an article), and has no setting that bounds it; indexing a part of the archive in pieces and
// merging them bounds the indexer's memory by the piece. The merge itself holds one chunk of each
// piece and the chunk it writes.
//
// The files are Pagefind's (1.x, `pagefind_dcd` then CBOR, gzipped): `pagefind.<lang>_<hash>.pf_meta`
// (version, pages with their word counts, the chunks' word ranges, filters, sorts, meta fields),
// `index/<lang>_<hash>.pf_index` (words, each with its pages, their positions delta-encoded and their
// page numbers as differences from the previous one) and `fragment/<lang>_<hash>.pf_fragment` (one
// page's data, named in the meta's page list). A word's positions are copied as they are; only the
// page numbers change. Filters and sorts are not used by Khabar, and every article has the same
// metadata fields: pieces that differ in these are refused rather than merged wrong.
import { createHash } from 'node:crypto';
import { copyFileSync, linkSync, mkdirSync, readFileSync, readdirSync, renameSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import zlib from 'node:zlib';

/** Pagefind's mark at the start of an uncompressed file. */
export const SIGNATURE = Buffer.from('pagefind_dcd');

/** How many positions (plus one per page) a chunk of words holds before the next starts: Pagefind's,
 * which `PAGEFIND_UNSTABLE_INDEX_CHUNK_SIZE` in the environment sets for both. */
const chunkSize = () => Number(process.env.PAGEFIND_UNSTABLE_INDEX_CHUNK_SIZE) || 20000;

// ---- CBOR, as much of it as Pagefind writes: integers, strings, arrays (minicbor's structs are
// arrays by their field numbers), maps, and definite lengths only.

/** Decodes one CBOR value from `buf` at `at`: [value, next offset]. */
function decode(buf, at = 0) {
  const initial = buf[at];
  if (initial === undefined) throw new Error('cbor: the data ends early');
  const major = initial >> 5;
  const info = initial & 31;
  let length;
  let next = at + 1;
  if (info < 24) length = info;
  else if (info === 24) (length = buf[next]), (next += 1);
  else if (info === 25) (length = buf.readUInt16BE(next)), (next += 2);
  else if (info === 26) (length = buf.readUInt32BE(next)), (next += 4);
  else if (info === 27) {
    const big = buf.readBigUInt64BE(next);
    if (big > BigInt(Number.MAX_SAFE_INTEGER)) throw new Error('cbor: an integer too large');
    length = Number(big);
    next += 8;
  } else throw new Error(`cbor: unsupported item ${initial.toString(16)} at ${at}`);
  if (length === undefined || next > buf.length) throw new Error('cbor: the data ends early');
  switch (major) {
    case 0:
      return [length, next];
    case 1:
      return [-1 - length, next];
    case 2:
      if (next + length > buf.length) throw new Error('cbor: the data ends early');
      return [Buffer.from(buf.subarray(next, next + length)), next + length];
    case 3:
      if (next + length > buf.length) throw new Error('cbor: the data ends early');
      return [buf.toString('utf8', next, next + length), next + length];
    case 4: {
      const items = new Array(length);
      for (let i = 0; i < length; i++) [items[i], next] = decode(buf, next);
      return [items, next];
    }
    case 5: {
      const map = new Map();
      for (let i = 0; i < length; i++) {
        let key;
        let value;
        [key, next] = decode(buf, next);
        [value, next] = decode(buf, next);
        map.set(key, value);
      }
      return [map, next];
    }
    default:
      throw new Error(`cbor: unsupported item ${initial.toString(16)} at ${at}`);
  }
}

/** CBOR's head of an item of `major` type with `value`, in the fewest bytes (as minicbor writes). */
function head(major, value) {
  const m = major << 5;
  if (value < 24) return Buffer.from([m | value]);
  if (value < 0x100) return Buffer.from([m | 24, value]);
  if (value < 0x10000) {
    const b = Buffer.alloc(3);
    b[0] = m | 25;
    b.writeUInt16BE(value, 1);
    return b;
  }
  if (value < 0x100000000) {
    const b = Buffer.alloc(5);
    b[0] = m | 26;
    b.writeUInt32BE(value, 1);
    return b;
  }
  const b = Buffer.alloc(9);
  b[0] = m | 27;
  b.writeBigUInt64BE(BigInt(value), 1);
  return b;
}

/** Encodes `value` (what decode returns) as CBOR, appending its pieces to `out`. */
function encodeInto(value, out) {
  if (typeof value === 'number') {
    if (!Number.isSafeInteger(value)) throw new Error(`cbor: ${value} is not an integer`);
    out.push(value >= 0 ? head(0, value) : head(1, -1 - value));
  } else if (typeof value === 'string') {
    const bytes = Buffer.from(value, 'utf8');
    out.push(head(3, bytes.length), bytes);
  } else if (Buffer.isBuffer(value)) {
    out.push(head(2, value.length), value);
  } else if (Array.isArray(value)) {
    out.push(head(4, value.length));
    for (const item of value) encodeInto(item, out);
  } else if (value instanceof Map) {
    out.push(head(5, value.size));
    for (const [k, v] of value) {
      encodeInto(k, out);
      encodeInto(v, out);
    }
  } else throw new Error(`cbor: cannot encode ${typeof value}`);
  return out;
}

const encode = (value) => Buffer.concat(encodeInto(value, []));

// ---- Pagefind's files.

/** A Pagefind file's CBOR bytes. */
function readPartBytes(file) {
  const data = zlib.gunzipSync(readFileSync(file));
  if (!data.subarray(0, SIGNATURE.length).equals(SIGNATURE)) throw new Error(`pagefind-merge: ${file} does not hold what Pagefind reads`);
  return data.subarray(SIGNATURE.length);
}

/** A Pagefind file's CBOR value. */
export function readPart(file) {
  const data = readPartBytes(file);
  const [value, end] = decode(data);
  if (end !== data.length) throw new Error(`pagefind-merge: ${file} has bytes after its data`);
  return value;
}

/** Pagefind's file of `bytes` (its CBOR), gzipped as Pagefind writes them. */
const packed = (bytes) => zlib.gzipSync(Buffer.concat([SIGNATURE, bytes]), { level: 6 });

/** Writes `value` as a Pagefind file. */
export const writePart = (file, value) => writeFileSync(file, packed(encode(value)));

/** A name for `bytes` in the form Pagefind gives: `<lang>_<hex>`, unique among `taken`. */
function nameFor(language, bytes, taken, length = 7) {
  const hex = createHash('sha256').update(bytes).digest('hex');
  let n = length;
  while (taken.has(`${language}_${hex.slice(0, n)}`)) n += 1;
  const name = `${language}_${hex.slice(0, n)}`;
  taken.add(name);
  return name;
}

/** Strings in the order Pagefind sorts its words (Rust's: by UTF-8 bytes, which is by code point). */
function byCodePoint(a, b) {
  if (a === b) return 0;
  const ia = a[Symbol.iterator]();
  const ib = b[Symbol.iterator]();
  for (;;) {
    const x = ia.next();
    const y = ib.next();
    if (x.done) return y.done ? 0 : -1;
    if (y.done) return 1;
    const cx = x.value.codePointAt(0);
    const cy = y.value.codePointAt(0);
    if (cx !== cy) return cx < cy ? -1 : 1;
  }
}

/** The shortest prefixes telling two neighbouring chunks' last and first words apart (Pagefind's
 * `get_prefixes`). */
function prefixes(a, b) {
  const ca = [...a];
  const cb = [...b];
  let common = 0;
  while (common < ca.length && common < cb.length && ca[common] === cb[common]) common += 1;
  return [ca.slice(0, common + 1).join(''), cb.slice(0, common + 1).join('')];
}

/** One index written by Pagefind, as the merge reads it. */
function openIndex(dir) {
  const entry = JSON.parse(readFileSync(path.join(dir, 'pagefind-entry.json'), 'utf8'));
  const languages = Object.entries(entry.languages ?? {});
  if (languages.length !== 1) throw new Error(`pagefind-merge: ${dir} holds ${languages.length} languages, not one`);
  const [language, { hash }] = languages[0];
  const [version, pages, chunks, filters, sorts, metaFields] = readPart(path.join(dir, `pagefind.${hash}.pf_meta`));
  if (filters.length > 0 || sorts.length > 0) throw new Error(`pagefind-merge: ${dir} has filters or sorts, which are not merged`);
  return { dir, entry, language, version, pages, chunks, metaFields };
}

/** A CBOR item's head at `at`: its major type, its value (a length or an integer's) and where
 * what follows it starts. */
function readHead(buf, at) {
  const initial = buf[at];
  const info = initial & 31;
  if (info < 24) return { major: initial >> 5, value: info, next: at + 1 };
  if (info === 24) return { major: initial >> 5, value: buf[at + 1], next: at + 2 };
  if (info === 25) return { major: initial >> 5, value: buf.readUInt16BE(at + 1), next: at + 3 };
  if (info === 26) return { major: initial >> 5, value: buf.readUInt32BE(at + 1), next: at + 5 };
  throw new Error(`cbor: unsupported item ${initial.toString(16)} at ${at}`);
}

/** An integer item's value at `at`, and where what follows starts. */
function readInt(buf, at) {
  const h = readHead(buf, at);
  if (h.major > 1) throw new Error(`cbor: an integer expected at ${at}`);
  return { value: h.major === 0 ? h.value : -1 - h.value, next: h.next };
}

/** Where an array of integers at `at` ends, and its length. */
function skipInts(buf, at) {
  const h = readHead(buf, at);
  if (h.major !== 4) throw new Error(`cbor: an array expected at ${at}`);
  let next = h.next;
  for (let i = 0; i < h.value; i++) next = readInt(buf, next).next;
  return { length: h.value, next };
}

/** The head of an array of three: a word's or a page's. */
const TRIPLE = Buffer.from([0x83]);

/** Bytes written one after another into a buffer that grows. */
class Writer {
  constructor() {
    this.buf = Buffer.alloc(1 << 16);
    this.length = 0;
  }
  room(n) {
    if (this.length + n <= this.buf.length) return;
    const bigger = Buffer.alloc(Math.max(this.buf.length * 2, this.length + n));
    this.buf.copy(bigger, 0, 0, this.length);
    this.buf = bigger;
  }
  bytes(source, start = 0, end = source.length) {
    this.room(end - start);
    source.copy(this.buf, this.length, start, end);
    this.length += end - start;
  }
  item(value) {
    for (const piece of encodeInto(value, [])) this.bytes(piece);
  }
  take() {
    const out = Buffer.from(this.buf.subarray(0, this.length));
    this.length = 0;
    return out;
  }
}

/**
 * The words of one index in order, read one chunk at a time, each with its pages: a page's number,
 * where its positions are in the chunk's bytes (not decoded: a merge copies them as they are) and
 * how much of a chunk they fill by Pagefind's measure. The rare variants of a word (other
 * diacritics) are decoded, their pages numbered absolutely.
 */
function* wordsOf(index) {
  for (const [, , hash] of index.chunks) {
    const data = readPartBytes(path.join(index.dir, 'index', `${hash}.pf_index`));
    let at = readHead(data, 0).next; // the chunk: [words]
    const count = readHead(data, at);
    at = count.next;
    for (let w = 0; w < count.value; w++) {
      at = readHead(data, at).next; // a word: [word, pages, variants]
      const text = readHead(data, at);
      const word = data.toString('utf8', text.next, text.next + text.value);
      const list = readHead(data, text.next + text.value);
      let next = list.next;
      let number = 0;
      const pages = new Array(list.value);
      for (let p = 0; p < list.value; p++) {
        next = readHead(data, next).next; // a page: [number, locs, meta_locs]
        const delta = readInt(data, next);
        number += delta.value;
        const locs = skipInts(data, delta.next);
        const metaLocs = skipInts(data, locs.next);
        pages[p] = { number, start: delta.next, end: metaLocs.next, units: locs.length + metaLocs.length + 1 };
        next = metaLocs.next;
      }
      const [variants, end] = decode(data, next);
      at = end;
      yield { word, data, pages, variants: variants.map(([form, p]) => [form, absolute(p)]) };
    }
  }
}

/** Links `from` to `to`, or copies it where links cannot be made. */
function linkOrCopy(from, to) {
  try {
    linkSync(from, to);
  } catch {
    copyFileSync(from, to);
  }
}

/** A page list whose numbers are differences from the previous one, with absolute numbers. */
function absolute(pages) {
  let last = 0;
  return pages.map(([delta, locs, metaLocs]) => {
    last += delta;
    return [last, locs, metaLocs];
  });
}

/** A page list with absolute numbers, as differences again. */
function relative(pages) {
  let last = 0;
  return pages.map(([number, locs, metaLocs]) => {
    const delta = number - last;
    last = number;
    return [delta, locs, metaLocs];
  });
}

/**
 * Merges the Pagefind indexes in `dirs` (each a folder Pagefind wrote) into `out`, which must not
 * exist: Pagefind's script, worker and wasm from the first, one meta, the merged word chunks and
 * the fragments of the pages kept.
 *
 * `rank(i, name)` places the page of the `i`th index whose fragment is `name`: pages are listed
 * (and so ranked among equally good matches) by it, smallest first, and a page it gives `null` is
 * left out, with its positions under every word. Without it, the indexes' pages follow one another,
 * the first index's first. With `link`, the indexes' files are linked (or copied) rather than
 * moved, so that an index in use stays whole.
 *
 * Returns, for each index, the fragments it gave another name (another index had taken theirs):
 * old name → new.
 */
export function mergeIndexes(dirs, out, { rank = null, link = false } = {}) {
  if (dirs.length === 0) throw new Error('pagefind-merge: nothing to merge');
  const indexes = dirs.map(openIndex);
  const { language, version } = indexes[0];
  for (const index of indexes) {
    if (index.language !== language || index.version !== version) throw new Error(`pagefind-merge: ${index.dir} is not of ${language}, Pagefind ${version}`);
  }
  mkdirSync(path.join(out, 'index'), { recursive: true });
  mkdirSync(path.join(out, 'fragment'), { recursive: true });
  const carry = link ? linkOrCopy : renameSync;

  // Pagefind's own files (script, worker, wasm, styles) are the same in every piece; the meta and
  // the entry (and copies of them) are written again.
  for (const name of readdirSync(indexes[0].dir)) {
    if (/^pagefind-entry\.json|\.pf_meta/.test(name) || ['index', 'fragment', 'filter'].includes(name)) continue;
    carry(path.join(indexes[0].dir, name), path.join(out, name));
  }

  // The pages kept, in their order, their fragments (and their `.br` copies, when packed) carried
  // under a name no other page took. `numbers[i][p]`: the new number of the `i`th index's page
  // `p`, or -1.
  const { metaFields } = indexes[0];
  const taken = new Set();
  const kept = [];
  const renamed = [];
  let offset = 0;
  for (const [i, index] of indexes.entries()) {
    if (JSON.stringify(index.metaFields) !== JSON.stringify(metaFields)) throw new Error(`pagefind-merge: ${index.dir} has other metadata fields`);
    const names = new Map();
    const copies = new Set(readdirSync(path.join(index.dir, 'fragment')));
    for (const [p, [hash, ...rest]] of index.pages.entries()) {
      const place = rank ? rank(i, hash) : offset + p;
      if (place === null || place === undefined) continue;
      const from = path.join(index.dir, 'fragment', `${hash}.pf_fragment`);
      let name = hash;
      if (taken.has(name)) {
        name = nameFor(language, readFileSync(from), taken, hash.length - language.length);
        names.set(hash, name);
      } else taken.add(name);
      carry(from, path.join(out, 'fragment', `${name}.pf_fragment`));
      if (copies.has(`${hash}.pf_fragment.br`)) carry(`${from}.br`, path.join(out, 'fragment', `${name}.pf_fragment.br`));
      kept.push({ place, i, p, page: [name, ...rest] });
    }
    offset += index.pages.length;
    renamed.push(names);
  }
  kept.sort((a, b) => a.place - b.place);
  const numbers = indexes.map((index) => new Int32Array(index.pages.length).fill(-1));
  for (const [n, { i, p }] of kept.entries()) numbers[i][p] = n;
  const pages = kept.map((k) => k.page);

  // Words: the indexes' sorted lists merged, one word's kept pages from every index in their new
  // order, positions as they are.
  const streams = indexes.map((index, i) => ({ words: wordsOf(index), i, current: null }));
  for (const s of streams) s.current = s.words.next();
  const limit = chunkSize();
  const chunks = [];
  const chunkNames = new Set();
  const body = new Writer();
  let first = null;
  let lastWord = null;
  let count = 0;
  let size = 0;
  const flush = () => {
    if (count === 0) return;
    const words = body.take();
    const bytes = Buffer.concat([head(4, 1), head(4, count), words]); // the chunk: [words]
    const name = nameFor(language, bytes, chunkNames);
    writeFileSync(path.join(out, 'index', `${name}.pf_index`), packed(bytes));
    chunks.push([first, lastWord, name]);
    count = 0;
    size = 0;
  };
  for (;;) {
    let word = null;
    for (const s of streams) if (!s.current.done && (word === null || byCodePoint(s.current.value.word, word) < 0)) word = s.current.value.word;
    if (word === null) break;
    const holding = streams.filter((s) => !s.current.done && s.current.value.word === word);
    const entries = [];
    const variants = new Map();
    for (const s of holding) {
      const entry = s.current.value;
      const number = numbers[s.i];
      for (const page of entry.pages) {
        const n = number[page.number];
        if (n >= 0) entries.push({ n, data: entry.data, start: page.start, end: page.end, units: page.units });
      }
      for (const [form, p] of entry.variants) {
        const moved = p.filter(([old]) => number[old] >= 0).map(([old, locs, metaLocs]) => [number[old], locs, metaLocs]);
        if (moved.length === 0) continue;
        if (!variants.has(form)) variants.set(form, []);
        variants.get(form).push(...moved);
      }
      s.current = s.words.next();
    }
    // A word on no page kept is no word of the merged index. (A word can be on no page but in
    // its variants: a stem only its other forms are written as.)
    if (entries.length === 0 && variants.size === 0) continue;
    entries.sort((a, b) => a.n - b.n);
    body.bytes(TRIPLE); // a word: [word, pages, variants]
    body.item(word);
    body.bytes(head(4, entries.length));
    let previous = 0;
    for (const e of entries) {
      body.bytes(TRIPLE); // a page: [number, locs, meta_locs]
      body.item(e.n - previous);
      previous = e.n;
      body.bytes(e.data, e.start, e.end); // its positions as they are
      size += e.units;
    }
    body.item(
      [...variants]
        .sort((a, b) => byCodePoint(a[0], b[0]))
        .map(([form, p]) => [form, relative(p.sort((a, b) => a[0] - b[0]))]),
    );
    if (count === 0) first = word;
    lastWord = word;
    count += 1;
    if (size >= limit) flush();
  }
  flush();
  for (let i = 0; i + 1 < chunks.length; i++) {
    const [to, from] = prefixes(chunks[i][1], chunks[i + 1][0]);
    if (byCodePoint(to, chunks[i][0]) >= 0) chunks[i][1] = to;
    chunks[i + 1][0] = from;
  }

  const meta = encode([version, pages, chunks, [], [], metaFields]);
  const metaHash = `${language}_${createHash('sha256').update(meta).digest('hex').slice(0, 10)}`;
  writeFileSync(path.join(out, `pagefind.${metaHash}.pf_meta`), packed(meta));
  const entry = indexes[0].entry;
  entry.languages = { [language]: { ...entry.languages[language], hash: metaHash, page_count: pages.length } };
  writeFileSync(path.join(out, 'pagefind-entry.json'), JSON.stringify(entry));
  return renamed;
}
