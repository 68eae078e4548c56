// Shared fixtures: the nginx URL from the global setup, and a record of the page's console
// errors and uncaught exceptions, which a test can assert are absent.
import { test as base, expect } from '@playwright/test';

export const SEED = 'putin-assad-summit-moscow';
export const SEED_HEADLINE = 'قمة بوتين والأسد';

export const test = base.extend({
  baseURL: async ({}, use) => {
    await use(process.env.KHABAR_URL);
  },
  problems: async ({ page }, use) => {
    const problems = [];
    page.on('pageerror', (error) => problems.push(`uncaught: ${error.message}`));
    page.on('console', (message) => {
      if (message.type() === 'error') problems.push(`console: ${message.text()}`);
    });
    await use(problems);
  },
});

export { expect };
