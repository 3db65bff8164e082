/**
 * `npm run bench:submit` — a benchmark, not a test. Starts the whole stack
 * in-process on loopback (real Redis at REDIS_URL or 127.0.0.1:6379 when it
 * answers, else the embedded backend; simulators without added latency) and
 * measures:
 *   - submit → instant items done: the filing request returns once the
 *     instant items are done, so its latency is that time (p50/p95/p99);
 *   - hires per second with N concurrent HR users;
 *   - Redis commands and round trips per hire, counted at the gateway, for
 *     the filing request alone (background workers stopped meanwhile) and for
 *     a hire's whole life (until all seven items are done: the queue's
 *     deliveries, including its polls of the card and certificate; idle polls
 *     of an empty queue are not counted).
 * Options: BENCH_HIRES (default 200), BENCH_CONCURRENCY (default 10),
 * BENCH_API_INSTANCES (default 1): API processes in all — this one (with the
 * gateway, the simulators and the dispatcher) and `npm run serve` children
 * sharing its storage; the first child also receives the queue's deliveries.
 */
import { randomUUID } from 'node:crypto';
import { spawn, type ChildProcess } from 'node:child_process';
import path from 'node:path';
import { checkHire, localToday, type TApplicationInput } from '../domain';
import { logger } from '../functions/lib/logger';
import { startStack } from '../functions/local/stack';
import { DEMO_ENTERPRISES, PEOPLE } from '../functions/simulators/dataset';
import { highestEducation } from '../functions/shared-data';
import { deleteByPattern } from '../functions/storage/testing';
import { ApiClient, demoApplication } from '../tests/integration/client';
import { emitResult, redisUp } from './bench/common';
import { freePort } from '../functions/local/server';

const HIRES = Number(process.env.BENCH_HIRES ?? 200);
/** API processes: this one (with the gateway, the simulators and the dispatcher) and BENCH_API_INSTANCES − 1 more. */
const INSTANCES = Math.max(1, Number(process.env.BENCH_API_INSTANCES ?? 1));


/** `npm run serve` with the stack's variables: an API process of its own, sharing the stack's storage and simulators. */
async function startInstance(envSource: Record<string, string>, port: number): Promise<ChildProcess> {
  const child = spawn(process.execPath, ['--import', 'tsx', path.join(__dirname, '..', 'functions', 'local', 'serve.ts')], {
    env: { ...process.env, ...envSource, PORT: String(port), SERVE_BACKGROUND: 'none', LOG_LEVEL: 'error' },
    stdio: ['ignore', 'ignore', 'inherit'],
  });
  const until = Date.now() + 30_000;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`API instance on port ${port} exited (${child.exitCode})`);
    const up = await fetch(`http://127.0.0.1:${port}/api/health`).then((r) => r.status, () => 0);
    if (up === 200) return child;
    if (Date.now() > until) throw new Error(`API instance on port ${port} did not start`);
    await new Promise((r) => setTimeout(r, 200));
  }
}
const CONCURRENCY = Number(process.env.BENCH_CONCURRENCY ?? 10);


const pct = (sorted: number[], p: number) => sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))]!;

async function main(): Promise<void> {
  logger.configure({ level: 'error' });
  const redisUrl = process.env.REDIS_URL ?? 'redis://127.0.0.1:6379';
  const useRedis = await redisUp(redisUrl);
  const keyPrefix = `bench${Date.now().toString(36)}:`;
  // More API processes (`npm run serve`, as a 政务云 host runs one per core; on Vercel, function instances):
  // the first extra one also receives the queue's deliveries, so the follow-up work leaves this process.
  const extraPorts = await Promise.all(Array.from({ length: INSTANCES - 1 }, () => freePort()));
  const extraUrls = extraPorts.map((port) => `http://127.0.0.1:${port}`);
  const stack = await startStack({
    ...(useRedis ? { redisUrl } : {}),
    keyPrefix,
    cardStageMs: 100,
    certificateDelayMs: 200,
    pollSeconds: 1,
    dispatcherIntervalMs: 50,
    ...(extraUrls.length ? { overrides: { PUBLIC_BASE_URL: extraUrls[0] } } : {}),
  });
  const instances = await Promise.all(extraPorts.map((port) => startInstance(stack.envSource, port)));
  const apiUrls = [stack.baseUrl, ...extraUrls];
  const today = localToday();
  const enterprise = DEMO_ENTERPRISES.energy;
  const employer = {
    name: { value: enterprise.name }, address: { value: enterprise.address }, legalRepresentative: { value: enterprise.legalRepresentative },
    industrialSector: { value: enterprise.industrialSector }, divisionCode: { value: enterprise.divisionCode }, industryCode: { value: enterprise.industryCode },
    contactName: { value: '李红' }, contactPhone: { value: '0473-3123456' },
  };
  // People a department would accept: adults of working age with a citizen ID, not insured elsewhere.
  const bodies: TApplicationInput[] = [];
  for (const p of PEOPLE) {
    if (bodies.length >= HIRES + 5 || p.documentType !== '01' || p.insuredElsewhere) continue;
    const edu = highestEducation(p.educationRecords);
    const body = demoApplication({ employer, person: {} }, today, {
      employee: {
        documentNumber: p.documentNumber, name: p.name, sex: p.sex, birthDate: p.birthDate, ethnicGroup: p.ethnicGroup, hukouNature: p.hukouNature,
        hukouAddress: p.hukouAddress, education: edu?.education ?? '71', graduateSchool: edu?.graduateSchool, major: edu?.major, graduationDate: edu?.graduationDate,
      },
    });
    if (checkHire(body, today).status === 'block') continue;
    bodies.push(body);
  }
  if (bodies.length < HIRES + 5) throw new Error(`only ${bodies.length} eligible people in the dataset`);

  const users = await Promise.all(
    Array.from({ length: CONCURRENCY }, async (_, i) => {
      const api = await new ApiClient(stack.baseUrl).login(`bench-hr-${i}-${randomUUID()}`);
      const bound = await api.bindEnterprise(enterprise.uscc);
      if (bound.status !== 200) throw new Error('bind failed');
      return api;
    }),
  );
  // the same users (same sessions), spread over the API processes for the load
  const loadUsers = users.map((u, i) => {
    const client = new ApiClient(apiUrls[i % apiUrls.length]!);
    client.token = u.token;
    return client;
  });

  // 1. One hire alone: commands and round trips of the filing request, then of its whole life.
  // The background workers are stopped first: their polls (the dispatcher every 50 ms, the export
  // timer, the checkpointer) would otherwise be counted as the filing's.
  await Promise.all([stack.dispatcher.stop(), stack.themeExporter.stop(), stack.checkpointer.stop()]);
  stack.gateway.resetStats();
  const single = await users[0]!.post('/api/applications', bodies.shift(), { 'idempotency-key': randomUUID() });
  if (single.status !== 201) throw new Error(JSON.stringify(single.body).slice(0, 500));
  const submitStats = { commands: stack.gateway.stats.commands, requests: stack.gateway.stats.requests, byCommand: { ...stack.gateway.stats.byCommand } };
  // Its whole life: the queue's work for this hire, tick by tick. Counted: the ticks that delivered
  // something (with their closing empty claim); not counted: idle polls of an empty queue (a
  // self-hosted dispatcher's cost per instance, not per hire; QStash has none) and this loop's reads.
  const until = Date.now() + 20_000;
  let lifeCommands = submitStats.commands;
  let lifeRequests = submitStats.requests;
  let idlePolls = 0;
  while (Date.now() < until) {
    const before = { commands: stack.gateway.stats.commands, requests: stack.gateway.stats.requests };
    const delivered = await stack.dispatcher.tick();
    if (delivered > 0) {
      lifeCommands += stack.gateway.stats.commands - before.commands;
      lifeRequests += stack.gateway.stats.requests - before.requests;
    } else idlePolls++;
    const app = await stack.deps.store.get(single.body.application.id);
    const items = await stack.deps.store.items(app!);
    if (items.every((i) => i.state === 'done')) break;
    await new Promise((r) => setTimeout(r, 100));
  }
  stack.dispatcher.start(50);
  stack.themeExporter.start(10_000);
  stack.checkpointer.start(30_000);

  // 2. Many hires at once.
  const latencies: number[] = [];
  let errors = 0;
  let instantNotDone = 0;
  stack.gateway.resetStats();
  const started = Date.now();
  let next = 0;
  await Promise.all(
    loadUsers.map(async (api) => {
      while (next < HIRES) {
        const body = bodies[next++]!;
        const t = performance.now();
        const res = await api.post('/api/applications', body, { 'idempotency-key': randomUUID() });
        latencies.push(performance.now() - t);
        if (res.status !== 201) errors++;
        else if (res.body.application.items.filter((i: { code: string; state: string }) => ['pension_insurance', 'medical_insurance', 'employment_registration', 'labor_filing', 'housing_fund_account'].includes(i.code) && i.state !== 'done').length) instantNotDone++;
      }
    }),
  );
  const seconds = (Date.now() - started) / 1000;
  const loadStats = { ...stack.gateway.stats };
  latencies.sort((a, b) => a - b);
  const rows: [string, string, string][] = [
    ['submit → instant items done, p50', '≤ 2 s', `${pct(latencies, 50).toFixed(0)} ms`],
    ['submit → instant items done, p95', '≤ 2 s', `${pct(latencies, 95).toFixed(0)} ms`],
    ['submit → instant items done, p99', '—', `${pct(latencies, 99).toFixed(0)} ms`],
    [`hires per second (${CONCURRENCY} concurrent HR users, ${HIRES} hires, ${INSTANCES} API process${INSTANCES > 1 ? 'es' : ''})`, '≥ 50', (HIRES / seconds).toFixed(1)],
    ['Redis commands per hire (filing request)', '≤ 80', String(submitStats.commands)],
    ['Redis round trips per hire (filing request)', '≤ 15', String(submitStats.requests)],
    ['Redis commands per hire (whole life: filing + the queue work it causes)', '—', String(lifeCommands)],
    [`Redis round trips per hire (whole life; ${idlePolls} idle polls of the queue not counted)`, '—', String(lifeRequests)],
    ['Redis commands per hire under load (all traffic of the run ÷ hires)', '—', (loadStats.commands / HIRES).toFixed(1)],
    ['Redis round trips per hire under load (all traffic of the run ÷ hires)', '—', (loadStats.requests / HIRES).toFixed(1)],
    ['errors / instant items not done', '0 / 0', `${errors} / ${instantNotDone}`],
  ];
  console.log(`\nbench:submit — ${useRedis ? `Redis ${redisUrl}` : 'embedded backend'}, ${new Date().toISOString()}`);
  const w = Math.max(...rows.map((r) => r[0].length));
  console.log(`${'figure'.padEnd(w)}  ${'target'.padEnd(8)}  measured`);
  for (const [name, target, value] of rows) console.log(`${name.padEnd(w)}  ${target.padEnd(8)}  ${value}`);
  emitResult('submit', {
    storage: useRedis ? 'redis' : 'embedded',
    hires: HIRES,
    concurrency: CONCURRENCY,
    apiInstances: INSTANCES,
    submitMs: { p50: pct(latencies, 50), p95: pct(latencies, 95), p99: pct(latencies, 99) },
    hiresPerSecond: HIRES / seconds,
    perHire: { commands: submitStats.commands, roundTrips: submitStats.requests, byCommand: submitStats.byCommand, lifeCommands, lifeRoundTrips: lifeRequests, idlePolls },
    underLoad: { commands: loadStats.commands / HIRES, roundTrips: loadStats.requests / HIRES },
    errors,
    instantNotDone,
  });
  for (const child of instances) child.kill('SIGTERM');
  await stack.dispatcher.stop();
  await deleteByPattern(stack.backend, `${keyPrefix}*`);
  await stack.close();
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
