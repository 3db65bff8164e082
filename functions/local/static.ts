/**
 * Serves the built H5 app (dist/h5) beside the API: SPA fallback for paths
 * without an extension, long caching for hashed assets, no path traversal
 * (including through symlinks).
 */
import { createReadStream } from 'node:fs';
import { realpath, stat } from 'node:fs/promises';
import type { IncomingMessage, ServerResponse } from 'node:http';
import path from 'node:path';

const MIME_TYPES: Record<string, string> = {
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

function isInside(dir: string, file: string): boolean {
  return file === dir || file.startsWith(dir + path.sep);
}

type TResolved = { status: 200; file: string } | { status: 400 | 403 | 404 };

async function resolveStatic(root: string, urlPath: string): Promise<TResolved> {
  let decoded: string;
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
    if (path.extname(decoded) === '') return { status: 200, file: path.join(root, 'index.html') };
    return { status: 404 };
  }
  const real = await realpath(file);
  if (!isInside(root, real)) return { status: 403 };
  return { status: 200, file: real };
}

function sendText(res: ServerResponse, status: number, text: string): void {
  res.writeHead(status, { 'Content-Type': 'text/plain; charset=utf-8', 'Content-Length': Buffer.byteLength(text) });
  res.end(text);
}

export function createStaticHandler(dir: string): (req: IncomingMessage, res: ServerResponse) => Promise<void> {
  return async (req, res) => {
    res.setHeader('X-Content-Type-Options', 'nosniff');
    if (req.method !== 'GET' && req.method !== 'HEAD') {
      res.setHeader('Allow', 'GET, HEAD');
      return sendText(res, 405, 'Method Not Allowed\n');
    }
    const urlPath = new URL(req.url ?? '/', 'http://localhost').pathname;
    const root = await realpath(dir).catch(() => undefined);
    if (!root) return sendText(res, 404, 'H5 app not built: run `npm run build:h5`\n');
    const found = await resolveStatic(root, urlPath);
    if (found.status !== 200) {
      return sendText(res, found.status, `${{ 400: 'Bad Request', 403: 'Forbidden', 404: 'Not Found' }[found.status]}\n`);
    }
    const info = await stat(found.file).catch(() => undefined);
    if (!info?.isFile()) return sendText(res, 404, 'Not Found\n');
    const rel = path.relative(root, found.file).split(path.sep).join('/');
    const hashed = /^(js|css|static)\//.test(rel) && /\.[0-9a-f]{8,}\./.test(rel);
    res.writeHead(200, {
      'Content-Type': MIME_TYPES[path.extname(found.file).toLowerCase()] ?? 'application/octet-stream',
      'Content-Length': info.size,
      'Cache-Control': hashed ? 'public, max-age=31536000, immutable' : 'no-cache',
      'Last-Modified': info.mtime.toUTCString(),
    });
    if (req.method === 'HEAD') return void res.end();
    const stream = createReadStream(found.file);
    stream.on('error', () => res.destroy());
    stream.pipe(res);
  };
}
