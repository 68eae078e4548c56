// `make bench-scale`: how `make publish` scales with the archive. For N = 1,000 and 10,000 it
// generates a site from the sample articles (new slugs, dates spread over three years with the
// newest in the last day, every section, the samples' full texts) in target/bench-scale/ (never
// committed), then measures a full publish into an empty bundle and a republish after one
// article's headline changed: wall time, peak memory (/usr/bin/time -v) and files written. Prints
// one table. Figures, not a pass/fail test. BENCH_SCALE_SIZES=1000,10000 (default) sets the N.
//
// The publisher is the debug build `make test-native` already compiled (cargo's dev profile,
// with the compressors and the content tool optimised: see Cargo.toml); its compile is not
// measured. The bundle's frame is the repository's index.html, so no Trunk build is needed.
import { execFileSync, spawnSync } from 'node:child_process';
import { cpSync, mkdirSync, readFileSync, readdirSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import path from 'node:path';

const root = path.resolve(import.meta.dirname, '..');
const target = process.env.CARGO_TARGET_DIR ? path.resolve(root, process.env.CARGO_TARGET_DIR) : path.join(root, 'target');
const scratch = path.join(target, 'bench-scale');
const sizes = (process.env.BENCH_SCALE_SIZES || '1000,10000').split(',').map(Number);
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
  const span = 3 * 365 * DAY;
  for (let i = 0; i < n; i++) {
    const sample = samples[i % samples.length];
    const copy = Math.floor(i / samples.length);
    // Newest first in i: article 0 an hour old, the last about three years old.
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

/** Runs the publisher under /usr/bin/time -v: wall seconds, peak MiB, files written. */
function publish(binary, dir, dist) {
  const changes = path.join(dir, 'changes.txt');
  const run = spawnSync('/usr/bin/time', ['-v', binary, '--root', dir, '--dist', dist, '--changes', changes, '--now', iso(NOW)], {
    encoding: 'utf8',
    maxBuffer: 1 << 30,
  });
  if (run.status !== 0) throw new Error(`publish failed:\n${run.stderr}`);
  const wall = run.stderr.match(/Elapsed \(wall clock\) time \(h:mm:ss or m:ss\): (?:(\d+):)?(\d+):([\d.]+)/);
  const seconds = Number(wall[1] || 0) * 3600 + Number(wall[2]) * 60 + Number(wall[3]);
  const kb = Number(run.stderr.match(/Maximum resident set size \(kbytes\): (\d+)/)[1]);
  const files = readFileSync(changes, 'utf8').split('\n').filter(Boolean);
  return { seconds, mib: kb / 1024, files };
}

function main() {
  execFileSync('cargo', ['build', '--quiet', '--workspace', '--features', 'khabar/ssr', '--bin', 'khabar-publish'], { cwd: root, stdio: 'inherit' });
  const binary = path.join(target, 'debug', 'khabar-publish');
  const rows = [];
  for (const n of sizes) {
    const dir = path.join(scratch, String(n));
    const dist = generate(dir, n);
    const full = publish(binary, dir, dist);
    // One article in the middle of the archive gets a new headline.
    const victim = readdirSync(path.join(dir, 'content', 'articles')).sort()[Math.floor(n / 2)];
    const file = path.join(dir, 'content', 'articles', victim);
    const article = JSON.parse(readFileSync(file, 'utf8'));
    article.headline = `${article.headline} — محدّث`;
    writeFileSync(file, JSON.stringify(article, null, 2));
    const again = publish(binary, dir, dist);
    const pages = again.files.filter((f) => f.endsWith('.html')).length;
    rows.push({ n, full, again, pages, victim: victim.replace(/\.json$/, '') });
  }
  const pad = (s, w) => String(s).padStart(w);
  console.log('\nmake bench-scale: make publish (debug build), this machine');
  console.log(`${'articles'.padEnd(9)}| ${'full: s'.padStart(8)} ${'MiB'.padStart(6)} ${'files'.padStart(7)} | ${'one changed: s'.padStart(14)} ${'MiB'.padStart(6)} ${'files'.padStart(6)} ${'pages'.padStart(6)}`);
  for (const r of rows) {
    console.log(`${String(r.n).padEnd(9)}| ${pad(r.full.seconds.toFixed(1), 8)} ${pad(r.full.mib.toFixed(0), 6)} ${pad(r.full.files.length, 7)} | ${pad(r.again.seconds.toFixed(1), 14)} ${pad(r.again.mib.toFixed(0), 6)} ${pad(r.again.files.length, 6)} ${pad(r.pages, 6)}`);
  }
  if (rows.length > 1) {
    const [a, b] = [rows[0], rows[rows.length - 1]];
    console.log(`growth of a full publish, ${b.n} / ${a.n} articles: ${(b.full.seconds / a.full.seconds).toFixed(1)}× the time for ${(b.n / a.n).toFixed(0)}× the articles`);
  }
  console.log('files = written or removed, .br/.gz copies included; pages = HTML pages among them.');
}

main();
