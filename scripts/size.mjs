#!/usr/bin/env node
// `npm run size`: package sizes of the production weapp build in dist/weapp.
// Main package (everything outside the subpackage roots) ≤ 1.2 MB, each
// subpackage ≤ 2 MB (WeChat's hard limit is 2 MB for both; we keep headroom
// in the main package). Run `npm run build:weapp` first. Exits 1 over budget.
import { existsSync, readFileSync, readdirSync, statSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const DIST = path.join(ROOT, 'dist', 'weapp');
const MB = 1024 * 1024;
const MAIN_BUDGET = 1.2 * MB;
const SUB_BUDGET = 2 * MB;

if (!existsSync(path.join(DIST, 'app.json'))) {
  console.error(`[size] ${path.relative(ROOT, DIST)}/app.json not found: run \`npm run build:weapp\` first.`);
  process.exit(2);
}

const app = JSON.parse(readFileSync(path.join(DIST, 'app.json'), 'utf8'));
const roots = (app.subPackages ?? app.subpackages ?? []).map((s) => s.root.replace(/\/+$/, ''));

/** Files WeChat does not upload (source maps, licence notes). */
const ignored = (file) => file.endsWith('.map') || file.endsWith('.LICENSE.txt');

function walk(dir, out = []) {
  for (const name of readdirSync(dir)) {
    const full = path.join(dir, name);
    const st = statSync(full);
    if (st.isDirectory()) walk(full, out);
    else if (!ignored(name)) out.push({ rel: path.relative(DIST, full).split(path.sep).join('/'), size: st.size });
  }
  return out;
}

const files = walk(DIST);
const packages = new Map([['(main)', { size: 0, files: 0, budget: MAIN_BUDGET }]]);
for (const r of roots) packages.set(r, { size: 0, files: 0, budget: SUB_BUDGET });
for (const f of files) {
  const root = roots.find((r) => f.rel === r || f.rel.startsWith(`${r}/`)) ?? '(main)';
  const p = packages.get(root);
  p.size += f.size;
  p.files += 1;
}

const kb = (n) => `${(n / 1024).toFixed(1)} KB`;
const rows = [...packages].map(([name, p]) => ({
  package: name,
  files: String(p.files),
  size: kb(p.size),
  budget: kb(p.budget),
  used: `${((p.size / p.budget) * 100).toFixed(0)}%`,
  status: p.size <= p.budget ? 'ok' : 'OVER',
}));
const total = files.reduce((s, f) => s + f.size, 0);
rows.push({ package: '(total)', files: String(files.length), size: kb(total), budget: kb(20 * MB), used: `${((total / (20 * MB)) * 100).toFixed(0)}%`, status: total <= 20 * MB ? 'ok' : 'OVER' });

const cols = Object.keys(rows[0]);
const width = Object.fromEntries(cols.map((c) => [c, Math.max(c.length, ...rows.map((r) => r[c].length))]));
const line = (r) => cols.map((c, i) => (i === 0 ? r[c].padEnd(width[c]) : r[c].padStart(width[c]))).join('  ');
console.log(line(Object.fromEntries(cols.map((c) => [c, c]))));
console.log(cols.map((c) => '-'.repeat(width[c])).join('  '));
for (const r of rows) console.log(line(r));

// The biggest files of the main package, to see what to move when it grows.
const mainFiles = files.filter((f) => !roots.some((r) => f.rel.startsWith(`${r}/`))).sort((a, b) => b.size - a.size).slice(0, 5);
console.log(`\nlargest in main: ${mainFiles.map((f) => `${f.rel} ${kb(f.size)}`).join(', ')}`);

const over = rows.filter((r) => r.status === 'OVER');
if (over.length) {
  console.error(`\n[size] over budget: ${over.map((r) => r.package).join(', ')}`);
  process.exit(1);
}
