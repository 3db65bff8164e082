/**
 * The WeChat simulator over loopback HTTP, as WeChat would answer: stable_token
 * rotation and force_refresh limits, subscribeMessage.send with every errcode
 * it checks, the field rules, and the development routes.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { TEMPLATE_FIELDS } from '../../../domain/notifications/templates';
import { serveSimulators, type TLoopback } from '../loopback';
import { fieldValueProblem, isKnownPage, SIM_MINIPROGRAM_PAGES, SIM_SUBSCRIBE_TEMPLATE_DEFINITIONS, type TSimFieldType } from './subscribe-rules';
import { createWeChatSimulator, DEFAULT_SIM_APPID, DEFAULT_SIM_SECRET, SIM_SUBSCRIBE_TEMPLATES, simulatedOpenid, type TWeChatSimulator } from './wechat';

const T0 = Date.parse('2026-11-26T02:00:00Z'); // 10:00 in Beijing
let clock = T0;
let sim: TWeChatSimulator;
let loop: TLoopback;
let base: string;

async function call(method: 'GET' | 'POST', p: string, body?: unknown): Promise<{ status: number; json: any }> {
  const res = await fetch(base + p, { method, headers: { 'content-type': 'application/json' }, body: body === undefined ? undefined : JSON.stringify(body) });
  return { status: res.status, json: await res.json() };
}
const post = (p: string, body?: unknown) => call('POST', p, body ?? {});
const get = (p: string) => call('GET', p);
const stable = async (force = false) => (await post('/cgi-bin/stable_token', { grant_type: 'client_credential', appid: DEFAULT_SIM_APPID, secret: DEFAULT_SIM_SECRET, force_refresh: force })).json;
const login = (code: string) => get(`/sns/jscode2session?appid=${DEFAULT_SIM_APPID}&secret=${DEFAULT_SIM_SECRET}&js_code=${code}&grant_type=authorization_code`);

const TPL = SIM_SUBSCRIBE_TEMPLATES;
const progressData = (over: Record<string, string> = {}) =>
  Object.fromEntries(
    Object.entries({ thing1: '就业登记', phrase2: '办理中', time3: '2026年11月26日 10:30', thing4: '请留意后续通知', ...over }).map(([k, v]) => [k, { value: v }]),
  );

beforeAll(async () => {
  sim = createWeChatSimulator({ now: () => clock });
  loop = await serveSimulators(sim);
  base = loop.baseUrlOf(sim);
});
afterAll(() => loop.close());
beforeEach(() => {
  sim.reset();
  clock = T0;
});

describe('stable_token', () => {
  it('normal mode: the same token until its last 5 minutes, with a configurable lifetime', async () => {
    const short = createWeChatSimulator({ prefix: '/sim/wechat-short', tokenTtlSeconds: 600, now: () => clock });
    const l = await serveSimulators(short);
    try {
      const ask = async () =>
        (await (await fetch(l.baseUrlOf(short) + '/cgi-bin/stable_token', { method: 'POST', body: JSON.stringify({ grant_type: 'client_credential', appid: DEFAULT_SIM_APPID, secret: DEFAULT_SIM_SECRET }) })).json()) as {
          access_token: string;
          expires_in: number;
        };
      const a = await ask();
      expect(a.expires_in).toBe(600);
      clock = T0 + 200_000;
      expect(await ask()).toEqual({ access_token: a.access_token, expires_in: 400 });
      clock = T0 + 301_000; // last 5 minutes: the next token
      const b = await ask();
      expect(b.access_token).not.toBe(a.access_token);
      expect(b.expires_in).toBe(600);
      expect(short.stats().tokensIssued).toBe(2);
    } finally {
      await l.close();
    }
  });

  it('force_refresh voids the previous token at once (40001), 30 s apart (45011)', async () => {
    const first = (await stable()).access_token;
    const forced = await stable(true);
    expect(forced.expires_in).toBe(7200);
    expect((await post(`/cgi-bin/message/subscribe/send?access_token=${first}`)).json.errcode).toBe(40001);
    clock += 29_999;
    expect((await stable(true)).errcode).toBe(45011);
    clock += 1;
    expect((await stable(true)).access_token).toMatch(/^3_/);
    expect(sim.stats().forceRefreshes).toBe(2);
  });

  it('force_refresh: 20 per natural day in Beijing (45009), counted again after midnight', async () => {
    for (let i = 0; i < 20; i++) {
      expect((await stable(true)).access_token).toBeDefined();
      clock += 30_000;
    }
    const refused = await stable(true);
    expect(refused.errcode).toBe(45009);
    expect(refused.errmsg).toMatch(/^reach max api daily quota limit, rid: /);
    clock = Date.parse('2026-11-26T16:00:00Z'); // 00:00 on the 27th in Beijing
    expect((await stable(true)).access_token).toBeDefined();
  });

  it('answers 42001 for an expired token and 41001 for none', async () => {
    const t = (await stable()).access_token;
    clock = T0 + 7200_000;
    expect((await post(`/cgi-bin/message/subscribe/send?access_token=${t}`)).json.errcode).toBe(42001);
    expect((await post('/cgi-bin/message/subscribe/send')).json.errcode).toBe(41001);
  });

  it('a revoked token (fault injection): 40001 while normal mode still hands it out, until a force_refresh', async () => {
    expect((await post('/_dev/revoke-token')).status).toBe(409);
    const t = (await stable()).access_token;
    expect((await post('/_dev/revoke-token')).json).toEqual({ ok: true });
    expect((await stable()).access_token).toBe(t);
    expect((await post(`/cgi-bin/message/subscribe/send?access_token=${t}`)).json.errcode).toBe(40001);
    const fresh = (await stable(true)).access_token;
    expect(fresh).not.toBe(t);
    expect((await post(`/cgi-bin/message/subscribe/send?access_token=${fresh}`, {})).json.errcode).toBe(40003);
  });
});

describe('subscribeMessage.send', () => {
  let token: string;
  let alice: string;
  const send = (body: Record<string, unknown>) => post(`/cgi-bin/message/subscribe/send?access_token=${token}`, body);
  const progress = (over: Record<string, unknown> = {}) => send({ touser: alice, template_id: TPL.progress, data: progressData(), ...over });
  const subscribe = (answers: Record<string, string>, who: Record<string, string> = { openid: alice }) => post('/_dev/subscribe', { ...who, answers });

  beforeEach(async () => {
    token = (await stable()).access_token;
    alice = (await login('alice.1')).json.openid;
  });

  it('delivers one message per accepted subscription, then 43101', async () => {
    expect((await subscribe({ [TPL.progress]: 'accept' })).json).toEqual({
      errMsg: 'requestSubscribeMessage:ok',
      openid: alice,
      answers: { [TPL.progress]: 'accept' },
      quotas: { [TPL.progress]: 1, [TPL.done]: 0, [TPL.correction]: 0, [TPL.cardProgress]: 0 },
    });
    await subscribe({ [TPL.progress]: 'accept', [TPL.done]: 'accept' });
    expect(sim.quota(alice, TPL.progress)).toBe(2);
    const ok = await progress({ page: 'packageHire/pages/detail/index?id=A1', miniprogram_state: 'trial', lang: 'zh_CN' });
    expect(ok.json).toEqual({ errcode: 0, errmsg: 'ok', msgid: expect.any(Number) });
    expect((await progress()).json.errcode).toBe(0);
    const refused = await progress();
    expect(refused.json.errcode).toBe(43101);
    expect(refused.json.errmsg).toMatch(/^user refuse to accept the msg, rid: /);
    expect(sim.quota(alice, TPL.progress)).toBe(0);
    expect(sim.quota(alice, TPL.done)).toBe(1);

    const { json } = await get(`/_dev/messages?touser=${alice}`);
    expect(json.messages).toHaveLength(2);
    expect(json.messages[0]).toEqual({
      msgid: ok.json.msgid,
      touser: alice,
      templateId: TPL.progress,
      title: '办理进度通知',
      page: 'packageHire/pages/detail/index?id=A1',
      data: progressData(),
      miniprogramState: 'trial',
      lang: 'zh_CN',
      at: '2026-11-26T02:00:00.000Z',
    });
    expect(json.messages[1]).toMatchObject({ miniprogramState: 'formal', lang: 'zh_CN' });
    expect(json.messages[1].page).toBeUndefined();
    expect((await get(`/_dev/messages?touser=${simulatedOpenid('bob.1')}`)).json.messages).toEqual([]);
    expect((await get(`/_dev/messages?templateId=${TPL.done}`)).json.messages).toEqual([]);
    expect(await post('/_dev/reset-messages')).toEqual({ status: 200, json: { ok: true, cleared: 2 } });
    expect(sim.messages()).toEqual([]);
    expect(sim.stats().messagesSent).toBe(2);
  });

  it('reject cancels the subscriptions of that template; ban blocks it; filter changes nothing', async () => {
    await subscribe({ [TPL.progress]: 'accept', [TPL.done]: 'accept', [TPL.correction]: 'accept' });
    await subscribe({ [TPL.progress]: 'reject', [TPL.done]: 'ban', [TPL.correction]: 'filter' });
    expect((await get(`/_dev/subscriptions?openid=${alice}`)).json).toEqual({
      openid: alice,
      quotas: { [TPL.progress]: 0, [TPL.done]: 0, [TPL.correction]: 1, [TPL.cardProgress]: 0 },
      banned: [TPL.done],
    });
    await subscribe({ [TPL.done]: 'accept' });
    expect(sim.quota(alice, TPL.done)).toBe(0);
    expect((await progress()).json.errcode).toBe(43101);
  });

  it('the dev route takes a login code instead of an openid (without using the code up)', async () => {
    const { json } = await subscribe({ [TPL.cardProgress]: 'accept' }, { code: 'carol.7' });
    expect(json.openid).toBe(simulatedOpenid('carol.1'));
    expect((await login('carol.7')).json.openid).toBe(json.openid);
    // an openid that subscribed is known to WeChat even without a login through this simulator
    const dave = simulatedOpenid('dave.1');
    await subscribe({ [TPL.progress]: 'accept' }, { openid: dave });
    expect((await progress({ touser: dave })).json.errcode).toBe(0);
  });

  it('the dev route refuses bad requests', async () => {
    expect((await post('/_dev/subscribe', { answers: { [TPL.progress]: 'accept' } })).status).toBe(400);
    expect((await post('/_dev/subscribe', { openid: alice, code: 'x', answers: { [TPL.progress]: 'accept' } })).status).toBe(400);
    expect((await post('/_dev/subscribe', { openid: 'not-an-openid', answers: { [TPL.progress]: 'accept' } })).status).toBe(400);
    expect((await subscribe({ [TPL.progress]: 'maybe' })).status).toBe(400);
    const four = await subscribe({ [TPL.progress]: 'accept', [TPL.done]: 'accept', [TPL.correction]: 'accept', [TPL.cardProgress]: 'accept' });
    expect(four.status).toBe(400);
    expect(four.json.error).toContain('1–3');
    const unknown = await subscribe({ SimTplNope000000: 'accept' });
    expect(unknown).toEqual({ status: 400, json: { error: '模板编号不存在：SimTplNope000000' } });
    expect((await get('/_dev/subscriptions')).status).toBe(400);
    expect(sim.quota(alice, TPL.progress)).toBe(0);
  });

  it('40003: an openid this WeChat never gave out', async () => {
    await subscribe({ [TPL.progress]: 'accept' });
    expect((await progress({ touser: simulatedOpenid('nobody.1') })).json.errcode).toBe(40003);
    expect((await progress({ touser: undefined })).json.errcode).toBe(40003);
    expect(sim.quota(alice, TPL.progress)).toBe(1);
  });

  it('40037: a template id not in the console', async () => {
    await subscribe({ [TPL.progress]: 'accept' });
    expect((await progress({ template_id: 'SimTplUnknown' })).json).toMatchObject({ errcode: 40037, errmsg: expect.stringMatching(/^invalid template_id, rid: /) });
    expect((await progress({ template_id: undefined })).json.errcode).toBe(40037);
  });

  it('41030: a page the released app does not have; the app\'s pages with or without a query are fine', async () => {
    await subscribe({ [TPL.progress]: 'accept' });
    expect((await progress({ page: 'packageHire/pages/nope/index' })).json.errcode).toBe(41030);
    expect((await progress({ page: 'packageHire/pages/detail' })).json.errcode).toBe(41030);
    expect((await progress({ page: '/packageEmployee/pages/card/index?tab=qr&x=1' })).json.errcode).toBe(0);
  });

  it('47003: a field missing or not fitting its type; nothing is spent', async () => {
    await subscribe({ [TPL.progress]: 'accept' });
    const cases: [Record<string, unknown>, string][] = [
      [{ data: progressData({ thing1: '这是一个超过二十个字的办理事项名称用于测试长度限制' }) }, 'thing1'],
      [{ data: progressData({ phrase2: '正在办理中啊' }) }, 'phrase2'],
      [{ data: progressData({ phrase2: 'ok' }) }, 'phrase2'],
      [{ data: progressData({ time3: '2026/11/26 10:30' }) }, 'time3'],
      [{ data: progressData({ time3: '2026年13月26日 10:30' }) }, 'time3'],
      [{ data: progressData({ thing4: '' }) }, 'thing4'],
      [{ data: { thing1: { value: '就业登记' }, phrase2: { value: '办理中' }, time3: { value: '10:30' } } }, 'thing4'],
      [{ data: { ...progressData(), thing1: { value: { nested: true } } } }, 'thing1'],
    ];
    for (const [over, key] of cases) {
      const { json } = await progress(over);
      expect(json.errcode).toBe(47003);
      expect(json.errmsg).toMatch(new RegExp(`^argument invalid! data\\.${key}\\.value invalid, rid: `));
    }
    expect(sim.quota(alice, TPL.progress)).toBe(1);
    // unknown keys are ignored; a time may be a clock alone, ISO-like, or a range
    expect((await progress({ data: { ...progressData({ time3: '2026-11-26 10:30~2026-11-26 11:00' }), extra9: { value: 'x' } } })).json.errcode).toBe(0);
  });

  it('47001: a malformed body, miniprogram_state or lang', async () => {
    await subscribe({ [TPL.progress]: 'accept' });
    expect((await progress({ miniprogram_state: 'release' })).json.errcode).toBe(47001);
    expect((await progress({ lang: 'fr_FR' })).json.errcode).toBe(47001);
    expect((await send({ touser: 5 })).json.errcode).toBe(47001);
  });

  it('45009 past the day\'s send quota', async () => {
    const tight = createWeChatSimulator({ prefix: '/sim/wechat-tight', sendDailyLimit: 1, now: () => clock });
    const l = await serveSimulators(tight);
    try {
      const b = l.baseUrlOf(tight);
      const j = async (p: string, body: unknown) => (await fetch(b + p, { method: 'POST', body: JSON.stringify(body) })).json() as Promise<any>;
      const t = (await j('/cgi-bin/stable_token', { grant_type: 'client_credential', appid: DEFAULT_SIM_APPID, secret: DEFAULT_SIM_SECRET })).access_token;
      await j('/_dev/subscribe', { code: 'erin.1', answers: { [TPL.progress]: 'accept' } });
      await j('/_dev/subscribe', { code: 'erin.1', answers: { [TPL.progress]: 'accept' } });
      const body = { touser: simulatedOpenid('erin.1'), template_id: TPL.progress, data: progressData() };
      expect((await j(`/cgi-bin/message/subscribe/send?access_token=${t}`, body)).errcode).toBe(0);
      expect((await j(`/cgi-bin/message/subscribe/send?access_token=${t}`, body)).errcode).toBe(45009);
      clock = Date.parse('2026-11-26T16:00:00Z');
      const t2 = (await j('/cgi-bin/stable_token', { grant_type: 'client_credential', appid: DEFAULT_SIM_APPID, secret: DEFAULT_SIM_SECRET })).access_token;
      expect((await j(`/cgi-bin/message/subscribe/send?access_token=${t2}`, body)).errcode).toBe(0);
    } finally {
      await l.close();
    }
  });

  it('fail-next-sends: the next sends answer the injected errcodes, spending nothing', async () => {
    await subscribe({ [TPL.progress]: 'accept' });
    expect((await post('/_dev/fail-next-sends', { errcodes: [-1, 45011] })).json).toEqual({ ok: true, pending: [-1, 45011] });
    expect((await progress()).json).toMatchObject({ errcode: -1, errmsg: expect.stringMatching(/^system error, rid: /) });
    expect((await progress()).json.errcode).toBe(45011);
    expect((await progress()).json.errcode).toBe(0);
    expect((await post('/_dev/fail-next-sends', { errcodes: [] })).status).toBe(400);
  });

  it('delay-send-answers: delivered at once, answered later', async () => {
    await subscribe({ [TPL.progress]: 'accept' });
    expect((await post('/_dev/delay-send-answers', { ms: -1 })).status).toBe(400);
    expect((await post('/_dev/delay-send-answers', { ms: 150 })).json).toEqual({ ok: true, ms: 150 });
    const started = Date.now();
    const pending = progress();
    await new Promise((r) => setTimeout(r, 50));
    expect(sim.messages(alice)).toHaveLength(1);
    expect((await pending).json.errcode).toBe(0);
    expect(Date.now() - started).toBeGreaterThanOrEqual(140);
  });

  it('the token is checked first', async () => {
    await subscribe({ [TPL.progress]: 'accept' });
    await post('/_dev/fail-next-sends', { errcodes: [-1] });
    expect((await post('/cgi-bin/message/subscribe/send?access_token=nope', { touser: alice, template_id: TPL.progress, data: progressData() })).json.errcode).toBe(40001);
    expect((await progress()).json.errcode).toBe(-1);
  });

  it('development routes ignore the switches; the API does not; reset forgets everything', async () => {
    sim.switches.down = true;
    expect((await subscribe({ [TPL.progress]: 'accept' })).status).toBe(200);
    expect((await get(`/_dev/messages?touser=${alice}`)).status).toBe(200);
    expect((await progress()).status).toBe(503);
    sim.switches.down = false;
    expect((await progress()).json.errcode).toBe(0);
    sim.reset();
    expect(sim.quota(alice, TPL.progress)).toBe(0);
    expect(sim.messages()).toEqual([]);
    expect(sim.stats()).toMatchObject({ tokensIssued: 0, messagesSent: 0, forceRefreshes: 0 });
  });
});

describe('field rules', () => {
  const table: [TSimFieldType, string, boolean][] = [
    ['thing', '就业登记（入职）', true],
    ['thing', '一二三四五六七八九十一二三四五六七八九十', true],
    ['thing', '一二三四五六七八九十一二三四五六七八九十一', false],
    ['thing', 'Employment registration', false], // 23 characters
    ['thing', ' 前后有空格', false],
    ['thing', '换行\n不行', false],
    ['thing', '', false],
    ['phrase', '办理中', true],
    ['phrase', '已办结待领', true],
    ['phrase', '已办结待领取', false],
    ['phrase', '办理1', false],
    ['phrase', 'done', false],
    ['character_string', 'A1-2026/11_26#x', true],
    ['character_string', 'a'.repeat(32), true],
    ['character_string', 'a'.repeat(33), false],
    ['character_string', 'with space', false],
    ['character_string', '编号1', false],
    ['number', '20261126', true],
    ['number', '3.14', true],
    ['number', '1'.repeat(33), false],
    ['number', '12a', false],
    ['letter', 'abcXYZ', true],
    ['letter', 'abc1', false],
    ['symbol', '-/+', true],
    ['symbol', '!!!!!!', false],
    ['symbol', 'a', false],
    ['time', '10:30', true],
    ['time', '2026年11月26日 10:30', true],
    ['time', '2026年1月6日 09:05', true],
    ['time', '2026-11-26 10:30', true],
    ['time', '2026年11月26日 10:30~2026年11月26日 11:30', true],
    ['time', '2026年11月26日', false],
    ['time', '2026-11-26 24:00', false],
    ['time', '2026-02-30 10:00', false],
    ['time', '2026-11-26 10:30:15', false],
    ['time', '2026-11-26T10:30', false],
    ['date', '2026年11月26日', true],
    ['date', '2026-11-26', true],
    ['date', '2026年11月26日 10:30', true],
    ['date', '10:30', false],
    ['date', '2026年11月31日', false],
    ['amount', '¥100.50', true],
    ['amount', '100元', true],
    ['amount', '¥12345678901', false],
    ['phone_number', '+86-0766-66888866', true],
    ['phone_number', '+86-0766-668888661', false],
    ['phone_number', '---', false],
    ['car_number', '粤A8Z888挂', true],
    ['car_number', '粤A8Z8888挂', false],
    ['name', '测试员工甲', true],
    ['name', '一二三四五六七八九十一', false],
    ['name', 'Zhang San', true],
    ['name', 'Z'.repeat(21), false],
  ];
  it.each(table)('%s %j → %s', (type, value, ok) => {
    expect(fieldValueProblem(type, value) === undefined).toBe(ok);
  });

  it('pages: the path must be one of the app\'s, a query is fine', () => {
    expect(isKnownPage('pages/index/index')).toBe(true);
    expect(isKnownPage('/pages/me/me?from=msg')).toBe(true);
    expect(isKnownPage('packageHire/pages/detail/index?id=A1&tab=items')).toBe(true);
    expect(isKnownPage('packageHire/pages/detail/index?id=A 1')).toBe(false);
    expect(isKnownPage('index')).toBe(false);
    expect(isKnownPage('pages/index')).toBe(false);
  });
});

describe('agreement with the app', () => {
  it('knows exactly the pages of client/src/app.config.ts', () => {
    const config = readFileSync(path.join(__dirname, '../../../client/src/app.config.ts'), 'utf8');
    const main = [...(/^\s*pages:\s*\[([^\]]*)\]/m.exec(config)?.[1] ?? '').matchAll(/'([^']+)'/g)].map((m) => m[1]!);
    const sub = [...config.matchAll(/\{\s*root:\s*'([^']+)',\s*pages:\s*\[([^\]]*)\]/g)].flatMap((m) => [...m[2]!.matchAll(/'([^']+)'/g)].map((p) => `${m[1]}/${p[1]}`));
    expect(main.length).toBeGreaterThan(0);
    expect([...main, ...sub].sort()).toEqual([...SIM_MINIPROGRAM_PAGES].sort());
  });

  it('its templates have the fields the notification data builders fill (domain/notifications/templates.ts)', () => {
    for (const [key, def] of Object.entries(SIM_SUBSCRIBE_TEMPLATE_DEFINITIONS)) {
      const domain = TEMPLATE_FIELDS[key as keyof typeof TEMPLATE_FIELDS];
      expect(def.fields.map((f) => [f.key, f.type])).toEqual(domain.map((f) => [f.key, f.type]));
      expect(def.templateId).toBe(SIM_SUBSCRIBE_TEMPLATES[key as keyof typeof SIM_SUBSCRIBE_TEMPLATES]);
    }
    expect(Object.keys(SIM_SUBSCRIBE_TEMPLATE_DEFINITIONS).sort()).toEqual(Object.keys(TEMPLATE_FIELDS).sort());
  });
});
