import { UpstreamError } from '../adapters/http';
import { serveSimulators, type TLoopback } from '../simulators/loopback';
import { createWeChatSimulator, DEFAULT_SIM_APPID, DEFAULT_SIM_SECRET, simulatedOpenid, type TWeChatSimulator } from '../simulators/wechat/wechat';
import { faceCertHash } from './cert-hash';
import { WeChatApiError, WeChatClient } from './client';

const T0 = Date.parse('2026-11-26T02:00:00Z');
let clock = T0;
let sim: TWeChatSimulator;
let loop: TLoopback;
let base: string;
const NAME = '测试员工甲';
const ID = '150302199503150020';

const client = (over: Partial<ConstructorParameters<typeof WeChatClient>[0]> = {}) =>
  new WeChatClient({ baseUrl: base, timeoutMs: 2000, retries: 0, appid: DEFAULT_SIM_APPID, secret: DEFAULT_SIM_SECRET, now: () => clock, ...over });

async function post(path: string, body: unknown): Promise<{ status: number; json: any }> {
  const res = await fetch(base + path, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
  return { status: res.status, json: await res.json() };
}

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

describe('code2Session', () => {
  it('maps a code to an openid deterministically; the part before "." names the user', async () => {
    const wx = client();
    const a = await wx.code2Session('alice.1');
    const b = await wx.code2Session('alice.2');
    const c = await wx.code2Session('bob.1');
    expect(a.openid).toMatch(/^o[A-Za-z0-9_-]{27}$/);
    expect(a.openid).toBe(simulatedOpenid('alice.1'));
    expect(b.openid).toBe(a.openid);
    expect(c.openid).not.toBe(a.openid);
    expect(a.sessionKey).toMatch(/^[A-Za-z0-9+/]{22}==$/);
    expect(b.sessionKey).not.toBe(a.sessionKey);
    expect(a.unionid).toBeUndefined();
  });

  it('takes a code once (40163), and refuses bad codes (40029)', async () => {
    const wx = client();
    await wx.code2Session('0a1b2c3d4e5f');
    await expect(wx.code2Session('0a1b2c3d4e5f')).rejects.toMatchObject({ name: 'WeChatApiError', errcode: 40163, kind: 'code_used', retryable: false });
    const bad = await wx.code2Session('bad-code').catch((e: unknown) => e);
    expect(bad).toBeInstanceOf(WeChatApiError);
    expect(bad).toMatchObject({ errcode: 40029, kind: 'invalid_code', meaning: '登录凭证无效，请重新登录' });
    expect((bad as WeChatApiError).errmsg).toMatch(/^invalid code, rid: [0-9a-f]{8}-[0-9a-f]{8}-[0-9a-f]{8}$/);
    await expect(wx.code2Session('busy-1')).rejects.toMatchObject({ errcode: -1, retryable: true });
    await expect(wx.code2Session('risky-1')).rejects.toMatchObject({ errcode: 40226, kind: 'high_risk_user' });
  });

  it('refuses a wrong appid (40013) or secret (40125)', async () => {
    await expect(client({ appid: 'wx0000000000000000' }).code2Session('x')).rejects.toMatchObject({ errcode: 40013, kind: 'bad_credentials' });
    await expect(client({ secret: 'nope' }).code2Session('x')).rejects.toMatchObject({ errcode: 40125 });
  });

  it('answers a unionid when the app is bound to an open-platform account', async () => {
    const bound = createWeChatSimulator({ prefix: '/sim/wechat-bound', unionid: true });
    const l = await serveSimulators(bound);
    try {
      const s = await client({ baseUrl: l.baseUrlOf(bound) }).code2Session('carol.1');
      expect(s.unionid).toMatch(/^o[A-Za-z0-9_-]{27}$/);
      expect(s.unionid).not.toBe(s.openid);
    } finally {
      await l.close();
    }
  });
});

describe('stable_token', () => {
  const ask = (extra: Record<string, unknown> = {}) =>
    post('/cgi-bin/stable_token', { grant_type: 'client_credential', appid: DEFAULT_SIM_APPID, secret: DEFAULT_SIM_SECRET, ...extra });

  it('returns the same token until its last 5 minutes, then the next one, keeping the old one valid', async () => {
    const first = (await ask()).json;
    expect(first.expires_in).toBe(7200);
    clock = T0 + 1000 * 1000;
    expect((await ask()).json).toEqual({ access_token: first.access_token, expires_in: 6200 });
    clock = T0 + 6950 * 1000;
    const next = (await ask()).json;
    expect(next.access_token).not.toBe(first.access_token);
    expect(next.expires_in).toBe(7200);
    // the old token still works until it expires
    const old = await post(`/cityservice/face/identify/queryverifyinfo?access_token=${first.access_token}`, {});
    expect(old.json.errcode).toBe(47001);
    clock = T0 + 7200 * 1000;
    const expired = await post(`/cityservice/face/identify/queryverifyinfo?access_token=${first.access_token}`, {});
    expect(expired.json.errcode).toBe(42001);
  });

  it('force_refresh voids the old token, at most once per 30 s', async () => {
    const first = (await ask()).json.access_token;
    const forced = (await ask({ force_refresh: true })).json.access_token;
    expect(forced).not.toBe(first);
    expect((await post(`/cityservice/face/identify/queryverifyinfo?access_token=${first}`, {})).json.errcode).toBe(40001);
    expect((await ask({ force_refresh: true })).json.errcode).toBe(45011);
  });

  it('is cached by the client, one fetch for concurrent callers', async () => {
    const wx = client();
    const [a, b] = await Promise.all([wx.getAccessToken(), wx.getAccessToken()]);
    expect(a).toBe(b);
    expect(await wx.getAccessToken()).toBe(a);
    expect(sim.stats().tokensIssued).toBe(1);
    expect(sim.calls.get('POST /cgi-bin/stable_token')).toBe(1);
    // near expiry the client refreshes and gets the platform's next token
    clock = T0 + 6960 * 1000;
    expect(await wx.getAccessToken()).not.toBe(a);
  });
});

describe('人脸核身', () => {
  async function started(name = NAME) {
    const wx = client();
    const { openid } = await wx.code2Session('hr-li.1');
    const session = await wx.getVerifyId({ name, idNumber: ID, openid });
    return { wx, session };
  }

  it('passes: pending until the phone finishes, then verified for that name and ID', async () => {
    const { wx, session } = await started();
    expect(session.verifyId.length).toBeLessThanOrEqual(256);
    expect(session.expiresIn).toBe(3600);
    expect(session.certHash).toBe(faceCertHash(NAME, ID));
    expect(await wx.queryVerifyInfo(session)).toMatchObject({ status: 'pending', verified: false });
    const phone = await post('/_dev/facial-verify', { verifyId: session.verifyId, outcome: 'pass' });
    expect(phone).toEqual({ status: 200, json: { ok: true, verifyId: session.verifyId, verifyRet: 10000 } });
    expect(await wx.queryVerifyInfo(session)).toEqual({ status: 'verified', verified: true, verifyRet: 10000, certHash: faceCertHash(NAME, ID), message: '人脸核身通过' });
    // one session, one check
    expect((await post('/_dev/facial-verify', { verifyId: session.verifyId, outcome: 'fail' })).status).toBe(409);
  });

  it('fails', async () => {
    const { wx, session } = await started();
    await post('/_dev/facial-verify', { verifyId: session.verifyId, outcome: 'fail' });
    expect(await wx.queryVerifyInfo(session)).toMatchObject({ status: 'failed', verified: false, verifyRet: 10004 });
  });

  it('binds the result to the name and ID it was started for', async () => {
    const { wx, session } = await started();
    await post('/_dev/facial-verify', { verifyId: session.verifyId, outcome: 'pass' });
    await expect(wx.queryVerifyInfo({ ...session, certHash: faceCertHash('别人', ID) })).rejects.toMatchObject({ errcode: 47001 });
    await expect(wx.queryVerifyInfo({ ...session, openid: simulatedOpenid('someone-else') })).rejects.toMatchObject({ errcode: 47001 });
  });

  it('refuses an invalid ID number and expires unfinished sessions', async () => {
    const wx = client();
    const { openid } = await wx.code2Session('hr-li.1');
    await expect(wx.getVerifyId({ name: NAME, idNumber: '150302199503150021', openid })).rejects.toMatchObject({ errcode: 47001, kind: 'bad_request' });
    const session = await wx.getVerifyId({ name: NAME, idNumber: ID, openid });
    clock = T0 + 3600 * 1000;
    expect((await post('/_dev/facial-verify', { verifyId: session.verifyId, outcome: 'pass' })).status).toBe(410);
    expect(await wx.queryVerifyInfo(session)).toMatchObject({ status: 'expired' });
  });

  it('recovers once from a token voided elsewhere', async () => {
    const { wx, session } = await started();
    await post('/cgi-bin/stable_token', { grant_type: 'client_credential', appid: DEFAULT_SIM_APPID, secret: DEFAULT_SIM_SECRET, force_refresh: true });
    expect(await wx.queryVerifyInfo(session)).toMatchObject({ status: 'pending' });
  });

  it('the development route ignores the switches; the APIs do not', async () => {
    const { wx, session } = await started();
    sim.switches.down = true;
    expect((await post('/_dev/facial-verify', { verifyId: session.verifyId, outcome: 'pass' })).status).toBe(200);
    const error = await wx.queryVerifyInfo(session).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(UpstreamError);
    expect(error).toMatchObject({ status: 503, retryable: true });
    await expect(client().code2Session('dave.1')).rejects.toBeInstanceOf(UpstreamError);
  });
});
