// What nginx answers with deploy/nginx.conf, byte for byte: security headers on every kind of
// answer, caching by file type, the precompressed copies, and real 404s beside the app shell.
import { readFileSync, readdirSync } from 'node:fs';
import { get } from 'node:http';
import path from 'node:path';
import { test, expect, SEED } from './fixtures.js';
import { inlineScripts, cspHash } from '../../scripts/postbuild.mjs';

const dist = path.resolve(import.meta.dirname, '../../dist');
const indexHtml = readFileSync(path.join(dist, 'index.html'), 'utf8');
const asset = (pattern) => {
  const name = readdirSync(dist).find((f) => pattern.test(f));
  if (!name) throw new Error(`no file matching ${pattern} in dist/`);
  return `/${name}`;
};
const JS = asset(/^khabar-[0-9a-f]+\.js$/);
const WASM = asset(/^khabar-[0-9a-f]+_bg\.wasm$/);
const CSS = asset(/^styles-[0-9a-f]+\.css$/);
const ICON = asset(/^favicon-[0-9a-f]+\.svg$/);
const IMAGE = `/images/${readdirSync(path.join(dist, 'images')).find((f) => f.endsWith('.svg'))}`;

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
  [CSS, 200, IMMUTABLE, 'text/css; charset=utf-8'],
  [ICON, 200, IMMUTABLE, 'image/svg+xml; charset=utf-8'],
  [IMAGE, 200, 'public, max-age=3600', 'image/svg+xml; charset=utf-8'],
  ['/api/site.json', 200, 'no-cache', 'application/json; charset=utf-8'],
  [`/api/articles/${SEED}.json`, 200, 'no-cache', 'application/json; charset=utf-8'],
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

test('the Content-Security-Policy is strict and allows exactly the inline scripts of index.html', async () => {
  const { headers } = await fetchRaw(url(`/article/${SEED}`));
  const policy = headers['content-security-policy'];
  expect(policy).not.toContain('unsafe-inline');
  expect(policy).not.toContain("'unsafe-eval'");
  const csp = directives(policy);
  expect(csp['default-src']).toEqual(["'self'"]);
  expect(csp['style-src']).toEqual(["'self'"]);
  expect(csp['object-src']).toEqual(["'none'"]);
  expect(csp['frame-ancestors']).toEqual(["'none'"]);
  expect(csp['base-uri']).toEqual(["'self'"]);
  expect(csp['connect-src']).toEqual(["'self'"]);
  const [self, wasm, ...hashes] = csp['script-src'];
  expect([self, wasm]).toEqual(["'self'", "'wasm-unsafe-eval'"]);
  const wanted = inlineScripts(indexHtml).map(cspHash);
  expect(wanted.length).toBeGreaterThan(0);
  // When this fails after index.html changed, put these hashes in deploy/nginx.conf.
  expect(hashes.sort(), `script-src 'self' 'wasm-unsafe-eval' ${wanted.join(' ')}`).toEqual([...wanted].sort());
});

test('brotli and gzip copies are served to browsers that accept them, the file itself otherwise', async () => {
  for (const p of ['/index.html', JS, WASM, CSS, `/api/articles/${SEED}.json`]) {
    const file = path.join(dist, p === '/' ? 'index.html' : p);
    for (const [accept, encoding, copy] of [['gzip, deflate, br', 'br', '.br'], ['gzip', 'gzip', '.gz'], ['identity', undefined, '']]) {
      const { headers, body } = await fetchRaw(url(p), { 'accept-encoding': accept });
      expect(headers['content-encoding'], `${p} for ${accept}`).toBe(encoding);
      expect(headers.vary, p).toBe('Accept-Encoding');
      expect(body.equals(readFileSync(file + copy)), `${p} for ${accept} is ${file}${copy}`).toBe(true);
    }
  }
});

test('app routes answer the app shell; missing assets and API files answer a real 404', async () => {
  for (const p of ['/', `/article/${SEED}`, `/article/${SEED}/`, '/section/technology', '/no/such/page']) {
    const { status, body } = await fetchRaw(url(p), { 'accept-encoding': 'identity' });
    expect(status, p).toBe(200);
    expect(body.toString(), p).toBe(indexHtml);
  }
  for (const p of ['/khabar-0123456789abcdef_bg.wasm', '/missing.css', '/images/missing.svg', '/api/articles/missing.json', '/api/missing', '/fonts/missing.woff2']) {
    const { status, body } = await fetchRaw(url(p));
    expect(status, p).toBe(404);
    expect(body.toString(), p).not.toContain('<base');
  }
});

/** What a reader sees when the app cannot start: the masthead of the static shell and a message. */
async function expectAppRefused(page) {
  // Either the app starts (a headline) or the loader gives up (its message): wait for one of them.
  await expect(page.locator('h1, #khabar-failed:not([hidden])').first()).toBeVisible();
  await expect(page.locator('h1'), 'the app started').toHaveCount(0);
  expect(await page.evaluate(() => window.wasmBindings)).toBeUndefined();
  await expect(page.getByRole('alert')).toHaveText(/تعذر تشغيل «خبر»/);
  await expect(page.getByRole('alert')).toBeInViewport();
  await expect(page.locator('#shell .site-header__name')).toHaveText('خبر');
}

test('a tampered script is refused by its integrity hash, so the app does not start', async ({ page, expectErrors }) => {
  expectErrors(/integrity/i, /Failed to fetch dynamically imported module/);
  await page.route(`**${JS}`, async (route) => {
    const response = await route.fetch();
    await route.fulfill({ response, body: `${await response.text()}\nwindow.tampered = true;` });
  });
  await page.goto(`/article/${SEED}`);
  await page.waitForTimeout(500);
  expect(await page.evaluate(() => window.tampered)).toBeUndefined();
  await expectAppRefused(page);
});

test('a tampered wasm is refused by its integrity hash, so the app does not start', async ({ page, expectErrors }) => {
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
  await page.goto(`/article/${SEED}`);
  await expect.poll(() => served).toBeGreaterThan(0);
  await page.waitForTimeout(500);
  await expectAppRefused(page);
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
