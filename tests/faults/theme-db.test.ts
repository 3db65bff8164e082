/**
 * Fault: the 主题库 (the regional theme database every ledger event is
 * exported to) is down while hires are filed, then fails half its calls,
 * then recovers. The exporter backfills: the sink ends up holding exactly the
 * ledger — every event once, in order, none missing — whatever it refused
 * on the way. (One hire and one outage: tests/integration/theme-db.test.ts.)
 */
import { randomUUID } from 'node:crypto';
import { hmacId } from '../../functions/lib/crypto';
import { hrOf, startHarness, waitFor, type THarness } from '../integration/harness';
import { countScenario, recordCounts, recordsDelta } from './expect';
import { FAULT_USCC, hirablePeople, spySimulators, untilAllDone } from './support';

jest.setTimeout(90_000);

const N = 10;

let h: THarness;
beforeAll(async () => {
  h = await startHarness({ themeExportIntervalMs: 300 });
});
afterAll(() => h.close());

type TReceived = { next: number; duplicates: number; events: { index: number; id: string; type: string }[] };
const received = async (): Promise<TReceived> => (await fetch(`${h.stack.baseUrl}/sim/theme-db/_dev/received`)).json() as never;

it('backfills after an outage and a flaky phase: the sink holds the ledger, each event exactly once', async () => {
  const hr = await hrOf(h, FAULT_USCC);
  const spy = spySimulators([h.stack.simulators.hrss, h.stack.simulators.medical, h.stack.simulators.housingFund]);
  const sink = spySimulators([h.stack.simulators.themeDb]);
  const before = recordCounts(h.stack);
  const hires = hirablePeople(N, 160);
  const file = (x: (typeof hires)[number]) => hr.post('/api/applications', x.body, { 'idempotency-key': `tdb-${randomUUID()}` });

  // down: half the hires
  await h.sim('themeDb', { down: true });
  const downAt = Date.now();
  const first = await Promise.all(hires.slice(0, N / 2).map(file));
  expect(first.map((r) => r.status)).toEqual(first.map(() => 201));
  const firstIds = first.map((r) => r.body.application.id as string);
  await waitFor(() => h.api().get('/api/health'), (r) => r.body.themeDb?.backlog > 0 && /主题库/.test(r.body.themeDb?.lastError ?? ''), 10_000);
  expect((await received()).events.some((e) => firstIds.some((id) => e.id.startsWith(`${id}:`)))).toBe(false);

  // flaky: every other call fails (HTTP 500), the other half of the hires
  await h.sim('themeDb', { down: false, failureRate: 0.5 });
  const second = await Promise.all(hires.slice(N / 2).map(file));
  expect(second.map((r) => r.status)).toEqual(second.map(() => 201));
  const t = await untilAllDone(h.stack.deps, FAULT_USCC, N, 40_000, hires.map((x) => hmacId(x.person.documentNumber, h.stack.deps.keys)));

  await h.sim('themeDb', { failureRate: 0 });
  const upAt = Date.now();
  const ledger = h.stack.deps.ledger;
  const synced = await waitFor(
    async () => ({ sink: await received(), size: await ledger.size() }),
    (v) => v.size > 0 && v.sink.next === v.size,
    30_000,
    200,
  );
  const catchUpS = (Date.now() - upAt) / 1000;
  const events = (await ledger.entries(0, synced.size)).map((e) => e.event);
  const ids = synced.sink.events.map((e) => e.id);
  // exactly the ledger, in order: nothing lost, nothing twice
  expect(ids).toEqual(events.map((e) => e.id));
  expect(synced.sink.events.map((e) => e.index)).toEqual(events.map((_, i) => i));
  expect(new Set(ids).size).toBe(ids.length);
  const mine = new Set(t.stored);
  const filedInSink = synced.sink.events.filter((e) => e.type === 'application.filed' && mine.has(e.id.split(':')[0]!)).length;
  expect(filedInSink).toBe(N);
  const refusedCalls = sink.calls.filter((c) => c.status >= 500).length;
  expect(refusedCalls).toBeGreaterThan(0);

  countScenario('theme-db-down', {
    people: hires.map((x) => x.person),
    truth: t,
    calls: spy.calls,
    records: recordsDelta(before, recordCounts(h.stack)),
    keys: h.stack.deps.keys,
    extra: `ledger ${synced.size} events, sink holds ${ids.length} (distinct ${new Set(ids).size}, missing ${synced.size - ids.length}), ${refusedCalls} export calls refused (down ${Math.round((upAt - downAt) / 1000)} s in all), ${synced.sink.duplicates} events re-sent and dropped by the sink, in sync ${catchUpS.toFixed(1)} s after it recovered`,
  });
});
