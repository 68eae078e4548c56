// The site installs as an app: Chromium reports no installability error for its manifest, icons
// and service worker, at the root and below /news/, and the manifest speaks Arabic, right to left.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { test, expect } from './fixtures.js';

/** The manifest as Chromium parsed it, and what keeps it from offering to install the site. */
async function installability(page) {
  const cdp = await page.context().newCDPSession(page);
  const { installabilityErrors } = await cdp.send('Page.getInstallabilityErrors');
  const { url, errors } = await cdp.send('Page.getAppManifest');
  return { url, errors, installabilityErrors: installabilityErrors.map((e) => e.errorId) };
}

for (const site of ['root', 'subpath']) {
  test.describe(`installed from ${site === 'root' ? 'the root' : '/news/'}`, () => {
    test.use({ site, serviceWorkers: 'allow' });

    test('Chromium finds nothing that keeps the site from being installed', async ({ playwright, launchOptions, baseURL }) => {
      // Defect guarded: a manifest Chrome refuses (missing icon size, no maskable icon, start URL
      // outside the scope, a scope that ignores PUBLIC_URL), so no "install" is ever offered.
      // A browser profile of its own: Chromium offers no installation in an incognito context.
      const profile = mkdtempSync(path.join(tmpdir(), 'khabar-install-'));
      const context = await playwright.chromium.launchPersistentContext(profile, launchOptions);
      try {
        const page = context.pages()[0] ?? (await context.newPage());
        await page.goto(new URL('./', baseURL).href);
        await page.waitForFunction(() => document.documentElement.hasAttribute('data-app'));
        const found = await installability(page);
        expect(found.url).toBe(new URL('manifest.webmanifest', baseURL).href);
        expect(found.errors).toEqual([]);
        expect(found.installabilityErrors).toEqual([]);
      } finally {
        await context.close();
        rmSync(profile, { recursive: true, force: true });
      }
    });

    test('the manifest names the app in Arabic, right to left, starting and staying below its address', async ({ request, baseURL }) => {
      // Defect guarded: an installed app that opens at the wrong address (the server's root instead
      // of /news/), shows a Latin name, or lays its title bar out left to right.
      const address = new URL('manifest.webmanifest', baseURL).href;
      const response = await request.get(address);
      expect(response.status()).toBe(200);
      const manifest = await response.json();
      expect(manifest).toMatchObject({ short_name: 'خبر', lang: 'ar', dir: 'rtl', display: 'standalone' });
      const home = new URL('./', baseURL).href;
      expect(new URL(manifest.start_url, address).href).toBe(home);
      expect(new URL(manifest.scope, address).href).toBe(home);
      const purposes = manifest.icons.map((i) => `${i.sizes} ${i.purpose}`);
      expect(purposes).toEqual(expect.arrayContaining(['192x192 any', '512x512 any', '512x512 maskable']));
      for (const icon of manifest.icons) {
        const image = await request.get(new URL(icon.src, address).href);
        expect(image.status(), icon.src).toBe(200);
        expect(image.headers()['content-type']).toBe('image/png');
      }
    });
  });
}
