/**
 * The self-hosted queue against both backends: deduplication, delivery with
 * a QStash-style signature, retries with backoff, the dead-letter list, and
 * redelivery after a crashed dispatcher's lease expires.
 */
import { startTestStore, type TTestStore } from '../storage/testing';
import { RedisDispatcher } from './dispatcher';
import { backoffSeconds, MAX_DELIVERY_ATTEMPTS, RedisQueue } from './queue';
import { signDelivery, verifyDelivery } from './signing';

const KEY = 'sig_test_current_key_0001';
const NEXT = 'sig_test_next_key_00000001';

describe.each(['memory', 'redis'] as const)('queue on %s', (backend) => {
  let s: TTestStore;
  let clock: number;
  beforeAll(async () => {
    s = await startTestStore({ backend });
  });
  afterAll(() => s.close());
  beforeEach(() => {
    clock = Date.now();
  });

  function dispatcher(fetchImpl: typeof fetch, prefix: string) {
    return new RedisDispatcher({ redis: s.redis, prefix, baseUrl: 'http://api.test', signingKey: KEY, fetchImpl, now: () => clock, random: () => 0.5, visibilityMs: 10_000 });
  }

  it('delivers once per dedup id, signed for the consumer’s URL', async () => {
    const prefix = `${s.prefix}a:`;
    const q = new RedisQueue(s.redis, prefix, () => clock);
    await q.publish('items', { applicationId: 'A1', item: '*' }, { dedupId: 'A1:filed' });
    await q.publish('items', { applicationId: 'A1', item: '*' }, { dedupId: 'A1:filed' });
    const seen: { url: string; body: string; signature: string }[] = [];
    const d = dispatcher(async (url, init) => {
      seen.push({ url: String(url), body: String(init?.body), signature: (init?.headers as Record<string, string>)['upstash-signature']! });
      return new Response('{}', { status: 200 });
    }, prefix);
    expect(await d.tick()).toBe(1);
    expect(await d.tick()).toBe(0);
    expect(seen).toHaveLength(1);
    expect(seen[0]!.url).toBe('http://api.test/api/queue/items');
    expect(await verifyDelivery({ current: KEY, next: NEXT }, seen[0]!.signature, seen[0]!.body, seen[0]!.url)).toBe(true);
    expect(await verifyDelivery({ current: KEY, next: NEXT }, seen[0]!.signature, seen[0]!.body + ' ', seen[0]!.url)).toBe(false);
    expect(await verifyDelivery({ current: KEY, next: NEXT }, seen[0]!.signature, seen[0]!.body, 'http://evil.test/api/queue/items')).toBe(false);
    expect(await d.pending()).toBe(0);
  });

  it('publishes several messages at once, each deduplicated by its own id', async () => {
    const prefix = `${s.prefix}m:`;
    const q = new RedisQueue(s.redis, prefix, () => clock);
    await q.publishMany([
      { topic: 'notify', body: { n: 1 }, options: { dedupId: 'm1' } },
      { topic: 'notify', body: { n: 2 }, options: { dedupId: 'm2' } },
    ]);
    await q.publishMany([
      { topic: 'notify', body: { n: 2 }, options: { dedupId: 'm2' } },
      { topic: 'notify', body: { n: 3 }, options: { dedupId: 'm3', delaySeconds: 60 } },
    ]);
    const bodies: string[] = [];
    const d = dispatcher(async (_url, init) => (bodies.push(String(init?.body)), new Response('{}')), prefix);
    while ((await d.tick()) > 0);
    expect(bodies.sort()).toEqual(['{"n":1}', '{"n":2}']);
    clock += 60_000;
    while ((await d.tick()) > 0);
    expect(bodies).toContain('{"n":3}');
  });

  it('holds a delayed message until it is due', async () => {
    const prefix = `${s.prefix}b:`;
    const q = new RedisQueue(s.redis, prefix, () => clock);
    await q.publish('items', { n: 1 }, { dedupId: 'b1', delaySeconds: 30 });
    const d = dispatcher(async () => new Response('{}'), prefix);
    expect(await d.tick()).toBe(0);
    clock += 30_000;
    expect(await d.tick()).toBe(1);
  });

  it('retries with backoff and dead-letters after the last attempt', async () => {
    const prefix = `${s.prefix}c:`;
    const q = new RedisQueue(s.redis, prefix, () => clock);
    await q.publish('items', { n: 2 }, { dedupId: 'c1' });
    let calls = 0;
    const d = dispatcher(async () => {
      calls++;
      return new Response('no', { status: 503 });
    }, prefix);
    for (let attempt = 0; attempt < MAX_DELIVERY_ATTEMPTS; attempt++) {
      expect(await d.tick()).toBe(0);
      clock += backoffSeconds(attempt + 1, () => 0.5) * 1000;
    }
    expect(calls).toBe(MAX_DELIVERY_ATTEMPTS);
    expect(await d.pending()).toBe(0);
    const dead = (await d.deadLetters()) as { attempts: number; lastError: string }[];
    expect(dead).toHaveLength(1);
    expect(dead[0]).toMatchObject({ attempts: MAX_DELIVERY_ATTEMPTS, lastError: 'HTTP 503' });
  });

  it('redelivers a message whose dispatcher died after claiming it', async () => {
    const prefix = `${s.prefix}d:`;
    const q = new RedisQueue(s.redis, prefix, () => clock);
    await q.publish('items', { n: 3 }, { dedupId: 'd1' });
    const hung = dispatcher(() => new Promise<Response>(() => undefined), prefix); // never answers: a crash mid-delivery
    void hung.tick();
    await new Promise((r) => setTimeout(r, 50));
    const healthy = dispatcher(async () => new Response('{}'), prefix);
    expect(await healthy.tick()).toBe(0); // leased
    clock += 10_001;
    expect(await healthy.tick()).toBe(1);
    expect(await healthy.pending()).toBe(0);
  });
});

describe('backoff', () => {
  it('doubles from 4 s, capped at 5 minutes, with jitter', () => {
    expect([1, 2, 3].map((a) => backoffSeconds(a, () => 0.5))).toEqual([4, 8, 16]);
    expect(backoffSeconds(20, () => 0.5)).toBe(300);
    expect(backoffSeconds(1, () => 0)).toBe(3);
    expect(backoffSeconds(1, () => 1)).toBe(5);
  });
  it('signs like QStash (iss Upstash, body hash, expiry)', async () => {
    const sig = signDelivery(KEY, 'http://x/api/queue/items', '{}', Date.now() - 10 * 60_000, 300);
    expect(await verifyDelivery({ current: KEY, next: NEXT }, sig, '{}', 'http://x/api/queue/items')).toBe(false); // expired
    const next = signDelivery(NEXT, 'http://x/api/queue/items', '{}');
    expect(await verifyDelivery({ current: KEY, next: NEXT }, next, '{}', 'http://x/api/queue/items')).toBe(true); // rotated key
  });
});
