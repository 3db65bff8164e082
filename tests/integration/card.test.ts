/**
 * The employee's 电子社保卡 over HTTP against the whole stack on a real Redis:
 * the card record masked, the full number only after a fresh 人脸核身 of the
 * same person (once), the dynamic QR code accepted once by an authenticated
 * terminal (the terminal simulator) and refused when replayed, expired or
 * tampered, the card status from 人社 (挂失 stops the QR code), and the
 * electronic licences pushed to the 电子证照库 through the queue, once, also
 * when the library was down at first.
 */
import { randomUUID } from 'node:crypto';
import { localToday } from '../../domain';
import { afterItems } from '../../functions/applications/after-items';
import { holderRef, signCardToken } from '../../functions/card/token';
import { hmacId } from '../../functions/lib/crypto';
import { DEV_TERMINAL } from '../../functions/local/stack';
import { signDelivery } from '../../functions/queue/signing';
import { DEMO_PEOPLE } from '../../functions/simulators/dataset';
import { demoApplication, DEMO_PERSON, DEMO_USCC, type ApiClient } from './client';
import { hrOf, startHarness, storedCardNo, waitFor, type THarness } from './harness';

jest.setTimeout(90_000);

let h: THarness;
let hr: ApiClient;
let employee: ApiClient;
let appId: string;
let electronicCardNo: string;

async function filled(api: ApiClient, person = DEMO_PERSON) {
  const ent = await api.get(`/api/autofill/enterprise?uscc=${DEMO_USCC}`);
  const p = await api.get(`/api/autofill/person?idType=citizen_id&idNumber=${person.documentNumber}&name=${encodeURIComponent(person.name)}`);
  return { employer: ent.body.values, person: p.body.values };
}

/** The phone's wx.requestFacialVerify, played by the WeChat simulator. */
async function face(verifyId: string, outcome: 'pass' | 'fail' = 'pass') {
  const res = await fetch(`${h.stack.baseUrl}/sim/wechat/_dev/facial-verify`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ verifyId, outcome }),
  });
  expect(res.status).toBe(200);
}

/** A WeChat user bound as the person (公安 data + 人脸核身). */
async function employeeOf(person = DEMO_PERSON): Promise<ApiClient> {
  const api = await h.api().login(`employee-${randomUUID()}`);
  const start = await api.post('/api/employee/verify/start', { idType: 'citizen_id', idNumber: person.documentNumber, name: person.name });
  expect(start.status).toBe(200);
  await face(start.body.verifyId);
  expect((await api.post('/api/employee/verify/finish', { verifyId: start.body.verifyId })).status).toBe(200);
  return api;
}

const scan = async (token: string, terminal?: 'unknown' | 'none') => {
  const res = await fetch(`${h.stack.baseUrl}/sim/terminal/scan`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ token, ...(terminal ? { terminal } : {}) }),
  });
  expect(res.status).toBe(200);
  return (await res.json()) as { status: number; verdict: any };
};

const hrssDev = (body: unknown) =>
  fetch(`${h.stack.baseUrl}/sim/hrss/_dev/card-status`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });

/** Runs `fn` with the API's clock moved by `ms`. */
async function later<T>(ms: number, fn: () => Promise<T>): Promise<T> {
  const deps = h.stack.deps;
  const real = deps.now;
  deps.now = () => new Date(Date.now() + ms);
  try {
    return await fn();
  } finally {
    deps.now = real;
  }
}

beforeAll(async () => {
  h = await startHarness();
  hr = await hrOf(h, DEMO_USCC);
  const res = await hr.post('/api/applications', demoApplication(await filled(hr), localToday()), { 'idempotency-key': randomUUID() });
  expect(res.status).toBe(201);
  appId = res.body.application.id;
  // the application view masks the card number (J1*****18); the truth is in the store
  expect(res.body.application.items.find((i: { code: string }) => i.code === 'social_security_card').results.electronicCardNo).toMatch(/^J\d\*{5}\d{2}$/);
  electronicCardNo = await storedCardNo(h, appId);
  expect(electronicCardNo).toMatch(/^J\d{8}$/);
  employee = await employeeOf();
});
afterAll(() => h.close());

describe('the card record', () => {
  it('shows the card masked, its status, the 制卡进度 with times and the collection branch', async () => {
    // wait for the physical card to be made (the durable path polls 人社)
    await waitFor(
      () => hr.get(`/api/applications/${appId}`),
      (r) => r.body.items.find((i: { code: string }) => i.code === 'social_security_card').state === 'done',
    );
    const res = await employee.get('/api/me/card');
    expect(res.status).toBe(200);
    const card = res.body;
    expect(card).toMatchObject({
      applicationId: appId,
      enterpriseName: '乌海市海勃湾区示例能源有限公司',
      holder: { name: '测***甲', socialSecurityNumber: '150***********0020' },
      cardNo: `${electronicCardNo.slice(0, 2)}*****${electronicCardNo.slice(-2)}`,
      cardKind: 'electronic',
      status: { code: 'normal', label: '正常' },
      item: { state: 'done' },
      collectionBranch: expect.stringContaining('海勃湾区社会保障卡服务网点'),
      qr: { available: true, reason: null },
    });
    expect(card.production.currentStage).toBe('领卡未激活');
    expect(card.production.applicationNo).toMatch(/^SK\d{14}$/);
    expect(card.production.stages.map((s: { stage: string }) => s.stage)).toEqual(['数据录入', '制卡中', '市银行签收', '网点签收', '领卡未激活']);
    expect(card.production.stages.every((s: { reached: boolean }) => s.reached)).toBe(true);
    for (const s of [card.production.stages[0], card.production.stages[4]]) expect(Date.parse(s.at)).toBeGreaterThan(0);
    // nothing in clear: neither the card number nor the ID number nor the name
    const text = JSON.stringify(card);
    for (const secret of [electronicCardNo, DEMO_PERSON.documentNumber, DEMO_PERSON.name]) expect(text).not.toContain(secret);
  });

  it('is the employee’s own: 401 without a session, 403 for an HR user, 404 for a person without a hire', async () => {
    expect((await h.api().get('/api/me/card')).status).toBe(401);
    expect((await hr.get('/api/me/card')).status).toBe(403);
    const other = await employeeOf(DEMO_PEOPLE.overAgeMan);
    const res = await other.get('/api/me/card');
    expect(res.status).toBe(404);
    expect(res.body.error.message).toContain('暂无社保卡记录');
    expect((await other.get('/api/me/card/qr')).status).toBe(404);
  });
});

describe('revealing the full card number', () => {
  it('needs a fresh 人脸核身 of the same person, and answers once', async () => {
    expect((await employee.post('/api/me/card/reveal', { verifyId: 'no-such-verification' })).status).toBe(404);
    const start = await employee.post('/api/me/card/reveal/start');
    expect(start.status).toBe(200);
    expect(start.body.expiresInSeconds).toBe(300);
    const { verifyId } = start.body;
    // not yet done on the phone
    const early = await employee.post('/api/me/card/reveal', { verifyId });
    expect([early.status, early.body.error.message]).toEqual([409, '人脸核身尚未完成']);
    await face(verifyId);
    // another WeChat user (even one bound as the same person) cannot use it
    const otherPhone = await employeeOf();
    expect((await otherPhone.post('/api/me/card/reveal', { verifyId })).status).toBe(403);
    const shown = await employee.post('/api/me/card/reveal', { verifyId });
    expect(shown.status).toBe(200);
    expect(shown.body).toMatchObject({ cardNo: electronicCardNo, name: DEMO_PERSON.name });
    expect(shown.headers.get('cache-control')).toBe('no-store');
    // once
    const again = await employee.post('/api/me/card/reveal', { verifyId });
    expect([again.status, again.body.error.message]).toEqual([404, expect.stringContaining('已过期或已使用')]);
  });

  it('refuses a verification older than 5 minutes, and one that failed', async () => {
    const stale = (await employee.post('/api/me/card/reveal/start')).body.verifyId;
    await face(stale);
    const late = await later(301_000, () => employee.post('/api/me/card/reveal', { verifyId: stale }));
    expect([late.status, late.body.error.message]).toEqual([404, expect.stringContaining('5分钟内')]);

    const failed = (await employee.post('/api/me/card/reveal/start')).body.verifyId;
    await face(failed, 'fail');
    const no = await employee.post('/api/me/card/reveal', { verifyId: failed });
    expect([no.status, no.body.error.message]).toEqual([403, expect.stringContaining('人脸核身未通过')]);
    expect((await employee.post('/api/me/card/reveal', { verifyId: failed })).status).toBe(404);
  });

  it('validates the body in Chinese', async () => {
    const res = await employee.post('/api/me/card/reveal', {});
    expect(res.status).toBe(422);
    expect(res.body.error.fields[0]).toMatchObject({ path: ['verifyId'], message: '缺少 verifyId' });
  });
});

describe('the dynamic QR code at a scanning terminal', () => {
  it('is accepted once, and refused when replayed', async () => {
    const qr = await employee.get('/api/me/card/qr');
    expect(qr.status).toBe(200);
    expect(qr.body).toMatchObject({ ttlSeconds: 60, refreshInSeconds: 50 });
    expect(Date.parse(qr.body.expiresAt) - Date.parse(qr.body.issuedAt)).toBe(60_000);
    expect(qr.body.token).not.toContain(DEMO_PERSON.documentNumber);

    const first = await scan(qr.body.token);
    expect(first.status).toBe(200);
    expect(first.verdict).toMatchObject({ accepted: true, holder: { name: '测***甲' }, card: { cardNo: expect.stringMatching(/^J\d\*{5}\d{2}$/), status: { code: 'normal', label: '正常' } }, terminalId: DEV_TERMINAL.id });
    const replay = await scan(qr.body.token);
    expect(replay.status).toBe(409);
    expect(replay.verdict.error).toMatchObject({ code: 'CONFLICT', message: expect.stringContaining('已使用'), fields: [{ path: ['token'], code: 'replayed' }] });
    // a fresh code works again
    expect((await scan((await employee.get('/api/me/card/qr')).body.token)).verdict.accepted).toBe(true);
  });

  it('is refused 60 s after issue, and when tampered with or forged', async () => {
    const { token } = (await employee.get('/api/me/card/qr')).body;
    const expired = await later(60_000, () => scan(token));
    expect(expired.status).toBe(422);
    expect(expired.verdict.error).toMatchObject({ message: expect.stringContaining('二维码已过期'), fields: [{ code: 'expired' }] });
    // a token signed an hour ago with the right key: expired as well
    const secret = Buffer.from(h.stack.env.CARD_QR_SECRET, 'base64');
    const ref = holderRef(secret, hmacId(DEMO_PERSON.documentNumber, h.stack.deps.keys));
    const old = signCardToken(secret, ref, Date.now() - 3_600_000).token;
    expect((await scan(old)).verdict.error.fields[0].code).toBe('expired');
    // a longer expiry written into the token, or another key: forged
    const longer = token.replace(/\.(\d+)\.([\w-]+)$/, (_: string, exp: string, mac: string) => `.${Number(exp) + 3600}.${mac}`);
    const forged = await scan(longer);
    expect([forged.status, forged.verdict.error.fields[0].code]).toEqual([422, 'forged']);
    expect((await scan(signCardToken(Buffer.alloc(32, 7), ref, Date.now()).token)).verdict.error.message).toContain('篡改');
    expect((await scan('https://example.com/not-a-card')).verdict.error).toMatchObject({ code: 'VALIDATION_FAILED', fields: [{ code: 'malformed' }] });
    // the refusals above did not spend the genuine token
    expect((await scan(token)).verdict.accepted).toBe(true);
  });

  it('only talks to authenticated terminals', async () => {
    const { token } = (await employee.get('/api/me/card/qr')).body;
    const unknown = await scan(token, 'unknown');
    expect([unknown.status, unknown.verdict.error.message]).toEqual([401, '终端未认证：终端编号或终端密钥无效']);
    const none = await fetch(`${h.stack.baseUrl}/api/card/verify`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ token }) });
    expect(none.status).toBe(401);
    expect(none.headers.get('www-authenticate')).toContain('Terminal');
    expect(((await none.json()) as any).error.message).toContain('终端未认证');
    // an employee's session is not a terminal
    expect((await employee.post('/api/card/verify', { token })).status).toBe(401);
    // the token was not spent by the refused terminals
    expect((await scan(token)).verdict.accepted).toBe(true);
  });

  it('answers bad requests with 4xx in Chinese, never 500', async () => {
    const auth = { authorization: `Terminal ${h.stack.devTerminal.id}:${h.stack.devTerminal.key}` };
    const api = h.api();
    expect((await api.request('GET', '/api/card/verify', undefined, auth)).status).toBe(405);
    expect((await api.post('/api/card/verify', 'not json', { ...auth, 'content-type': 'application/json' })).status).toBe(400);
    const missing = await api.post('/api/card/verify', {}, auth);
    expect([missing.status, missing.body.error.fields[0]]).toEqual([422, expect.objectContaining({ path: ['token'], message: '缺少二维码内容 token' })]);
    const long = await api.post('/api/card/verify', { token: 'x'.repeat(600) }, auth);
    expect([long.status, long.body.error.fields[0].message]).toEqual([422, expect.stringContaining('不是本系统')]);
    expect((await api.post('/api/card/verify', { token: 'x', extra: 1 }, auth)).status).toBe(422);
    expect(h.stack.simulators.terminal.scans().every((s) => s.status < 500)).toBe(true);
  });
});

describe('the card status from 人社', () => {
  it('a lost physical card stops the e-card: no QR code; status unknown while 人社 cannot answer', async () => {
    // the physical card's number as stored (the application view masks it)
    const stored = (await h.stack.deps.store.get(appId))!;
    const physical = (await h.stack.deps.store.items(stored)).find((i) => i.code === 'social_security_card')!.results.cardNo!;
    expect(physical).toMatch(/^J\d{8}$/);
    expect((await hrssDev({ cardNo: physical, status: 'lost' })).status).toBe(200);
    const lost = await employee.get('/api/me/card');
    expect(lost.body.status).toMatchObject({ code: 'lost', label: '挂失', message: expect.stringContaining('实体社保卡已挂失') });
    expect(lost.body.qr).toMatchObject({ available: false, reason: expect.stringContaining('暂停使用') });
    const qr = await employee.get('/api/me/card/qr');
    expect([qr.status, qr.body.error.message]).toEqual([409, expect.stringContaining('挂失')]);

    await hrssDev({ cardNo: physical, status: 'normal' }); // found and activated
    expect((await employee.get('/api/me/card')).body.status.code).toBe('normal');

    await hrssDev({ down: true });
    const down = await employee.get('/api/me/card');
    expect(down.status).toBe(200);
    expect(down.body.status).toMatchObject({ code: 'unknown', label: '暂无法查询', message: expect.stringContaining('稍后') });
    await hrssDev({ down: false });
  });
});

describe('the 电子证照库', () => {
  const library = () => h.stack.simulators.licenceLibrary;
  const pushedFor = async (ids: string[]) => {
    const res = await fetch(`${h.stack.baseUrl}/sim/licence-library/_dev/licences`);
    const body = (await res.json()) as { licences: { sourceRef: string; licenceType: string; licenceNo: string }[] };
    return body.licences.filter((l) => ids.includes(l.sourceRef));
  };

  async function runAfterItems(id: string) {
    const deps = h.stack.deps;
    const app = (await deps.store.get(id))!;
    await afterItems(deps, app, await deps.store.items(app));
  }

  it('receives the electronic 就业创业证 and 电子社保卡 through the queue, once, also on redelivery', async () => {
    await runAfterItems(appId);
    await runAfterItems(appId); // after every change: nothing twice
    const pushed = await waitFor(() => pushedFor([appId]), (l) => l.length === 2);
    expect(pushed.map((l) => l.licenceType).sort()).toEqual(['JYCYZ', 'SHBZK']);
    expect(pushed.find((l) => l.licenceType === 'SHBZK')!.licenceNo).toBe(electronicCardNo);
    const created = library().stats().created;

    // a redelivery of the same message (as QStash may do) pushes nothing
    const url = `${h.stack.env.PUBLIC_BASE_URL}/api/queue/licences`;
    const body = JSON.stringify({ applicationId: appId, kind: 'social_security_card' });
    const again = await fetch(url, { method: 'POST', headers: { 'content-type': 'application/json', 'upstash-signature': signDelivery(h.stack.env.QSTASH_CURRENT_SIGNING_KEY, url, body) }, body });
    expect(again.status).toBe(200);
    expect(await again.json()).toMatchObject({ ok: true, pushed: false, reason: 'already_pushed' });
    expect(library().stats().created).toBe(created);
    // unsigned deliveries are refused; a signed but malformed one is a 4xx (dead-lettered, not a crash)
    expect((await fetch(url, { method: 'POST', headers: { 'content-type': 'application/json' }, body })).status).toBe(401);
    for (const [bad, status] of [['{"applicationId":', 400], ['{"applicationId":"x","kind":"passport"}', 422]] as const) {
      const res = await fetch(url, { method: 'POST', headers: { 'content-type': 'application/json', 'upstash-signature': signDelivery(h.stack.env.QSTASH_CURRENT_SIGNING_KEY, url, bad) }, body: bad });
      expect([bad, res.status]).toEqual([bad, status]);
    }
    // the card record says it is in the library
    expect((await employee.get('/api/me/card')).body.licence).toMatchObject({ pushedAt: expect.any(String) });
  });

  it('catches up when the library was down (the queue retries the push)', async () => {
    await h.sim('licenceLibrary', { down: true });
    const person = DEMO_PEOPLE.employeeB;
    const body = demoApplication(await filled(hr, person), localToday(), {
      employee: { documentNumber: person.documentNumber, name: person.name, education: '61', graduateSchool: undefined, major: undefined, graduationDate: undefined },
    });
    const res = await hr.post('/api/applications', body, { 'idempotency-key': randomUUID() });
    expect(res.status).toBe(201);
    const id = res.body.application.id as string;
    await runAfterItems(id);
    // the first delivery fails (503 from the library → 503 to the queue)
    await new Promise((r) => setTimeout(r, 1_000));
    expect(await pushedFor([id])).toEqual([]);
    expect(await h.stack.deps.redis.get(`${h.stack.env.KEY_PREFIX}licence:employment_certificate:${res.body.application.items.find((i: { code: string }) => i.code === 'employment_certificate').results.electronicCertificateNo}`)).toBeNull();
    await h.sim('licenceLibrary', { down: false });
    const pushed = await waitFor(() => pushedFor([id]), (l) => l.length === 2, 30_000, 250);
    expect(pushed.map((l) => l.licenceType).sort()).toEqual(['JYCYZ', 'SHBZK']);
    expect(await h.stack.dispatcher.deadLetters()).toEqual([]);
  });
});
