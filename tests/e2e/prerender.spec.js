// Every page arrives as HTML: what a crawler or a link preview reads with one plain GET, what a reader
// without JavaScript reads, that the app hydrates the very nodes it was given (and then is the same
// app), that no prerendered route logs an error, and what an address without a page of its own gets.
import { chmodSync, cpSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { test, expect, SEED, SEED_HEADLINE, SITE_URL, documentNotFound } from './fixtures.js';
import { startNginx } from './nginx.js';
import { prerenderCopy } from './prerender-copy.js';

const api = path.resolve(import.meta.dirname, '../../dist/api');
const json = (file) => JSON.parse(readFileSync(path.join(api, file), 'utf8'));
const seed = json(`articles/${SEED}.json`);
const site = json('site.json');
const home = json('index.json');
const SLUGS = readdirSync(path.join(api, 'articles')).filter((f) => f.endsWith('.json')).map((f) => f.slice(0, -5)).sort();
const paragraphs = (article) => article.body.filter((b) => b.type === 'paragraph' && typeof b.text === 'string').map((b) => b.text);

const ENTITIES = { amp: '&', lt: '<', gt: '>', quot: '"', '#39': "'", '#x27': "'", nbsp: '\u00a0' };
const decode = (text) => text.replace(/&(amp|lt|gt|quot|#39|#x27|nbsp);/g, (_, e) => ENTITIES[e]);
/** The text a reader sees in a piece of markup: tags dropped (the <bdi> around numbers), entities read. */
const visibleText = (html) => decode(html.replace(/<[^>]*>/g, ''));
const attributes = (tag) => Object.fromEntries([...tag.matchAll(/([a-z:-]+)="([^"]*)"/g)].map(([, n, v]) => [n, decode(v)]));

/** A page as a crawler gets it: one GET, no script run. */
async function crawl(request, address) {
  const response = await request.get(`${process.env.KHABAR_URL}${address}`);
  expect(response.status(), address).toBe(200);
  const html = await response.text();
  const head = html.slice(0, html.indexOf('</head>'));
  // The markup only: the page's data block for the app is not what a crawler shows.
  const body = html.slice(html.indexOf('<body'), html.indexOf('<script type="application/json" id="khabar-data"'));
  const metas = [...head.matchAll(/<meta\b[^>]*>/g)].map(([tag]) => attributes(tag));
  const meta = (key, name) => {
    const found = metas.filter((m) => m[key] === name);
    expect(found, `${address}: one <meta ${key}="${name}">`).toHaveLength(1);
    return found[0].content;
  };
  const canonical = [...head.matchAll(/<link\b[^>]*rel="canonical"[^>]*>/g)].map(([tag]) => attributes(tag).href);
  const title = [...head.matchAll(/<title>([^<]*)<\/title>/g)].map(([, t]) => decode(t));
  const ld = [...head.matchAll(/<script type="application\/ld\+json">([^<]*)<\/script>/g)].map(([, t]) => JSON.parse(t));
  return { html, head, body, meta, canonical, title, ld, root: attributes(html.match(/<html\b[^>]*>/)[0]) };
}

test.describe('a plain GET, as crawlers and link previews make it', () => {
  // Defect guarded: every address answering the same empty index.html, so a shared link showed no
  // headline, description or picture.
  test('the seed article: its own head, JSON-LD that matches the article, and its text', async ({ request }) => {
    const page = await crawl(request, `/article/${SEED}`);
    const url = `${SITE_URL}/article/${SEED}`;
    expect(page.root).toMatchObject({ lang: seed.lang ?? 'ar', dir: seed.dir ?? 'rtl' });
    expect(page.title).toEqual([`${seed.headline} — ${site.name}`]);
    expect(page.meta('property', 'og:title')).toBe(seed.headline);
    expect(page.meta('property', 'og:description')).toBe(seed.summary);
    expect(page.meta('name', 'description')).toBe(seed.summary);
    expect(page.meta('property', 'og:url')).toBe(url);
    expect(page.meta('property', 'og:type')).toBe('article');
    expect(page.canonical).toEqual([url]);
    const news = page.ld.find((d) => d['@type'] === 'NewsArticle');
    expect(news).toMatchObject({
      headline: seed.headline,
      description: seed.summary,
      datePublished: seed.published,
      dateModified: seed.updated ?? seed.published,
      inLanguage: seed.lang ?? 'ar',
      articleSection: seed.section.name,
      url,
    });
    expect(news.publisher.name).toBe(site.name);
    const crumbs = page.ld.find((d) => d['@type'] === 'BreadcrumbList');
    expect(crumbs.itemListElement.map((i) => [i.position, i.name, i.item])).toEqual([
      [1, site.name, `${SITE_URL}/`],
      [2, seed.section.name, `${SITE_URL}/section/${seed.section.slug}`],
      [3, seed.headline, url],
    ]);
    const text = visibleText(page.body);
    expect(text).toContain(seed.headline);
    for (const paragraph of paragraphs(seed)) expect(text).toContain(paragraph);
    for (const item of seed.body.find((b) => b.type === 'list').items) expect(text).toContain(item);
    for (const related of seed.related) expect(page.body).toContain(`href="/article/${related.slug}"`);
  });

  test('every address the seed article gives crawlers (canonical, pictures, JSON-LD) answers 200 here', async ({ request }) => {
    // Defect guarded: a link preview or a search result pointing at a file the bundle does not have
    // (the publisher's logo named favicon.svg while Trunk publishes favicon-<hash>.svg).
    const page = await crawl(request, `/article/${SEED}`);
    const addresses = new Set();
    const collect = (value) => {
      if (typeof value === 'string' && value.startsWith(`${SITE_URL}/`)) addresses.add(value);
      else if (value && typeof value === 'object') Object.values(value).forEach(collect);
    };
    collect(page.ld);
    for (const [, value] of page.head.matchAll(/(?:content|href)="(https?:[^"]*)"/g)) collect(decode(value));
    expect([...addresses].some((a) => a.includes('favicon'))).toBe(true);
    for (const address of addresses) {
      const response = await request.get(`${process.env.KHABAR_URL}${address.slice(SITE_URL.length)}`);
      expect(response.status(), address).toBe(200);
    }
  });

  test('a section and the home page: their own title, description, addresses and list', async ({ request }) => {
    const news = site.sections.find((s) => s.slug === 'news');
    const section = await crawl(request, '/section/news');
    expect(section.root).toMatchObject({ lang: 'ar', dir: 'rtl' });
    expect(section.title).toEqual([`${news.name} — ${site.name}`]);
    expect(section.meta('property', 'og:title')).toBe(news.name);
    expect(section.meta('property', 'og:description')).toBe(section.meta('name', 'description'));
    expect(section.meta('property', 'og:url')).toBe(`${SITE_URL}/section/news`);
    expect(section.canonical).toEqual([`${SITE_URL}/section/news`]);
    for (const item of json('sections/news.json').items) expect(visibleText(section.body)).toContain(item.headline);

    const front = await crawl(request, '/');
    expect(front.root).toMatchObject({ lang: 'ar', dir: 'rtl' });
    expect(front.title).toEqual([site.name]);
    expect(front.meta('property', 'og:title')).toBe(site.name);
    expect(front.meta('property', 'og:description')).toBe(site.description);
    expect(front.meta('property', 'og:url')).toBe(`${SITE_URL}/`);
    expect(front.canonical).toEqual([`${SITE_URL}/`]);
    expect(home.items.length).toBeGreaterThan(3);
    for (const item of home.items) expect(visibleText(front.body)).toContain(item.headline);
  });
});

test.describe('with JavaScript switched off', () => {
  // Defect guarded: a reader whose browser cannot run the wasm got an empty page.
  const context = (browser, options = {}) =>
    browser.newContext({ javaScriptEnabled: false, baseURL: process.env.KHABAR_URL, locale: 'ar', ...options });

  test('the whole seed article reads, and a related link opens another prerendered article', async ({ browser }) => {
    const ctx = await context(browser);
    const page = await ctx.newPage();
    await page.goto(`/article/${SEED}`);
    await expect(page.locator('main h1')).toContainText(SEED_HEADLINE);
    await expect(page.locator('.article__body > p')).toHaveText(paragraphs(seed));
    await expect(page.locator('.article__body ul > li')).toHaveText(seed.body.find((b) => b.type === 'list').items);
    const menu = page.getByRole('navigation', { name: 'الأقسام' });
    await expect(menu.getByRole('link')).toHaveText(site.sections.map((s) => s.name));
    await expect(page.getByRole('heading', { level: 2, name: 'مقالات ذات صلة' })).toBeVisible();
    const related = page.locator('section.related li h3 a');
    await expect(related).toHaveText(seed.related.map((r) => r.headline));
    // Controls that need the app are hidden, never shown dead.
    for (const name of ['الوضع الداكن', 'تكبير النص', 'تصغير النص', 'مشاركة', 'نسخ الرابط']) {
      await expect(page.getByRole('button', { name, exact: true }), name).toBeHidden();
    }
    await expect(page.locator('.reader-controls')).toHaveCSS('visibility', 'hidden');
    await expect(page.locator('.share__actions')).toHaveCSS('visibility', 'hidden');
    // Scroll-to-top too, even a long way down (showing it is the app's work).
    await page.mouse.wheel(0, 5000);
    await expect.poll(() => page.evaluate(() => window.scrollY)).toBeGreaterThan(1000);
    await expect(page.locator('button.to-top')).toBeHidden();

    const [next] = seed.related;
    const response = page.waitForResponse((r) => r.request().resourceType() === 'document');
    await related.first().click();
    expect((await response).status()).toBe(200);
    await expect(page).toHaveURL(new RegExp(`/article/${next.slug}$`));
    await expect(page.locator('main h1')).toHaveText(next.headline);
    await expect(page.locator('.article__body > p').first()).toBeVisible();
    await ctx.close();
  });

  test('the home page and a section list their articles, with plain links', async ({ browser }) => {
    const ctx = await context(browser);
    const page = await ctx.newPage();
    await page.goto('/');
    await expect(page.locator('.cards > li .card__title')).toHaveText(home.items.map((i) => i.headline));
    await page.getByRole('navigation', { name: 'الأقسام' }).getByRole('link', { name: 'علوم' }).click();
    await expect(page).toHaveURL(/\/section\/science$/);
    await expect(page.locator('main h1')).toHaveText('علوم');
    await expect(page.locator('.cards > li .card__title')).toHaveText(json('sections/science.json').items.map((i) => i.headline));
    await ctx.close();
  });

  test('in the dark colour scheme the page is dark, from CSS alone', async ({ browser }) => {
    // Defect guarded: the theme set only by script, so without it a dark-mode reader got a white page.
    const ctx = await context(browser, { colorScheme: 'dark' });
    const page = await ctx.newPage();
    await page.goto(`/article/${SEED}`);
    await expect(page.locator('html')).not.toHaveAttribute('data-theme', /./);
    expect(await page.evaluate(() => getComputedStyle(document.body).backgroundColor)).toBe('rgb(21, 22, 26)');
    await ctx.close();
  });
});

/** Holds the wasm back until the returned function is called: the page is the prerendered HTML alone. */
async function holdApp(page) {
  let release;
  const held = new Promise((resolve) => { release = resolve; });
  await page.route('**/*.wasm', async (route) => { await held; await route.continue(); });
  return release;
}

test.describe('hydration', () => {
  // Another zone than the articles' own, so Intl writes the dates differently from the prerendered text.
  test.use({ timezoneId: 'America/Los_Angeles' });

  test('the dates are written in the reader\'s zone even when the worker that loads Intl\'s data cannot start', async ({ page, expectErrors }) => {
    // Defect guarded: dates that wait for the worker forever when it is missing, refused or offline.
    expectErrors(/warm-intl\.js|Failed to load resource/);
    let asked = null;
    await page.route('**/warm-intl.js*', (route) => { asked = new URL(route.request().url()); return route.abort(); });
    const release = await holdApp(page);
    await page.goto(`/article/${SEED}`, { waitUntil: 'domcontentloaded' });
    const prerendered = await page.locator('.article__meta time').first().textContent();
    release();
    await page.locator('html[data-app]').waitFor({ state: 'attached' });
    await expect.poll(() => page.locator('.article__meta time').first().textContent()).not.toBe(prerendered);
    // It was asked for, with the locale the app writes dates in.
    expect(asked?.searchParams.get('locale')).toBe('ar-u-ca-gregory-nu-latn');
  });

  test('the nodes shown before the app runs are the nodes it owns afterwards, and then it is the same SPA', async ({ page }) => {
    // Defect guarded: the app throwing the prerendered page away and rendering it again (a flash, lost
    // focus and scroll), or hydrating without taking over the nodes (a page that looks alive but is dead).
    const release = await holdApp(page);
    await page.goto(`/article/${SEED}`, { waitUntil: 'domcontentloaded' });
    const before = await page.evaluate(() => {
      const h1 = document.querySelector('main h1');
      const time = document.querySelector('.article__meta time') ?? document.querySelector('main time');
      const toggle = document.querySelector('.reader-controls button[aria-pressed]');
      Object.assign(window, { heldH1: h1, heldTime: time, heldToggle: toggle });
      h1.heldMark = 'h1';
      time.heldMark = 'time';
      return { headline: h1.textContent, time: time.textContent, pressed: toggle.getAttribute('aria-pressed'), app: document.documentElement.hasAttribute('data-app') };
    });
    expect(before.headline).toContain(SEED_HEADLINE);
    expect(before.app).toBe(false);
    const documents = [];
    page.on('request', (r) => { if (r.resourceType() === 'document') documents.push(r.url()); });

    release();
    await page.locator('html[data-app]').waitFor({ state: 'attached' });
    // Intl rewrites the date in the reader's zone, in the node the HTML came with.
    await expect.poll(() => page.evaluate(() => window.heldTime.textContent)).not.toBe(before.time);
    const after = await page.evaluate(() => ({
      h1: window.heldH1.isConnected && window.heldH1.heldMark === 'h1' && document.querySelector('main h1') === window.heldH1,
      time: window.heldTime.isConnected && window.heldTime.heldMark === 'time',
      toggle: window.heldToggle.isConnected,
    }));
    expect(after).toEqual({ h1: true, time: true, toggle: true });
    await page.evaluate(() => window.heldToggle.click());
    await expect.poll(() => page.evaluate(() => window.heldToggle.getAttribute('aria-pressed'))).toBe(before.pressed === 'true' ? 'false' : 'true');

    // From here on it is the SPA: a related card renders the next article in the page, at the top,
    // with focus on its headline, and back returns to where the reader was.
    const link = page.locator('section.related li h3 a').first();
    await link.scrollIntoViewIfNeeded();
    const scrolled = await page.evaluate(() => Math.round(window.scrollY));
    expect(scrolled).toBeGreaterThan(0);
    const title = (await link.textContent()).trim();
    await link.click();
    await expect(page.locator('main h1')).toHaveText(title);
    await expect(page.locator('main h1')).toBeFocused();
    await expect.poll(() => page.evaluate(() => window.scrollY)).toBe(0);
    await page.goBack();
    await expect(page.locator('main h1')).toContainText(SEED_HEADLINE);
    await expect.poll(() => page.evaluate(() => Math.round(window.scrollY))).toBe(scrolled);
    expect(documents).toEqual([]);
  });

  test('stored reader settings show in the controls once the app runs, though the HTML has the defaults', async ({ page }) => {
    // Defect guarded: hydration keeps the prerendered attributes (text size at its smallest, light
    // theme) until a signal changes, so the controls would lie about the reader's settings.
    await page.addInitScript(() => {
      localStorage.setItem('khabar:theme', 'dark');
      localStorage.setItem('khabar:text-size', '3');
    });
    await page.goto(`/article/${SEED}`);
    await expect(page.getByRole('button', { name: 'الوضع الداكن' })).toHaveAttribute('aria-pressed', 'true');
    await expect(page.getByRole('button', { name: 'تكبير النص' })).toBeDisabled();
    await expect(page.getByRole('button', { name: 'تصغير النص' })).toBeEnabled();
    await page.getByRole('button', { name: 'تصغير النص' }).click();
    await expect(page.locator('html')).toHaveAttribute('data-text-size', '2');
    await expect(page.getByRole('button', { name: 'تكبير النص' })).toBeEnabled();
  });

  test('a not-found page shown at another address is rendered for that address, not hydrated', async ({ page, expectErrors }) => {
    // Defect guarded: 404.html (the not-found page of /404) hydrated as it is wherever nginx shows it.
    expectErrors(documentNotFound('/article/no-such-article'), /status of 404 .*no-such-article\.json\]$/);
    const release = await holdApp(page);
    const response = await page.goto('/article/no-such-article', { waitUntil: 'domcontentloaded' });
    expect(response.status()).toBe(404);
    await page.evaluate(() => { document.querySelector('main h1').heldMark = 'prerendered'; });
    release();
    await page.locator('html[data-app]').waitFor({ state: 'attached' });
    await expect(page.locator('main h1')).toHaveText('الصفحة غير موجودة');
    expect(await page.evaluate(() => document.querySelector('main h1').heldMark)).toBeUndefined();
    await expect(page.locator('main h1')).toHaveCount(1);
  });
});

test.describe('no console error on any prerendered route', () => {
  // Defect guarded: a hydration mismatch on one page (an `unreachable` trap in release: the page stays
  // static and dead), or an error logged while taking over a page. The fixture fails on any of them.
  const routes = ['/', ...site.sections.map((s) => `/section/${s.slug}`), ...SLUGS.map((slug) => `/article/${slug}`)];
  for (const address of routes) {
    test(address, async ({ page }) => {
      const response = await page.goto(address);
      expect(response.status()).toBe(200);
      await page.locator('html[data-app]').waitFor({ state: 'attached' });
      await expect(page.locator('main h1')).toBeVisible();
      // Effects after hydration (dates, relative times, settings) run within the next frames.
      await page.evaluate(() => new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(() => setTimeout(r, 100)))));
    });
  }

  test('the not-found page (404.html)', async ({ page }) => {
    await page.goto('/404.html');
    await page.locator('html[data-app]').waitFor({ state: 'attached' });
    await expect(page.locator('main h1')).toHaveText('الصفحة غير موجودة');
  });
});

test.describe('addresses without a page of their own', () => {
  test('an address with no file gets the app shell, which renders the not-found page in the browser', async ({ page, request }) => {
    const shell = await request.get(`${process.env.KHABAR_URL}/no-such-route`);
    expect(shell.status()).toBe(200);
    expect(await shell.text()).toBe(readFileSync(path.join(api, '../shell.html'), 'utf8'));
    await page.goto('/no-such-route');
    await expect(page.locator('main h1')).toHaveText('الصفحة غير موجودة');
    await expect(page.locator('.latest li').first()).toBeVisible();
    await expect(page.locator('#shell')).toHaveCount(0);
  });

  test('an article that does not exist answers HTTP 404 with the Arabic not-found page', async ({ request }) => {
    // Defect guarded: a 200 for a missing article, which crawlers keep as a page of the site.
    const response = await request.get(`${process.env.KHABAR_URL}/article/no-such-article`);
    expect(response.status()).toBe(404);
    expect(response.headers()['content-type']).toBe('text/html; charset=utf-8');
    const html = await response.text();
    expect(html).toMatch(/<html lang="ar" dir="rtl"/);
    expect(visibleText(html.slice(html.indexOf('<body')))).toContain('الصفحة غير موجودة');
    expect(html).toContain('<meta name="robots" content="noindex">');
  });
});

test.describe('below /news/', () => {
  test.use({ site: 'subpath' });

  test('the seed article is prerendered there too, with every link below /news/, and hydrates', async ({ page, request, baseURL }) => {
    // Defect guarded: pages prerendered with links to the site's root, dead below a path.
    const response = await request.get(`${baseURL}article/${SEED}`);
    expect(response.status()).toBe(200);
    const html = await response.text();
    const hrefs = [...html.matchAll(/<a\b[^>]*href="(\/[^"]*)"/g)].map(([, href]) => href);
    expect(hrefs.length).toBeGreaterThan(10);
    expect(hrefs.filter((h) => !h.startsWith('/news/'))).toEqual([]);
    expect(html).toContain(`<link href="${SITE_URL}/news/article/${SEED}" rel="canonical">`);
    expect(visibleText(html)).toContain(paragraphs(seed)[0]);

    await page.goto(`article/${SEED}`);
    await page.locator('html[data-app]').waitFor({ state: 'attached' });
    await expect(page.locator('main h1')).toContainText(SEED_HEADLINE);
    await page.locator('section.related li h3 a').first().click();
    await expect(page).toHaveURL(new RegExp(`/news/article/${seed.related[0].slug}$`));
    await expect(page.locator('main h1')).toHaveText(seed.related[0].headline);
  });
});

test.describe('articles of other content, prerendered', () => {
  // Defect guarded: text from content closing a <script> of the page (the data block, the JSON-LD)
  // or written as markup by the prerenderer, which runs before any app code could escape it.
  test.describe.configure({ mode: 'serial' });
  const EVIL = '</title></script><script>window.pwned=1</script><img src=x onerror="window.pwned=2"><!--';
  let scratch;
  let server;

  test.beforeAll(async () => {
    // The prerenderer may need compiling first.
    test.setTimeout(300_000);
    scratch = mkdtempSync(path.join(tmpdir(), 'khabar-hostile-'));
    chmodSync(scratch, 0o755);
    const dist = path.join(scratch, 'dist');
    cpSync(path.resolve(api, '..'), dist, { recursive: true });
    writeFileSync(path.join(dist, 'api/articles/hostile.json'), JSON.stringify({
      ...seed, slug: 'hostile', headline: `عنوان ${EVIL}`, summary: EVIL, subtitle: EVIL,
      authors: [{ name: EVIL }], tags: [EVIL],
      body: [{ type: 'paragraph', text: EVIL }, { type: 'heading', text: EVIL }, { type: 'quote', text: EVIL, source: EVIL }],
    }));
    writeFileSync(path.join(dist, 'api/articles/inner-link.json'), JSON.stringify({
      ...seed, slug: 'inner-link', headline: 'مقال يحيل إلى القمة', related: [],
      body: [{ type: 'paragraph', text: ['اقرأ أيضًا ', { text: 'خبر القمة', href: `/article/${SEED}` }, '.'] }],
    }));
    prerenderCopy(dist);
    server = await startNginx({ dist });
  });
  test.afterAll(async () => {
    await server?.stop();
    if (scratch) rmSync(scratch, { recursive: true, force: true });
  });

  test('is shown as text, in the HTML and after hydration, and nothing of it runs', async ({ page, request }) => {
    const html = await (await request.get(`${server.url}/article/hostile`)).text();
    expect(html).not.toContain('<script>window.pwned');
    expect(html).not.toContain('<img src=x');
    const ld = [...html.matchAll(/<script type="application\/ld\+json">([\s\S]*?)<\/script>/g)].map(([, t]) => JSON.parse(t));
    expect(ld.find((d) => d['@type'] === 'NewsArticle').headline).toBe(`عنوان ${EVIL}`);

    const dialogs = [];
    page.on('dialog', (d) => { dialogs.push(d.message()); d.dismiss(); });
    await page.goto(`${server.url}/article/hostile`);
    await expect(page).toHaveTitle(`عنوان ${EVIL} — خبر`);
    await expect(page.locator('main h1')).toHaveText(`عنوان ${EVIL}`);
    await expect(page.locator('.article__body p').first()).toHaveText(EVIL);
    await page.waitForTimeout(300);
    expect(await page.evaluate(() => window.pwned)).toBeUndefined();
    expect(dialogs).toEqual([]);
    expect(await page.locator('body script:not([type="application/json"])').count()).toBe(0);
    expect(await page.locator('img[src="x"]').count()).toBe(0);
  });

  test('a same-site link in an article body moves inside the app, and back shows that body again', async ({ page }) => {
    // Defect guarded: the body is taken over as the build wrote it, not hydrated node by node; its
    // links must still move without a reload, and the next article's body must replace it.
    await page.goto(`${server.url}/article/inner-link`);
    await expect(page.locator('html[data-app]')).toHaveCount(1);
    await page.evaluate(() => { window.sameDocument = 'yes'; });
    await page.locator('.article__body a').click();
    await expect(page).toHaveURL(new RegExp(`/article/${SEED}$`));
    await expect(page.locator('main h1')).toHaveText(seed.headline);
    await expect(page.locator('.article__body > p')).toHaveText(paragraphs(seed));
    await expect(page.locator('.article__body')).toHaveCount(1);
    await page.goBack();
    await expect(page.locator('main h1')).toHaveText('مقال يحيل إلى القمة');
    await expect(page.locator('.article__body')).toHaveText('اقرأ أيضًا خبر القمة.');
    expect(await page.evaluate(() => window.sameDocument)).toBe('yes');
  });
});
