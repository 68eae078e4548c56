// Reading on a bad network: with the service worker (which the other tests block), pages read once
// open again offline, an article never read offline gets the Arabic offline page with a retry, and
// every page the worker answers with names files of one release only.
import { test, expect, SEED, SEED_HEADLINE } from './fixtures.js';
import { workerInControl, releaseFiles } from './worker.js';

test.use({ serviceWorkers: 'allow' });

const OTHER = 'city-metro-third-line';

test('an article and a section read online open offline, reload, and link to each other', async ({ page, context }) => {
  // Defect guarded: a reader who loses the network loses what was just read (an error page on
  // reload), or can reach a page offline only by the way it was first opened.
  await page.goto(`/article/${SEED}`);
  await workerInControl(page);
  await page.goto('/section/news');
  await expect(page.locator('.cards li').first()).toBeVisible();
  await context.setOffline(true);

  await page.reload();
  await expect(page.locator('main h1')).toHaveText('الأخبار');
  await page.goto(`/article/${SEED}`);
  await expect(page.locator('main h1')).toContainText(SEED_HEADLINE);
  // Inside the app, from the article to its section and back.
  await page.locator('.site-nav').getByRole('link', { name: 'الأخبار' }).click();
  await expect(page.locator('main h1')).toHaveText('الأخبار');
  await page.locator('.cards').getByRole('link', { name: SEED_HEADLINE }).first().click();
  await expect(page.locator('main h1')).toContainText(SEED_HEADLINE);
  await page.reload();
  await expect(page.locator('main h1')).toContainText(SEED_HEADLINE);
});

test('an article never read shows the offline page inside the site, then loads on retry', async ({ page, context, expectErrors }) => {
  // Defect guarded: the browser's own offline error (no site, no way back), or a retry that stays
  // on the error once the network is back.
  expectErrors(/khabar: network error/, /Failed to load resource/);
  await page.goto('/');
  await workerInControl(page);
  await context.setOffline(true);
  await page.goto(`/article/${OTHER}`);
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('تعذر الاتصال');
  await expect(page.locator('.site-nav').getByRole('link', { name: 'الأخبار' })).toBeVisible();
  await context.setOffline(false);
  await page.getByRole('button', { name: 'إعادة المحاولة' }).click();
  await expect(page.locator('main h1')).toHaveText('افتتاح الخط الثالث لمترو العاصمة أمام الركاب بعد أربع سنوات من الأعمال', { timeout: 10_000 });
});

test('a page served offline names and loads the files of one release', async ({ page, context }) => {
  // Defect guarded: a kept page of one release started with another release's script or wasm.
  await page.goto(`/article/${SEED}`);
  await workerInControl(page);
  await context.setOffline(true);
  await page.reload();
  const files = await releaseFiles(page);
  expect(files.named.length).toBeGreaterThanOrEqual(3);
  expect(files.loaded).toEqual(files.named);
  expect(files.loaded.every((f) => files.named.includes(f))).toBe(true);
});
