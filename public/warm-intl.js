// Started by the app, in a worker, as it begins to run. A page's first Intl object loads ICU's
// locale, calendar and time zone data: tens of milliseconds on a phone, which on the main thread
// would hold up a reader's tap. ICU keeps that data for the whole browser process, so done here,
// on a thread of its own, the app's first date on the main thread costs about a millisecond.
// `?locale=` is the app's Intl locale (the site's calendar and digits).
const locale = new URL(self.location.href).searchParams.get('locale') || 'ar';
try {
  const now = Date.now();
  new Intl.DateTimeFormat(locale, { dateStyle: 'long', timeStyle: 'short' }).format(now);
  new Intl.DateTimeFormat(locale, { dateStyle: 'long' }).format(now);
  new Intl.PluralRules('ar').select(2);
  (2).toLocaleString(locale);
} finally {
  // The app writes its dates once this arrives (or the worker fails, or takes too long).
  postMessage('ready');
  self.close();
}
