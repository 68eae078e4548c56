// Photographs as readers get them: the file the browser picks from the prerendered <picture> is the
// one the API names for the screen's width and density, the app takes that picture over without
// fetching or swapping it, and a card asks for a small file.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { test, expect, openInApp } from './fixtures.js';

const SLUG = 'hubble-extreme-deep-field';
const dist = path.resolve(import.meta.dirname, '../../dist');
const image = JSON.parse(readFileSync(path.join(dist, `api/articles/${SLUG}.json`), 'utf8')).image;
/** The published file of the photograph at `width` in `format`. */
const file = (width, format) => image.variants.find((v) => v.width === width && v.format === format).file;
/** The published file of its 16:9 middle, which cards show, at `width` in `format`. */
const cardFile = (width, format) => image.card_variants.find((v) => v.width === width && v.format === format).file;
const isPhoto = (url) => new URL(url).pathname.startsWith(`/images/${SLUG}`);

/** The lead picture's state: the file shown, the markup, and a mark set on its element. */
const lead = (page) =>
  page.locator('.figure--lead img').evaluate((img) => ({
    shown: new URL(img.currentSrc).pathname,
    html: img.closest('.figure').outerHTML,
    marked: img.__marked === true,
  }));

// A phone at density 1 fills ~331 CSS px (the 480-px file); a wide screen at density 2 fills 672 CSS
// px, 1344 device pixels: the widest file there is (1000 px: the picture is no wider). A phone at
// density 3 fills ~359 CSS px, 1076 device pixels, but is given two device pixels per CSS pixel at
// most (238 CSS px, 714 device pixels): the 720-px file, not the 1000-px one.
for (const { width, height, dpr, picked } of [
  { width: 360, height: 740, dpr: 1, picked: 480 },
  { width: 1280, height: 800, dpr: 2, picked: 1000 },
  { width: 390, height: 844, dpr: 3, picked: 720 },
]) {
  test.describe(`at ${width} px, density ${dpr}`, () => {
    test.use({ viewport: { width, height }, deviceScaleFactor: dpr });

    // Guards against a lead photograph fetched at the wrong width (a phone downloading the largest
    // file), refetched or swapped by hydration (a second download, a flash), or rendered by the app
    // differently from the prerendered page (a hydration mismatch).
    test('the lead photograph is the file for the screen, kept as it is by the app', async ({ page }) => {
      const fetched = [];
      page.on('request', (request) => {
        if (isPhoto(request.url())) fetched.push(new URL(request.url()).pathname);
      });
      await page.goto(`/article/${SLUG}`, { waitUntil: 'domcontentloaded' });
      const img = page.locator('.figure--lead img');
      await expect(img).toHaveAttribute('width', String(image.width));
      await expect(img).toHaveAttribute('height', String(image.height));
      await expect(img).toHaveAttribute('fetchpriority', 'high');
      await expect(page.locator('.figure--lead source[type="image/webp"]')).toHaveAttribute('sizes', /42rem/);
      await expect(page.locator('.figure--lead .picture__placeholder rect')).toHaveAttribute('fill', image.placeholder);
      // Preloaded from the head, with the same files and sizes as the picture.
      const preload = page.locator('head link[rel="preload"][as="image"]');
      await expect(preload).toHaveAttribute('imagesrcset', await page.locator('.figure--lead source').getAttribute('srcset'));
      await page.waitForFunction(() => document.querySelector('.figure--lead img').complete);
      const before = await lead(page);
      expect(before.shown).toBe(`/${file(picked, 'webp')}`);
      await img.evaluate((element) => {
        element.__marked = true;
      });

      await page.waitForFunction(() => document.documentElement.hasAttribute('data-app'));
      await page.waitForLoadState('networkidle');
      const after = await lead(page);
      expect(after).toEqual({ ...before, marked: true });
      // One file of the picture, once: the preload and the <img> share it.
      expect(fetched).toEqual([`/${file(picked, 'webp')}`]);

      // Opened inside the app from another article: the same picture, the same file.
      await openInApp(page, '/article/mars-dust-storm-study', `/article/${SLUG}`);
      await expect(page.locator('#headline')).toContainText('هابل');
      await page.waitForFunction(() => document.querySelector('.figure--lead img')?.complete);
      expect((await lead(page)).shown).toBe(before.shown);
    });
  });
}

test.describe('a card', () => {
  test.use({ viewport: { width: 1280, height: 800 }, deviceScaleFactor: 1 });

  // Guards against cards in related lists fetching the article page's large picture, or the parts
  // of it their 16:9 box crops away.
  test("fetches a small file of the photograph's middle", async ({ page }) => {
    const fetched = [];
    page.on('request', (request) => {
      if (isPhoto(request.url())) fetched.push(new URL(request.url()).pathname);
    });
    await page.goto('/article/mars-dust-storm-study');
    const card = page.locator('.related .card', { hasText: 'هابل' }).locator('img');
    await card.scrollIntoViewIfNeeded();
    await expect(card).toHaveAttribute('sizes', /21rem/);
    // The 1000×872 picture's middle: 1000×563.
    await expect(card).toHaveAttribute('width', '1000');
    await expect(card).toHaveAttribute('height', '563');
    await page.waitForFunction(() => [...document.querySelectorAll('.related img')].every((i) => i.complete));
    // 21rem is 336 CSS px: the 480-px WebP of the middle, nothing larger.
    expect(fetched).toEqual([`/${cardFile(480, 'webp')}`]);
    // The file is 16:9 (its natural size is in CSS pixels: 336×189 for the 480×270 file).
    const shown = await card.evaluate((img) => img.naturalWidth / img.naturalHeight);
    expect(shown).toBeCloseTo(16 / 9, 2);
  });
});

// Guards against link previews showing no picture, or a WebP social sites do not all take.
test('link previews get a JPEG file with its size and description', async ({ page }) => {
  await page.goto(`/article/${SLUG}`, { waitUntil: 'domcontentloaded' });
  const meta = (property) => page.locator(`meta[property="${property}"]`).getAttribute('content');
  expect(await meta('og:image')).toMatch(new RegExp(`/${file(1000, 'jpeg')}$`));
  expect(await meta('og:image:width')).toBe('1000');
  expect(await meta('og:image:height')).toBe(String(image.height));
  expect(await meta('og:image:alt')).toBe(image.alt);
});

// Guards against link previews and search engines given a small copy of a large photograph, or a
// copy they cannot all read: previews get the narrowest JPEG at least 1200 px wide, structured data
// every JPEG that wide, each with its size and the photographer's credit.
test('a large photograph gives previews and structured data its wide JPEGs', async ({ page }) => {
  const slug = 'boreal-forest-carbon';
  const photo = JSON.parse(readFileSync(path.join(dist, `api/articles/${slug}.json`), 'utf8')).image;
  const jpeg = (width) => photo.variants.find((v) => v.width === width && v.format === 'jpeg').file;
  await page.goto(`/article/${slug}`, { waitUntil: 'domcontentloaded' });
  const meta = (property) => page.locator(`meta[property="${property}"]`).getAttribute('content');
  expect(await meta('og:image')).toMatch(new RegExp(`/${jpeg(1280)}$`));
  expect([await meta('og:image:width'), await meta('og:image:height')]).toEqual(['1280', '800']);
  const blocks = await page.locator('head script[type="application/ld+json"]').allTextContents();
  const news = blocks.map((b) => JSON.parse(b)).find((d) => d['@type'] === 'NewsArticle');
  expect(news.image.map(({ url, ...rest }) => ({ file: new URL(url).pathname.slice(1), ...rest }))).toEqual(
    [
      [1600, 1000],
      [1280, 800],
    ].map(([width, height]) => ({ file: jpeg(width), '@type': 'ImageObject', width, height, creditText: photo.credit })),
  );
});
