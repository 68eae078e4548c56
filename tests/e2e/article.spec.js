import { readFileSync } from 'node:fs';
import path from 'node:path';
import { test, expect, SEED, SEED_HEADLINE, openInApp, documentNotFound } from './fixtures.js';

const source = JSON.parse(
  readFileSync(path.resolve(import.meta.dirname, `../../content/articles/${SEED}.json`), 'utf8'),
);

test('the seed article renders right-to-left with its headline and every paragraph', async ({ page, problems }) => {
  await page.goto(`/article/${SEED}`);
  const headline = page.getByRole('heading', { level: 1 });
  await expect(headline).toContainText(SEED_HEADLINE);
  await expect(page.locator('html')).toHaveAttribute('dir', 'rtl');
  await expect(page.locator('html')).toHaveAttribute('lang', 'ar');
  expect(await headline.evaluate((el) => getComputedStyle(el).direction)).toBe('rtl');

  const paragraphs = source.body.filter((b) => b.type === 'paragraph').map((b) => b.text);
  const shown = await page.locator('.article__body > p').allTextContents();
  expect(shown).toEqual(paragraphs);
  await expect(page.getByRole('heading', { level: 2, name: 'لقاء طويل' })).toBeVisible();
  const points = source.body.find((b) => b.type === 'list').items;
  await expect(page.locator('.article__body ul > li')).toHaveText(points);
  await expect(page).toHaveTitle(/قمة بوتين والأسد.* — خبر$/);
  expect(problems).toEqual([]);
});

// Guards against the seed article having no related section at all: it shares no tag with any
// other article and was alone in its section, so ranking kept none.
test('the seed article shows three to six related cards, and each opens its article', async ({ page }) => {
  await page.goto(`/article/${SEED}`);
  await expect(page.getByRole('heading', { level: 1 })).toContainText(SEED_HEADLINE);
  await expect(page.getByRole('heading', { level: 2, name: 'مقالات ذات صلة' })).toBeVisible();
  const links = page.locator('section.related li h3 a');
  await expect(links.first()).toBeVisible();
  const count = await links.count();
  expect(count).toBeGreaterThanOrEqual(3);
  expect(count).toBeLessThanOrEqual(6);
  const cards = [];
  for (let i = 0; i < count; i++) {
    cards.push({ title: (await links.nth(i).textContent()).trim(), href: await links.nth(i).getAttribute('href') });
  }
  expect(new Set(cards.map((c) => c.href)).size).toBe(count);
  for (const { title, href } of cards) {
    expect(href).toMatch(/^\/article\/[a-z0-9-]+$/);
    expect(href).not.toBe(`/article/${SEED}`);
    await page.goto(href);
    await expect(page.getByRole('heading', { level: 1 })).toHaveText(title);
  }
});

test('the article page has one h1, a main landmark, and a skip link that moves focus', async ({ page }) => {
  await page.goto(`/article/${SEED}`);
  await expect(page.locator('h1')).toHaveCount(1);
  await expect(page.locator('main article header h1')).toBeVisible();
  await page.keyboard.press('Tab');
  const skip = page.getByRole('link', { name: 'انتقل إلى المحتوى' });
  await expect(skip).toBeFocused();
  await page.keyboard.press('Enter');
  await expect(page.locator('main')).toBeFocused();
});

test('a server error shows an Arabic message, and retry loads the article in place', async ({ page, expectErrors }) => {
  expectErrors(/status of 503/, /khabar: server answered HTTP 503/);
  let failures = 1;
  await page.route(`**/api/articles/${SEED}.json`, async (route) => {
    if (failures-- > 0) return route.fulfill({ status: 503, body: 'down' });
    return route.continue();
  });
  // Reached inside the app: a prerendered article carries its data and would ask for nothing.
  await openInApp(page, '/', `/article/${SEED}`);
  await page.evaluate(() => { window.sameDocument = true; });
  await expect(page.getByRole('alert')).toContainText('تعذر تحميل المقال');
  await page.getByRole('button', { name: 'إعادة المحاولة' }).click();
  await expect(page.getByRole('heading', { level: 1 })).toContainText(SEED_HEADLINE);
  expect(await page.evaluate(() => window.sameDocument)).toBe(true);
});

test('an unknown slug shows the Arabic not-found page and says so in the title', async ({ page, expectErrors }) => {
  // Defect guarded: a 200 for an article that does not exist, which crawlers index as a page.
  expectErrors(documentNotFound('/article/no-such-article'), /status of 404 .*no-such-article\.json\]$/);
  const response = await page.goto('/article/no-such-article');
  expect(response.status()).toBe(404);
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('الصفحة غير موجودة');
  await expect(page).toHaveTitle(/^الصفحة غير موجودة — خبر$/);
  await expect(page.getByRole('link', { name: 'العودة إلى الصفحة الرئيسية' })).toBeVisible();
  await expect(page.locator('.latest li')).toHaveCount(5);
});

test('opening an article downloads its data once: it comes in the page, and nothing asks for it again', async ({ page }) => {
  // Defect guarded: the article's JSON fetched by the app although the prerendered page carries it
  // (the early preload of the client-rendered app is gone with it).
  const api = [];
  page.on('request', (r) => { if (r.url().includes('/api/')) api.push(new URL(r.url()).pathname); });
  await page.goto(`/article/${SEED}`);
  await page.locator('html[data-app]').waitFor({ state: 'attached' });
  await expect(page.getByRole('heading', { level: 1 })).toContainText(SEED_HEADLINE);
  await page.waitForLoadState('networkidle');
  expect(api).toEqual([]);
  const data = JSON.parse(await page.locator('script#khabar-data').textContent());
  expect(data.content.article.slug).toBe(SEED);
});
