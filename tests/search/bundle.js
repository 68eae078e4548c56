// Small bundles for the search tests (api/articles/ only, under target/search-tests/), and search
// over them as the app searches: Pagefind's own module and the bridge (pagefind/khabar-search.js),
// over HTTP.
import http from 'node:http';
import { existsSync, mkdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';

const scratch = path.resolve(import.meta.dirname, '../..', 'target', 'search-tests');

/** An article of `year` about `words`. */
export const article = (slug, year, words, extra = {}) => ({
  slug,
  headline: `خبر ${words}`,
  summary: `ملخص ${words}`,
  section: { slug: 'world', name: 'العالم' },
  published: `${year}-06-01T10:00:00+03:00`,
  body: [{ type: 'paragraph', text: `نص الخبر عن ${words} وما جرى بعده.` }],
  tags: [],
  ...extra,
});

/** A bundle holding `articles` as published, under target/. */
export function bundle(name, articles) {
  const dist = path.join(scratch, name);
  rmSync(dist, { recursive: true, force: true });
  mkdirSync(path.join(dist, 'api', 'articles'), { recursive: true });
  for (const a of articles) put(dist, a);
  return dist;
}

/** Publishes `a` into the bundle `dist`. */
export const put = (dist, a) => writeFileSync(path.join(dist, 'api', 'articles', `${a.slug}.json`), JSON.stringify(a));

let loads = 0;

/** Searches the bundle `dist` as the app does: each result, best first, as { slug, score, excerpt }. */
export async function results(dist, query) {
  const server = http.createServer((request, response) => {
    const file = path.join(dist, decodeURIComponent(new URL(request.url, 'http://localhost').pathname));
    if (!file.startsWith(dist) || !existsSync(file) || !statSync(file).isFile()) {
      response.writeHead(404);
      response.end();
      return;
    }
    response.end(readFileSync(file));
  });
  await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
  const base = `http://127.0.0.1:${server.address().port}/pagefind/`;
  // A module of its own each time: Pagefind keeps its index in module state.
  loads += 1;
  const pagefind = await import(`${pathToFileURL(path.join(dist, 'pagefind', 'pagefind.js'))}?load=${loads}`);
  try {
    await pagefind.options({ basePath: base });
    const { open } = await import(`${pathToFileURL(path.join(dist, 'pagefind', 'khabar-search.js'))}?load=${loads}`);
    const index = await open(pagefind, `${base}khabar-search.js`);
    const answer = await index.search(query);
    return await Promise.all(
      answer.results.map(async (r) => {
        const d = await r.data();
        return { slug: d.url.replace(/^.*\/article\//, ''), score: r.score, excerpt: d.excerpt };
      }),
    );
  } finally {
    await pagefind.destroy();
    server.close();
  }
}

/** Searches the bundle `dist` as the app does; the slugs found, best first. */
export const search = async (dist, query) => (await results(dist, query)).map((r) => r.slug);
