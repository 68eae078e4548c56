// `make audit`: Lighthouse (mobile preset: simulated slow 4G and a 4× slower CPU) on the home page,
// the seed article and an article that leads with a photograph (a 2560×1600 JPEG), served from dist/ by the project's nginx config on loopback (the prerendered
// pages, hydrated by the wasm). Prints the four category scores, the metrics, what limits LCP, TBT
// and CLS (the LCP element and its phases, the longest tasks and the scripts and kinds of work that
// fill the main thread, what shifted) and the audits not passed; the full reports go to audit/.
//
// AUDIT_RUNS=3 (default) audits each page that many times and reports the median run (Lighthouse's
// own choice: the run nearest the median FCP and TTI), listing every run's scores: one run's TBT
// moves by hundreds of milliseconds with the machine's load.
import { spawn } from 'node:child_process';
import { copyFileSync, mkdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { computeMedianRun } from 'lighthouse/core/lib/median-run.js';
import { startNginx } from '../tests/e2e/nginx.js';

const root = path.resolve(import.meta.dirname, '..');
const out = path.join(root, 'audit');
const lighthouse = path.join(root, 'node_modules/.bin/lighthouse');
const PAGES = [['home', '/'], ['article', '/article/putin-assad-summit-moscow'], ['photo', '/article/boreal-forest-carbon']];
const CATEGORIES = ['performance', 'accessibility', 'best-practices', 'seo'];
const RUNS = Number(process.env.AUDIT_RUNS || 3);
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

const msOf = (value) => `${Math.round(value)} ms`;
const table = (audit) => (audit?.details?.type === 'table' || audit?.details?.type === 'opportunity' ? audit.details.items : []);
/** A URL as a path on this server, shorter to read. */
const short = (url) => (typeof url === 'string' && /^https?:/.test(url) ? new URL(url).pathname : String(url));

/** Lines saying what limits LCP, TBT and CLS, from the audits Lighthouse explains them with. */
function limits(audits) {
  const lines = [];
  const tbt = audits['total-blocking-time'];
  lines.push(`TBT ${msOf(tbt.numericValue)} (score ${Math.round(tbt.score * 100)}), LCP ${msOf(audits['largest-contentful-paint'].numericValue)}, CLS ${audits['cumulative-layout-shift'].numericValue.toFixed(3)}`);
  // The LCP element and its phases (time to first byte, load delay and time, render delay).
  const lcp = audits['largest-contentful-paint-element']?.details?.items ?? [];
  const element = lcp[0]?.items?.[0]?.node;
  if (element) lines.push(`LCP element: ${element.nodeLabel ?? ''} ${element.snippet ?? ''}`.trim().slice(0, 160));
  const phases = lcp[1]?.items ?? [];
  if (phases.length) lines.push(`LCP phases: ${phases.map((p) => `${p.phase} ${msOf(p.timing)}`).join(', ')}`);
  // TBT is the long tasks' time beyond 50 ms between FCP and TTI: the longest tasks, which
  // script ran them, and what kind of work fills the main thread.
  const tasks = table(audits['long-tasks']).slice(0, 5);
  if (tasks.length) lines.push(`longest tasks: ${tasks.map((t) => `${msOf(t.duration)} at ${msOf(t.startTime)} (${short(t.url)})`).join('; ')}`);
  const scripts = table(audits['bootup-time']).slice(0, 4);
  if (scripts.length) lines.push(`main-thread time by script (bootup-time): ${scripts.map((b) => `${short(b.url)} ${msOf(b.total)} (run ${msOf(b.scripting)}, parse+compile ${msOf(b.scriptParseCompile)})`).join('; ')}`);
  const work = table(audits['mainthread-work-breakdown']).slice(0, 5);
  if (work.length) lines.push(`main-thread work (mainthread-work-breakdown): ${work.map((w) => `${w.groupLabel ?? w.group} ${msOf(w.duration)}`).join(', ')}`);
  const shifts = table(audits['layout-shifts']).slice(0, 3);
  if (shifts.length) lines.push(`layout shifts: ${shifts.map((l) => `${(l.score ?? 0).toFixed(3)} ${l.node?.snippet?.slice(0, 80) ?? ''}${l.subItems?.items?.length ? ` (cause: ${l.subItems.items.map((c) => c.cause).join(', ')})` : ''}`).join('; ')}`);
  return lines;
}

mkdirSync(out, { recursive: true });
const server = await startNginx();
const rows = [];
const retried = [];
try {
  for (const [name, p] of PAGES) {
    const reports = [];
    for (let i = 1; i <= RUNS; i++) {
      // Lighthouse sometimes loses its trace on a busy machine (NO_NAVSTART): run it again, and say so.
      for (let attempt = 1; ; attempt++) {
        try {
          await run(`${server.url}${p}`, `${name}-run${i}`);
          break;
        } catch (error) {
          if (attempt === 3) throw error;
          retried.push(`${name} run ${i}: ${error.message}; run again`);
        }
      }
      reports.push(JSON.parse(readFileSync(path.join(out, `${name}-run${i}.report.json`), 'utf8')));
      process.stderr.write(`audit: ${name} run ${i}/${RUNS}\n`);
    }
    const report = computeMedianRun(reports);
    const median = reports.indexOf(report) + 1;
    for (const ext of ['json', 'html']) copyFileSync(path.join(out, `${name}-run${median}.report.${ext}`), path.join(out, `${name}.report.${ext}`));
    const runs = reports.map((r) => `${Math.round(r.categories.performance.score * 100)} (TBT ${Math.round(r.audits['total-blocking-time'].numericValue)} ms, LCP ${Math.round(r.audits['largest-contentful-paint'].numericValue)} ms)`);
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
    rows.push({ name, path: p, scores, metrics, limits: limits(audits), failing, opportunities, median, runs });
  }
} finally {
  await server.stop();
}

console.log(`\nLighthouse ${JSON.parse(readFileSync(path.join(root, 'node_modules/lighthouse/package.json'), 'utf8')).version}, mobile preset, median run of ${RUNS} per page, reports in audit/`);
console.log(`| page | ${CATEGORIES.join(' | ')} |`);
console.log(`|---|${CATEGORIES.map(() => '---:').join('|')}|`);
for (const r of rows) console.log(`| ${r.name} (${r.path}) | ${r.scores.join(' | ')} |`);
for (const r of rows) {
  console.log(`\n${r.name} (median: run ${r.median} of ${RUNS}; performance by run: ${r.runs.join(', ')})`);
  console.log(`  ${r.metrics.join('; ')}`);
  for (const line of r.limits) console.log(`  ${line}`);
  for (const a of r.failing) console.log(`  not passed (${a.category}): ${a.title}${a.displayValue ? ` — ${a.displayValue}` : ''}`);
  for (const o of r.opportunities) console.log(`  opportunity: ${o}`);
}
if (retried.length) console.log(`\nLighthouse runs that failed and were run again:\n${retried.map((r) => `  - ${r}`).join('\n')}`);
