// The wasm in modules (src/routes/lazy.rs, scripts/wasm-split.mjs): an article, where most first
// visits land, loads the main module alone; every other page's module comes when the reader first
// goes there, or as soon as they point at, touch or focus a link to it.
import { test, expect, SEED } from './fixtures.js';

/** A page module's file: `khabar-<name>-<hash>.wasm`. */
const MODULE = /\/khabar-([a-z0-9]+)-[0-9a-f]{16}\.wasm$/;

/** The names of the page modules the page has fetched so far. */
const modulesLoaded = (page) =>
  page.evaluate((source) => {
    const module = new RegExp(source);
    return performance.getEntriesByType('resource').map((e) => new URL(e.name).pathname.match(module)?.[1]).filter(Boolean);
  }, MODULE.source);

const WRITER_ARTICLE = 'arabic-calligraphy-exhibition';

// [what the reader opens, the article they start from, how they get there, the heading it shows, its module]
const MOVES = [
  ['home', SEED, (page) => page.locator('.site-header__name').click(), 'أحدث الأخبار', 'home'],
  ['a section', SEED, (page) => page.locator('.article__section a').click(), 'الأخبار', 'section'],
  ['a topic', SEED, (page) => page.locator('a[href$="/topic/syria"]').first().click(), 'سوريا', 'collection'],
  ['a writer', WRITER_ARTICLE, (page) => page.locator('a[rel="author"]').first().click(), 'قسم الثقافة في خبر', 'collection'],
  ['saved articles', SEED, (page) => page.locator('.site-footer a[href$="/saved"]').click(), 'المقالات المحفوظة', 'saved'],
  [
    'search',
    SEED,
    async (page) => {
      await page.locator('.site-search input').fill('موسكو');
      await page.locator('.site-search input').press('Enter');
    },
    'البحث',
    'search',
  ],
];

for (const [what, from, go, heading, module] of MOVES) {
  test(`a cold move from an article to ${what} fetches that page's module, then shows it`, async ({ page }) => {
    // Defect guarded: a page that cannot be opened from an article once its code is a module of its
    // own (never fetched, fetched from the wrong place, refused by its integrity hash or the CSP),
    // or an article that downloads every page's code anyway.
    await page.goto(`/article/${from}`);
    expect(await modulesLoaded(page), 'the article loads no page module').toEqual([]);
    await go(page);
    await expect(page.locator('main h1')).toContainText(heading);
    expect(page.url(), 'moved inside the app').not.toContain('/article/');
    expect(await modulesLoaded(page)).toContain(module);
    expect(await page.evaluate(() => performance.getEntriesByType('navigation').length), 'without loading a new document').toBe(1);
  });
}

test('pointing at a link to a page fetches its module before the click', async ({ page }) => {
  // Defect guarded: a reader who waits for a page's code after the click when the pointer told
  // where they were going.
  await page.goto(`/article/${SEED}`);
  const fetched = page.waitForRequest((request) => /\/khabar-section-[0-9a-f]{16}\.wasm$/.test(request.url()));
  await page.locator('.article__section a').hover();
  await fetched;
  await page.locator('.article__section a').click();
  await expect(page.locator('main h1')).toHaveText('الأخبار');
});

test('keyboard focus on a link fetches its module too', async ({ page }) => {
  await page.goto(`/article/${SEED}`);
  const fetched = page.waitForRequest((request) => /\/khabar-saved-[0-9a-f]{16}\.wasm$/.test(request.url()));
  await page.locator('.site-footer a[href$="/saved"]').focus();
  await fetched;
});

test('a prerendered page of a module hydrates with it: home, section and saved work without a reload', async ({ page }) => {
  // Defect guarded: a page whose code is in a module hydrated before the module came (a dead page),
  // or left as static HTML.
  for (const [address, heading, module] of [
    ['/', 'أحدث الأخبار', 'home'],
    ['/section/news', 'الأخبار', 'section'],
    ['/saved', 'المقالات المحفوظة', 'saved'],
  ]) {
    await page.goto(address);
    await expect(page.locator('main h1')).toContainText(heading);
    expect(await modulesLoaded(page)).toContain(module);
    // The app runs the page: a card's link moves inside it.
    if (address !== '/saved') {
      await page.locator('main a[href*="/article/"]').first().click();
      await expect(page.locator('main h1#headline')).toBeVisible();
      expect(await page.evaluate(() => performance.getEntriesByType('navigation').length)).toBe(1);
    }
  }
});

test('a module that cannot be fetched while online loads the page from the server instead', async ({ page, expectErrors }) => {
  // Defect guarded: a click that leaves the reader on a blank page, or the previous one, when a
  // page's module is gone (a newer release replaced this one on the server) or failed on the way.
  expectErrors(/net::ERR_FAILED|Failed to fetch|khabar: network error/i);
  await page.goto(`/article/${SEED}`);
  // Refused to the open document (its prefetch on the pointer's way and its move), served once a
  // new document has been asked for (its request comes before any of its files').
  let reloading = false;
  page.on('request', (request) => {
    if (request.isNavigationRequest() && request.frame() === page.mainFrame()) reloading = true;
  });
  await page.route(/\/khabar-section-[0-9a-f]{16}\.wasm$/, (route) => (reloading ? route.continue() : route.abort()));
  const reloaded = page.waitForEvent('load');
  await page.locator('.article__section a').click();
  await reloaded;
  await page.waitForFunction(() => document.documentElement.hasAttribute('data-app'));
  await expect(page.locator('main h1')).toHaveText('الأخبار');
  expect(new URL(page.url()).pathname).toBe('/section/news');
});

test('offline, a module that cannot be had says so in Arabic, and retry loads the page once back online', async ({ page, context, expectErrors }) => {
  // Defect guarded: an offline reader (here without the service worker, which keeps every module)
  // left on a blank page or a console error.
  expectErrors(/net::ERR_INTERNET_DISCONNECTED|ERR_FAILED|Failed to fetch|khabar: network error/i);
  await page.goto(`/article/${SEED}`);
  await context.setOffline(true);
  await page.locator('.article__section a').click();
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('تعذر الاتصال');
  await context.setOffline(false);
  const reloaded = page.waitForEvent('load');
  await page.getByRole('button', { name: 'إعادة المحاولة' }).click();
  await reloaded;
  await page.waitForFunction(() => document.documentElement.hasAttribute('data-app'));
  await expect(page.locator('main h1')).toHaveText('الأخبار');
});
