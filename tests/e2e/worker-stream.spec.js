// The service worker hands the reader the network's answer as soon as its headers arrive and keeps
// its copy afterwards: a page, an article's JSON or a picture starts arriving while the server is
// still sending it, not once the worker has read all of it and written it to its caches. Served
// through a server of the test's own in front of the suite's nginx, which sends the first part of a
// chosen answer and holds the rest until the test releases it.
import { createServer, request as upstreamRequest } from 'node:http';
import { test, expect, SEED } from './fixtures.js';
import { workerInControl } from './worker.js';

test.use({ serviceWorkers: 'allow' });

const OTHER = 'city-metro-third-line';
const OTHER_HEADLINE = 'افتتاح الخط الثالث لمترو العاصمة أمام الركاب بعد أربع سنوات من الأعمال';
/** How long the page may take to have the first part; the server holds the rest until the test releases it. */
const FIRST_PART_MS = 10_000;

/** A deferred promise: { promise, resolve }. */
function deferred() {
  let resolve;
  const promise = new Promise((r) => {
    resolve = r;
  });
  return { promise, resolve };
}

/**
 * Starts a server on loopback that passes every request on to `upstream` (nginx), except the ones
 * `hold(address, split)` names: for the next request to `address` (path and query), it reads nginx's
 * whole answer, sends the headers and the body's first `split(body)` bytes, then the rest only
 * after `release()`. `sent` resolves, once the first part is written, to { first, total } (bytes).
 */
async function startHoldingServer(upstream) {
  const target = new URL(upstream);
  const holds = new Map();
  const server = createServer((req, res) => {
    const hold = holds.get(req.url);
    holds.delete(req.url);
    const headers = { ...req.headers };
    if (hold) {
      // The body as it is, whole, to split at a known byte; and never a 304.
      headers['accept-encoding'] = 'identity';
      delete headers['if-none-match'];
      delete headers['if-modified-since'];
    }
    const forward = upstreamRequest({ host: target.hostname, port: target.port, path: req.url, method: req.method, headers }, async (answer) => {
      if (!hold) {
        res.writeHead(answer.statusCode, answer.headers);
        answer.pipe(res);
        return;
      }
      const chunks = [];
      for await (const chunk of answer) chunks.push(chunk);
      const body = Buffer.concat(chunks);
      const first = hold.split(body.toString('utf8'));
      const cut = Buffer.byteLength(body.toString('utf8').slice(0, first));
      const out = { ...answer.headers };
      for (const name of ['content-length', 'content-encoding', 'transfer-encoding', 'connection', 'keep-alive']) delete out[name];
      res.writeHead(answer.statusCode, out);
      res.write(body.subarray(0, cut));
      hold.sent.resolve({ first: cut, total: body.length, status: answer.statusCode });
      await hold.released.promise;
      res.end(body.subarray(cut));
    });
    forward.on('error', () => res.destroy());
    req.pipe(forward);
  });
  await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
  const all = [];
  return {
    url: `http://127.0.0.1:${server.address().port}`,
    hold(address, split) {
      const hold = { split, sent: deferred(), released: deferred() };
      holds.set(address, hold);
      all.push(hold);
      return { sent: hold.sent.promise, release: () => hold.released.resolve() };
    },
    async stop() {
      for (const hold of all) hold.released.resolve();
      server.closeAllConnections();
      await new Promise((resolve) => server.close(resolve));
    },
  };
}

let server;
test.beforeEach(async () => {
  server = await startHoldingServer(process.env.KHABAR_URL);
});
test.afterEach(async () => {
  await server?.stop();
});

test('a page served through the worker renders its first part while the server still sends the rest', async ({ page }) => {
  // Defect guarded: a worker that reads a page's whole body and writes it to its cache before
  // answering, so the reader sees nothing until the last byte (or, past its timeout, the shell).
  await page.goto(`${server.url}/article/${SEED}`);
  await workerInControl(page);

  const held = server.hold(`/article/${OTHER}`, (html) => html.indexOf('</h1>') + '</h1>'.length);
  const navigation = page.goto(`${server.url}/article/${OTHER}`, { waitUntil: 'commit', timeout: 20_000 });
  const { first, total, status } = await held.sent;
  expect(status).toBe(200);
  expect(first).toBeLessThan(total);
  // The document is this page, its headline parsed, while its data and the end are still held.
  const parsed = () =>
    page
      .evaluate(() => ({
        readyState: document.readyState,
        headline: document.querySelector('main h1')?.textContent.trim() ?? null,
        data: document.getElementById('khabar-data') !== null,
      }))
      .catch(() => null);
  await expect
    .poll(parsed, { message: 'the page as the reader has it while the server holds its end', timeout: FIRST_PART_MS })
    .toEqual({ readyState: 'loading', headline: OTHER_HEADLINE, data: false });

  held.release();
  await navigation;
  await page.waitForFunction(() => document.documentElement.hasAttribute('data-app'));
  await expect(page.locator('main h1')).toHaveText(OTHER_HEADLINE);
  // The worker still keeps the whole page, stamped, once the reader has it.
  const keptPage = (key) =>
    page.evaluate(async (key) => {
      const copy = await caches.match(key, { cacheName: 'khabar-pages' });
      if (!copy) return null;
      return { stamped: copy.headers.has('x-khabar-saved-at'), whole: (await copy.text()).trimEnd().endsWith('</html>') };
    }, key);
  await expect.poll(() => keptPage(`${server.url}/article/${OTHER}`)).toEqual({ stamped: true, whole: true });
});

for (const [what, address, cacheName] of [
  ["an article's JSON", `/api/articles/${OTHER}.json?streamed`, 'khabar-api'],
  ['a picture', '/images/coral-reef-heatwave-chart.svg?streamed', 'khabar-pictures'],
]) {
  test(`${what} fetched through the worker arrives while the server still sends the rest`, async ({ page }) => {
    // Defect guarded: the reader waits for the worker to have read, kept and trimmed the whole file.
    await page.goto(`${server.url}/`);
    await workerInControl(page);

    const held = server.hold(address, (body) => Math.floor(body.length / 2));
    await page.evaluate((address) => {
      window.khabarStream = fetch(address).then(async (response) => {
        const reader = response.body.getReader();
        const { value } = await reader.read();
        window.khabarRest = (async () => {
          let bytes = value.length;
          for (;;) {
            const { done, value: more } = await reader.read();
            if (done) return bytes;
            bytes += more.length;
          }
        })();
        return value.length;
      });
    }, address);
    const { first, total, status } = await held.sent;
    expect(status).toBe(200);
    const firstChunk = await page.evaluate(
      (ms) => Promise.race([window.khabarStream, new Promise((resolve) => setTimeout(resolve, ms, null))]),
      FIRST_PART_MS,
    );
    expect(firstChunk, 'bytes the page read while the server held the rest').not.toBeNull();
    expect(firstChunk).toBeGreaterThan(0);
    expect(firstChunk).toBeLessThanOrEqual(first);

    held.release();
    expect(await page.evaluate(() => window.khabarRest)).toBe(total);
    // Kept whole once the reader has it.
    await expect
      .poll(() =>
        page.evaluate(async ({ key, cacheName }) => {
          const copy = await caches.match(key, { cacheName });
          return copy ? (await copy.arrayBuffer()).byteLength : null;
        }, { key: `${server.url}${address}`, cacheName }),
      )
      .toBe(total);
  });
}
