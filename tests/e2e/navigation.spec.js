import { test, expect, SEED } from './fixtures.js';

const WASM = 'webassembly-arabic-apps';

test('a related card opens its article without reloading, at the top, with focus on the headline', async ({ page }) => {
  await page.goto(`/article/${WASM}`);
  await page.evaluate(() => { window.sameDocument = 'yes'; });
  const cards = page.locator('section.related li');
  await expect(page.getByRole('heading', { level: 2, name: 'مقالات ذات صلة' })).toBeVisible();
  expect(await cards.count()).toBeGreaterThan(0);
  expect(await cards.count()).toBeLessThanOrEqual(6);
  const link = cards.first().locator('h3 a');
  const title = (await link.textContent()).trim();
  const href = await link.getAttribute('href');
  await link.click();
  await expect(page).toHaveURL(new RegExp(`${href}$`));
  await expect(page.getByRole('heading', { level: 1 })).toHaveText(title);
  expect(await page.evaluate(() => window.sameDocument)).toBe('yes');
  await expect.poll(() => page.evaluate(() => window.scrollY)).toBe(0);
  await expect(page.getByRole('heading', { level: 1 })).toBeFocused();
});

test('hovering a card prefetches its article, and opening it then makes no new request', async ({ page }) => {
  await page.goto(`/article/${WASM}`);
  const link = page.locator('section.related li h3 a').first();
  const href = await link.getAttribute('href');
  const slug = href.split('/').pop();
  const requests = [];
  page.on('request', (r) => { if (r.url().includes(`/api/articles/${slug}.json`)) requests.push(r.url()); });
  await link.hover();
  await expect.poll(() => requests.length).toBe(1);
  await page.waitForLoadState('networkidle');
  await link.click();
  await expect(page).toHaveURL(new RegExp(`${href}$`));
  await expect(page.getByRole('heading', { level: 1 })).toBeVisible();
  expect(requests.length).toBe(1);
});

test('clicking a card while its prefetch is still on the way waits for it instead of asking again', async ({ page }) => {
  await page.goto(`/article/${WASM}`);
  const link = page.locator('section.related li h3 a').first();
  const href = await link.getAttribute('href');
  const slug = href.split('/').pop();
  const requests = [];
  await page.route(`**/api/articles/${slug}.json`, async (route) => {
    requests.push(route.request().url());
    await new Promise((r) => setTimeout(r, 800));
    await route.continue();
  });
  await link.hover();
  await expect.poll(() => requests.length).toBe(1);
  await link.click();
  await expect(page).toHaveURL(new RegExp(`${href}$`));
  await expect(page.getByRole('heading', { level: 1 })).toBeVisible();
  await page.waitForLoadState('networkidle');
  expect(requests.length).toBe(1);
});

test('back returns to the previous article at the position the reader left it', async ({ page }) => {
  await page.setViewportSize({ width: 400, height: 700 });
  await page.goto(`/article/${WASM}`);
  // The position is taken once the page has settled: after the app starts, its save and share
  // controls (hidden in the HTML for readers without JavaScript) and its dates (once the Intl
  // worker is done) are written in tasks of their own, above the related list.
  await page.waitForLoadState('networkidle');
  const link = page.locator('section.related li h3 a').first();
  await link.scrollIntoViewIfNeeded();
  await page.waitForTimeout(100);
  const before = await page.evaluate(() => window.scrollY);
  expect(before).toBeGreaterThan(700);
  await link.click();
  await expect.poll(() => page.evaluate(() => window.scrollY)).toBe(0);
  await page.goBack();
  await expect(page).toHaveURL(new RegExp(`/article/${WASM}$`));
  await expect.poll(() => page.evaluate(() => Math.round(window.scrollY))).toBe(Math.round(before));
});

test('leaving an article while it loads aborts its request', async ({ page }) => {
  await page.goto('/');
  await page.route(`**/api/articles/${SEED}.json`, () => { /* never answers */ });
  const aborted = page.waitForEvent('requestfailed', (r) => r.url().includes(`/api/articles/${SEED}.json`));
  await page.evaluate((slug) => {
    history.pushState(null, '', `/article/${slug}`);
    dispatchEvent(new PopStateEvent('popstate'));
  }, SEED);
  await page.waitForTimeout(200);
  await page.goBack();
  const request = await aborted;
  expect(request.failure().errorText).toContain('ABORTED');
});

test('opening another card while one is loading aborts the first request', async ({ page }) => {
  await page.goto(`/article/${WASM}`);
  const links = page.locator('section.related li h3 a');
  // The cards come with the article, after the page's load event.
  await expect(links.first()).toBeVisible();
  expect(await links.count()).toBeGreaterThan(1);
  const [first, second] = [await links.nth(0).getAttribute('href'), await links.nth(1).getAttribute('href')];
  const slow = first.split('/').pop();
  // The first card's article never arrives (dispatched clicks do not hover, so nothing prefetches).
  await page.route(`**/api/articles/${slow}.json`, () => {});
  const started = page.waitForEvent('request', (r) => r.url().endsWith(`/api/articles/${slow}.json`));
  const aborted = page.waitForEvent('requestfailed', (r) => r.url().endsWith(`/api/articles/${slow}.json`));
  await links.nth(0).dispatchEvent('click');
  await started;
  const clickedSecond = Date.now();
  await links.nth(1).dispatchEvent('click');
  await expect(page).toHaveURL(new RegExp(`${second}$`));
  await expect(page.getByRole('heading', { level: 1 })).toBeVisible();
  expect((await aborted).failure().errorText).toContain('ABORTED');
  // Aborted by the second click, not by the ten-second timeout.
  expect(Date.now() - clickedSecond).toBeLessThan(5_000);
});

test('the section label leads to the section page listing its articles', async ({ page }) => {
  await page.goto(`/article/${WASM}`);
  await page.locator('.article__section a').click();
  await expect(page).toHaveURL(/\/section\/technology$/);
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('تكنولوجيا');
  await expect(page.locator('.cards li').first()).toBeVisible();
});

test('opening the first article from home moves focus to its headline', async ({ page }) => {
  // Guards against focus staying on the removed card: only the second article shown took focus.
  await page.goto('/');
  const link = page.locator('.cards li h2 a').nth(1);
  const title = (await link.textContent()).trim();
  await link.click();
  await expect(page.getByRole('heading', { level: 1 })).toHaveText(title);
  await expect(page.getByRole('heading', { level: 1 })).toBeFocused();
});

test('every in-app navigation focuses the new page\'s heading; the first load does not', async ({ page, expectErrors }) => {
  // Guards against keyboard and screen-reader users being left on a link that is gone.
  expectErrors(/status of 404/);
  await page.goto(`/article/${WASM}`);
  const heading = page.getByRole('heading', { level: 1 });
  await expect(heading).toBeVisible();
  await page.evaluate(() => new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r))));
  expect(await page.evaluate(() => document.activeElement === document.body)).toBe(true);

  await page.locator('.article__section a').click();
  await expect(heading).toHaveText('تكنولوجيا');
  await expect(heading).toBeFocused();

  await page.locator('.site-header__name').click();
  await expect(heading).toHaveText('أحدث الأخبار');
  await expect(heading).toBeFocused();

  await page.goBack();
  await expect(heading).toHaveText('تكنولوجيا');
  await expect(heading).toBeFocused();

  await page.evaluate(() => {
    history.pushState(null, '', '/article/no-such-article');
    dispatchEvent(new PopStateEvent('popstate'));
  });
  await expect(heading).toHaveText('الصفحة غير موجودة');
  await expect(heading).toBeFocused();
});

test('an article that fails after an in-app navigation focuses its error heading', async ({ page, expectErrors }) => {
  // Guards against focus left on the link just removed when the new page is an error.
  expectErrors(/status of 500/, /khabar: server answered HTTP 500/);
  await page.route(`**/api/articles/${SEED}.json`, (route) => route.fulfill({ status: 500, body: 'error' }));
  await page.goto('/');
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('أحدث الأخبار');
  await page.evaluate((slug) => {
    history.pushState(null, '', `/article/${slug}`);
    dispatchEvent(new PopStateEvent('popstate'));
  }, SEED);
  const heading = page.getByRole('alert').getByRole('heading', { level: 1 });
  await expect(heading).toHaveText('تعذر تحميل المقال');
  await expect(heading).toBeFocused();
});

test('a click on a card whose prefetch stalls fails after one timeout, with one request', async ({ page, expectErrors }) => {
  // Guards against the click waiting out the prefetch's timeout and then a fresh one (~20 s).
  expectErrors(/khabar: no answer within the time limit/);
  test.setTimeout(45_000);
  await page.goto(`/article/${WASM}`);
  const link = page.locator('section.related li h3 a').first();
  const slug = (await link.getAttribute('href')).split('/').pop();
  const requests = [];
  await page.route(`**/api/articles/${slug}.json`, (route) => { requests.push(route.request().url()); });
  await link.hover();
  await expect.poll(() => requests.length).toBe(1);
  const hovered = Date.now();
  await link.click();
  await expect(page.getByRole('alert')).toContainText('استغرق التحميل وقتًا طويلًا', { timeout: 14_000 });
  expect(Date.now() - hovered).toBeLessThan(13_000);
  expect(requests.length).toBe(1);
});

test('leaving an article that is still being prefetched keeps the request, and its article', async ({ page }) => {
  // Guards against the click's abort cancelling a request a prefetch is waiting for.
  await page.goto(`/article/${WASM}`);
  const link = page.locator('section.related li h3 a').first();
  const href = await link.getAttribute('href');
  const slug = href.split('/').pop();
  const requests = [];
  const failed = [];
  page.on('requestfailed', (r) => { if (r.url().includes(`/api/articles/${slug}.json`)) failed.push(r.failure().errorText); });
  let release;
  const held = new Promise((r) => { release = r; });
  await page.route(`**/api/articles/${slug}.json`, async (route) => {
    requests.push(route.request().url());
    await held;
    await route.continue();
  });
  await link.hover();
  await expect.poll(() => requests.length).toBe(1);
  await link.click();
  await expect(page).toHaveURL(new RegExp(`${href}$`));
  await page.goBack();
  await expect(page).toHaveURL(new RegExp(`/article/${WASM}$`));
  const finished = page.waitForEvent('requestfinished', (r) => r.url().includes(`/api/articles/${slug}.json`));
  release();
  await finished;
  await link.click();
  await expect(page).toHaveURL(new RegExp(`${href}$`));
  await expect(page.getByRole('heading', { level: 1 })).toBeVisible();
  expect(requests.length).toBe(1);
  expect(failed).toEqual([]);
});
