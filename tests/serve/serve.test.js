// `make serve`, as an author uses it: in a copy of the project (so the test edits no tracked file),
// with the project's compiled dependencies. It must leave dist/ alone (the release bundle an upload
// or `make publish` takes), and show an edit under content/ on the next reload; a content error is
// printed, and the last good version keeps being served.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync, spawn } from 'node:child_process';
import { cpSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, statSync, symlinkSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';

const root = path.resolve(import.meta.dirname, '../..');
const SEED = 'putin-assad-summit-moscow';

/** A port nothing listens on. */
function freePort() {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address();
      server.close(() => resolve(port));
    });
  });
}

/** Every file under `dir` with its bytes and modification time. */
function snapshot(dir) {
  const files = {};
  const walk = (sub) => {
    for (const name of readdirSync(path.join(dir, sub))) {
      const rel = path.join(sub, name);
      const stat = statSync(path.join(dir, rel));
      if (stat.isDirectory()) walk(rel);
      else files[rel] = [readFileSync(path.join(dir, rel)).toString('base64'), stat.mtimeMs];
    }
  };
  walk('');
  return files;
}

/** Polls `check` until it returns a truthy value; fails after `timeoutMs`, or once `gone()` says why. */
async function until(what, check, timeoutMs, gone = () => null) {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await check().catch(() => undefined);
    if (value) return value;
    const reason = gone();
    if (reason) throw new Error(`${reason} before ${what}`);
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 250));
  }
}

test('make serve previews content edits from its own folder and leaves dist/ alone', { timeout: 1_200_000 }, async (t) => {
  const scratch = mkdtempSync(path.join(tmpdir(), 'khabar-serve-'));
  const files = execFileSync('git', ['ls-files', '-z'], { cwd: root, encoding: 'utf8' }).split('\0').filter(Boolean);
  for (const file of files) {
    mkdirSync(path.dirname(path.join(scratch, file)), { recursive: true });
    cpSync(path.join(root, file), path.join(scratch, file));
  }
  symlinkSync(path.join(root, 'node_modules'), path.join(scratch, 'node_modules'));
  // A release bundle as `make build` leaves it (its contents do not matter, only that they stay).
  mkdirSync(path.join(scratch, 'dist/article'), { recursive: true });
  writeFileSync(path.join(scratch, 'dist/index.html'), '<!doctype html><title>release</title>');
  writeFileSync(path.join(scratch, 'dist/article/marker.txt'), 'from make build');
  const release = snapshot(path.join(scratch, 'dist'));

  const port = await freePort();
  let output = '';
  const serve = spawn('make', ['serve'], {
    cwd: scratch,
    detached: true,
    env: { ...process.env, CARGO_TARGET_DIR: path.join(root, 'target'), TRUNK_SERVE_PORT: String(port), NO_COLOR: '1' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  serve.stdout.on('data', (d) => (output += d));
  serve.stderr.on('data', (d) => (output += d));
  // Trunk and the cargo builds it started write into the project's target/: the next step of
  // `make test` must not find one of them still at work, nor its sources gone from under it.
  t.after(async () => {
    const group = (signal) => {
      try {
        process.kill(-serve.pid, signal);
        return true;
      } catch {
        return false;
      }
    };
    const ended = async (ms) => {
      const deadline = Date.now() + ms;
      while (group(0) && Date.now() < deadline) await new Promise((r) => setTimeout(r, 100));
    };
    group('SIGTERM');
    await ended(30_000);
    // (A process left unreaped by a container without an init counts as alive: bounded waits.)
    if (group('SIGKILL')) await ended(10_000);
    rmSync(scratch, { recursive: true, force: true });
  });

  const url = `http://127.0.0.1:${port}`;
  const gone = () => (serve.exitCode !== null || serve.signalCode !== null ? `make serve exited (${serve.exitCode ?? serve.signalCode})` : null);
  const headline = async () => {
    const response = await fetch(`${url}/api/articles/${SEED}.json`, { cache: 'no-store' });
    return response.ok ? (await response.json()).headline : undefined;
  };
  const first = await until('the first development build', headline, 900_000, gone).catch((e) => {
    throw new Error(`${e.message}\n${output.slice(-3000)}`);
  });
  assert.match(first, /بوتين/);
  assert.match(await (await fetch(`${url}/article/${SEED}`)).text(), /<html/);

  // An author's edit shows on the next reload.
  const source = path.join(scratch, `content/articles/${SEED}.json`);
  const article = JSON.parse(readFileSync(source, 'utf8'));
  writeFileSync(source, JSON.stringify({ ...article, headline: 'عنوان للمعاينة' }, null, 2));
  await until('the edited headline', async () => (await headline()) === 'عنوان للمعاينة', 300_000, gone).catch((e) => {
    throw new Error(`${e.message}\n${output.slice(-3000)}`);
  });

  // A content error is printed with its file, and the last good version keeps being served.
  const before = output.length;
  writeFileSync(source, JSON.stringify({ ...article, headline: 'عنوان معطوب', published: '2026-11-20T09:30:00' }, null, 2));
  await until('the content error', async () => output.slice(before).includes(`${SEED}.json`), 300_000, gone).catch((e) => {
    throw new Error(`${e.message}\n${output.slice(-3000)}`);
  });
  await new Promise((r) => setTimeout(r, 2000));
  assert.equal(await headline(), 'عنوان للمعاينة');

  // The development build went to its own folder; the release bundle is as it was.
  assert.ok(statSync(path.join(scratch, 'target/serve/index.html')).isFile());
  assert.deepEqual(snapshot(path.join(scratch, 'dist')), release);
});
