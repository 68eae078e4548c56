// `make bench`: serves the release bundle in dist/ with the project's nginx config on loopback and
// measures, in one run, the prerendered and hydrated seed article beside the same page without the
// app's JavaScript (the physical limit, bench/static-page.mjs): bytes over the wire, paint times,
// layout shift and main-thread blocking under mobile-like throttling, the time until the app runs,
// in-app navigation, memory. Prints one table and writes it as JSON to bench/results.json.
// Figures, not a pass/fail test.
//
// BENCH_RUNS=5 (default) sets how many runs each median is taken over. A run that yields no figure
// (no paint entry; an app that never started; a click whose precondition failed) is left out of its
// median, and the table says how many were kept and why the others were dropped.
// Then the same cold loads of a photo-led article on a dense phone, beside its static copy: the
// picture's bytes against the original's, its LCP, its layout shift.
import { cpSync, rmSync, mkdirSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { chromium } from '@playwright/test';
import { startNginx } from '../tests/e2e/nginx.js';
import { precompress } from '../scripts/postbuild.mjs';
import { staticArticle } from './static-page.mjs';

const root = path.resolve(import.meta.dirname, '..');
const RUNS = Number(process.env.BENCH_RUNS || 5);
const SEED = 'putin-assad-summit-moscow';
const LINKED = 'webassembly-arabic-apps'; // an article with related cards, for the click timings
// An article that leads with a photograph as a photo desk hands it over (a 2560×1600 JPEG), on a
// 390-px phone at density 3: the lead picture is its largest element.
const PHOTO = 'boreal-forest-carbon';
const PHOTO_ORIGINAL = path.join(root, 'public/images', `${PHOTO}.jpg`);
const PHONE = { viewport: { width: 390, height: 844 }, deviceScaleFactor: 3 };
const NETWORK = { offline: false, latency: 150, downloadThroughput: 1.6e6 / 8, uploadThroughput: 750e3 / 8 };
const CPU_SLOWDOWN = 4;
const NAVIGATIONS = 100;
const STATIC_PAGE = 'the same prerendered file without the module loader, the template naming the JS and wasm, and the hydration data, as a reader without JavaScript gets it';

const median = (values) => {
  const sorted = values.filter((v) => Number.isFinite(v)).sort((a, b) => a - b);
  if (sorted.length === 0) return NaN;
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
};
/** How many of the runs a median was taken over, e.g. "5 of 5", for the table. */
const kept = (values) => `${values.filter((v) => Number.isFinite(v)).length} of ${values.length}`;

/** dist/ plus the static page, in a folder of its own, precompressed like the rest. */
async function prepareSite() {
  const site = path.join(root, 'target/bench/site');
  rmSync(site, { recursive: true, force: true });
  mkdirSync(path.dirname(site), { recursive: true });
  cpSync(path.join(root, 'dist'), site, { recursive: true });
  for (const slug of [SEED, PHOTO]) {
    const file = path.join(site, 'static', `${slug}.html`);
    mkdirSync(path.dirname(file), { recursive: true });
    writeFileSync(file, staticArticle(site, slug));
    await precompress(file);
  }
  return site;
}

async function throttledPage(browser, { throttle = true, device = {}, serviceWorkers = 'allow' } = {}) {
  const context = await browser.newContext({
    serviceWorkers,
    locale: 'ar',
    timezoneId: 'Asia/Riyadh',
    viewport: { width: 412, height: 823 },
    deviceScaleFactor: 1.75,
    ...device,
    isMobile: true,
    hasTouch: true,
  });
  const page = await context.newPage();
  const cdp = await context.newCDPSession(page);
  await cdp.send('Network.enable');
  // Chromium only offers brotli over HTTPS; ask for it as a browser on HTTPS would.
  await cdp.send('Network.setExtraHTTPHeaders', { headers: { 'Accept-Encoding': 'gzip, deflate, br' } });
  if (throttle) {
    await cdp.send('Network.emulateNetworkConditions', NETWORK);
    await cdp.send('Emulation.setCPUThrottlingRate', { rate: CPU_SLOWDOWN });
  }
  await page.addInitScript(() => {
    window.__lcp = NaN;
    new PerformanceObserver((list) => {
      for (const entry of list.getEntries()) window.__lcp = entry.startTime;
    }).observe({ type: 'largest-contentful-paint', buffered: true });
    // Layout shifts a reader did not cause (no input within 500 ms), each with what moved.
    window.__shifts = [];
    const describe = (node) => (node?.nodeType === 1
      ? `${node.localName}${node.id ? `#${node.id}` : ''}${[...node.classList].map((c) => `.${c}`).join('')}`
      : String(node?.nodeName ?? 'gone'));
    new PerformanceObserver((list) => {
      for (const entry of list.getEntries()) {
        if (!entry.hadRecentInput) {
          window.__shifts.push({ at: entry.startTime, value: entry.value, sources: entry.sources.map((s) => describe(s.node)) });
        }
      }
    }).observe({ type: 'layout-shift', buffered: true });
    window.__longTasks = [];
    new PerformanceObserver((list) => {
      for (const entry of list.getEntries()) window.__longTasks.push({ start: entry.startTime, duration: entry.duration });
    }).observe({ type: 'longtask', buffered: true });
    // The app marks <html data-app> once it runs (hydrated, its controls live).
    window.__app = NaN;
    new MutationObserver(() => {
      if (Number.isNaN(window.__app) && document.documentElement?.hasAttribute('data-app')) window.__app = performance.now();
    }).observe(document, { subtree: true, attributes: true, attributeFilter: ['data-app'] });
    addEventListener('TrunkApplicationStarted', (e) => { window.__khabarWasm = e.detail.wasm; });
  });
  return { context, page, cdp };
}

const KINDS = ['html', 'js', 'wasm', 'css', 'fonts', 'images', 'data', 'other'];
function kindOf({ url, type }) {
  const pathname = new URL(url).pathname;
  if (pathname.endsWith('.wasm')) return 'wasm';
  if (pathname.includes('/api/')) return 'data';
  if (/\.(svg|png|webp|avif|jpe?g|gif|ico)$/.test(pathname)) return 'images';
  return { Document: 'html', Script: 'js', Stylesheet: 'css', Font: 'fonts', Image: 'images' }[type] ?? 'other';
}

/** How long to keep watching after the page settled, for shifts caused by late effects. */
const SETTLE_MS = 1000;

/**
 * One cold load: FCP, LCP, CLS (the sum of the shifts a reader did not cause, from navigation to
 * SETTLE_MS after the network went quiet), main-thread blocking after the first paint (the long
 * tasks' time beyond 50 ms, summed, as in Total Blocking Time), the time until <html data-app>
 * (`app`: the wasm has hydrated the page; NaN on a page without the app, or if it never started),
 * and the bytes received by kind (headers included, as on the wire).
 */
async function coldLoad(browser, url, { app, device }) {
  const { context, page, cdp } = await throttledPage(browser, { device });
  const requests = new Map();
  cdp.on('Network.responseReceived', (e) => requests.set(e.requestId, { url: e.response.url, type: e.type, encoding: e.response.headers['content-encoding'] ?? e.response.headers['Content-Encoding'] }));
  cdp.on('Network.loadingFinished', (e) => { const r = requests.get(e.requestId); if (r) r.bytes = e.encodedDataLength; });
  await page.goto(url, { waitUntil: 'load' });
  await page.locator('main h1').waitFor();
  let started = true;
  if (app) started = await page.locator('html[data-app]').waitFor({ state: 'attached', timeout: 60_000 }).then(() => true, () => false);
  await page.waitForLoadState('networkidle');
  await page.waitForTimeout(SETTLE_MS);
  const figures = await page.evaluate(() => {
    const fcp = performance.getEntriesByName('first-contentful-paint')[0]?.startTime ?? NaN;
    return {
      fcp,
      lcp: window.__lcp,
      shifts: window.__shifts,
      blocking: window.__longTasks.filter((t) => t.start >= fcp).reduce((sum, t) => sum + Math.max(0, t.duration - 50), 0),
      longTasks: window.__longTasks,
      app: window.__app,
    };
  });
  const bytes = Object.fromEntries(KINDS.map((k) => [k, 0]));
  const encodings = new Set();
  const files = [];
  for (const r of requests.values()) {
    if (!r.bytes || r.url.startsWith('data:')) continue;
    bytes[kindOf(r)] += r.bytes;
    files.push({ path: new URL(r.url).pathname, kind: kindOf(r), bytes: r.bytes });
    if (r.encoding) encodings.add(r.encoding);
  }
  bytes.total = Object.values(bytes).reduce((a, b) => a + b, 0);
  await context.close();
  const cls = figures.shifts.reduce((sum, s) => sum + s.value, 0);
  return { ...figures, cls, app: app && started ? figures.app : NaN, bytes, encodings: [...encodings], files };
}

/** Time from a click on the link `selector` finds (a script's click: no pointer announces it) to
 * the page's heading painted with the link's text, in the page's own clock. */
async function clickToHeading(page, selector) {
  return page.evaluate((selector) => new Promise((resolve) => {
    const link = document.querySelector(selector);
    const title = link.textContent.trim();
    const shown = () => document.querySelector('main h1')?.textContent.trim() === title;
    const start = performance.now();
    const observer = new MutationObserver(() => {
      if (!shown()) return;
      observer.disconnect();
      // The frame after the change is the one that paints it.
      requestAnimationFrame(() => setTimeout(() => resolve(performance.now() - start), 0));
    });
    observer.observe(document.body, { subtree: true, childList: true, characterData: true });
    link.click();
  }), selector);
}

/** Time from a click on a related card to its headline painted. */
const clickToHeadline = (page, href) => clickToHeading(page, `section.related a[href="${href}"]`);

/**
 * One related-card click on a freshly loaded article: `cold` (the card's article was never
 * requested; the pointer never touched a card) or prefetched (hovered until its JSON arrived).
 * Both scroll the card into view first, so they differ only by the prefetch.
 */
async function click(browser, url, prefetch) {
  const { context, page } = await throttledPage(browser);
  const requested = [];
  page.on('request', (r) => { if (r.url().includes('/api/articles/')) requested.push(new URL(r.url()).pathname); });
  await page.goto(url);
  // The cards are in the prerendered HTML: a click before the app runs is a page load, not a move.
  await page.locator('html[data-app]').waitFor({ state: 'attached' });
  await page.waitForLoadState('networkidle');
  const link = page.locator('section.related h3 a').last();
  const href = await link.getAttribute('href');
  const json = `/api/articles/${href.split('/').pop()}.json`;
  await link.evaluate((a) => a.scrollIntoView({ block: 'center' }));
  if (prefetch) {
    const done = page.waitForEvent('requestfinished', (r) => r.url().endsWith(json));
    await link.hover();
    await done;
  }
  await page.waitForTimeout(500);
  const wasRequested = requested.includes(json);
  // A run that would not measure what it is named after is dropped, with the reason.
  let dropped = null;
  if (wasRequested && !prefetch) dropped = "the card's article had been requested before the click, so it was not cold";
  if (!wasRequested && prefetch) dropped = "hovering did not request the card's article, so nothing was prefetched";
  const time = dropped ? NaN : await clickToHeadline(page, href);
  await context.close();
  return { time, dropped };
}

async function clicks(browser, url) {
  return { cold: await click(browser, url, false), prefetched: await click(browser, url, true) };
}

/** A page module's file (see README, "The wasm in modules"). */
const PAGE_MODULE = /\/khabar-[a-z0-9]+-[0-9a-f]{16}\.wasm$/;

/**
 * From a freshly loaded article, the move to its section (a page in a wasm module of its own): the
 * time from the click to the section's heading painted, and the page modules' bytes over the wire.
 * `cold`: the pointer never touched the link (a script's click, as a tap that gives no warning);
 * prefetched: the pointer over the link first, until its module arrived (a build without page
 * modules has none: it then waits 3 s). Without the service worker, which precaches every module
 * once the page has loaded: the move of a first visit, before it has.
 */
async function sectionMove(browser, url, prefetch) {
  const { context, page } = await throttledPage(browser, { serviceWorkers: 'block' });
  await page.goto(url);
  await page.locator('html[data-app]').waitFor({ state: 'attached' });
  await page.waitForLoadState('networkidle');
  const link = page.locator('.article__section a');
  if (prefetch) {
    const arrived = page.waitForEvent('requestfinished', { predicate: (r) => PAGE_MODULE.test(r.url()), timeout: 3000 }).catch(() => null);
    await link.hover();
    await arrived;
  }
  const time = await clickToHeading(page, '.article__section a');
  const moduleBytes = await page.evaluate((source) => performance.getEntriesByType('resource')
    .filter((e) => new RegExp(source).test(new URL(e.name).pathname))
    .reduce((sum, e) => sum + e.transferSize, 0), PAGE_MODULE.source);
  await context.close();
  return { time, moduleBytes };
}

async function sectionMoves(browser, url) {
  return { cold: await sectionMove(browser, url, false), prefetched: await sectionMove(browser, url, true) };
}

/**
 * After 1 and after 100 in-app navigations through related cards: the JS heap, DOM nodes and
 * listeners after a forced garbage collection, and the size of the wasm linear memory, which grows
 * and never shrinks (the most the app has needed so far, not what it holds now).
 */
async function memory(browser, url) {
  const { context, page, cdp } = await throttledPage(browser, { throttle: false });
  await page.goto(url);
  await page.locator('html[data-app]').waitFor({ state: 'attached' });
  const measure = async () => {
    await cdp.send('HeapProfiler.collectGarbage');
    const heap = await cdp.send('Runtime.getHeapUsage');
    const dom = await cdp.send('Memory.getDOMCounters');
    const wasm = await page.evaluate(() => window.__khabarWasm?.memory?.buffer.byteLength ?? NaN);
    return { jsHeap: heap.usedSize, wasmMemorySize: wasm, domNodes: dom.nodes, listeners: dom.jsEventListeners };
  };
  const results = {};
  for (let i = 1; i <= NAVIGATIONS; i++) {
    const hrefs = await page.locator('section.related h3 a').evaluateAll((as) => as.map((a) => a.getAttribute('href')));
    await clickToHeadline(page, hrefs[i % hrefs.length]);
    await page.locator('section.related li').first().waitFor();
    if (i === 1 || i === NAVIGATIONS) results[i] = await measure();
  }
  await context.close();
  return results;
}

const kb = (bytes) => `${(bytes / 1024).toFixed(1)} KiB`;
const ms = (value) => (Number.isFinite(value) ? `${Math.round(value)} ms` : 'n/a');
const mb = (bytes) => (Number.isFinite(bytes) ? `${(bytes / 1048576).toFixed(2)} MiB` : 'n/a');
const shift = (value) => (Number.isFinite(value) ? value.toFixed(3) : 'n/a');
const ratio = (a, b) => (Number.isFinite(a) && Number.isFinite(b) && b > 0 ? `${(a / b).toFixed(2)}×` : '');

/**
 * The figures of one bench run, as written to bench/results.json: medians with how many runs each
 * was taken over (`fcpRuns: "4 of 5"`), and every dropped run with its reason.
 * `loads` is { khabar: [coldLoad…], static: [coldLoad…] } (each { fcp, lcp, cls, shifts, blocking,
 * app, bytes, encodings }), `clickRuns` [{ cold, prefetched }…]
 * (each { time, dropped }), `mem` { 1: measure, [NAVIGATIONS]: measure }, `moveRuns`
 * [{ cold, prefetched }…] (each { time, moduleBytes }).
 */
export function summarize({ loads, clickRuns, moveRuns, mem, photo, browser, date = new Date().toISOString() }) {
  const figure = (which, name) => loads[which].map((l) => l[name]);
  const summary = (which) => ({
    fcp: median(figure(which, 'fcp')),
    fcpRuns: kept(figure(which, 'fcp')),
    lcp: median(figure(which, 'lcp')),
    lcpRuns: kept(figure(which, 'lcp')),
    cls: median(figure(which, 'cls')),
    clsRuns: kept(figure(which, 'cls')),
    clsWorst: Math.max(...figure(which, 'cls').filter(Number.isFinite)),
    // Shifts from the moment the app ran: what hydration itself moved (NaN on a page without it).
    clsAfterApp: median(loads[which].map((l) => (Number.isFinite(l.app) ? (l.shifts ?? []).filter((s) => s.at >= l.app).reduce((sum, s) => sum + s.value, 0) : NaN))),
    // What moved: each element's shift, summed over the loads and divided by their number.
    shiftSources: Object.fromEntries(Object.entries(loads[which].flatMap((l) => l.shifts ?? [])
      .flatMap((s) => s.sources.map((source) => [source, s.value / Math.max(1, s.sources.length)]))
      .reduce((by, [source, value]) => ({ ...by, [source]: (by[source] ?? 0) + value / loads[which].length }), {}))
      .sort(([, a], [, b]) => b - a)),
    blocking: median(figure(which, 'blocking')),
    blockingRuns: kept(figure(which, 'blocking')),
    app: median(figure(which, 'app')),
    appRuns: kept(figure(which, 'app')),
    bytes: Object.fromEntries([...KINDS, 'total'].map((k) => [k, median(loads[which].map((l) => l.bytes[k]))])),
    encodings: [...new Set(loads[which].flatMap((l) => l.encodings))],
  });
  const dropped = [
    ...['khabar', 'static'].flatMap((which) => loads[which].flatMap((l, i) => [
      ...(Number.isFinite(l.fcp) ? [] : [`${which} load ${i + 1}: no first-contentful-paint entry`]),
      ...(Number.isFinite(l.lcp) ? [] : [`${which} load ${i + 1}: no largest-contentful-paint entry`]),
      ...(which === 'static' || Number.isFinite(l.app) ? [] : [`${which} load ${i + 1}: the app never set <html data-app> (it did not start or hydrate)`]),
    ])),
    ...clickRuns.flatMap((c, i) => ['cold', 'prefetched'].filter((w) => c[w].dropped).map((w) => `${w} click ${i + 1}: ${c[w].dropped}`)),
    ...(photo ? ['khabar', 'static'].flatMap((which) => photo.loads[which].flatMap((l, i) => [
      ...(Number.isFinite(l.lcp) ? [] : [`photo ${which} load ${i + 1}: no largest-contentful-paint entry`]),
      ...(which === 'static' || Number.isFinite(l.app) ? [] : [`photo ${which} load ${i + 1}: the app never set <html data-app>`]),
    ])) : []),
  ];
  // The photograph's files a load fetched (its variants, named after it), in bytes on the wire.
  const photoFiles = (l) => l.files.filter((f) => f.path.startsWith(`/images/${PHOTO}-`));
  const pictureBytes = (l) => photoFiles(l).reduce((sum, f) => sum + f.bytes, 0);
  const photoSummary = (which) => ({
    lcp: median(photo.loads[which].map((l) => l.lcp)),
    lcpRuns: kept(photo.loads[which].map((l) => l.lcp)),
    cls: median(photo.loads[which].map((l) => l.cls)),
    clsWorst: Math.max(...photo.loads[which].map((l) => l.cls).filter(Number.isFinite)),
    pictureBytes: median(photo.loads[which].map(pictureBytes)),
    pictureFiles: [...new Set(photo.loads[which].flatMap((l) => photoFiles(l).map((f) => f.path)))],
    totalBytes: median(photo.loads[which].map((l) => l.bytes.total)),
  });
  return {
    date,
    browser,
    conditions: { rttMs: NETWORK.latency, downKbps: 1600, upKbps: 750, cpuSlowdown: CPU_SLOWDOWN, viewport: '412×823 @1.75', runs: loads.khabar.length },
    article: SEED,
    reference: STATIC_PAGE,
    khabar: summary('khabar'),
    static: summary('static'),
    click: {
      article: LINKED,
      coldMs: median(clickRuns.map((c) => c.cold.time)),
      coldRuns: kept(clickRuns.map((c) => c.cold.time)),
      prefetchedMs: median(clickRuns.map((c) => c.prefetched.time)),
      prefetchedRuns: kept(clickRuns.map((c) => c.prefetched.time)),
      runs: clickRuns,
    },
    move: moveRuns && {
      from: SEED,
      coldMs: median(moveRuns.map((m) => m.cold.time)),
      prefetchedMs: median(moveRuns.map((m) => m.prefetched.time)),
      moduleBytes: median(moveRuns.map((m) => m.cold.moduleBytes)),
      runs: moveRuns,
    },
    // JS heap and DOM after a forced GC; wasmMemorySize is the linear memory's size, a high-water mark.
    memory: Object.fromEntries(Object.entries(mem).map(([n, m]) => [`after${n}`, m])),
    photo: photo && {
      article: PHOTO,
      device: `${PHONE.viewport.width}×${PHONE.viewport.height} @${PHONE.deviceScaleFactor}`,
      originalBytes: photo.originalBytes,
      khabar: photoSummary('khabar'),
      static: photoSummary('static'),
    },
    dropped,
    raw: loads,
    rawPhoto: photo?.loads,
  };
}

const sources = (by) => Object.entries(by ?? {}).map(([source, value]) => `${source} ${value.toFixed(4)}`).join(', ') || 'nothing';

/** The photo-led article's rows: its picture's bytes against the original's, LCP, layout shift. */
function photoRows(photo) {
  const k = photo.khabar;
  const s = photo.static;
  const share = (bytes) => `${((100 * bytes) / photo.originalBytes).toFixed(1)} % of the original`;
  return [
    [`/article/${photo.article}, lead photograph, ${photo.device}, median`, '', '', ''],
    [`  picture bytes (original ${kb(photo.originalBytes)})`, kb(k.pictureBytes), kb(s.pictureBytes), share(k.pictureBytes)],
    ['  all bytes', kb(k.totalBytes), kb(s.totalBytes), ratio(k.totalBytes, s.totalBytes)],
    [`  largest contentful paint (${k.lcpRuns}; ${s.lcpRuns})`, ms(k.lcp), ms(s.lcp), ratio(k.lcp, s.lcp)],
    ['  cumulative layout shift (median; worst load)', `${shift(k.cls)}; ${shift(k.clsWorst)}`, `${shift(s.cls)}; ${shift(s.clsWorst)}`, ''],
  ];
}

/** The table `make bench` prints, and the runs left out of its medians. */
export function report(results) {
  const k = results.khabar;
  const s = results.static;
  const navigations = Object.keys(results.memory).map((key) => Number(key.slice('after'.length)));
  const plural = (n) => `${n} navigation${n > 1 ? 's' : ''}`;
  const rows = [
    ['bytes over the wire (brotli, with headers), median', '', '', ''],
    ...[...KINDS, 'total'].filter((kind) => kind === 'total' || k.bytes[kind] || s.bytes[kind])
      .map((kind) => [`  ${kind}`, kb(k.bytes[kind]), kb(s.bytes[kind]), ratio(k.bytes[kind], s.bytes[kind])]),
    ['paint, median of the cold loads kept (Khabar; static)', '', '', ''],
    [`  first contentful paint (${k.fcpRuns}; ${s.fcpRuns})`, ms(k.fcp), ms(s.fcp), ratio(k.fcp, s.fcp)],
    [`  largest contentful paint (${k.lcpRuns}; ${s.lcpRuns})`, ms(k.lcp), ms(s.lcp), ratio(k.lcp, s.lcp)],
    ['layout and main thread, median of the cold loads kept', '', '', ''],
    [`  cumulative layout shift (${k.clsRuns}; ${s.clsRuns})`, shift(k.cls), shift(s.cls), ''],
    ['  cumulative layout shift, worst load', shift(k.clsWorst), shift(s.clsWorst), ''],
    [`  of which once the app ran (${k.appRuns})`, shift(k.clsAfterApp), 'no app', ''],
    [`  blocked after first paint: long tasks beyond 50 ms (${k.blockingRuns}; ${s.blockingRuns})`, ms(k.blocking), ms(s.blocking), ''],
    [`  app running: hydrated, <html data-app> set (${k.appRuns})`, ms(k.app), 'no app', ''],
    ['related card click → headline painted, median of the runs kept', '', '', ''],
    [`  cold (${results.click.coldRuns})`, ms(results.click.coldMs), '', ''],
    [`  prefetched, hover first (${results.click.prefetchedRuns})`, ms(results.click.prefetchedMs), '', ''],
    ...(results.move ? [
      [`article → its section (a page module; no service worker yet), click → heading painted, median of ${results.move.runs.length}`, '', '', ''],
      ['  cold', ms(results.move.coldMs), '', ''],
      ['  prefetched, hover first', ms(results.move.prefetchedMs), '', ''],
      ['  page modules fetched by the move (cold)', kb(results.move.moduleBytes), '', ''],
    ] : []),
    ['after a forced garbage collection', '', '', ''],
    ...navigations.flatMap((n) => [
      [`  JS heap after ${plural(n)}`, mb(results.memory[`after${n}`].jsHeap), '', ''],
      [`  DOM nodes / listeners after ${plural(n)}`, `${results.memory[`after${n}`].domNodes} / ${results.memory[`after${n}`].listeners}`, '', ''],
    ]),
    ['wasm linear memory size (only grows: the most needed so far)', '', '', ''],
    ...navigations.map((n) => [`  after ${plural(n)}`, mb(results.memory[`after${n}`].wasmMemorySize), '', '']),
    ...(results.photo ? photoRows(results.photo) : []),
  ];
  const header = ['', 'Khabar', 'static page', 'Khabar / static'];
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i].length)));
  const line = (cells) => `| ${cells.map((c, i) => (i === 0 ? c.padEnd(widths[i]) : c.padStart(widths[i]))).join(' | ')} |`;
  const c = results.conditions;
  return [
    `/article/${results.article} on nginx (loopback), ${results.browser}, ${c.rttMs} ms RTT, ${c.downKbps / 1000} Mbps down, ${c.upKbps} kbps up, CPU ${c.cpuSlowdown}× slower`,
    `Khabar: the prerendered page, hydrated by the wasm. Static page: ${results.reference}.`,
    line(header),
    `|${widths.map((w, i) => (i === 0 ? '-'.repeat(w + 2) : `${'-'.repeat(w + 1)}:`)).join('|')}|`,
    ...rows.map(line),
    '',
    `(n of ${c.runs}): the runs a median was taken over. ${results.dropped.length ? 'Dropped:' : 'No run was dropped.'}`,
    ...results.dropped.map((reason) => `  - ${reason}`),
    '',
    `encodings seen: Khabar ${k.encodings.join(', ') || 'none'}; static ${s.encodings.join(', ') || 'none'}.`,
    `what shifted (mean per load): Khabar ${sources(k.shiftSources)}; static ${sources(s.shiftSources)}.`,
    ...(results.photo ? [`photograph's files fetched: Khabar ${results.photo.khabar.pictureFiles.join(', ') || 'none'}; static ${results.photo.static.pictureFiles.join(', ') || 'none'}.`] : []),
  ].join('\n');
}

async function main() {
  const site = await prepareSite();
  const server = await startNginx({ dist: site });
  const browser = await chromium.launch({
    executablePath: process.env.CHROME_PATH || '/usr/bin/chromium',
    args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'],
  });
  try {
    const khabarUrl = `${server.url}/article/${SEED}`;
    const staticUrl = `${server.url}/static/${SEED}.html`;
    const loads = { khabar: [], static: [] };
    for (let run = 0; run < RUNS; run++) {
      // Alternate which goes first, so drift in the machine's load hits both alike.
      const order = run % 2 ? ['static', 'khabar'] : ['khabar', 'static'];
      for (const which of order) loads[which].push(await coldLoad(browser, which === 'khabar' ? khabarUrl : staticUrl, { app: which === 'khabar' }));
      process.stderr.write(`bench: paint run ${run + 1}/${RUNS}\n`);
    }
    const clickRuns = [];
    for (let run = 0; run < RUNS; run++) clickRuns.push(await clicks(browser, `${server.url}/article/${LINKED}`));
    process.stderr.write('bench: clicks done\n');
    const moveRuns = [];
    for (let run = 0; run < RUNS; run++) moveRuns.push(await sectionMoves(browser, khabarUrl));
    process.stderr.write('bench: section moves done\n');
    const mem = await memory(browser, `${server.url}/article/${LINKED}`);
    const photo = { originalBytes: statSync(PHOTO_ORIGINAL).size, loads: { khabar: [], static: [] } };
    for (let run = 0; run < RUNS; run++) {
      const order = run % 2 ? ['static', 'khabar'] : ['khabar', 'static'];
      for (const which of order) {
        const url = which === 'khabar' ? `${server.url}/article/${PHOTO}` : `${server.url}/static/${PHOTO}.html`;
        photo.loads[which].push(await coldLoad(browser, url, { app: which === 'khabar', device: PHONE }));
      }
      process.stderr.write(`bench: photo run ${run + 1}/${RUNS}\n`);
    }

    const results = summarize({ loads, clickRuns, moveRuns, mem, photo, browser: `Chromium ${browser.version()}` });
    writeFileSync(path.join(root, 'bench/results.json'), `${JSON.stringify(results, null, 2)}\n`);
    console.log(`\n${report(results)} Written to bench/results.json.`);
  } finally {
    await browser.close();
    await server.stop();
  }
}

if (process.argv[1] && path.resolve(process.argv[1]) === import.meta.filename) {
  main().catch((error) => {
    console.error(error);
    process.exit(1);
  });
}
