// `make screenshots`: the home, section and article pages at 360 px and 1280 px, light and dark,
// from the release build served by the project's nginx config. Written next to this file.
import { chromium } from 'playwright-core';
import path from 'node:path';
import { startNginx } from '../e2e/nginx.js';

const pages = [
  ['home', '/'],
  ['section', '/section/science'],
  ['article', '/article/putin-assad-summit-moscow'],
  ['article-figures', '/article/mars-dust-storm-study'],
];
const server = await startNginx();
const browser = await chromium.launch({
  executablePath: process.env.CHROME_PATH || '/usr/bin/chromium',
  args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'],
});
try {
  for (const scheme of ['light', 'dark']) {
    for (const width of [360, 1280]) {
      const context = await browser.newContext({ viewport: { width, height: 900 }, colorScheme: scheme, locale: 'ar', timezoneId: 'Asia/Riyadh' });
      const page = await context.newPage();
      for (const [name, route] of pages) {
        await page.goto(`${server.url}${route}`);
        await page.getByRole('heading', { level: 1 }).waitFor();
        await page.evaluate(() => document.fonts.ready);
        await page.waitForLoadState('networkidle');
        const file = path.join(import.meta.dirname, `${name}-${width}-${scheme}.png`);
        await page.screenshot({ path: file, fullPage: false });
        console.log(`screenshots: ${path.relative(process.cwd(), file)}`);
      }
      await context.close();
    }
  }
} finally {
  await browser.close();
  await server.stop();
}
