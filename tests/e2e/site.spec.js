import { readFileSync } from 'node:fs';
import path from 'node:path';
import { test, expect, SEED, SITE_URL, openInApp, documentNotFound } from './fixtures.js';

const MARS = 'mars-dust-storm-study';
const published = (slug) =>
  JSON.parse(readFileSync(path.resolve(import.meta.dirname, `../../public/api/articles/${slug}.json`), 'utf8'));
const background = (page) => page.evaluate(() => getComputedStyle(document.body).backgroundColor);

test('the theme follows the system until the reader chooses, and the choice survives a reload', async ({ page }) => {
  await page.emulateMedia({ colorScheme: 'dark' });
  await page.goto(`/article/${MARS}`);
  await expect(page.locator('html')).toHaveAttribute('data-theme', 'dark');
  const dark = page.getByRole('button', { name: 'الوضع الداكن' });
  await expect(dark).toHaveAttribute('aria-pressed', 'true');
  await dark.click();
  await expect(page.locator('html')).toHaveAttribute('data-theme', 'light');
  expect(await background(page)).toBe('rgb(255, 255, 255)');
  await page.reload();
  await expect(page.getByRole('heading', { level: 1 })).toBeVisible();
  await expect(page.locator('html')).toHaveAttribute('data-theme', 'light');
  await expect(page.getByRole('button', { name: 'الوضع الداكن' })).toHaveAttribute('aria-pressed', 'false');
});

test('a chosen dark theme is on screen before the app has even loaded: no flash', async ({ page }) => {
  await page.goto('/');
  await page.evaluate(() => localStorage.setItem('khabar:theme', 'dark'));
  // Hold back the app entirely: what shows is index.html and CSS alone.
  await page.route('**/*.wasm', () => {});
  await page.goto(`/article/${SEED}`, { waitUntil: 'domcontentloaded' });
  expect(await page.evaluate(() => document.documentElement.dataset.theme)).toBe('dark');
  expect(await background(page)).toBe('rgb(21, 22, 26)');
});

test('text size changes the article text only, in steps, and is remembered', async ({ page }) => {
  await page.goto(`/article/${MARS}`);
  const size = (selector) => page.locator(selector).first().evaluate((el) => parseFloat(getComputedStyle(el).fontSize));
  const body0 = await size('.article__body p');
  const nav0 = await size('.site-nav a');
  const card0 = await size('.related .card__title');
  const larger = page.getByRole('button', { name: 'تكبير النص' });
  await expect(page.getByRole('button', { name: 'تصغير النص' })).toBeDisabled();
  for (let i = 0; i < 3; i++) await larger.click();
  await expect(larger).toBeDisabled();
  expect(await size('.article__body p')).toBeCloseTo(body0 * 1.5, 1);
  expect(await size('.site-nav a')).toBe(nav0);
  expect(await size('.related .card__title')).toBe(card0);
  await page.reload();
  await expect(page.getByRole('heading', { level: 1 })).toBeVisible();
  expect(await size('.article__body p')).toBeCloseTo(body0 * 1.5, 1);
});

test('the reading progress bar is hidden from assistive technology and follows the scroll', async ({ page }) => {
  await page.goto(`/article/${MARS}`);
  const bar = page.locator('.reading-progress');
  await expect(bar).toHaveAttribute('aria-hidden', 'true');
  const scale = () => page.locator('.reading-progress__bar').evaluate((el) => new DOMMatrix(getComputedStyle(el).transform).a);
  expect(await scale()).toBe(0);
  await page.evaluate(() => window.scrollTo(0, document.documentElement.scrollHeight));
  await expect.poll(scale).toBeCloseTo(1, 2);
});

test('without the Web Share API, sharing copies the link and says so in Arabic', async ({ page, context }) => {
  await context.grantPermissions(['clipboard-read', 'clipboard-write']);
  await page.addInitScript(() => { delete Navigator.prototype.share; delete navigator.share; });
  await page.goto(`/article/${MARS}`);
  await page.getByRole('button', { name: 'نسخ الرابط' }).click();
  await expect(page.locator('.share__status')).toHaveText('تم نسخ الرابط');
  // The site's public address (content/site.json), not the one this copy was loaded from.
  const address = `${SITE_URL}/article/${MARS}`;
  expect(await page.evaluate(() => navigator.clipboard.readText())).toBe(address);
  const whatsapp = await page.getByRole('link', { name: 'واتساب' }).getAttribute('href');
  expect(whatsapp).toContain(encodeURIComponent(address));
  for (const name of ['إكس', 'تيليغرام', 'فيسبوك', 'البريد الإلكتروني']) {
    expect(await page.getByRole('link', { name }).getAttribute('href')).toContain(encodeURIComponent(address));
  }
});

test('with the Web Share API, sharing opens the system sheet with the article', async ({ page }) => {
  await page.addInitScript(() => {
    window.shared = [];
    navigator.share = (data) => { window.shared.push(data); return Promise.resolve(); };
  });
  await page.goto(`/article/${MARS}`);
  await page.getByRole('button', { name: 'مشاركة' }).click();
  const shared = await page.evaluate(() => window.shared);
  expect(shared).toEqual([{ url: `${SITE_URL}/article/${MARS}`, title: published(MARS).headline }]);
});

test('printing shows the article alone, with its address', async ({ page }) => {
  await page.goto(`/article/${MARS}`);
  await expect(page.getByRole('heading', { level: 1 })).toBeVisible();
  await page.emulateMedia({ media: 'print' });
  for (const selector of ['.site-header', '.related', '.share', '.to-top', '.site-footer', '.reading-progress']) {
    await expect(page.locator(selector)).toBeHidden();
  }
  await expect(page.locator('article h1')).toBeVisible();
  await expect(page.locator('.article__url')).toBeVisible();
  await expect(page.locator('.article__url')).toContainText(`${SITE_URL}/article/${MARS}`);
});

test('the article carries its head metadata and JSON-LD that matches the article', async ({ page }) => {
  const article = published(MARS);
  await page.goto(`/article/${MARS}`);
  await expect(page).toHaveTitle(`${article.headline} — خبر`);
  // Absolute addresses are the site's public one (content/site.json), whatever served this copy.
  const url = `${SITE_URL}/article/${MARS}`;
  // Pictures are relative to the app's root (<base href>), not to the article's path.
  const picture = new URL(article.image.src, `${SITE_URL}/`).href;
  const head = page.locator('head');
  await expect(head.locator('link[rel="canonical"]')).toHaveAttribute('href', url);
  await expect(head.locator('meta[name="description"]')).toHaveAttribute('content', article.summary);
  await expect(head.locator('meta[property="og:title"]')).toHaveAttribute('content', article.headline);
  await expect(head.locator('meta[property="og:image"]')).toHaveAttribute('content', picture);
  await expect(head.locator('meta[name="twitter:card"]')).toHaveAttribute('content', 'summary_large_image');
  const blocks = await head.locator('script[type="application/ld+json"]').allTextContents();
  const data = blocks.map((b) => JSON.parse(b));
  const news = data.find((d) => d['@type'] === 'NewsArticle');
  expect(news.headline).toBe(article.headline);
  expect(news.datePublished).toBe(article.published);
  expect(news.dateModified).toBe(article.updated ?? article.published);
  expect(news.datePublished).toMatch(/[+-]\d{2}:\d{2}$|Z$/);
  expect(news.inLanguage).toBe('ar');
  const { width, height, credit } = article.image;
  expect(news.image).toEqual([
    { '@type': 'ImageObject', url: picture, width, height, ...(credit ? { creditText: credit } : {}) },
  ]);
  expect(news.author.map((a) => a.name)).toEqual(article.authors.map((a) => a.name));
  expect(news.publisher.name).toBe('خبر');
  const crumbs = data.find((d) => d['@type'] === 'BreadcrumbList');
  expect(crumbs.itemListElement.map((i) => i.name)).toEqual(['خبر', article.section.name, article.headline]);
  expect(crumbs.itemListElement[2].item).toBe(url);
});

/** The document's title, `<html lang dir>` and head tags, each as its name, sorted attributes and text. */
const headOf = (page) => page.evaluate(() => ({
  title: document.title,
  lang: document.documentElement.lang,
  dir: document.documentElement.dir,
  tags: [...document.head.querySelectorAll('meta, link, script[type="application/ld+json"]')].map((el) =>
    [el.localName, ...[...el.attributes].map((a) => `${a.name}=${a.value}`).sort(), el.textContent].join(' ')),
}));

test('a page reached inside the app has the very head its prerendered page has, and none of the last page\'s tags', async ({ page }) => {
  // Guards against an in-app move keeping the article's JSON-LD, Open Graph and feed tags on
  // the next page, writing a tag twice, or writing other tags than a crawler gets.
  await page.goto('/');
  const home = await headOf(page);
  await page.goto(`/article/${SEED}`);
  const article = await headOf(page);
  expect(article.tags.filter((t) => t.includes('application/ld+json'))).toHaveLength(2);
  expect(article.tags).toContainEqual(expect.stringMatching(/^meta content=article property=og:type/));

  await page.locator('html[data-app]').waitFor({ state: 'attached' });
  await page.locator('.site-header__name').click();
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('أحدث الأخبار');
  await expect.poll(() => headOf(page)).toEqual(home);

  await page.locator(`main a[href$="/article/${SEED}"]`).first().click();
  await expect(page.getByRole('heading', { level: 1 })).toBeVisible();
  await expect.poll(() => headOf(page)).toEqual(article);
});

test('an article in another language sets <html lang dir>, and the site\'s come back when it is left', async ({ page }) => {
  // Guards against <html> keeping index.html's values on such an article, or keeping the
  // article's on every page opened after it in the app.
  await page.route(`**/api/articles/${MARS}.json`, (route) =>
    route.fulfill({ json: { ...published(MARS), lang: 'en', dir: 'ltr' } }));
  // Reached inside the app, so the article comes from the (changed) API, not from its page.
  await openInApp(page, '/', `/article/${MARS}`);
  await expect(page.getByRole('heading', { level: 1 })).toBeVisible();
  await expect(page.locator('html')).toHaveAttribute('lang', 'en');
  await expect(page.locator('html')).toHaveAttribute('dir', 'ltr');
  await page.locator('.site-header__name').click();
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('أحدث الأخبار');
  await expect(page.locator('html')).toHaveAttribute('lang', 'ar');
  await expect(page.locator('html')).toHaveAttribute('dir', 'rtl');
});

test('home leads with the newest story and loads more through the paged index', async ({ page }) => {
  const first = JSON.parse(readFileSync(path.resolve(import.meta.dirname, '../../public/api/index.json'), 'utf8'));
  await page.route('**/api/index.json', (route) =>
    route.fulfill({ json: { ...first, pages: 2, next: 'index-2.json' } }));
  await page.route('**/api/index-2.json', (route) =>
    route.fulfill({ json: { page: 2, pages: 2, items: [published(SEED)].map((a) => ({
      slug: `${a.slug}`, headline: 'مقال من الصفحة الثانية', section: a.section, published: a.published, summary: a.summary })) } }));
  // Reached inside the app, so the index comes from the (changed) API, not from the home page's file.
  await page.goto('/section/science');
  await page.locator('html[data-app]').waitFor({ state: 'attached' });
  await page.locator('.site-header__name').click();
  await expect(page).toHaveTitle('خبر');
  const site = JSON.parse(readFileSync(path.resolve(import.meta.dirname, '../../public/api/site.json'), 'utf8'));
  await expect(page.locator('head meta[name="description"]')).toHaveAttribute('content', site.description);
  await expect(page.locator('head link[rel="canonical"]')).toHaveAttribute('href', `${SITE_URL}/`);
  await expect(page.locator('.card--lead .card__title')).toHaveText(first.items[0].headline);
  const cards = page.locator('.cards > li');
  await expect(cards).toHaveCount(first.items.length);
  await page.getByRole('link', { name: 'المزيد من المقالات' }).click();
  await expect(cards).toHaveCount(first.items.length + 1);
  await expect(cards.last()).toContainText('مقال من الصفحة الثانية');
  await expect(page.getByRole('link', { name: 'المزيد من المقالات' })).toHaveCount(0);
});

test('the menu lists the sections from the content and marks the current one', async ({ page }) => {
  const site = JSON.parse(readFileSync(path.resolve(import.meta.dirname, '../../public/api/site.json'), 'utf8'));
  await page.goto('/section/science');
  const menu = page.getByRole('navigation', { name: 'الأقسام' });
  await expect(menu.getByRole('link')).toHaveText(site.sections.map((s) => s.name));
  await expect(menu.getByRole('link', { name: 'علوم' })).toHaveAttribute('aria-current', 'page');
  await expect(menu.locator('[aria-current]')).toHaveCount(1);
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('علوم');
});

test('a section is named from site.json even when it has no article yet', async ({ page }) => {
  // Guards against the heading taken from the first article: an empty section had an empty <h1>.
  await page.route('**/api/sections/weather.json', (route) => route.fulfill({ json: { page: 1, pages: 1, items: [] } }));
  // Reached inside the app: the prerendered page would show the section's real articles.
  await openInApp(page, '/', '/section/weather');
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('طقس');
  await expect(page.locator('.cards li')).toHaveCount(0);
  await expect(page).toHaveTitle('طقس — خبر');
});

test('moving from one section to another names the new one', async ({ page }) => {
  // Guards against the old section's name staying when the new section has no article to name it.
  await page.route('**/api/sections/weather.json', (route) => route.fulfill({ json: { page: 1, pages: 1, items: [] } }));
  await page.goto('/section/science');
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('علوم');
  await page.getByRole('navigation', { name: 'الأقسام' }).getByRole('link', { name: 'طقس' }).click();
  await expect(page).toHaveURL(/\/section\/weather$/);
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('طقس');
  await expect(page).toHaveTitle('طقس — خبر');
});

test('a section slug that names no section is the not-found page, with no request for it', async ({ page, expectErrors }) => {
  // Guards against an unknown section asking the server and showing an error about an article.
  expectErrors(documentNotFound('/section/no-such-section'));
  const requests = [];
  page.on('request', (r) => { if (r.url().includes('/api/sections/')) requests.push(r.url()); });
  const response = await page.goto('/section/no-such-section');
  expect(response.status()).toBe(404);
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('الصفحة غير موجودة');
  await expect(page.locator('.latest li').first()).toBeVisible();
  await expect(page.locator('head meta[name="robots"]')).toHaveAttribute('content', 'noindex');
  expect(requests).toEqual([]);
});

test('the header and the section page share one request for site.json', async ({ page }) => {
  // Guards against the menu and the section name each fetching site.json. Started from an address
  // with no page of its own (the app renders it from the API); a prerendered page asks for none.
  const requests = [];
  page.on('request', (r) => { if (r.url().endsWith('/api/site.json')) requests.push(r.url()); });
  await page.goto('/no/such/page');
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('الصفحة غير موجودة');
  const menu = page.getByRole('navigation', { name: 'الأقسام' });
  await menu.getByRole('link', { name: 'علوم' }).click();
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('علوم');
  await menu.getByRole('link', { name: 'ثقافة' }).click();
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('ثقافة');
  expect(requests.length).toBe(1);
});

test('a prerendered section page and the moves from it ask for no site.json: the page carries it', async ({ page }) => {
  // Guards against a second copy of data the page already has.
  const requests = [];
  page.on('request', (r) => { if (r.url().endsWith('/api/site.json')) requests.push(r.url()); });
  await page.goto('/section/science');
  await page.locator('html[data-app]').waitFor({ state: 'attached' });
  await page.getByRole('navigation', { name: 'الأقسام' }).getByRole('link', { name: 'ثقافة' }).click();
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('ثقافة');
  await expect(page.locator('.cards li').first()).toBeVisible();
  expect(requests).toEqual([]);
});

for (const [route, name] of [['/', 'home'], ['/section/culture', 'section'], [`/article/webassembly-arabic-apps`, 'article']]) {
  test(`the ${name} page has no horizontal scroll at 320 px or at 200% zoom`, async ({ page }) => {
    for (const width of [320, 640]) {
      await page.setViewportSize({ width, height: 700 });
      await page.goto(route);
      await expect(page.getByRole('heading', { level: 1 })).toBeVisible();
      await page.waitForTimeout(200);
      const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
      expect(overflow, `${width}px`).toBeLessThanOrEqual(0);
    }
  });
}

test('the page paints with the HTML, before the app, exactly where the app keeps it', async ({ page }) => {
  // Guards against the app moving what the prerendered page showed (a second render, a shift).
  // One document: the wasm is held back until the page has painted and been measured, so both
  // measures use the same fonts (a face that misses the first paint is not swapped in later).
  let release;
  const held = new Promise((resolve) => { release = resolve; });
  await page.route('**/*.wasm', async (route) => { await held; await route.continue(); });
  await page.goto(`/article/${MARS}`, { waitUntil: 'domcontentloaded' });
  await expect(page.locator('.site-header__name')).toHaveText('خبر');
  await expect(page.locator('main h1')).toBeVisible();
  await page.evaluate(() => document.fonts.ready);
  const boxes = () => Promise.all(['.site-header', 'main h1', '.article__body'].map((s) => page.locator(s).boundingBox()));
  const before = await boxes();
  release();
  await page.locator('html[data-app]').waitFor({ state: 'attached' });
  expect(await boxes()).toEqual(before);
});

test('loading an article with pictures shifts no layout', async ({ page }) => {
  await page.addInitScript(() => {
    window.layoutShift = 0;
    new PerformanceObserver((list) => {
      for (const entry of list.getEntries()) if (!entry.hadRecentInput) window.layoutShift += entry.value;
    }).observe({ type: 'layout-shift', buffered: true });
  });
  await page.goto(`/article/${MARS}`);
  await expect(page.getByRole('heading', { level: 1 })).toBeVisible();
  await page.waitForLoadState('networkidle');
  await page.evaluate(() => document.fonts.ready);
  await page.evaluate(() => window.scrollTo(0, document.documentElement.scrollHeight));
  await page.waitForTimeout(300);
  expect(await page.evaluate(() => window.layoutShift)).toBeLessThan(0.01);
});
