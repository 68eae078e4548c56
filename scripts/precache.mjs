// Writes the service worker of a finished bundle: scripts/service-worker.js as `sw.js`, with the
// release's files and their revisions. scripts/postbuild.mjs runs it after prerendering and before
// the .br/.gz copies; run it again whenever files of a bundle change (a content publish rewrites
// `api/site.json`): `node scripts/precache.mjs dist`.
import { createHash } from 'node:crypto';
import { existsSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';

const root = path.resolve(import.meta.dirname, '..');

/** Files a reader needs to open any page offline, relative to the bundle's root: the shell (the
 * app without a page), the app's content-hashed JS, wasm, CSS and icon, the fonts, the manifest and
 * its icons, and the site's name and sections. Pages and the rest of `api/` are kept as they are read.
 * Fonts: the Arabic core and Latin files every page uses; the full Arabic files serve only rarer
 * letters and marks (Persian, Urdu, Quranic), fetched by a page that has one, so no reader downloads
 * them for the worker. */
export function precacheFiles(dist) {
  const top = readdirSync(dist).filter((f) => /-[0-9a-f]{12,16}(_bg)?\.(js|wasm|css|svg)$/.test(f));
  const inFolder = (folder, pattern) =>
    existsSync(path.join(dist, folder)) ? readdirSync(path.join(dist, folder)).filter((f) => pattern.test(f)).map((f) => `${folder}/${f}`) : [];
  const files = ['shell.html', 'manifest.webmanifest', 'warm-intl.js', 'api/site.json', ...top, ...inFolder('fonts', /-(arabic-core|latin)-\d+-normal\.woff2$/), ...inFolder('icons', /\.png$/)];
  return files.filter((f) => existsSync(path.join(dist, f))).sort();
}

/** The first 16 hex digits of a file's SHA-256, which the worker checks what it downloads against. */
const revision = (file) => createHash('sha256').update(readFileSync(file)).digest('hex').slice(0, 16);

/**
 * `<dist>/sw.js` for the bundle in `dist` as it is now, without writing it. The release is named
 * after every precached file's revision, so the worker's bytes change (and browsers install it)
 * exactly when one of them does; two runs on the same bundle make the same file.
 */
export function serviceWorker(dist) {
  const entries = precacheFiles(dist).map((file) => [file, revision(path.join(dist, file))]);
  const release = createHash('sha256').update(JSON.stringify(entries)).digest('hex').slice(0, 16);
  const template = readFileSync(path.join(root, 'scripts/service-worker.js'), 'utf8');
  const lines = [
    [/^const RELEASE = .*$/m, `const RELEASE = '${release}';`],
    [/^const PRECACHE = .*$/m, `const PRECACHE = ${JSON.stringify(entries)};`],
  ];
  let worker = template;
  for (const [line, value] of lines) {
    if (!line.test(worker)) throw new Error(`scripts/service-worker.js has no line matching ${line}`);
    worker = worker.replace(line, value);
  }
  const bytes = entries.reduce((sum, [file]) => sum + readFileSync(path.join(dist, file)).length, 0);
  return { file: path.join(dist, 'sw.js'), worker: Buffer.from(worker), release, entries, bytes, workerBytes: Buffer.byteLength(worker) };
}

/** Writes `<dist>/sw.js` (see serviceWorker) unless it holds those bytes already, so an
 * unchanged worker keeps its time. Returns what serviceWorker does, and whether it wrote. */
export function writeServiceWorker(dist) {
  const made = serviceWorker(dist);
  const written = !existsSync(made.file) || !readFileSync(made.file).equals(made.worker);
  if (written) writeFileSync(made.file, made.worker);
  return { ...made, written };
}

if (process.argv[1] && path.resolve(process.argv[1]) === import.meta.filename) {
  const dist = path.resolve(process.argv[2] || path.join(root, 'dist'));
  const { file, release, entries, bytes, workerBytes } = writeServiceWorker(dist);
  // nginx would otherwise keep sending the previous worker's precompressed copies. No top-level
  // await: postbuild.mjs imports this module, which must have finished loading first.
  import('./postbuild.mjs')
    .then(({ precompress }) => precompress(file))
    .then(() => console.log(`precache: sw.js (${workerBytes} B), release ${release}: ${entries.length} files, ${bytes} B`))
    .catch((error) => {
      console.error(`precache: ${error.message}`);
      process.exit(1);
    });
}
