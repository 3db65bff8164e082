/**
 * A hire over HTTP against the whole stack on a real Redis: auto-fill, filing,
 * the seven items, idempotent resubmission, a source down, a department down
 * and back, a correction, and the employee's side.
 */
import { randomUUID } from 'node:crypto';
import { localToday } from '../../domain';
import { DEV_CLERK } from '../../functions/local/stack';
import { DEMO_ENTERPRISES, DEMO_PEOPLE } from '../../functions/simulators/dataset';
import { demoApplication, DEMO_PERSON, DEMO_USCC, type ApiClient } from './client';
import { hrOf, startHarness, waitFor, type THarness } from './harness';

jest.setTimeout(60_000);

let h: THarness;
let hr: ApiClient;
beforeAll(async () => {
  h = await startHarness();
  hr = await hrOf(h, DEMO_USCC);
});
afterAll(() => h.close());

async function filled(api: ApiClient, person = DEMO_PERSON) {
  const ent = await api.get(`/api/autofill/enterprise?uscc=${DEMO_USCC}`);
  const p = await api.get(`/api/autofill/person?idType=citizen_id&idNumber=${person.documentNumber}&name=${encodeURIComponent(person.name)}`);
  return { employer: ent.body.values, person: p.body.values, enterprise: ent.body, personBody: p.body };
}

describe('a hire, end to end', () => {
  let id: string;

  it('auto-fills the employer from 市监 and the person from 公安 and 人社部, with provenance', async () => {
    const f = await filled(hr);
    expect(f.enterprise.values.name).toMatchObject({ value: '乌海市海勃湾区示例能源有限公司', source: 'market_regulation' });
    expect(f.enterprise.values.legalRepresentative.value).toBe('测试法人甲');
    expect(f.enterprise.problems).toEqual([]);
    expect(f.personBody.values.sex).toMatchObject({ value: '2', source: 'public_security' });
    expect(f.personBody.values.education).toMatchObject({ value: '21', source: 'mohrss' });
    expect(f.personBody.values.graduateSchool.value).toBe('内蒙古大学');
    expect(typeof f.personBody.values.ethnicGroup.fetchedAt).toBe('string');
    expect(f.personBody.manualFields).toEqual([]);
  });

  it('files the hire and finishes the instant items at once', async () => {
    const f = await filled(hr);
    const res = await hr.post('/api/applications', demoApplication(f, localToday()), { 'idempotency-key': randomUUID() });
    expect(res.status).toBe(201);
    id = res.body.application.id;
    const items = Object.fromEntries(res.body.application.items.map((i: { code: string }) => [i.code, i]));
    for (const code of ['pension_insurance', 'medical_insurance', 'employment_registration', 'labor_filing', 'housing_fund_account']) {
      expect([code, items[code].state]).toEqual([code, 'done']);
    }
    expect(items.pension_insurance.results.personalSocialSecurityNo).toMatch(/^1503\d{9}$/);
    expect(items.medical_insurance.results.medicalPersonalNo).toMatch(/^\d{16}$/);
    expect(items.labor_filing.results.filingNo).toMatch(/^BA/);
    expect(items.housing_fund_account.results.accountNo).toMatch(/^150301/);
    expect(items.social_security_card.results.electronicCardNo).toBeTruthy();
    expect(items.employment_certificate.results.electronicCertificateNo).toBeTruthy();
    expect(items.labor_filing.dueDates[0]).toMatchObject({ oneThing: expect.any(String) });
    expect(res.body.application.employee.documentNumber).toBe('150***********0020');
    expect(JSON.stringify(res.body)).not.toContain(DEMO_PERSON.documentNumber);
  });

  it('makes the physical card and certificate through the durable path', async () => {
    const app = await waitFor(
      () => hr.get(`/api/applications/${id}`),
      (r) => r.body.items.every((i: { state: string }) => i.state === 'done'),
    );
    const card = app.body.items.find((i: { code: string }) => i.code === 'social_security_card');
    expect(card.stage).toBe('领卡未激活');
    expect(card.history.map((e: { stage?: string }) => e.stage).filter(Boolean)).toEqual(expect.arrayContaining(['数据录入', '领卡未激活']));
    expect(card.results.cardNo).toMatch(/^J\d\*{5}\d{2}$/); // masked in the application view: the holder reveals it on the card page
  });

  it('returns the same application for the same Idempotency-Key, and refuses the key with another body', async () => {
    const f = await filled(hr, DEMO_PEOPLE.employeeB);
    const body = demoApplication(f, localToday(), {
      employee: { documentNumber: DEMO_PEOPLE.employeeB.documentNumber, name: DEMO_PEOPLE.employeeB.name, education: '61', graduateSchool: undefined, major: undefined, graduationDate: undefined },
    });
    const key = randomUUID();
    const first = await hr.post('/api/applications', body, { 'idempotency-key': key });
    expect(first.status).toBe(201);
    const [again, concurrent] = await Promise.all([
      hr.post('/api/applications', body, { 'idempotency-key': key }),
      hr.post('/api/applications', body, { 'idempotency-key': key }),
    ]);
    expect([again.status, concurrent.status]).toEqual([200, 200]);
    expect(again.body.application.id).toBe(first.body.application.id);
    expect(concurrent.body.application.id).toBe(first.body.application.id);
    const other = await hr.post('/api/applications', { ...body, laborFiling: { ...body.laborFiling, post: '其他岗位' } }, { 'idempotency-key': key });
    expect(other.status).toBe(409);
    const list = await hr.get('/api/applications?limit=50');
    expect(list.body.items.filter((a: { id: string }) => a.id === first.body.application.id)).toHaveLength(1);
  });

  it('lets the employee, after face verification, see their own records', async () => {
    const employee = await h.api().login(`employee-${randomUUID()}`);
    const start = await employee.post('/api/employee/verify/start', { idType: 'citizen_id', idNumber: DEMO_PERSON.documentNumber, name: DEMO_PERSON.name });
    expect(start.status).toBe(200);
    // the phone's wx.requestFacialVerify, played by the WeChat simulator
    await fetch(`${h.stack.baseUrl}/sim/wechat/_dev/facial-verify`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ verifyId: start.body.verifyId, outcome: 'pass' }),
    });
    const finish = await employee.post('/api/employee/verify/finish', { verifyId: start.body.verifyId });
    expect(finish.status).toBe(200);
    const records = await employee.get('/api/me/records');
    expect(records.status).toBe(200);
    expect(records.body.items.map((a: { id: string }) => a.id)).toContain(id);
    expect((await employee.get(`/api/applications/${id}`)).status).toBe(200);
  });

  it('refuses face verification that did not pass', async () => {
    const employee = await h.api().login(`employee-${randomUUID()}`);
    const start = await employee.post('/api/employee/verify/start', { idType: 'citizen_id', idNumber: DEMO_PERSON.documentNumber, name: DEMO_PERSON.name });
    await fetch(`${h.stack.baseUrl}/sim/wechat/_dev/facial-verify`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ verifyId: start.body.verifyId, outcome: 'fail' }),
    });
    expect((await employee.post('/api/employee/verify/finish', { verifyId: start.body.verifyId })).status).toBe(403);
    expect((await employee.get('/api/me/records')).status).toBe(403);
  });

  it('prefills the employer constants on the second hire', async () => {
    const ent = await hr.get(`/api/autofill/enterprise?uscc=${DEMO_USCC}`);
    expect(ent.body.employerConstants.employerSocialInsuranceNo).toMatchObject({ value: 'SB15030200456', source: 'profile' });
    expect(ent.body.employerConstants.employerRateBp.value).toBe(1200);
  });
});

describe('when a shared-data source is down', () => {
  afterEach(() => Promise.all([h.sim('market', { down: false }), h.sim('police', { down: false })]));

  it('says which fields to type by hand instead of failing', async () => {
    await h.sim('market', { down: true });
    // an enterprise nobody has looked up yet (lookups are cached), as a window clerk may
    const clerk = h.api();
    const login = await clerk.post('/api/auth/clerk-login', { username: DEV_CLERK.username, password: DEV_CLERK.password });
    clerk.token = login.body.token;
    const ent = await clerk.get(`/api/autofill/enterprise?uscc=${DEMO_ENTERPRISES.buildingMaterials.uscc}`);
    expect(ent.status).toBe(200);
    expect(ent.body.problems).toEqual([expect.objectContaining({ source: 'market_regulation', kind: 'unavailable' })]);
    expect(ent.body.manualFields).toEqual(expect.arrayContaining(['name', 'address', 'legalRepresentative']));
  });

  it('falls back to hand entry for the person when 公安 is down', async () => {
    await h.sim('police', { down: true });
    const person = DEMO_PEOPLE.overAgeMan; // not looked up before (lookups are cached)
    const p = await hr.get(`/api/autofill/person?idType=citizen_id&idNumber=${person.documentNumber}&name=${encodeURIComponent(person.name)}`);
    expect(p.status).toBe(200);
    expect(p.body.problems[0]).toMatchObject({ source: 'public_security', kind: 'unavailable' });
    expect(p.body.values.birthDate).toMatchObject({ value: person.birthDate, source: 'system' }); // from the number itself
    expect(p.body.manualFields).toEqual(expect.arrayContaining(['name', 'ethnicGroup', 'hukouAddress']));
  });

  it('discloses nothing when the name does not match the number', async () => {
    const p = await hr.get(`/api/autofill/person?idType=citizen_id&idNumber=${DEMO_PERSON.documentNumber}&name=${encodeURIComponent('张三')}`);
    expect(p.status).toBe(200);
    expect(p.body.problems[0]).toMatchObject({ kind: 'not_matched' });
    expect(Object.keys(p.body.values).sort()).toEqual(['birthDate', 'documentType', 'sex']);
  });
});

describe('when a department is down, then back', () => {
  it('retries through the queue and finishes exactly once', async () => {
    const before = h.stack.simulators.hrss.counts();
    await h.sim('hrss', { down: true });
    const person = DEMO_PEOPLE.minor17;
    const f = await filled(hr, person);
    const body = demoApplication(f, localToday(), {
      employee: { documentNumber: person.documentNumber, name: person.name, education: f.person.education?.value ?? '71', graduateSchool: f.person.graduateSchool?.value, major: f.person.major?.value, graduationDate: f.person.graduationDate?.value },
      employmentRegistration: { firstEmploymentDate: localToday() },
    });
    const res = await hr.post('/api/applications', body, { 'idempotency-key': randomUUID() });
    expect(res.status).toBe(201);
    const states = Object.fromEntries(res.body.application.items.map((i: { code: string; state: string }) => [i.code, i.state]));
    expect(states.pension_insurance).toBe('processing');
    expect(states.social_security_card).toBe('submitted'); // waits for the pension enrolment
    expect(states.medical_insurance).toBe('done'); // another department
    await h.sim('hrss', { down: false });
    const app = await waitFor(
      () => hr.get(`/api/applications/${res.body.application.id}`),
      (r) => r.body.items.every((i: { state: string }) => i.state === 'done'),
      40_000,
    );
    expect(app.body.items.find((i: { code: string }) => i.code === 'pension_insurance').attempts).toBeGreaterThanOrEqual(1);
    // exactly one record of each kind at the department for this hire, whatever the retries
    const after = h.stack.simulators.hrss.counts();
    expect(after.pension - before.pension).toBe(1);
    expect(after.filings - before.filings).toBe(1);
    expect(after.registrations - before.registrations).toBe(1);
  });
});

describe('a correction', () => {
  it('fixes and re-runs one item without refiling the others', async () => {
    const person = DEMO_PEOPLE.insuredElsewhere;
    const f = await filled(hr, person);
    const body = demoApplication(f, localToday(), {
      employee: { documentNumber: person.documentNumber, name: person.name, education: f.person.education?.value ?? '71', graduateSchool: f.person.graduateSchool?.value, major: f.person.major?.value, graduationDate: f.person.graduationDate?.value },
    });
    const res = await hr.post('/api/applications', body, { 'idempotency-key': randomUUID() });
    expect(res.status).toBe(201);
    const id = res.body.application.id;
    const pension = res.body.application.items.find((i: { code: string }) => i.code === 'pension_insurance');
    expect(pension.state).toBe('needs_correction');
    expect(pension.message).toContain('减员');
    const medicalBefore = res.body.application.items.find((i: { code: string }) => i.code === 'medical_insurance').results;

    // the former employer de-registers the person; the HR user corrects the start date and resubmits
    h.stack.simulators.hrss.insuredElsewhere.delete(person.documentNumber);
    const fixed = await hr.post(`/api/applications/${id}/items/pension_insurance/correction`, { changes: { insurance: { monthlyContributionWageFen: 610_000 } } });
    expect(fixed.status).toBe(200);
    const after = Object.fromEntries(fixed.body.items.map((i: { code: string }) => [i.code, i]));
    expect(after.pension_insurance.state).toBe('done');
    expect(after.medical_insurance.results).toEqual(medicalBefore);
    expect(after.pension_insurance.history.map((e: { note?: string }) => e.note)).toEqual(expect.arrayContaining(['需要补正', '更正后重新办理', '办结']));
    const again = await hr.post(`/api/applications/${id}/items/pension_insurance/correction`, { changes: {} });
    expect(again.status).toBe(409);
  });
});
