/**
 * The whole stack in a process of its own, for the benchmarks that put load
 * on it (`bench:load`, `bench:autofill`): the load generator then does not
 * share this event loop. Started by `launchStack()` (./stack.ts) with
 * `child_process.fork` and driven over IPC:
 *
 *   → { id, op: 'sample' }          ← memory (RSS, heap), CPU time used, event-loop delay, gateway counters
 *   → { id, op: 'count', usccs }    ← applications stored per enterprise and their items' states (from the store)
 *   → { id, op: 'theme' }           ← the 主题库 export: lag of every event accepted by the simulator, backlog
 *   → { id, op: 'clearCache', source } deletes the auto-fill cache of one source (cold lookups)
 *   → { id, op: 'close' }           ← stops everything, deletes every key under the prefix
 *
 * Options come from the environment: BENCH_REDIS_URL (a real Redis; else the
 * embedded backend), BENCH_KEY_PREFIX, BENCH_SIM_LATENCY_MS (the shared-data
 * simulators' latency; 0 = none), BENCH_OVERRIDES (JSON: variables of
 * functions/env.ts, e.g. generous rate limits).
 */
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { monitorEventLoopDelay } from 'node:perf_hooks';
import { ITEM_CATALOG } from '../../domain';
import { logger } from '../../functions/lib/logger';
import { startStack } from '../../functions/local/stack';
import { deleteByPattern } from '../../functions/storage/testing';
import { themeDbHealth } from '../../functions/theme-db/health';

type TRequest = { id: number; op: 'sample' | 'count' | 'theme' | 'clearCache' | 'close'; usccs?: string[]; source?: string };

async function main(): Promise<void> {
  logger.configure({ level: 'error' });
  const keyPrefix = process.env.BENCH_KEY_PREFIX ?? `benchstack${Date.now().toString(36)}:`;
  const blobDir = mkdtempSync(path.join(os.tmpdir(), 'bench-blobs-'));
  const overrides = JSON.parse(process.env.BENCH_OVERRIDES ?? '{}') as Record<string, string>;
  const stack = await startStack({
    ...(process.env.BENCH_REDIS_URL ? { redisUrl: process.env.BENCH_REDIS_URL } : {}),
    keyPrefix,
    blobDir,
    simulatorLatencyMs: Number(process.env.BENCH_SIM_LATENCY_MS ?? 0),
    // the card and certificate are made fast and polled every second, so that every item is done within the run
    cardStageMs: 100,
    certificateDelayMs: 200,
    pollSeconds: 1,
    overrides,
  });
  const loop = monitorEventLoopDelay({ resolution: 10 });
  loop.enable();

  const handle = async (req: TRequest): Promise<unknown> => {
    switch (req.op) {
      case 'sample': {
        const m = process.memoryUsage();
        const sample = {
          rss: m.rss,
          heapUsed: m.heapUsed,
          heapTotal: m.heapTotal,
          external: m.external,
          cpuMs: (() => {
            const c = process.cpuUsage();
            return (c.user + c.system) / 1000;
          })(),
          loopDelayP99Ms: loop.percentile(99) / 1e6,
          loopDelayMaxMs: loop.max / 1e6,
          gateway: { ...stack.gateway.stats },
        };
        loop.reset();
        return sample;
      }
      case 'count': {
        const codes = ITEM_CATALOG.map((i) => i.code);
        const perEnterprise: Record<string, number> = {};
        const states: Record<string, Record<string, number>> = Object.fromEntries(codes.map((c) => [c, {}]));
        let stored = 0;
        for (const uscc of req.usccs ?? []) {
          let cursor: number | undefined;
          let n = 0;
          do {
            const page = await stack.deps.store.listIds('ent', uscc, 500, cursor);
            const st = await stack.deps.store.states(page.ids);
            for (const id of page.ids) for (const c of codes) states[c]![st[id]![c]] = (states[c]![st[id]![c]] ?? 0) + 1;
            n += page.ids.length;
            cursor = page.next;
          } while (cursor !== undefined);
          perEnterprise[uscc] = n;
          stored += n;
        }
        return { stored, perEnterprise, states };
      }
      case 'theme': {
        const received = stack.simulators.themeDb.received();
        const lags = received.map((e) => Date.parse(e.receivedAt) - Date.parse(e.at)).filter(Number.isFinite);
        return { received: received.length, lagsMs: lags, health: await themeDbHealth(stack.deps) };
      }
      case 'clearCache': {
        await deleteByPattern(stack.backend, `${keyPrefix}cache:${req.source ?? '*'}:*`);
        return { ok: true };
      }
      case 'close': {
        await stack.close().catch(() => undefined);
        // the stack closed its backend: delete the keys through a fresh connection
        if (process.env.BENCH_REDIS_URL) {
          const { createRedisBackend } = await import('../../functions/storage/backends/redis');
          const backend = createRedisBackend(process.env.BENCH_REDIS_URL);
          await deleteByPattern(backend, `${keyPrefix}*`);
          await backend.close();
        }
        rmSync(blobDir, { recursive: true, force: true });
        return { ok: true };
      }
    }
  };

  process.on('message', (req: TRequest) => {
    handle(req).then(
      (result) => {
        process.send!({ id: req.id, result }, () => {
          if (req.op === 'close') process.exit(0);
        });
      },
      (error: Error) => process.send!({ id: req.id, error: error.stack ?? String(error) }),
    );
  });
  // the parent went away without closing: still delete the keys
  process.on('disconnect', () => void handle({ id: 0, op: 'close' }).finally(() => process.exit(0)));
  process.send!({ ready: true, baseUrl: stack.baseUrl, keyPrefix, pid: process.pid });
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
