// Error states arise where the app fetches: after an in-app move (a prerendered page carries its own
// data), or on an address with no page of its own, where the app renders the not-found document.
import { test, expect, SEED, SEED_HEADLINE, openInApp, documentNotFound } from './fixtures.js';

test('a request with no answer gives up after about ten seconds, and retry recovers', async ({ page, expectErrors }) => {
  expectErrors(/khabar: no answer within the time limit/);
  test.setTimeout(40_000);
  let hang = true;
  await page.route(`**/api/articles/${SEED}.json`, (route) => (hang ? undefined : route.continue()));
  await openInApp(page, '/', `/article/${SEED}`);
  await expect(page.getByRole('status').filter({ hasText: 'جارٍ تحميل المقال' })).toBeVisible();
  const alert = page.getByRole('alert');
  await expect(alert).toContainText('استغرق التحميل وقتًا طويلًا', { timeout: 15_000 });
  hang = false;
  await page.getByRole('button', { name: 'إعادة المحاولة' }).click();
  await expect(page.getByRole('heading', { level: 1 })).toContainText(SEED_HEADLINE);
});

test('a network failure says the connection failed and offers a retry', async ({ page, expectErrors }) => {
  expectErrors(/ERR_INTERNET_DISCONNECTED/, /khabar: network error/);
  let fail = true;
  await page.route(`**/api/articles/${SEED}.json`, (route) => (fail ? route.abort('internetdisconnected') : route.continue()));
  await openInApp(page, '/', `/article/${SEED}`);
  await expect(page.getByRole('alert')).toContainText('تعذر الاتصال');
  fail = false;
  await page.getByRole('button', { name: 'إعادة المحاولة' }).click();
  await expect(page.getByRole('heading', { level: 1 })).toContainText(SEED_HEADLINE);
});

for (const [name, from, path, file] of [['home', '/section/science', '/', 'index.json'], ['section', '/', '/section/science', 'sections/science.json']]) {
  test(`a ${name} page that cannot load speaks of articles, not of one article`, async ({ page, expectErrors }) => {
    // Guards against listing errors reusing the article's words ("تعذر تحميل المقال").
    expectErrors(/status of 503/, /khabar: server answered HTTP 503/);
    await page.route(`**/api/${file}`, (route) => route.fulfill({ status: 503, body: 'busy' }));
    await openInApp(page, from, path);
    const alert = page.getByRole('alert');
    await expect(alert.getByRole('heading')).toHaveText('تعذر تحميل المقالات');
    await expect(page.getByRole('button', { name: 'إعادة المحاولة' })).toBeVisible();
  });
}

test('a list of articles that times out says the list did not arrive', async ({ page, expectErrors }) => {
  // Guards against a home page that times out saying "لم يصل المقال".
  expectErrors(/khabar: no answer within the time limit/);
  test.setTimeout(30_000);
  await page.route('**/api/index.json', () => {});
  await openInApp(page, '/section/science', '/');
  const alert = page.getByRole('alert');
  await expect(alert).toContainText('لم تصل قائمة المقالات', { timeout: 15_000 });
  expect(await alert.textContent()).not.toMatch(/المقال(?!ات)/);
});

test('malformed JSON shows "تعذر عرض هذا المقال", logs details, and the rest of the app still works', async ({ page, expectErrors }) => {
  // No page of its own: nginx answers 404 with the not-found document, and the app renders the address.
  expectErrors(/khabar: malformed content/, documentNotFound('/article/broken-article'));
  const errors = [];
  page.on('console', (m) => { if (m.type() === 'error') errors.push(m.text()); });
  const crashes = [];
  page.on('pageerror', (e) => crashes.push(e.message));
  await page.route('**/api/articles/broken-article.json', (route) =>
    route.fulfill({ status: 200, contentType: 'application/json', body: '{"slug": "broken-article", "headline": ' }));
  await page.goto('/article/broken-article');
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('تعذر عرض هذا المقال');
  expect(errors.some((e) => e.includes('malformed content'))).toBe(true);
  await expect(page.getByRole('button', { name: 'إعادة المحاولة' })).toHaveCount(0);
  expect(crashes).toEqual([]);
  await page.getByRole('link', { name: 'الصفحة الرئيسية' }).click();
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('أحدث الأخبار');
  await expect(page.locator('.cards li').first()).toBeVisible();
});

test('JSON that breaks the model (a missing headline) is shown as unreadable, not as a crash', async ({ page, expectErrors }) => {
  expectErrors(/khabar: malformed content/, documentNotFound('/article/no-headline'));
  const crashes = [];
  page.on('pageerror', (e) => crashes.push(e.message));
  await page.route('**/api/articles/no-headline.json', (route) =>
    route.fulfill({ status: 200, contentType: 'application/json', body: JSON.stringify({
      slug: 'no-headline', section: { slug: 'news', name: 'الأخبار' }, summary: 's',
      published: '2026-11-01T10:00:00+03:00', body: [] }) }));
  await page.goto('/article/no-headline');
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('تعذر عرض هذا المقال');
  expect(crashes).toEqual([]);
});

test('hostile text in every field is shown as text and never runs', async ({ page, expectErrors }) => {
  expectErrors(documentNotFound('/article/hostile'));
  const dialogs = [];
  page.on('dialog', (d) => { dialogs.push(d.message()); d.dismiss(); });
  const evil = '<img src=x onerror="window.pwned=1"><script>window.pwned=2</script>';
  await page.route('**/api/articles/hostile.json', (route) => route.fulfill({
    status: 200, contentType: 'application/json', body: JSON.stringify({
      slug: 'hostile', section: { slug: 'news"><script>window.pwned=3</script>', name: evil },
      headline: `عنوان ${evil}`, subtitle: evil, summary: evil, published: '2026-11-01T10:00:00+03:00',
      authors: [{ name: evil, url: 'javascript:window.pwned=4' }],
      image: { src: 'javascript:window.pwned=5', alt: evil, caption: evil, credit: evil, width: 10, height: 10 },
      tags: [evil],
      body: [
        { type: 'paragraph', text: evil },
        { type: 'paragraph', text: [{ text: 'رابط', href: 'javascript:window.pwned=6' }, { text: 'بيانات', href: 'data:text/html,<script>alert(1)</script>' }] },
        { type: 'heading', text: evil },
        { type: 'list', items: [evil] },
        { type: 'quote', text: evil, source: evil },
        { type: 'figure', image: { src: 'images/x.svg" onerror="window.pwned=7', alt: evil, width: 1, height: 1 } },
      ],
      related: [{ slug: 'x"><img src=x onerror=alert(1)>', headline: evil, section: { slug: 'news', name: evil }, published: '2026-11-01T10:00:00+03:00', image: { src: 'javascript:alert(1)', alt: evil, width: 1, height: 1 } }],
    }) }));
  await page.goto('/article/hostile');
  await expect(page.getByRole('heading', { level: 1 })).toContainText('<script>window.pwned=2</script>');
  await page.waitForTimeout(300);
  expect(await page.evaluate(() => window.pwned)).toBeUndefined();
  expect(dialogs).toEqual([]);
  expect(await page.locator('main script').count()).toBe(0);
  expect(await page.locator('a[href^="javascript:"], a[href^="data:"], img[src^="javascript:"]').count()).toBe(0);
  expect(await page.locator('main img[src="x"]').count()).toBe(0);
});

for (const [name, path] of [
  ['percent-encoded Arabic', '/article/%D9%82%D9%85%D8%A9-%D8%A8%D9%88%D8%AA%D9%8A%D9%86'],
  ['a very long slug', `/article/${'a'.repeat(3000)}`],
  ['upper case', '/article/PUTIN'],
]) {
  test(`an odd slug (${name}) is the not-found page, with no request for it`, async ({ page, expectErrors }) => {
    // No such page: nginx answers HTTP 404 with the Arabic not-found page.
    expectErrors(documentNotFound(path));
    const crashes = [];
    page.on('pageerror', (e) => crashes.push(e.message));
    const articleRequests = [];
    page.on('request', (r) => { if (r.url().includes('/api/articles/')) articleRequests.push(r.url()); });
    const response = await page.goto(path);
    expect(response.status()).toBe(404);
    await expect(page.getByRole('heading', { level: 1 })).toHaveText('الصفحة غير موجودة');
    expect(articleRequests).toEqual([]);
    expect(crashes).toEqual([]);
  });
}

test('a slug with dot segments reached inside the app is the not-found page, with no request', async ({ page }) => {
  // nginx refuses such paths itself (400), so go through the router as an in-app link would.
  await page.goto('/');
  const articleRequests = [];
  page.on('request', (r) => { if (r.url().includes('/api/articles/')) articleRequests.push(r.url()); });
  await page.evaluate(() => {
    history.pushState(null, '', '/article/..%2F..%2Fsite');
    dispatchEvent(new PopStateEvent('popstate'));
  });
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('الصفحة غير موجودة');
  expect(articleRequests).toEqual([]);
});

test('a trailing slash still opens the article', async ({ page }) => {
  await page.goto(`/article/${SEED}/`);
  await expect(page.getByRole('heading', { level: 1 })).toContainText(SEED_HEADLINE);
});
