#!/usr/bin/env node
// `make bench-search`: figures, not a test. Copies dist/ to target/search-bench/, replaces its
// articles by SEARCH_BENCH_ARTICLES (default 10,000) generated from the sample articles' words and
// dated over ten years, indexes them with scripts/search-index.mjs, then publishes
// SEARCH_BENCH_CHANGES (default 100) of them changed, so the index has its archive and its
// changes, as after a day's publishing; serves the copy with deploy/nginx.conf on loopback and searches in Chromium from the app's search page. Per query it reports the brotli/gzip bytes
// the index cost (Pagefind's script, wasm and index parts, as sent over the wire) and the time from
// the last index byte's arrival to the results on screen, and from the query to the results; then
// the same query asked of Pagefind alone, its index loaded, which is the engine's share.
import { chromium } from '@playwright/test';
import { cpSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { startNginx } from '../tests/e2e/nginx.js';
import { buildSearchIndex, articleText, isStopWord, normaliseText, words } from '../scripts/search-index.mjs';

const root = path.resolve(import.meta.dirname, '..');
const count = Number(process.env.SEARCH_BENCH_ARTICLES || 10_000);
const QUERIES = ['الأسد', 'موسكو', 'قمة', 'والأسد', 'الزيارات', 'مهرجان', 'WebAssembly', '٣٤٠٠', 'زرافة', 'في'];

/** A deterministic pseudo-random sequence, so two runs index the same site. */
function random(seed) {
  let s = seed;
  return () => ((s = (s * 1103515245 + 12345) % 2 ** 31) / 2 ** 31);
}

function generate(dist) {
  const sample = path.join(root, 'public', 'api', 'articles');
  const sources = readdirSync(sample).map((f) => JSON.parse(readFileSync(path.join(sample, f), 'utf8')));
  const vocabulary = sources.flatMap((a) => words(articleText(a)));
  const next = random(42);
  const pick = () => vocabulary[Math.floor(next() * vocabulary.length)];
  const out = path.join(dist, 'api', 'articles');
  rmSync(out, { recursive: true, force: true });
  mkdirSync(out, { recursive: true });
  // Ten years of articles, as an archive has them.
  const start = Date.parse('2016-12-01T00:00:00Z');
  const step = Math.floor((10 * 365 * 24 * 3_600_000) / count);
  for (let i = 0; i < count; i++) {
    const source = sources[i % sources.length];
    const paragraphs = Array.from({ length: 6 }, () => ({ type: 'paragraph', text: Array.from({ length: 60 }, pick).join(' ') }));
    const article = {
      slug: `generated-${i}`,
      headline: Array.from({ length: 8 }, pick).join(' '),
      summary: Array.from({ length: 25 }, pick).join(' '),
      section: source.section,
      published: new Date(start + i * step).toISOString(),
      tags: source.tags ?? [],
      body: i % 10 === 0 ? source.body : paragraphs,
    };
    writeFileSync(path.join(out, `${article.slug}.json`), JSON.stringify(article));
  }
}

async function main() {
  // Under target/, where nginx's workers may read (a private temporary folder they may not).
  const dir = path.join(root, 'target', 'search-bench');
  rmSync(dir, { recursive: true, force: true });
  const dist = path.join(dir, 'dist');
  cpSync(path.join(root, 'dist'), dist, { recursive: true });
  generate(dist);
  // The generated articles replace what the publisher published: its record (which the index
  // follows to find the changed articles) no longer describes them.
  rmSync(path.join(dist, '.khabar-publish.json'), { force: true });
  let started = Date.now();
  await buildSearchIndex(dist);
  const indexSeconds = (Date.now() - started) / 1000;
  // A day's publishing: the newest articles' headlines change, one publish each time.
  const articles = path.join(dist, 'api', 'articles');
  const changes = Number(process.env.SEARCH_BENCH_CHANGES ?? 100);
  for (let i = count - changes; i < count; i++) {
    const file = path.join(articles, `generated-${i}.json`);
    const article = JSON.parse(readFileSync(file, 'utf8'));
    article.headline = `${article.headline} موسكو`;
    writeFileSync(file, JSON.stringify(article));
  }
  started = Date.now();
  const indexed = await buildSearchIndex(dist);
  const changeSeconds = (Date.now() - started) / 1000;
  const pagefind = path.join(dist, 'pagefind');
  const sizes = readdirSync(pagefind, { recursive: true }).length;
  const server = await startNginx({ dist });
  const browser = await chromium.launch({ executablePath: process.env.CHROME_PATH || '/usr/bin/chromium', args: ['--headless', '--no-sandbox'] });
  const rows = [];
  try {
    const page = await browser.newPage();
    page.on('pageerror', (e) => console.error('page error:', e.message));
    page.on('console', (m) => m.type() === 'error' && console.error('console:', m.text()));
    // Every finished request of the page, with its bytes on the wire.
    const fetched = [];
    page.on('requestfinished', async (request) => {
      const sizes = await request.sizes().catch(() => null);
      const timing = request.timing();
      // When its last byte arrived: its start on the wall clock, plus how long it took.
      const arrived = timing.startTime + timing.responseEnd;
      if (sizes) fetched.push({ url: request.url(), bytes: sizes.responseBodySize + sizes.responseHeadersSize, arrived });
    });
    await page.goto(`${server.url}/search`);
    await page.waitForFunction(() => document.documentElement.hasAttribute('data-app'));
    for (const [i, query] of QUERIES.entries()) {
      fetched.length = 0;
      const { ms, shown } = await page.evaluate(async (q) => {
        const status = document.querySelector('.search__status');
        const t0 = performance.now();
        history.pushState(null, '', `/search?q=${encodeURIComponent(q)}`);
        dispatchEvent(new PopStateEvent('popstate'));
        await new Promise((resolve) => {
          // The message quotes the query: the previous query's results do not count.
          const done = () => /^(عدد النتائج|لا توجد)|الكلمات الشائعة/.test(status.textContent) && status.textContent.includes(q);
          const check = () => (done() ? resolve() : requestAnimationFrame(check));
          check();
        });
        // Until the frame with the results is painted.
        await new Promise((r) => requestAnimationFrame(() => setTimeout(r)));
        // The wall clock, as Chromium stamps a request's start (timeOrigin + now drifts from it).
        return { ms: performance.now() - t0, shown: Date.now() };
      }, query);
      await new Promise((r) => setTimeout(r, 100));
      const index = fetched.filter((f) => f.url.includes('/pagefind/'));
      // The same query asked of Pagefind alone, its chunks now loaded: the engine's own time (the
      // search in each index and their results merged), without the page's.
      const term = normaliseText(query);
      const engine = words(term).some((w) => !isStopWord(w))
        ? await page.evaluate(async (q) => {
            const t0 = performance.now();
            const answer = await window.khabarPagefind.search(q);
            return { ms: performance.now() - t0, search: Math.max(...answer.timings.map((t) => t.search)) };
          }, term)
        : null;
      const status = await page.locator('.search__status').textContent();
      rows.push({
        query,
        visit: i === 0 ? 'first search' : 'later',
        found: status.replace(/ لـ«.*$/, ''),
        requests: index.length,
        'bytes (br/gz, with headers)': index.reduce((sum, f) => sum + f.bytes, 0),
        // Pagefind's script and wasm: once per visit (then cached for an hour).
        'of which code': index.filter((f) => /\.js$|\.pagefind$/.test(f.url)).reduce((sum, f) => sum + f.bytes, 0),
        // The index's list of pages and parts: once per visit too (its size grows with the archive).
        'of which page list': index.filter((f) => /\.pf_meta$|pagefind-entry\.json$/.test(f.url)).reduce((sum, f) => sum + f.bytes, 0),
        'query → results on screen (ms)': Math.round(ms),
        // From the last index part's last byte to the results on screen: the engine's and the
        // page's own time.
        'last part → results (ms)': index.length > 0 ? Math.round(shown - Math.max(...index.map((f) => f.arrived))) : '',
        // Pagefind alone, asked again: its whole answer, and its own measure of the search in the
        // slowest index.
        'engine again (ms)': engine ? Math.round(engine.ms) : '',
        'of which search (ms)': engine ? engine.search : '',
      });
    }
  } finally {
    await browser.close();
    await server.stop();
    rmSync(dir, { recursive: true, force: true });
  }
  console.log(`search bench: ${count} generated articles, indexed in ${indexSeconds.toFixed(1)} s; then ${changes} of them changed, indexed again in ${changeSeconds.toFixed(1)} s (${indexed.changes} in the index of changes); ${sizes} files`);
  console.table(rows);
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
