// Helpers for the tests of the service worker (offline.spec.js, release.spec.js).

/** Waits until the service worker is active and controls `page` (it claims open pages). */
export async function workerInControl(page) {
  await page.evaluate(async () => {
    await navigator.serviceWorker.ready;
    if (!navigator.serviceWorker.controller) {
      await new Promise((resolve) => navigator.serviceWorker.addEventListener('controllerchange', resolve, { once: true }));
    }
  });
}

/** The content-hashed files the document names, and those it loaded, as paths. */
export async function releaseFiles(page) {
  return page.evaluate(() => {
    const hashed = /-[0-9a-f]{12,16}(_bg)?\.(js|wasm|css)$/;
    const named = [...document.querySelectorAll('link[href], script[src]')]
      .map((el) => new URL(el.href || el.src).pathname)
      .filter((p) => hashed.test(p));
    const loaded = performance.getEntriesByType('resource').map((e) => new URL(e.name).pathname).filter((p) => hashed.test(p));
    return { named: [...new Set(named)].sort(), loaded: [...new Set(loaded)].sort() };
  });
}
