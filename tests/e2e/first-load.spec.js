// The size budget (budget.json, tests/budget/) counts what an article's first load really
// downloads: every file the browser fetches from the site is one the budget adds up.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { test, expect } from './fixtures.js';
import { firstLoad } from '../budget/first-load.js';

const root = path.resolve(import.meta.dirname, '../..');
const budget = JSON.parse(readFileSync(path.join(root, 'budget.json'), 'utf8'));

/** Same-origin files a page fetches while loading /article/<slug>, as bundle paths, in order. */
async function fetchedFiles(page, baseURL, slug) {
  const fetched = [];
  page.on('requestfinished', (request) => {
    const url = new URL(request.url());
    if (url.origin !== new URL(baseURL).origin) return;
    // The document is the article's prerendered page, article/<slug>/index.html in the bundle.
    fetched.push(request.resourceType() === 'document' ? `article/${slug}/index.html` : decodeURIComponent(url.pathname.slice(1)));
  });
  await page.goto(`/article/${slug}`);
  await expect(page.getByRole('heading', { level: 1 })).toBeVisible();
  await page.waitForLoadState('networkidle');
  return fetched;
}

test('every file the first load of the budget article fetches is counted by the size budget', async ({ page, baseURL }) => {
  // Defect: the budget left out api/site.json, which every page fetched, so its figures were low.
  const { files } = firstLoad(path.join(root, 'dist'), budget.article);
  const counted = new Set(Object.values(files).flat());
  const fetched = await fetchedFiles(page, baseURL, budget.article);
  expect(fetched.length).toBeGreaterThan(4);
  expect(fetched.filter((file) => !counted.has(file))).toEqual([]);
});

test('no file of the first load is downloaded twice: the checked wasm fetch and the app reuse the preloads', async ({ page, baseURL }) => {
  // Defect guarded: the loader's own wasm fetch (with its integrity hash) or the app's article request
  // missing the preload of the same file, and downloading it a second time.
  const fetched = await fetchedFiles(page, baseURL, budget.article);
  expect(fetched.filter((file) => file.endsWith('.wasm'))).toHaveLength(1);
  expect(fetched.filter((file, i) => fetched.indexOf(file) !== i)).toEqual([]);
});

test("the app's files are requested only after the page's first paint", async ({ page }) => {
  // Defect guarded: the JS and wasm (the largest files of a first load) fetched while the page was
  // still loading, taking the reader's bandwidth from the fonts and pictures of the first paint.
  await page.goto(`/article/${budget.article}`);
  await page.locator('html[data-app]').waitFor({ state: 'attached' });
  const { paint, app } = await page.evaluate(() => ({
    paint: performance.getEntriesByName('first-contentful-paint')[0]?.startTime,
    app: performance.getEntriesByType('resource').filter((r) => /\/khabar-[0-9a-f]+(_bg\.wasm|\.js)$/.test(r.name)).map((r) => r.startTime),
  }));
  expect(paint).toBeGreaterThan(0);
  expect(app).toHaveLength(2);
  for (const start of app) expect(start).toBeGreaterThan(paint);
});
