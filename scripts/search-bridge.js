// Hands Pagefind's module to the app: under a strict CSP the wasm cannot import() a module itself,
// so the search page adds this file as a module script when a reader searches (and never before).
// A retry after a failed load comes with a query (`?retry=1`): Pagefind's module is asked for at
// an address of its own too, since the browser keeps a failed module's error for its address.
try {
  window.khabarPagefind = await import(`./pagefind.js${new URL(import.meta.url).search}`);
  dispatchEvent(new Event('khabar-search-ready'));
} catch (error) {
  dispatchEvent(new Event('khabar-search-failed'));
  throw error;
}
