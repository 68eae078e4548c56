// Search: the header's form, the /search page and the static index (Pagefind, built by
// scripts/search-index.mjs). Queries are written the ways readers type them; each must find the
// sample article that has the word, whatever the spelling.
import { test, expect, SEED } from './fixtures.js';

const MANUSCRIPTS = 'manuscripts-digitisation-project';
const WASM_APPS = 'webassembly-arabic-apps';

/** The search page for `query`, once its results or message are shown. */
async function search(page, query) {
  await page.goto(`/search?q=${encodeURIComponent(query)}`);
  const status = page.locator('.search__status');
  await expect(status).not.toHaveText(/جارٍ البحث|جافاسكربت/);
  return status;
}

const link = (page, slug) => page.locator(`a[href$="/article/${slug}"]`);
const result = (page, slug) => page.locator('.search-result').filter({ has: link(page, slug) });

// [query, how it is written, the article that must be found]
const CASES = [
  ['الأسد', 'with hamza', SEED],
  ['الاسد', 'without hamza', SEED],
  ['الأَسَدُ', 'with tashkeel', SEED],
  ['قـمـة', 'with tatweel', SEED],
  ['قمه', 'with heh for teh marbuta', SEED],
  ['والأسد', 'with the prefix و', SEED],
  ['بموسكو', 'with the prefix ب (the text has موسكو and لموسكو)', SEED],
  ['الزيارات', 'in the plural (the text has زيارة)', SEED],
  ['٣٤٠٠', 'in Arabic-Indic digits (the text has 3400)', MANUSCRIPTS],
  ['WEBASSEMBLY', 'in Latin capitals (the text has WebAssembly)', WASM_APPS],
  ['\u200fموسكو\u200e', 'between RTL and LTR marks', SEED],
];

for (const [query, how, slug] of CASES) {
  test(`a query ${how} finds its article: ${query}`, async ({ page }) => {
    // Defect guarded: Arabic written another way than the article (hamza, tashkeel, tatweel, ة/ه,
    // prefixes, digits, case) finding nothing.
    const status = await search(page, query);
    await expect(status).toContainText('عدد النتائج');
    await expect(result(page, slug)).toBeVisible();
    // The matched words are marked in the snippet, as the article writes them.
    const item = result(page, slug);
    await expect(item.locator('.search-result__snippet mark').first()).toBeVisible();
    await expect(item.locator('.search-result__meta time')).toHaveAttribute('datetime', /^\d{4}-/);
  });
}

test('the marked word of a snippet is the word as the article writes it', async ({ page }) => {
  // Defect guarded: snippets showing the index's normalised spelling (الاسد) instead of the text's.
  await search(page, 'الاسد');
  const marks = result(page, SEED).locator('mark');
  await expect(marks.filter({ hasText: /^الأسد$/ }).first()).toBeVisible();
  await expect(marks.filter({ hasText: /الاسد/ })).toHaveCount(0);
});

test('a snippet shows the words exactly as the article writes them, tashkeel and all', async ({ page }) => {
  // Defect guarded: a snippet rebuilt from the index's spelling, losing hamza, tashkeel or ة.
  await search(page, 'العمانيه');
  const item = result(page, 'date-palm-exports');
  // Its words 2 and 27 (after "من", a word the index leaves out but still counts).
  await expect(item.locator('mark')).toHaveText(['العُمانية', 'العُمانية']);
  await expect(item.locator('.search-result__snippet')).toContainText('صادرات التمور العُمانية ترتفع 14% مدفوعة بأسواق جديدة');
});

test('a query of common words only says so; with another word it finds its article', async ({ page }) => {
  // Defect guarded: "في" alone fetching the index's largest part to list every article (or "no
  // results"), and a function word in a longer query making it find nothing.
  for (const query of ['في', 'إلى مِنْ']) {
    const status = await search(page, query);
    await expect(status).toHaveText(/من الكلمات الشائعة التي لا يُبحث عنها وحدها/);
    await expect(status).toContainText(query);
    await expect(page.locator('.search-result')).toHaveCount(0);
  }
  const status = await search(page, 'قمة في موسكو');
  await expect(status).toContainText('عدد النتائج');
  await expect(result(page, SEED)).toBeVisible();
});

test('the index parts arrive brotli-compressed and Pagefind reads them', async ({ page }) => {
  // Defect guarded: parts sent gzip-in-gzip or uncompressed (a query costing far more bytes), or
  // stored in a form Pagefind cannot read (no results at all).
  const parts = [];
  page.on('response', async (response) => {
    if (/\/pagefind\/.*\.(pf_meta|pf_index|pf_fragment|pagefind)$/.test(response.url())) {
      parts.push([response.url(), (await response.allHeaders())['content-encoding']]);
    }
  });
  await search(page, 'موسكو');
  await expect(result(page, SEED)).toBeVisible();
  const kinds = new Set(parts.map(([url]) => url.split('.').pop()));
  expect([...kinds].sort()).toEqual(['pagefind', 'pf_fragment', 'pf_index', 'pf_meta']);
  for (const [url, encoding] of parts) expect(encoding, url).toBe('br');
});

test('a server that sends the parts as stored (no brotli copies) still gives results', async ({ page }) => {
  // Defect guarded: search working only on servers that send precompressed copies (most static
  // hosts send a file of an unknown type as it is).
  const parts = [];
  await page.route(/\/pagefind\/.*\.(pf_meta|pf_index|pf_fragment|pagefind)$/, async (route) => {
    const response = await route.fetch({ headers: { ...route.request().headers(), 'accept-encoding': 'identity' } });
    parts.push(response.headers()['content-encoding']);
    await route.fulfill({ response });
  });
  await search(page, 'موسكو');
  await expect(result(page, SEED).locator('mark').first()).toBeVisible();
  expect(parts.length).toBeGreaterThan(3);
  expect(parts.filter(Boolean)).toEqual([]);
});

test('a word in no article says there are no results', async ({ page }) => {
  // Defect guarded: an empty page, or a list of unrelated articles, for a word nobody wrote.
  const status = await search(page, 'زرافة');
  await expect(status).toHaveText(/^لا توجد نتائج/);
  await expect(page.locator('.search-result')).toHaveCount(0);
});

test('an empty query or one of punctuation only asks for words', async ({ page }) => {
  // Defect guarded: "no results" (or every article) for a query with nothing to search for.
  for (const query of ['', '   ', '!!! ؟؟ ... «»', '\u200f\u200e', 'ـــ']) {
    const status = await search(page, query);
    await expect(status).toHaveText(/^اكتب في خانة البحث/);
  }
});

test('hostile queries show a message as text, never run a script or break the page', async ({ page }) => {
  // Defect guarded: a query echoed as markup (script injection) or a panic on odd input.
  page.on('dialog', () => {
    throw new Error('a dialog opened: the query ran as script');
  });
  const hostile = '<script>alert(1)</script><img src=x onerror=alert(2)>';
  const status = await search(page, hostile);
  await expect(status).toContainText(hostile);
  await expect(page.locator('main img[src="x"], main script')).toHaveCount(0);
  for (const query of ['%00 \u0000 \uFFFF \u202E', '"; DROP TABLE --']) {
    const status = await search(page, query);
    await expect(status).toHaveText(/^(عدد النتائج|لا توجد نتائج|اكتب في خانة البحث)/);
  }
  // Longer than any server takes in an address (nginx answers 414): typed into the app's field.
  for (const query of ['قمة '.repeat(2000), 'ا'.repeat(20000)]) {
    await page.getByRole('searchbox', { name: 'ابحث في الأخبار' }).fill(query);
    await page.getByRole('searchbox', { name: 'ابحث في الأخبار' }).press('Enter');
    await expect(status).toHaveText(/^(عدد النتائج|لا توجد نتائج)/);
  }
});

test('more than twenty results come twenty at a time, with a button for the rest', async ({ page }) => {
  // Defect guarded: a results page that never ends (or drops results past the first page).
  // على is in every sample article (and, spelt as the name علي, not a function word).
  const status = await search(page, 'على');
  await expect(status).toContainText('عدد النتائج');
  await expect(page.locator('.search-result')).toHaveCount(20);
  await page.getByRole('button', { name: 'المزيد من النتائج' }).click();
  await expect(page.locator('.search-result')).not.toHaveCount(20);
  await expect(page.locator('.search-result:nth-child(21) a')).toBeFocused();
});

test('the header form submits to /search?q= before the app has loaded', async ({ page, expectErrors }) => {
  // Defect guarded: a search field that needs the wasm, so a reader on a slow line cannot search.
  expectErrors(/_bg\.wasm/, /Failed to fetch|net::ERR_FAILED/);
  await page.route('**/*_bg.wasm', (route) => route.abort());
  await page.goto(`/article/${SEED}`, { waitUntil: 'domcontentloaded' });
  await page.getByRole('searchbox', { name: 'ابحث في الأخبار' }).fill('موسكو');
  await page.getByRole('searchbox', { name: 'ابحث في الأخبار' }).press('Enter');
  await page.waitForURL((url) => url.pathname === '/search' && url.searchParams.get('q') === 'موسكو', { waitUntil: 'domcontentloaded' });
  await expect(page.locator('main h1')).toHaveText('البحث');
});

test('searching inside the app keeps the address shareable and the back button returns', async ({ page }) => {
  // Defect guarded: results that the address does not reflect (cannot be shared, lost on back).
  await page.goto('/');
  await page.evaluate(() => (window.__sameDocument = true));
  await page.getByRole('searchbox', { name: 'ابحث في الأخبار' }).fill('موسكو');
  await page.getByRole('button', { name: 'بحث', exact: true }).click();
  await expect(result(page, SEED)).toBeVisible();
  expect(new URL(page.url()).searchParams.get('q')).toBe('موسكو');
  expect(await page.evaluate(() => window.__sameDocument)).toBe(true);
  await link(page, SEED).click();
  await expect(page.locator('main h1')).toContainText('قمة بوتين');
  await page.goBack();
  await expect(result(page, SEED)).toBeVisible();
  await expect(page).toHaveTitle(/^بحث: موسكو/);
});

test('on the results page the header field holds the query; elsewhere it is empty', async ({ page }) => {
  // Defect guarded: a reader refining a search types it all again, or sees an old query on an article.
  const field = page.getByRole('searchbox', { name: 'ابحث في الأخبار' });
  await page.goto(`/search?q=${encodeURIComponent('موسكو')}`);
  await expect(result(page, SEED)).toBeVisible();
  await expect(field).toHaveValue('موسكو');
  await link(page, SEED).click();
  await expect(page.locator('main h1')).toContainText('قمة بوتين');
  await expect(field).toHaveValue('');
  await page.goBack();
  await expect(field).toHaveValue('موسكو');
});

test('an index that cannot load is said in Arabic', async ({ page, expectErrors }) => {
  // Defect guarded: a search that spins forever or shows "no results" when the index is missing.
  expectErrors(/pagefind/, /khabar: search/);
  await page.route('**/pagefind/**', (route) => route.fulfill({ status: 503, body: 'down' }));
  const status = await search(page, 'موسكو');
  await expect(status).toHaveText(/^تعذّر تحميل فهرس البحث/);
});

/** Holds back every request for the index's files until the returned `release` is called. */
async function holdIndex(page, pattern = '**/pagefind/**') {
  let release;
  const held = new Promise((resolve) => (release = resolve));
  const requested = [];
  await page.route(pattern, async (route) => {
    requested.push(route.request().url());
    await held;
    await route.continue().catch(() => {});
  });
  return { release, requested };
}

/**
 * Once the held index files are asked for, goes back to the home page inside the app, lets the
 * files through (the search finishes behind the home page: they arrive and are read), then checks
 * that the app still answers.
 */
async function leaveWhileHeld(page, { release, requested }) {
  await expect.poll(() => requested.length).toBeGreaterThan(0);
  await page.goBack();
  await expect(page.locator('.cards')).toBeVisible();
  release();
  await page.waitForLoadState('networkidle');
  await page.waitForTimeout(300);
  await stillMovesInApp(page);
}

/** Moves inside the app to a card's article; fails if the app no longer answers. */
async function stillMovesInApp(page) {
  await page.evaluate(() => (window.__sameDocument = true));
  const card = page.locator('.cards .card__title a').first();
  await expect(card).toBeVisible();
  const headline = (await card.textContent()).trim();
  await card.click();
  await expect(page.locator('main h1')).toHaveText(headline);
  expect(await page.evaluate(() => window.__sameDocument)).toBe(true);
}

test('leaving the results page while the index loads leaves the app working', async ({ page }) => {
  // Defect guarded: the query's late answer reading the left page's disposed state, a panic that
  // stops the whole app (links then load whole pages, buttons do nothing).
  await page.goto('/');
  const { release, requested } = await holdIndex(page);
  await page.getByRole('searchbox', { name: 'ابحث في الأخبار' }).fill('موسكو');
  await page.getByRole('searchbox', { name: 'ابحث في الأخبار' }).press('Enter');
  await expect(page.locator('.search__status')).toHaveText('جارٍ البحث…');
  await leaveWhileHeld(page, { release, requested });
});

test('leaving the results page while "more" loads leaves the app working', async ({ page }) => {
  // Defect guarded: as above, for the results "المزيد من النتائج" adds.
  await page.goto('/');
  await page.evaluate(() => (window.__sameDocument = true));
  await page.getByRole('searchbox', { name: 'ابحث في الأخبار' }).fill('على');
  await page.getByRole('searchbox', { name: 'ابحث في الأخبار' }).press('Enter');
  await expect(page.locator('.search-result')).toHaveCount(20);
  const { release, requested } = await holdIndex(page, /\/pagefind\/.*\.pf_fragment$/);
  await page.getByRole('button', { name: 'المزيد من النتائج' }).click();
  await leaveWhileHeld(page, { release, requested });
});

test('"المزيد من النتائج" keeps keyboard focus while it loads', async ({ page }) => {
  // Defect guarded: a disabled button dropping the focus of a keyboard reader to the page.
  await search(page, 'على');
  await expect(page.locator('.search-result')).toHaveCount(20);
  const { release } = await holdIndex(page, /\/pagefind\/.*\.pf_fragment$/);
  const more = page.getByRole('button', { name: 'المزيد من النتائج' });
  await more.focus();
  await page.keyboard.press('Enter');
  const busy = page.locator('.search__more button');
  await expect(busy).toHaveText('جارٍ التحميل…');
  await expect(busy).toHaveAttribute('aria-busy', 'true');
  await expect(busy).toHaveAttribute('aria-disabled', 'true');
  await expect(busy).toBeFocused();
  release();
  await expect(page.locator('.search-result:nth-child(21) a')).toBeFocused();
});

test('an index that failed to load is loaded again by the next search', async ({ page, expectErrors }) => {
  // Defect guarded: one failed load (a dropped connection) leaving search broken for the whole visit.
  expectErrors(/pagefind/, /khabar: search/);
  let down = true;
  await page.route('**/pagefind/**', (route) => (down ? route.fulfill({ status: 503, body: 'down' }) : route.continue()));
  const status = await search(page, 'موسكو');
  await expect(status).toHaveText(/^تعذّر تحميل فهرس البحث/);
  down = false;
  await page.getByRole('searchbox', { name: 'ابحث في الأخبار' }).fill('بوتين');
  await page.getByRole('searchbox', { name: 'ابحث في الأخبار' }).press('Enter');
  await expect(status).toContainText('عدد النتائج');
  await expect(result(page, SEED)).toBeVisible();
});

test('a reader who never searches downloads nothing of the index', async ({ page }) => {
  // Defect guarded: the index (or Pagefind's script) weighing on every article's first load.
  const fetched = [];
  page.on('request', (request) => fetched.push(request.url()));
  await page.goto(`/article/${SEED}`);
  await page.goto('/');
  await page.goto('/search');
  expect(fetched.filter((url) => url.includes('/pagefind/'))).toEqual([]);
});

test.describe('without JavaScript', () => {
  test.use({ javaScriptEnabled: false });

  test('the search page says that search needs JavaScript', async ({ page }) => {
    // Defect guarded: a reader without JavaScript sent to a page that silently shows nothing.
    await page.goto('/search?q=موسكو');
    await expect(page.locator('.search__status')).toContainText('جافاسكربت');
  });
});

test.describe('below a path', () => {
  test.use({ site: 'subpath' });

  test('search finds articles and links them below the path', async ({ page }) => {
    // Defect guarded: the index or the result links at the root when the site lives below /news/.
    await page.goto(`search?q=${encodeURIComponent('موسكو')}`);
    await expect(page.locator(`.search-result a[href="/news/article/${SEED}"]`)).toBeVisible();
  });
});
