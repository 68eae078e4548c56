// What nginx answers with deploy/nginx.conf, byte for byte: security headers on every kind of
// answer, caching by file type, the precompressed copies, every page's own prerendered file, the
// app shell for addresses without one, and real 404s.
import { readFileSync, readdirSync } from 'node:fs';
import { get } from 'node:http';
import path from 'node:path';
import { test, expect, SEED, SEED_HEADLINE } from './fixtures.js';
import { inlineScripts, inlineStyleBlocks, cspHash } from '../../scripts/postbuild.mjs';

const dist = path.resolve(import.meta.dirname, '../../dist');
const indexHtml = readFileSync(path.join(dist, 'index.html'), 'utf8');
const page = (file) => readFileSync(path.join(dist, file), 'utf8');

/** Every HTML page of the bundle, relative to dist/. */
function htmlFiles(dir = dist) {
  return readdirSync(dir, { recursive: true }).filter((f) => f.endsWith('.html')).sort();
}

/** The inline scripts a browser runs (not the `application/json` data blocks, which CSP ignores). */
const executableScripts = (html) =>
  [...html.matchAll(/<script\b([^>]*)>([\s\S]*?)<\/script>/gi)]
    .filter(([, attrs]) => !/\bsrc\s*=/.test(attrs) && !/\btype\s*=\s*"?application\/(?:ld\+)?json/i.test(attrs))
    .map(([, , text]) => text);
const asset = (pattern) => {
  const name = readdirSync(dist).find((f) => pattern.test(f));
  if (!name) throw new Error(`no file matching ${pattern} in dist/`);
  return `/${name}`;
};
const JS = asset(/^khabar-[0-9a-f]+\.js$/);
const WASM = asset(/^khabar-[0-9a-f]+_bg\.wasm$/);
const ICON = asset(/^favicon-[0-9a-f]+\.svg$/);
const IMAGE = `/images/${readdirSync(path.join(dist, 'images')).find((f) => f.endsWith('.svg'))}`;
/** A photograph's file, named after its bytes by `make publish`. */
const PHOTO = `/images/${readdirSync(path.join(dist, 'images')).find((f) => /-[0-9]+-[0-9a-f]{8}\.webp$/.test(f))}`;

/** A raw GET: no decompression, so what travels is what is checked. */
function fetchRaw(url, headers = {}) {
  return new Promise((resolve, reject) => {
    get(url, { headers }, (res) => {
      const chunks = [];
      res.on('data', (c) => chunks.push(c));
      res.on('end', () => resolve({ status: res.statusCode, headers: res.headers, body: Buffer.concat(chunks) }));
    }).on('error', reject);
  });
}
const url = (p) => `${process.env.KHABAR_URL}${p}`;

const IMMUTABLE = 'public, max-age=31536000, immutable';
const ANSWERS = [
  // path, status, Cache-Control (undefined: none on errors), Content-Type
  ['/', 200, 'no-cache', 'text/html; charset=utf-8'],
  [`/article/${SEED}`, 200, 'no-cache', 'text/html; charset=utf-8'],
  ['/index.html', 200, 'no-cache', 'text/html; charset=utf-8'],
  ['/404.html', 200, 'no-cache', 'text/html; charset=utf-8'],
  [JS, 200, IMMUTABLE, 'application/javascript; charset=utf-8'],
  [WASM, 200, IMMUTABLE, 'application/wasm'],
  [ICON, 200, IMMUTABLE, 'image/svg+xml; charset=utf-8'],
  [IMAGE, 200, 'public, max-age=3600', 'image/svg+xml; charset=utf-8'],
  [PHOTO, 200, IMMUTABLE, 'image/webp'],
  ['/api/site.json', 200, 'no-cache', 'application/json; charset=utf-8'],
  [`/api/articles/${SEED}.json`, 200, 'no-cache', 'application/json; charset=utf-8'],
  ['/feed.xml', 200, 'no-cache', 'application/atom+xml; charset=utf-8'],
  ['/section/news/feed.xml', 200, 'no-cache', 'application/atom+xml; charset=utf-8'],
  ['/sitemap.xml', 200, 'no-cache', 'text/xml; charset=utf-8'],
  ['/news-sitemap.xml', 200, 'no-cache', 'text/xml; charset=utf-8'],
  ['/robots.txt', 200, 'no-cache', 'text/plain; charset=utf-8'],
  ['/khabar-0123456789abcdef.js', 404, undefined, 'text/html; charset=utf-8'],
  ['/api/articles/no-such-article.json', 404, undefined, 'text/html; charset=utf-8'],
  ['/.env', 404, undefined, 'text/html; charset=utf-8'],
];

/** The policy nginx sends, as a map of directive → sources. */
function directives(policy) {
  return Object.fromEntries(policy.split(';').map((d) => d.trim().split(/\s+/)).filter((d) => d[0]).map(([name, ...values]) => [name, values]));
}

test('every kind of answer carries the security headers, and caching fits the file', async () => {
  for (const [p, status, cache, type] of ANSWERS) {
    const { status: got, headers } = await fetchRaw(url(p), { 'accept-encoding': 'br, gzip' });
    const where = `${p} → ${got}`;
    expect(got, where).toBe(status);
    expect(headers['content-type'], where).toBe(type);
    expect(headers['cache-control'], where).toBe(cache);
    expect(headers['content-security-policy'], where).toMatch(/^default-src 'self';/);
    expect(headers['x-content-type-options'], where).toBe('nosniff');
    expect(headers['referrer-policy'], where).toBe('strict-origin-when-cross-origin');
    expect(headers['permissions-policy'], where).toContain('camera=()');
    expect(headers['permissions-policy'], where).toContain('geolocation=()');
    expect(headers['permissions-policy'], where).toContain('microphone=()');
    expect(headers['x-frame-options'], where).toBe('DENY');
    expect(headers.server, where).toBe('nginx');
  }
});

test('the Content-Security-Policy is strict and allows exactly the inline scripts every page shares', async () => {
  const { headers } = await fetchRaw(url(`/article/${SEED}`));
  const policy = headers['content-security-policy'];
  expect(policy).not.toContain('unsafe-inline');
  expect(policy).not.toContain("'unsafe-eval'");
  const csp = directives(policy);
  expect(csp['default-src']).toEqual(["'self'"]);
  // Styles: the site's, and the one style block every page carries (index.html's stylesheets).
  const styles = inlineStyleBlocks(indexHtml).map(cspHash);
  expect(styles.length).toBe(1);
  expect(csp['style-src'], `style-src 'self' ${styles.join(' ')}`).toEqual(["'self'", ...styles]);
  expect(csp['object-src']).toEqual(["'none'"]);
  expect(csp['frame-ancestors']).toEqual(["'none'"]);
  expect(csp['base-uri']).toEqual(["'self'"]);
  expect(csp['connect-src']).toEqual(["'self'"]);
  const [self, wasm, ...hashes] = csp['script-src'];
  expect([self, wasm]).toEqual(["'self'", "'wasm-unsafe-eval'"]);
  // inlineScripts (postbuild's) lists the JSON blocks too; only the scripts that run need a hash.
  expect(inlineScripts(indexHtml).length).toBeGreaterThan(executableScripts(indexHtml).length);
  const wanted = executableScripts(indexHtml).map(cspHash);
  expect(wanted.length).toBeGreaterThan(0);
  // One fixed policy for every page: no page has an inline script of its own (the data is JSON).
  const pages = htmlFiles();
  expect(pages.length).toBeGreaterThan(10);
  for (const file of pages) {
    expect(executableScripts(page(file)).map(cspHash).sort(), file).toEqual([...wanted].sort());
    expect(inlineStyleBlocks(page(file)).map(cspHash), file).toEqual(styles);
  }
  // When this fails after index.html changed, put these hashes in deploy/nginx.conf.
  expect(hashes.sort(), `script-src 'self' 'wasm-unsafe-eval' ${wanted.join(' ')}`).toEqual([...wanted].sort());
});

test('brotli and gzip copies are served to browsers that accept them, the file itself otherwise', async () => {
  for (const p of ['/index.html', JS, WASM, `/api/articles/${SEED}.json`]) {
    const file = path.join(dist, p === '/' ? 'index.html' : p);
    for (const [accept, encoding, copy] of [['gzip, deflate, br', 'br', '.br'], ['gzip', 'gzip', '.gz'], ['identity', undefined, '']]) {
      const { headers, body } = await fetchRaw(url(p), { 'accept-encoding': accept });
      expect(headers['content-encoding'], `${p} for ${accept}`).toBe(encoding);
      expect(headers.vary, p).toBe('Accept-Encoding');
      expect(body.equals(readFileSync(file + copy)), `${p} for ${accept} is ${file}${copy}`).toBe(true);
    }
  }
});

/** A part of the search index (Pagefind's) whose name ends so. */
const part = (end) => `/pagefind/${readdirSync(path.join(dist, 'pagefind'), { recursive: true }).find((f) => f.endsWith(end))}`;

test('the search index parts go as their brotli copy to browsers that take it, gzipped by Pagefind otherwise', async () => {
  // Defect guarded: a query's parts sent as Pagefind's gzip (a third more bytes than brotli), or
  // another encoding's copy sent to a browser that does not accept it.
  for (const p of [part('.pf_meta'), part('.pf_index'), part('.pf_fragment'), part('wasm.ar.pagefind')]) {
    const file = path.join(dist, p);
    for (const [accept, encoding, copy] of [['gzip, deflate, br', 'br', '.br'], ['gzip', undefined, ''], ['identity', undefined, '']]) {
      const { headers, body } = await fetchRaw(url(p), { 'accept-encoding': accept });
      expect(headers['content-encoding'], `${p} for ${accept}`).toBe(encoding);
      expect(headers['content-type'], p).toBe('application/octet-stream');
      expect(body.equals(readFileSync(file + copy)), `${p} for ${accept} is ${file}${copy}`).toBe(true);
    }
  }
});

test('every page answers its own prerendered file; other addresses the app shell; missing ones a real 404', async () => {
  // Defect guarded: a page answered with another's HTML (crawlers and link previews read it), or an
  // article that does not exist answered 200.
  const SHELL = page('shell.html');
  for (const [p, status, body] of [
    ['/', 200, indexHtml],
    [`/article/${SEED}`, 200, page(`article/${SEED}/index.html`)],
    [`/article/${SEED}/`, 200, page(`article/${SEED}/index.html`)],
    ['/section/technology', 200, page('section/technology/index.html')],
    ['/no/such/page', 200, SHELL],
    ['/article/no-such-article', 404, page('404.html')],
    ['/section/no-such-section', 404, page('404.html')],
  ]) {
    const { status: got, body: served } = await fetchRaw(url(p), { 'accept-encoding': 'identity' });
    expect(got, p).toBe(status);
    expect(served.toString(), p).toBe(body);
  }
  expect(indexHtml).not.toBe(SHELL);
  for (const p of ['/khabar-0123456789abcdef_bg.wasm', '/missing.css', '/images/missing.svg', '/api/articles/missing.json', '/api/missing', '/fonts/missing.woff2']) {
    const { status, body } = await fetchRaw(url(p));
    expect(status, p).toBe(404);
    // Never the app shell (nginx answers every 404 with the not-found page).
    expect(body.toString(), p).not.toContain('id="shell"');
  }
});

/**
 * What a reader sees when the app cannot start: the prerendered article stays readable, without the
 * controls that need the app; at an address without a page, the shell's message says why.
 */
async function expectAppRefused(page, problems, pattern) {
  await page.goto(`/article/${SEED}`);
  await expect.poll(() => problems.some((p) => pattern.test(p)), 'the loader refused the file').toBe(true);
  await page.waitForTimeout(300);
  expect(await page.evaluate(() => window.wasmBindings)).toBeUndefined();
  await expect(page.locator('html[data-app]'), 'the app started').toHaveCount(0);
  await expect(page.locator('main h1')).toContainText(SEED_HEADLINE);
  await expect(page.locator('.article__body p').first()).toBeVisible();
  await expect(page.locator('.reader-controls')).toBeHidden();

  const before = problems.length;
  await page.goto('/no/such/page');
  await expect.poll(() => problems.slice(before).some((p) => pattern.test(p)), 'the loader refused the file').toBe(true);
  await expect(page.getByRole('alert')).toHaveText(/تعذر تشغيل «خبر»/);
  await expect(page.getByRole('alert')).toBeInViewport();
  await expect(page.locator('#shell .site-header__name')).toHaveText('خبر');
  await expect(page.locator('h1')).toHaveCount(0);
}

test('a tampered script is refused by its integrity hash, so the app does not start', async ({ page, problems, expectErrors }) => {
  expectErrors(/integrity/i, /Failed to fetch dynamically imported module/);
  await page.route(`**${JS}`, async (route) => {
    const response = await route.fetch();
    await route.fulfill({ response, body: `${await response.text()}\nwindow.tampered = true;` });
  });
  await expectAppRefused(page, problems, /integrity|Failed to fetch dynamically imported module/i);
  expect(await page.evaluate(() => window.tampered)).toBeUndefined();
});

test('a tampered wasm is refused by its integrity hash, so the app does not start', async ({ page, problems, expectErrors }) => {
  // Defect: the loader let wasm-bindgen fetch the wasm by URL, unchecked (a preload link's integrity
  // does not bind other fetches), so a tampered copy ran.
  expectErrors(/integrity/i, /Failed to fetch/);
  let served = 0;
  await page.route(`**${WASM}`, async (route) => {
    const response = await route.fetch();
    // A custom section appended: still a valid module that would run, but not the published bytes.
    const extra = Buffer.concat([Buffer.from([0, 9, 8]), Buffer.from('tampered')]);
    await route.fulfill({ response, body: Buffer.concat([await response.body(), extra]) });
    served += 1;
  });
  await expectAppRefused(page, problems, /integrity|Failed to fetch/i);
  expect(served).toBeGreaterThan(0);
});

test('the seed article loads under the policy with no violation and no failed request', async ({ page, problems }) => {
  const loaded = [];
  page.on('response', (r) => loaded.push([new URL(r.url()).pathname, r.status()]));
  await page.goto(`/article/${SEED}`);
  await expect(page.getByRole('heading', { level: 1 })).toBeVisible();
  await page.waitForLoadState('networkidle');
  expect(loaded.filter(([, status]) => status >= 400)).toEqual([]);
  expect(problems).toEqual([]);
});
