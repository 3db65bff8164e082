/**
 * A loopback HTTP server that mounts simulators under their prefixes — for
 * tests and scripts that need real HTTP between an adapter and a simulator
 * (the local server in functions/local mounts them the same way). Paths
 * outside every prefix answer 404.
 */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { TSimulator } from './framework';

/** The simulator whose prefix covers `pathname`, and the path below it. */
export function routeToSimulator(sims: readonly TSimulator[], pathname: string): { sim: TSimulator; subpath: string } | undefined {
  const sim = sims.find((s) => pathname === s.prefix || pathname.startsWith(`${s.prefix}/`));
  return sim ? { sim, subpath: pathname.slice(sim.prefix.length) || '/' } : undefined;
}

export interface TLoopback {
  /** `http://127.0.0.1:<port>` — append a simulator's prefix for its base URL. */
  origin: string;
  baseUrlOf(sim: TSimulator): string;
  server: Server;
  close(): Promise<void>;
}

export async function serveSimulators(...sims: TSimulator[]): Promise<TLoopback> {
  const server = createServer((req, res) => {
    const target = routeToSimulator(sims, new URL(req.url ?? '/', 'http://loopback').pathname);
    if (!target) {
      res.writeHead(404, { 'content-type': 'application/json; charset=utf-8' });
      res.end(JSON.stringify({ error: 'not found' }));
      return;
    }
    void target.sim.handle(req, res, target.subpath);
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
