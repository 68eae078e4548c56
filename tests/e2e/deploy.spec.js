// Two other ways to deploy: below a path (`make build PUBLIC_URL=/news/`, served by the same nginx
// config with `$khabar_base` set), and on a plain static host that has no rewrites and answers
// unknown paths with 404.html.
import { createServer } from 'node:http';
import { readFileSync, existsSync, statSync } from 'node:fs';
import path from 'node:path';
import { test, expect, SEED, SEED_HEADLINE } from './fixtures.js';

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

  test('a deep link opens the article from /news/api/, and reloading keeps it', async ({ page }) => {
    const api = page.waitForResponse((r) => r.url().endsWith(`/news/api/articles/${SEED}.json`));
    await page.goto(`article/${SEED}`);
    expect((await api).status()).toBe(200);
    await expect(page.getByRole('heading', { level: 1 })).toContainText(SEED_HEADLINE);
    await page.reload();
    await expect(page.getByRole('heading', { level: 1 })).toContainText(SEED_HEADLINE);
    await page.locator('.article__section a').click();
    await expect(page).toHaveURL(/\/news\/section\/[a-z-]+$/);
  });

  test('an unknown article is the not-found page, and hashed files are cached for good', async ({ page, request, expectErrors }) => {
    expectErrors(/status of 404/);
    await page.goto('article/no-such-article');
    await expect(page.getByRole('heading', { level: 1 })).toHaveText('الصفحة غير موجودة');
    const js = await page.locator('#khabar-js').getAttribute('href');
    expect(js).toMatch(/^\/news\/khabar-[0-9a-f]+\.js$/);
    const answer = await request.get(new URL(js, page.url()).href);
    expect(answer.headers()['cache-control']).toBe('public, max-age=31536000, immutable');
    expect(answer.headers()['content-security-policy']).toContain("default-src 'self'");
    expect((await request.get('api/articles/no-such-article.json')).status()).toBe(404);
  });
});

test.describe('on a static host without rewrites', () => {
  const dist = path.resolve(import.meta.dirname, '../../dist');
  let server;
  let origin;

  // What GitHub Pages, S3 websites and the like do: the file if there is one, else 404.html, with
  // the status 404.
  test.beforeAll(async () => {
    server = createServer((req, res) => {
      const file = path.join(dist, decodeURIComponent(new URL(req.url, 'http://x').pathname));
      const found = file.startsWith(dist) && existsSync(file) && statSync(file).isFile();
      const types = { '.html': 'text/html', '.js': 'text/javascript', '.wasm': 'application/wasm', '.css': 'text/css', '.json': 'application/json', '.svg': 'image/svg+xml', '.woff2': 'font/woff2' };
      const served = found ? file : path.join(dist, '404.html');
      res.writeHead(found ? 200 : 404, { 'content-type': types[path.extname(served)] ?? 'application/octet-stream' });
      res.end(readFileSync(served));
    });
    await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
    origin = `http://127.0.0.1:${server.address().port}`;
  });
  test.afterAll(async () => new Promise((resolve) => server.close(resolve)));

  test('404.html opens an article from its address, and in-app navigation works from there', async ({ page, expectErrors }) => {
    expectErrors(/status of 404/);
    const response = await page.goto(`${origin}/article/${SEED}`);
    expect(response.status()).toBe(404);
    await expect(page.getByRole('heading', { level: 1 })).toContainText(SEED_HEADLINE);
    await page.locator('.article__section a').click();
    await expect(page).toHaveURL(/\/section\/[a-z-]+$/);
    await expect(page.locator('.cards li').first()).toBeVisible();
  });
});
