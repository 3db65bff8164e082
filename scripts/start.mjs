#!/usr/bin/env node
// `npm start`: build the H5 app when its sources changed, then serve `dist/h5`.
//
// Environment:
//   PORT      port to listen on (default 3000)
//   HOST      address to bind (default 127.0.0.1; set HOST=0.0.0.0 to listen on all interfaces)
//   H5_BUILD  auto (default: build when dist/h5 is missing or older than its sources),
//             always, or never
//
// Plain Node (>= 20) ESM, no dependencies.
import { spawn } from 'node:child_process';
import { readdir, stat } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const H5_DIR = path.join(ROOT, 'dist', 'h5');
const H5_INDEX = path.join(H5_DIR, 'index.html');

/** Everything the H5 bundle is built from; a change in any of them triggers a rebuild. */
const BUILD_INPUTS = [
  'client/src',
  'client/config',
  'client/babel.config.js',
  'domain',
  'package.json',
  'package-lock.json',
].map((p) => path.join(ROOT, p));

/** Running child processes, stopped on SIGINT/SIGTERM. */
const children = new Set();
let shuttingDown = false;

// ---------------------------------------------------------------------------
// Build
// ---------------------------------------------------------------------------

async function mtimeMs(file) {
  try {
    return (await stat(file)).mtimeMs;
  } catch (err) {
    if (err.code === 'ENOENT') return undefined;
    throw err;
  }
}

/** Newest modification time of a file, or of any file under a directory. */
async function newestMtime(target) {
  let info;
  try {
    info = await stat(target);
  } catch (err) {
    if (err.code === 'ENOENT') return 0;
    throw err;
  }
  if (!info.isDirectory()) return info.mtimeMs;
  let newest = info.mtimeMs; // catches deleted files
  for (const entry of await readdir(target, { withFileTypes: true })) {
    if (entry.name === 'node_modules' || entry.name.startsWith('.')) continue;
    newest = Math.max(newest, await newestMtime(path.join(target, entry.name)));
  }
  return newest;
}

async function h5BuildIsStale() {
  const builtAt = await mtimeMs(H5_INDEX);
  if (builtAt === undefined) return true;
  for (const input of BUILD_INPUTS) {
    if ((await newestMtime(input)) > builtAt) return true;
  }
  return false;
}

function run(command, args) {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, {
      cwd: ROOT,
      stdio: 'inherit',
      // A production build, whatever NODE_ENV the caller has (jest sets `test`).
      env: { ...process.env, NODE_ENV: 'production' },
      shell: process.platform === 'win32', // npm is npm.cmd there
      // Own process group, so that shutdown() can stop npm *and* the taro/webpack
      // processes under it (killing npm alone would leave the build running).
      detached: process.platform !== 'win32',
    });
    children.add(child);
    child.on('error', (err) => {
      children.delete(child);
      reject(err);
    });
    child.on('exit', (code, signal) => {
      children.delete(child);
      if (code === 0) resolve();
      else reject(new Error(`${command} ${args.join(' ')} failed (${signal ?? `exit code ${code}`})`));
    });
  });
}

async function ensureH5Build() {
  const mode = process.env.H5_BUILD ?? 'auto';
  if (!['auto', 'always', 'never'].includes(mode)) {
    throw new Error(`H5_BUILD must be auto, always or never (got ${JSON.stringify(mode)})`);
  }
  if (mode === 'never' || (mode === 'auto' && !(await h5BuildIsStale()))) {
    if ((await mtimeMs(H5_INDEX)) === undefined) {
      throw new Error(`${path.relative(ROOT, H5_INDEX)} is missing; run \`npm run build:h5\``);
    }
    console.log(`[start] dist/h5 is up to date, skipping the build (H5_BUILD=always forces one)`);
    return;
  }
  console.log('[start] building the H5 app: npm run build:h5');
  const startedAt = Date.now();
  await run('npm', ['run', 'build:h5']);
  console.log(`[start] H5 build finished in ${((Date.now() - startedAt) / 1000).toFixed(1)}s`);
}

// ---------------------------------------------------------------------------
// The local stack (API, simulators, storage gateway, H5) in a TypeScript process
// ---------------------------------------------------------------------------

function startStackProcess() {
  const child = spawn(process.execPath, ['--import', 'tsx', path.join(ROOT, 'functions', 'local', 'main.ts')], {
    cwd: ROOT,
    stdio: 'inherit',
    env: process.env,
  });
  children.add(child);
  child.on('exit', (code, signal) => {
    children.delete(child);
    if (!shuttingDown) process.exit(code ?? (signal ? 1 : 0));
  });
}

// ---------------------------------------------------------------------------
// Main and shutdown
// ---------------------------------------------------------------------------

function stopChild(child, signal) {
  try {
    if (process.platform !== 'win32' && child.pid) process.kill(-child.pid, signal);
    else child.kill(signal);
  } catch (err) {
    if (err.code !== 'ESRCH') console.error('[start] could not stop the build:', err.message);
  }
}

function shutdown(signal) {
  if (shuttingDown) return;
  shuttingDown = true;
  console.log(`\n[start] ${signal} received, shutting down`);
  const waits = [];
  for (const child of children) {
    waits.push(new Promise((resolve) => child.once('exit', resolve)));
    stopChild(child, signal);
  }
  // Exit once everything has stopped, but do not hang on a stuck process or connection.
  setTimeout(() => process.exit(0), 3000).unref();
  Promise.all(waits).then(() => process.exit(0));
}

function parsePort(value) {
  const port = Number(value);
  if (!Number.isInteger(port) || port < 0 || port > 65535) {
    throw new Error(`PORT must be an integer between 0 and 65535 (got ${JSON.stringify(value)})`);
  }
  return port;
}

async function main() {
  process.on('SIGINT', () => shutdown('SIGINT'));
  process.on('SIGTERM', () => shutdown('SIGTERM'));

  parsePort(process.env.PORT ?? '3000'); // fail fast, before a long build

  await ensureH5Build();
  if (shuttingDown) return;
  startStackProcess();
}

main().catch((err) => {
  if (shuttingDown) return;
  console.error(`[start] ${err.message}`);
  process.exit(1);
});
