/**
 * The export to the theme database on both backends, through the real
 * adapter over HTTP to the simulator (the ledger is an in-memory fake):
 * in order and exactly once — across an outage (backfill), a crash between
 * the platform's answer and the cursor, concurrent runs, and a platform
 * restored from a backup — and the lag figures for /api/health.
 */
import { CircuitBreaker } from '../adapters/http';
import type { TDeps } from '../deps';
import type { TLedgerEvent } from '../ledger/port';
import { logger } from '../lib/logger';
import { serveSimulators, type TLoopback } from '../simulators/loopback';
import { createThemeDbSimulator } from '../simulators/theme-db';
import { startTestStore, type TTestStore } from '../storage/testing';
import { memoryLedger, type TMemoryLedger } from '../../tests/fixtures/memory-ledger';
import { ThemeDbClient } from './client';
import { exportToThemeDb, handleThemeExportMessage, RELEASE_LEASE_LUA, RENEW_LEASE_LUA, themeKeys, THEME_ADVANCE_LUA } from './exporter';
import { LAG_ALERT_MS, percentile, themeDbHealth } from './health';

const TOKEN = 'theme-token-0123456789';
const T0 = Date.parse('2026-11-26T02:00:00Z');

const sim = createThemeDbSimulator({ token: TOKEN });
let server: TLoopback;
beforeAll(async () => {
  logger.configure({ level: 'error', sink: () => undefined });
  server = await serveSimulators(sim);
});
afterAll(() => server.close());

const event = (i: number, atMs: number): TLedgerEvent => ({
  id: `ev:${i}`,
  type: 'autofill.lookup',
  at: new Date(atMs).toISOString(),
  actor: 'hr:test',
  subject: { personIdHmac: 'a'.repeat(64) },
  data: { n: i },
});

it('percentile is nearest-rank', () => {
  expect(percentile([], 0.5)).toBeNull();
  const v = Array.from({ length: 100 }, (_, i) => i + 1);
  expect([percentile(v, 0.5), percentile(v, 0.99), percentile([7], 0.99)]).toEqual([50, 99, 7]);
});

describe.each(['memory', 'redis'] as const)('export to the theme database on %s', (backend) => {
  let s: TTestStore;
  let ledger: TMemoryLedger;
  let clock: number;
  let deps: TDeps;
  let client: ThemeDbClient;

  beforeAll(async () => {
    s = await startTestStore({ backend });
  });
  afterAll(() => s.close());
  beforeEach(async () => {
    sim.reset();
    ledger = memoryLedger();
    clock = T0;
    client = new ThemeDbClient({ baseUrl: server.baseUrlOf(sim), token: TOKEN, timeoutMs: 2_000, retries: 0, breaker: new CircuitBreaker({ failureThreshold: 1_000, cooldownMs: 1 }) });
    const prefix = `${s.prefix}${Math.random().toString(36).slice(2, 8)}:`;
    deps = { redis: s.redis, prefix, ledger, themeDb: client, now: () => new Date(clock) } as unknown as TDeps;
  });

  const append = (from: number, n: number, atMs = clock) => ledger.append(Array.from({ length: n }, (_, k) => event(from + k, atMs)));
  const received = () => sim.received().map((e) => e.id);
  const ids = (from: number, n: number) => Array.from({ length: n }, (_, k) => `ev:${from + k}`);

  it('sends every entry in order, in batches, once; moves the cursor; records the lag', async () => {
    await append(0, 10, T0 - 2_000);
    const run = await exportToThemeDb(deps, { batchSize: 3 });
    expect(run).toMatchObject({ batches: 4, sent: 10, accepted: 10, duplicates: 0, cursor: 10, size: 10 });
    expect(received()).toEqual(ids(0, 10));
    expect(await exportToThemeDb(deps)).toMatchObject({ batches: 0, sent: 0, cursor: 10 }); // nothing new
    const h = await themeDbHealth(deps);
    expect(h).toMatchObject({ status: 'ok', backlog: 0, cursor: 10, ledgerSize: 10, oldestPendingMs: 0, lastExportAt: new Date(T0).toISOString(), lastError: null });
    expect(h.lag).toMatchObject({ p50Ms: 2_000, p99Ms: 2_000, samples: 10, goalP99Ms: 60_000 });
  });

  it('keeps the backlog while the platform is down and backfills it when it is back: nothing lost, nothing twice', async () => {
    await append(0, 5);
    await exportToThemeDb(deps);
    sim.switches.down = true;
    await append(5, 7);
    const down = await exportToThemeDb(deps);
    expect(down.error).toMatch(/主题库: status/);
    expect(down.cursor).toBe(5);
    await expect(handleThemeExportMessage(deps)).rejects.toMatchObject({ code: 'UPSTREAM_UNAVAILABLE' }); // the queue retries
    clock += 11 * 60_000;
    const during = await themeDbHealth(deps);
    expect(during).toMatchObject({ status: 'degraded', backlog: 7, oldestPendingMs: 11 * 60_000, lastError: expect.stringContaining('主题库不可用') });
    expect(during.message).toMatch(/^主题库汇聚延迟已超过10分钟：7 条事件待汇聚，最早一条已等待 11\.0 分钟/);

    sim.switches.down = false;
    expect(await exportToThemeDb(deps)).toMatchObject({ sent: 7, accepted: 7, duplicates: 0, cursor: 12 });
    expect(received()).toEqual(ids(0, 12));
    expect(sim.stats()).toMatchObject({ accepted: 12, duplicates: 0, gaps: 0 });
    const after = await themeDbHealth(deps);
    expect(after).toMatchObject({ backlog: 0, lastError: null, oldestPendingMs: 0 });
    // the backfilled events waited 11 minutes: the window's p99 says so (and alerts) until they age out
    expect(after.lag.p99Ms).toBe(11 * 60_000);
    expect(after.status).toBe('degraded');
    expect(after.message).toMatch(/p99 为 11\.0 分钟/);
    clock += 16 * 60_000;
    expect(await themeDbHealth(deps)).toMatchObject({ status: 'ok', lag: { samples: 0, p99Ms: null } });
  });

  it('sends a batch again after a crash between the answer and the cursor; the platform holds it once', async () => {
    await append(0, 4);
    const entries = await ledger.entries(0, 4);
    expect(await client.sendBatch(0, entries)).toMatchObject({ ok: true, accepted: 4 }); // …and the process died here
    await append(4, 2);
    expect(await exportToThemeDb(deps)).toMatchObject({ sent: 6, accepted: 2, duplicates: 4, cursor: 6 });
    expect(received()).toEqual(ids(0, 6));
  });

  it('runs concurrently, one at a time: the platform receives each event once', async () => {
    await append(0, 30);
    const runs = await Promise.all([0, 1, 2, 3].map(() => exportToThemeDb(deps, { batchSize: 4 })));
    expect(runs.filter((r) => r.busy).length).toBeGreaterThanOrEqual(1);
    expect(sim.stats().duplicates).toBe(0);
    expect(received()).toEqual(ids(0, 30));
    expect(Number(await s.redis.get(themeKeys(deps.prefix).cursor))).toBe(30);
  });

  it('moves the cursor only by compare-and-set', async () => {
    const k = themeKeys(deps.prefix);
    const advance = (from: string, to: string) => s.redis.eval(THEME_ADVANCE_LUA, [k.cursor, k.lag, k.status], [from, to, 'now', '1000', '1:1']);
    expect(await advance('0', '3')).toEqual([1, '3']);
    expect(await advance('0', '5')).toEqual([0, '3']);
    expect(await s.redis.get(k.cursor)).toBe('3');
    // the lease is released only by its holder
    await s.redis.set(k.lease, 'mine', { px: 60_000 });
    expect(await s.redis.eval(RELEASE_LEASE_LUA, [k.lease], ['theirs'])).toBe(0);
    expect(await s.redis.eval(RELEASE_LEASE_LUA, [k.lease], ['mine'])).toBe(1);
    expect(await s.redis.get(k.lease)).toBeNull();
    // …and renewed only by its holder
    await s.redis.set(k.lease, 'mine', { px: 1_000 });
    expect(await s.redis.eval(RENEW_LEASE_LUA, [k.lease], ['theirs', '15000'])).toBe(0);
    expect(Number(await s.redis.pttl(k.lease))).toBeLessThanOrEqual(1_000);
    expect(await s.redis.eval(RENEW_LEASE_LUA, [k.lease], ['mine', '15000'])).toBe(1);
    expect(Number(await s.redis.pttl(k.lease))).toBeGreaterThan(10_000);
    expect(await s.redis.eval(RENEW_LEASE_LUA, [k.lease + ':gone'], ['mine', '15000'])).toBe(0);
  });

  it('keeps its lease while it runs and leaves none behind', async () => {
    const k = themeKeys(deps.prefix);
    await append(0, 250);
    const run = await exportToThemeDb(deps, { batchSize: 100 });
    expect(run.batches).toBe(3);
    expect(await s.redis.get(k.lease)).toBeNull();
  });

  it('sends again from what a platform restored from a backup expects', async () => {
    await append(0, 6);
    await exportToThemeDb(deps);
    sim.reset(); // the platform lost everything
    await append(6, 1);
    expect(await exportToThemeDb(deps)).toMatchObject({ cursor: 7 });
    expect(received()).toEqual(ids(0, 7));
  });

  it('stops on a refusal (a rewritten log) without moving the cursor', async () => {
    await append(0, 2);
    await exportToThemeDb(deps);
    // the platform holds index 0 as ev:0; make the cursor send a different event at index 0
    const other = memoryLedger();
    await other.append([{ ...event(99, clock), id: 'ev:rewritten' }]);
    await s.redis.set(themeKeys(deps.prefix).cursor, '0');
    const run = await exportToThemeDb({ ...deps, ledger: other } as TDeps);
    expect(run.error).toMatch(/INDEX_CONFLICT/);
    expect(await s.redis.get(themeKeys(deps.prefix).cursor)).toBe('0');
    expect((await themeDbHealth({ ...deps, ledger: other } as TDeps)).lastError).toMatch(/主题库拒收（INDEX_CONFLICT）/);
    expect(LAG_ALERT_MS).toBe(600_000);
  });
});
