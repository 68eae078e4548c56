// Save for later: an article saved on this device stays readable offline from /saved, newest
// saved first, after every recent copy is gone, until the reader removes it.
import { test, expect, SEED, SEED_HEADLINE } from './fixtures.js';
import { workerInControl, expectNoAxeViolation } from './worker.js';

test.use({ serviceWorkers: 'allow' });

const PICTURED = 'manuscripts-digitisation-project';
const PICTURED_HEADLINE = '«ذاكرة الرمال»';

/** Saves the article open in `page` with the keyboard, and waits until it is saved. */
async function saveWithKeyboard(page) {
  const save = page.getByRole('button', { name: 'احفظ للقراءة لاحقًا' });
  await save.focus();
  await page.keyboard.press('Enter');
  await expect(page.getByRole('status').filter({ hasText: 'حُفظ المقال' })).toBeVisible();
  await expect(page.getByRole('button', { name: 'أزل من المحفوظات' })).toBeFocused();
}

/** Deletes every copy the service worker keeps of what was read recently (not the saved ones). */
async function clearRecentCopies(page) {
  await page.evaluate(async () => {
    for (const name of await caches.keys()) if (!/^khabar-(saved|release-)/.test(name)) await caches.delete(name);
  });
}

test('saved articles are listed newest first on /saved and read from there offline', async ({ page, context }) => {
  // Defect guarded: a saved article evicted with the recent copies, a /saved page that needs the
  // network, or a list in the wrong order.
  await page.goto(`/article/${SEED}`);
  await workerInControl(page);
  await saveWithKeyboard(page);
  await page.goto(`/article/${PICTURED}`);
  await saveWithKeyboard(page);
  await clearRecentCopies(page);

  await context.setOffline(true);
  await page.goto('/saved');
  const titles = page.locator('.cards .card__title');
  await expect(titles).toHaveCount(2);
  await expect(titles.nth(0)).toContainText(PICTURED_HEADLINE);
  await expect(titles.nth(1)).toContainText(SEED_HEADLINE);
  await titles.nth(0).getByRole('link').click();
  await expect(page.locator('main h1')).toContainText(PICTURED_HEADLINE);
  // Its pictures were saved with it: the lead one and those in the text.
  const pictures = page.locator('article.article img');
  expect(await pictures.count()).toBeGreaterThanOrEqual(2);
  for (const picture of await pictures.all()) {
    await picture.scrollIntoViewIfNeeded();
    await expect.poll(() => picture.evaluate((img) => img.complete && img.naturalWidth > 0)).toBe(true);
  }
  await page.reload();
  await expect(page.locator('main h1')).toContainText(PICTURED_HEADLINE);
  await page.goto(`/article/${SEED}`);
  await expect(page.locator('main h1')).toContainText(SEED_HEADLINE);
});

test('a saved photograph is read offline on a screen wider than the one it was saved on', async ({ page, context }) => {
  // Defect guarded: saving kept only the file the saving screen showed, so the same article opened
  // offline on a wider screen (a phone turned, a tablet) had a broken picture.
  const photo = 'boreal-forest-carbon';
  await page.setViewportSize({ width: 360, height: 740 });
  await page.goto(`/article/${photo}`);
  await workerInControl(page);
  const lead = page.locator('.figure--lead img');
  await expect.poll(() => lead.evaluate((img) => img.complete && img.naturalWidth > 0)).toBe(true);
  const saved = await lead.evaluate((img) => img.currentSrc);
  await saveWithKeyboard(page);
  await clearRecentCopies(page);

  await context.setOffline(true);
  await page.setViewportSize({ width: 1280, height: 800 });
  await page.goto('/saved');
  // Its card shows the picture's 16:9 middle, from files kept with the article too.
  const card = page.locator('.cards .card__image').first();
  await expect.poll(() => card.evaluate((img) => img.complete && img.naturalWidth > 0)).toBe(true);
  expect(await card.evaluate((img) => img.currentSrc)).toMatch(/\/images\/boreal-forest-carbon-card-\d+-[0-9a-f]{8}\.webp$/);
  await page.locator('.cards .card__title').first().getByRole('link').click();
  await expect(page.locator('main h1')).toContainText('الغابات الشمالية');
  await expect.poll(() => lead.evaluate((img) => img.complete && img.naturalWidth > 0)).toBe(true);
  const shown = await lead.evaluate((img) => img.currentSrc);
  expect(shown).toMatch(/\/images\/boreal-forest-carbon-\d+-[0-9a-f]{8}\.webp$/);
  expect(shown, 'a wider file than the one the phone showed').not.toBe(saved);
});

test('a removed article leaves /saved', async ({ page }) => {
  // Defect guarded: "remove" that leaves the article listed (or kept for ever).
  await page.goto(`/article/${SEED}`);
  await workerInControl(page);
  await saveWithKeyboard(page);
  await page.getByRole('button', { name: 'أزل من المحفوظات' }).click();
  await expect(page.getByRole('status').filter({ hasText: 'أُزيل المقال من المحفوظات' })).toBeVisible();
  await page.goto('/saved');
  await expect(page.getByText('لم تحفظ أي مقال بعد')).toBeVisible();
  await expect(page.locator('.cards')).toHaveCount(0);
  expect(await page.evaluate(async () => (await (await caches.open('khabar-saved')).keys()).length)).toBe(0);
});

test('/saved is a prerendered page of its own, not indexed', async ({ request, baseURL }) => {
  // Defect guarded: /saved answered with the shell or a 404 on static hosts, or listed by search engines.
  const response = await request.get(new URL('saved', `${baseURL}/`).href);
  expect(response.status()).toBe(200);
  const html = await response.text();
  expect(html).toContain('id="khabar-data"');
  expect(html).toMatch(/<h1[^>]*>المقالات المحفوظة<\/h1>/);
  expect(html).toMatch(/<meta name="robots" content="noindex"/);
});

for (const colorScheme of ['light', 'dark']) {
  test(`the save button and /saved have no WCAG 2.1 A/AA violation (${colorScheme})`, async ({ page }) => {
    // Defect guarded: a save control or saved list too faint, unlabelled or unreachable in one theme.
    await page.emulateMedia({ colorScheme });
    await page.goto(`/article/${SEED}`);
    await workerInControl(page);
    await saveWithKeyboard(page);
    await expectNoAxeViolation(page);
    await page.goto('/saved');
    await expect(page.locator('.cards li')).toHaveCount(1);
    await expectNoAxeViolation(page);
  });
}
