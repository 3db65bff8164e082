/**
 * The token store's Lua scripts against both backends (the embedded
 * ioredis-mock and a real Redis), through the real @upstash/redis client and
 * our gateway — and the in-process MemoryTokenStore, which must behave the same.
 */
import { startTestStore, type TTestStore } from '../storage/testing';
import { chinaDay, MemoryTokenStore, msUntilChinaMidnight, RedisTokenStore, type TWeChatTokenStore } from './token-store';

const T0 = Date.parse('2026-11-26T02:00:00Z'); // 10:00 in Beijing
const tok = (token: string, at = T0) => ({ token, expiresAt: at + 7200_000, refreshAt: at + 6900_000 });

describe('the China day', () => {
  it('turns at midnight in Beijing', () => {
    expect(chinaDay(Date.parse('2026-11-26T15:59:59.999Z'))).toBe('20261126');
    expect(chinaDay(Date.parse('2026-11-26T16:00:00Z'))).toBe('20261127');
    expect(msUntilChinaMidnight(T0)).toBe(14 * 3_600_000);
    expect(msUntilChinaMidnight(Date.parse('2026-11-26T16:00:00Z'))).toBe(86_400_000);
  });
});

type TKind = 'memory store' | 'redis: memory backend' | 'redis: real Redis';

describe.each<TKind>(['memory store', 'redis: memory backend', 'redis: real Redis'])('%s', (kind) => {
  let s: TTestStore | undefined;
  let n = 0;
  let store: TWeChatTokenStore;
  beforeAll(async () => {
    if (kind !== 'memory store') s = await startTestStore({ backend: kind === 'redis: real Redis' ? 'redis' : 'memory' });
  });
  afterAll(() => s?.close());
  beforeEach(() => {
    n += 1;
    store = s ? new RedisTokenStore(s.redis, s.prefix, `wx000000000000000${n}`) : new MemoryTokenStore();
  });

  it('reads nothing, then what was set', async () => {
    expect(await store.read()).toBeUndefined();
    expect(await store.compareAndSet(undefined, tok('A'), T0)).toEqual({ written: true, current: tok('A') });
    expect(await store.read()).toEqual(tok('A'));
  });

  it('compare-and-set: a stale refresher never overwrites a newer token', async () => {
    await store.compareAndSet(undefined, tok('A'), T0);
    // B read A and refreshed: written
    expect(await store.compareAndSet('A', tok('B', T0 + 1000), T0 + 1000)).toEqual({ written: true, current: tok('B', T0 + 1000) });
    // a refresher that had read A (or nothing) comes late with C: B stays, and it learns B
    expect(await store.compareAndSet('A', tok('C', T0 + 2000), T0 + 2000)).toEqual({ written: false, current: tok('B', T0 + 1000) });
    expect(await store.compareAndSet(undefined, tok('C', T0 + 2000), T0 + 2000)).toEqual({ written: false, current: tok('B', T0 + 1000) });
    // the same token again (normal mode handed both refreshers B): fine, with its newer times
    expect(await store.compareAndSet('A', tok('B', T0 + 3000), T0 + 3000)).toEqual({ written: true, current: tok('B', T0 + 3000) });
    expect(await store.read()).toEqual(tok('B', T0 + 3000));
  });

  it('concurrent compare-and-sets from the same read: exactly one wins', async () => {
    await store.compareAndSet(undefined, tok('A'), T0);
    const results = await Promise.all(['X1', 'X2', 'X3', 'X4', 'X5'].map((t) => store.compareAndSet('A', tok(t), T0)));
    expect(results.filter((r) => r.written)).toHaveLength(1);
    const winner = results.find((r) => r.written)!.current.token;
    expect(results.every((r) => r.current.token === winner)).toBe(true);
    expect((await store.read())?.token).toBe(winner);
  });

  it('the lock: one holder at a time, released only by its owner, expiring by itself', async () => {
    expect(await store.tryLock('one', 300)).toBe(true);
    expect(await store.tryLock('two', 300)).toBe(false);
    await store.unlock('two'); // not the owner: no effect
    expect(await store.tryLock('two', 300)).toBe(false);
    await store.unlock('one');
    expect(await store.tryLock('two', 150)).toBe(true);
    await new Promise((r) => setTimeout(r, 250));
    expect(await store.tryLock('three', 300)).toBe(true);
    await store.unlock('three');
  });

  it('concurrent tryLocks: exactly one gets it', async () => {
    const got = await Promise.all(Array.from({ length: 10 }, (_, i) => store.tryLock(`owner-${i}`, 5_000)));
    expect(got.filter(Boolean)).toHaveLength(1);
  });

  it('forced refreshes: 30 s apart', async () => {
    expect(await store.permitForceRefresh(T0, 'p1')).toEqual({ granted: true, usedToday: 1 });
    expect(await store.permitForceRefresh(T0 + 10_000, 'p2')).toEqual({ granted: false, reason: 'too_soon', usedToday: 1, retryAfterMs: 20_000 });
    expect(await store.permitForceRefresh(T0 + 30_000, 'p3')).toEqual({ granted: true, usedToday: 2 });
  });

  it('forced refreshes: 20 a day in Beijing, again after midnight', async () => {
    for (let i = 0; i < 20; i++) expect(await store.permitForceRefresh(T0 + i * 30_000, `d${i}`)).toMatchObject({ granted: true, usedToday: i + 1 });
    expect(await store.permitForceRefresh(T0 + 20 * 30_000, 'd20')).toEqual({ granted: false, reason: 'daily_cap', usedToday: 20, retryAfterMs: msUntilChinaMidnight(T0 + 20 * 30_000) });
    const midnight = Date.parse('2026-11-26T16:00:00Z');
    expect(await store.permitForceRefresh(midnight, 'next-day')).toEqual({ granted: true, usedToday: 1 });
  });

  it('custom limits', async () => {
    const limits = { maxPerDay: 1, minGapMs: 1_000 };
    expect((await store.permitForceRefresh(T0, 'a', limits)).granted).toBe(true);
    expect(await store.permitForceRefresh(T0 + 1_000, 'b', limits)).toMatchObject({ granted: false, reason: 'daily_cap' });
  });

  it('a repeated permit request (a retried round trip) counts once', async () => {
    expect(await store.permitForceRefresh(T0, 'same')).toEqual({ granted: true, usedToday: 1 });
    expect(await store.permitForceRefresh(T0 + 5, 'same')).toEqual({ granted: true, usedToday: 1 });
    expect(await store.permitForceRefresh(T0 + 10, 'other')).toMatchObject({ granted: false, reason: 'too_soon' });
  });

  it('concurrent permit requests: one granted', async () => {
    const permits = await Promise.all(Array.from({ length: 8 }, (_, i) => store.permitForceRefresh(T0, `c${i}`)));
    expect(permits.filter((p) => p.granted)).toHaveLength(1);
  });

  if (kind !== 'memory store') {
    it('keys live under the prefix, with TTLs', async () => {
      const r = store as RedisTokenStore;
      await r.compareAndSet(undefined, tok('A', Date.now()), Date.now());
      await r.tryLock('o', 10_000);
      await r.permitForceRefresh(Date.now(), 'k');
      const pttl = async (key: string) => Number(await s!.redis.pttl(key));
      expect(r.keys.token.startsWith(`${s!.prefix}wechat:token:`)).toBe(true);
      expect(await pttl(r.keys.token)).toBeGreaterThan(7_000_000);
      expect(await pttl(r.keys.token)).toBeLessThanOrEqual(7_200_000);
      expect(await pttl(r.keys.lock)).toBeGreaterThan(0);
      expect(await pttl(r.keys.forceLast)).toBeGreaterThan(86_400_000);
      expect(await pttl(r.keys.forceDay(Date.now()))).toBeGreaterThan(86_400_000);
    });
  }
});
