// Cold import of one module in a fresh process: `node [--import tsx] import-probe.mjs <file>`.
// Prints {"ms": …}: the time of loading the module alone, without node's or tsx's own start.
// A compiled .cjs handler is loaded with require(), as @vercel/node's launcher loads a CommonJS
// function; TypeScript source with import() through tsx's loader.
import { createRequire } from 'node:module';
import path from 'node:path';
import { pathToFileURL } from 'node:url';

const file = path.resolve(process.argv[2]);
const require = createRequire(import.meta.url);
const t = performance.now();
const mod = file.endsWith('.cjs') ? require(file) : await import(pathToFileURL(file).href);
const ms = performance.now() - t;
const handler = mod.default?.default ?? mod.default;
if (typeof handler !== 'function') {
  console.error(`${file}: no default export handler`);
  process.exit(2);
}
console.log(JSON.stringify({ ms, sinceStartMs: performance.now(), rss: process.memoryUsage().rss }));
