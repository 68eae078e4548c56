#!/usr/bin/env node
// Draws the app's icons for the web app manifest (public/icons/): the favicon's mark (a red tile
// with a headline and columns of type) as PNGs of 192 and 512 px, and a maskable 512 px one whose
// mark stays inside the central safe circle (80%) that launchers crop to. Rendered by Chromium, so
// run it only when the mark changes and commit the PNGs: `node scripts/icons.mjs`.
import { chromium } from '@playwright/test';
import path from 'node:path';

const out = path.resolve(import.meta.dirname, '../public/icons');
const RED = '#a4161a';
// The favicon's 32-unit drawing: a bar for the masthead, a headline, a column of text.
const MARK = '<path d="M8 20h16v3H8zM11 10h10v3H11zM15 14h2v5h-2z" fill="#fff"/>';

/** The mark on a rounded tile (`any`), or scaled into the safe zone of a full-bleed tile (`maskable`). */
function svg(size, maskable) {
  if (!maskable) {
    return `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 32 32" width="${size}" height="${size}"><rect width="32" height="32" rx="6" fill="${RED}"/>${MARK}</svg>`;
  }
  // The mark spans 8..24 (16 units); at 0.75 it fits well inside the 80% circle around the centre.
  return `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 32 32" width="${size}" height="${size}"><rect width="32" height="32" fill="${RED}"/><g transform="translate(4 4.25) scale(0.75)">${MARK}</g></svg>`;
}

const browser = await chromium.launch({ executablePath: process.env.CHROME_PATH || '/usr/bin/chromium', args: ['--no-sandbox'] });
try {
  const page = await browser.newPage();
  for (const [name, size, maskable] of [['icon-192.png', 192, false], ['icon-512.png', 512, false], ['maskable-512.png', 512, true]]) {
    await page.setViewportSize({ width: size, height: size });
    await page.setContent(`<style>html,body{margin:0;background:transparent}svg{display:block}</style>${svg(size, maskable)}`);
    await page.locator('svg').screenshot({ path: path.join(out, name), omitBackground: true });
    console.log(`icons: ${name}`);
  }
} finally {
  await browser.close();
}
