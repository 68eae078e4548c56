// `make wasm-size`: where the wasm's bytes go, by crate and by function, in the main module and in
// each page module (see README, "The wasm in modules"), with twiggy (which `make wasm-size`
// installs: `scripts/setup.sh twiggy`). Reads the modules as scripts/wasm-split.mjs kept them for
// this in target/wasm-split/, before wasm-opt, with their function names (the shipped files have
// gone through wasm-opt, which strips the names and shrinks the code by about a tenth, so read the
// shares, not the absolute sizes).
import { execFileSync } from 'node:child_process';
import { existsSync, readdirSync } from 'node:fs';
import path from 'node:path';

const root = path.resolve(import.meta.dirname, '..');
const target = process.env.CARGO_TARGET_DIR ? path.resolve(root, process.env.CARGO_TARGET_DIR) : path.join(root, 'target');
const dir = path.join(target, 'wasm-split');
if (!existsSync(path.join(dir, 'main_bg.wasm'))) throw new Error(`${dir}/main_bg.wasm is missing: run make build first`);
const modules = ['main_bg.wasm', ...readdirSync(dir).filter((f) => f.endsWith('.wasm') && f !== 'main_bg.wasm').sort()];

function twiggy(wasm) {
  try {
    return execFileSync('twiggy', ['top', '-n', '1000000', '-f', 'csv', wasm], { encoding: 'utf8', maxBuffer: 1 << 28 });
  } catch {
    console.error('wasm-size: twiggy is needed: scripts/setup.sh twiggy');
    process.exit(1);
  }
}

// twiggy's CSV: Name,ShallowSize,ShallowSizePercent,RetainedSize,RetainedSizePercent.
function rowsOf(csv) {
  return csv.trim().split('\n').slice(1).map((line) => {
  const fields = line.match(/("([^"]|"")*"|[^,]*)(,|$)/g).map((f) => f.replace(/,$/, '').replace(/^"|"$/g, '').replace(/""/g, '"'));
  return { name: fields[0], size: Number(fields[1]) };
}).filter((r) => Number.isFinite(r.size) && !/function names|custom section|^Σ|more\.$/.test(r.name));
}

/** The crate an item belongs to: the first path segment of the type or function. */
function crateOf(name) {
  if (/^data(\[| segment)/.test(name)) return '(data)';
  if (/^(code|type|elem|import|export|table|global)\[/.test(name)) return `(${name.split('[')[0]})`;
  const n = name.replace(/^<+/, '').replace(/^&(mut )?/, '').replace(/^dyn /, '');
  const crate = n.match(/^[A-Za-z_][A-Za-z0-9_]*/)?.[0] ?? '(other)';
  return crate === 'T' ? 'tachys (blanket impls)' : crate;
}

/** Prints `file`'s bytes by crate (the `crates` largest) and its `items` largest items. */
function report(file, crates, items) {
  const rows = rowsOf(twiggy(path.join(dir, file)));
  const total = rows.reduce((sum, r) => sum + r.size, 0);
  const byCrate = new Map();
  for (const r of rows) byCrate.set(crateOf(r.name), (byCrate.get(crateOf(r.name)) ?? 0) + r.size);
  const pct = (n) => `${((100 * n) / total).toFixed(1).padStart(5)}%`;
  console.log(`\n${file}: ${total} bytes of code and data (names left out)\n\nby crate:`);
  for (const [crate, size] of [...byCrate].sort((a, b) => b[1] - a[1]).slice(0, crates)) console.log(`${String(size).padStart(9)} ${pct(size)}  ${crate}`);
  console.log('\nlargest items:');
  for (const r of rows.sort((a, b) => b.size - a.size).slice(0, items)) console.log(`${String(r.size).padStart(9)} ${pct(r.size)}  ${r.name.slice(0, 140)}`);
}

// The main module (what an article loads) in full, the page modules briefly.
for (const file of modules) report(file, file === 'main_bg.wasm' ? 20 : 8, file === 'main_bg.wasm' ? 20 : 5);
