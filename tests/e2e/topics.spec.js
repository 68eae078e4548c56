// Topic and writer pages: reached from an article in the app, listing what they should, with back
// to the article's place, and a real 404 for an unknown one (axe: a11y.spec.js).
import { test, expect, SEED, SEED_HEADLINE, documentNotFound } from './fixtures.js';

const BYLINED = 'city-metro-third-line';

test('a tag under the seed article opens its topic in the app, which lists the seed article, and back returns to the place left', async ({ page }) => {
  await page.setViewportSize({ width: 400, height: 700 });
  await page.goto(`/article/${SEED}`);
  await page.evaluate(() => { window.sameDocument = 'yes'; });
  await page.waitForLoadState('networkidle');
  const tag = page.locator('ul.tags a', { hasText: 'سوريا' });
  await tag.scrollIntoViewIfNeeded();
  await page.waitForTimeout(100);
  const before = await page.evaluate(() => window.scrollY);
  expect(before).toBeGreaterThan(700);
  await tag.click();
  await expect(page).toHaveURL(/\/topic\/syria$/);
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('سوريا');
  await expect(page.getByRole('heading', { level: 1 })).toBeFocused();
  await expect(page.locator('.collection__about')).toContainText('أخبار سوريا');
  await expect(page.locator('.cards li h2 a').first()).toContainText(SEED_HEADLINE);
  await expect(page).toHaveTitle(/^سوريا — /);
  expect(await page.evaluate(() => window.sameDocument)).toBe('yes');
  await expect.poll(() => page.evaluate(() => window.scrollY)).toBe(0);
  // Topic → article → back to the topic → back to the article at its place.
  await page.locator('.cards li h2 a').first().click();
  await expect(page).toHaveURL(new RegExp(`/article/${SEED}$`));
  await page.goBack();
  await expect(page).toHaveURL(/\/topic\/syria$/);
  await page.goBack();
  await expect(page).toHaveURL(new RegExp(`/article/${SEED}$`));
  await expect.poll(() => page.evaluate(() => Math.round(window.scrollY))).toBe(Math.round(before));
  expect(await page.evaluate(() => window.sameDocument)).toBe('yes');
});

test('a byline opens its writer page in the app, with the writer and their articles', async ({ page }) => {
  await page.goto(`/article/${BYLINED}`);
  await page.evaluate(() => { window.sameDocument = 'yes'; });
  await page.locator('.byline a[rel="author"]').click();
  await expect(page).toHaveURL(/\/author\/khabar-team$/);
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('فريق خبر');
  await expect(page.getByRole('heading', { level: 1 })).toBeFocused();
  await expect(page.locator('.collection__kind')).toHaveText('غرفة الأخبار');
  await expect(page.locator('.cards li h2 a', { hasText: 'الخط الثالث' })).toBeVisible();
  expect(await page.evaluate(() => window.sameDocument)).toBe('yes');
});

test('the prerendered topic and writer pages carry their heading, articles, feed and JSON-LD', async ({ page }) => {
  for (const [path, type, name] of [['/topic/syria', 'CollectionPage', 'سوريا'], ['/author/khabar-team', 'ProfilePage', 'فريق خبر']]) {
    await page.goto(path, { waitUntil: 'domcontentloaded' });
    await expect(page.locator('main h1')).toHaveText(name);
    expect(await page.locator('.cards li').count()).toBeGreaterThan(0);
    const feed = page.locator(`link[rel="alternate"][href$="${path}/feed.xml"]`);
    await expect(feed).toHaveCount(1);
    const ld = await page.locator('script[type="application/ld+json"]').allTextContents();
    expect(ld.map((t) => JSON.parse(t)['@type'])).toContain(type);
  }
});

test('an unknown topic or writer is the not-found page with a 404', async ({ page, expectErrors }) => {
  for (const path of ['/topic/no-such-topic', '/author/no-such-writer']) {
    expectErrors(documentNotFound(path), new RegExp(`status of 404 .*${path.split('/').pop()}\\.json\\]$`));
    const response = await page.goto(path);
    expect(response.status()).toBe(404);
    await expect(page.getByRole('heading', { level: 1 })).toHaveText('الصفحة غير موجودة');
  }
});
