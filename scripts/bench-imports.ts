/**
 * `npm run bench:imports` — a benchmark, not a test. The cold import time of
 * every function module — each handler file under functions/api/** with all
 * it imports, what a serverless cold start loads before it can answer — each
 * in a FRESH node process, timed inside that process around `import()` (so
 * node's own start is not counted; scripts/bench/import-probe.mjs). Three ways:
 *
 *   compiled  esbuild-compiled to one CommonJS file per handler, node_modules left
 *             as `require`s — the closest to what Vercel runs (@vercel/node compiles
 *             TypeScript to JS and ships the traced node_modules beside it);
 *   bundled   the same with node_modules inlined too (one file, no resolution);
 *   tsx       the TypeScript source through tsx's loader (compiles on import; its
 *             disk cache makes a second run faster) — the local server's way.
 *
 * Prints per module the median of BENCH_IMPORTS_REPEAT fresh processes
 * (default 3; tsx: 1), then max and p50 against the target ≤ 150 ms.
 * BENCH_IMPORTS_MODES=compiled,bundled,tsx picks the ways; BENCH_IMPORTS_FILTER
 * a substring of the handler path.
 */
import { execFile } from 'node:child_process';
import { mkdirSync, readdirSync, rmSync, statSync } from 'node:fs';
import path from 'node:path';
import { promisify } from 'node:util';
import { build } from 'esbuild';
import { emitResult, fmtMs, pct, printTable } from './bench/common';

const run = promisify(execFile);
const ROOT = path.resolve(__dirname, '..');
const API = path.join(ROOT, 'functions', 'api');
const OUT = path.join(ROOT, '.data', 'bench-imports');
const PROBE = path.join(__dirname, 'bench', 'import-probe.mjs');
const REPEAT = Number(process.env.BENCH_IMPORTS_REPEAT ?? 3);
const MODES = (process.env.BENCH_IMPORTS_MODES ?? 'compiled,bundled,tsx').split(',').map((s) => s.trim()) as TMode[];
const FILTER = process.env.BENCH_IMPORTS_FILTER ?? '';
const TARGET_MS = 150;
type TMode = 'compiled' | 'bundled' | 'tsx';

function handlers(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const full = path.join(dir, name);
    if (statSync(full).isDirectory()) return handlers(full);
    return name.endsWith('.ts') && !name.endsWith('.test.ts') ? [full] : [];
  });
}

async function compile(entries: string[], mode: 'compiled' | 'bundled'): Promise<{ files: Map<string, string>; bytes: Map<string, number> }> {
  const outdir = path.join(OUT, mode);
  rmSync(outdir, { recursive: true, force: true });
  mkdirSync(outdir, { recursive: true });
  const result = await build({
    entryPoints: entries,
    outbase: API,
    outdir,
    bundle: true,
    platform: 'node',
    format: 'cjs',
    target: 'node20',
    outExtension: { '.js': '.cjs' },
    ...(mode === 'compiled' ? { packages: 'external' as const } : {}),
    metafile: true,
    logLevel: 'error',
  });
  const files = new Map<string, string>();
  const bytes = new Map<string, number>();
  for (const [out, meta] of Object.entries(result.metafile.outputs)) {
    if (!meta.entryPoint) continue;
    const src = path.resolve(ROOT, meta.entryPoint);
    files.set(src, path.resolve(ROOT, out));
    bytes.set(src, meta.bytes);
  }
  return { files, bytes };
}

async function probe(file: string, mode: TMode): Promise<number> {
  const args = mode === 'tsx' ? ['--import', 'tsx', PROBE, file] : [PROBE, file];
  const { stdout } = await run(process.execPath, args, { cwd: ROOT, env: { ...process.env, NODE_ENV: 'production' }, maxBuffer: 1 << 20 });
  return (JSON.parse(stdout.trim().split('\n').pop()!) as { ms: number }).ms;
}

async function main(): Promise<void> {
  const entries = handlers(API)
    .filter((f) => f.includes(FILTER))
    .sort();
  const rel = (f: string) => path.relative(API, f).replace(/\.ts$/, '');
  const times: Record<TMode, Map<string, number>> = { compiled: new Map(), bundled: new Map(), tsx: new Map() };
  const sizes: Partial<Record<TMode, Map<string, number>>> = {};
  for (const mode of MODES) {
    const target = mode === 'tsx' ? { files: new Map(entries.map((e) => [e, e])), bytes: undefined } : await compile(entries, mode);
    if (target.bytes) sizes[mode] = target.bytes;
    const repeat = mode === 'tsx' ? 1 : REPEAT;
    process.stderr.write(`  ${mode}: ${entries.length} modules × ${repeat} fresh processes\n`);
    for (const entry of entries) {
      const ms: number[] = [];
      for (let i = 0; i < repeat; i++) ms.push(await probe(target.files.get(entry)!, mode));
      ms.sort((a, b) => a - b);
      times[mode].set(entry, ms[Math.floor(ms.length / 2)]!);
    }
  }

  console.log(`\nbench:imports — cold import of each function module in a fresh node ${process.version} process, median of ${REPEAT} (tsx: 1), ${new Date().toISOString()}\n`);
  const head = ['module (functions/api/…)', ...MODES.map((m) => m), ...(sizes.compiled ? ['compiled size'] : []), ...(sizes.bundled ? ['bundled size'] : [])];
  const byCompiled = [...entries].sort((a, b) => (times[MODES[0]!].get(b) ?? 0) - (times[MODES[0]!].get(a) ?? 0));
  printTable(
    head,
    byCompiled.map((e) => [
      rel(e),
      ...MODES.map((m) => fmtMs(times[m].get(e)!)),
      ...(sizes.compiled ? [`${(sizes.compiled.get(e)! / 1024).toFixed(0)} KB`] : []),
      ...(sizes.bundled ? [`${(sizes.bundled.get(e)! / 1024).toFixed(0)} KB`] : []),
    ]),
  );
  const summary: Record<string, { max: number; p50: number; maxModule: string; over: number }> = {};
  console.log('');
  for (const mode of MODES) {
    const values = entries.map((e) => times[mode].get(e)!);
    const sorted = [...values].sort((a, b) => a - b);
    const maxModule = rel(entries[values.indexOf(sorted[sorted.length - 1]!)]!);
    const over = values.filter((v) => v > TARGET_MS).length;
    summary[mode] = { max: sorted[sorted.length - 1]!, p50: pct(sorted, 50), maxModule, over };
    console.log(`${mode.padEnd(9)} max ${fmtMs(summary[mode].max)} (${maxModule}), p50 ${fmtMs(summary[mode].p50)}, over the target ≤ ${TARGET_MS} ms: ${over} of ${entries.length}`);
  }
  emitResult('imports', { targetMs: TARGET_MS, modules: entries.length, repeat: REPEAT, summary, perModule: Object.fromEntries(MODES.map((m) => [m, Object.fromEntries(entries.map((e) => [rel(e), Math.round(times[m].get(e)! * 10) / 10]))])) });
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
