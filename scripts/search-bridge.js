// Hands Pagefind's module to the app: under a strict CSP the wasm cannot import() a module itself,
// so the search page adds this file as a module script when a reader searches (and never before).
try {
  window.khabarPagefind = await import('./pagefind.js');
  dispatchEvent(new Event('khabar-search-ready'));
} catch (error) {
  dispatchEvent(new Event('khabar-search-failed'));
  throw error;
}
