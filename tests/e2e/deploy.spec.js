// Two other ways to deploy: below a path (`make build PUBLIC_URL=/news/`, served by the same nginx
// config with `$khabar_base` set), and on a plain static host that has no rewrites: every page has
// its own file there, and an address without one is answered with 404.html.
import { createServer } from 'node:http';
import { readFileSync, existsSync, statSync } from 'node:fs';
import path from 'node:path';
import { test, expect, SEED, SEED_HEADLINE, documentNotFound } from './fixtures.js';

test.describe('below /news/', () => {
  test.use({ site: 'subpath' });

  test('home, a card and the article it opens stay below /news/, with every file from there', async ({ page, baseURL }) => {
    const outside = [];
    page.on('request', (r) => {
      const url = new URL(r.url());
      if (url.origin === new URL(baseURL).origin && !url.pathname.startsWith('/news/')) outside.push(url.pathname);
    });
    await page.goto('');
    await expect(page.getByRole('heading', { level: 1 })).toHaveText('أحدث الأخبار');
    const hrefs = await page.locator('a[href^="/"]').evaluateAll((links) => links.map((a) => a.getAttribute('href')));
    expect(hrefs.length).toBeGreaterThan(0);
    expect(hrefs.filter((h) => !h.startsWith('/news/'))).toEqual([]);
    const card = page.locator('.cards li h2 a, .cards li h3 a').first();
    const title = (await card.textContent()).trim();
    await card.click();
    await expect(page).toHaveURL(/\/news\/article\/[a-z0-9-]+$/);
    await expect(page.getByRole('heading', { level: 1 })).toHaveText(title);
    expect(outside).toEqual([]);
  });

  test('a deep link opens the article from its page, and the app then fetches from /news/api/', async ({ page }) => {
    const api = [];
    page.on('request', (r) => { if (r.url().includes('/api/')) api.push(new URL(r.url()).pathname); });
    const response = await page.goto(`article/${SEED}`);
    expect(response.status()).toBe(200);
    await expect(page.getByRole('heading', { level: 1 })).toContainText(SEED_HEADLINE);
    await page.locator('html[data-app]').waitFor({ state: 'attached' });
    await page.reload();
    await expect(page.getByRole('heading', { level: 1 })).toContainText(SEED_HEADLINE);
    await page.locator('html[data-app]').waitFor({ state: 'attached' });
    expect(api).toEqual([]);
    const section = page.waitForResponse((r) => /\/news\/api\/sections\/[a-z-]+\.json$/.test(r.url()));
    await page.locator('.article__section a').click();
    await expect(page).toHaveURL(/\/news\/section\/[a-z-]+$/);
    expect((await section).status()).toBe(200);
    await expect(page.locator('.cards li').first()).toBeVisible();
  });

  test('an unknown article is the not-found page, and hashed files are cached for good', async ({ page, request, expectErrors }) => {
    expectErrors(documentNotFound('/news/article/no-such-article'), /status of 404 .*no-such-article\.json\]$/);
    const response = await page.goto('article/no-such-article');
    expect(response.status()).toBe(404);
    await expect(page.getByRole('heading', { level: 1 })).toHaveText('الصفحة غير موجودة');
    const js = await page.evaluate(() => document.getElementById('khabar-app').content.getElementById('khabar-js').getAttribute('href'));
    expect(js).toMatch(/^\/news\/khabar-[0-9a-f]+\.js$/);
    const answer = await request.get(new URL(js, page.url()).href);
    expect(answer.headers()['cache-control']).toBe('public, max-age=31536000, immutable');
    expect(answer.headers()['content-security-policy']).toContain("default-src 'self'");
    expect((await request.get('api/articles/no-such-article.json')).status()).toBe(404);
  });
});

test.describe('on a static host without rewrites', () => {
  const dist = path.resolve(import.meta.dirname, '../../dist');
  // A page the host does not have: an article published after its page was copied, say.
  const LATE = `article/${SEED}/index.html`;
  let server;
  let origin;

  // What Netlify, Cloudflare Pages and the like do: the file, or the folder's index.html, if there is
  // one, else 404.html with the status 404. No rewrites.
  test.beforeAll(async () => {
    server = createServer((req, res) => {
      const wanted = path.join(dist, decodeURIComponent(new URL(req.url, 'http://x').pathname));
      const file = [wanted, path.join(wanted, 'index.html')].find((f) =>
        f.startsWith(dist) && path.relative(dist, f) !== LATE && existsSync(f) && statSync(f).isFile());
      const types = { '.html': 'text/html', '.js': 'text/javascript', '.wasm': 'application/wasm', '.css': 'text/css', '.json': 'application/json', '.svg': 'image/svg+xml', '.woff2': 'font/woff2' };
      const served = file ?? path.join(dist, '404.html');
      res.writeHead(file ? 200 : 404, { 'content-type': types[path.extname(served)] ?? 'application/octet-stream' });
      res.end(readFileSync(served));
    });
    await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
    origin = `http://127.0.0.1:${server.address().port}`;
  });
  test.afterAll(async () => new Promise((resolve) => server.close(resolve)));

  test('every page is a file of its own, which the app hydrates, and in-app navigation works from there', async ({ page }) => {
    for (const address of ['/', '/section/technology', '/article/webassembly-arabic-apps']) {
      const response = await page.goto(`${origin}${address}`);
      expect(response.status(), address).toBe(200);
      await expect(page.locator('main h1')).toBeVisible();
      await page.locator('html[data-app]').waitFor({ state: 'attached' });
    }
    await page.locator('.article__section a').click();
    await expect(page).toHaveURL(/\/section\/technology$/);
    await expect(page.getByRole('heading', { level: 1 })).toHaveText('تكنولوجيا');
    await expect(page.locator('.cards li').first()).toBeVisible();
  });

  test('an address without a file gets 404.html, which the app renders for that address', async ({ page, expectErrors }) => {
    // Defect guarded: the not-found page hydrated as it is at an address the app can show.
    expectErrors(documentNotFound(`/article/${SEED}`), documentNotFound('/no/such/page'));
    const response = await page.goto(`${origin}/article/${SEED}`);
    expect(response.status()).toBe(404);
    await expect(page.getByRole('heading', { level: 1 })).toContainText(SEED_HEADLINE);
    await expect(page.locator('.latest')).toHaveCount(0);
    await page.locator('.article__section a').click();
    await expect(page).toHaveURL(/\/section\/[a-z-]+$/);
    await expect(page.locator('.cards li').first()).toBeVisible();

    expect((await page.goto(`${origin}/no/such/page`)).status()).toBe(404);
    await expect(page.getByRole('heading', { level: 1 })).toHaveText('الصفحة غير موجودة');
  });
});
