/**
 * Starts the whole stack as a separate process (./stack-child.ts, run with
 * tsx's loader) and talks to it over IPC: the load generator and the server
 * then have an event loop each, as a client and a server would.
 */
import { fork, type ChildProcess } from 'node:child_process';
import path from 'node:path';

export interface TStackSample {
  rss: number;
  heapUsed: number;
  heapTotal: number;
  external: number;
  /** CPU time the stack's process has used (user + system), ms. */
  cpuMs: number;
  loopDelayP99Ms: number;
  loopDelayMaxMs: number;
  gateway: { requests: number; commands: number; byCommand: Record<string, number> };
}

export interface TStackCount {
  stored: number;
  perEnterprise: Record<string, number>;
  /** item code → state → how many applications. */
  states: Record<string, Record<string, number>>;
}

export interface TChildStack {
  baseUrl: string;
  keyPrefix: string;
  pid: number;
  sample(): Promise<TStackSample>;
  count(usccs: string[]): Promise<TStackCount>;
  theme(): Promise<{ received: number; lagsMs: number[]; health: { backlog: number; lag: { p50Ms: number | null; p99Ms: number | null; samples: number } } }>;
  clearCache(source: string): Promise<void>;
  close(): Promise<void>;
}

export async function launchStack(options: { redisUrl?: string; keyPrefix: string; simulatorLatencyMs?: number; overrides?: Record<string, string> }): Promise<TChildStack> {
  const child: ChildProcess = fork(path.join(__dirname, 'stack-child.ts'), [], {
    execArgv: ['--import', 'tsx'],
    env: {
      ...process.env,
      ...(options.redisUrl ? { BENCH_REDIS_URL: options.redisUrl } : {}),
      BENCH_KEY_PREFIX: options.keyPrefix,
      BENCH_SIM_LATENCY_MS: String(options.simulatorLatencyMs ?? 0),
      BENCH_OVERRIDES: JSON.stringify(options.overrides ?? {}),
    },
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
  });
  let next = 1;
  const waiting = new Map<number, { resolve: (v: any) => void; reject: (e: Error) => void }>();
  const ready = new Promise<{ baseUrl: string; keyPrefix: string; pid: number }>((resolve, reject) => {
    child.on('message', (msg: any) => {
      if (msg.ready) return resolve(msg);
      const w = waiting.get(msg.id);
      if (!w) return;
      waiting.delete(msg.id);
      if (msg.error) w.reject(new Error(`stack: ${msg.error}`));
      else w.resolve(msg.result);
    });
    child.once('exit', (code) => {
      const error = new Error(`the stack process exited (${code})`);
      reject(error);
      for (const w of waiting.values()) w.reject(error);
      waiting.clear();
    });
  });
  const call = <T>(op: string, extra: object = {}): Promise<T> =>
    new Promise<T>((resolve, reject) => {
      const id = next++;
      waiting.set(id, { resolve, reject });
      child.send({ id, op, ...extra });
    });
  const info = await ready;
  return {
    ...info,
    sample: () => call('sample'),
    count: (usccs) => call('count', { usccs }),
    theme: () => call('theme'),
    clearCache: (source) => call('clearCache', { source }),
    close: async () => {
      const exited = new Promise((r) => child.once('exit', r));
      await call('close').catch(() => undefined);
      await Promise.race([exited, new Promise((r) => setTimeout(r, 5_000))]);
      if (child.exitCode === null) child.kill('SIGTERM');
    },
  };
}
