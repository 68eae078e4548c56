// The Arabic fonts are cut to what Arabic news is written with (scripts/fonts.py). These tests show
// that a reader sees no difference: the seed article, screenshot with the subsets and with the
// upstream files served in their place, is the same pixel for pixel in both themes; text with letters
// outside the subsets (Persian, Urdu, Quranic marks) is drawn by the same faces, from the full upstream
// files, which only such a page downloads. And that the comparison sees a subset that lost a feature
// Arabic shaping needs.
import { execFileSync } from 'node:child_process';
import { chmodSync, cpSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { test, expect, SEED } from './fixtures.js';
import { startNginx } from './nginx.js';
import { fontFaces } from '../budget/first-load.js';
import { inlineStyleBlocks } from '../../scripts/postbuild.mjs';

const dist = path.resolve(import.meta.dirname, '../../dist');
const fontsDir = path.join(dist, 'fonts');
const CORE = /-arabic-core-(\d+)-normal\.woff2$/;
const coreFiles = readdirSync(fontsDir).filter((f) => CORE.test(f));
/** The upstream file a subset was cut from: noto-…-arabic-core-400-normal → noto-…-arabic-400-normal. */
const upstreamOf = (file) => file.replace('-arabic-core-', '-arabic-');

// An article the app renders from the API (no prerendered page): its headline and text use letters of
// Persian (پ چ ژ گ ک ی, Persian digits), Urdu (ٹ ڈ ڑ ں ے ہ) and Quranic marks (alef wasla, end of
// ayah, small waw and yeh), each beside letters of the core subset, in the same words.
const RARE = 'rare-letters';
const RARE_HEADLINE = 'پژوهشگران چهار گزارش ۱۴۰۲';
const RARE_TEXT = [
  'پژوهش چگونه گسترش یافت؟ کتاب‌های ژرف در ۱۳۹۹ منتشر شد.',
  'اردو میں ٹماٹر، ڈاک، پڑھنا اور بڑے کہے گئے۔',
  'بِسْمِ ٱللَّهِ ٱلرَّحْمَٰنِ ٱلرَّحِيمِ ۝١ إِنَّهُۥ بِهِۦ',
  // And the core alone, in every mark and sign it has: harakat on every letter, tanwin, shadda, sukun,
  // maddah, hamza above and below, dagger alef, tatweel, Arabic-Indic digits and separators, percent.
  'ارتفعت الأسعارُ ٣٫٥٪ في ١٢ شهرًا، وبلغ الدَّينُ ١٬٢٠٠ مليونٍ؛ أَلَيْسَ ذٰلك كثيرًا؟ قرأَ الطُّلّابُ كتابًا وكتابٌ آخرُ ينتظرُ إِلى المســاءِ، سُئِلَ مُؤْمِنٌ.',
];

/** A copy of dist/ with the rare-letter article in its API and `fonts` (file → bytes) in place. */
function bundle(root, name, fonts) {
  const dir = path.join(root, name);
  cpSync(dist, dir, { recursive: true });
  const seed = JSON.parse(readFileSync(path.join(dist, `api/articles/${SEED}.json`), 'utf8'));
  const article = { ...seed, slug: RARE, headline: RARE_HEADLINE, summary: RARE_TEXT[0], body: RARE_TEXT.map((text) => ({ type: 'paragraph', text })) };
  writeFileSync(path.join(dir, `api/articles/${RARE}.json`), JSON.stringify(article));
  rmSync(path.join(dir, `api/articles/${RARE}.json.br`), { force: true });
  for (const [file, bytes] of Object.entries(fonts)) writeFileSync(path.join(dir, 'fonts', file), bytes);
  return dir;
}

/** The core subset cut as scripts/fonts.py cuts it, but without the `init` feature (initial forms). */
function withoutInitialForms(root, file) {
  const css = inlineStyleBlocks(readFileSync(path.join(dist, 'index.html'), 'utf8')).join('');
  const face = fontFaces(css).find((f) => f.url.endsWith(file));
  const unicodes = face.ranges.map(([lo, hi]) => `${lo.toString(16)}-${hi.toString(16)}`).join(',');
  const out = path.join(root, `no-init-${file}`);
  execFileSync('pyftsubset', [path.join(fontsDir, upstreamOf(file)), `--unicodes=${unicodes}`, '--flavor=woff2', '--no-hinting', `--output-file=${out}`,
    '--layout-features=ccmp,fina,liga,locl,medi,pnum,rlig,tnum,mark,mkmk']);
  return readFileSync(out);
}

const sites = {};
let root;
test.beforeAll(async () => {
  root = mkdtempSync(path.join(tmpdir(), 'khabar-fonts-'));
  chmodSync(root, 0o755); // nginx's workers read it
  const variants = {
    subset: {},
    upstream: Object.fromEntries(coreFiles.map((f) => [f, readFileSync(path.join(fontsDir, upstreamOf(f)))])),
    'no-init': Object.fromEntries(coreFiles.map((f) => [f, withoutInitialForms(root, f)])),
  };
  for (const [name, fonts] of Object.entries(variants)) sites[name] = await startNginx({ dist: bundle(root, name, fonts) });
});
test.afterAll(async () => {
  await Promise.all(Object.values(sites).map((s) => s.stop()));
  rmSync(root, { recursive: true, force: true });
});

/** A fresh browser context on `site`, as the end-to-end tests' pages are; `fonts`: font files fetched. */
async function open(browser, site, colorScheme) {
  const context = await browser.newContext({ baseURL: sites[site].url, colorScheme, locale: 'ar', timezoneId: 'Asia/Riyadh', serviceWorkers: 'block', viewport: { width: 412, height: 823 } });
  const page = await context.newPage();
  const fonts = [];
  page.on('requestfinished', (request) => {
    const { pathname } = new URL(request.url());
    if (pathname.startsWith('/fonts/')) fonts.push(pathname.slice('/fonts/'.length));
  });
  const errors = [];
  page.on('pageerror', (error) => errors.push(error.message));
  return { context, page, fonts, errors };
}

/** The fonts that drew the text directly inside `selector`'s first element: [{ familyName, isCustomFont }]. */
async function platformFonts(page, selector) {
  const cdp = await page.context().newCDPSession(page);
  await cdp.send('DOM.enable');
  await cdp.send('CSS.enable');
  const { root: doc } = await cdp.send('DOM.getDocument', { depth: 0 });
  const { nodeId } = await cdp.send('DOM.querySelector', { nodeId: doc.nodeId, selector });
  const { fonts } = await cdp.send('CSS.getPlatformFontsForNode', { nodeId });
  await cdp.detach();
  return fonts;
}

/**
 * Loads `address` until its text is drawn with the site's own faces: a face that misses a page's first
 * paint is not swapped in (font-display: optional), and is used from the cache on the next load.
 */
async function loadWithFonts(page, address, selectors) {
  let drawn = [];
  for (let attempt = 0; attempt < 5; attempt++) {
    await (attempt === 0 ? page.goto(address) : page.reload());
    await page.locator('html[data-app]').waitFor({ state: 'attached' });
    await page.evaluate(() => document.fonts.ready);
    drawn = await Promise.all(selectors.map(([selector]) => platformFonts(page, selector)));
    const own = drawn.every((fonts, i) => fonts.length > 0 && fonts.every((f) => f.isCustomFont && f.familyName === selectors[i][1]));
    if (own) return;
  }
  throw new Error(`${address}: not drawn with the site's fonts: ${JSON.stringify(drawn)}`);
}

/** How many pixels differ between two PNG screenshots (of the same size, else all of them). */
async function differingPixels(browser, a, b) {
  const page = await browser.newPage();
  try {
    return await page.evaluate(async ([a, b]) => {
      const pixels = async (base64) => {
        const bitmap = await createImageBitmap(await (await fetch(`data:image/png;base64,${base64}`)).blob());
        const canvas = new OffscreenCanvas(bitmap.width, bitmap.height);
        const context = canvas.getContext('2d');
        context.drawImage(bitmap, 0, 0);
        return context.getImageData(0, 0, bitmap.width, bitmap.height);
      };
      const [x, y] = [await pixels(a), await pixels(b)];
      if (x.width !== y.width || x.height !== y.height) return Math.max(x.width * x.height, y.width * y.height);
      let count = 0;
      for (let i = 0; i < x.data.length; i += 4) {
        if (x.data[i] !== y.data[i] || x.data[i + 1] !== y.data[i + 1] || x.data[i + 2] !== y.data[i + 2] || x.data[i + 3] !== y.data[i + 3]) count++;
      }
      return count;
    }, [a.toString('base64'), b.toString('base64')]);
  } finally {
    await page.close();
  }
}

const ARTICLE_TEXT = [['main h1', 'Noto Kufi Arabic'], ['.article__body p', 'Noto Naskh Arabic']];

/** The whole seed article as `site` draws it, with the fonts it downloaded. */
async function seedArticle(browser, site, colorScheme) {
  const { context, page, fonts, errors } = await open(browser, site, colorScheme);
  try {
    await loadWithFonts(page, `/article/${SEED}`, ARTICLE_TEXT);
    const shot = await page.screenshot({ fullPage: true, animations: 'disabled' });
    expect(errors).toEqual([]);
    return { shot, fonts: [...new Set(fonts)] };
  } finally {
    await context.close();
  }
}

for (const colorScheme of ['light', 'dark']) {
  test(`the seed article looks the same with the subset fonts as with the upstream files (${colorScheme})`, async ({ browser }, testInfo) => {
    // Defect guarded: a glyph, ligature, mark position or joining form lost by the subsetter (the
    // article would show a box, a fallback font's letter or letters that do not join).
    test.setTimeout(120_000);
    const subset = await seedArticle(browser, 'subset', colorScheme);
    const upstream = await seedArticle(browser, 'upstream', colorScheme);
    // The seed article needs nothing of the full Arabic files.
    expect(subset.fonts.filter((f) => /-arabic-\d+-normal/.test(f))).toEqual([]);
    expect(subset.fonts.filter((f) => CORE.test(f)).length).toBeGreaterThan(0);
    const differ = await differingPixels(browser, subset.shot, upstream.shot);
    if (differ > 0) {
      await testInfo.attach('subset.png', { body: subset.shot, contentType: 'image/png' });
      await testInfo.attach('upstream.png', { body: upstream.shot, contentType: 'image/png' });
    }
    expect(differ, 'pixels that differ').toBe(0);
  });
}

test('the comparison sees a subset that lost a shaping feature (initial forms)', async ({ browser }) => {
  // Guards the test above: were its screenshots blind to the fonts, it could not fail.
  test.setTimeout(120_000);
  const broken = await seedArticle(browser, 'no-init', 'light');
  const upstream = await seedArticle(browser, 'upstream', 'light');
  expect(await differingPixels(browser, broken.shot, upstream.shot)).toBeGreaterThan(1000);
});

test('letters outside the subsets are drawn by the same faces, from the full files, fetched only then', async ({ browser }, testInfo) => {
  // Defect guarded: a Persian or Urdu letter or a Quranic mark in an article drawn by a system font
  // (or as a box) because the subset lacks it, or the full files downloaded by every article.
  test.setTimeout(120_000);
  const rare = [['main h1', 'Noto Kufi Arabic'], ...RARE_TEXT.map((_, i) => [`.article__body p:nth-of-type(${i + 1})`, 'Noto Naskh Arabic'])];
  const shots = {};
  for (const site of ['subset', 'upstream']) {
    const { context, page, fonts, errors } = await open(browser, site, 'light');
    try {
      // The seed article first: the full files are not fetched; then the rare letters, inside the app.
      await loadWithFonts(page, `/article/${SEED}`, ARTICLE_TEXT);
      if (site === 'subset') expect(fonts.filter((f) => /-arabic-\d+-normal/.test(f))).toEqual([]);
      await page.evaluate((address) => {
        history.pushState(null, '', address);
        dispatchEvent(new PopStateEvent('popstate'));
      }, `/article/${RARE}`);
      await expect(page.getByRole('heading', { level: 1 })).toHaveText(RARE_HEADLINE);
      await page.evaluate(() => document.fonts.ready);
      if (site === 'subset') {
        // (The headline's Kufi and the text's Naskh; the bold Naskh too where bold text has such letters.)
        await expect.poll(() => fonts.filter((f) => /-arabic-\d+-normal/.test(f))).toEqual(
          expect.arrayContaining(['noto-kufi-arabic-arabic-700-normal.woff2', 'noto-naskh-arabic-arabic-400-normal.woff2']),
        );
      }
      // Opened anew (an address with no prerendered page: the app renders it), the full files come
      // from the cache, in time for the first paint.
      await loadWithFonts(page, `/article/${RARE}`, rare);
      await page.evaluate(() => window.scrollTo(0, 0));
      shots[site] = await page.locator('main').screenshot({ animations: 'disabled' });
      // The only errors: nginx's 404 for an address without a page, which the app then renders.
      expect(errors).toEqual([]);
    } finally {
      await context.close();
    }
  }
  const differ = await differingPixels(browser, shots.subset, shots.upstream);
  if (differ > 0) {
    await testInfo.attach('subset.png', { body: shots.subset, contentType: 'image/png' });
    await testInfo.attach('upstream.png', { body: shots.upstream, contentType: 'image/png' });
  }
  expect(differ, 'pixels that differ').toBe(0);
});
