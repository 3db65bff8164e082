/**
 * `npm run bench:submit` — a benchmark, not a test. Starts the whole stack
 * in-process on loopback (real Redis at REDIS_URL or 127.0.0.1:6379 when it
 * answers, else the embedded backend; simulators without added latency) and
 * measures:
 *   - submit → instant items done: the filing request returns once the
 *     instant items are done, so its latency is that time (p50/p95/p99);
 *   - hires per second with N concurrent HR users;
 *   - Redis commands and round trips per hire, counted at the gateway, for
 *     the filing request alone and for a hire's whole life (until all seven
 *     items are done, including the queue's polls of the card and certificate).
 * Options: BENCH_HIRES (default 200), BENCH_CONCURRENCY (default 10).
 */
import { randomUUID } from 'node:crypto';
import net from 'node:net';
import { checkHire, localToday, type TApplicationInput } from '../domain';
import { logger } from '../functions/lib/logger';
import { startStack } from '../functions/local/stack';
import { DEMO_ENTERPRISES, PEOPLE } from '../functions/simulators/dataset';
import { highestEducation } from '../functions/shared-data';
import { deleteByPattern } from '../functions/storage/testing';
import { ApiClient, demoApplication } from '../tests/integration/client';

const HIRES = Number(process.env.BENCH_HIRES ?? 200);
const CONCURRENCY = Number(process.env.BENCH_CONCURRENCY ?? 10);

function redisUp(url: string): Promise<boolean> {
  const { hostname, port } = new URL(url);
  return new Promise((resolve) => {
    const socket = net.connect(Number(port || 6379), hostname);
    socket.setTimeout(500);
    socket.once('connect', () => (socket.destroy(), resolve(true)));
    socket.once('error', () => resolve(false));
    socket.once('timeout', () => (socket.destroy(), resolve(false)));
  });
}

const pct = (sorted: number[], p: number) => sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))]!;

async function main(): Promise<void> {
  logger.configure({ level: 'error' });
  const redisUrl = process.env.REDIS_URL ?? 'redis://127.0.0.1:6379';
  const useRedis = await redisUp(redisUrl);
  const keyPrefix = `bench${Date.now().toString(36)}:`;
  const stack = await startStack({ ...(useRedis ? { redisUrl } : {}), keyPrefix, cardStageMs: 100, certificateDelayMs: 200, pollSeconds: 1, dispatcherIntervalMs: 50 });
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

  // 1. One hire alone: commands and round trips of the filing request, then of its whole life.
  stack.gateway.resetStats();
  const single = await users[0]!.post('/api/applications', bodies.shift(), { 'idempotency-key': randomUUID() });
  if (single.status !== 201) throw new Error(JSON.stringify(single.body).slice(0, 500));
  const submitStats = { commands: stack.gateway.stats.commands, requests: stack.gateway.stats.requests };
  await stack.dispatcher.stop(); // isolate: lifetime = submit + queue work for this hire
  stack.gateway.resetStats();
  const until = Date.now() + 20_000;
  let lifeCommands = submitStats.commands;
  let lifeRequests = submitStats.requests;
  while (Date.now() < until) {
    await stack.dispatcher.tick();
    const app = await stack.deps.store.get(single.body.application.id);
    const items = await stack.deps.store.items(app!);
    if (items.every((i) => i.state === 'done')) break;
    await new Promise((r) => setTimeout(r, 100));
  }
  lifeCommands += stack.gateway.stats.commands;
  lifeRequests += stack.gateway.stats.requests;
  stack.dispatcher.start(50);

  // 2. Many hires at once.
  const latencies: number[] = [];
  let errors = 0;
  let instantNotDone = 0;
  stack.gateway.resetStats();
  const started = Date.now();
  let next = 0;
  await Promise.all(
    users.map(async (api) => {
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
    [`hires per second (${CONCURRENCY} concurrent HR users, ${HIRES} hires)`, '≥ 50', (HIRES / seconds).toFixed(1)],
    ['Redis commands per hire (filing request)', '≤ 80', String(submitStats.commands)],
    ['Redis round trips per hire (filing request)', '≤ 15', String(submitStats.requests)],
    ['Redis commands per hire (whole life, incl. queue polls)', '—', String(lifeCommands)],
    ['Redis round trips per hire (whole life)', '—', String(lifeRequests)],
    ['Redis commands per hire under load (filing requests)', '—', (loadStats.commands / HIRES).toFixed(1)],
    ['Redis round trips per hire under load (filing requests)', '—', (loadStats.requests / HIRES).toFixed(1)],
    ['errors / instant items not done', '0 / 0', `${errors} / ${instantNotDone}`],
  ];
  console.log(`\nbench:submit — ${useRedis ? `Redis ${redisUrl}` : 'embedded backend'}, ${new Date().toISOString()}`);
  const w = Math.max(...rows.map((r) => r[0].length));
  console.log(`${'figure'.padEnd(w)}  ${'target'.padEnd(8)}  measured`);
  for (const [name, target, value] of rows) console.log(`${name.padEnd(w)}  ${target.padEnd(8)}  ${value}`);
  await stack.dispatcher.stop();
  await deleteByPattern(stack.backend, `${keyPrefix}*`);
  await stack.close();
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
