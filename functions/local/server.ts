/**
 * The local server: every handler of functions/api behind one node:http
 * server (instead of `vercel dev`, which needs a login and the internet), plus
 * what a developer machine lacks — the simulators under /sim, the storage
 * gateway under /_redis — and the H5 app for everything else.
 */
import http, { type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { VercelRequest, VercelResponse } from '@vercel/node';
import { AppError } from '../../domain';
import { sendError, type THandler } from '../lib/handler';
import { logger } from '../lib/logger';
import { matchRoute } from '../routes';
import { BodyTooLargeError, readBody, toVercelRequest, toVercelResponse } from './vercel-adapter';

export interface TMount {
  prefix: string;
  handle(req: IncomingMessage, res: ServerResponse, path: string): Promise<void>;
}

export interface TLocalServerOptions {
  /** Mounted before the API: simulators (`/sim/...`) and the gateway (`/_redis`). */
  mounts?: TMount[];
  /** Everything else (the H5 app). */
  fallback?: (req: IncomingMessage, res: ServerResponse) => Promise<void>;
  /** Loads a handler module by its name in the route table. */
  loadHandler?: (name: string) => Promise<THandler>;
}

const handlerCache = new Map<string, Promise<THandler>>();

export function defaultLoadHandler(name: string): Promise<THandler> {
  let loaded = handlerCache.get(name);
  if (!loaded) {
    loaded = import(`../api/${name}`).then((m: { default: THandler }) => m.default);
    handlerCache.set(name, loaded);
  }
  return loaded;
}

export function createLocalServer(options: TLocalServerOptions = {}): Server {
  const load = options.loadHandler ?? defaultLoadHandler;
  const server = http.createServer((req, res) => {
    handle(req, res).catch((error) => {
      logger.error('local server error', { error });
      if (!res.headersSent) res.writeHead(500, { 'content-type': 'application/json' }).end('{"error":{"code":"INTERNAL"}}');
      else res.destroy();
    });
  });
  // A request Node refuses before any handler runs (a head over 16 KB, a malformed request line):
  // answer in our error shape with a Chinese message instead of Node's bare status line.
  server.on('clientError', (error: NodeJS.ErrnoException, socket) => {
    if (!socket.writable || (socket as { _httpMessage?: unknown })._httpMessage) return void socket.destroy();
    const tooLarge = error.code === 'HPE_HEADER_OVERFLOW';
    const status = tooLarge ? 431 : 400;
    const body = JSON.stringify(new AppError('BAD_REQUEST', tooLarge ? { message: '请求头过大（超过 16 KB），请缩短网址或请求头' } : {}).toBody());
    socket.end(`HTTP/1.1 ${status} ${tooLarge ? 'Request Header Fields Too Large' : 'Bad Request'}\r\ncontent-type: application/json; charset=utf-8\r\ncontent-length: ${Buffer.byteLength(body)}\r\nconnection: close\r\n\r\n${body}`);
  });
  return server;

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const pathname = new URL(req.url ?? '/', 'http://local').pathname;
    for (const mount of options.mounts ?? []) {
      if (pathname === mount.prefix || pathname.startsWith(mount.prefix + '/')) {
        return mount.handle(req, res, pathname.slice(mount.prefix.length) || '/');
      }
    }
    if (pathname === '/api' || pathname.startsWith('/api/')) return api(req, res, pathname);
    if (options.fallback) return options.fallback(req, res);
    res.writeHead(404).end();
  }

  async function api(req: IncomingMessage, res: ServerResponse, pathname: string): Promise<void> {
    const vres = toVercelResponse(res);
    res.setHeader('cache-control', 'no-store');
    const match = matchRoute(pathname);
    if (!match) return sendError(vres, new AppError('NOT_FOUND', { message: '接口不存在' }));
    let raw: Buffer;
    try {
      raw = await readBody(req);
    } catch (error) {
      if (error instanceof BodyTooLargeError) {
        res.setHeader('connection', 'close');
        return sendError(vres, new AppError('PAYLOAD_TOO_LARGE', { message: '提交的内容超过 1 MB' }));
      }
      throw error;
    }
    const vreq: VercelRequest = toVercelRequest(req, raw, match.params);
    const handler = await load(match.route.handler);
    const started = Date.now();
    await handler(vreq, vres as VercelResponse);
    logger.debug('api', { method: req.method, path: match.route.path, status: res.statusCode, ms: Date.now() - started });
  }
}

export function listen(server: Server, port: number, host: string): Promise<number> {
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => {
      server.off('error', reject);
      const address = server.address();
      resolve(typeof address === 'object' && address ? address.port : port);
    });
  });
}

/** A loopback port free right now (for a process that must know its port before it starts: `npm run serve` instances, tests). */
export function freePort(host = '127.0.0.1'): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = http.createServer();
    probe.once('error', reject);
    probe.listen(0, host, () => {
      const address = probe.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      probe.close(() => resolve(port));
    });
  });
}
