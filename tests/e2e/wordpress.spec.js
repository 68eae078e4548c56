// A WordPress site imported with `khabar-content import-wordpress`, served by deploy/nginx.conf:
// every old address answers 301 to its article, and the imported articles render and pass axe.
//
// The import runs on the project's test export (crates/content/tests/fixtures/wordpress/) in a
// scratch copy of the project's content, so content/ itself stays as authors wrote it; the
// derived API and the pictures are laid over a copy of the release bundle (dist/), whose pages are
// prerendered again from that API, served by nginx of its own with the generated redirects.
import AxeBuilder from '@axe-core/playwright';
import { execFileSync } from 'node:child_process';
import { chmodSync, cpSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { test, expect } from './fixtures.js';
import { startNginx } from './nginx.js';
import { prerenderCopy } from './prerender-copy.js';

const root = path.resolve(import.meta.dirname, '../..');
const fixture = path.join(root, 'crates/content/tests/fixtures/wordpress');

test.describe.configure({ mode: 'serial' });

let dir;
let server;
let imported; // [{ id, slug, paths, tags, author }] from content/wordpress-import.json
let api; // the imported site's public/api

function khabarContent(cwd, ...args) {
  execFileSync('cargo', ['run', '--quiet', '--manifest-path', path.join(root, 'Cargo.toml'), '-p', 'khabar-content', '--bin', 'khabar-content', '--', ...args], {
    cwd,
    stdio: ['ignore', 'ignore', 'inherit'],
  });
}

test.beforeAll(async () => {
  test.setTimeout(300_000);
  dir = mkdtempSync(path.join(tmpdir(), 'khabar-wp-e2e-'));
  // nginx's workers run as another user: they must be able to read the bundle.
  chmodSync(dir, 0o755);
  const project = path.join(dir, 'project');
  cpSync(path.join(root, 'content'), path.join(project, 'content'), { recursive: true });
  cpSync(path.join(root, 'public/images'), path.join(project, 'public/images'), { recursive: true });
  cpSync(path.join(root, 'index.html'), path.join(project, 'index.html'));
  khabarContent(project, 'import-wordpress', path.join(fixture, 'export.xml'), '--uploads', path.join(fixture, 'uploads'));
  khabarContent(project, 'build');
  imported = JSON.parse(readFileSync(path.join(project, 'content/wordpress-import.json'), 'utf8')).posts;
  api = path.join(project, 'public/api');

  const dist = path.join(dir, 'dist');
  cpSync(path.join(root, 'dist'), dist, { recursive: true });
  cpSync(path.join(project, 'public/api'), path.join(dist, 'api'), { recursive: true });
  cpSync(path.join(project, 'public/images/wp'), path.join(dist, 'images/wp'), { recursive: true });
  // The photographs' published files (their widths and formats), as `make publish` writes them.
  khabarContent(project, 'pictures', dist);
  prerenderCopy(dist);
  server = await startNginx({ dist, redirects: path.join(project, 'deploy/redirects.conf') });
});

test.afterAll(async () => {
  await server?.stop();
  if (dir) rmSync(dir, { recursive: true, force: true });
});

const SUMMIT = 101;
const slugOf = (id) => imported.find((p) => p.id === id).slug;

test('every old address of an imported post answers 301 to its article', async () => {
  expect(imported.length).toBeGreaterThan(3);
  for (const post of imported) {
    const encoded = post.paths.map((p) => p.split('/').map(encodeURIComponent).join('/'));
    const forms = [`/?p=${post.id}`, ...encoded, ...encoded.map((p) => p.replace(/\/$/, '')), ...encoded.map((p) => p.toLowerCase())];
    for (const form of forms) {
      const response = await fetch(server.url + form, { redirect: 'manual' });
      expect(response.status, form).toBe(301);
      expect(new URL(response.headers.get('location')).pathname, form).toBe(`/article/${post.slug}`);
    }
  }
});

test('old tag and author addresses, their feeds and pages answer 301 to the topic and writer pages', async () => {
  // Guards against the old site's tag and author archives, and feed readers subscribed to them,
  // ending on the not-found page after the move.
  const moved = async (old, to) => {
    const response = await fetch(server.url + old.split('/').map(encodeURIComponent).join('/'), { redirect: 'manual' });
    expect(response.status, old).toBe(301);
    expect(new URL(response.headers.get('location')).pathname, old).toBe(to);
    // And the page it leads to is there (feeds are make publish's, which this copy does not run).
    if (!to.endsWith('/feed.xml')) expect((await fetch(server.url + to)).status, to).toBe(200);
  };
  let tags = 0;
  let authors = 0;
  for (const post of imported) {
    const article = JSON.parse(readFileSync(path.join(api, 'articles', `${post.slug}.json`), 'utf8'));
    for (const tag of post.tags ?? []) {
      const topic = article.topics[article.tags.indexOf(tag.name)];
      await moved(`/tag/${tag.nicename}/`, `/topic/${topic.slug}`);
      await moved(`/tag/${tag.nicename}`, `/topic/${topic.slug}`);
      await moved(`/tag/${tag.nicename}/feed/`, `/topic/${topic.slug}/feed.xml`);
      tags += 1;
    }
    const writer = article.authors[0]?.slug;
    if (post.author && writer) {
      await moved(`/author/${post.author.login.toLowerCase()}/`, `/author/${writer}`);
      await moved(`/author/${post.author.login.toLowerCase()}/feed/`, `/author/${writer}/feed.xml`);
      authors += 1;
    }
  }
  expect(tags).toBeGreaterThan(1);
  expect(authors).toBeGreaterThan(1);
  // جري tags both marathon posts: its archive's second page goes to the topic too.
  const running = imported.flatMap((post) => (post.tags ?? []).filter((tag) => tag.name === 'جري'));
  expect(running).toHaveLength(2);
  const topic = (await (await fetch(`${server.url}/tag/${encodeURIComponent('جري')}/`, { redirect: 'manual' })).headers.get('location'));
  await moved('/tag/جري/page/2/', new URL(topic).pathname);
});

test('an unknown short link and the home page are not redirected', async () => {
  for (const form of ['/?p=999999', '/', '/?p=abc']) {
    const response = await fetch(server.url + form, { redirect: 'manual' });
    expect(response.status, form).toBe(200);
  }
});

test('an old Arabic permalink opened in the browser ends on the imported article', async ({ page }) => {
  const old = imported.find((p) => p.id === SUMMIT).paths[0];
  await page.goto(server.url + encodeURI(old));
  await expect(page).toHaveURL(new RegExp(`/article/${slugOf(SUMMIT)}$`));
  await expect(page.locator('main h1')).toHaveText(/قمة بوتين والأسد/);
});

for (const colorScheme of ['light', 'dark']) {
  test(`the imported articles render with their pictures and pass axe (${colorScheme})`, async ({ page }) => {
    test.setTimeout(60_000);
    await page.emulateMedia({ colorScheme });
    let shown = 0;
    for (const { slug } of imported) {
      await page.goto(`${server.url}/article/${slug}`);
      await expect(page.locator('main h1')).toBeVisible();
      const pictures = page.locator('main img');
      for (let i = 0; i < (await pictures.count()); i++) {
        const picture = pictures.nth(i);
        await picture.scrollIntoViewIfNeeded();
        await expect.poll(() => picture.evaluate((img) => img.complete && img.naturalWidth), { message: `${slug}: picture ${i}` }).toBeGreaterThan(0);
        shown += 1;
      }
      await page.evaluate(() => new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r))));
      const { violations } = await new AxeBuilder({ page }).withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa']).analyze();
      expect(violations.map((v) => `${slug}: ${v.id}: ${v.help}`)).toEqual([]);
    }
    // The summit's featured picture, the marathon's [caption] and the market's resized upload.
    expect(shown).toBeGreaterThanOrEqual(3);

    // The section made from a WordPress category lists its article.
    await page.goto(`${server.url}/section/syasa`);
    await expect(page.locator('main h1')).toHaveText('سياسة');
    await expect(page.locator(`.cards a[href$="/article/${slugOf(SUMMIT)}"]`).first()).toBeVisible();
    const { violations } = await new AxeBuilder({ page }).withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa']).analyze();
    expect(violations.map((v) => `section: ${v.id}: ${v.help}`)).toEqual([]);
  });
}
