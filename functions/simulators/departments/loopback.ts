/**
 * A loopback HTTP server that mounts simulators under their prefixes — for
 * tests (and scripts) that need real HTTP between an adapter and a simulator.
 * Paths outside every prefix answer 404.
 */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { TSimulator } from '../framework';

export interface TLoopback {
  /** `http://127.0.0.1:<port>` — append a simulator's prefix for its base URL. */
  origin: string;
  baseUrlOf(sim: TSimulator): string;
  server: Server;
  close(): Promise<void>;
}

export async function serveSimulators(...sims: TSimulator[]): Promise<TLoopback> {
  const server = createServer((req, res) => {
    const pathname = new URL(req.url ?? '/', 'http://loopback').pathname;
    const sim = sims.find((s) => pathname === s.prefix || pathname.startsWith(`${s.prefix}/`));
    if (!sim) {
      res.writeHead(404, { 'content-type': 'application/json; charset=utf-8' });
      res.end(JSON.stringify({ error: 'not found' }));
      return;
    }
    void sim.handle(req, res, pathname.slice(sim.prefix.length) || '/');
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  const origin = `http://127.0.0.1:${port}`;
  return {
    origin,
    baseUrlOf: (sim) => origin + sim.prefix,
    server,
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.closeAllConnections();
        server.close((error) => (error ? reject(error) : resolve()));
      }),
  };
}
