/**
 * A small framework for the loopback simulators of external systems. Each
 * simulator is a set of JSON routes mounted under a prefix of the local
 * server (e.g. `/sim/market`), with switches for latency and failure that
 * tests and developers flip through `GET|POST <prefix>/_control`:
 *
 *   { "latencyMs": 0, "jitterMs": 0, "failureRate": 0, "down": false }
 *
 * `down` answers every call with 503; `failureRate` (0–1) answers that share
 * of calls with 500, chosen by a seeded generator so runs repeat. Simulators
 * are for development and tests only; production code reaches the real
 * systems through the same adapters with another base URL.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import { z } from 'zod';

export const ZSimSwitchesSchema = z.strictObject({
  latencyMs: z.number().int().min(0).max(60_000),
  jitterMs: z.number().int().min(0).max(60_000),
  failureRate: z.number().min(0).max(1),
  down: z.boolean(),
});
export type TSimSwitches = z.infer<typeof ZSimSwitchesSchema>;

export const DEFAULT_SWITCHES: TSimSwitches = { latencyMs: 0, jitterMs: 0, failureRate: 0, down: false };

export interface TSimRequest {
  method: string;
  /** Path below the prefix, e.g. `/enterprises/9115…`. */
  path: string;
  params: Record<string, string>;
  query: URLSearchParams;
  headers: IncomingMessage['headers'];
  body: unknown;
}

export interface TSimResponse {
  status?: number;
  body: unknown;
}

export type TSimHandler = (req: TSimRequest) => TSimResponse | Promise<TSimResponse>;

export interface TSimRoute {
  method: 'GET' | 'POST' | 'PUT' | 'DELETE';
  /** Express-style pattern below the prefix: `/enterprises/:uscc`. */
  pattern: string;
  handler: TSimHandler;
  /** Exempt from the switches (development helpers such as “authorize”). */
  control?: boolean;
}

export interface TSimulator {
  name: string;
  prefix: string;
  switches: TSimSwitches;
  /** Calls answered, by route pattern (for tests). */
  calls: Map<string, number>;
  handle(req: IncomingMessage, res: ServerResponse, path: string): Promise<void>;
  reset(): void;
}

/** A deterministic PRNG (mulberry32) so simulated failures repeat run to run. */
export function seededRandom(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296;
  };
}

function compile(pattern: string): { regex: RegExp; names: string[] } {
  const names: string[] = [];
  const source = pattern
    .split('/')
    .map((part) => {
      if (part.startsWith(':')) {
        names.push(part.slice(1));
        return '([^/]+)';
      }
      return part.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
    })
    .join('/');
  return { regex: new RegExp(`^${source}/?$`), names };
}

async function readBody(req: IncomingMessage): Promise<unknown> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req) {
    size += (chunk as Buffer).length;
    if (size > 1_048_576) throw Object.assign(new Error('payload too large'), { status: 413 });
    chunks.push(chunk as Buffer);
  }
  if (size === 0) return undefined;
  const text = Buffer.concat(chunks).toString('utf8');
  try {
    return JSON.parse(text);
  } catch {
    throw Object.assign(new Error('invalid JSON'), { status: 400 });
  }
}

function send(res: ServerResponse, status: number, body: unknown): void {
  const text = JSON.stringify(body ?? null);
  res.writeHead(status, { 'content-type': 'application/json; charset=utf-8', 'content-length': Buffer.byteLength(text) });
  res.end(text);
}

export function createSimulator(options: {
  name: string;
  prefix: string;
  routes: TSimRoute[];
  seed?: number;
  switches?: Partial<TSimSwitches>;
  onReset?: () => void;
}): TSimulator {
  const compiled = options.routes.map((r) => ({ ...r, ...compile(r.pattern) }));
  let random = seededRandom(options.seed ?? 20221227);
  const sim: TSimulator = {
    name: options.name,
    prefix: options.prefix,
    switches: { ...DEFAULT_SWITCHES, ...options.switches },
    calls: new Map(),
    reset() {
      sim.switches = { ...DEFAULT_SWITCHES, ...options.switches };
      sim.calls.clear();
      random = seededRandom(options.seed ?? 20221227);
      options.onReset?.();
    },
    async handle(req, res, path) {
      const url = new URL(req.url ?? '/', 'http://simulator');
      try {
        if (path === '/_control') {
          if (req.method === 'POST') {
            const patch = ZSimSwitchesSchema.partial().safeParse(await readBody(req));
            if (!patch.success) return send(res, 400, { error: 'invalid switches', issues: patch.error.issues });
            sim.switches = { ...sim.switches, ...patch.data };
          }
          return send(res, 200, { name: sim.name, switches: sim.switches, calls: Object.fromEntries(sim.calls) });
        }
        if (path === '/_reset' && req.method === 'POST') {
          sim.reset();
          return send(res, 200, { ok: true });
        }
        const route = compiled.find((r) => r.method === req.method && r.regex.test(path));
        if (!route) {
          const anyMethod = compiled.some((r) => r.regex.test(path));
          return send(res, anyMethod ? 405 : 404, { error: anyMethod ? 'method not allowed' : 'not found' });
        }
        if (!route.control) {
          const { latencyMs, jitterMs, failureRate, down } = sim.switches;
          const delay = latencyMs + (jitterMs ? Math.floor(random() * jitterMs) : 0);
          if (delay > 0) await new Promise((r) => setTimeout(r, delay));
          if (down) return send(res, 503, { error: `${sim.name} 系统维护中` });
          if (failureRate > 0 && random() < failureRate) return send(res, 500, { error: `${sim.name} 内部错误（模拟）` });
        }
        const match = route.regex.exec(path)!;
        const params = Object.fromEntries(route.names.map((n, i) => [n, decodeURIComponent(match[i + 1]!)]));
        const body = await readBody(req);
        sim.calls.set(`${route.method} ${route.pattern}`, (sim.calls.get(`${route.method} ${route.pattern}`) ?? 0) + 1);
        const out = await route.handler({ method: req.method!, path, params, query: url.searchParams, headers: req.headers, body });
        send(res, out.status ?? 200, out.body);
      } catch (error) {
        const status = (error as { status?: number }).status ?? 500;
        send(res, status, { error: (error as Error).message });
      }
    },
  };
  return sim;
}
