// A new release deployed while a tab is open: the tab goes on with its release, the next load gets
// the new one, and no page, online or offline, ever starts with files of two releases. Served by
// an nginx of its own, whose folder the test deploys into as the README says.
import { chmodSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { test, expect, SEED, SEED_HEADLINE } from './fixtures.js';
import { startNginx } from './nginx.js';
import { nextRelease, deploy } from './release.js';
import { workerInControl, releaseFiles, expectNoAxeViolation } from './worker.js';

const dist = path.resolve(import.meta.dirname, '../../dist');

test.use({ serviceWorkers: 'allow' });
// Copying and rewriting a bundle, then two releases' worth of loads: more than the default 30 s
// when the whole suite runs on two cores.
test.describe.configure({ timeout: 90_000 });

let scratch;
let server;
let second;
test.beforeEach(async () => {
  scratch = mkdtempSync(path.join(tmpdir(), 'khabar-release-'));
  chmodSync(scratch, 0o755); // nginx's workers read it
  second = await nextRelease(dist, path.join(scratch, 'next'));
  deploy(dist, path.join(scratch, 'site'));
  server = await startNginx({ dist: path.join(scratch, 'site') });
});
test.afterEach(async () => {
  await server?.stop();
  rmSync(scratch, { recursive: true, force: true });
});

/** The one release `page` runs: the hashed files it names, which must be the ones it loaded. */
async function oneRelease(page, label) {
  const files = await releaseFiles(page);
  expect(files.named, `${label}: the three hashed files (JS, wasm and the modules' loader; the styles are in the page)`).toHaveLength(3);
  expect(files.modules.length, `${label}: the loader names the page modules`).toBeGreaterThan(0);
  const loaded = files.loaded.filter((file) => !files.named.includes(file));
  expect(files.loaded, `${label}: loaded what the page names`).toEqual(expect.arrayContaining(files.named));
  expect(loaded.filter((file) => !files.modules.includes(file)), `${label}: and otherwise only its release's page modules`).toEqual([]);
  return files.named;
}

test('a release deployed under an open tab never mixes with the one the tab runs, online or offline', async ({ page, context }) => {
  // Defect guarded: a page of one release started with another release's script, wasm or styles
  // (a broken app, or a refused integrity hash), from the network or from the worker's caches.
  const url = (p) => `${server.url}${p}`;
  await page.goto(url(`/article/${SEED}`));
  await workerInControl(page);
  const first = await oneRelease(page, 'before the deploy');
  expect(first).not.toEqual(second);

  deploy(path.join(scratch, 'next'), path.join(scratch, 'site'));
  // The open tab goes on with its release inside the app.
  await page.locator('.site-nav').getByRole('link', { name: 'الأخبار' }).click();
  await expect(page.locator('main h1')).toHaveText('الأخبار');
  expect(await oneRelease(page, 'in the open tab')).toEqual(first);

  // The next load is the new release.
  await page.reload();
  expect(await oneRelease(page, 'reloaded online')).toEqual(second);
  await page.goto(url(`/article/${SEED}`));
  expect(await oneRelease(page, 'the article online')).toEqual(second);

  // Offline, whatever the worker answers with is one release, and shows the page, even once the
  // browser's HTTP cache (which holds the new release's files) is gone: only the worker's are left.
  const cdp = await context.newCDPSession(page);
  await cdp.send('Network.clearBrowserCache');
  await context.setOffline(true);
  for (const address of [`/article/${SEED}`, '/section/news']) {
    await page.goto(url(address));
    await expect(page.locator('main h1')).toContainText(address === '/section/news' ? 'الأخبار' : SEED_HEADLINE);
    expect([first, second]).toContainEqual(await oneRelease(page, `offline at ${address}`));
  }
});

test('a tab open during a deploy is offered the new release, and moves to it only when asked', async ({ page, context }) => {
  // Defect guarded: a tab stuck on the previous release for good, or one switched under the reader.
  const url = (p) => `${server.url}${p}`;
  await page.goto(url(`/article/${SEED}`));
  await workerInControl(page);
  const first = await oneRelease(page, 'before the deploy');
  await expect(page.getByText('نسخة جديدة متاحة')).toHaveCount(0);

  deploy(path.join(scratch, 'next'), path.join(scratch, 'site'));
  // Browsers look for a new worker on navigations and now and then; here, at once.
  await page.evaluate(async () => (await navigator.serviceWorker.ready).update());
  const prompt = page.getByRole('status').filter({ hasText: 'نسخة جديدة متاحة' });
  await expect(prompt).toBeVisible({ timeout: 15_000 });
  expect(await oneRelease(page, 'offered, not yet moved')).toEqual(first);
  await expectNoAxeViolation(page);

  const reloaded = page.waitForEvent('load');
  await prompt.getByRole('button', { name: 'حدّث الآن' }).click();
  await reloaded;
  await page.waitForFunction(() => document.documentElement.hasAttribute('data-app'));
  expect(await oneRelease(page, 'after moving')).toEqual(second);
  await expect(page.locator('main h1')).toContainText(SEED_HEADLINE);

  // The new release's worker now answers, offline too, with its own files.
  await context.setOffline(true);
  await page.reload();
  expect(await oneRelease(page, 'offline after moving')).toEqual(second);
  await expect(page.locator('main h1')).toContainText(SEED_HEADLINE);
});
