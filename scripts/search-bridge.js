// Hands Pagefind to the app: under a strict CSP the wasm cannot import() a module itself, so the
// search page adds this file as a module script when a reader searches (and never before).
// A retry after a failed load comes with a query (`?retry=1`): Pagefind's module is asked for at
// an address of its own too, since the browser keeps a failed module's error for its address.
//
// The index is in two parts (scripts/search-index.mjs, which writes the two lines below): the
// articles changed or published since the archive was indexed are Pagefind's primary index, here;
// the archive's index, in a folder of its own, is merged into it. The archive may still hold the
// page of an article that changed or went since: those pages are left out of every answer.
const PARTS = [];
const SUPERSEDED = [];

/** Pagefind's module with the archive merged in: what the app searches with (`search(query)`). */
export async function open(pagefind, base, parts = PARTS, superseded = SUPERSEDED) {
  await Promise.all(parts.map((part) => pagefind.mergeIndex(new URL(`${part}/`, base).href)));
  const stale = new Set(superseded);
  return {
    async search(query) {
      const answer = await pagefind.search(query);
      return { ...answer, results: answer.results.filter((result) => !stale.has(result.id)) };
    },
  };
}

if (typeof window !== 'undefined') {
  try {
    const { search } = new URL(import.meta.url);
    const pagefind = await import(`./pagefind.js${search}`);
    // Pagefind searches in the page, not in its worker. From its worker, every result comes back
    // as a handle the page must release by a message when it is collected: a word on tens of
    // thousands of pages (at 100,000 articles, 'الزيارات' on 8,485 after queries on 18,000) then
    // sends that many messages, and the worker answers the next query only after them (986 ms
    // after its index arrived, against 23 ms in the page; `make bench-search`).
    await pagefind.options({ noWorker: true });
    window.khabarPagefind = await open(pagefind, import.meta.url);
    dispatchEvent(new Event('khabar-search-ready'));
  } catch (error) {
    dispatchEvent(new Event('khabar-search-failed'));
    throw error;
  }
}
