// What the first load of an article page costs in brotli bytes, read from the release bundle: the
// article's prerendered page (article/<slug>/index.html, which carries the article and the site's
// sections for the app: no JSON is fetched), the scripts, the wasm and the stylesheets it links, and
// apart from those the fonts its characters need and the pictures (icon and the article's own).
import { readFileSync, existsSync, statSync } from 'node:fs';
import path from 'node:path';
import { inlineStyleBlocks } from '../../scripts/postbuild.mjs';

/** Brotli size of a bundle file: its .br copy, or the file itself when it has none. */
export function brotliSize(dist, file) {
  const full = path.join(dist, file);
  if (!existsSync(full)) throw new Error(`${file} is linked but missing from ${dist}`);
  return existsSync(`${full}.br`) ? statSync(`${full}.br`).size : statSync(full).size;
}

/** Bundle-relative paths of the files index.html links, by kind. */
export function linkedFiles(html) {
  const attrs = (tag) => Object.fromEntries([...tag.matchAll(/([a-z-]+)="([^"]*)"/g)].map((m) => [m[1], m[2]]));
  const base = html.match(/<base href="([^"]*)"/)?.[1] ?? '/';
  const local = (href) => (href.startsWith(base) ? href.slice(base.length) : href.replace(/^\//, ''));
  const kinds = { js: [], wasm: [], css: [], images: [], fonts: [] };
  for (const [tag] of html.matchAll(/<(?:link|script)\b[^>]*>/g)) {
    const a = attrs(tag);
    const href = a.href ?? a.src;
    if (!href || /^[a-z]+:/.test(href)) continue;
    if (a.rel === 'stylesheet') kinds.css.push(local(href));
    else if (a.rel === 'modulepreload' || tag.startsWith('<script')) kinds.js.push(local(href));
    else if (a.rel === 'preload' && a.type === 'application/wasm') kinds.wasm.push(local(href));
    else if (a.rel === 'preload' && a.as === 'font') kinds.fonts.push(local(href));
    else if (a.rel === 'icon') kinds.images.push(local(href));
  }
  return kinds;
}

/** The @font-face rules of a stylesheet: { url, ranges } (ranges: [[first, last] code point], or
 * null for a face without unicode-range, which is used for every character). */
export function fontFaces(css) {
  return [...css.matchAll(/@font-face\s*\{([^}]*)\}/g)].map(([, body]) => {
    const url = body.match(/url\(\s*["']?([^"')]+)["']?\s*\)/)?.[1];
    const range = body.match(/unicode-range:\s*([^;]+)/)?.[1];
    const ranges = range
      ? range.split(',').map((part) => {
          const [lo, hi = lo] = part.trim().replace(/^U\+/i, '').split('-');
          return [parseInt(lo, 16), parseInt(hi, 16)];
        })
      : null;
    return { url, ranges };
  });
}

/** The code points of a page as served, character references decoded: its text, and (an upper bound)
 * its markup and data block. */
export function pageCharacters(html) {
  const text = html.replace(/&#(x[0-9a-f]+|[0-9]+);/gi, (_, n) => String.fromCodePoint(n[0].toLowerCase() === 'x' ? parseInt(n.slice(1), 16) : Number(n)));
  return [...new Set(Array.from(text, (c) => c.codePointAt(0)))];
}

/** { html, js, wasm, css, app (the four together), fonts, images, data } in brotli bytes. */
export function firstLoad(dist, slug) {
  const page = `article/${slug}/index.html`;
  const html = readFileSync(path.join(dist, page), 'utf8');
  const files = linkedFiles(html);
  files.html = [page];
  // The worker the app starts as it runs (src/format/intl.rs): fetched on every first load.
  if (existsSync(path.join(dist, 'warm-intl.js'))) files.js.push('warm-intl.js');
  const api = html.match(/<meta name="khabar:api" content="([^"]*)"/)?.[1] ?? 'api/';
  if (/^[a-z]+:|^\//.test(api)) throw new Error(`the API is not in the bundle (${api}): its files cannot be counted`);
  // The data travels in the page (counted with it); nothing is fetched.
  files.data = [];
  const source = `${api}articles/${slug}.json`;
  // Fonts: the file of every face the stylesheets declare whose unicode-range holds a character of the
  // page (an upper bound: a browser downloads a face only for text set in its family and weight).
  const characters = pageCharacters(html);
  // The page's own style block resolves url()s against the page's <base>, a stylesheet's against
  // its own place.
  const sheets = [...inlineStyleBlocks(html).map((text) => ['', text]), ...files.css.map((css) => [path.dirname(css), readFileSync(path.join(dist, css), 'utf8')])];
  for (const [dir, text] of sheets) {
    for (const face of fontFaces(text)) {
      if (/^(data|https?):/.test(face.url)) continue;
      if (face.ranges && !face.ranges.some(([lo, hi]) => characters.some((c) => c >= lo && c <= hi))) continue;
      const file = path.join(dir, face.url);
      if (!files.fonts.includes(file)) files.fonts.push(file);
    }
  }
  const article = JSON.parse(readFileSync(path.join(dist, source), 'utf8'));
  for (const image of [article.image, ...article.body.filter((b) => b.type === 'figure').map((b) => b.image)]) {
    if (image && !/^https?:/.test(image.src)) files.images.push(image.src);
  }
  const sum = (list) => [...new Set(list)].reduce((total, f) => total + brotliSize(dist, f), 0);
  const sizes = {
    html: brotliSize(dist, page),
    js: sum(files.js),
    wasm: sum(files.wasm),
    css: sum(files.css),
    fonts: sum(files.fonts),
    images: sum(files.images),
    data: sum(files.data),
  };
  sizes.app = sizes.html + sizes.js + sizes.wasm + sizes.css;
  return { sizes, files };
}
