// Shared fixtures: the nginx URL from the global setup, and a guard that fails every test whose page
// logs a console error, throws an uncaught exception or violates the Content-Security-Policy.
//
// A test that causes errors on purpose names the ones it expects:
//   test('…', async ({ page, expectErrors }) => { expectErrors(/status of 503/); … });
// Anything else still fails it. `problems` is the list of what happened, for tests that look at it;
// a console message names the resource or script it came from, in brackets at its end.
//
// A hydration warning or error (Leptos's "hydration error" messages, the `unreachable` trap a
// mismatch is in a release build) fails every test, whatever it expects: none is ever acceptable.
//
// `page.goto` and `page.reload` of an HTML page return once the app has taken the page over
// (`<html data-app>`) or the page threw: a prerendered page works as plain HTML before that, so a
// click too early would load a new document instead of moving inside the app. Pass
// `waitUntil: 'domcontentloaded'` to look at the page before the app runs.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { test as base, expect } from '@playwright/test';

export const SEED = 'putin-assad-summit-moscow';
export const SEED_HEADLINE = 'قمة بوتين والأسد';

/** What Leptos logs on a hydration mismatch (debug builds), and the trap it is in release builds. */
const HYDRATION = /hydrat|unreachable/i;

/** The site's public address (content/site.json `url`): canonical, og:url, JSON-LD and shared links. */
export const SITE_URL = JSON.parse(readFileSync(path.resolve(import.meta.dirname, '../../content/site.json'), 'utf8')).url.replace(/\/$/, '');

export const test = base.extend({
  // Which deployment a test reads: 'root' (dist/ at /) or 'subpath' (the same app built for /news/).
  site: ['root', { option: true }],
  baseURL: async ({ site }, use) => {
    await use(site === 'subpath' ? `${process.env.KHABAR_SUBPATH_URL}/` : process.env.KHABAR_URL);
  },
  page: async ({ page, javaScriptEnabled }, use) => {
    if (javaScriptEnabled !== false) {
      for (const name of ['goto', 'reload']) {
        const original = page[name].bind(page);
        page[name] = async (...args) => {
          const options = (name === 'goto' ? args[1] : args[0]) ?? {};
          const thrown = [];
          const onError = (error) => thrown.push(error);
          page.on('pageerror', onError);
          try {
            const response = await original(...args);
            const html = (response?.headers()['content-type'] ?? '').startsWith('text/html');
            if (html && !['domcontentloaded', 'commit'].includes(options.waitUntil)) await appStarted(page, thrown);
            return response;
          } finally {
            page.off('pageerror', onError);
          }
        };
      }
    }
    await use(page);
  },
  expectedErrors: async ({}, use) => {
    await use([]);
  },
  expectErrors: async ({ expectedErrors }, use) => {
    await use((...patterns) => expectedErrors.push(...patterns));
  },
  problems: [
    async ({ page, expectedErrors }, use) => {
      const problems = [];
      const hydration = [];
      page.on('pageerror', (error) => {
        problems.push(`uncaught: ${error.message}`);
        if (HYDRATION.test(error.message)) hydration.push(`uncaught: ${error.message}`);
      });
      page.on('console', (message) => {
        const type = message.type();
        if (type !== 'error' && type !== 'warning') return;
        const { url } = message.location();
        const text = `console: ${message.text()}${url ? ` [${url}]` : ''}`;
        if (type === 'error') problems.push(text);
        if (HYDRATION.test(message.text())) hydration.push(text);
      });
      // Chromium logs most violations to the console too; the event also catches the rest.
      await page.exposeBinding('__khabarCspViolation', (_source, text) => problems.push(`csp: ${text}`));
      await page.addInitScript(() => {
        addEventListener('securitypolicyviolation', (e) => {
          window.__khabarCspViolation(`${e.violatedDirective} blocked ${e.blockedURI || 'inline'} (${e.sourceFile}:${e.lineNumber})`);
        }, true);
      });
      await use(problems);
      expect(hydration, 'hydration warnings or errors').toEqual([]);
      const unexpected = problems.filter((p) => !expectedErrors.some((pattern) => pattern.test(p)));
      expect(unexpected, 'console errors, uncaught exceptions or CSP violations').toEqual([]);
    },
    { auto: true },
  ],
});

export { expect };

/** Waits until the app runs in `page` (`<html data-app>`) or the page has thrown (into `thrown`). */
async function appStarted(page, thrown, timeoutMs = 15_000) {
  const deadline = Date.now() + timeoutMs;
  while (thrown.length === 0) {
    const started = await page.evaluate(() => document.documentElement.hasAttribute('data-app')).catch(() => false);
    if (started) return;
    if (Date.now() > deadline) throw new Error(`the app did not start within ${timeoutMs} ms at ${page.url()}`);
    await new Promise((r) => setTimeout(r, 25));
  }
}

/**
 * Opens `from` (a prerendered page), waits for the app to take it over, then moves to `to` inside the
 * app, as a link would: the page for `to` is rendered in the browser from the API, so requests to it
 * can be answered by `page.route` (a prerendered page carries its data and asks for nothing).
 */
export async function openInApp(page, from, to) {
  await page.goto(from);
  await page.evaluate((address) => {
    history.pushState(null, '', address);
    dispatchEvent(new PopStateEvent('popstate'));
  }, to);
}

/** The console error of a document nginx answers with 404 (the not-found page) at `address`. */
export const documentNotFound = (address) =>
  new RegExp(`status of 404 .*\\[[^\\]]*${address.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}\\]$`);
