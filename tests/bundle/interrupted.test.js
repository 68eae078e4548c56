// What `make publish` runs after the publisher (scripts/after-publish.mjs: the search index, sw.js
// and _headers) may be stopped anywhere, by an error or `kill -9`, like the publisher itself
// (crates/publish/tests/interrupted.rs). The next run must leave the bundle as an uninterrupted
// run would, and list every file the stopped run changed, since that run never got to list them
// (a CDN upload or purge reads the list). The bundles here are small (the sample articles as
// published in public/api/, and the app's frame), so these tests need no build.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn, spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { cpSync, existsSync, mkdirSync, readFileSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { JOURNAL } from '../../scripts/after-publish.mjs';

const root = path.resolve(import.meta.dirname, '../..');
const scratch = path.join(root, 'target', 'after-publish-interrupted');
const script = path.join(root, 'scripts', 'after-publish.mjs');

/** The search index's record of what it indexed (file times): hidden, so never served. */
const SEARCH_STATE = '.khabar-search.json';

/** A bundle as the publisher leaves it, as far as what runs after it reads: the frame, the site,
 * the published articles. */
function bundle(name) {
  const dist = path.join(scratch, name);
  rmSync(dist, { recursive: true, force: true });
  mkdirSync(path.join(dist, 'api'), { recursive: true });
  cpSync(path.join(root, 'index.html'), path.join(dist, 'shell.html'));
  cpSync(path.join(root, 'public', 'api', 'site.json'), path.join(dist, 'api', 'site.json'));
  cpSync(path.join(root, 'public', 'api', 'articles'), path.join(dist, 'api', 'articles'), { recursive: true });
  return dist;
}

/** Runs after-publish on `dist` to its end; the files it lists. */
function afterPublish(dist) {
  const run = spawnSync('node', [script, dist], { encoding: 'utf8' });
  assert.equal(run.status, 0, `after-publish failed: ${run.stderr}`);
  return run.stdout.split('\n').filter(Boolean);
}

/** Files under `dist`, relative, `/`-separated. */
const under = (dist) =>
  readdirSync(dist, { recursive: true })
    .filter((name) => statSync(path.join(dist, name)).isFile())
    .map((name) => name.split(path.sep).join('/'))
    .sort();

/** Whether a file is hidden (it or a folder of it starts with a dot): never served, never listed. */
const hidden = (rel) => rel.split('/').some((part) => part.startsWith('.'));

/** { file: sha256 } of every file under `dist` that a host serves. */
function sums(dist) {
  return new Map(under(dist).filter((rel) => !hidden(rel)).map((rel) => [rel, createHash('sha256').update(readFileSync(path.join(dist, rel))).digest('hex')]));
}

/** The files whose bytes differ between two sums, or that only one has. */
const differing = (a, b) => [...new Set([...a.keys(), ...b.keys()])].filter((f) => a.get(f) !== b.get(f)).sort();

/** A publish's change: one article's headline gets new words, and the site's name changes (so the
 * service worker, which precaches api/site.json, changes too). */
function change(dist) {
  const file = path.join(dist, 'api', 'articles', 'arabic-calligraphy-exhibition.json');
  const article = JSON.parse(readFileSync(file, 'utf8'));
  article.headline = 'معرض الخط العربي يستقبل زوار البرتقال الأزرق';
  writeFileSync(file, JSON.stringify(article));
  const site = JSON.parse(readFileSync(path.join(dist, 'api', 'site.json'), 'utf8'));
  site.name = `${site.name} اليوم`;
  writeFileSync(path.join(dist, 'api', 'site.json'), JSON.stringify(site));
}

/** Starts after-publish on `dist` and kills it (SIGKILL) when `when` says so, polled every
 * millisecond with the time since the start and the journal's text; resolves once it has ended,
 * with how (the signal, or the exit code) and the files it listed. */
function killed(dist, when) {
  return new Promise((resolve) => {
    const child = spawn('node', [script, dist], { stdio: ['ignore', 'pipe', 'ignore'] });
    let listed = '';
    child.stdout.on('data', (chunk) => (listed += chunk));
    const started = Date.now();
    const timer = setInterval(() => {
      let journal = '';
      try {
        journal = readFileSync(path.join(dist, JOURNAL), 'utf8');
      } catch {
        // not yet written
      }
      if (when(Date.now() - started, journal)) child.kill('SIGKILL');
    }, 1);
    child.on('close', (code, signal) => {
      clearInterval(timer);
      resolve({ ended: signal ?? code, listed: listed.split('\n').filter(Boolean) });
    });
  });
}

test('after-publish stopped anywhere: the next run leaves what an uninterrupted one would, and lists every file the stopped run changed', { timeout: 300_000 }, async (t) => {
  // The starting point: a finished publish of the samples.
  const start = bundle('start');
  afterPublish(start);

  // What an uninterrupted run leaves after the change, from that bundle (the search index takes the
  // changed article into its index of changes) and from a new bundle (the archive indexed whole,
  // as a run must after one stopped half-way through the index).
  const onward = path.join(scratch, 'onward');
  rmSync(onward, { recursive: true, force: true });
  cpSync(start, onward, { recursive: true });
  change(onward);
  // The bundle as the publisher leaves it, which is what after-publish starts from.
  const before = sums(onward);
  const began = Date.now();
  const listed = afterPublish(onward);
  const duration = Date.now() - began;
  const uninterrupted = sums(onward);
  assert.deepEqual(listed, differing(before, uninterrupted), 'an uninterrupted run lists exactly the files it changed');
  assert.ok(listed.includes('sw.js') && listed.includes('sw.js.br') && listed.some((f) => f.startsWith('pagefind/')), 'the change reaches sw.js and the search index');
  const fresh = bundle('fresh');
  change(fresh);
  afterPublish(fresh);
  const whole = sums(fresh);
  const search = (sums) => new Map([...sums].filter(([f]) => f.startsWith('pagefind/')));
  const outside = (sums) => new Map([...sums].filter(([f]) => !f.startsWith('pagefind/')));

  // Stopped at each step of the run: by what it has done so far (the journal, the search state,
  // the new worker on disk), and at times spread over it.
  const worker = readFileSync(path.join(onward, 'sw.js'));
  const read = (file) => {
    try {
      return readFileSync(file);
    } catch {
      return null;
    }
  };
  const points = [
    ['while the search index is moved into place', (dist, _, journal) => journal.length > 0],
    ['once the search state is written again', (dist) => existsSync(path.join(dist, SEARCH_STATE))],
    ['once the journal names sw.js', (dist, _, journal) => journal.includes('sw.js\n')],
    ['once the new sw.js is in place', (dist) => read(path.join(dist, 'sw.js'))?.equals(worker) === true],
    ...[0.2, 0.4, 0.6, 0.8].map((f) => [`after ${Math.round(f * duration)} ms`, (dist, ms) => ms >= f * duration]),
  ];
  let stoppedWithJournal = 0;
  for (const [name, when] of points) {
    const dist = path.join(scratch, 'stopped');
    let ended;
    let listedBefore;
    // A stop at a step comes a poll after it: on a busy machine the run may have finished its
    // journal by then, and the stop then tests nothing the others do not. It is made again (up to
    // three times) until it lands with the journal there.
    for (let attempt = 0; attempt < 3; attempt++) {
      rmSync(dist, { recursive: true, force: true });
      cpSync(start, dist, { recursive: true });
      change(dist);
      // The search state is removed before the index changes: the point after it is its return.
      let removed = false;
      ({ ended, listed: listedBefore } = await killed(dist, (ms, journal) => {
        removed ||= !existsSync(path.join(dist, SEARCH_STATE));
        return (name !== 'once the search state is written again' || removed) && when(dist, ms, journal);
      }));
      if (name.startsWith('after ') || existsSync(path.join(dist, JOURNAL))) break;
    }
    if (!name.startsWith('after ')) assert.equal(ended, 'SIGKILL', `${name}: the run was stopped there`);
    if (existsSync(path.join(dist, JOURNAL))) stoppedWithJournal += 1;
    const left = sums(dist);
    const relisted = afterPublish(dist);
    const after = sums(dist);
    t.diagnostic(`${name}: ${ended === 'SIGKILL' ? 'killed' : 'ran to its end'}, ${differing(left, after).length} files made good, ${relisted.length} listed`);

    assert.deepEqual(differing(outside(uninterrupted), outside(after)), [], `${name}: files outside the search index as an uninterrupted run leaves them`);
    const index = search(after);
    assert.ok(
      differing(search(uninterrupted), index).length === 0 || differing(search(whole), index).length === 0,
      `${name}: the search index as an uninterrupted run leaves it, or as one that indexes the archive whole: ${differing(search(uninterrupted), index).slice(0, 5)}`,
    );
    // A run that was not stopped in time listed its own changes.
    const reported = [...relisted, ...listedBefore];
    for (const file of [...differing(left, after), ...differing(before, after)]) {
      assert.ok(reported.includes(file), `${name}: ${file} changed but is not listed`);
    }
    assert.deepEqual(under(dist).filter(hidden), [SEARCH_STATE], `${name}: the journal, temporaries and half-made indexes are gone; the search state is kept`);
  }
  assert.ok(stoppedWithJournal >= 4, `at least four runs were stopped with files named in the journal (${stoppedWithJournal})`);
});
