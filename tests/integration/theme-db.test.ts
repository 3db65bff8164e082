/**
 * The ledger and the theme database (主题库) over the whole stack on a real
 * Redis: a hire's events go into the ledger (the filing and its first run in
 * ONE append; through the durable queue when the append fails), every ledger
 * event reaches the 主题库 simulator in order exactly once — also across an
 * outage of the platform (backfill) — /api/health shows the lag, and the
 * person's access log holds every lookup made during a hire.
 */
import { randomUUID } from 'node:crypto';
import { localToday } from '../../domain';
import type { TLedgerEvent, TLedgerPort } from '../../functions/ledger/port';
import { hmacId } from '../../functions/lib/crypto';
import { DEMO_PEOPLE } from '../../functions/simulators/dataset';
import { demoApplication, DEMO_PERSON, DEMO_USCC, type ApiClient } from './client';
import { hrOf, startHarness, waitFor, type THarness } from './harness';

jest.setTimeout(120_000);

let h: THarness;
let hr: ApiClient;
let ledger: TLedgerPort;
beforeAll(async () => {
  h = await startHarness({ themeExportIntervalMs: 500 });
  hr = await hrOf(h, DEMO_USCC);
  ledger = h.stack.deps.ledger;
});
afterAll(() => h.close());

type TPerson = { documentNumber: string; name: string };

async function filled(api: ApiClient, person: TPerson) {
  const ent = await api.get(`/api/autofill/enterprise?uscc=${DEMO_USCC}`);
  const p = await api.get(`/api/autofill/person?idType=citizen_id&idNumber=${person.documentNumber}&name=${encodeURIComponent(person.name)}`);
  expect([ent.status, p.status]).toEqual([200, 200]);
  return { employer: ent.body.values, person: p.body.values };
}

function bodyFor(f: Awaited<ReturnType<typeof filled>>, person: TPerson) {
  return person === DEMO_PERSON
    ? demoApplication(f, localToday())
    : demoApplication(f, localToday(), { employee: { documentNumber: person.documentNumber, name: person.name, education: '61', graduateSchool: undefined, major: undefined, graduationDate: undefined } });
}

async function hire(person: TPerson): Promise<string> {
  const f = await filled(hr, person);
  const res = await hr.post('/api/applications', bodyFor(f, person), { 'idempotency-key': randomUUID() });
  expect(res.status).toBe(201);
  return res.body.application.id as string;
}

const allDone = (id: string) =>
  waitFor(
    () => hr.get(`/api/applications/${id}`),
    (r) => r.body.items.every((i: { state: string }) => i.state === 'done'),
    30_000,
  );

async function ledgerEvents(): Promise<TLedgerEvent[]> {
  return (await ledger.entries(0, await ledger.size())).map((e) => e.event);
}

async function received(): Promise<{ next: number; duplicates: number; events: { index: number; id: string; type: string }[] }> {
  return (await fetch(`${h.stack.baseUrl}/sim/theme-db/_dev/received`)).json() as never;
}

/** Spies on the ledger's appends (the handlers share these deps). */
function spyAppends(): { calls: string[][]; restore(): void } {
  const original = ledger.append;
  const calls: string[][] = [];
  ledger.append = (events) => (calls.push(events.map((e) => e.id)), original.call(ledger, events));
  return { calls, restore: () => void (ledger.append = original) };
}

/** Waits until the 主题库 holds exactly the ledger, in order; returns both. */
/** The sink and the ledger read together, once the sink holds everything the ledger held at that moment
 * (an event appended after the items are done — the follow-ups of the last transition — is waited for too). */
async function inSync() {
  return waitFor(
    async () => {
      const sink = await received();
      return { sink, events: await ledgerEvents() };
    },
    (v) => v.events.length > 0 && v.sink.next === v.events.length,
    40_000,
    200,
  );
}

describe('the ledger and the 主题库', () => {
  let firstId: string;

  it('records a filing and its first run in ONE ledger append', async () => {
    const f = await filled(hr, DEMO_PERSON);
    const spy = spyAppends();
    let res;
    try {
      res = await hr.post('/api/applications', bodyFor(f, DEMO_PERSON), { 'idempotency-key': randomUUID() });
    } finally {
      spy.restore();
    }
    expect(res.status).toBe(201);
    firstId = res.body.application.id;
    const mine = spy.calls.filter((ids) => ids.some((id) => id.startsWith(`${firstId}:`)));
    expect(mine).toHaveLength(1);
    expect(mine[0]![0]).toBe(`${firstId}:filed`);
    // the instant items' transitions are in it too
    expect(mine[0]!.filter((id) => id.endsWith(':done')).length).toBeGreaterThanOrEqual(5);
    const events = await ledgerEvents();
    const filedEvent = events.find((e) => e.id === `${firstId}:filed`)!;
    expect(filedEvent).toMatchObject({ type: 'application.filed', subject: { uscc: DEMO_USCC, applicationId: firstId, personIdHmac: hmacId(DEMO_PERSON.documentNumber, h.stack.deps.keys) } });
    expect(JSON.stringify(events)).not.toContain(DEMO_PERSON.documentNumber);
    expect(JSON.stringify(events)).not.toContain(DEMO_PERSON.name);
  });

  it('brings every ledger event to the 主题库 in order, exactly once', async () => {
    await allDone(firstId);
    const { sink, events } = await inSync();
    expect(sink.events.map((e) => e.id)).toEqual(events.map((e) => e.id));
    expect(sink.events.map((e) => e.index)).toEqual(events.map((_, i) => i));
    expect(new Set(sink.events.map((e) => e.id)).size).toBe(sink.events.length);
    const types = new Set(events.filter((e) => e.subject.applicationId === firstId || e.type === 'autofill.lookup').map((e) => e.type));
    expect([...types].sort()).toEqual(expect.arrayContaining(['application.filed', 'autofill.lookup', 'item.transition', 'notification.sent']));
    // the card's production stages and its completion, from the durable path
    const card = events.filter((e) => e.subject.applicationId === firstId && e.data.item === 'social_security_card');
    expect(card.map((e) => e.data.to)).toContain('done');
    expect(JSON.stringify(card)).not.toMatch(/"cardNo":"J\d{8}"/); // card numbers masked
  });

  it('backfills after the 主题库 was down: nothing lost, nothing twice', async () => {
    await h.sim('themeDb', { down: true });
    const id = await hire(DEMO_PEOPLE.employeeB);
    await allDone(id);
    const during = await h.api().get('/api/health');
    expect(during.body.themeDb.backlog).toBeGreaterThan(0);
    expect(during.body.themeDb.lastError).toMatch(/主题库/);
    const before = await received();
    expect(before.events.some((e) => e.id === `${id}:filed`)).toBe(false);

    await h.sim('themeDb', { down: false });
    const { sink, events } = await inSync();
    expect(sink.events.map((e) => e.id)).toEqual(events.map((e) => e.id));
    expect(new Set(sink.events.map((e) => e.id)).size).toBe(sink.events.length);
    expect(sink.events.some((e) => e.id === `${id}:filed`)).toBe(true);
  });

  it('keeps the events of a filing whose ledger append failed (the durable queue carries them)', async () => {
    const original = ledger.append;
    let failed = 0;
    ledger.append = (events) => {
      if (events.some((e) => e.type === 'application.filed') && failed === 0) {
        failed++;
        return Promise.reject(new Error('ledger down (test)'));
      }
      return original.call(ledger, events);
    };
    let id: string;
    try {
      id = await hire(DEMO_PERSON);
    } finally {
      ledger.append = original;
    }
    expect(failed).toBe(1);
    // the same person again: 社保 answers “already insured here” — whatever the outcome, its events are kept
    await waitFor(ledgerEvents, (evs) => evs.some((e) => e.id === `${id}:filed`), 20_000);
    const app = (await h.stack.deps.store.get(id))!;
    const history = (await h.stack.deps.store.items(app)).reduce((n, i) => n + i.history.length - 1, 0);
    expect(history).toBeGreaterThanOrEqual(1);
    await waitFor(ledgerEvents, (evs) => evs.filter((e) => e.subject.applicationId === id && e.type === 'item.transition').length >= history, 20_000);
    const { sink, events: all } = await inSync();
    expect(sink.events.map((e) => e.id)).toEqual(all.map((e) => e.id));
  });

  it('shows the lag in /api/health', async () => {
    await inSync();
    const health = await h.api().get('/api/health');
    expect(health.status).toBe(200);
    const t = health.body.themeDb;
    expect(t).toMatchObject({ status: 'ok', backlog: 0, oldestPendingMs: 0, lastExportAt: expect.any(String) });
    expect(t.lag.samples).toBeGreaterThan(0);
    expect(t.lag.p50Ms).toBeLessThanOrEqual(t.lag.p99Ms);
    expect(t.lag.p99Ms).toBeLessThan(60_000); // the goal (the outage above lasted seconds)
    expect(t.ledgerSize).toBe(await ledger.size());
  });
});

describe('the access log', () => {
  it('holds every lookup made during a hire, each also in the ledger', async () => {
    const person = DEMO_PEOPLE.employeeB;
    const idHmac = hmacId(person.documentNumber, h.stack.deps.keys);
    const key = `${h.stack.env.KEY_PREFIX}person:${idHmac}:access`;
    const before = await h.stack.deps.redis.llen(key);
    const other = await hrOf(h, DEMO_USCC);
    // a mistyped name, then the right one twice (the wizard re-opened), then the filing
    const wrong = await other.get(`/api/autofill/person?idType=citizen_id&idNumber=${person.documentNumber}&name=${encodeURIComponent('测试员工丙')}`);
    expect(wrong.status).toBe(200);
    await filled(other, person);
    const f = await filled(other, person);
    const res = await other.post('/api/applications', bodyFor(f, person), { 'idempotency-key': randomUUID() });
    expect(res.status).toBe(201);

    const log = ((await h.stack.deps.redis.lrange(key, 0, -1)) as string[]).map((e) => (typeof e === 'string' ? JSON.parse(e) : e) as Record<string, unknown>);
    const made = log.slice(0, log.length - before).filter((e) => e.purpose === '录用登记自动填充'); // (opening a record is logged too)
    expect(made).toHaveLength(3);
    expect(made.map((e) => e.matched)).toEqual([true, true, false]); // newest first
    for (const e of made) expect(e).toMatchObject({ actor: expect.stringMatching(/^hr:.+@91150302MA0N1A2B37$/), purpose: '录用登记自动填充', eventId: expect.stringMatching(/^lookup:/) });
    const events = await ledgerEvents();
    for (const e of made) {
      expect(events.find((x) => x.id === e.eventId)).toMatchObject({ type: 'autofill.lookup', actor: e.actor, subject: { personIdHmac: idHmac, uscc: DEMO_USCC }, data: { sources: e.sources } });
    }
  });
});
