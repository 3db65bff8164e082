/**
 * The gateway's HTTP surface, byte for byte: status codes, error bodies,
 * base64 encoding, limits, mounting under a prefix, stats. Runs on the
 * memory backend (fast); gateway.test.ts covers both backends.
 */
import { createServer, request, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { StorageUnavailableError } from '../errors';
import { createMemoryBackend } from '../backends/memory';
import type { TBackend } from '../backends/types';
import { createRedisClient } from '../redis';
import { startTestStore, type TTestStore } from '../testing';
import { createGateway } from './gateway';
import { startGatewayServer } from './server';

const b64 = (s: string) => Buffer.from(s, 'utf8').toString('base64');

let store: TTestStore;
const post = (path: string, body: unknown, headers: Record<string, string> = {}) =>
  fetch(store.url + path, {
    method: 'POST',
    headers: { authorization: `Bearer ${store.token}`, 'content-type': 'application/json', ...headers },
    body: typeof body === 'string' ? body : JSON.stringify(body),
  });

beforeAll(async () => {
  store = await startTestStore({ backend: 'memory' });
});
afterAll(() => store.close());
beforeEach(() => store.gateway.resetStats());

describe('authorization', () => {
  test.each([
    ['no header', {}],
    ['a wrong token', { authorization: 'Bearer not-the-token' }],
    ['another scheme', { authorization: 'Basic dXNlcjpwYXNz' }],
    ['a bare token', { authorization: 'x' }],
  ])('%s → 401 { error: "Unauthorized" }', async (_name, headers) => {
    const res = await fetch(store.url, { method: 'POST', headers, body: JSON.stringify(['PING']) });
    expect(res.status).toBe(401);
    expect(await res.json()).toEqual({ error: 'Unauthorized' });
  });

  test('refused requests are counted, their commands are not', async () => {
    await fetch(store.url, { method: 'POST', body: JSON.stringify(['PING']) });
    expect(store.gateway.stats).toMatchObject({ requests: 1, rejected: 1, commands: 0, byCommand: {} });
  });
});

describe('routes', () => {
  test('an unknown path is 404, GET is 405', async () => {
    expect((await post('/subscribe/news', ['x'])).status).toBe(404);
    const get = await fetch(`${store.url}/pipeline`, { headers: { authorization: `Bearer ${store.token}` } });
    expect(get.status).toBe(405);
    expect((await get.json()).error).toMatch(/POST/);
  });

  test('a trailing slash is the same endpoint', async () => {
    const res = await post('/pipeline/', [['PING']]);
    expect(await res.json()).toEqual([{ result: 'PONG' }]);
  });

  test('Upstash-Response-Format other than json is refused', async () => {
    expect((await post('/', ['PING'], { 'upstash-response-format': 'resp2' })).status).toBe(400);
    expect((await post('/', ['PING'], { 'upstash-response-format': 'json' })).status).toBe(200);
  });

  test('GET /_health answers without a token', async () => {
    const res = await fetch(`${store.url}/_health`);
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ ok: true });
  });
});

describe('response encoding', () => {
  test('without Upstash-Encoding results are plain JSON', async () => {
    expect(await (await post('/', ['ECHO', '你好 🎉'])).json()).toEqual({ result: '你好 🎉' });
  });

  test('with Upstash-Encoding: base64 every string is base64, recursively; numbers and nil are not', async () => {
    const k = `${store.prefix}enc`;
    const res = await post(
      '/pipeline',
      [['SET', k, 'OK'], ['GET', k], ['MGET', k, `${store.prefix}missing`], ['INCR', `${store.prefix}n`], ['EVAL', 'return {1, "OK", {"张"}}', 0], ['GET', `${store.prefix}missing`]],
      { 'upstash-encoding': 'base64' },
    );
    expect(await res.json()).toEqual([
      { result: 'OK' }, // a top-level OK is left alone, as Upstash does,
      { result: 'OK' }, // and so is a stored "OK" (ioredis cannot tell them apart); the client reads both as "OK"
      { result: [b64('OK'), null] },
      { result: 1 },
      { result: [1, b64('OK'), [b64('张')]] },
      { result: null },
    ]);
  });

  test('numbers in arguments arrive as their decimal text', async () => {
    const k = `${store.prefix}num`;
    await post('/', ['SET', k, 1.5]);
    expect(await (await post('/', ['GET', k])).json()).toEqual({ result: '1.5' });
    await post('/', ['SET', k, true]);
    expect(await (await post('/', ['GET', k])).json()).toEqual({ result: 'true' });
  });
});

describe('body limit', () => {
  test('a body over 10 MB is 413', async () => {
    const res = await post('/', ['SET', 'k', 'x'.repeat(10 * 1024 * 1024)]);
    expect(res.status).toBe(413);
    expect((await res.json()).error).toMatch(/exceeds/);
    expect(store.gateway.stats.rejected).toBe(1);
  });

  test('a chunked body that grows over the limit is 413 too', async () => {
    const gateway = createGateway({ backend: store.backend, token: 't', maxBodyBytes: 1_000 });
    const server = createServer((req, res) => void gateway.handle(req, res, req.url ?? '/'));
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    const { port } = server.address() as AddressInfo;
    const status = await new Promise<number>((resolve, reject) => {
      const req = request({ host: '127.0.0.1', port, method: 'POST', path: '/', headers: { authorization: 'Bearer t' } }, (res) => {
        res.resume();
        resolve(res.statusCode ?? 0);
      });
      req.on('error', reject);
      req.write(`["SET","k","${'x'.repeat(800)}`);
      req.end(`${'y'.repeat(800)}"]`);
    });
    expect(status).toBe(413);
    server.closeAllConnections();
    await new Promise((r) => server.close(r));
  });
});

describe('mounting and failures', () => {
  async function serve(backend: TBackend, mount = ''): Promise<{ server: Server; url: string; gateway: ReturnType<typeof createGateway> }> {
    const gateway = createGateway({ backend, token: 'mounted-token-0123456789', onError: () => undefined });
    const server = createServer((req, res) => {
      const path = new URL(req.url ?? '/', 'http://x').pathname;
      if (!path.startsWith(mount)) return void res.writeHead(404).end();
      void gateway.handle(req, res, path.slice(mount.length) || '/');
    });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    return { server, url: `http://127.0.0.1:${(server.address() as AddressInfo).port}${mount}`, gateway };
  }
  const stop = (server: Server) => {
    server.closeAllConnections();
    return new Promise((r) => server.close(r));
  };

  test('works mounted under a prefix of another server', async () => {
    const backend = createMemoryBackend();
    const { server, url, gateway } = await serve(backend, '/storage');
    const redis = createRedisClient({ url, token: 'mounted-token-0123456789' });
    await redis.set('mounted', '挂载');
    expect(await redis.get('mounted')).toBe('挂载');
    expect(await redis.pipeline().incr('n').incr('n').exec()).toEqual([1, 2]);
    expect(gateway.stats.byEndpoint).toEqual({ command: 0, pipeline: 3, multiExec: 0 });
    await stop(server);
    await backend.close();
  });

  test('an unreachable Redis is 503 (retry later); a bug is 500', async () => {
    const failing = (error: Error): TBackend => ({
      kind: 'redis',
      command: () => Promise.reject(error),
      pipeline: () => Promise.reject(error),
      multiExec: () => Promise.reject(error),
      close: () => Promise.resolve(),
    });
    for (const [error, status] of [
      [new StorageUnavailableError('connect ECONNREFUSED'), 503],
      [new TypeError('boom'), 500],
    ] as const) {
      const { server, url } = await serve(failing(error));
      for (const path of ['', '/pipeline']) {
        const res = await fetch(url + path, {
          method: 'POST',
          headers: { authorization: 'Bearer mounted-token-0123456789' },
          body: JSON.stringify(path ? [['GET', 'k']] : ['GET', 'k']),
        });
        expect(res.status).toBe(status);
        expect((await res.json()).error).toMatch(status === 503 ? /retry later/ : /internal/);
      }
      await stop(server);
    }
  });

  test('startGatewayServer reports 503 health when the backend is down', async () => {
    const backend = createMemoryBackend();
    const server = await startGatewayServer({ backend, token: 'health-token-0123456789' });
    await backend.close();
    expect((await fetch(`${server.url}/_health`)).status).toBe(503);
    await server.close();
  });
});

describe('stats', () => {
  test('counts round trips, commands, names and endpoints; reset zeroes them in place', async () => {
    const stats = store.gateway.stats;
    const [a, b, c] = ['a', 'b', 'c'].map((k) => store.prefix + k) as [string, string, string];
    await post('/', ['set', a, '1']);
    await post('/pipeline', [['GET', a], ['get', b], ['Incr', c]]);
    await post('/multi-exec', [['DEL', a, b, c]]);
    expect(stats).toEqual({
      requests: 3,
      commands: 5,
      byCommand: { SET: 1, GET: 2, INCR: 1, DEL: 1 },
      byEndpoint: { command: 1, pipeline: 1, multiExec: 1 },
      rejected: 0,
    });
    store.gateway.resetStats();
    expect(stats).toMatchObject({ requests: 0, commands: 0, byCommand: {}, rejected: 0 });
    expect(store.gateway.stats).toBe(stats);
  });
});
