/**
 * The rate limiter against both storage backends (the embedded one of `npm start`
 * and the real Redis), through the gateway and the @upstash/redis client as the
 * app uses them. Limits are set low per test; Date.now is pinned where the
 * answer depends on the time.
 */
import { randomBytes } from 'node:crypto';
import { AppError, RATE_LIMITS, type TRateLimitPolicy, withRateLimitOverrides, type TRateLimitsOverride } from '../../domain';
import type { TPrincipal } from '../auth/principal';
import { createRedisClient } from '../storage/redis';
import { startTestStore, type TTestStore } from '../storage/testing';
import { createRateLimiter, type TRateLimiter } from './limiter';

const keys = { encryptionKey: randomBytes(32), hmacKey: randomBytes(32) };
const hr = (sub: string, uscc: string): TPrincipal => ({ sub, session: {} as TPrincipal['session'], hr: { uscc } });
const clerk = (username: string): TPrincipal => ({ sub: `clerk:${username}`, session: {} as TPrincipal['session'], clerk: { username, name: '测试窗口人员' } });
const employee = (sub: string): TPrincipal => ({ sub, session: {} as TPrincipal['session'], employee: { idHmac: 'h', idEnc: 'e', name: '测试' } });
const fromAddress = (address: string, forwarded?: string) => ({ headers: forwarded ? { 'x-forwarded-for': forwarded } : {}, socket: { remoteAddress: address } });

const ENT_A = '91150302MA0N1A2B37';
const ENT_B = '91150303MA0N7C8D99';
const PERSON = ['150302199503150020', '150302199208080015', '150302196001010059', '150302198807077630'];

/** What a call was answered with: 'ok', or the refusal. */
async function outcome(call: Promise<unknown>): Promise<'ok' | { code: string; message: string; retryAfterSeconds?: number; status: number }> {
  try {
    await call;
    return 'ok';
  } catch (error) {
    if (!(error instanceof AppError)) throw error;
    return { code: error.code, message: error.message, status: error.status, ...(error.retryAfterSeconds !== undefined ? { retryAfterSeconds: error.retryAfterSeconds } : {}) };
  }
}
const codeOf = async (call: Promise<unknown>) => {
  const o = await outcome(call);
  return o === 'ok' ? 'ok' : o.code;
};

describe.each(['memory', 'redis'] as const)('rate limits on the %s backend', (backend) => {
  let store: TTestStore;
  beforeAll(async () => {
    store = await startTestStore({ backend });
  });
  afterAll(async () => {
    await store.close();
  });
  afterEach(() => jest.restoreAllMocks());

  /** A limiter with its own key space (tests do not share counters) and these overrides. */
  const limiterWith = (override: TRateLimitsOverride, policy: TRateLimitPolicy = withRateLimitOverrides(override)): TRateLimiter =>
    createRateLimiter({ redis: store.redis, prefix: `${store.prefix}${randomBytes(4).toString('hex')}:`, policy, keys, trustedProxyHops: 0 });

  it('a request count trips at exactly N+1, says what and when in Chinese, and Retry-After is the end of the window', async () => {
    jest.spyOn(Date, 'now').mockReturnValue(Date.parse('2026-11-26T02:00:22.400Z'));
    const rl = limiterWith({ autofillEnterprise: { perUser: { requests: 3, windowSeconds: 60 } } });
    const user = hr('openid-1', ENT_A);
    for (let i = 0; i < 3; i++) expect(await outcome(rl.autofillEnterprise(user))).toBe('ok');
    expect(await outcome(rl.autofillEnterprise(user))).toEqual({ code: 'RATE_LIMITED', status: 429, message: '查询单位信息过于频繁，请在 38 秒后重试', retryAfterSeconds: 38 });
    // still refused, and another user is not affected
    expect(await codeOf(rl.autofillEnterprise(user))).toBe('RATE_LIMITED');
    expect(await codeOf(rl.autofillEnterprise(hr('openid-2', ENT_A)))).toBe('ok');
  });

  it('auto-fill of a person: the per-user limit is per user, the per-enterprise limit is shared by its HR contacts, another enterprise is unaffected', async () => {
    const rl = limiterWith({ autofillPerson: { perUser: { requests: 3, windowSeconds: 3600 }, perEnterprise: { requests: 5, windowSeconds: 3600 } } });
    const [a1, a2, b1] = [hr('hr-a1', ENT_A), hr('hr-a2', ENT_A), hr('hr-b1', ENT_B)];
    for (let i = 0; i < 3; i++) expect(await codeOf(rl.autofillPerson(a1, PERSON[0]!))).toBe('ok');
    const perUser = await outcome(rl.autofillPerson(a1, PERSON[0]!));
    expect(perUser).toMatchObject({ code: 'RATE_LIMITED', message: expect.stringMatching(/^查询人员信息过于频繁，请在 \d+ (秒|分钟)后重试$/) });
    // a1's refused 4th request took nothing from the enterprise: a2 still has 2 of the enterprise's 5
    expect(await codeOf(rl.autofillPerson(a2, PERSON[1]!))).toBe('ok');
    expect(await codeOf(rl.autofillPerson(a2, PERSON[1]!))).toBe('ok');
    const perEnterprise = await outcome(rl.autofillPerson(a2, PERSON[1]!));
    expect(perEnterprise).toMatchObject({ code: 'RATE_LIMITED', message: expect.stringMatching(/^本单位查询人员信息过于频繁/) });
    expect((perEnterprise as { retryAfterSeconds: number }).retryAfterSeconds).toBeGreaterThan(0);
    expect((perEnterprise as { retryAfterSeconds: number }).retryAfterSeconds).toBeLessThanOrEqual(3600);
    // another enterprise has its own counters
    for (let i = 0; i < 3; i++) expect(await codeOf(rl.autofillPerson(b1, PERSON[2]!))).toBe('ok');
  });

  it('the daily cap counts DIFFERENT people: the same person again is free, the next new one is refused until midnight in China', async () => {
    // 23:59:00 in Beijing: the cap resets in 60 s
    jest.spyOn(Date, 'now').mockReturnValue(Date.parse('2026-11-26T15:59:00Z'));
    const rl = limiterWith({ autofillPerson: { distinctPersonsPerEnterprisePerDay: { persons: 3 } } });
    const [a1, a2, b1] = [hr('hr-a1', ENT_A), hr('hr-a2', ENT_A), hr('hr-b1', ENT_B)];
    await rl.autofillPerson(a1, PERSON[0]!);
    await rl.autofillPerson(a2, PERSON[1]!);
    await rl.autofillPerson(a1, PERSON[2]!);
    // looked up again, by either HR contact, any number of times: not counted
    for (let i = 0; i < 4; i++) expect(await codeOf(rl.autofillPerson(i % 2 ? a1 : a2, PERSON[i % 3]!))).toBe('ok');
    expect(await outcome(rl.autofillPerson(a2, PERSON[3]!))).toEqual({
      code: 'RATE_LIMITED',
      status: 429,
      message: '本单位今日核验人员信息已达上限（3人），请明日再试；如需办理更多人员，请到政务服务窗口办理',
      retryAfterSeconds: 60,
    });
    // the enterprise's cap is its own
    expect(await codeOf(rl.autofillPerson(b1, PERSON[3]!))).toBe('ok');
    // the next day (China time) starts a new count
    jest.spyOn(Date, 'now').mockReturnValue(Date.parse('2026-11-26T16:00:01Z'));
    expect(await codeOf(rl.autofillPerson(a2, PERSON[3]!))).toBe('ok');
  });

  it('a lookup refused by a request count does not use up a place under the daily cap', async () => {
    const rl = limiterWith({ autofillPerson: { perUser: { requests: 1, windowSeconds: 3600 }, distinctPersonsPerEnterprisePerDay: { persons: 2 } } });
    const [a1, a2] = [hr('hr-a1', ENT_A), hr('hr-a2', ENT_A)];
    expect(await codeOf(rl.autofillPerson(a1, PERSON[0]!))).toBe('ok');
    expect(await codeOf(rl.autofillPerson(a1, PERSON[1]!))).toBe('RATE_LIMITED'); // a1's per-user limit
    expect(await codeOf(rl.autofillPerson(a2, PERSON[2]!))).toBe('ok'); // PERSON[1] took no place: this is the 2nd
    expect(await outcome(rl.autofillPerson(hr('hr-a3', ENT_A), PERSON[3]!))).toMatchObject({ message: expect.stringContaining('（2人）') });
  });

  it('a window clerk has a daily cap of their own and is not counted against any enterprise', async () => {
    const rl = limiterWith({ autofillPerson: { perEnterprise: { requests: 1, windowSeconds: 3600 }, distinctPersonsPerClerkPerDay: { persons: 2 } } });
    const c = clerk('clerk01');
    expect(await codeOf(rl.autofillPerson(c, PERSON[0]!))).toBe('ok');
    expect(await codeOf(rl.autofillPerson(c, PERSON[1]!))).toBe('ok');
    expect(await outcome(rl.autofillPerson(c, PERSON[2]!))).toMatchObject({ code: 'RATE_LIMITED', message: expect.stringContaining('您今日核验人员信息已达上限（2人）') });
    expect(await codeOf(rl.autofillPerson(hr('hr-a1', ENT_A), PERSON[2]!))).toBe('ok');
  });

  it('auto-fill needs an HR contact or a clerk before anything is counted', async () => {
    const rl = limiterWith({});
    expect(await codeOf(rl.autofillPerson(employee('e1'), PERSON[0]!))).toBe('FORBIDDEN');
    expect(await codeOf(rl.autofillEnterprise(employee('e1')))).toBe('FORBIDDEN');
    expect(await codeOf(rl.filing(employee('e1'), 'key-00000001'))).toBe('FORBIDDEN');
  });

  it('filing counts each Idempotency-Key once: retries are never counted nor refused, even when the limit is reached', async () => {
    const rl = limiterWith({ filing: { perUser: { requests: 2, windowSeconds: 3600 } } });
    const a1 = hr('hr-a1', ENT_A);
    expect(await codeOf(rl.filing(a1, 'key-00000001'))).toBe('ok');
    // a retry, and two concurrent retries: not counted
    expect(await codeOf(rl.filing(a1, 'key-00000001'))).toBe('ok');
    expect(await Promise.all([codeOf(rl.filing(a1, 'key-00000001')), codeOf(rl.filing(a1, 'key-00000001'))])).toEqual(['ok', 'ok']);
    expect(await codeOf(rl.filing(a1, 'key-00000002'))).toBe('ok');
    const refused = await outcome(rl.filing(a1, 'key-00000003'));
    expect(refused).toMatchObject({ code: 'RATE_LIMITED', status: 429, message: expect.stringMatching(/^提交申请过于频繁，请在 \d+ (秒|分钟)后重试$/) });
    // the limit is reached, yet a retry of an earlier filing still gets through (to its stored answer)
    expect(await codeOf(rl.filing(a1, 'key-00000001'))).toBe('ok');
    expect(await codeOf(rl.filing(a1, 'key-00000002'))).toBe('ok');
    // the refused key was not remembered: it is refused again (not waved through as a "retry")
    expect(await codeOf(rl.filing(a1, 'key-00000003'))).toBe('RATE_LIMITED');
    // a malformed or missing key is left to the filing's own 422
    expect(await codeOf(rl.filing(a1, undefined))).toBe('ok');
  });

  it('two concurrent first attempts with the same key are counted once', async () => {
    const rl = limiterWith({ filing: { perUser: { requests: 2, windowSeconds: 3600 } } });
    const a1 = hr('hr-a1', ENT_A);
    expect(await Promise.all([codeOf(rl.filing(a1, 'key-10000001')), codeOf(rl.filing(a1, 'key-10000001'))])).toEqual(['ok', 'ok']);
    expect(await codeOf(rl.filing(a1, 'key-10000002'))).toBe('ok');
    expect(await codeOf(rl.filing(a1, 'key-10000003'))).toBe('RATE_LIMITED');
  });

  it('filing: the enterprise limit is shared by its HR contacts; window filings by a clerk are not counted against it', async () => {
    const rl = limiterWith({ filing: { perUser: { requests: 100, windowSeconds: 3600 }, perEnterprise: { requests: 2, windowSeconds: 86_400 } } });
    expect(await codeOf(rl.filing(hr('hr-a1', ENT_A), 'key-20000001'))).toBe('ok');
    expect(await codeOf(rl.filing(hr('hr-a2', ENT_A), 'key-20000002'))).toBe('ok');
    expect(await outcome(rl.filing(hr('hr-a2', ENT_A), 'key-20000003'))).toMatchObject({
      code: 'RATE_LIMITED',
      message: expect.stringMatching(/^本单位提交的申请已达上限（2件\/24 小时），请在 .+后重试，或到政务服务窗口办理$/),
    });
    expect(await codeOf(rl.filing(clerk('clerk01'), 'key-20000004'))).toBe('ok');
    expect(await codeOf(rl.filing(hr('hr-b1', ENT_B), 'key-20000005'))).toBe('ok');
  });

  it('the checks of one filing go to storage in ONE round trip (auto-pipelined)', async () => {
    const rl = limiterWith({});
    const a1 = hr('hr-a1', ENT_A);
    await rl.filing(a1, 'key-30000000'); // loads the scripts (EVALSHA → NOSCRIPT → EVAL the first time)
    store.gateway.resetStats();
    await rl.filing(a1, 'key-30000001');
    expect(store.gateway.stats.requests).toBe(1);
    expect(store.gateway.stats.commands).toBe(3); // two sliding windows + the key's marker
    store.gateway.resetStats();
    await rl.autofillPerson(a1, PERSON[0]!);
    expect(store.gateway.stats.requests).toBe(1);
  });

  it('clerk login: only failures count, per account and per address; a locked account is refused without checking the password', async () => {
    jest.spyOn(Date, 'now').mockReturnValue(Date.parse('2026-11-26T02:05:00Z'));
    const rl = limiterWith({ clerkLogin: { perUsername: { requests: 3, windowSeconds: 900 }, perIp: { requests: 4, windowSeconds: 900 } } });
    const wrong = () => {
      throw new AppError('UNAUTHENTICATED', { message: '账号或密码错误' });
    };
    const ok = () => 'token';
    for (let i = 0; i < 5; i++) expect(await rl.clerkLogin(fromAddress('10.0.0.1'), 'clerk01', ok)).toBe('token');
    for (let i = 0; i < 3; i++) expect(await codeOf(rl.clerkLogin(fromAddress('10.0.0.1'), 'clerk01', wrong))).toBe('UNAUTHENTICATED');
    const attempt = jest.fn(ok);
    // 02:05 is 5 minutes into a 15-minute window: back in 10 minutes
    expect(await outcome(rl.clerkLogin(fromAddress('10.0.0.2'), 'CLERK01', attempt))).toEqual({
      code: 'RATE_LIMITED',
      status: 429,
      message: '该账号登录失败次数过多，已暂时锁定，请在 10 分钟后重试',
      retryAfterSeconds: 600,
    });
    expect(attempt).not.toHaveBeenCalled();
    // the address has one failure left (3 counted), then it is refused for any account
    expect(await codeOf(rl.clerkLogin(fromAddress('10.0.0.1'), 'clerk02', wrong))).toBe('UNAUTHENTICATED');
    expect(await outcome(rl.clerkLogin(fromAddress('10.0.0.1'), 'clerk03', ok))).toMatchObject({ code: 'RATE_LIMITED', message: '本机登录失败次数过多，请在 10 分钟后重试' });
  });

  it('WeChat login: per caller address (X-Forwarded-For only behind a trusted proxy)', async () => {
    const policy = withRateLimitOverrides({ login: { perIp: { requests: 2, windowSeconds: 60 } } });
    const direct = createRateLimiter({ redis: store.redis, prefix: `${store.prefix}${randomBytes(4).toString('hex')}:`, policy, keys, trustedProxyHops: 0 });
    await direct.login(fromAddress('192.0.2.1', '198.51.100.1'));
    await direct.login(fromAddress('192.0.2.1', '198.51.100.2'));
    // a forged header does not make a new caller
    expect(await outcome(direct.login(fromAddress('192.0.2.1', '198.51.100.3')))).toMatchObject({ code: 'RATE_LIMITED', message: expect.stringMatching(/^登录过于频繁，请在 \d+ 秒后重试$/) });
    expect(await codeOf(direct.login(fromAddress('192.0.2.2')))).toBe('ok');
    const proxied = createRateLimiter({ redis: store.redis, prefix: `${store.prefix}${randomBytes(4).toString('hex')}:`, policy, keys, trustedProxyHops: 1 });
    await proxied.login(fromAddress('10.1.1.1', '203.0.113.9'));
    await proxied.login(fromAddress('10.1.1.2', 'forged, 203.0.113.9'));
    expect(await codeOf(proxied.login(fromAddress('10.1.1.1', '203.0.113.9')))).toBe('RATE_LIMITED');
    expect(await codeOf(proxied.login(fromAddress('10.1.1.1', '203.0.113.10')))).toBe('ok');
  });

  it('card QR codes: per user', async () => {
    const rl = limiterWith({ cardQr: { perUser: { requests: 2, windowSeconds: 60 } } });
    await rl.cardQr(employee('e1'));
    await rl.cardQr(employee('e1'));
    expect(await outcome(rl.cardQr(employee('e1')))).toMatchObject({ code: 'RATE_LIMITED', message: expect.stringMatching(/^二维码刷新过于频繁，请在 \d+ 秒后重试$/) });
    expect(await codeOf(rl.cardQr(employee('e2')))).toBe('ok');
  });

  it('every key is under the deployment prefix', async () => {
    const prefix = `${store.prefix}${randomBytes(4).toString('hex')}:`;
    const rl = createRateLimiter({ redis: store.redis, prefix, policy: RATE_LIMITS, keys, trustedProxyHops: 0 });
    await rl.filing(hr('hr-a1', ENT_A), 'key-40000001');
    await rl.autofillPerson(hr('hr-a1', ENT_A), PERSON[0]!);
    await rl.login(fromAddress('192.0.2.7'));
    const all: string[] = [];
    let cursor = '0';
    do {
      const [next, keysFound] = (await store.backend.command(['SCAN', cursor, 'MATCH', `${store.prefix}*`, 'COUNT', '1000'])) as [Buffer | string, (Buffer | string)[]];
      cursor = next.toString();
      all.push(...keysFound.map(String));
    } while (cursor !== '0');
    const mine = all.filter((k) => k.startsWith(prefix));
    expect(mine.length).toBeGreaterThanOrEqual(6);
    expect(mine.every((k) => k.startsWith(`${prefix}rl:`))).toBe(true);
    // the distinct-person set holds keyed hashes, never an ID number
    expect(mine.join(' ')).not.toContain(PERSON[0]);
  });
});

describe('storage down while checking a limit', () => {
  it('fails closed: 503 STORAGE_UNAVAILABLE, never a pass and never a 500', async () => {
    const redis = createRedisClient({ url: 'http://127.0.0.1:9', token: 'x'.repeat(24) });
    const rl = createRateLimiter({ redis, prefix: 'test:down:', policy: RATE_LIMITS, keys, trustedProxyHops: 0 });
    for (const call of [rl.autofillPerson(hr('hr-a1', ENT_A), PERSON[0]!), rl.filing(hr('hr-a1', ENT_A), 'key-50000001'), rl.login(fromAddress('192.0.2.1')), rl.cardQr(employee('e1'))]) {
      expect(await outcome(call)).toMatchObject({ code: 'STORAGE_UNAVAILABLE', status: 503, retryAfterSeconds: 5 });
    }
    const attempt = jest.fn(() => 'token');
    expect(await codeOf(rl.clerkLogin(fromAddress('192.0.2.1'), 'clerk01', attempt))).toBe('STORAGE_UNAVAILABLE');
    expect(attempt).not.toHaveBeenCalled();
  });
});
