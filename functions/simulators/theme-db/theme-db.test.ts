/**
 * The theme-database simulator over HTTP: batches in order, idempotent by
 * event id, a gap refused with the index it expects, a rewritten index
 * refused, the token checked, and the framework's failure switches.
 */
import { serveSimulators, type TLoopback } from '../loopback';
import { createThemeDbSimulator } from './theme-db';

const TOKEN = 'theme-token-0123456789';
const sim = createThemeDbSimulator({ token: TOKEN, now: () => Date.parse('2026-11-26T02:00:00Z') });
let server: TLoopback;
beforeAll(async () => {
  server = await serveSimulators(sim);
});
afterAll(() => server.close());
afterEach(() => sim.reset());

const entry = (id: string) => Buffer.from(JSON.stringify({ id, type: 't' })).toString('base64');
const ev = (index: number, id = `e${index}`) => ({ index, id, type: 't', at: '2026-11-26T01:59:00.000Z', entryBase64: entry(id) });
const batch = (startIndex: number, events: ReturnType<typeof ev>[]) => ({ source: 'test', startIndex, events });

async function post(body: unknown, token = TOKEN) {
  const res = await fetch(`${server.baseUrlOf(sim)}/events/batches`, { method: 'POST', headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` }, body: JSON.stringify(body) });
  return { status: res.status, body: (await res.json()) as any };
}

describe('主题库 simulator', () => {
  it('holds batches in order, and a repeat once', async () => {
    expect((await post(batch(0, [ev(0), ev(1)]))).body).toEqual({ code: '0000', message: '成功', data: { accepted: 2, duplicates: 0, next: 2, receivedAt: '2026-11-26T02:00:00.000Z' } });
    expect((await post(batch(1, [ev(1), ev(2)]))).body.data).toMatchObject({ accepted: 1, duplicates: 1, next: 3 });
    expect((await post(batch(0, [ev(0), ev(1), ev(2)]))).body.data).toMatchObject({ accepted: 0, duplicates: 3, next: 3 });
    expect(sim.received().map((e) => [e.index, e.id])).toEqual([[0, 'e0'], [1, 'e1'], [2, 'e2']]);
    const dev = (await (await fetch(`${server.baseUrlOf(sim)}/_dev/received`)).json()) as any;
    expect(dev).toMatchObject({ next: 3, accepted: 3, duplicates: 4, batches: 3 });
    expect(dev.events).toHaveLength(3);
    const cursor = (await (await fetch(`${server.baseUrlOf(sim)}/events/cursor`, { headers: { authorization: `Bearer ${TOKEN}` } })).json()) as any;
    expect(cursor.data).toEqual({ next: 3 });
  });

  it('refuses a gap with the index it expects, a rewritten index, and malformed batches', async () => {
    await post(batch(0, [ev(0)]));
    expect((await post(batch(2, [ev(2)]))).body).toMatchObject({ code: 'INDEX_GAP', data: { expected: 1 } });
    expect((await post(batch(0, [ev(0, 'other')]))).body).toMatchObject({ code: 'INDEX_CONFLICT', data: { index: 0 } });
    expect((await post(batch(1, [ev(1), ev(3)]))).body).toMatchObject({ code: 'INVALID_PARAMS' });
    expect((await post(batch(1, [{ ...ev(1), entryBase64: entry('not-e1') }]))).body).toMatchObject({ code: 'INVALID_PARAMS' });
    expect(sim.stats()).toMatchObject({ next: 1, gaps: 1, refused: 3 });
  });

  it('holds an event id once even at another index', async () => {
    await post(batch(0, [ev(0, 'same'), ev(1, 'same'), ev(2)]));
    expect(sim.received().map((e) => e.id)).toEqual(['same', 'e2']);
    expect(sim.stats()).toMatchObject({ next: 3, accepted: 2, duplicates: 1 });
  });

  it('checks the token and obeys the switches', async () => {
    expect((await post(batch(0, [ev(0)]), 'wrong-token-000000')).status).toBe(401);
    sim.switches.down = true;
    expect((await post(batch(0, [ev(0)]))).status).toBe(503);
    sim.switches.down = false;
    sim.switches.latencyMs = 50;
    const started = Date.now();
    expect((await post(batch(0, [ev(0)]))).status).toBe(200);
    expect(Date.now() - started).toBeGreaterThanOrEqual(45);
  });
});
