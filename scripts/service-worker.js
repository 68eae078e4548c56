// Khabar's service worker: reading on a bad network. scripts/precache.mjs writes it into the
// bundle as sw.js with this release's files in RELEASE and PRECACHE (the lines marked below).
//
// - One cache per release, filled all or nothing at install with every file checked against its
//   SHA-256 revision, and the previous release's cache deleted once this one is active: a page
//   this worker answers with always names files of its own release, which it holds.
// - Pages, listings and articles: network first (news must be fresh), the copy kept when the
//   network fails or is slower than NETWORK_TIMEOUT_MS. A kept page of another release is never
//   served: the release's shell renders that address from the kept JSON instead.
// - Articles and pictures read: the latest MAX_ARTICLES / MAX_PICTURES, oldest evicted first;
//   articles saved for later (SAVED_CACHE, written by the app) are never evicted.
// - The network's answer goes to the reader as its headers arrive: its copy is kept, and the caches
//   trimmed, while its body streams in.
'use strict';

const RELEASE = 'development'; // replaced by scripts/precache.mjs
const PRECACHE = []; // replaced by scripts/precache.mjs: [[path relative to the scope, revision]]

const SCOPE = new URL('./', self.location.href).href;
const RELEASE_CACHE = `khabar-release-${RELEASE}`;
const PAGES_CACHE = 'khabar-pages';
const API_CACHE = 'khabar-api';
const PICTURES_CACHE = 'khabar-pictures';
const SAVED_CACHE = 'khabar-saved';
/** When the copy was stored: the app shows it in its offline notice. */
const SAVED_AT = 'x-khabar-saved-at';
const NETWORK_TIMEOUT_MS = 3000;
const MAX_ARTICLES = 50;
const MAX_PICTURES = 150;
const MAX_LISTINGS = 60;

const precached = new Map(PRECACHE.map(([file, revision]) => [new URL(file, SCOPE).href, revision]));
const SHELL = new URL('shell.html', SCOPE).href;

/** The first 16 hex digits of the SHA-256 of a response's body, as scripts/precache.mjs writes them. */
async function revisionOf(response) {
  const digest = await crypto.subtle.digest('SHA-256', await response.clone().arrayBuffer());
  return [...new Uint8Array(digest)].map((b) => b.toString(16).padStart(2, '0')).join('').slice(0, 16);
}

/** Fetches a file of this release, from the HTTP cache when it holds these very bytes. */
async function fetchRevision(url, revision) {
  for (const cache of ['default', 'reload']) {
    const response = await fetch(url, { cache, credentials: 'same-origin' });
    if (response.ok && (await revisionOf(response)) === revision) return response;
  }
  throw new Error(`${url} is not the file of release ${RELEASE} (a newer release is being deployed?)`);
}

self.addEventListener('install', (event) => {
  event.waitUntil(
    (async () => {
      // All or nothing: a release whose files cannot all be had is not installed (the browser tries
      // again later), and the release before it keeps serving.
      const responses = await Promise.all([...precached].map(async ([url, revision]) => [url, await fetchRevision(url, revision)]));
      const cache = await caches.open(RELEASE_CACHE);
      await Promise.all(responses.map(([url, response]) => cache.put(url, response)));
    })(),
  );
});

self.addEventListener('activate', (event) => {
  event.waitUntil(
    (async () => {
      for (const name of await caches.keys()) {
        if (name.startsWith('khabar-release-') && name !== RELEASE_CACHE) await caches.delete(name);
      }
      await self.clients.claim();
      // The pages open now were loaded before this worker: keep them too.
      const windows = await self.clients.matchAll({ type: 'window', includeUncontrolled: true });
      await Promise.all(windows.map((client) => keepOpenPage(client.url).catch(() => {})));
    })(),
  );
});

self.addEventListener('message', (event) => {
  // The app's "new version" prompt: take over now, then the app reloads into this release.
  if (event.data === 'khabar:activate') self.skipWaiting();
});

self.addEventListener('fetch', (event) => {
  const { request } = event;
  if (request.method !== 'GET' || !request.url.startsWith(SCOPE) || request.headers.has('range')) return;
  const url = new URL(request.url);
  url.hash = '';
  if (request.mode === 'navigate') {
    event.respondWith(navigate(event, request, url));
  } else if (precached.has(url.href)) {
    event.respondWith(fromRelease(request));
  } else if (url.href.startsWith(`${SCOPE}api/`)) {
    event.respondWith(networkFirst(event, request, (response) => keepJson(url.href, response), () => kept(url.href, API_CACHE)));
  } else if (url.href.startsWith(`${SCOPE}images/`)) {
    event.respondWith(picture(event, request, url.href));
  }
  // Anything else (another release's hashed files, while a new page loads them): the network.
});

/** A file of this release: from its cache, else (evicted by the browser) the network. */
async function fromRelease(request) {
  return (await caches.match(request.url, { cacheName: RELEASE_CACHE })) ?? fetch(request);
}

/** The key a page is kept under: `/article/x` and `/article/x/` are one page; no query. */
function pageKey(url) {
  const key = new URL(url);
  key.search = '';
  key.hash = '';
  if (key.pathname.length > 1 && key.pathname.endsWith('/')) key.pathname = key.pathname.slice(0, -1);
  return key.href;
}

/** A copy of `response` stamped with the time it was kept. */
async function stamped(response) {
  const headers = new Headers(response.headers);
  headers.set(SAVED_AT, new Date().toISOString());
  return new Response(await response.clone().blob(), { status: response.status, statusText: response.statusText, headers });
}

/** A kept copy, from the reader's saved articles first (never evicted), then the recent ones. */
async function kept(key, cacheName) {
  return (await caches.match(key, { cacheName: SAVED_CACHE })) ?? (await caches.match(key, { cacheName }));
}

/**
 * Keeps the network's answer (`network`: a response, or null) by `keep` when it is a success, without
 * keeping the reader waiting: the clone is taken as the headers arrive, and `event` lives on until it
 * is written. Call it before any await (waitUntil is refused once the event is answered, and a copy
 * answered on a timeout still keeps the network's). Not kept: a failure, an error status, another
 * origin's answer, a body that breaks off.
 */
function keepAfter(event, network, keep) {
  const keeping = network.then((response) => (response?.ok && response.type === 'basic' ? keep(response.clone()) : undefined));
  event.waitUntil(keeping.catch(() => {}));
}

/**
 * The network's answer as soon as its headers arrive, kept (by `keep`) when it is a success; when the
 * network fails or its headers take longer than NETWORK_TIMEOUT_MS and a copy is kept, the copy.
 * Without a copy, the network's answer or failure.
 */
async function networkFirst(event, request, keep, fallback) {
  const network = fetch(request);
  keepAfter(event, network, keep);
  network.catch(() => {});
  let timer;
  const timeout = new Promise((resolve) => {
    timer = setTimeout(resolve, NETWORK_TIMEOUT_MS, null);
  });
  try {
    const first = await Promise.race([network, timeout]);
    if (first) return first;
    return (await fallback()) ?? (await network);
  } catch (error) {
    const copy = await fallback();
    if (copy) return copy;
    throw error;
  } finally {
    clearTimeout(timer);
  }
}

/** Keeps an API file (an article read, a listing seen). */
async function keepJson(key, response) {
  const cache = await caches.open(API_CACHE);
  await cache.put(key, await stamped(response));
  await trim(API_CACHE);
}

/**
 * Keeps a page, and the JSON it was rendered from (its `#khabar-data` block holds the article or
 * listing as published): any later release's shell can then render it, offline, from that JSON.
 */
async function keepPage(key, response) {
  const page = await stamped(response);
  const html = await page.clone().text();
  const cache = await caches.open(PAGES_CACHE);
  await cache.put(key, page);
  await trim(PAGES_CACHE);
  const data = html.match(/<script type="application\/json" id="khabar-data">([\s\S]*?)<\/script>/)?.[1];
  const api = html.match(/<meta name="khabar:api" content="([^"]*)"/)?.[1];
  if (!data || api === undefined) return;
  try {
    const base = new URL(api, SCOPE);
    const { site, content } = JSON.parse(data);
    const files = [['site.json', site]];
    if (content?.kind === 'article') files.push([`articles/${content.article.slug}.json`, content.article]);
    if (content?.kind === 'listing') files.push([content.file, content.listing]);
    const json = { 'content-type': 'application/json', [SAVED_AT]: page.headers.get(SAVED_AT) };
    const apiCache = await caches.open(API_CACHE);
    for (const [file, value] of files) {
      const url = new URL(file, base).href;
      if (url.startsWith(SCOPE)) await apiCache.put(url, new Response(JSON.stringify(value), { headers: json }));
    }
    await trim(API_CACHE);
  } catch {
    // A page without readable data is still kept as a page.
  }
}

/** Whether a kept page names only files of this release (it would otherwise mix two). */
async function ofThisRelease(page) {
  const html = await page.clone().text();
  const files = [...html.matchAll(/(?:href|src)="([^"]+-[0-9a-f]{12,16}(?:_bg)?\.(?:js|wasm|css))"/g)].map((m) => new URL(m[1], SCOPE).href);
  return files.length > 0 && files.every((file) => precached.has(file));
}

/** A page: the network's, else the kept copy of this release, else this release's shell, which
 * renders the address in the browser from the kept JSON (or says, in Arabic, that it is offline). */
async function navigate(event, request, url) {
  const key = pageKey(url);
  const fallback = async () => {
    const page = await kept(key, PAGES_CACHE);
    if (page && (await ofThisRelease(page))) return page;
    return caches.match(SHELL, { cacheName: RELEASE_CACHE });
  };
  const keep = async (response) => {
    if ((response.headers.get('content-type') ?? '').startsWith('text/html')) await keepPage(key, response);
  };
  return networkFirst(event, request, keep, fallback);
}

/** Keeps the page open at `address`, which was loaded before this worker ran. */
async function keepOpenPage(address) {
  if (!address.startsWith(SCOPE)) return;
  const response = await fetch(address, { credentials: 'same-origin' });
  if (response.ok && (response.headers.get('content-type') ?? '').startsWith('text/html')) await keepPage(pageKey(address), response);
}

/** Pictures: the kept copy (they never change under one name), else the network's, kept. */
async function picture(event, request, key) {
  const copy = kept(key, PICTURES_CACHE);
  const network = copy.then((found) => (found ? null : fetch(request)));
  keepAfter(event, network, async (response) => {
    const cache = await caches.open(PICTURES_CACHE);
    await cache.put(key, response);
    await trim(PICTURES_CACHE);
  });
  return (await copy) ?? (await network);
}

/** Evicts the oldest entries past the limits (a cache lists its entries in the order they were put). */
async function trim(cacheName) {
  const cache = await caches.open(cacheName);
  const keys = await cache.keys();
  const limit = (pattern, max) => {
    const matching = keys.filter((k) => pattern.test(k.url));
    return matching.slice(0, Math.max(0, matching.length - max));
  };
  const old = cacheName === PICTURES_CACHE
    ? limit(/./, MAX_PICTURES)
    : [...limit(/\/articles?\//, MAX_ARTICLES), ...limit(/^(?!.*\/articles?\/)/, MAX_LISTINGS)];
  await Promise.all(old.map((k) => cache.delete(k)));
}
