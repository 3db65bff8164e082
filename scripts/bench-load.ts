/**
 * `npm run bench:load` — a load test on loopback, not a test suite. Starts the
 * whole stack as a SEPARATE process (scripts/bench/stack-child.ts: real Redis
 * at REDIS_URL or 127.0.0.1:6379 under a throw-away key prefix, deleted at
 * the end; simulators without added latency unless BENCH_SIM_LATENCY_MS),
 * logs in and binds HR users to several enterprises, then drives it with
 * autocannon from this process — one autocannon instance per kind of request,
 * all at once:
 *
 *   file        POST /api/applications — a distinct synthetic person (valid ID check digit) and a fresh Idempotency-Key each
 *   list        GET  /api/applications?limit=20
 *   detail      GET  /api/applications/:id — an application of the user's enterprise filed earlier in the run
 *   person      GET  /api/autofill/person — dataset people (公安 + 人社部; cold the first time, cached after)
 *   enterprise  GET  /api/autofill/enterprise — the user's enterprise (市监; cached after the first)
 *
 * Bounded in time AND count: BENCH_LOAD_SECONDS (default 30) and
 * BENCH_LOAD_MAX_REQUESTS (default 30,000 over all kinds, shared in
 * proportion to the connections). Connections per kind: BENCH_LOAD_MIX
 * (default "file:8,list:2,detail:2,person:3,enterprise:1"); HR users:
 * BENCH_LOAD_USERS (default 20) over BENCH_LOAD_ENTERPRISES (default 5).
 *
 * Reports: throughput and p50/p95/p99 latency per kind and in all, errors by
 * status and timeouts, requests refused by the rate limiter (429), the
 * server's memory (RSS, heap) and event-loop delay sampled every 500 ms, and
 * the count check — every filing acknowledged (2xx) is stored, and every
 * stored application's items are done, counted from the store. Filings cut
 * off when the run stops are retried with the same Idempotency-Key (as the
 * mini-program does), so each is either acknowledged or absent.
 * Also the 主题库 export's lag over every event of the run.
 *
 * Rate limits are raised out of reach (BENCH_RATE_LIMITS: a RATE_LIMITS JSON of
 * its own, or `policy` for the limits as written): this measures capacity; any
 * 429 is still counted and reported.
 */
import { randomUUID } from 'node:crypto';
import autocannon from 'autocannon';
import { ITEM_CATALOG, localToday, type TApplicationInput } from '../domain';
import { ENTERPRISES, PEOPLE, type TSimEnterprise } from '../functions/simulators/dataset';
import { ApiClient } from '../tests/integration/client';
import { benchRateLimits, emitResult, hireSource, fmtMiB, fmtMs, INSTANT_ITEMS, printTable, redisUp, summarize, type TLatencySummary } from './bench/common';
import { launchStack, type TStackSample } from './bench/stack';

const SECONDS = Number(process.env.BENCH_LOAD_SECONDS ?? 30);
const MAX_REQUESTS = Number(process.env.BENCH_LOAD_MAX_REQUESTS ?? 30_000);
const USERS = Number(process.env.BENCH_LOAD_USERS ?? 20);
const ENTERPRISE_COUNT = Number(process.env.BENCH_LOAD_ENTERPRISES ?? 5);
const DRAIN_SECONDS = Number(process.env.BENCH_LOAD_DRAIN_SECONDS ?? 90);
const MIX = Object.fromEntries(
  (process.env.BENCH_LOAD_MIX ?? 'file:8,list:2,detail:2,person:3,enterprise:1').split(',').map((s) => {
    const [k, v] = s.split(':');
    return [k!.trim(), Number(v)];
  }),
) as Record<TKind, number>;

const KINDS = ['file', 'list', 'detail', 'person', 'enterprise'] as const;
type TKind = (typeof KINDS)[number];

interface TUser {
  api: ApiClient;
  token: string;
  uscc: string;
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const pick = <T>(list: readonly T[]): T => list[Math.floor(Math.random() * list.length)]!;

async function main(): Promise<void> {
  const redisUrl = process.env.REDIS_URL ?? 'redis://127.0.0.1:6379';
  const useRedis = await redisUp(redisUrl);
  const keyPrefix = `benchload${Date.now().toString(36)}:`;
  const simLatency = Number(process.env.BENCH_SIM_LATENCY_MS ?? 0);
  const stack = await launchStack({ ...(useRedis ? { redisUrl } : {}), keyPrefix, simulatorLatencyMs: simLatency, overrides: benchRateLimits() });
  let closed = false;
  const close = async () => {
    if (!closed) (closed = true), await stack.close();
  };
  process.once('SIGINT', () => void close().finally(() => process.exit(130)));
  try {
    await run(stack, useRedis ? `Redis ${redisUrl}` : 'embedded backend', simLatency);
  } finally {
    await close();
  }
}

async function run(stack: Awaited<ReturnType<typeof launchStack>>, storage: string, simLatency: number): Promise<void> {
  const today = localToday();
  const enterprises: TSimEnterprise[] = ENTERPRISES.filter((e) => e.status === '存续').slice(0, ENTERPRISE_COUNT);
  const usccs = enterprises.map((e) => e.uscc);

  // 1. HR users: log in, bind (the legal representative authorizes in the simulated 电子营业执照)
  const users: TUser[] = [];
  for (let i = 0; i < USERS; i++) {
    const api = await new ApiClient(stack.baseUrl).login(`bench-load-${i}-${randomUUID()}`);
    const uscc = usccs[i % usccs.length]!;
    const bound = await api.bindEnterprise(uscc);
    if (bound.status !== 200) throw new Error(`bind failed: ${bound.status} ${JSON.stringify(bound.body).slice(0, 300)}`);
    users.push({ api, token: api.token!, uscc });
  }
  const usersOf = new Map(usccs.map((u) => [u, users.filter((x) => x.uscc === u)]));

  // 2. The hires to file, made ahead so that building them does not slow the generator
  const nextHire = hireSource(today, 20261126);
  const enterpriseOf = new Map(enterprises.map((e) => [e.uscc, e]));
  const ackedIds = new Set<string>();
  const idsOf = new Map<string, string[]>(usccs.map((u) => [u, []]));
  const acknowledge = (status: number, text: string): string | undefined => {
    if (status !== 200 && status !== 201) return undefined;
    const app = JSON.parse(text).application as { id: string; uscc: string; items: { code: string; state: string }[] };
    ackedIds.add(app.id);
    idsOf.get(app.uscc)?.push(app.id);
    if (status === 201 && app.items.some((i) => (INSTANT_ITEMS as readonly string[]).includes(i.code) && i.state !== 'done')) instantNotDoneInResponse++;
    return app.id;
  };
  let instantNotDoneInResponse = 0;
  // one filing per enterprise first, so the detail reads have something to read
  for (const uscc of usccs) {
    const body = nextHire(enterpriseOf.get(uscc)!);
    const res = await usersOf.get(uscc)![0]!.api.post('/api/applications', body, { 'idempotency-key': randomUUID() });
    if (res.status !== 201) throw new Error(`warm-up filing: ${res.status} ${JSON.stringify(res.body).slice(0, 500)}`);
    acknowledge(res.status, JSON.stringify(res.body));
  }

  // 3. The load — after one request of each kind, so that no handler is loaded (compiled) during the run
  const citizens = PEOPLE.filter((p) => p.documentType === '01');
  {
    const u = users[0]!;
    const p = citizens[citizens.length - 1]!;
    for (const warm of [
      '/api/applications?limit=20',
      `/api/applications/${idsOf.get(u.uscc)![0]}`,
      `/api/autofill/person?idType=citizen_id&idNumber=${p.documentNumber}&name=${encodeURIComponent(p.name)}`,
      `/api/autofill/enterprise?uscc=${u.uscc}`,
    ]) {
      const res = await u.api.get(warm);
      if (res.status !== 200) throw new Error(`warm-up ${warm}: ${res.status} ${JSON.stringify(res.body).slice(0, 300)}`);
    }
  }
  const inflight = new Map<string, { user: TUser; body: TApplicationInput }>();
  const badSamples: string[] = [];
  const noteBad = (kind: TKind, status: number, body: string) => {
    if (status >= 300 && badSamples.length < 8) badSamples.push(`${kind} ${status} ${body.slice(0, 200)}`);
  };
  let fileSeq = 0;
  const auth = (u: TUser) => ({ authorization: `Bearer ${u.token}` });
  const requestFor: Record<TKind, autocannon.Request> = {
    file: {
      method: 'POST',
      path: '/api/applications',
      setupRequest: (req, context) => {
        const user = users[fileSeq++ % users.length]!;
        const body = nextHire(enterpriseOf.get(user.uscc)!);
        const key = randomUUID();
        (context as { key?: string }).key = key;
        inflight.set(key, { user, body });
        return { ...req, headers: { ...auth(user), 'content-type': 'application/json', 'idempotency-key': key }, body: JSON.stringify(body) };
      },
      onResponse: (status, body, context) => {
        inflight.delete((context as { key: string }).key);
        acknowledge(status, body);
        noteBad('file', status, body);
      },
    },
    list: {
      method: 'GET',
      setupRequest: (req) => ({ ...req, path: '/api/applications?limit=20', headers: auth(pick(users)) }),
      onResponse: (status, body) => noteBad('list', status, body),
    },
    detail: {
      method: 'GET',
      setupRequest: (req) => {
        const user = pick(users);
        return { ...req, path: `/api/applications/${encodeURIComponent(pick(idsOf.get(user.uscc)!))}`, headers: auth(user) };
      },
      onResponse: (status, body) => noteBad('detail', status, body),
    },
    person: {
      method: 'GET',
      setupRequest: (req) => {
        const p = pick(citizens);
        return { ...req, path: `/api/autofill/person?idType=citizen_id&idNumber=${p.documentNumber}&name=${encodeURIComponent(p.name)}`, headers: auth(pick(users)) };
      },
      onResponse: (status, body) => noteBad('person', status, body),
    },
    enterprise: {
      method: 'GET',
      setupRequest: (req) => {
        const user = pick(users);
        return { ...req, path: `/api/autofill/enterprise?uscc=${user.uscc}`, headers: auth(user) };
      },
      onResponse: (status, body) => noteBad('enterprise', status, body),
    },
  };

  const kinds = KINDS.filter((k) => (MIX[k] ?? 0) > 0);
  const totalConnections = kinds.reduce((s, k) => s + MIX[k], 0);
  const samples: (TStackSample & { t: number })[] = [];
  const before = await stack.sample();
  const genCpu0 = process.cpuUsage();
  const t0 = Date.now();
  let sampling = true;
  const sampler = (async () => {
    while (sampling) {
      await sleep(500);
      samples.push({ ...(await stack.sample()), t: Date.now() - t0 });
    }
  })();
  const latencies = Object.fromEntries(kinds.map((k) => [k, [] as number[]])) as Record<TKind, number[]>;
  process.stderr.write(`bench:load — ${SECONDS} s or ${MAX_REQUESTS.toLocaleString('en')} requests, ${totalConnections} connections (${kinds.map((k) => `${k} ${MIX[k]}`).join(', ')}), ${USERS} HR users of ${usccs.length} enterprises\n`);
  const results = await Promise.all(
    kinds.map(
      (kind) =>
        new Promise<{ kind: TKind; result: autocannon.Result }>((resolve, reject) => {
          const instance = autocannon(
            {
              url: stack.baseUrl,
              connections: MIX[kind],
              duration: SECONDS,
              maxOverallRequests: Math.max(MIX[kind], Math.floor((MAX_REQUESTS * MIX[kind]) / totalConnections)),
              timeout: 10,
              requests: [requestFor[kind]],
            },
            (error, result) => (error ? reject(error) : resolve({ kind, result })),
          );
          instance.on('response', (_client: unknown, _status: number, _bytes: number, responseTime: number) => latencies[kind].push(responseTime));
        }),
    ),
  );
  const loadSeconds = (Date.now() - t0) / 1000;
  const genCpuMs = (() => {
    const c = process.cpuUsage(genCpu0);
    return (c.user + c.system) / 1000;
  })();
  sampling = false;
  await sampler;
  const afterLoad = await stack.sample();

  // 4. Filings cut off by the stop: retried with the same Idempotency-Key
  let retriedCreated = 0;
  let retriedExisting = 0;
  let retryFailed = 0;
  for (const [key, { user, body }] of inflight) {
    const res = await user.api.post('/api/applications', body, { 'idempotency-key': key });
    if (res.status === 201) retriedCreated++;
    else if (res.status === 200) retriedExisting++;
    else retryFailed++;
    acknowledge(res.status, JSON.stringify(res.body));
  }
  const cutOff = inflight.size;

  // 5. Wait until every stored application's items are done (counted from the store), then the theme export
  const drainStart = Date.now();
  let count = await stack.count(usccs);
  const doneOf = (c: typeof count, codes: readonly string[]) => Math.min(...codes.map((code) => c.states[code]?.done ?? 0));
  const allCodes = ITEM_CATALOG.map((i) => i.code);
  let instantDoneAt: number | undefined;
  while (Date.now() - drainStart < DRAIN_SECONDS * 1000) {
    if (instantDoneAt === undefined && doneOf(count, INSTANT_ITEMS) === count.stored) instantDoneAt = Date.now() - drainStart;
    if (doneOf(count, allCodes) === count.stored) break;
    await sleep(1000);
    count = await stack.count(usccs);
  }
  const allDoneAfter = doneOf(count, allCodes) === count.stored ? (Date.now() - drainStart) / 1000 : undefined;
  let theme = await stack.theme();
  while (theme.health.backlog > 0 && Date.now() - drainStart < (DRAIN_SECONDS + 30) * 1000) {
    await sleep(1000);
    theme = await stack.theme();
  }
  const healthRes = await fetch(`${stack.baseUrl}/api/health`).then((r) => r.json() as Promise<{ themeDb?: { lag?: { p50Ms: number; p99Ms: number; samples: number } } }>);
  const final = await stack.sample();

  // 6. Report
  const statusCounts: Record<string, number> = {};
  let timeouts = 0;
  let errors = 0;
  const rows: string[][] = [];
  const perKind: Record<string, { requests: number; rps: number; latency: TLatencySummary; non2xx: number }> = {};
  let totalRequests = 0;
  for (const { kind, result } of results) {
    const lat = summarize(latencies[kind]);
    const n = latencies[kind].length;
    totalRequests += n;
    timeouts += result.timeouts;
    errors += result.errors;
    let non2xx = 0;
    for (const [code, { count: c }] of Object.entries(result.statusCodeStats ?? {}) as [string, { count: number }][]) {
      statusCounts[code] = (statusCounts[code] ?? 0) + Number(c);
      if (!code.startsWith('2')) non2xx += Number(c);
    }
    perKind[kind] = { requests: n, rps: n / result.duration, latency: lat, non2xx };
    rows.push([kind, String(MIX[kind]), n.toLocaleString('en'), (n / result.duration).toFixed(1), fmtMs(lat.p50), fmtMs(lat.p95), fmtMs(lat.p99), fmtMs(lat.max), String(non2xx)]);
  }
  const all = summarize(kinds.flatMap((k) => latencies[k]));
  rows.push(['all', String(totalConnections), totalRequests.toLocaleString('en'), (totalRequests / loadSeconds).toFixed(1), fmtMs(all.p50), fmtMs(all.p95), fmtMs(all.p99), fmtMs(all.max), String(Object.entries(statusCounts).filter(([c]) => !c.startsWith('2')).reduce((s, [, c]) => s + c, 0))]);

  const rss = samples.map((s) => s.rss);
  const heap = samples.map((s) => s.heapUsed);
  const loopP99 = summarize(samples.map((s) => s.loopDelayP99Ms));
  const redisRequests = afterLoad.gateway.requests - before.gateway.requests;
  const redisCommands = afterLoad.gateway.commands - before.gateway.commands;
  const themeLag = summarize(theme.lagsMs);
  const stored = count.stored;
  const instantDone = doneOf(count, INSTANT_ITEMS);
  const allDone = doneOf(count, allCodes);
  const nothingLost = ackedIds.size === stored && instantDone === stored && allDone === stored && retryFailed === 0;
  const fileOk = perKind.file ? latencies.file.length - perKind.file.non2xx : 0;

  console.log(`\nbench:load — ${storage}, shared-data simulators ${simLatency ? `at ${simLatency} ms` : 'without added latency'}, stack in its own process (pid ${stack.pid}), ${new Date().toISOString()}`);
  console.log(`${loadSeconds.toFixed(1)} s, ${USERS} HR users of ${usccs.length} enterprises, bounds ${SECONDS} s / ${MAX_REQUESTS.toLocaleString('en')} requests\n`);
  printTable(['kind', 'conns', 'requests', 'req/s', 'p50', 'p95', 'p99', 'max', 'non-2xx'], rows);
  console.log('');
  const facts: [string, string][] = [
    ['hires acknowledged per second (2xx filings / load time)', (fileOk / loadSeconds).toFixed(1)],
    ['status codes', Object.entries(statusCounts).map(([c, n]) => `${c}: ${n.toLocaleString('en')}`).join(', ')],
    ['rate-limited (429)', String(statusCounts['429'] ?? 0)],
    ['timeouts / socket errors', `${timeouts} / ${errors - timeouts}`],
    ['server RSS over the run (start → max → end after drain)', `${fmtMiB(before.rss)} → ${fmtMiB(Math.max(...rss))} → ${fmtMiB(final.rss)}`],
    ['server heap used over the run (start → max → end)', `${fmtMiB(before.heapUsed)} → ${fmtMiB(Math.max(...heap))} → ${fmtMiB(final.heapUsed)}`],
    ['server event-loop delay p99 per 500 ms (median / max)', `${fmtMs(loopP99.p50)} / ${fmtMs(loopP99.max)}`],
    [
      'server CPU during the load: share of one core / CPU ms per request',
      `${((afterLoad.cpuMs - before.cpuMs) / (loadSeconds * 10)).toFixed(0)} % / ${((afterLoad.cpuMs - before.cpuMs) / totalRequests).toFixed(1)} ms (load generator: ${(genCpuMs / (loadSeconds * 10)).toFixed(0)} %)`,
    ],
    ['Redis round trips / commands per request (at the gateway)', `${(redisRequests / totalRequests).toFixed(1)} / ${(redisCommands / totalRequests).toFixed(1)}`],
    ['filings cut off by the stop, retried with the same key', `${cutOff} (${retriedExisting} already stored, ${retriedCreated} stored by the retry, ${retryFailed} failed)`],
    ['instant items not done in a 201 answer', String(instantNotDoneInResponse)],
    ['COUNT: hires acknowledged = stored = instant items done = all items done', `${ackedIds.size} = ${stored} = ${instantDone} = ${allDone} → ${nothingLost ? 'nothing lost' : 'MISMATCH'}`],
    ['drain: instant items all done / all seven done after the load', `${instantDoneAt === undefined ? 'not within the wait' : `${(instantDoneAt / 1000).toFixed(1)} s`} / ${allDoneAfter === undefined ? `not within ${DRAIN_SECONDS} s` : `${allDoneAfter.toFixed(1)} s`}`],
    ['主题库 lag over every event of the run (p50 / p95 / p99 / max)', `${fmtMs(themeLag.p50)} / ${fmtMs(themeLag.p95)} / ${fmtMs(themeLag.p99)} / ${fmtMs(themeLag.max)} (${theme.received.toLocaleString('en')} events, backlog ${theme.health.backlog})`],
    ['主题库 lag as /api/health reports it (latest 1,000: p50 / p99)', `${fmtMs(healthRes.themeDb?.lag?.p50Ms ?? NaN)} / ${fmtMs(healthRes.themeDb?.lag?.p99Ms ?? NaN)}`],
  ];
  for (const [k, v] of facts) console.log(`${k.padEnd(76)}  ${v}`);
  const every = Math.max(1, Math.round(samples.length / 12));
  console.log(`\nserver memory over the run (t: RSS / heap used, MiB): ${samples.filter((_, i) => i % every === 0 || i === samples.length - 1).map((x) => `${(x.t / 1000).toFixed(0)} s: ${(x.rss / 2 ** 20).toFixed(0)} / ${(x.heapUsed / 2 ** 20).toFixed(0)}`).join(' · ')} · after the drain: ${(final.rss / 2 ** 20).toFixed(0)} / ${(final.heapUsed / 2 ** 20).toFixed(0)}`);
  if (badSamples.length) console.log(`\nfirst non-2xx answers:\n  ${badSamples.join('\n  ')}`);
  if (!nothingLost) {
    const missing = Object.entries(count.perEnterprise).map(([u, n]) => `${u}: ${n}`).join(', ');
    console.log(`\nstored per enterprise: ${missing}; states: ${JSON.stringify(count.states)}`);
  }
  emitResult('load', {
    seconds: loadSeconds,
    users: USERS,
    enterprises: usccs.length,
    connections: Object.fromEntries(kinds.map((k) => [k, MIX[k]])),
    perKind,
    all: { requests: totalRequests, rps: totalRequests / loadSeconds, latency: all },
    hiresPerSecond: fileOk / loadSeconds,
    statusCounts,
    rateLimited: statusCounts['429'] ?? 0,
    timeouts,
    socketErrors: errors - timeouts,
    memory: { rssStart: before.rss, rssMax: Math.max(...rss), rssEnd: final.rss, heapStart: before.heapUsed, heapMax: Math.max(...heap), heapEnd: final.heapUsed },
    loopDelayP99Ms: loopP99,
    cpu: { serverCoreShare: (afterLoad.cpuMs - before.cpuMs) / (loadSeconds * 1000), serverMsPerRequest: (afterLoad.cpuMs - before.cpuMs) / totalRequests, generatorCoreShare: genCpuMs / (loadSeconds * 1000) },
    redisPerRequest: { roundTrips: redisRequests / totalRequests, commands: redisCommands / totalRequests },
    count: { acknowledged: ackedIds.size, stored, instantDone, allDone, cutOff, retriedCreated, retriedExisting, retryFailed, nothingLost },
    themeLag: { ...themeLag, events: theme.received, backlog: theme.health.backlog },
  });
  if (!nothingLost) process.exitCode = 1;
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
