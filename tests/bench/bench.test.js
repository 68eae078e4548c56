// The figures `make bench` prints say what they measured: how many runs each median was taken
// over, which runs were left out and why, and what the wasm memory figure is; and its reference
// page is the app's own page without the app.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { summarize, report } from '../../bench/bench.mjs';
import { staticArticle } from '../../bench/static-page.mjs';

const bytes = { html: 1600, js: 8000, wasm: 217000, css: 3800, fonts: 120000, images: 150, data: 1900, other: 0, total: 352450 };
const load = (fcp, lcp, { cls = 0, shifts = [], blocking = 0, app = NaN } = {}) => ({ fcp, lcp, cls, shifts, blocking, app, bytes, encodings: ['br'], files: [] });
/** A Khabar load whose app started at `app` ms. */
const appLoad = (fcp, lcp, app, more = {}) => load(fcp, lcp, { app, ...more });
const ran = (time) => ({ time, dropped: null });
const measure = (jsHeap, wasmMemorySize) => ({ jsHeap, wasmMemorySize, domNodes: 900, listeners: 40 });

/** Five runs of each, some of which yielded no figure. */
function input() {
  return {
    loads: {
      khabar: [
        appLoad(1000, 2000, 3000),
        appLoad(NaN, 2100, 3100, { cls: 0.02, shifts: [{ at: 2000, value: 0.02, sources: ['div.share'] }] }),
        appLoad(1200, NaN, 3200),
        appLoad(1100, 2050, NaN),
        appLoad(1300, 2200, 3300, { blocking: 120, cls: 0.005, shifts: [{ at: 1500, value: 0.002, sources: ['p'] }, { at: 3400, value: 0.003, sources: ['p'] }] }),
      ],
      static: [load(500, 900), load(520, 910), load(510, 905), load(530, 915), load(505, 902)],
    },
    clickRuns: [
      { cold: ran(300), prefetched: { time: NaN, dropped: "hovering did not request the card's article" } },
      { cold: ran(320), prefetched: ran(40) },
      { cold: { time: NaN, dropped: "the card's article had been requested before the click" }, prefetched: ran(50) },
      { cold: ran(310), prefetched: ran(45) },
      { cold: ran(330), prefetched: ran(42) },
    ],
    mem: { 1: measure(3 * 1048576, 2 * 1048576), 100: measure(4 * 1048576, 5 * 1048576) },
    browser: 'Chromium (sample)',
  };
}
const sample = () => summarize(input());

test('each median says how many runs it kept, and every dropped run is listed with its reason', () => {
  // Defect: the table said "median of 5" after silently dropping the runs that had no figure.
  const results = sample();
  assert.equal(results.khabar.fcp, 1150, 'the median of the four paints there were');
  const text = report(results);
  assert.match(text, /first contentful paint \(4 of 5; 5 of 5\) +\| +1150 ms \| +510 ms \|/);
  assert.match(text, /largest contentful paint \(4 of 5; 5 of 5\)/);
  assert.match(text, /cold \(4 of 5\) +\| +315 ms \|/);
  assert.match(text, /prefetched, hover first \(4 of 5\) +\| +44 ms \|/);
  assert.doesNotMatch(text, /median of 5\b/);
  for (const reason of [
    'khabar load 2: no first-contentful-paint entry',
    'khabar load 3: no largest-contentful-paint entry',
    'khabar load 4: the app never set <html data-app> (it did not start or hydrate)',
    "prefetched click 1: hovering did not request the card's article",
    "cold click 3: the card's article had been requested before the click",
  ]) {
    assert.ok(text.includes(`  - ${reason}`), reason);
  }
  assert.equal(results.dropped.length, 5);
});

test('layout shift, main-thread blocking and the start of the app are reported per page, with runs kept', () => {
  // Defect: a layout shift after hydration (or an app that never started) went unseen, because the
  // table only had paint times.
  const text = report(sample());
  assert.match(text, /cumulative layout shift \(5 of 5; 5 of 5\) +\| +0\.000 \| +0\.000 \|/);
  assert.match(text, /cumulative layout shift, worst load +\| +0\.020 \| +0\.000 \|/);
  assert.match(text, /blocked after first paint.*\(5 of 5; 5 of 5\) +\| +0 ms \| +0 ms \|/);
  assert.match(text, /app running: hydrated, <html data-app> set \(4 of 5\) +\| +3150 ms \| +no app \|/);
  assert.match(text, /of which once the app ran \(4 of 5\) +\| +0\.000 \| +no app \|/);
  const hydrationShifts = summarize({ ...input(), loads: { ...input().loads, khabar: input().loads.khabar.map((l) => ({ ...l, shifts: [{ at: l.app + 10, value: 0.02, sources: ['div.share'] }] })) } });
  assert.match(report(hydrationShifts), /of which once the app ran \(4 of 5\) +\| +0\.020 \|/, 'a shift after the app ran is counted there');
  assert.match(text, /what shifted \(mean per load\): Khabar div\.share 0\.0040, p 0\.0010; static nothing\./);
  assert.match(text, /Static page: the same prerendered file without/, 'the table says what the reference is');
});

test("the static page is the prerendered article, byte for byte, without the app's JavaScript", () => {
  // Defect: a hand-written reference page lacked the app's controls, share bar and dates, so the
  // LCP ratio compared a smaller page with Khabar's; or it still loaded the wasm.
  const dist = path.resolve(import.meta.dirname, '../../dist');
  const slug = 'putin-assad-summit-moscow';
  const app = readFileSync(path.join(dist, 'article', slug, 'index.html'), 'utf8');
  const page = staticArticle(dist, slug);
  assert.doesNotMatch(page, /type="module"|id="khabar-(js|wasm|data)"|\.wasm|rel="modulepreload"/);
  const body = (html) => html.slice(html.indexOf('<body>'), html.indexOf('<script type="application/json" id="khabar-data">'));
  assert.ok(body(app).length > 1000);
  assert.equal(page.slice(page.indexOf('<body>'), page.indexOf('</body>')), body(app), 'the same markup');
  for (const part of ['reader-controls', 'class="share"', 'reading-progress', 'class="to-top"', 'article__reading-time']) {
    assert.ok(page.includes(part), part);
  }
  const head = (html) => [...html.matchAll(/<link rel="(?:stylesheet|preload)"[^>]*>|<style>[\s\S]*?<\/style>|<script>[\s\S]*?<\/script>/g)].map(([tag]) => tag)
    .filter((tag) => !tag.includes('khabar-'));
  assert.ok(head(page).some((tag) => tag.startsWith('<style>')) && head(page).some((tag) => tag.includes('as="font"')));
  assert.deepEqual(head(page), head(app), 'the same styles, font preloads and theme script');
});

test('the wasm figure is the linear memory size, which only grows, not memory after GC', () => {
  // Defect: the wasm memory's size was listed under "memory (after GC)", but linear memory never
  // shrinks: it is the most the app has needed, whatever a collection frees.
  const lines = report(sample()).split('\n');
  const heading = lines.findIndex((l) => /wasm linear memory size \(only grows/.test(l));
  assert.ok(heading > 0, 'a heading says what the wasm figure is');
  assert.match(lines[heading + 1], /after 1 navigation +\| +2\.00 MiB/);
  assert.match(lines[heading + 2], /after 100 navigations +\| +5\.00 MiB/);
  const gc = lines.findIndex((l) => /garbage collection|after GC/i.test(l));
  const underGc = lines.slice(gc, heading);
  assert.ok(underGc.some((l) => /JS heap after 100 navigations +\| +4\.00 MiB/.test(l)));
  assert.ok(!underGc.some((l) => /wasm/i.test(l)), 'no wasm figure under the garbage-collection heading');
});

test("the photo-led article's rows weigh the picture's files against the original", () => {
  // Defect guarded: a photo figure that counted every image of the page (drawings, cards) or the
  // original's bytes instead of what the phone fetched, or hid the runs it dropped.
  const photoLoad = (lcp, files, app = 3000) => ({
    ...load(800, lcp, { app }),
    files: files.map(([p, b]) => ({ path: p, kind: 'images', bytes: b })),
  });
  const lead = '/images/boreal-forest-carbon-1280-0123abcd.webp';
  const photo = {
    originalBytes: 1000 * 1024,
    loads: {
      khabar: [1500, 1600, NaN].map((lcp) => photoLoad(lcp, [[lead, 100 * 1024], ['/images/mars-dust-storm-study.svg', 2048]])),
      static: [1400, 1500, 1450].map((lcp) => photoLoad(lcp, [[lead, 100 * 1024]], NaN)),
    },
  };
  const results = summarize({ ...input(), photo });
  assert.equal(results.photo.khabar.pictureBytes, 100 * 1024, "only the photograph's own files");
  const text = report(results);
  assert.match(text, /picture bytes \(original 1000\.0 KiB\) +\| +100\.0 KiB \| +100\.0 KiB \| +10\.0 % of the original \|/);
  assert.match(text, /largest contentful paint \(2 of 3; 3 of 3\) +\| +1550 ms \| +1450 ms \| +1\.07× \|/);
  assert.ok(text.includes('  - photo khabar load 3: no largest-contentful-paint entry'));
  assert.ok(text.includes(`photograph's files fetched: Khabar ${lead}; static ${lead}.`));
});

test("the move to a page in a module of its own reports its times and the module's bytes", () => {
  // Defect: a move whose time hid the page module's download, or whose bytes went unreported.
  const move = (cold, prefetched, bytes) => ({ cold: { time: cold, moduleBytes: bytes }, prefetched: { time: prefetched, moduleBytes: 0 } });
  const results = summarize({ ...input(), moveRuns: [move(700, 400, 20480), move(720, 380, 20480), move(680, 420, 20480)] });
  assert.equal(results.move.coldMs, 700);
  const text = report(results);
  assert.match(text, /article → its section \(a page module; no service worker yet\), click → heading painted, median of 3/);
  assert.match(text, / {2}cold +\| +700 ms \|/);
  assert.match(text, /prefetched, hover first +\| +400 ms \|/);
  assert.match(text, /page modules fetched by the move \(cold\) +\| +20\.0 KiB \|/);
  assert.doesNotMatch(report(sample()), /article → its section/, 'no rows without the runs');
});
