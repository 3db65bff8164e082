/**
 * Who may do what: every role against every endpoint, own and other
 * resources, and bad tokens; plus the transport's answers to bad input.
 * Each denied pair is asserted, not just the allowed ones.
 */
import { randomUUID } from 'node:crypto';
import { issueSessionToken } from '../../functions/auth/session';
import { DEV_CLERK } from '../../functions/local/stack';
import { DEMO_ENTERPRISES, DEMO_PEOPLE } from '../../functions/simulators/dataset';
import { localToday } from '../../domain';
import { ApiClient, demoApplication, DEMO_PERSON, DEMO_USCC } from './client';
import { employeeOf, hrOf, startHarness, type THarness } from './harness';

jest.setTimeout(60_000);

const USCC_B = DEMO_ENTERPRISES.buildingMaterials.uscc;
let h: THarness;
let hrA: ApiClient;
let hrA2: ApiClient;
let hrB: ApiClient;
let employeeX: ApiClient;
let employeeY: ApiClient;
let clerk: ApiClient;
let anonymous: ApiClient;
let appA: string;

const verifiedEmployee = (person: { documentNumber: string; name: string }) => employeeOf(h, person);

beforeAll(async () => {
  h = await startHarness();
  [hrA, hrA2, hrB] = await Promise.all([hrOf(h, DEMO_USCC), hrOf(h, DEMO_USCC), hrOf(h, USCC_B)]);
  const ent = await hrA.get(`/api/autofill/enterprise?uscc=${DEMO_USCC}`);
  const person = await hrA.get(`/api/autofill/person?idType=citizen_id&idNumber=${DEMO_PERSON.documentNumber}&name=${encodeURIComponent(DEMO_PERSON.name)}`);
  const filed = await hrA.post('/api/applications', demoApplication({ employer: ent.body.values, person: person.body.values }, localToday()), { 'idempotency-key': randomUUID() });
  appA = filed.body.application.id;
  [employeeX, employeeY] = await Promise.all([verifiedEmployee(DEMO_PERSON), verifiedEmployee(DEMO_PEOPLE.employeeB)]);
  clerk = h.api();
  clerk.token = (await clerk.post('/api/auth/clerk-login', { username: DEV_CLERK.username, password: DEV_CLERK.password })).body.token;
  anonymous = h.api();
});
afterAll(() => h.close());

type TWho = 'anonymous' | 'hrA' | 'hrB' | 'employeeX' | 'employeeY' | 'clerk';
const who = (w: TWho) => ({ anonymous, hrA, hrB, employeeX, employeeY, clerk })[w];

describe('access matrix', () => {
  const cases: [string, TWho, () => [string, string, unknown?], number][] = [
    // read one application (A's, of person X)
    ['GET application of A', 'anonymous', () => ['GET', `/api/applications/${appA}`], 401],
    ['GET application of A', 'hrA', () => ['GET', `/api/applications/${appA}`], 200],
    ['GET application of A', 'hrB', () => ['GET', `/api/applications/${appA}`], 403],
    ['GET application of A', 'employeeX', () => ['GET', `/api/applications/${appA}`], 200],
    ['GET application of A', 'employeeY', () => ['GET', `/api/applications/${appA}`], 403],
    ['GET application of A', 'clerk', () => ['GET', `/api/applications/${appA}`], 200],
    // list the enterprise's applications
    ['list applications', 'anonymous', () => ['GET', '/api/applications'], 401],
    ['list applications', 'hrA', () => ['GET', '/api/applications'], 200],
    ['list applications', 'employeeX', () => ['GET', '/api/applications'], 403],
    // own records
    ['my records', 'anonymous', () => ['GET', '/api/me/records'], 401],
    ['my records', 'employeeX', () => ['GET', '/api/me/records'], 200],
    ['my records', 'hrA', () => ['GET', '/api/me/records'], 403],
    ['my records', 'clerk', () => ['GET', '/api/me/records'], 403],
    // auto-fill
    ['autofill enterprise A', 'anonymous', () => ['GET', `/api/autofill/enterprise?uscc=${DEMO_USCC}`], 401],
    ['autofill enterprise A', 'hrA', () => ['GET', `/api/autofill/enterprise?uscc=${DEMO_USCC}`], 200],
    ['autofill enterprise A', 'hrB', () => ['GET', `/api/autofill/enterprise?uscc=${DEMO_USCC}`], 403],
    ['autofill enterprise A', 'employeeX', () => ['GET', `/api/autofill/enterprise?uscc=${DEMO_USCC}`], 403],
    ['autofill enterprise A', 'clerk', () => ['GET', `/api/autofill/enterprise?uscc=${DEMO_USCC}`], 200],
    ['autofill person', 'anonymous', () => ['GET', `/api/autofill/person?idType=citizen_id&idNumber=${DEMO_PERSON.documentNumber}&name=x`], 401],
    ['autofill person', 'employeeX', () => ['GET', `/api/autofill/person?idType=citizen_id&idNumber=${DEMO_PERSON.documentNumber}&name=x`], 403],
    // filing for another enterprise
    ['file for A', 'hrB', () => ['POST', '/api/applications', { employer: { uscc: DEMO_USCC } }], 422],
    ['file', 'employeeX', () => ['POST', '/api/applications', {}], 403],
    // a clerk files for any enterprise at the window (一窗受理): past the role check, the empty body is refused
    ['file', 'clerk', () => ['POST', '/api/applications', {}], 422],
    ['file', 'anonymous', () => ['POST', '/api/applications', {}], 401],
    // correction of A's item
    ['correct A', 'hrB', () => ['POST', `/api/applications/${appA}/items/pension_insurance/correction`, { changes: {} }], 403],
    ['correct A', 'employeeX', () => ['POST', `/api/applications/${appA}/items/pension_insurance/correction`, { changes: {} }], 403],
    // enterprise profile
    ['profile', 'hrA', () => ['GET', '/api/enterprise/profile'], 200],
    ['profile', 'employeeX', () => ['GET', '/api/enterprise/profile'], 403],
    ['profile', 'anonymous', () => ['GET', '/api/enterprise/profile'], 401],
    // me
    ['me', 'anonymous', () => ['GET', '/api/me'], 401],
    ['me', 'clerk', () => ['GET', '/api/me'], 200],
    // health is public
    ['health', 'anonymous', () => ['GET', '/api/health'], 200],
  ];
  it.each(cases)('%s as %s', async (_what, role, build, status) => {
    const [method, path, body] = build();
    const res = await who(role).request(method, path, body);
    expect(res.status).toBe(status);
    if (status >= 400) expect(res.body.error.message).toMatch(/[\u4e00-\u9fff]/);
  });

  it('refuses HR B filing a hire for enterprise A even with a valid form', async () => {
    const ent = await hrA.get(`/api/autofill/enterprise?uscc=${DEMO_USCC}`);
    const person = await hrA.get(`/api/autofill/person?idType=citizen_id&idNumber=${DEMO_PERSON.documentNumber}&name=${encodeURIComponent(DEMO_PERSON.name)}`);
    const res = await hrB.post('/api/applications', demoApplication({ employer: ent.body.values, person: person.body.values }, localToday()), { 'idempotency-key': randomUUID() });
    expect(res.status).toBe(403);
  });

  it('shows an enterprise list only its own hires', async () => {
    const a = await hrA.get('/api/applications');
    const b = await hrB.get('/api/applications');
    expect(a.body.items.map((i: { id: string }) => i.id)).toContain(appA);
    expect(b.body.items).toEqual([]);
    expect(JSON.stringify(a.body)).not.toContain(DEMO_PERSON.documentNumber);
  });
});

describe('tokens', () => {
  it('refuses a forged, altered, expired or missing token', async () => {
    const forged = issueSessionToken({ sub: 'clerk:clerk01', kind: 'clerk' }, Buffer.alloc(32, 9).toString('base64'), 3600).token;
    const expired = issueSessionToken({ sub: 'clerk:clerk01', kind: 'clerk' }, h.stack.env.SESSION_SECRET, 60, Date.now() - 3_600_000).token;
    const altered = clerk.token!.slice(0, -3) + (clerk.token!.endsWith('AAA') ? 'BBB' : 'AAA');
    for (const token of [forged, expired, altered, 'garbage', '']) {
      const res = await fetch(`${h.stack.baseUrl}/api/applications/${appA}`, { headers: { authorization: `Bearer ${token}` } });
      expect([token.slice(0, 12), res.status]).toEqual([token.slice(0, 12), 401]);
    }
  });

  it('a WeChat code works once (replay refused)', async () => {
    const code = `once-${randomUUID()}`;
    expect((await h.api().post('/api/auth/login', { code })).status).toBe(200);
    expect((await h.api().post('/api/auth/login', { code })).status).not.toBe(200);
  });

  it('refuses a wrong clerk password without saying which part was wrong', async () => {
    const a = await h.api().post('/api/auth/clerk-login', { username: DEV_CLERK.username, password: 'nope' });
    const b = await h.api().post('/api/auth/clerk-login', { username: 'nobody', password: 'nope' });
    expect([a.status, b.status]).toEqual([401, 401]);
    expect(a.body.error.message).toBe(b.body.error.message);
  });
});

describe('enterprise binding', () => {
  it('needs the enterprise’s own authorization, single-use', async () => {
    const api = await h.api().login(`bind-${randomUUID()}`);
    expect((await api.post('/api/enterprise/bind', { uscc: DEMO_USCC, authCode: 'made-up-code' })).status).toBe(403);
    const code = await api.elicenseCode(DEMO_USCC, 'bind');
    expect((await api.post('/api/enterprise/bind', { uscc: USCC_B, authCode: code })).status).toBe(403); // another enterprise's code
    const code2 = await api.elicenseCode(DEMO_USCC, 'bind');
    expect((await api.post('/api/enterprise/bind', { uscc: DEMO_USCC, authCode: code2 })).status).toBe(200);
    expect((await api.post('/api/enterprise/bind', { uscc: DEMO_USCC, authCode: code2 })).status).toBe(403); // used
  });

  it('lets the legal representative revoke one HR contact, who loses access at once', async () => {
    const member = (await hrA2.get('/api/me')).body;
    expect(member.roles).toEqual(['hr']);
    const profile = await hrA.get('/api/enterprise/profile');
    const target = profile.body.members.find((m: { you: boolean; status: string }) => !m.you && m.status === 'active');
    // a bind code does not revoke
    const bindCode = await hrA.elicenseCode(DEMO_USCC, 'bind');
    expect((await hrA.post(`/api/enterprise/members/${target.member}/revoke`, { uscc: DEMO_USCC, authCode: bindCode })).status).toBe(403);
    const code = await hrA.elicenseCode(DEMO_USCC, 'revoke');
    const revoked = await hrA.post(`/api/enterprise/members/${target.member}/revoke`, { uscc: DEMO_USCC, authCode: code });
    expect(revoked.status).toBe(200);
    // whichever HR contact was revoked can no longer list A's hires
    const statuses = await Promise.all([hrA.get('/api/applications'), hrA2.get('/api/applications')]);
    expect(statuses.map((s) => s.status).sort()).toEqual([200, 403]);
    // HR B cannot revoke A's members
    const codeB = await hrB.elicenseCode(USCC_B, 'revoke');
    expect((await hrB.post(`/api/enterprise/members/${target.member}/revoke`, { uscc: DEMO_USCC, authCode: codeB })).status).toBe(403);
  });
});

describe('bad input', () => {
  it('answers an unknown route with 404 and a wrong method with 405', async () => {
    expect((await hrA.get('/api/nope')).status).toBe(404);
    const res = await hrA.request('DELETE', '/api/applications');
    expect(res.status).toBe(405);
    expect(res.headers.get('allow')).toBe('GET, POST');
  });

  it('answers malformed JSON with 400, a wrong content type with 415, and more than 1 MB with 413', async () => {
    const bad = await fetch(`${h.stack.baseUrl}/api/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{"code":' });
    expect(bad.status).toBe(400);
    const text = await fetch(`${h.stack.baseUrl}/api/auth/login`, { method: 'POST', headers: { 'content-type': 'text/plain' }, body: 'code=1' });
    expect(text.status).toBe(415);
    const big = await fetch(`${h.stack.baseUrl}/api/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ code: 'x'.repeat(1_100_000) }) }).catch(() => undefined);
    expect(big?.status).toBe(413);
  });

  it('lists every wrong field with a Chinese message', async () => {
    const res = await hrA.post('/api/applications', { employer: { uscc: DEMO_USCC } }, { 'idempotency-key': randomUUID() });
    expect(res.status).toBe(422);
    expect(res.body.error.code).toBe('VALIDATION_FAILED');
    expect(res.body.error.fields.length).toBeGreaterThan(10);
    for (const f of res.body.error.fields) {
      expect(Array.isArray(f.path)).toBe(true);
      expect(f.message).toMatch(/[\u4e00-\u9fff]/);
    }
  });

  it('requires an Idempotency-Key', async () => {
    const res = await hrA.post('/api/applications', {});
    expect(res.status).toBe(422);
    expect(res.body.error.fields[0].path).toEqual(['headers', 'idempotency-key']);
  });

  it('refuses a 15-year-old with the per-item reasons, and stores nothing', async () => {
    const person = DEMO_PEOPLE.age15;
    const ent = await hrA.get(`/api/autofill/enterprise?uscc=${DEMO_USCC}`);
    const before = await hrA.get('/api/applications?limit=50');
    const body = demoApplication({ employer: ent.body.values, person: {} }, localToday(), {
      employee: { documentNumber: person.documentNumber, name: person.name, sex: person.sex, birthDate: person.birthDate, ethnicGroup: '01', hukouNature: '11', hukouAddress: '内蒙古自治区乌海市乌达区', education: '71', graduateSchool: undefined, major: undefined, graduationDate: undefined },
      employmentRegistration: { firstEmploymentDate: localToday() },
    });
    const res = await hrA.post('/api/applications', body, { 'idempotency-key': randomUUID() });
    expect(res.status).toBe(422);
    expect(res.body.error.code).toBe('RULE_BLOCKED');
    expect(res.body.error.fields.map((f: { message: string }) => f.message).join('\n')).toContain('未满16周岁');
    const after = await hrA.get('/api/applications?limit=50');
    expect(after.body.items.length).toBe(before.body.items.length);
  });

  it('answers a malformed path parameter without a 500', async () => {
    for (const path of ['/api/applications/%E0%A4%A', '/api/applications/x/items/not_an_item/correction', `/api/applications/${'x'.repeat(300)}`]) {
      const res = await hrA.request(path.endsWith('correction') ? 'POST' : 'GET', path, path.endsWith('correction') ? { changes: {} } : undefined);
      expect([path.slice(0, 40), res.status < 500]).toEqual([path.slice(0, 40), true]);
    }
  });
});
