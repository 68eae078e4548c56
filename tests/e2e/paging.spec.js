// Paging through real listings of more than 30 articles: generated content, derived by the real
// content tool (`khabar-content build`), served by nginx from a copy of the release bundle whose
// api/ is the derived one and whose pages are prerendered from it. No listing is mocked, so a `next`
// the app cannot resolve shows up here.
import { execFile } from 'node:child_process';
import { chmodSync, cpSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { test, expect } from './fixtures.js';
import { startNginx } from './nginx.js';
import { prerenderCopy } from './prerender-copy.js';

const root = path.resolve(import.meta.dirname, '../..');
const SECTION = { slug: 'archive', name: 'الأرشيف' };
const OTHER = { slug: 'news', name: 'الأخبار' };
// 65 in the section (pages of 30, 30, 5) and 3 elsewhere (the home index: 30, 30, 8).
const IN_SECTION = 65;
const ELSEWHERE = 3;

/** The generated articles, newest first, as { slug, section, headline, published }. */
function articles() {
  const list = [];
  for (let i = 0; i < IN_SECTION + ELSEWHERE; i++) {
    const section = i < IN_SECTION ? SECTION : OTHER;
    // One a minute from 08:00, so every article has its own time and the order is known.
    const minutes = 8 * 60 + i;
    const time = `${String(Math.floor(minutes / 60)).padStart(2, '0')}:${String(minutes % 60).padStart(2, '0')}`;
    list.push({
      slug: `paging-${i + 1}`,
      section: section.slug,
      headline: `خبر تجريبي رقم ${i + 1} في قسم ${section.name}`,
      published: `2026-11-20T${time}:00+03:00`,
    });
  }
  return list.reverse();
}

/** content/, public/ and index.html of a site with the generated articles, under `dir`. */
function writeFixtureSite(dir) {
  mkdirSync(path.join(dir, 'content/articles'), { recursive: true });
  mkdirSync(path.join(dir, 'public/api'), { recursive: true });
  cpSync(path.join(root, 'index.html'), path.join(dir, 'index.html'));
  writeFileSync(path.join(dir, 'content/site.json'), JSON.stringify({
    name: 'خبر',
    description: 'أخبار عربية موثوقة، تُقرأ بسرعة على أي جهاز.',
    url: 'https://khabar.example',
    lang: 'ar',
    sections: [OTHER, SECTION],
  }));
  for (const a of articles()) {
    writeFileSync(path.join(dir, `content/articles/${a.slug}.json`), JSON.stringify({
      ...a,
      summary: `ملخص ${a.headline}.`,
      body: [{ type: 'paragraph', text: `نص ${a.headline}.` }],
    }));
  }
}

let server;
let scratch;

test.describe.configure({ mode: 'serial' });

test.beforeAll(async () => {
  // The content tool may need compiling first.
  test.setTimeout(600_000);
  scratch = mkdtempSync(path.join(tmpdir(), 'khabar-paging-'));
  // mkdtemp makes it private; nginx's workers (another user when started as root) must read it.
  chmodSync(scratch, 0o755);
  const source = path.join(scratch, 'source');
  writeFixtureSite(source);
  await promisify(execFile)(
    'cargo',
    ['run', '--quiet', '--manifest-path', path.join(root, 'Cargo.toml'), '-p', 'khabar-content', '--', 'build'],
    { cwd: source },
  );
  const site = path.join(scratch, 'site');
  cpSync(path.join(root, 'dist'), site, { recursive: true });
  rmSync(path.join(site, 'api'), { recursive: true, force: true });
  cpSync(path.join(source, 'public/api'), path.join(site, 'api'), { recursive: true });
  prerenderCopy(site);
  server = await startNginx({ dist: site });
});

test.afterAll(async () => {
  await server?.stop();
  if (scratch) rmSync(scratch, { recursive: true, force: true });
});

/** Presses "المزيد من المقالات" until it is gone; returns the cards' headlines. */
async function loadEverything(page, expected) {
  const cards = page.locator('.cards > li');
  let shown = Math.min(30, expected);
  await expect(cards).toHaveCount(shown);
  while (shown < expected) {
    await page.getByRole('link', { name: 'المزيد من المقالات' }).click();
    shown = Math.min(shown + 30, expected);
    await expect(cards).toHaveCount(shown);
  }
  await expect(page.locator('.listing__more')).toHaveCount(0);
  await expect(page.getByRole('alert')).toHaveCount(0);
  return page.locator('.cards > li .card__title').allTextContents();
}

// Guards against a section's `next` naming its file without `sections/`: the app fetched
// api/<slug>-2.json, a 404, and a section stopped at its first 30 articles.
test('a section of 65 articles pages through all of them, each once, newest first', async ({ page }) => {
  await page.goto(`${server.url}/section/${SECTION.slug}`);
  await expect(page.getByRole('heading', { level: 1 })).toHaveText(SECTION.name);
  const headlines = await loadEverything(page, IN_SECTION);
  const expected = articles().filter((a) => a.section === SECTION.slug).map((a) => a.headline);
  expect(new Set(headlines).size).toBe(IN_SECTION);
  expect(headlines).toEqual(expected);
});

// Guards against the home page losing its later index pages when listing paths change.
test('the home page pages through the whole index, each article once, newest first', async ({ page }) => {
  await page.goto(`${server.url}/`);
  const all = articles();
  await expect(page.locator('.card--lead .card__title')).toHaveText(all[0].headline);
  const headlines = await loadEverything(page, all.length);
  expect(new Set(headlines).size).toBe(all.length);
  expect(headlines).toEqual(all.map((a) => a.headline));
});

// Guards against "المزيد" disabling itself while the next page loads: it kept focus nowhere (a
// disabled control drops it to the page), so a keyboard reader started again from the top.
test('"المزيد" keeps keyboard focus while the next page loads, and says it is busy', async ({ page }) => {
  await page.goto(`${server.url}/section/${SECTION.slug}`);
  await expect(page.locator('.cards > li')).toHaveCount(30);
  let release;
  const held = new Promise((resolve) => (release = resolve));
  await page.route(`**/api/sections/${SECTION.slug}-2.json`, async (route) => {
    await held;
    await route.continue();
  });
  const more = page.getByRole('link', { name: 'المزيد من المقالات' });
  await more.focus();
  await page.keyboard.press('Enter');
  const loading = page.locator('.listing__more a');
  await expect(loading).toHaveText('جارٍ التحميل…');
  await expect(loading).toHaveAttribute('aria-busy', 'true');
  await expect(loading).toHaveAttribute('aria-disabled', 'true');
  await expect(loading).toBeFocused();
  // Pressed again while busy: nothing is asked twice.
  await page.keyboard.press('Enter');
  release();
  await expect(page.locator('.cards > li')).toHaveCount(60);
  await expect(more).toBeFocused();
  await expect(more).not.toHaveAttribute('aria-busy', 'true');
  await expect(page.locator('.cards > li')).toHaveCount(60);
});

// Guards against later pages only the app can reach: a reader without JavaScript (or a crawler)
// following "المزيد" must get the next thirty articles, on a page of their own, to the last one.
test('without JavaScript, "المزيد" opens the next pages, each a page of its own', async ({ browser }) => {
  const context = await browser.newContext({ javaScriptEnabled: false, baseURL: server.url });
  const page = await context.newPage();
  try {
    const expected = articles().filter((a) => a.section === SECTION.slug).map((a) => a.headline);
    const titles = () => page.locator('.cards > li .card__title').allTextContents();
    await page.goto(`/section/${SECTION.slug}`);
    expect(await titles()).toEqual(expected.slice(0, 30));
    await page.getByRole('link', { name: 'المزيد من المقالات' }).click();
    await expect(page).toHaveURL(`${server.url}/section/${SECTION.slug}/page/2`);
    await expect(page.getByRole('heading', { level: 1 })).toHaveText(`${SECTION.name} — الصفحة 2`);
    await expect(page).toHaveTitle(`${SECTION.name} — الصفحة 2 — خبر`);
    expect(await titles()).toEqual(expected.slice(30, 60));
    await page.getByRole('link', { name: 'المزيد من المقالات' }).click();
    await expect(page).toHaveURL(`${server.url}/section/${SECTION.slug}/page/3`);
    expect(await titles()).toEqual(expected.slice(60));
    await expect(page.locator('.listing__more')).toHaveCount(0);
    // The home index too, and no page past the last.
    await page.goto('/page/2');
    expect(await titles()).toEqual(articles().slice(30, 60).map((a) => a.headline));
    expect((await page.goto(`/section/${SECTION.slug}/page/4`)).status()).toBe(404);
    expect((await page.goto(`/section/${SECTION.slug}/page/1`)).status()).toBe(404);
  } finally {
    await context.close();
  }
});

// Guards against a later page that the app does not take over as it was prerendered (a hydration
// mismatch), or whose "المزيد" then names the wrong page.
test("a later page opened directly is the app's, and 'المزيد' goes on from it", async ({ page, expectErrors }) => {
  const expected = articles().filter((a) => a.section === SECTION.slug).map((a) => a.headline);
  await page.goto(`${server.url}/section/${SECTION.slug}/page/2`);
  await page.locator('html[data-app]').waitFor({ state: 'attached' });
  await expect(page.locator('head link[rel="canonical"]')).toHaveAttribute('href', `https://khabar.example/section/${SECTION.slug}/page/2`);
  const more = page.getByRole('link', { name: 'المزيد من المقالات' });
  await expect(more).toHaveAttribute('href', `/section/${SECTION.slug}/page/3`);
  await more.click();
  await expect(page.locator('.cards > li')).toHaveCount(35);
  await expect(page).toHaveURL(`${server.url}/section/${SECTION.slug}/page/2`);
  expect(await page.locator('.cards > li .card__title').allTextContents()).toEqual(expected.slice(30));
  // In the app, a page number past the last says so (its file answers 404).
  expectErrors(/404 \(Not Found\).*\/api\/sections\/archive-9\.json/);
  await page.evaluate(() => {
    history.pushState(null, '', '/section/archive/page/9');
    dispatchEvent(new PopStateEvent('popstate'));
  });
  await expect(page.getByText('لا توجد صفحة بهذا الرقم.')).toBeVisible();
});
