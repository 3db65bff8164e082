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
import { createReadStream } from 'node:fs';
import { readdir, realpath, stat } from 'node:fs/promises';
import http from 'node:http';
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

const MIME_TYPES = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.map': 'application/json; charset=utf-8',
  '.txt': 'text/plain; charset=utf-8',
  '.png': 'image/png',
  '.jpg': 'image/jpeg',
  '.jpeg': 'image/jpeg',
  '.gif': 'image/gif',
  '.webp': 'image/webp',
  '.svg': 'image/svg+xml',
  '.ico': 'image/x-icon',
  '.woff': 'font/woff',
  '.woff2': 'font/woff2',
  '.ttf': 'font/ttf',
};

/** Running child processes and servers, stopped on SIGINT/SIGTERM. */
const children = new Set();
const servers = [];
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
// Static server for dist/h5
// ---------------------------------------------------------------------------

function isInside(dir, file) {
  return file === dir || file.startsWith(dir + path.sep);
}

/** The file to serve for a URL path, or undefined (404). Never leaves `root`. */
async function resolveStatic(root, urlPath) {
  let decoded;
  try {
    decoded = decodeURIComponent(urlPath);
  } catch {
    return { status: 400 };
  }
  if (decoded.includes('\0')) return { status: 400 };

  const candidate = path.resolve(root, '.' + path.posix.normalize('/' + decoded));
  if (!isInside(root, candidate)) return { status: 403 };

  let file = candidate;
  let info = await stat(file).catch(() => undefined);
  if (info?.isDirectory()) {
    file = path.join(file, 'index.html');
    info = await stat(file).catch(() => undefined);
  }
  if (!info?.isFile()) {
    // SPA fallback: client-side routes (/pages/index/index) have no extension.
    if (path.extname(decoded) === '') return { status: 200, file: path.join(root, 'index.html'), spa: true };
    return { status: 404 };
  }
  // Symlinks must not lead out of the root either.
  const real = await realpath(file);
  if (!isInside(root, real)) return { status: 403 };
  return { status: 200, file: real };
}

function sendText(res, status, text) {
  res.writeHead(status, { 'Content-Type': 'text/plain; charset=utf-8', 'Content-Length': Buffer.byteLength(text) });
  res.end(text);
}

function createStaticHandler(dir) {
  return async (req, res) => {
    res.setHeader('X-Content-Type-Options', 'nosniff');
    if (req.method !== 'GET' && req.method !== 'HEAD') {
      res.setHeader('Allow', 'GET, HEAD');
      sendText(res, 405, 'Method Not Allowed\n');
      return;
    }
    let urlPath;
    try {
      urlPath = new URL(req.url ?? '/', 'http://localhost').pathname;
    } catch {
      sendText(res, 400, 'Bad Request\n');
      return;
    }

    const root = await realpath(dir);
    const found = await resolveStatic(root, urlPath);
    if (found.status !== 200) {
      const text = { 400: 'Bad Request', 403: 'Forbidden', 404: 'Not Found' }[found.status];
      sendText(res, found.status, `${text}\n`);
      return;
    }

    const info = await stat(found.file).catch(() => undefined);
    if (!info?.isFile()) {
      sendText(res, 404, 'Not Found\n');
      return;
    }
    const ext = path.extname(found.file).toLowerCase();
    const rel = path.relative(root, found.file).split(path.sep).join('/');
    // Webpack output under js/, css/ and static/ carries a content hash in its name.
    const hashed = /^(js|css|static)\//.test(rel) && /\.[0-9a-f]{8,}\./.test(rel);
    res.writeHead(200, {
      'Content-Type': MIME_TYPES[ext] ?? 'application/octet-stream',
      'Content-Length': info.size,
      'Cache-Control': hashed ? 'public, max-age=31536000, immutable' : 'no-cache',
      'Last-Modified': info.mtime.toUTCString(),
    });
    if (req.method === 'HEAD') {
      res.end();
      return;
    }
    const stream = createReadStream(found.file);
    stream.on('error', () => res.destroy());
    stream.pipe(res);
  };
}

function listen(server, port, host) {
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => {
      server.off('error', reject);
      resolve();
    });
  });
}

function displayUrl(host, port) {
  const shown = host === '0.0.0.0' || host === '::' ? 'localhost' : host.includes(':') ? `[${host}]` : host;
  return `http://${shown}:${port}/`;
}

async function startWeb({ port, host }) {
  const handler = createStaticHandler(H5_DIR);
  const server = http.createServer((req, res) => {
    handler(req, res).catch((err) => {
      console.error('[web]', err);
      if (!res.headersSent) sendText(res, 500, 'Internal Server Error\n');
      else res.destroy();
    });
  });
  await listen(server, port, host);
  servers.push(server);
  const where = host === '0.0.0.0' || host === '::' ? ' (all interfaces)' : '';
  console.log(`[web] serving dist/h5 at ${displayUrl(host, port)}${where}`);
  return server;
}

// The API server will be started here as well, e.g.:
//   async function startApi({ port, host }) { ... servers.push(apiServer); }
// and called from main() after startWeb().

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
  for (const server of servers) {
    waits.push(new Promise((resolve) => server.close(() => resolve())));
    server.closeAllConnections();
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

  const port = parsePort(process.env.PORT ?? '3000');
  const host = process.env.HOST || '127.0.0.1';

  await ensureH5Build();
  if (shuttingDown) return;
  await startWeb({ port, host });
  // await startApi({ port: apiPort, host });
}

main().catch((err) => {
  if (shuttingDown) return;
  console.error(`[start] ${err.message}`);
  process.exit(1);
});
