/**
 * Serving simulators over loopback HTTP: a request listener that hands each
 * request under a simulator's prefix to `sim.handle(req, res, subpath)`, and
 * a small server for tests and local runs.
 */
import http, { type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { TSimulator } from '../framework';

/** The simulator whose prefix `pathname` falls under, and the path below it. */
export function routeToSimulator(sims: readonly TSimulator[], pathname: string): { sim: TSimulator; subpath: string } | undefined {
  for (const sim of sims) {
    const prefix = sim.prefix.replace(/\/$/, '');
    if (pathname === prefix || pathname.startsWith(prefix + '/')) {
      return { sim, subpath: pathname.slice(prefix.length) || '/' };
    }
  }
  return undefined;
}

/**
 * Handles a request if it is for one of `sims`; returns false (having done
 * nothing) otherwise, so a server can fall through to its other routes.
 */
export async function handleSimulatorRequest(sims: readonly TSimulator[], req: IncomingMessage, res: ServerResponse): Promise<boolean> {
  const pathname = new URL(req.url ?? '/', 'http://loopback').pathname;
  const target = routeToSimulator(sims, pathname);
  if (!target) return false;
  await target.sim.handle(req, res, target.subpath);
  return true;
}

export interface TSimulatorServer {
  /** `http://127.0.0.1:<port>` */
  origin: string;
  /** Base URL of one simulator (origin + prefix), for an adapter's `baseUrl`. */
  baseUrlOf(sim: TSimulator): string;
  /** Requests received per simulator name, including those the switches answered. */
  hits: Map<string, number>;
  close(): Promise<void>;
}

/** Starts a loopback server (random port) serving `sims`. */
export async function startSimulatorServer(sims: readonly TSimulator[]): Promise<TSimulatorServer> {
  const hits = new Map<string, number>();
  const server = http.createServer((req, res) => {
    const pathname = new URL(req.url ?? '/', 'http://loopback').pathname;
    const target = routeToSimulator(sims, pathname);
    if (!target) {
      res.writeHead(404, { 'content-type': 'application/json; charset=utf-8' });
      res.end(JSON.stringify({ error: 'not found' }));
      return;
    }
    hits.set(target.sim.name, (hits.get(target.sim.name) ?? 0) + 1);
    void target.sim.handle(req, res, target.subpath);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  const origin = `http://127.0.0.1:${port}`;
  return {
    origin,
    baseUrlOf: (sim) => origin + sim.prefix,
    hits,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
