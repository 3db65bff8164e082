/**
 * The access_token across function instances: several WeChatClients (one per
 * simulated instance) share one token store — in this process, or Redis on
 * both backends — and talk to the WeChat simulator over loopback HTTP.
 */
import { logger } from '../lib/logger';
import { serveSimulators, type TLoopback } from '../simulators/loopback';
import { createWeChatSimulator, DEFAULT_SIM_APPID, DEFAULT_SIM_SECRET, type TWeChatSimulator } from '../simulators/wechat/wechat';
import { startTestStore, type TTestStore } from '../storage/testing';
import { WeChatClient, WeChatTokenError } from './client';
import { MemoryTokenStore, RedisTokenStore, type TWeChatTokenStore } from './token-store';

const T0 = Date.parse('2026-11-26T02:00:00Z');
let clock = T0;
let sim: TWeChatSimulator;
let loop: TLoopback;
let base: string;
const lines: string[] = [];

const STABLE = 'POST /cgi-bin/stable_token';
const QUERY = 'POST /cityservice/face/identify/queryverifyinfo';

async function post(path: string, body: unknown = {}): Promise<any> {
  return (await fetch(base + path, { method: 'POST', body: JSON.stringify(body) })).json();
}
const outsiderForce = () => post('/cgi-bin/stable_token', { grant_type: 'client_credential', appid: DEFAULT_SIM_APPID, secret: DEFAULT_SIM_SECRET, force_refresh: true });

beforeAll(async () => {
  logger.configure({ level: 'debug', sink: (line) => lines.push(line) });
  sim = createWeChatSimulator({ now: () => clock });
  loop = await serveSimulators(sim);
  base = loop.baseUrlOf(sim);
});
afterAll(async () => {
  await loop.close();
  logger.configure({ level: 'info', sink: (line) => process.stdout.write(line + '\n') });
});
beforeEach(() => {
  sim.reset();
  clock = T0;
  lines.length = 0;
});

/** A face query with any session: with a working token it answers 47001 (no such verify_id), i.e. the token was accepted. */
async function tokenAccepted(wx: WeChatClient): Promise<boolean> {
  const error = await wx.queryVerifyInfo({ verifyId: 'v', outSeqNo: 'o', openid: 'o', certHash: 'h' }).catch((e: unknown) => e);
  if ((error as { errcode?: number }).errcode === 47001) return true;
  throw error;
}

type TKind = 'memory store' | 'redis: memory backend' | 'redis: real Redis';

describe.each<TKind>(['memory store', 'redis: memory backend', 'redis: real Redis'])('instances sharing a %s', (kind) => {
  let s: TTestStore | undefined;
  let n = 0;
  let store: TWeChatTokenStore;
  beforeAll(async () => {
    if (kind !== 'memory store') s = await startTestStore({ backend: kind === 'redis: real Redis' ? 'redis' : 'memory' });
  });
  afterAll(() => s?.close());
  beforeEach(() => {
    n += 1;
    store = s ? new RedisTokenStore(s.redis, `${s.prefix}${n}:`, DEFAULT_SIM_APPID) : new MemoryTokenStore();
  });

  const instance = (over: Partial<ConstructorParameters<typeof WeChatClient>[0]> = {}) =>
    new WeChatClient({ baseUrl: base, timeoutMs: 2000, retries: 0, appid: DEFAULT_SIM_APPID, secret: DEFAULT_SIM_SECRET, now: () => clock, tokenStore: store, ...over });
  const instances = (count: number, over?: Partial<ConstructorParameters<typeof WeChatClient>[0]>) => Array.from({ length: count }, () => instance(over));

  it('ten concurrent first calls: one stable_token call, one token for all', async () => {
    const fleet = instances(10);
    const tokens = await Promise.all(fleet.map((wx) => wx.getAccessToken()));
    expect(sim.calls.get(STABLE)).toBe(1);
    expect(new Set(tokens).size).toBe(1);
    expect((await store.read())?.token).toBe(tokens[0]);
    // two calls in the same instance, and a new instance: still no new call
    await Promise.all([fleet[0]!.getAccessToken(), fleet[0]!.getAccessToken(), instance().getAccessToken()]);
    expect(sim.calls.get(STABLE)).toBe(1);
  });

  it('refreshes ~300 s before expiry: one call for the fleet; the old token keeps working meanwhile', async () => {
    const fleet = instances(10);
    const first = await fleet[0]!.getAccessToken();
    clock = T0 + 6_901_000;
    const tokens = await Promise.all(fleet.map((wx) => wx.getAccessToken()));
    expect(sim.calls.get(STABLE)).toBe(2);
    const next = (await store.read())!.token;
    expect(next).not.toBe(first);
    expect(tokens.every((t) => t === next || t === first)).toBe(true);
    expect(await Promise.all(fleet.map(tokenAccepted))).toEqual(fleet.map(() => true));
    expect(await Promise.all(fleet.map((wx) => wx.getAccessToken()))).toEqual(fleet.map(() => next));
  });

  it('a 40001 on a token WeChat still hands out: exactly one forced refresh, then the call is retried', async () => {
    const wx = instance();
    const old = await wx.getAccessToken();
    await post('/_dev/revoke-token');
    expect(await tokenAccepted(wx)).toBe(true);
    expect(sim.stats().forceRefreshes).toBe(1);
    expect(sim.calls.get(STABLE)).toBe(3); // the first, one in normal mode (gave the refused token again), the forced one
    expect(sim.calls.get(QUERY)).toBe(2);
    expect((await store.read())!.token).not.toBe(old);
    expect(lines.some((l) => l.includes('强制刷新微信接口调用凭证'))).toBe(true);
  });

  it('ten instances hitting 40001 together: still one forced refresh', async () => {
    const fleet = instances(10);
    await Promise.all(fleet.map((wx) => wx.getAccessToken()));
    await post('/_dev/revoke-token');
    expect(await Promise.all(fleet.map(tokenAccepted))).toEqual(fleet.map(() => true));
    expect(sim.stats().forceRefreshes).toBe(1);
    expect(new Set(await Promise.all(fleet.map((wx) => wx.getAccessToken()))).size).toBe(1);
  });

  it('a 40001 after someone else forced a refresh: normal mode gives the new token, nothing is forced', async () => {
    const fleet = instances(3);
    await Promise.all(fleet.map((wx) => wx.getAccessToken()));
    const theirs = (await outsiderForce()).access_token as string;
    expect(await Promise.all(fleet.map(tokenAccepted))).toEqual([true, true, true]);
    expect(sim.stats().forceRefreshes).toBe(1); // the outsider's only
    expect((await store.read())!.token).toBe(theirs);
  });

  it('a 42001 (an instance whose clock runs late thinks the shared token fresh): a new token in normal mode', async () => {
    await instance().getAccessToken();
    const late = instance({ now: () => clock - 600_000 });
    clock = T0 + 7_300_000;
    expect(await tokenAccepted(late)).toBe(true);
    expect(sim.calls.get(QUERY)).toBe(2);
    expect(lines.some((l) => l.includes('"errcode":42001'))).toBe(true);
    expect(sim.stats().forceRefreshes).toBe(0);
  });

  it('forced refreshes at least 30 s apart: a clear error instead of forcing', async () => {
    const wx = instance();
    await wx.getAccessToken();
    await post('/_dev/revoke-token');
    expect(await tokenAccepted(wx)).toBe(true);
    clock += 10_000;
    await post('/_dev/revoke-token');
    const error = await wx.queryVerifyInfo({ verifyId: 'v', outSeqNo: 'o', openid: 'o', certHash: 'h' }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(WeChatTokenError);
    expect(error).toMatchObject({ kind: 'force_refresh_too_soon', retryAfterMs: 20_000, retryable: true });
    expect((error as Error).message).toBe('距上次强制刷新微信接口调用凭证不足 30 秒，请稍后再试');
    expect(sim.stats().forceRefreshes).toBe(1);
    expect(lines.some((l) => l.includes('"alert":"wechat_token_force_refresh_refused"'))).toBe(true);
    clock += 20_000;
    expect(await tokenAccepted(wx)).toBe(true);
    expect(sim.stats().forceRefreshes).toBe(2);
  });

  it('at most 20 forced refreshes a day, shared by all instances', async () => {
    clock = Date.parse('2026-11-26T15:00:00Z'); // 23:00 in Beijing
    for (let i = 0; i < 20; i++) expect((await store.permitForceRefresh(clock - 3_600_000 + i * 30_000, `earlier-${i}`)).granted).toBe(true);
    const [a, b] = instances(2);
    await a!.getAccessToken();
    await post('/_dev/revoke-token');
    await expect(b!.queryVerifyInfo({ verifyId: 'v', outSeqNo: 'o', openid: 'o', certHash: 'h' })).rejects.toMatchObject({ name: 'WeChatTokenError', kind: 'force_refresh_daily_cap' });
    expect(sim.stats().forceRefreshes).toBe(0);
    clock = Date.parse('2026-11-26T16:00:00Z'); // the next day in Beijing, the revoked token not yet expired
    expect(await tokenAccepted(b!)).toBe(true);
    expect(sim.stats().forceRefreshes).toBe(1);
  });

  it('a lock left by a crashed instance expires; the next one refreshes', async () => {
    await store.tryLock('crashed-instance', 200);
    const started = Date.now();
    const token = await instance({ tokenLock: { pollMs: 20 } }).getAccessToken();
    expect(Date.now() - started).toBeGreaterThanOrEqual(150);
    expect(token).toBeTruthy();
    expect(sim.calls.get(STABLE)).toBe(1);
  });

  it('while another instance refreshes, a still-valid token is used without waiting', async () => {
    const first = await instance().getAccessToken();
    clock = T0 + 6_901_000;
    await store.tryLock('busy-instance', 10_000);
    const started = Date.now();
    expect(await instance().getAccessToken()).toBe(first);
    expect(Date.now() - started).toBeLessThan(1_000);
    expect(sim.calls.get(STABLE)).toBe(1);
    await store.unlock('busy-instance');
  });

  it('gives up with a clear error when the refresher never finishes and there is no token', async () => {
    await store.tryLock('stuck-instance', 10_000);
    await expect(instance({ tokenLock: { ttlMs: 10_000, waitMs: 200, pollMs: 20 } }).getAccessToken()).rejects.toMatchObject({ name: 'WeChatTokenError', kind: 'refresh_busy' });
    expect(sim.calls.get(STABLE)).toBeUndefined();
    await store.unlock('stuck-instance');
  });
});

describe('without a working store', () => {
  const broken: TWeChatTokenStore = {
    read: () => Promise.reject(new Error('storage unavailable')),
    compareAndSet: () => Promise.reject(new Error('storage unavailable')),
    tryLock: () => Promise.reject(new Error('storage unavailable')),
    unlock: () => Promise.reject(new Error('storage unavailable')),
    permitForceRefresh: () => Promise.reject(new Error('storage unavailable')),
  };
  const wx = () => new WeChatClient({ baseUrl: base, timeoutMs: 2000, retries: 0, appid: DEFAULT_SIM_APPID, secret: DEFAULT_SIM_SECRET, now: () => clock, tokenStore: broken });

  it('asks WeChat directly in normal mode (never voids anyone\'s token)', async () => {
    const client = wx();
    expect(await tokenAccepted(client)).toBe(true);
    expect(sim.stats().forceRefreshes).toBe(0);
    expect(lines.some((l) => l.includes('共享存储不可用'))).toBe(true);
  });

  it('recovers from someone else\'s forced refresh, but never forces blind', async () => {
    const client = wx();
    await client.getAccessToken();
    await outsiderForce();
    expect(await tokenAccepted(client)).toBe(true);
    clock += 60_000;
    await post('/_dev/revoke-token');
    await expect(tokenAccepted(client)).rejects.toMatchObject({ name: 'WeChatTokenError', kind: 'store_unavailable' });
    expect(sim.stats().forceRefreshes).toBe(1); // the outsider's
  });
});

describe('the default store', () => {
  it('keeps a client working without Redis (one process)', async () => {
    const wx = new WeChatClient({ baseUrl: base, timeoutMs: 2000, appid: DEFAULT_SIM_APPID, secret: DEFAULT_SIM_SECRET, now: () => clock });
    expect(wx.tokenStore).toBeInstanceOf(MemoryTokenStore);
    const [a, b] = await Promise.all([wx.getAccessToken(), wx.getAccessToken()]);
    expect(a).toBe(b);
    expect(sim.calls.get(STABLE)).toBe(1);
  });
});
