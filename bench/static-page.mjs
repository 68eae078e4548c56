// The physical limit for `make bench`: the prerendered article page itself, as a reader without
// JavaScript gets it. Same head, stylesheet, fonts, theme script, JSON-LD and markup byte for byte
// (reader controls, share bar, progress bar, scroll-to-top, dates, reading time); only the app's
// JavaScript is taken out: the module loader, the template naming the JS and wasm, and the hydration data.
import { readFileSync } from 'node:fs';
import path from 'node:path';

/** What the app adds to a prerendered page to run it; each must be found exactly once. */
const APP = [
  ['the module loader', /<script type="module">[\s\S]*?<\/script>\s*/g],
  ['the JS and wasm links', /<template id="khabar-app">[\s\S]*?<\/template>\s*/g],
  ['the hydration data', /<script type="application\/json" id="khabar-data">[\s\S]*?<\/script>/g],
];

/** `html` (a prerendered page) without the app's JavaScript; throws if the page's shape changed. */
export function withoutApp(html) {
  for (const [what, pattern] of APP) {
    const found = html.match(pattern)?.length ?? 0;
    // A page still carrying the app would make the ratio compare Khabar with itself.
    if (found !== 1) throw new Error(`static page: expected ${what} once in the prerendered page, found it ${found} times`);
    html = html.replace(pattern, '');
  }
  const scripts = [...html.matchAll(/<script\b([^>]*)>/g)].map(([, attributes]) => attributes.trim());
  const left = scripts.filter((a) => a !== '' && a !== 'type="application/ld+json"');
  if (left.length) throw new Error(`static page: scripts left that are not the theme script or JSON-LD: ${left.join('; ')}`);
  return html;
}

/** The static page of `slug`: `dist/article/<slug>/index.html` without the app's JavaScript. */
export function staticArticle(dist, slug) {
  return withoutApp(readFileSync(path.join(dist, 'article', slug, 'index.html'), 'utf8'));
}
