/**
 * Rate limits over HTTP against the whole stack on the real Redis, with low
 * limits passed as the deployment would (RATE_LIMITS), and TRUSTED_PROXY_HOPS=1
 * so that each scenario can be a different caller address (X-Forwarded-For).
 */
import { randomUUID } from 'node:crypto';
import { localToday } from '../../domain';
import { hmacId } from '../../functions/lib/crypto';
import { DEV_CLERK } from '../../functions/local/stack';
import { DEMO_ENTERPRISES, DEMO_PEOPLE } from '../../functions/simulators/dataset';
import { demoApplication, type ApiClient, type TApiResponse } from './client';
import { hrOf, startHarness, type THarness } from './harness';

jest.setTimeout(60_000);

const LIMITS = {
  login: { perIp: { requests: 10, windowSeconds: 600 } },
  clerkLogin: { perUsername: { requests: 2, windowSeconds: 900 } },
  autofillPerson: { distinctPersonsPerEnterprisePerDay: { persons: 2 } },
  filing: { perUser: { requests: 2, windowSeconds: 3600 } },
  cardQr: { perUser: { requests: 2, windowSeconds: 60 } },
};

let h: THarness;
beforeAll(async () => {
  h = await startHarness({ overrides: { RATE_LIMITS: JSON.stringify(LIMITS), TRUSTED_PROXY_HOPS: '1' } });
});
afterAll(() => h.close());

/** A 429 as the mini-program receives it: Retry-After agrees with the body, the message is Chinese. */
function expectLimited(res: TApiResponse, message: RegExp | string): number {
  expect(res.status).toBe(429);
  expect(res.body.error).toMatchObject({ code: 'RATE_LIMITED', retryable: true, message });
  const seconds = res.body.error.retryAfterSeconds as number;
  expect(Number.isInteger(seconds) && seconds > 0).toBe(true);
  expect(res.headers.get('retry-after')).toBe(String(seconds));
  return seconds;
}

const lookup = (api: ApiClient, person: { documentNumber: string; name: string }) =>
  api.get(`/api/autofill/person?idType=citizen_id&idNumber=${person.documentNumber}&name=${encodeURIComponent(person.name)}`);

describe('rate limits over HTTP', () => {
  it('WeChat login: the 11th login from one address within the window is refused; another address is not', async () => {
    const from = (address: string) => ({ 'x-forwarded-for': address });
    for (let i = 0; i < 10; i++) expect((await h.api().post('/api/auth/login', { code: `rl-${randomUUID()}` }, from('203.0.113.50'))).status).toBe(200);
    const seconds = expectLimited(await h.api().post('/api/auth/login', { code: `rl-${randomUUID()}` }, from('203.0.113.50')), /^登录过于频繁，请在 \d+ (秒|分钟)后重试$/);
    expect(seconds).toBeLessThanOrEqual(600);
    expect((await h.api().post('/api/auth/login', { code: `rl-${randomUUID()}` }, from('203.0.113.51'))).status).toBe(200);
  });

  it('clerk login: after 2 wrong passwords the account is locked for the window, even with the right password; other accounts are not', async () => {
    const login = (username: string, password: string) => h.api().post('/api/auth/clerk-login', { username, password }, { 'x-forwarded-for': '198.51.100.7' });
    expect((await login(DEV_CLERK.username, 'wrong-1')).status).toBe(401);
    expect((await login(DEV_CLERK.username, 'wrong-2')).status).toBe(401);
    expectLimited(await login(DEV_CLERK.username, DEV_CLERK.password), /^该账号登录失败次数过多，已暂时锁定，请在 \d+ (秒|分钟)后重试$/);
    expect((await login('someone-else', 'wrong')).status).toBe(401);
  });

  it('auto-fill: an enterprise’s HR contacts together look up at most 2 different people a day; the same person again is fine; another enterprise is not affected', async () => {
    const [a1, a2, b1] = await Promise.all([hrOf(h, DEMO_ENTERPRISES.energy.uscc), hrOf(h, DEMO_ENTERPRISES.energy.uscc), hrOf(h, DEMO_ENTERPRISES.buildingMaterials.uscc)]);
    const { employeeA, employeeB, retiredMan: third } = DEMO_PEOPLE;
    expect((await lookup(a1, employeeA)).status).toBe(200);
    expect((await lookup(a2, employeeB)).status).toBe(200);
    expect((await lookup(a2, employeeA)).status).toBe(200);
    expect((await lookup(a1, employeeB)).status).toBe(200);
    const refused = await lookup(a1, third);
    const seconds = expectLimited(refused, '本单位今日核验人员信息已达上限（2人），请明日再试；如需办理更多人员，请到政务服务窗口办理');
    expect(seconds).toBeLessThanOrEqual(86_400);
    // nothing was read for the refused lookup: it is not in the person's access log
    const accessKey = `${h.stack.env.KEY_PREFIX}person:${hmacId(third.documentNumber, h.stack.deps.keys)}:access`;
    expect(await h.stack.deps.redis.llen(accessKey)).toBe(0);
    expect((await lookup(b1, third)).status).toBe(200);
    expect(await h.stack.deps.redis.llen(accessKey)).toBe(1);
  });

  it('filing: the 3rd new filing within the hour is refused, but retries of earlier Idempotency-Keys still get their applications', async () => {
    const hr = await hrOf(h, DEMO_ENTERPRISES.energy.uscc);
    const filled = { employer: {}, person: {} };
    const bodyOf = (p: (typeof DEMO_PEOPLE)['employeeA']) =>
      demoApplication(filled, localToday(), {
        employee: { documentNumber: p.documentNumber, name: p.name, sex: p.sex, birthDate: p.birthDate, ethnicGroup: p.ethnicGroup, hukouNature: p.hukouNature, hukouAddress: p.hukouAddress, education: '61', graduateSchool: undefined, major: undefined, graduationDate: undefined },
      });
    const [k1, k2] = [randomUUID(), randomUUID()];
    const first = await hr.post('/api/applications', bodyOf(DEMO_PEOPLE.employeeA), { 'idempotency-key': k1 });
    expect(first.status).toBe(201);
    // a retry is neither counted nor refused
    expect((await hr.post('/api/applications', bodyOf(DEMO_PEOPLE.employeeA), { 'idempotency-key': k1 })).status).toBe(200);
    const second = await hr.post('/api/applications', bodyOf(DEMO_PEOPLE.employeeB), { 'idempotency-key': k2 });
    expect([second.status, second.status === 201 ? '' : JSON.stringify(second.body)]).toEqual([201, '']);
    expectLimited(await hr.post('/api/applications', bodyOf(DEMO_PEOPLE.retiredMan), { 'idempotency-key': randomUUID() }), /^提交申请过于频繁，请在 \d+ (秒|分钟)后重试$/);
    const retried = await hr.post('/api/applications', bodyOf(DEMO_PEOPLE.employeeA), { 'idempotency-key': k1 });
    expect(retried.status).toBe(200);
    expect(retried.body.application.id).toBe(first.body.application.id);
  });

  it('card QR codes: the 3rd within a minute is refused', async () => {
    const employee = await h.api().login(`rl-emp-${randomUUID()}`);
    const start = await employee.post('/api/employee/verify/start', { idType: 'citizen_id', idNumber: DEMO_PEOPLE.employeeB.documentNumber, name: DEMO_PEOPLE.employeeB.name });
    expect(start.status).toBe(200);
    await fetch(`${h.stack.baseUrl}/sim/wechat/_dev/facial-verify`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ verifyId: start.body.verifyId, outcome: 'pass' }) });
    expect((await employee.post('/api/employee/verify/finish', { verifyId: start.body.verifyId })).status).toBe(200);
    const statuses = [(await employee.get('/api/me/card/qr')).status, (await employee.get('/api/me/card/qr')).status];
    expect(statuses.every((s) => s !== 429)).toBe(true);
    expectLimited(await employee.get('/api/me/card/qr'), /^二维码刷新过于频繁，请在 \d+ 秒后重试$/);
  });
});
