// The reader's path, in one engine: the release bundle (dist/) served by nginx with the project's
// config (tests/e2e/nginx.js, as in the Chromium suite), read through WebDriver (./webdriver.js).
// The Chromium suite (tests/e2e/) checks each behaviour in depth; this checks that each works the
// same in Firefox and WebKit. Every test fails on any console error or warning, uncaught exception
// or CSP violation the page logs while it runs, and on any hydration message.
import { describe, test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { chmodSync, cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { startNginx } from '../e2e/nginx.js';
import { launch } from './webdriver.js';

const SEED = 'putin-assad-summit-moscow';
const SEED_HEADLINE = 'قمة بوتين والأسد';
const WASM = 'webassembly-arabic-apps';
const LONG = 'manuscripts-digitisation-project';
const MARS = 'mars-dust-storm-study';

/** What Leptos logs on a hydration mismatch, and the trap a mismatch is in a release build. */
const HYDRATION = /hydrat|unreachable/i;

const SIZE = { width: 1000, height: 800 };
const DIST = path.resolve(import.meta.dirname, '../../dist');

/** Fails with what the page logged since `from` (a mark), if anything. */
async function expectClean(browser, from) {
  const logged = (await browser.problems(from)).map((p) => `${p.level}: ${p.text}`);
  assert.deepEqual(logged.filter((p) => HYDRATION.test(p)), [], `${browser.engine}: hydration warnings or errors`);
  assert.deepEqual(logged, [], `${browser.engine}: console errors or warnings, uncaught exceptions or CSP violations`);
}

/** Waits until the page has made no new request for `quietMs` (as Playwright's networkidle). */
async function quiet(browser, quietMs = 500) {
  let count = -1;
  let since = Date.now();
  await browser.waitFor(async () => {
    const now = await browser.execute(() => performance.getEntriesByType('resource').length);
    if (now !== count) [count, since] = [now, Date.now()];
    return Date.now() - since >= quietMs;
  }, 'quiet network', 15_000);
}

const headline = (browser) => browser.execute(() => document.querySelector('main h1')?.textContent.trim() ?? null);
const scrollY = (browser) => browser.execute(() => Math.round(window.scrollY));
const toTopVisible = (browser) => browser.execute(() => getComputedStyle(document.querySelector('button.to-top')).visibility === 'visible');

export function readerPath(engine) {
  describe(`the reader's path in ${engine}`, () => {
    let site;
    let browser;
    // Each test's own slice of the console.
    let from;

    before(async () => {
      site = await startNginx();
      browser = await launch(engine, SIZE);
      process.stderr.write(`# ${engine}: ${browser.version}\n`);
    });
    after(async () => {
      await browser?.quit();
      await site?.stop();
    });

    /** A test of the path: fails on anything the page logged while it ran. */
    const step = (name, body) =>
      test(name, async () => {
        from = await browser.mark();
        await body();
        await browser.settle(100);
        await expectClean(browser, from);
      });

    step('the seed article is prerendered, and the app takes the same nodes over with no warning', async () => {
      const html = await (await fetch(`${site.url}/article/${SEED}`)).text();
      assert.match(html, new RegExp(`<h1[^>]*>[^<]*${SEED_HEADLINE}`), 'the HTML carries the headline');
      let before;
      await browser.open(`${site.url}/article/${SEED}`, {
        // The prerendered page, before the wasm has even been instantiated: its headline and body
        // are marked, to be found again once the app runs.
        before: async () => {
          await browser.until(() => document.querySelector('main h1') && document.querySelector('.article__body p'), 'the prerendered article');
          before = await browser.execute(() => {
            document.querySelector('main h1').prerendered = true;
            document.querySelector('.article__body p').prerendered = true;
            return { started: Boolean(window.wasmBindings), app: document.documentElement.hasAttribute('data-app') };
          });
          return !before.started;
        },
      });
      assert.deepEqual(before, { started: false, app: false }, 'the page was looked at before the app started');
      assert.match(await headline(browser), new RegExp(SEED_HEADLINE));
      // Hydrated, not rendered again: the nodes are the prerendered ones.
      assert.deepEqual(
        await browser.execute(() => [document.querySelector('main h1').prerendered, document.querySelector('.article__body p').prerendered]),
        [true, true],
      );
      // Effects after hydration (dates, relative times, settings) run within the next frames; the
      // Intl worker's data, the service worker's registration after `load`.
      await quiet(browser);
      assert.equal(await browser.execute(() => document.querySelectorAll('main h1').length), 1);
    });

    step('a related card opens its article in the app, at the top, with focus on the headline', async () => {
      await browser.open(`${site.url}/article/${WASM}`);
      await browser.execute(() => { window.sameDocument = 'yes'; });
      const card = await browser.execute(() => {
        const a = document.querySelector('section.related li h3 a');
        return { title: a.textContent.trim(), href: a.getAttribute('href') };
      });
      await browser.click('section.related li h3 a');
      await browser.until((title) => document.querySelector('main h1')?.textContent.trim() === title, 'the related article', card.title);
      assert.ok((await browser.url()).endsWith(card.href), `${await browser.url()} is ${card.href}`);
      assert.equal(await browser.execute(() => window.sameDocument), 'yes', 'no new document');
      await browser.until(() => window.scrollY === 0, 'the top of the page');
      await browser.until(() => document.activeElement === document.querySelector('main h1'), 'focus on the headline');
    });

    step('back returns to the previous article at the position the reader left it', async () => {
      await browser.open(`${site.url}/article/${WASM}`);
      // Taken once the page has settled: the app writes its controls and dates above the list.
      await quiet(browser);
      await browser.execute(() => document.querySelector('section.related li h3 a').scrollIntoView({ block: 'center' }));
      await browser.settle(100);
      const left = await scrollY(browser);
      assert.ok(left > (await browser.execute(() => window.innerHeight)), `scrolled to ${left}, more than a screen`);
      await browser.click('section.related li h3 a');
      await browser.until((slug) => !location.pathname.endsWith(slug) && window.scrollY === 0, 'the related article at the top', WASM);
      await browser.back();
      await browser.until((slug) => location.pathname.endsWith(slug), 'the first article again', WASM);
      await browser.waitFor(async () => (await scrollY(browser)) === left, `the position ${left}`);
    });

    step('scroll-to-top appears after a screen, sits bottom-left, glides to the top and leaves focus there', async () => {
      assert.equal(await browser.execute(() => matchMedia('(prefers-reduced-motion: reduce)').matches), false);
      await browser.open(`${site.url}/article/${LONG}`);
      assert.equal(await toTopVisible(browser), false, 'hidden at the top');
      const { innerHeight } = await browser.execute(() => ({ innerHeight: window.innerHeight }));
      await browser.execute((y) => window.scrollTo(0, y), Math.round(innerHeight * 0.8));
      await browser.settle(150);
      assert.equal(await toTopVisible(browser), false, 'hidden within the first screen');
      await browser.execute((y) => window.scrollTo(0, y), innerHeight * 3);
      await browser.waitFor(() => toTopVisible(browser), 'the button');
      const box = await browser.execute(() => document.querySelector('button.to-top').getBoundingClientRect().toJSON());
      assert.ok(box.x < 40 && box.bottom > innerHeight - 40, `bottom-left: ${JSON.stringify(box)} in a viewport of height ${innerHeight}`);
      // Once its fade-in is over.
      await browser.settle(300);
      const from = await scrollY(browser);
      // How the app asks the browser to scroll. Whether the engine's glide shows intermediate
      // positions depends on its frame rate (a virtual display may show one frame); the Chromium
      // suite follows the glide itself.
      await browser.execute(() => {
        window.scrollCalls = [];
        const scrollTo = window.scrollTo;
        window.scrollTo = function (...args) {
          window.scrollCalls.push(args[0]?.behavior ?? 'instant');
          return scrollTo.apply(this, args);
        };
      });
      await browser.click('button.to-top');
      await browser.until(() => window.scrollY === 0, 'the top of the page');
      assert.deepEqual(await browser.execute(() => window.scrollCalls), ['smooth'], `from ${from}: a smooth scroll`);
      await browser.waitFor(async () => !(await toTopVisible(browser)), 'the button to hide');
      assert.equal(await browser.execute(() => document.activeElement.id), 'top');
      await browser.press('\uE004'); // Tab
      assert.equal(await browser.execute(() => document.activeElement.textContent.trim()), 'انتقل إلى المحتوى');
    });

    step('search from the header finds the article, its matched words marked', async () => {
      await browser.open(`${site.url}/article/${SEED}`);
      await browser.execute(() => { window.sameDocument = 'yes'; });
      await browser.type('#site-search', 'الاسد\uE007');
      await browser.until(() => location.pathname.endsWith('/search'), 'the search page');
      await browser.until(() => /عدد النتائج/.test(document.querySelector('.search__status')?.textContent ?? ''), 'the results');
      const found = await browser.execute((slug) => {
        const item = [...document.querySelectorAll('.search-result')].find((r) => r.querySelector(`a[href$="/article/${slug}"]`));
        return item && [...item.querySelectorAll('mark')].map((m) => m.textContent);
      }, SEED);
      assert.ok(found?.includes('الأسد'), `the seed article with الأسد marked: ${JSON.stringify(found)}`);
      assert.equal(await browser.execute(() => window.sameDocument), 'yes', 'searched in the app');
      assert.equal(await browser.execute(() => document.querySelector('#site-search').value), 'الاسد');
    });

    step("the section label opens its section in the app, with the section page's own wasm module", async () => {
      // The section page's code is a module of its own (src/routes/lazy.rs), fetched and started by
      // this engine when the reader moves there.
      await browser.open(`${site.url}/article/${SEED}`);
      await browser.execute(() => { window.sameDocument = 'yes'; });
      await browser.click('.article__section a');
      await browser.until(() => document.querySelector('main h1')?.textContent.trim() === 'الأخبار', 'the section page');
      await browser.until(() => document.querySelectorAll('main .cards li').length > 0, "the section's articles");
      assert.equal(await browser.execute(() => window.sameDocument), 'yes', 'moved in the app');
      const modules = await browser.execute(() => performance.getEntriesByType('resource').map((e) => new URL(e.name).pathname).filter((p) => /\/khabar-section-[0-9a-f]{16}\.wasm$/.test(p)));
      assert.equal(modules.length, 1, `the section's module fetched once: ${JSON.stringify(modules)}`);
    });

    step('the theme and the text size change on a click and survive a reload', async () => {
      await browser.open(`${site.url}/article/${MARS}`);
      const look = () => browser.execute(() => {
        const size = (selector) => parseFloat(getComputedStyle(document.querySelector(selector)).fontSize);
        const theme = document.querySelector('.reader-controls__button');
        return {
          theme: document.documentElement.dataset.theme,
          pressed: theme.getAttribute('aria-pressed'),
          background: getComputedStyle(document.body).backgroundColor,
          body: size('.article__body p'),
          nav: size('.site-nav a'),
          larger: document.querySelector('button[aria-label="أ+ تكبير النص"]').disabled,
        };
      });
      const start = await look();
      assert.equal(start.theme, 'light');
      assert.equal(start.pressed, 'false');
      await browser.click('.reader-controls__button');
      await browser.until(() => document.documentElement.dataset.theme === 'dark', 'the dark theme');
      for (let i = 0; i < 3; i++) await browser.click('button[aria-label="أ+ تكبير النص"]');
      await browser.settle();
      const changed = await look();
      assert.equal(changed.pressed, 'true');
      assert.equal(changed.background, 'rgb(21, 22, 26)');
      assert.equal(changed.larger, true, 'the largest size reached');
      assert.ok(Math.abs(changed.body - start.body * 1.5) < 0.1, `text at ${changed.body}px from ${start.body}px`);
      assert.equal(changed.nav, start.nav, 'the navigation keeps its size');
      await browser.reload();
      assert.deepEqual(await look(), changed, 'remembered after a reload');
      await browser.execute(() => localStorage.clear());
    });
  });

  // A first visit in a browser of its own, to a server of its own that the test stops: as a reader
  // arrives (a link, a bookmark), not by a move from another site in the same tab.
  describe(`a page read once opens offline in ${engine}`, () => {
    let browser;

    before(async () => {
      browser = await launch(engine, SIZE);
    });

    after(async () => {
      await browser?.quit();
    });

    test('an article read once opens offline: the service worker answers when the server is gone', async () => {
      // A server of its own, stopped during the test.
      const offline = await startNginx();
      try {
        let from = await browser.mark();
        await browser.open(`${offline.url}/article/${SEED}`);
        await browser.execute(async () => {
          await navigator.serviceWorker.ready;
          if (!navigator.serviceWorker.controller) {
            await new Promise((resolve) => navigator.serviceWorker.addEventListener('controllerchange', resolve, { once: true }));
          }
          const { active } = await navigator.serviceWorker.ready;
          if (active.state !== 'activated') {
            await new Promise((resolve) => active.addEventListener('statechange', () => active.state === 'activated' && resolve()));
          }
        });
        await quiet(browser);
        await expectClean(browser, from);
        await offline.stop();
        // Opened again (a link, a bookmark), then reloaded: both answered from the kept copy.
        from = await browser.mark();
        await browser.open(`${offline.url}/article/${SEED}`, { allowLate: true });
        assert.match(await headline(browser), new RegExp(SEED_HEADLINE));
        await browser.settle(100);
        await expectClean(browser, from);
        from = await browser.mark();
        await browser.reload({ allowLate: true });
        assert.match(await headline(browser), new RegExp(SEED_HEADLINE));
        await browser.settle(100);
        await expectClean(browser, from);
      } finally {
        await offline.stop();
      }
    });
  });

  describe(`with reduced motion in ${engine}`, () => {
    let site;
    let browser;
    before(async () => {
      site = await startNginx();
      browser = await launch(engine, { reducedMotion: true, ...SIZE });
    });
    after(async () => {
      await browser?.quit();
      await site?.stop();
    });

    test('scroll-to-top jumps at once, from the keyboard', async () => {
      const from = await browser.mark();
      assert.equal(await browser.execute(() => matchMedia('(prefers-reduced-motion: reduce)').matches), true);
      await browser.open(`${site.url}/article/${LONG}`);
      await browser.execute(() => window.scrollTo(0, 3000));
      await browser.waitFor(() => toTopVisible(browser), 'the button');
      await browser.execute(() => document.querySelector('button.to-top').focus());
      await browser.press('\uE007'); // Enter
      assert.equal(await scrollY(browser), 0);
      await browser.settle(100);
      await expectClean(browser, from);
    });
  });

  // The detector's own check, in a browser of its own: the trapped page it leaves behind must be in
  // no history the reader's path goes back through.
  describe(`a hydration mismatch is caught in ${engine}`, () => {
    let browser;

    before(async () => {
      browser = await launch(engine, SIZE);
    });

    after(async () => {
      await browser?.quit();
    });

    test('a prerendered page that is not what the app renders', async () => {
      // A copy of the bundle whose article lost its subtitle in the HTML.
      const scratch = mkdtempSync(path.join(tmpdir(), 'khabar-mismatch-'));
      chmodSync(scratch, 0o755);
      cpSync(DIST, scratch, { recursive: true });
      const page = path.join(scratch, `article/${MARS}/index.html`);
      const html = readFileSync(page, 'utf8');
      const tampered = html.replace(/<p class="article__subtitle">[^<]*<\/p>/, '');
      assert.notEqual(tampered, html, 'the article has a subtitle to remove');
      writeFileSync(page, tampered);
      for (const copy of ['br', 'gz']) rmSync(`${page}.${copy}`, { force: true });
      const broken = await startNginx({ dist: scratch });
      try {
        const from = await browser.mark();
        await browser.open(`${broken.url}/article/${MARS}`, { app: false });
        const caught = await browser.waitFor(
          async () => (await browser.problems(from)).filter((p) => HYDRATION.test(p.text)).length > 0,
          'a hydration error',
        );
        assert.ok(caught);
      } finally {
        await broken.stop();
        rmSync(scratch, { recursive: true, force: true });
      }
    });
  });
}
