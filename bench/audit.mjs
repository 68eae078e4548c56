// `make audit`: Lighthouse (mobile preset: simulated slow 4G and a 4× slower CPU) on the home page
// and the seed article, served from dist/ by the project's nginx config on loopback. Prints the four
// category scores and what holds performance back; the full reports go to audit/ (HTML and JSON).
import { spawn } from 'node:child_process';
import { mkdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { startNginx } from '../tests/e2e/nginx.js';

const root = path.resolve(import.meta.dirname, '..');
const out = path.join(root, 'audit');
const lighthouse = path.join(root, 'node_modules/.bin/lighthouse');
const PAGES = [['home', '/'], ['article', '/article/putin-assad-summit-moscow']];
const CATEGORIES = ['performance', 'accessibility', 'best-practices', 'seo'];
const CHROME_FLAGS = '--headless=new --no-sandbox --disable-gpu --disable-background-networking --disable-component-update --disable-sync --no-first-run';

function run(url, name) {
  return new Promise((resolve, reject) => {
    const child = spawn(lighthouse, [
      url,
      '--quiet',
      `--only-categories=${CATEGORIES.join(',')}`,
      `--chrome-flags=${CHROME_FLAGS}`,
      '--output=json',
      '--output=html',
      `--output-path=${path.join(out, name)}`,
    ], { stdio: ['ignore', 'inherit', 'inherit'], env: { ...process.env, CHROME_PATH: process.env.CHROME_PATH || '/usr/bin/chromium' } });
    child.on('error', reject);
    child.on('exit', (code) => (code === 0 ? resolve() : reject(new Error(`lighthouse exited with ${code} on ${url}`))));
  });
}

mkdirSync(out, { recursive: true });
const server = await startNginx();
const rows = [];
try {
  for (const [name, p] of PAGES) {
    await run(`${server.url}${p}`, name);
    const report = JSON.parse(readFileSync(path.join(out, `${name}.report.json`), 'utf8'));
    const scores = CATEGORIES.map((c) => Math.round(report.categories[c].score * 100));
    const audits = report.audits;
    const metrics = ['first-contentful-paint', 'largest-contentful-paint', 'total-blocking-time', 'cumulative-layout-shift', 'speed-index']
      .map((id) => `${audits[id].title}: ${audits[id].displayValue}`);
    // Failing audits, heaviest first by their weight on the score.
    const failing = Object.values(report.categories)
      .flatMap((c) => c.auditRefs.filter((r) => r.weight > 0).map((r) => ({ ...audits[r.id], category: c.id, weight: r.weight })))
      .filter((a) => a.score !== null && a.score < 1)
      .sort((a, b) => b.weight * (1 - b.score) - a.weight * (1 - a.score));
    const opportunities = Object.values(audits)
      .filter((a) => a.details?.type === 'opportunity' && a.score !== null && a.score < 1)
      .map((a) => `${a.title}${a.displayValue ? ` (${a.displayValue})` : ''}`);
    rows.push({ name, path: p, scores, metrics, failing, opportunities });
  }
} finally {
  await server.stop();
}

console.log(`\nLighthouse ${JSON.parse(readFileSync(path.join(root, 'node_modules/lighthouse/package.json'), 'utf8')).version}, mobile preset, reports in audit/`);
console.log(`| page | ${CATEGORIES.join(' | ')} |`);
console.log(`|---|${CATEGORIES.map(() => '---:').join('|')}|`);
for (const r of rows) console.log(`| ${r.name} (${r.path}) | ${r.scores.join(' | ')} |`);
for (const r of rows) {
  console.log(`\n${r.name}: ${r.metrics.join('; ')}`);
  for (const a of r.failing) console.log(`  not passed (${a.category}): ${a.title}${a.displayValue ? ` — ${a.displayValue}` : ''}`);
  for (const o of r.opportunities) console.log(`  opportunity: ${o}`);
}
