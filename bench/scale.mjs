// `make bench-scale`: how `make publish` scales with the archive. For N = 1,000 and 10,000 it
// generates a site from the sample articles (new slugs, dates spread over ten years with the
// newest in the last day, every section, the samples' full texts) in target/bench-scale/ (never
// committed), then measures `make publish` end to end (the publisher, then
// scripts/after-publish.mjs: the search index and sw.js) for a full publish into an empty bundle
// and for a republish after one article's headline changed: wall time of each step and of the
// whole, peak memory of the whole process tree, and files written. Prints one table. Figures, not a
// pass/fail test. BENCH_SCALE_SIZES=1000,10000 (default) sets the N (e.g. 1000,10000,100000).
//
// Then photographs: a site of BENCH_SCALE_PHOTOS (default 200) articles, each leading with a
// photograph of its own, published into an empty bundle with an empty picture cache, then published
// again with nothing changed; beside the same articles leading with a drawing (SVG, copied as it
// is), so the second publish's extra time is what the photographs cost when none changed. The
// photographs are the sample 2560×1600 JPEGs, each copy made a new file by a JPEG comment (COM)
// segment of its own: a new picture to the cache, with the pixels, and so the decoding and
// encoding work, of a photograph that size.
//
// Peak memory is sampled: every 20 ms the resident set sizes (/proc/<pid>/statm) of the step's
// process and all its descendants (Pagefind's indexer is a child of node) are summed, and the
// largest sum is kept. A sum of RSS counts shared pages (libraries) once per process, and a peak
// shorter than 20 ms can be missed.
//
// The publisher is the debug build `make test-native` already compiled (cargo's dev profile,
// with the compressors, the content tool, the model and the publisher's own crate optimised: see
// Cargo.toml); its compile (the `cargo build` `make publish` starts with, a no-op then) is not
// measured. The bundle's frame is the repository's index.html, so no Trunk build is needed.
import { execFileSync, spawn } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, readFileSync, readdirSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import path from 'node:path';

const root = path.resolve(import.meta.dirname, '..');
const target = process.env.CARGO_TARGET_DIR ? path.resolve(root, process.env.CARGO_TARGET_DIR) : path.join(root, 'target');
const scratch = process.env.BENCH_SCALE_DIR ? path.resolve(process.env.BENCH_SCALE_DIR) : path.join(target, 'bench-scale');
// Empty (BENCH_SCALE_SIZES=) measures the photographs alone.
const sizes = (process.env.BENCH_SCALE_SIZES ?? '1000,10000').split(',').filter(Boolean).map(Number);
const photoCount = Number(process.env.BENCH_SCALE_PHOTOS ?? 200);
const PHOTOS = ['boreal-forest-carbon.jpg', 'reusable-cups-cafes.jpg'];
const DAY = 24 * 3600 * 1000;
// A fixed "now" so that runs compare: the news sitemap's 48 hours end here.
const NOW = Date.UTC(2026, 10, 29, 12, 0, 0);

/** ISO-8601 with the +03:00 offset the samples use. */
function iso(ms) {
  const local = new Date(ms + 3 * 3600 * 1000).toISOString().slice(0, 19);
  return `${local}+03:00`;
}

/** content/ and public/images of a site of `n` articles, under `dir`. */
function generate(dir, n) {
  const samplesDir = path.join(root, 'content', 'articles');
  const samples = readdirSync(samplesDir)
    .filter((f) => f.endsWith('.json'))
    .sort()
    .map((f) => JSON.parse(readFileSync(path.join(samplesDir, f), 'utf8')));
  const site = JSON.parse(readFileSync(path.join(root, 'content', 'site.json'), 'utf8'));
  const sections = site.sections.map((s) => s.slug);
  rmSync(dir, { recursive: true, force: true });
  mkdirSync(path.join(dir, 'content', 'articles'), { recursive: true });
  mkdirSync(path.join(dir, 'public'), { recursive: true });
  symlinkSync(path.join(root, 'public', 'images'), path.join(dir, 'public', 'images'));
  writeFileSync(path.join(dir, 'content', 'site.json'), JSON.stringify(site, null, 2));
  const copies = Math.ceil(n / samples.length);
  const span = 10 * 365 * DAY;
  for (let i = 0; i < n; i++) {
    const sample = samples[i % samples.length];
    const copy = Math.floor(i / samples.length);
    // Newest first in i: article 0 an hour old, the last about ten years old.
    const published = NOW - 3600 * 1000 - Math.floor((span * i) / n);
    const article = {
      ...sample,
      slug: `${sample.slug}-${copy}`,
      section: sections[i % sections.length],
      headline: `${sample.headline} (${copy})`,
      published: iso(published),
      // The editor's picks point at the same copy of the picked samples, when it exists.
      related: (sample.related || []).map((s) => `${s}-${copy}`).filter(() => copy < copies - 1),
    };
    if (sample.updated) article.updated = iso(published + 2 * 3600 * 1000);
    writeFileSync(path.join(dir, 'content', 'articles', `${article.slug}.json`), JSON.stringify(article, null, 2));
  }
  const dist = path.join(dir, 'dist');
  mkdirSync(dist, { recursive: true });
  cpSync(path.join(root, 'index.html'), path.join(dist, 'shell.html'));
  return dist;
}

/** `jpeg` with a comment segment right after its start marker: the same picture, other bytes. */
function withComment(jpeg, text) {
  const body = Buffer.from(text, 'utf8');
  const segment = Buffer.concat([Buffer.from([0xff, 0xfe, (body.length + 2) >> 8, (body.length + 2) & 0xff]), body]);
  return Buffer.concat([jpeg.subarray(0, 2), segment, jpeg.subarray(2)]);
}

/** A site of `n` articles under `dir`, each leading with a photograph of its own (`photos`) or
 * with the same drawing; returns its bundle. */
function generatePictures(dir, n, photos) {
  const dist = generate(dir, n);
  const images = path.join(dir, 'public', 'images');
  rmSync(images, { force: true });
  mkdirSync(images, { recursive: true });
  const originals = PHOTOS.map((f) => readFileSync(path.join(root, 'public', 'images', f)));
  cpSync(path.join(root, 'public', 'images', 'coral-reef-heatwave.svg'), path.join(images, 'drawing.svg'));
  const articles = path.join(dir, 'content', 'articles');
  readdirSync(articles).sort().forEach((f, i) => {
    const file = path.join(articles, f);
    const article = JSON.parse(readFileSync(file, 'utf8'));
    const name = `photo-${i}.jpg`;
    if (photos) writeFileSync(path.join(images, name), withComment(originals[i % originals.length], `bench photograph ${i}`));
    const [width, height] = photos ? [2560, 1600] : [800, 450];
    // Pictures in the text go: the lead is the article's one picture.
    article.body = article.body.filter((b) => b.type !== 'figure');
    article.image = { src: `images/${photos ? name : 'drawing.svg'}`, alt: 'صورة', width, height };
    writeFileSync(file, JSON.stringify(article, null, 2));
  });
  return dist;
}

/** How many pictures a publisher run encoded, from its summary line. */
const encodedBy = (run) => Number(run.output.match(/(\d+) pictures encoded/)?.[1] ?? NaN);

const PAGE = 4096;

/** The pids of `pid` and of all its descendants, as /proc lists them now. */
function tree(pid) {
  const children = new Map();
  for (const name of readdirSync('/proc')) {
    if (!/^\d+$/.test(name)) continue;
    let stat;
    try {
      stat = readFileSync(`/proc/${name}/stat`, 'latin1');
    } catch {
      continue; // gone since the listing
    }
    // The command name, in parentheses, may hold spaces: the parent pid follows its last ')'.
    const ppid = Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]);
    if (!children.has(ppid)) children.set(ppid, []);
    children.get(ppid).push(Number(name));
  }
  const pids = [pid];
  for (let i = 0; i < pids.length; i++) pids.push(...(children.get(pids[i]) ?? []));
  return pids;
}

/** The summed resident set size, in bytes, of `pid` and its descendants. */
function treeRss(pid) {
  let bytes = 0;
  for (const p of tree(pid)) {
    try {
      bytes += Number(readFileSync(`/proc/${p}/statm`, 'latin1').split(' ')[1]) * PAGE;
    } catch {
      // exited between the listing and the read
    }
  }
  return bytes;
}

/** Runs `command` with its output kept, sampling its process tree's memory: wall seconds and
 * the peak of the summed RSS, in MiB. Rejects with its output if it fails. */
function measured(command, args) {
  return new Promise((resolve, reject) => {
    const started = process.hrtime.bigint();
    const child = spawn(command, args, { cwd: root, stdio: ['ignore', 'pipe', 'pipe'] });
    let output = '';
    child.stdout.on('data', (d) => (output += d));
    child.stderr.on('data', (d) => (output += d));
    let peak = 0;
    const sample = () => (peak = Math.max(peak, treeRss(child.pid)));
    const timer = setInterval(sample, 20);
    sample();
    child.on('error', reject);
    child.on('close', (status) => {
      clearInterval(timer);
      const seconds = Number(process.hrtime.bigint() - started) / 1e9;
      if (status !== 0) reject(new Error(`${command} ${args.join(' ')} failed (${status}):\n${output}`));
      else resolve({ seconds, mib: peak / 2 ** 20, output });
    });
  });
}

/** `make publish`'s steps, one after the other as make runs them: the publisher, then
 * after-publish.mjs. Wall seconds (whole and per step), peak MiB of the whole, files written. */
async function publish(binary, dir, dist) {
  const changes = path.join(dir, 'changes.txt');
  rmSync(changes, { force: true });
  const publisher = await measured(binary, ['--root', dir, '--dist', dist, '--changes', changes, '--now', iso(NOW)]);
  const after = await measured('node', [path.join(root, 'scripts', 'after-publish.mjs'), dist, changes]);
  const files = readFileSync(changes, 'utf8').split('\n').filter(Boolean);
  return {
    seconds: publisher.seconds + after.seconds,
    mib: Math.max(publisher.mib, after.mib),
    publisher,
    after,
    files,
  };
}

async function main() {
  execFileSync('cargo', ['build', '--quiet', '--workspace', '--features', 'khabar/ssr', '--bin', 'khabar-publish'], { cwd: root, stdio: 'inherit' });
  const binary = path.join(target, 'debug', 'khabar-publish');
  const rows = [];
  for (const n of sizes) {
    const dir = path.join(scratch, String(n));
    const dist = generate(dir, n);
    const full = await publish(binary, dir, dist);
    // One article in the middle of the archive gets a new headline.
    const victim = readdirSync(path.join(dir, 'content', 'articles')).sort()[Math.floor(n / 2)];
    const file = path.join(dir, 'content', 'articles', victim);
    const article = JSON.parse(readFileSync(file, 'utf8'));
    article.headline = `${article.headline} — محدّث`;
    writeFileSync(file, JSON.stringify(article, null, 2));
    const again = await publish(binary, dir, dist);
    const pages = again.files.filter((f) => f.endsWith('.html')).length;
    // Topic and writer pages: those the republish rewrote, of those the site has.
    const listing = (f) => /^(topic|author)\/.*\.html$/.test(f);
    const lists = { rewritten: again.files.filter(listing).length, all: full.files.filter(listing).length };
    rows.push({ n, full, again, pages, lists, victim: victim.replace(/\.json$/, '') });
  }
  const pictures = [];
  if (photoCount > 0) {
    for (const photos of [true, false]) {
      const dir = path.join(scratch, `pictures-${photos ? 'photos' : 'drawings'}`);
      const dist = generatePictures(dir, photoCount, photos);
      const full = await publish(binary, dir, dist);
      const again = await publish(binary, dir, dist);
      pictures.push({ photos, full, again });
    }
  }
  const pad = (s, w) => String(s).padStart(w);
  const cells = (r) => `${pad(r.seconds.toFixed(1), 7)} ${pad(r.publisher.seconds.toFixed(1), 6)} ${pad(r.after.seconds.toFixed(1), 6)} ${pad(r.mib.toFixed(0), 6)} ${pad(r.files.length, 7)}`;
  console.log('\nmake bench-scale: make publish (debug build), this machine');
  console.log(`${''.padEnd(9)}| ${'full publish'.padEnd(37)} | one article changed`);
  const head = `${'s'.padStart(7)} ${'pub.'.padStart(6)} ${'after'.padStart(6)} ${'MiB'.padStart(6)} ${'files'.padStart(7)}`;
  console.log(`${'articles'.padEnd(9)}| ${head} | ${head} ${'pages'.padStart(6)} ${'t/w'.padStart(9)}`);
  for (const r of rows) console.log(`${String(r.n).padEnd(9)}| ${cells(r.full)} | ${cells(r.again)} ${pad(r.pages, 6)} ${pad(`${r.lists.rewritten}/${r.lists.all}`, 9)}`);
  if (rows.length > 1) {
    const [a, b] = [rows[0], rows[rows.length - 1]];
    console.log(`growth of a full publish, ${b.n} / ${a.n} articles: ${(b.full.seconds / a.full.seconds).toFixed(1)}× the time for ${(b.n / a.n).toFixed(0)}× the articles`);
  }
  console.log('s = the whole make publish: pub. = the publisher, after = after-publish.mjs (search index, sw.js);');
  console.log('MiB = peak of the process tree (summed RSS, sampled); files = written or removed as listed for the');
  console.log('upload, .br/.gz copies included; pages = HTML pages among them; t/w = topic and writer pages the');
  console.log('republish rewrote / all the site has.');
  if (pictures.length === 2) {
    const [photos, drawings] = pictures;
    const row = (what, r) => `${what.padEnd(36)}| ${cells(r)} ${pad(encodedBy(r.publisher), 7)}`;
    console.log(`\n${photoCount} articles, each leading with a photograph (2560×1600 JPEG) or a drawing (SVG)`);
    console.log(`${''.padEnd(36)}| ${head} ${'encoded'.padStart(7)}`);
    console.log(row('photographs, first publish', photos.full));
    console.log(row('photographs, again, nothing changed', photos.again));
    console.log(row('drawings, first publish', drawings.full));
    console.log(row('drawings, again, nothing changed', drawings.again));
    const encoded = encodedBy(photos.full.publisher);
    console.log(`encoding: ${(photos.full.publisher.seconds - drawings.full.publisher.seconds).toFixed(1)} s more for ${encoded} photographs (${((photos.full.publisher.seconds - drawings.full.publisher.seconds) / Math.max(1, encoded)).toFixed(2)} s each, on every core);`);
    console.log(`republish with no picture changed: ${(photos.again.seconds - drawings.again.seconds).toFixed(1)} s more than with drawings, ${encodedBy(photos.again.publisher)} encoded, ${photos.again.files.filter((f) => f.startsWith('images/')).length} picture files written.`);
  }
}

main().catch((error) => {
  console.error(`bench-scale: ${error.message}`);
  process.exit(1);
});
