// The release bundle as `make build` leaves it: hashed asset names with Subresource Integrity,
// the stable loader, shell.html, a prerendered page for every route in the shell's frame, 404.html,
// and a .br and .gz copy of every compressible file.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { readFileSync, readdirSync, statSync, existsSync } from 'node:fs';
import path from 'node:path';
import zlib from 'node:zlib';
import { COMPRESSIBLE, LOADER, cspHash, inlineScripts, inlineStyleBlocks, minifyStyle, nginxSecurityHeaders } from '../../scripts/postbuild.mjs';
import { linkedFiles } from '../budget/first-load.js';
import { isPart, partContent } from '../../scripts/search-index.mjs';

const root = path.resolve(import.meta.dirname, '../..');
const dist = path.join(root, 'dist');
const html = readFileSync(path.join(dist, 'index.html'), 'utf8');

function* files(dir) {
  for (const name of readdirSync(dir).filter((n) => !n.startsWith('.'))) {
    const file = path.join(dir, name);
    if (statSync(file).isDirectory()) yield* files(file);
    else yield file;
  }
}

test('every compressible file has a brotli and a gzip copy that unpack to it', () => {
  const all = [...files(dist)];
  const compressible = all.filter((f) => COMPRESSIBLE.includes(path.extname(f).slice(1)));
  assert.ok(compressible.some((f) => f.endsWith('.wasm')));
  for (const file of compressible) {
    const data = readFileSync(file);
    for (const [ext, unpack] of [['br', zlib.brotliDecompressSync], ['gz', zlib.gunzipSync]]) {
      const copy = `${file}.${ext}`;
      if (!existsSync(copy)) {
        // Left out only when packing would not make the file smaller.
        assert.ok(data.length < 200, `${path.relative(dist, copy)} is missing`);
        continue;
      }
      assert.ok(unpack(readFileSync(copy)).equals(data), `${path.relative(dist, copy)} does not unpack to the file`);
      assert.ok(statSync(copy).size < data.length, `${path.relative(dist, copy)} is not smaller`);
    }
  }
  // Brotli at quality 11 beats gzip -9 on the big files.
  for (const file of compressible.filter((f) => /\.(wasm|js)$/.test(f))) {
    assert.ok(statSync(`${file}.br`).size < statSync(`${file}.gz`).size, file);
  }
});

test('every part of the search index has a brotli copy of what its gzip holds', () => {
  // Defect guarded: a .br copy that is not the part Pagefind reads (a search that breaks only for
  // browsers that take brotli), or a part without one (a query costing gzip bytes).
  const parts = [...files(path.join(dist, 'pagefind'))].filter(isPart);
  assert.ok(parts.some((f) => f.endsWith('.pf_fragment')) && parts.some((f) => f.endsWith('.pf_index')));
  for (const file of parts) {
    const content = partContent(file);
    assert.equal(content.subarray(0, 12).toString(), 'pagefind_dcd', file);
    assert.ok(zlib.brotliDecompressSync(readFileSync(`${file}.br`)).equals(content), `${file}.br does not unpack to the part`);
    assert.ok(!existsSync(`${file}.gz`), `${file}.gz: the part is gzipped already`);
  }
});

/** Every prerendered page of the bundle (every HTML file but the shell), relative to dist/. */
const pages = () => [...files(dist)].filter((f) => f.endsWith('.html') && !f.endsWith('shell.html')).map((f) => path.relative(dist, f));
/** A document's head up to where its own page's head goes, without the attributes of <html>. */
const frame = (doc, end) => doc.slice(0, doc.indexOf(end)).replace(/<html\b[^>]*>/, '<html>');

test('every page is prerendered into the frame of shell.html: the same head, loader and assets', () => {
  // Defect guarded: a page whose head differs from the shell's (another loader, stale asset hashes),
  // which deploy/nginx.conf's fixed policy or the integrity hashes would refuse.
  const shell = readFileSync(path.join(dist, 'shell.html'), 'utf8');
  assert.ok(!shell.includes('id="khabar-data"'), 'shell.html is the app without a page');
  assert.match(shell, /<div id="shell">/);
  const template = frame(shell.replace(/<title>[^<]*<\/title>/, ''), '</head>');
  const all = pages();
  for (const page of ['index.html', '404.html', 'article/putin-assad-summit-moscow/index.html', 'section/news/index.html']) {
    assert.ok(all.includes(page), `${page} is prerendered`);
  }
  for (const page of all) {
    const doc = readFileSync(path.join(dist, page), 'utf8');
    assert.equal(frame(doc, '<!--HEAD-->'), template, `${page} is set in shell.html's frame`);
    assert.match(doc, /<script type="application\/json" id="khabar-data">/, `${page} carries its data`);
  }
});

test('404.html is the prerendered not-found page, for hosts that answer unknown paths with it', () => {
  const notFound = readFileSync(path.join(dist, '404.html'), 'utf8');
  assert.match(notFound, /<h1[^>]*>الصفحة غير موجودة<\/h1>/);
  assert.match(notFound, /<meta name="robots" content="noindex">/);
  assert.notEqual(notFound, html);
});

test('scripts, styles and the wasm have content-hashed names and matching integrity hashes', () => {
  const linked = linkedFiles(html);
  const assets = [...linked.js, ...linked.wasm, ...linked.css];
  assert.ok(assets.length >= 2);
  for (const file of assets) {
    assert.match(file, /-[0-9a-f]{12,16}(_bg)?\.[a-z0-9]+$/, `${file} has no content hash in its name`);
    const tag = html.match(new RegExp(`<link[^>]*href="/${file.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}"[^>]*>`))?.[0];
    assert.ok(tag, `no <link> for ${file}`);
    const integrity = tag.match(/integrity="(sha384-[^"]+)"/)?.[1];
    assert.ok(integrity, `${file} has no integrity attribute`);
    const digest = createHash('sha384').update(readFileSync(path.join(dist, file))).digest('base64');
    assert.equal(integrity, `sha384-${digest}`, `${file}: integrity does not match the file`);
  }
});

test('the icon has a content-hashed name and no integrity attribute, which HTML forbids on it', () => {
  // Defect: Trunk wrote integrity on <link rel="icon">: invalid HTML on every page (the Nu checker's
  // one error); HTML allows integrity only on stylesheet, preload and modulepreload links.
  const icons = [...html.matchAll(/<link\b[^>]*\brel="icon"[^>]*>/g)].map(([tag]) => tag);
  assert.equal(icons.length, 1, 'one <link rel="icon">');
  assert.match(icons[0], /href="[^"]*-[0-9a-f]{12,16}\.svg"/, 'the icon has a content hash in its name');
  assert.doesNotMatch(icons[0], /\bintegrity=/);
});

test("the inline loader names no file, so the page's inline scripts only change with index.html", () => {
  assert.ok(html.includes(LOADER), "postbuild's loader is in index.html");
  assert.equal(inlineScripts(html).filter((s) => s.includes('import init')).length, 0, "Trunk's own loader is gone");
  // The app's files are named only inside the inert template the loader reads after the first
  // paint: a link outside it would start their download before the page's own fonts and pictures.
  const app = html.match(/<template id="khabar-app">([\s\S]*?)<\/template>/)?.[1] ?? '';
  assert.match(app, /<link id="khabar-js" rel="modulepreload" href="[^"]+\.js"[^>]* integrity="sha384-/);
  assert.match(app, /<link id="khabar-wasm" rel="preload" href="[^"]+_bg\.wasm"[^>]* integrity="sha384-/);
  assert.doesNotMatch(html.replace(/<template id="khabar-app">[\s\S]*?<\/template>/, ''), /\.wasm"|khabar-[0-9a-f]+\.js"/, 'the JS or wasm is linked outside the template');
  for (const script of inlineScripts(html)) assert.doesNotMatch(script, /-[0-9a-f]{16}/, 'an inline script names a hashed file');
});

test("the stylesheets are one minified style block in the head, in index.html's order, which the policy allows", () => {
  // Nothing to fetch before the first paint: a stylesheet link would hold the page back a round trip.
  assert.deepEqual(linkedFiles(html).css, [], 'no <link rel="stylesheet">');
  assert.deepEqual(readdirSync(dist).filter((f) => f.endsWith('.css')), [], 'no stylesheet file left in the bundle');
  const blocks = inlineStyleBlocks(html);
  assert.equal(blocks.length, 1, 'one <style>');
  assert.ok(html.indexOf('<style>') < html.indexOf('</head>'), 'in the head');
  const source = readFileSync(path.join(root, 'index.html'), 'utf8');
  const order = [...source.matchAll(/<link data-trunk rel="css" href="style\/([^"]+)"/g)].map((m) => m[1]);
  assert.ok(order.length > 1);
  const parts = order.map((file) => minifyStyle(readFileSync(path.join(root, 'style', file), 'utf8'), file));
  assert.equal(blocks[0], parts.join(''), 'every file of style/, minified, in the same order, and nothing else');
  assert.ok(blocks[0].length < order.reduce((n, file) => n + readFileSync(path.join(root, 'style', file), 'utf8').length, 0) * 0.8, 'minified');
  // Every page is set in shell.html's frame: the same block, so one hash allows it.
  for (const page of ['404.html', 'article/putin-assad-summit-moscow/index.html']) assert.deepEqual(inlineStyleBlocks(readFileSync(path.join(dist, page), 'utf8')), blocks, page);
  const policy = nginxSecurityHeaders().find(([name]) => name === 'Content-Security-Policy')[1];
  assert.ok(policy.includes(`style-src 'self' ${cspHash(blocks[0])};`), `deploy/nginx.conf allows the block: style-src 'self' ${cspHash(blocks[0])}`);
});

test('_headers gives static hosts the security headers and caching of deploy/nginx.conf', () => {
  const headers = readFileSync(path.join(dist, '_headers'), 'utf8');
  const security = nginxSecurityHeaders();
  assert.ok(security.some(([name]) => name === 'Content-Security-Policy'));
  for (const [name, value] of security) assert.ok(headers.includes(`/*\n`) && headers.includes(`  ${name}: ${value}\n`), name);
  for (const file of [...linkedFiles(html).js, ...linkedFiles(html).wasm, ...linkedFiles(html).css]) {
    assert.ok(headers.includes(`/${file}\n  Cache-Control: public, max-age=31536000, immutable\n`), file);
  }
  for (const page of ['/index.html', '/404.html', '/shell.html', '/article/*', '/section/*']) {
    assert.ok(headers.includes(`${page}\n  Cache-Control: no-cache\n`), page);
  }
  assert.ok(headers.includes('/api/*\n  Cache-Control: no-cache\n'));
  // A photograph's files are named after their bytes: cached for good, like the app's. A drawing
  // keeps its name when it is redrawn: not.
  const article = JSON.parse(readFileSync(path.join(dist, 'api', 'articles', 'boreal-forest-carbon.json'), 'utf8'));
  assert.ok(article.image.variants.length > 0);
  for (const { file } of article.image.variants) {
    assert.ok(headers.includes(`/${file}\n  Cache-Control: public, max-age=31536000, immutable\n`), file);
  }
  assert.doesNotMatch(headers, /\/images\/[^\n]*\.svg\n  Cache-Control: public, max-age=31536000, immutable/);
});

test('feeds, sitemaps and robots.txt are published with the absolute addresses of the site', () => {
  // Defect guarded: a build that leaves feed readers and crawlers nothing to read (make publish not
  // run by make build), or relative addresses they cannot follow.
  const site = JSON.parse(readFileSync(path.join(root, 'content', 'site.json'), 'utf8'));
  const base = html.match(/<base href="([^"]*)"/)?.[1] ?? '/';
  const address = `${site.url.replace(/\/$/, '')}${base}`;
  const feed = readFileSync(path.join(dist, 'feed.xml'), 'utf8');
  assert.match(feed, /<feed xmlns="http:\/\/www\.w3\.org\/2005\/Atom" xml:lang="ar">/);
  assert.ok(feed.includes(`<id>${address}feed.xml</id>`), 'the feed names itself');
  for (const { slug } of site.sections) assert.ok(existsSync(path.join(dist, 'section', slug, 'feed.xml')), slug);
  const sitemap = readFileSync(path.join(dist, 'sitemap.xml'), 'utf8');
  assert.ok(sitemap.includes(`<loc>${address}</loc>`), 'the sitemap lists the home page');
  assert.ok(existsSync(path.join(dist, 'news-sitemap.xml')));
  const robots = readFileSync(path.join(dist, 'robots.txt'), 'utf8');
  assert.ok(robots.includes(`Sitemap: ${address}sitemap.xml\n`) && robots.includes(`Sitemap: ${address}news-sitemap.xml\n`), robots);
  assert.match(readFileSync(path.join(dist, '_headers'), 'utf8'), /\/feed\.xml\n  Cache-Control: no-cache\n  Content-Type: application\/atom\+xml; charset=utf-8\n/);
});
