/**
 * WeChatClient.sendSubscribeMessage against the WeChat simulator over loopback
 * HTTP: every outcome by errcode, the stale-token retry, and what happens when
 * the request may or may not have reached WeChat.
 */
import { CircuitBreaker } from '../adapters/http';
import { logger } from '../lib/logger';
import { serveSimulators, type TLoopback } from '../simulators/loopback';
import { createWeChatSimulator, DEFAULT_SIM_APPID, DEFAULT_SIM_SECRET, SIM_SUBSCRIBE_TEMPLATES, simulatedOpenid, type TWeChatSimulator } from '../simulators/wechat';
import { WeChatClient } from './client';
import type { TSubscribeSendInput, TSubscribeSendOutcome } from './index';
import { MemoryTokenStore } from './token-store';

const T0 = Date.parse('2026-11-26T02:00:00Z');
let clock = T0;
let sim: TWeChatSimulator;
let loop: TLoopback;
let base: string;
let alice: string;
const lines: { level: string; message: string; alert?: string; [k: string]: unknown }[] = [];

const SEND = 'POST /cgi-bin/message/subscribe/send';
const TPL = SIM_SUBSCRIBE_TEMPLATES;

const client = (over: Partial<ConstructorParameters<typeof WeChatClient>[0]> = {}) =>
  // retries: 2 — and still a send is never repeated by the HTTP layer
  new WeChatClient({ baseUrl: base, timeoutMs: 1000, retries: 2, appid: DEFAULT_SIM_APPID, secret: DEFAULT_SIM_SECRET, now: () => clock, ...over });

async function dev(path: string, body: unknown): Promise<any> {
  return (await fetch(base + path, { method: 'POST', body: JSON.stringify(body) })).json();
}
const grant = (templateId: string = TPL.progress, openid = alice) => dev('/_dev/subscribe', { openid, answers: { [templateId]: 'accept' } });

const input = (over: Partial<TSubscribeSendInput> = {}): TSubscribeSendInput => ({
  touser: alice,
  templateId: TPL.progress,
  page: 'packageHire/pages/detail/index?id=A1',
  data: { thing1: { value: '就业登记' }, phrase2: { value: '已办结' }, time3: { value: '2026年11月26日 10:30' }, thing4: { value: '请在“我的”查看结果' } },
  miniprogramState: 'trial',
  lang: 'zh_CN',
  ...over,
});

beforeAll(async () => {
  logger.configure({ level: 'debug', sink: (line) => lines.push(JSON.parse(line)) });
  sim = createWeChatSimulator({ now: () => clock });
  loop = await serveSimulators(sim);
  base = loop.baseUrlOf(sim);
});
afterAll(async () => {
  await loop.close();
  logger.configure({ level: 'info', sink: (line) => process.stdout.write(line + '\n') });
});
beforeEach(async () => {
  sim.reset();
  clock = T0;
  alice = (await client().code2Session('alice.1')).openid;
  lines.length = 0;
});

const alerts = () => lines.filter((l) => l.level === 'error' && l.alert);

describe('sendSubscribeMessage', () => {
  it('sends: one subscription spent, the message delivered as given', async () => {
    await grant();
    await grant();
    const wx = client();
    const outcome = await wx.sendSubscribeMessage(input());
    expect(outcome).toEqual({ ok: true, msgid: expect.stringMatching(/^\d+$/) });
    expect(sim.quota(alice, TPL.progress)).toBe(1);
    expect(sim.messages(alice)).toEqual([
      expect.objectContaining({
        msgid: Number((outcome as { msgid: string }).msgid),
        templateId: TPL.progress,
        title: '办理进度通知',
        page: 'packageHire/pages/detail/index?id=A1',
        data: input().data,
        miniprogramState: 'trial',
        lang: 'zh_CN',
      }),
    ]);
    // optional fields left out are not sent
    expect(await wx.sendSubscribeMessage({ touser: alice, templateId: TPL.progress, data: input().data })).toMatchObject({ ok: true });
    expect(sim.messages(alice)[1]).toMatchObject({ miniprogramState: 'formal', lang: 'zh_CN' });
    expect(sim.messages(alice)[1]!.page).toBeUndefined();
    expect(alerts()).toEqual([]);
  });

  it('43101 → refused (no subscription left, or refused), no alert', async () => {
    expect(await client().sendSubscribeMessage(input())).toEqual({ ok: false, reason: 'refused', errcode: 43101, message: '用户拒绝接收或一次性订阅次数已用完' });
    await dev('/_dev/subscribe', { openid: alice, answers: { [TPL.done]: 'ban' } });
    await grant(TPL.done);
    expect(await client().sendSubscribeMessage(input({ templateId: TPL.done }))).toMatchObject({ ok: false, reason: 'refused', errcode: 43101 });
    expect(alerts()).toEqual([]);
  });

  it('47003 → bad_data: logged as an alert, not retried, nothing spent', async () => {
    await grant();
    const outcome = await client().sendSubscribeMessage(input({ data: { ...input().data, phrase2: { value: '已经办结了' + '啊' } } }));
    expect(outcome).toEqual({ ok: false, reason: 'bad_data', errcode: 47003, message: '订阅消息内容不符合模板字段规则（程序缺陷）' });
    expect(sim.calls.get(SEND)).toBe(1);
    expect(sim.quota(alice, TPL.progress)).toBe(1);
    expect(alerts()).toEqual([
      expect.objectContaining({ level: 'error', alert: 'wechat_subscribe_send', reason: 'bad_data', errcode: 47003, templateId: TPL.progress, errmsg: expect.stringContaining('data.phrase2.value invalid') }),
    ]);
  });

  it.each([
    ['40003 an openid not of this app', { touser: simulatedOpenid('stranger.1') }, 40003],
    ['40037 a template id not in the console', { templateId: 'WrongTemplateId000000' }, 40037],
    ['41030 a page the app does not have', { page: 'packageHire/pages/missing/index' }, 41030],
  ])('%s → config, logged as an alert', async (_name, over, errcode) => {
    await grant();
    const outcome = await client().sendSubscribeMessage(input(over));
    expect(outcome).toMatchObject({ ok: false, reason: 'config', errcode });
    expect(alerts()).toEqual([expect.objectContaining({ reason: 'config', errcode })]);
    expect(sim.calls.get(SEND)).toBe(1);
  });

  it.each([
    [-1, '微信系统繁忙，请稍后再发'],
    [45009, '微信接口调用次数已达今日上限，请稍后再发'],
    [45011, '微信接口调用过于频繁，请稍后再发'],
  ])('%i → retry_later, not retried by the client', async (errcode, message) => {
    await grant();
    await dev('/_dev/fail-next-sends', { errcodes: [errcode] });
    expect(await client().sendSubscribeMessage(input())).toEqual({ ok: false, reason: 'retry_later', errcode, message });
    expect(sim.calls.get(SEND)).toBe(1);
    expect(sim.quota(alice, TPL.progress)).toBe(1);
  });

  it('45009 when the app\'s daily send quota is used up', async () => {
    const tight = createWeChatSimulator({ prefix: '/sim/wechat-tight', now: () => clock, sendDailyLimit: 1 });
    const l = await serveSimulators(tight);
    try {
      const wx = client({ baseUrl: l.baseUrlOf(tight) });
      const openid = (await wx.code2Session('bob.1')).openid;
      const answers = { [TPL.progress]: 'accept' };
      for (let i = 0; i < 2; i++) await fetch(l.baseUrlOf(tight) + '/_dev/subscribe', { method: 'POST', body: JSON.stringify({ openid, answers }) });
      expect(await wx.sendSubscribeMessage(input({ touser: openid }))).toMatchObject({ ok: true });
      expect(await wx.sendSubscribeMessage(input({ touser: openid }))).toMatchObject({ ok: false, reason: 'retry_later', errcode: 45009 });
    } finally {
      await l.close();
    }
  });

  it('an unclassified errcode → unknown (not retried), logged as an alert', async () => {
    await grant();
    await dev('/_dev/fail-next-sends', { errcodes: [43107] });
    expect(await client().sendSubscribeMessage(input())).toEqual({ ok: false, reason: 'unknown', errcode: 43107, message: '微信拒绝发送订阅消息（errcode 43107）' });
    expect(alerts()).toHaveLength(1);
  });
});

describe('a stale token', () => {
  it('40001: one forced refresh, one retry, one message, one subscription spent', async () => {
    await grant();
    await grant();
    const wx = client();
    await wx.getAccessToken();
    await dev('/_dev/revoke-token', {});
    expect(await wx.sendSubscribeMessage(input())).toMatchObject({ ok: true });
    expect(sim.calls.get(SEND)).toBe(2);
    expect(sim.stats().forceRefreshes).toBe(1);
    expect(sim.messages(alice)).toHaveLength(1);
    expect(sim.quota(alice, TPL.progress)).toBe(1);
  });

  it('40001 after someone else forced a refresh: retried with the new token, nothing forced', async () => {
    await grant();
    const wx = client();
    await wx.getAccessToken();
    await dev('/cgi-bin/stable_token', { grant_type: 'client_credential', appid: DEFAULT_SIM_APPID, secret: DEFAULT_SIM_SECRET, force_refresh: true });
    expect(await wx.sendSubscribeMessage(input())).toMatchObject({ ok: true });
    expect(sim.stats().forceRefreshes).toBe(1);
  });

  it('still refused after the refresh → retry_later (one retry only)', async () => {
    await grant();
    await dev('/_dev/fail-next-sends', { errcodes: [40001, 40001] });
    expect(await client().sendSubscribeMessage(input())).toEqual({
      ok: false,
      reason: 'retry_later',
      errcode: 40001,
      message: '微信接口调用凭证刷新后仍无效，未发送，请稍后再发',
    });
    expect(sim.calls.get(SEND)).toBe(2);
    expect(sim.stats().forceRefreshes).toBe(1);
    expect(sim.quota(alice, TPL.progress)).toBe(1);
    expect(alerts()).toEqual([expect.objectContaining({ alert: 'wechat_token_still_invalid' })]);
  });

  it('no forced refresh allowed (30 s apart, 20 a day) → retry_later, nothing sent twice', async () => {
    await grant();
    const store = new MemoryTokenStore();
    await store.permitForceRefresh(clock - 5_000, 'someone-just-forced');
    const wx = client({ tokenStore: store });
    await wx.getAccessToken();
    await dev('/_dev/revoke-token', {});
    expect(await wx.sendSubscribeMessage(input())).toEqual({
      ok: false,
      reason: 'retry_later',
      message: '距上次强制刷新微信接口调用凭证不足 30 秒，请稍后再试（未发送）',
    });
    expect(sim.calls.get(SEND)).toBe(1);
    expect(sim.stats().forceRefreshes).toBe(0);
  });
});

describe('when the request may not have reached WeChat, or may have', () => {
  it('no token (WeChat down) → retry_later, nothing sent', async () => {
    await grant();
    sim.switches.down = true;
    expect(await client().sendSubscribeMessage(input())).toMatchObject({ ok: false, reason: 'retry_later' });
    expect(sim.calls.get(SEND)).toBeUndefined();
  });

  it('no token (wrong AppSecret) → config', async () => {
    expect(await client({ secret: 'wrong' }).sendSubscribeMessage(input())).toEqual({
      ok: false,
      reason: 'config',
      errcode: 40125,
      message: '获取微信接口调用凭证失败：小程序 AppSecret 无效（配置错误）',
    });
    expect(alerts()).toEqual([expect.objectContaining({ alert: 'wechat_token_config', errcode: 40125 })]);
  });

  it('503 on the send → retry_later; then the open circuit → retry_later without a call', async () => {
    await grant();
    const wx = client({ breaker: new CircuitBreaker({ failureThreshold: 1, cooldownMs: 60_000 }) });
    await wx.getAccessToken();
    sim.switches.down = true;
    expect(await wx.sendSubscribeMessage(input())).toEqual({ ok: false, reason: 'retry_later', message: '微信接口暂时不可用（HTTP 503），未发送' });
    sim.switches.down = false;
    const before = sim.calls.get(SEND) ?? 0;
    expect(await wx.sendSubscribeMessage(input())).toEqual({ ok: false, reason: 'retry_later', message: '微信接口暂时不可用（熔断中），未发送' });
    expect(sim.calls.get(SEND) ?? 0).toBe(before);
  });

  it('500 on the send → unknown (possibly delivered), not retried', async () => {
    await grant();
    const wx = client();
    await wx.getAccessToken();
    sim.switches.failureRate = 1;
    expect(await wx.sendSubscribeMessage(input())).toMatchObject({ ok: false, reason: 'unknown', message: '微信接口出错（HTTP 500），消息可能已发出' });
  });

  it('a timeout → unknown: WeChat may still deliver it, and the client does not send again', async () => {
    await grant();
    await grant();
    const wx = client({ timeoutMs: 150 });
    await wx.getAccessToken();
    await dev('/_dev/delay-send-answers', { ms: 400 });
    expect(await wx.sendSubscribeMessage(input())).toEqual({ ok: false, reason: 'unknown', message: '微信接口超时，消息可能已发出' });
    expect(sim.messages(alice)).toHaveLength(1); // it was delivered after all
    expect(sim.calls.get(SEND)).toBe(1);
    expect(sim.quota(alice, TPL.progress)).toBe(1);
  });

  it('a connection dropped on the send → unknown; a 404 → config; an unreadable answer → unknown', async () => {
    await grant();
    const failing = (answer: () => Promise<Response>) =>
      client({
        fetchImpl: ((url: URL, init: RequestInit) => (String(url).includes('/subscribe/send') ? answer() : fetch(url, init))) as typeof fetch,
      });
    expect(await failing(() => Promise.reject(new TypeError('fetch failed'))).sendSubscribeMessage(input())).toEqual({
      ok: false,
      reason: 'unknown',
      message: '与微信接口的连接中断，消息可能已发出',
    });
    expect(await failing(async () => new Response('{}', { status: 404 })).sendSubscribeMessage(input())).toMatchObject({ ok: false, reason: 'config' });
    expect(await failing(async () => new Response('<html>', { status: 200 })).sendSubscribeMessage(input())).toMatchObject({ ok: false, reason: 'unknown' });
  });
});

describe('programming errors throw', () => {
  it.each([
    ['no touser', { touser: '' }],
    ['empty data', { data: {} }],
    ['a value that is not text', { data: { thing1: { value: 5 as unknown as string } } }],
    ['an unknown miniprogramState', { miniprogramState: 'release' as 'formal' }],
  ])('%s', async (_name, over) => {
    await expect(client().sendSubscribeMessage(input(over))).rejects.toThrow(TypeError);
    expect(sim.calls.get(SEND)).toBeUndefined();
  });

  it('the outcome type is the contract', () => {
    const outcomes: TSubscribeSendOutcome[] = [{ ok: true }, { ok: true, msgid: '1' }, { ok: false, reason: 'unknown', message: 'x' }];
    expect(outcomes).toHaveLength(3);
  });
});
