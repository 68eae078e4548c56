// Valid HTML: the Nu Html Checker (npm vnu-jar, the W3C validator, run on Java) reports no error
// and no warning on the HTML nginx serves, at the root and below /news/, nor on the pages the app
// renders from it. Its "info" notes (the trailing slash Trunk writes on void elements) are allowed.
//
// The checker reads the very bytes nginx sends: Leptos's hydration markers are written as `<!---->`
// (an empty comment, where Leptos's own `<!>` is a parse error), and nothing is rewritten here.
import { execFile } from 'node:child_process';
import { mkdtempSync, writeFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import vnuJar from 'vnu-jar';
import { test, expect, SEED } from './fixtures.js';

/**
 * Checks documents ([name, html] pairs) in one run of the checker (one JVM start) and returns its
 * errors and warnings as "name:line: kind: message [extract]".
 */
async function problems(documents) {
  const dir = mkdtempSync(path.join(tmpdir(), 'khabar-vnu-'));
  try {
    const named = new Map();
    documents.forEach(([name, html], i) => {
      const file = path.join(dir, `${i}.html`);
      writeFileSync(file, html);
      named.set(`file:${file}`, name);
    });
    // vnu-jar exports the jar's path (as a String object). Java comes from PATH (`make setup`).
    const files = [...named.keys()].map((url) => url.slice('file:'.length));
    const args = ['-jar', String(vnuJar), '--format', 'json', '--stdout', '--exit-zero-always', ...files];
    const { stdout } = await promisify(execFile)('java', args, { maxBuffer: 16 * 1024 * 1024 });
    const { messages } = JSON.parse(stdout);
    // Errors (and fatal ones) and warnings, none of which is expected: a new one is looked at, not allowed.
    return messages
      .filter((m) => m.type !== 'info' || m.subType === 'warning')
      .map((m) => `${named.get(m.url) ?? m.url}:${m.lastLine ?? '?'}: ${m.subType ?? m.type}: ${m.message}${m.extract ? ` [${m.extract.trim()}]` : ''}`);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

test('the HTML nginx serves for every kind of page is valid for the Nu Html Checker', async ({ request }) => {
  // Defect: Trunk's integrity attribute on <link rel="icon">, an error on every page (HTML allows
  // integrity only on stylesheet, preload and modulepreload links).
  test.setTimeout(120_000);
  const pages = [
    ['home', process.env.KHABAR_URL, ''],
    ['section', process.env.KHABAR_URL, 'section/technology'],
    ['article', process.env.KHABAR_URL, `article/${SEED}`],
    ['shell', process.env.KHABAR_URL, 'no/such/page'],
    ['not-found', process.env.KHABAR_URL, 'article/no-such-article'],
    ['404.html', process.env.KHABAR_URL, '404.html'],
    ['home below /news/', process.env.KHABAR_SUBPATH_URL, ''],
    ['article below /news/', process.env.KHABAR_SUBPATH_URL, `article/${SEED}`],
  ];
  const documents = [];
  for (const [name, site, address] of pages) {
    const response = await request.get(`${site}/${address}`);
    expect(response.headers()['content-type'], name).toBe('text/html; charset=utf-8');
    documents.push([`${name} (${site}/${address})`, await response.body()]);
  }
  expect(await problems(documents)).toEqual([]);
});

test('the pages the app renders are valid for the Nu Html Checker too', async ({ page, expectErrors }) => {
  // Defect guarded: markup the app writes that HTML forbids (nesting, duplicate ids, attributes).
  test.setTimeout(120_000);
  expectErrors(/status of 404/);
  const documents = [];
  for (const address of ['/', '/section/technology', `/article/${SEED}`, '/article/mars-dust-storm-study', '/no/such/page']) {
    await page.goto(address);
    await expect(page.getByRole('heading', { level: 1 }).first()).toBeVisible();
    await page.waitForLoadState('networkidle');
    documents.push([`rendered ${address}`, `<!doctype html>\n${await page.evaluate(() => document.documentElement.outerHTML)}`]);
  }
  expect(await problems(documents)).toEqual([]);
});

test('hydration markers are empty comments, the same nodes to the browser as Leptos\'s own', async ({ page, request }) => {
  // Defect guarded: ~80 "bogus comment" parse errors on every page (`<!>`), or a rewrite of them
  // that changes what hydration walks (a mismatch leaves a dead page).
  const html = await (await request.get(`${process.env.KHABAR_URL}/article/${SEED}`)).text();
  expect(html).not.toContain('<!>');
  const markers = html.split('<!---->').length - 1;
  expect(markers).toBeGreaterThan(10);
  await page.goto('/');
  const same = await page.evaluate((served) => {
    const tree = (doc) => {
      const out = [];
      const walk = (node) => {
        out.push(`${node.nodeType}:${node.nodeName}:${node.nodeType === 8 ? node.data : ''}`);
        node.childNodes.forEach(walk);
      };
      walk(doc.body);
      return out.join('|');
    };
    const parse = (text) => new DOMParser().parseFromString(text, 'text/html');
    return tree(parse(served)) === tree(parse(served.replaceAll('<!---->', '<!>')));
  }, html);
  expect(same).toBe(true);
});
