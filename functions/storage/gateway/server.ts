/**
 * A node:http server with only the gateway on it, for the standalone
 * process (`main.ts`) and for tests (`../testing.ts`). It also answers
 * `GET /_health` without a token: 200 `{ ok: true }` when Redis answers
 * PING, 503 otherwise — for the 政务云 load balancer.
 */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { TBackend } from '../backends/types';
import { createGateway, type TGateway } from './gateway';

export interface TGatewayServer {
  /** `http://host:port` — the `UPSTASH_REDIS_REST_URL` for clients. */
  url: string;
  gateway: TGateway;
  server: Server;
  /** Stops accepting, drops idle keep-alive connections; the backend stays open. */
  close(): Promise<void>;
}

export async function startGatewayServer(options: {
  backend: TBackend;
  token: string;
  host?: string;
  /** 0 (default) picks a free port. */
  port?: number;
  onError?: (error: unknown) => void;
}): Promise<TGatewayServer> {
  const { backend } = options;
  const gateway = createGateway({ backend, token: options.token, onError: options.onError });
  const server = createServer((req, res) => {
    const path = new URL(req.url ?? '/', 'http://gateway').pathname;
    if (path === '/_health' && req.method === 'GET') {
      backend.command(['PING']).then(
        () => res.writeHead(200, { 'content-type': 'application/json' }).end('{"ok":true}'),
        () => res.writeHead(503, { 'content-type': 'application/json' }).end('{"ok":false}'),
      );
      return;
    }
    void gateway.handle(req, res, path);
  });
  server.keepAliveTimeout = 65_000;
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, options.host ?? '127.0.0.1', () => {
      server.off('error', reject);
      resolve();
    });
  });
  const address = server.address() as AddressInfo;
  const host = address.family === 'IPv6' ? `[${address.address}]` : address.address;
  return {
    url: `http://${host}:${address.port}`,
    gateway,
    server,
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.close((error) => (error ? reject(error) : resolve()));
        server.closeAllConnections();
      }),
  };
}
