// Accessibility gate: axe-core finds no WCAG 2.1 A/AA violation on any kind of page, in the light
// and the dark colour scheme (label-in-name included, though axe calls it experimental).
import AxeBuilder from '@axe-core/playwright';
import { test, expect, SEED, openInApp, documentNotFound } from './fixtures.js';

const PAGES = [
  ['home', '/', async (page) => expect(page.locator('.cards li').first()).toBeVisible()],
  ['section', '/section/technology', async (page) => expect(page.locator('.cards li').first()).toBeVisible()],
  ['article', `/article/${SEED}`, async (page) => expect(page.locator('main h1')).toBeVisible()],
  ['topic', '/topic/syria', async (page) => expect(page.locator('.cards li').first()).toBeVisible()],
  ['writer', '/author/khabar-team', async (page) => expect(page.locator('.cards li').first()).toBeVisible()],
  ['illustrated article', '/article/manuscripts-digitisation-project', async (page) => expect(page.locator('section.related li').first()).toBeVisible()],
  ['not-found', '/article/no-such-article', async (page) => expect(page.locator('.latest li').first()).toBeVisible()],
  ['search results', `/search?q=${encodeURIComponent('موسكو')}`, async (page) => expect(page.locator('.search-result mark').first()).toBeVisible()],
  ['search without a query', '/search', async (page) => expect(page.locator('.search__status')).toHaveText(/^اكتب/)],
  ['error', `/article/${SEED}`, async (page) => expect(page.getByRole('button', { name: 'إعادة المحاولة' })).toBeVisible()],
];

for (const colorScheme of ['light', 'dark']) {
  for (const [name, path, ready] of PAGES) {
    test(`the ${name} page has no WCAG 2.1 A/AA violation (${colorScheme})`, async ({ page, expectErrors }) => {
      if (name === 'not-found') expectErrors(documentNotFound(path), /status of 404 .*no-such-article\.json\]$/);
      await page.emulateMedia({ colorScheme });
      if (name === 'error') {
        // An error comes from a fetch, so after an in-app move (a prerendered page fetches nothing).
        expectErrors(/status of 500/, /khabar: server answered HTTP 500/);
        await page.route(`**/api/articles/${SEED}.json`, (route) => route.fulfill({ status: 500, body: 'error' }));
        await openInApp(page, '/', path);
      } else {
        await page.goto(path);
      }
      await ready(page);
      // Let transitions (theme, focus rings) settle before colours are measured.
      await page.evaluate(() => new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r))));
      const { violations } = await new AxeBuilder({ page })
        // Label in name (WCAG 2.5.3) is "experimental" in axe, so off unless asked for: a control
        // named otherwise than it reads cannot be pressed by voice.
        .options({ rules: { 'label-content-name-mismatch': { enabled: true } } })
        .withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'])
        .analyze();
      const found = violations.map((v) => `${v.id} (${v.impact}): ${v.help}\n${v.nodes.map((n) => `    ${n.target.join(' ')}: ${n.failureSummary.replace(/\n/g, ' ')}`).join('\n')}`);
      expect(found).toEqual([]);
    });
  }
}
