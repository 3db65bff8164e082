import { ZApplicationSchema, type TApplication } from '../../domain/form/schema';
import { validApplication, withChanges } from '../../tests/fixtures/application';
import { UpstreamError } from '../adapters/http';
import { isLuhnValid } from '../simulators/departments/common';
import { createHrssSimulator, type THrssSimulator } from '../simulators/departments/hrss';
import { serveSimulators, type TLoopback } from '../simulators/loopback';
import { HrssClient } from './hrss';

const T0 = Date.parse('2026-11-26T02:00:00Z'); // 10:00 in Wuhai
let clock = T0;
let sim: THrssSimulator;
let loop: TLoopback;
let client: HrssClient;

const app = (): TApplication => ZApplicationSchema.parse(validApplication());
const ID = '150302199503150020';

beforeAll(async () => {
  sim = createHrssSimulator({ now: () => clock, cardStageMs: 1000, certificateDelayMs: 5000 });
  loop = await serveSimulators(sim);
  client = new HrssClient({ baseUrl: loop.baseUrlOf(sim), timeoutMs: 2000, retries: 0 });
});
afterAll(() => loop.close());
beforeEach(() => {
  sim.reset();
  sim.insuredElsewhere.clear();
  sim.pensionRecipients.clear();
  sim.cardFailIds.clear();
  clock = T0;
});

async function enrolled(requestId = 'A1:pension_insurance') {
  const out = await client.enrolPension({ requestId, application: app() });
  if (!out.ok) throw new Error(out.message);
  return out.result;
}

describe('社保参保', () => {
  it('enrols and returns a personal number with a valid check digit', async () => {
    const r = await enrolled();
    expect(r.personalSocialSecurityNo).toMatch(/^1503\d{9}$/);
    expect(isLuhnValid(r.personalSocialSecurityNo)).toBe(true);
    expect(r.socialSecurityNumber).toBe(ID);
    expect(r.insuranceTypes).toEqual(['110', '210', '410']);
    expect(r.contributionBaseFen).toBe(600_000);
  });

  it('clamps the contribution base into the floor', async () => {
    const low = ZApplicationSchema.parse(withChanges('insurance', { monthlyContributionWageFen: 300_000 }));
    const out = await client.enrolPension({ requestId: 'A1:pension_insurance', application: low });
    expect(out.ok && out.result.contributionBaseFen).toBe(490_700);
  });

  it('is idempotent: the same requestId twice gives the same number and one record', async () => {
    const a = await enrolled();
    const b = await enrolled();
    expect(b).toEqual(a);
    expect(sim.counts().pension).toBe(1);
  });

  it('answers 409 when the requestId comes back with a different body', async () => {
    await enrolled();
    const changed = ZApplicationSchema.parse(withChanges('insurance', { monthlyContributionWageFen: 700_000 }));
    const error = await client.enrolPension({ requestId: 'A1:pension_insurance', application: changed }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(UpstreamError);
    expect((error as UpstreamError).status).toBe(409);
    expect((error as UpstreamError).retryable).toBe(false);
    expect(sim.counts().pension).toBe(1);
  });

  it('refuses a second enrolment of the same person under another requestId', async () => {
    await enrolled();
    const out = await client.enrolPension({ requestId: 'A2:pension_insurance', application: app() });
    expect(out).toMatchObject({ ok: false, kind: 'rejected', code: 'DUPLICATE_ENROLMENT' });
  });

  it('asks for correction when the person is insured elsewhere', async () => {
    sim.insuredElsewhere.add(ID);
    const out = await client.enrolPension({ requestId: 'A1:pension_insurance', application: app() });
    expect(out).toEqual({
      ok: false,
      kind: 'needs_correction',
      code: 'ALREADY_INSURED',
      message: '该人员在其他单位有在保记录，请原单位办理减员后再参保',
    });
  });

  it('rejects a pension recipient for good', async () => {
    sim.pensionRecipients.add(ID);
    const out = await client.enrolPension({ requestId: 'A1:pension_insurance', application: app() });
    expect(out).toMatchObject({ ok: false, kind: 'rejected', code: 'PENSION_RECIPIENT' });
  });

  it('names the form field to correct, and takes the corrected body under the same requestId', async () => {
    const early = ZApplicationSchema.parse(withChanges('insurance', { insuranceStartDate: '2026-08-01' }));
    const out = await client.enrolPension({ requestId: 'A1:pension_insurance', application: early });
    expect(out.ok).toBe(false);
    if (out.ok) return;
    expect(out.kind).toBe('needs_correction');
    expect(out.fields).toEqual([{ path: ['insurance', 'insuranceStartDate'], code: 'INVALID_PARAMS', message: expect.stringContaining('补缴') }]);
    expect(sim.counts().pension).toBe(0);
    await expect(enrolled()).resolves.toMatchObject({ personalSocialSecurityNo: expect.any(String) });
  });

  it('maps schema errors of the department to form paths', async () => {
    const zero = ZApplicationSchema.parse(withChanges('insurance', { monthlyContributionWageFen: 0, insuranceTypes: ['310'] }));
    const out = await client.enrolPension({ requestId: 'A1:pension_insurance', application: zero });
    expect(out).toMatchObject({ ok: false, kind: 'needs_correction', code: 'INVALID_PARAMS' });
    if (out.ok) return;
    expect(out.fields?.map((f) => f.path.join('.')).sort()).toEqual(['insurance.insuranceTypes', 'insurance.monthlyContributionWageFen']);
  });
});

describe('就业登记 and 就业创业证', () => {
  async function registered() {
    const out = await client.registerEmployment({ requestId: 'A1:employment_registration', application: app() });
    if (!out.ok) throw new Error(out.message);
    return out.result;
  }

  it('registers employment once per requestId', async () => {
    const a = await registered();
    const b = await registered();
    expect(a.registrationNo).toMatch(/^JY1503002026\d{7}$/);
    expect(isLuhnValid(a.registrationNo.slice(2))).toBe(true);
    expect(b).toEqual(a);
    expect(sim.counts().registrations).toBe(1);
  });

  it('issues an electronic certificate at once', async () => {
    const { registrationNo } = await registered();
    const out = await client.applyEmploymentCertificate({ requestId: 'A1:employment_certificate', application: app(), variant: 'electronic', registrationNo });
    expect(out.ok && out.result).toMatchObject({ variant: 'electronic', status: 'issued', certificateNo: expect.stringMatching(/^15032026\d{9}$/) });
  });

  it('makes a physical certificate ready after the delay', async () => {
    const { registrationNo } = await registered();
    const applied = await client.applyEmploymentCertificate({ requestId: 'A1:employment_certificate', application: app(), variant: 'physical', registrationNo });
    expect(applied.ok && applied.result.status).toBe('processing');
    if (!applied.ok || applied.result.status !== 'processing') return;
    const { ticket } = applied.result;
    expect(ticket).toMatch(/^JC20261126\d{6}$/);

    clock = T0 + 4999;
    expect(await client.getEmploymentCertificate(ticket)).toMatchObject({ ok: true, result: { status: 'processing' } });
    clock = T0 + 5000;
    const ready = await client.getEmploymentCertificate(ticket);
    expect(ready).toMatchObject({ ok: true, result: { status: 'ready', ticket, certificateNo: expect.stringMatching(/^15032026\d{9}$/) } });
    expect(ready.ok && ready.result.status === 'ready' && ready.result.pickupLocation.name).toContain('海勃湾区');
    expect(await client.getEmploymentCertificate('JC00000000000000')).toMatchObject({ ok: false, code: 'TICKET_NOT_FOUND' });
  });

  it('refuses a certificate without a known registration', async () => {
    const out = await client.applyEmploymentCertificate({ requestId: 'A1:employment_certificate', application: app(), variant: 'electronic', registrationNo: 'JY0' });
    expect(out).toMatchObject({ ok: false, kind: 'rejected', code: 'REGISTRATION_NOT_FOUND' });
  });
});

describe('劳动用工备案', () => {
  it('files once per requestId', async () => {
    const a = await client.fileLabor({ requestId: 'A1:labor_filing', application: app() });
    const b = await client.fileLabor({ requestId: 'A1:labor_filing', application: app() });
    expect(a.ok && a.result.filingNo).toMatch(/^BA15030020261126\d{6}$/);
    expect(b).toEqual(a);
    expect(sim.counts().filings).toBe(1);
  });

  it('asks to correct a total that is not the sum of its parts', async () => {
    const wrong = ZApplicationSchema.parse(withChanges('laborFiling', { annualTotalPayFen: 7_000_000 }));
    const out = await client.fileLabor({ requestId: 'A1:labor_filing', application: wrong });
    expect(out).toMatchObject({
      ok: false,
      kind: 'needs_correction',
      fields: [{ path: ['laborFiling', 'annualTotalPayFen'], message: expect.stringContaining('72000.00元') }],
    });
  });
});

describe('社保卡', () => {
  it('refuses a card without a pension enrolment', async () => {
    const unknown = await client.applySocialSecurityCard({
      requestId: 'A1:social_security_card',
      application: app(),
      variant: 'electronic',
      personalSocialSecurityNo: '1503999999990',
    });
    expect(unknown).toMatchObject({ ok: false, kind: 'rejected', code: 'PERSON_NOT_INSURED' });
    const missing = await client.applySocialSecurityCard({ requestId: 'A1:social_security_card', application: app(), variant: 'electronic', personalSocialSecurityNo: '' });
    expect(missing).toMatchObject({ ok: false, code: 'PERSON_NOT_INSURED', message: expect.stringContaining('缺少个人社保编号') });
  });

  it('activates an electronic card at once', async () => {
    const { personalSocialSecurityNo } = await enrolled();
    const out = await client.applySocialSecurityCard({ requestId: 'A1:social_security_card', application: app(), variant: 'electronic', personalSocialSecurityNo });
    expect(out.ok && out.result).toMatchObject({ status: 'active', cardNo: 'J15030018', stages: [] });
  });

  it('advances a physical card through the production stages with the clock', async () => {
    const { personalSocialSecurityNo } = await enrolled();
    const input = { requestId: 'A1:social_security_card', application: app(), variant: 'physical_sporadic' as const, personalSocialSecurityNo };
    const applied = await client.applySocialSecurityCard(input);
    if (!applied.ok) throw new Error(applied.message);
    const { applicationNo } = applied.result;
    expect(applicationNo).toMatch(/^SK20261126\d{6}$/);
    expect(applied.result).toMatchObject({ status: 'in_production', currentStage: '数据录入', cardNo: null, branch: { name: '海勃湾区社会保障卡服务网点' } });

    const at = async (ms: number) => {
      clock = T0 + ms;
      const out = await client.getSocialSecurityCard(applicationNo);
      if (!out.ok) throw new Error(out.message);
      return out.result;
    };
    expect(await at(999)).toMatchObject({ currentStage: '数据录入' });
    expect(await at(1000)).toMatchObject({ currentStage: '制卡中', cardNo: null });
    expect(await at(2000)).toMatchObject({ currentStage: '市银行签收', cardNo: 'J15030018' });
    expect(await at(3000)).toMatchObject({ currentStage: '网点签收' });
    const done = await at(60_000);
    expect(done).toMatchObject({ status: 'ready_for_collection', currentStage: '领卡未激活' });
    expect(done.stages.map((s) => s.stage)).toEqual(['数据录入', '制卡中', '市银行签收', '网点签收', '领卡未激活']);
    expect(done.stages[4]!.at).toBe(new Date(T0 + 4000).toISOString());

    // a repeat of the application answers the first one, even later
    const again = await client.applySocialSecurityCard(input);
    expect(again.ok && again.result.applicationNo).toBe(applicationNo);
    expect(sim.counts().cards).toBe(1);
  });

  it('stops at 制卡失败 for a flagged person', async () => {
    sim.cardFailIds.add(ID);
    const { personalSocialSecurityNo } = await enrolled();
    const applied = await client.applySocialSecurityCard({ requestId: 'A1:social_security_card', application: app(), variant: 'physical_batch', personalSocialSecurityNo });
    if (!applied.ok) throw new Error(applied.message);
    clock = T0 + 10_000;
    const out = await client.getSocialSecurityCard(applied.result.applicationNo);
    expect(out.ok && out.result).toMatchObject({ status: 'failed', currentStage: '制卡失败', cardNo: null, failureReason: expect.any(String) });
    expect(await client.getSocialSecurityCard('SK0')).toMatchObject({ ok: false, code: 'APPLICATION_NOT_FOUND' });
  });
});

describe('outages', () => {
  it('throws a retryable UpstreamError when the system is down', async () => {
    sim.switches.down = true;
    const error = await client.enrolPension({ requestId: 'A1:pension_insurance', application: app() }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(UpstreamError);
    expect(error).toMatchObject({ kind: 'status', status: 503, retryable: true });
    sim.switches.down = false;
    client.http.breaker.onSuccess();
  });

  it('retries an idempotent POST through a flaky system without a second record', async () => {
    const flaky = new HrssClient({ baseUrl: loop.baseUrlOf(sim), timeoutMs: 2000, retries: 4 });
    sim.switches.failureRate = 0.5;
    const out = await flaky.enrolPension({ requestId: 'A1:pension_insurance', application: app() });
    sim.switches.failureRate = 0;
    expect(out.ok).toBe(true);
    expect(sim.counts().pension).toBe(1);
  });
});
