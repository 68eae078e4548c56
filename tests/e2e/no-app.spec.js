// What a reader sees when the app cannot run at all: every page of the site is prerendered and reads
// without it (prerender.spec.js); at an address with no page of its own, the app shell says why
// nothing shows, in Arabic, on the first screen. (A file refused by its integrity hash: headers.spec.js.)
import { test, expect, SEED } from './fixtures.js';

test.describe('with JavaScript switched off', () => {
  test.use({ javaScriptEnabled: false, viewport: { width: 360, height: 640 } });

  test('an address with no page of its own shows the masthead and, on the first screen, why nothing else shows', async ({ page }) => {
    // Defect: the message sat below the loading frame (a screen tall), so the reader saw a
    // masthead over a blank page; and inside the aria-hidden shell a screen reader would not hear it.
    await page.goto('/no/such/page');
    await expect(page.locator('#shell .site-header__name')).toHaveText('خبر');
    // (Playwright's text search skips <noscript>, hence the class.)
    const message = page.locator('noscript > p.noscript');
    await expect(message).toHaveText('يحتاج «خبر» إلى تفعيل جافاسكربت في المتصفح لعرض المقالات.');
    await expect(message).toBeInViewport();
    expect(await message.evaluate((p) => p.closest('[aria-hidden="true"], [hidden]') === null)).toBe(true);
    await expect(page.locator('#khabar-failed')).toBeHidden();
  });

  for (const address of ['/', `/article/${SEED}`, '/section/news']) {
    test(`${address} is its prerendered page, without the message that JavaScript is needed`, async ({ page }) => {
      // Defect guarded: a page that reads fine without the app telling the reader it cannot.
      await page.goto(address);
      await expect(page.locator('main h1')).toBeVisible();
      await expect(page.locator('noscript > p.noscript')).toHaveCount(0);
      await expect(page.locator('#shell')).toHaveCount(0);
    });
  }
});
