/**
 * `npm run bench:autofill` — a benchmark, not a test. The whole stack in a
 * separate process (scripts/bench/stack-child.ts; real Redis at REDIS_URL or
 * 127.0.0.1:6379 under a throw-away prefix), the shared-data simulators with
 * the latency `npm start` gives them (BENCH_SIM_LATENCY_MS, default 40 ms +
 * up to 20 ms jitter per call: 市监, 公安, 人社部 each), and HR users bound to
 * the dataset's enterprises. Measures over HTTP, BENCH_AUTOFILL_CONCURRENCY
 * (default 4) lookups at a time:
 *
 *   person cold      GET /api/autofill/person, first lookup of a person: cache miss → 公安, then 人社部
 *   person cached    the same people again (both answers cached)
 *   enterprise cold  GET /api/autofill/enterprise after the 市监 cache was cleared → 市监
 *   enterprise cached the same enterprises again
 *
 * Every lookup is also written to the person's access log and the ledger, as
 * in production. Rate limits are raised out of reach (see benchRateLimits). Options: BENCH_AUTOFILL_PEOPLE (default 300),
 * BENCH_AUTOFILL_ROUNDS (enterprise rounds, default 5).
 */
import { randomUUID } from 'node:crypto';
import { ENTERPRISES, PEOPLE } from '../functions/simulators/dataset';
import { ApiClient } from '../tests/integration/client';
import { benchRateLimits, emitResult, fmtMs, printTable, redisUp, seeded, summarize, type TLatencySummary } from './bench/common';
import { launchStack } from './bench/stack';

const PEOPLE_N = Number(process.env.BENCH_AUTOFILL_PEOPLE ?? 300);
const ROUNDS = Number(process.env.BENCH_AUTOFILL_ROUNDS ?? 5);
const CONCURRENCY = Number(process.env.BENCH_AUTOFILL_CONCURRENCY ?? 4);
const SIM_LATENCY = Number(process.env.BENCH_SIM_LATENCY_MS ?? 40);

/** Runs the tasks `CONCURRENCY` at a time; returns each one's latency (ms). */
async function timedAll<T>(items: readonly T[], fn: (item: T, worker: number) => Promise<void>): Promise<number[]> {
  const out: number[] = [];
  let next = 0;
  await Promise.all(
    Array.from({ length: CONCURRENCY }, async (_, w) => {
      while (next < items.length) {
        const item = items[next++]!;
        const t = performance.now();
        await fn(item, w);
        out.push(performance.now() - t);
      }
    }),
  );
  return out;
}

function shuffled<T>(list: readonly T[], seed: number): T[] {
  const random = seeded(seed);
  const a = [...list];
  for (let i = a.length - 1; i > 0; i--) {
    const j = Math.floor(random() * (i + 1));
    [a[i], a[j]] = [a[j]!, a[i]!];
  }
  return a;
}

async function main(): Promise<void> {
  const redisUrl = process.env.REDIS_URL ?? 'redis://127.0.0.1:6379';
  const useRedis = await redisUp(redisUrl);
  const stack = await launchStack({ ...(useRedis ? { redisUrl } : {}), keyPrefix: `benchautofill${Date.now().toString(36)}:`, simulatorLatencyMs: SIM_LATENCY, overrides: benchRateLimits() });
  try {
    const enterprises = ENTERPRISES.filter((e) => e.status === '存续');
    // one HR user per enterprise (auto-fill of an enterprise is for its own HR only)
    const users = await Promise.all(
      enterprises.map(async (e, i) => {
        const api = await new ApiClient(stack.baseUrl).login(`bench-autofill-${i}-${randomUUID()}`);
        const bound = await api.bindEnterprise(e.uscc);
        if (bound.status !== 200) throw new Error(`bind ${e.uscc}: ${bound.status} ${JSON.stringify(bound.body).slice(0, 300)}`);
        return { api, uscc: e.uscc };
      }),
    );
    const people = shuffled(
      PEOPLE.filter((p) => p.documentType === '01'),
      7,
    ).slice(0, PEOPLE_N);
    let failures = 0;
    let matched = 0;
    const failuresSeen: string[] = [];
    const personLookup = async (p: (typeof people)[number], w: number) => {
      const res = await users[w % users.length]!.api.get(`/api/autofill/person?idType=citizen_id&idNumber=${p.documentNumber}&name=${encodeURIComponent(p.name)}`);
      if (res.status !== 200) {
        failures++;
        if (failuresSeen.length < 5) failuresSeen.push(`person ${res.status} ${JSON.stringify(res.body).slice(0, 200)}`);
      } else if (res.body.values?.name) matched++;
    };
    const enterpriseLookup = async (u: (typeof users)[number]) => {
      const res = await u.api.get(`/api/autofill/enterprise?uscc=${u.uscc}`);
      if (res.status !== 200) {
        failures++;
        if (failuresSeen.length < 5) failuresSeen.push(`enterprise ${res.status} ${JSON.stringify(res.body).slice(0, 200)}`);
      }
    };

    // warm-up (JIT, connections): lookups of people and enterprises not measured below
    const spare = PEOPLE.filter((p) => p.documentType === '01' && !people.includes(p)).slice(0, 20);
    await timedAll(spare, personLookup);
    await timedAll(users.slice(0, 10), enterpriseLookup);

    // Redis round trips and commands per lookup, counted at the gateway (the stack is otherwise idle)
    const redis: Record<string, { roundTrips: number; commands: number; byCommand: Record<string, number>; serverCpuMs: number }> = {};
    const counted = async (key: string, n: number, fn: () => Promise<number[]>): Promise<number[]> => {
      const s0 = await stack.sample();
      const out = await fn();
      const s1 = await stack.sample();
      const [before, after] = [s0.gateway, s1.gateway];
      const prev = redis[key] ?? { roundTrips: 0, commands: 0, byCommand: {}, serverCpuMs: 0 };
      const per = n * ROUNDS_OF[key]!;
      const byCommand = { ...prev.byCommand };
      for (const [name, c] of Object.entries(after.byCommand)) {
        const d = (c - (before.byCommand[name] ?? 0)) / per;
        if (d > 0) byCommand[name] = Math.round(((byCommand[name] ?? 0) + d) * 100) / 100;
      }
      redis[key] = {
        roundTrips: prev.roundTrips + (after.requests - before.requests) / per,
        commands: prev.commands + (after.commands - before.commands) / per,
        byCommand,
        serverCpuMs: prev.serverCpuMs + (s1.cpuMs - s0.cpuMs) / per,
      };
      return out;
    };
    const ROUNDS_OF: Record<string, number> = { personCold: 1, personCached: 1, enterpriseCold: ROUNDS, enterpriseCached: ROUNDS };
    const personCold = await counted('personCold', people.length, () => timedAll(people, personLookup));
    const personCached = await counted('personCached', people.length, () => timedAll(shuffled(people, 11), personLookup));
    const enterpriseCold: number[] = [];
    const enterpriseCached: number[] = [];
    for (let r = 0; r < ROUNDS; r++) {
      await stack.clearCache('market');
      enterpriseCold.push(...(await counted('enterpriseCold', users.length, () => timedAll(shuffled(users, r), enterpriseLookup))));
      enterpriseCached.push(...(await counted('enterpriseCached', users.length, () => timedAll(shuffled(users, r + 100), enterpriseLookup))));
    }

    const figures: Record<'personCold' | 'personCached' | 'enterpriseCold' | 'enterpriseCached', TLatencySummary> = {
      personCold: summarize(personCold),
      personCached: summarize(personCached),
      enterpriseCold: summarize(enterpriseCold),
      enterpriseCached: summarize(enterpriseCached),
    };
    const target = { personCold: '≤ 300 ms', personCached: '≤ 50 ms', enterpriseCold: '≤ 300 ms', enterpriseCached: '≤ 50 ms' } as const;
    const label = { personCold: 'person, cold (公安 + 人社部)', personCached: 'person, cached', enterpriseCold: 'enterprise, cold (市监)', enterpriseCached: 'enterprise, cached' } as const;
    console.log(
      `\nbench:autofill — ${useRedis ? `Redis ${redisUrl}` : 'embedded backend'}, stack in its own process, shared-data simulators at ${SIM_LATENCY} ms + up to ${Math.round(SIM_LATENCY / 2)} ms jitter per call, ${CONCURRENCY} lookups at a time, ${new Date().toISOString()}\n`,
    );
    printTable(
      ['lookup', 'n', 'p50', 'p95', 'p99', 'max', 'p95 target', 'Redis round trips / commands', 'server CPU'],
      (Object.keys(figures) as (keyof typeof figures)[]).map((k) => [
        label[k],
        String(figures[k]!.n),
        fmtMs(figures[k]!.p50),
        fmtMs(figures[k]!.p95),
        fmtMs(figures[k]!.p99),
        fmtMs(figures[k]!.max),
        target[k],
        `${redis[k]!.roundTrips.toFixed(1)} / ${redis[k]!.commands.toFixed(1)}`,
        `${redis[k]!.serverCpuMs.toFixed(1)} ms`,
      ]),
    );
    console.log(`\nRedis commands per lookup (at the gateway): ${(Object.keys(figures) as (keyof typeof figures)[]).map((k) => `${label[k]} — ${Object.entries(redis[k]!.byCommand).filter(([, n]) => n >= 0.05).map(([c, n]) => `${c} ${n}`).join(', ')}`).join('; ')}`);
    console.log('(server CPU: CPU time of the stack process per lookup — gateway, Redis client, simulators included — less sensitive than wall time to the machine\'s load, though not immune)');
    console.log(`failed lookups: ${failures}; people matched by 公安: ${matched} of ${people.length * 2 + spare.length} person lookups`);
    if (failuresSeen.length) console.log(`  ${failuresSeen.join('\n  ')}`);
    emitResult('autofill', { simulatorLatencyMs: SIM_LATENCY, concurrency: CONCURRENCY, ...figures, redisPerLookup: redis, failures });
    if (failures) process.exitCode = 1;
  } finally {
    await stack.close();
  }
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
