// Helpers for the tests of the service worker (offline.spec.js, release.spec.js).
import AxeBuilder from '@axe-core/playwright';
import { expect } from './fixtures.js';

/** axe-core finds no WCAG 2.1 A/AA violation on the page (as tests/e2e/a11y.spec.js checks). */
export async function expectNoAxeViolation(page) {
  await page.evaluate(() => new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r))));
  const { violations } = await new AxeBuilder({ page })
    .options({ rules: { 'label-content-name-mismatch': { enabled: true } } })
    .withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'])
    .analyze();
  expect(violations.map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`)).toEqual([]);
}

/** Waits until the service worker is active and controls `page` (it claims open pages). */
export async function workerInControl(page) {
  await page.evaluate(async () => {
    await navigator.serviceWorker.ready;
    if (!navigator.serviceWorker.controller) {
      await new Promise((resolve) => navigator.serviceWorker.addEventListener('controllerchange', resolve, { once: true }));
    }
    // Active once its activation (which keeps the pages open now) has finished.
    const { active } = await navigator.serviceWorker.ready;
    if (active.state !== 'activated') {
      await new Promise((resolve) => active.addEventListener('statechange', () => active.state === 'activated' && resolve()));
    }
  });
}

/** The content-hashed files the document names, and those it loaded, as paths. */
export async function releaseFiles(page) {
  return page.evaluate(async () => {
    const hashed = /-[0-9a-f]{12,16}(_bg)?\.(js|wasm|css)$/;
    // The JS and wasm are named inside the loader's inert template until the app starts.
    const app = document.getElementById('khabar-app')?.content;
    const named = [...document.querySelectorAll('link[href], script[src]'), ...(app ? app.querySelectorAll('link[href]') : [])]
      .map((el) => new URL(el.getAttribute('href') ?? el.getAttribute('src'), document.baseURI).pathname)
      .filter((p) => hashed.test(p));
    // The page modules, which the release's loader names.
    const loader = named.find((p) => /\/khabar-split-[0-9a-f]{16}\.js$/.test(p));
    const text = loader ? await fetch(loader).then((r) => r.text()).catch(() => "") : "";
    const modules = [...text.matchAll(/khabar-[a-z0-9]+-[0-9a-f]{16}\.wasm/g)].map(([m]) => new URL(m, new URL(loader, location.href)).pathname);
    const loaded = performance.getEntriesByType('resource').map((e) => new URL(e.name).pathname).filter((p) => hashed.test(p));
    return { named: [...new Set(named)].sort(), modules: [...new Set(modules)].sort(), loaded: [...new Set(loaded)].sort() };
  });
}
