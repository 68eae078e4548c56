// Shared fixtures: the nginx URL from the global setup, and a guard that fails every test whose page
// logs a console error, throws an uncaught exception or violates the Content-Security-Policy.
//
// A test that causes errors on purpose names the ones it expects:
//   test('…', async ({ page, expectErrors }) => { expectErrors(/status of 503/); … });
// Anything else still fails it. `problems` is the list of what happened, for tests that look at it.
import { test as base, expect } from '@playwright/test';

export const SEED = 'putin-assad-summit-moscow';
export const SEED_HEADLINE = 'قمة بوتين والأسد';

export const test = base.extend({
  // Which deployment a test reads: 'root' (dist/ at /) or 'subpath' (the same app built for /news/).
  site: ['root', { option: true }],
  baseURL: async ({ site }, use) => {
    await use(site === 'subpath' ? `${process.env.KHABAR_SUBPATH_URL}/` : process.env.KHABAR_URL);
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
      page.on('pageerror', (error) => problems.push(`uncaught: ${error.message}`));
      page.on('console', (message) => {
        if (message.type() === 'error') problems.push(`console: ${message.text()}`);
      });
      // Chromium logs most violations to the console too; the event also catches the rest.
      await page.exposeBinding('__khabarCspViolation', (_source, text) => problems.push(`csp: ${text}`));
      await page.addInitScript(() => {
        addEventListener('securitypolicyviolation', (e) => {
          window.__khabarCspViolation(`${e.violatedDirective} blocked ${e.blockedURI || 'inline'} (${e.sourceFile}:${e.lineNumber})`);
        }, true);
      });
      await use(problems);
      const unexpected = problems.filter((p) => !expectedErrors.some((pattern) => pattern.test(p)));
      expect(unexpected, 'console errors, uncaught exceptions or CSP violations').toEqual([]);
    },
    { auto: true },
  ],
});

export { expect };
