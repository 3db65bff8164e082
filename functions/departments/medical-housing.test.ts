import { ZApplicationSchema } from '../../domain/form/schema';
import { validApplication, withChanges } from '../../tests/fixtures/application';
import { UpstreamError } from '../adapters/http';
import { isLuhnValid } from '../simulators/departments/common';
import { createHousingFundSimulator } from '../simulators/departments/housing-fund';
import { serveSimulators, type TLoopback } from '../simulators/loopback';
import { createMedicalInsuranceSimulator } from '../simulators/departments/medical';
import { HousingFundClient } from './housing-fund';
import { MedicalInsuranceClient } from './medical';

const T0 = Date.parse('2026-11-26T02:00:00Z');
const ID = '150302199503150020';
const medicalSim = createMedicalInsuranceSimulator({ now: () => T0 });
const fundSim = createHousingFundSimulator({ now: () => T0 });
let loop: TLoopback;
let medical: MedicalInsuranceClient;
let fund: HousingFundClient;
const app = () => ZApplicationSchema.parse(validApplication());

beforeAll(async () => {
  loop = await serveSimulators(medicalSim, fundSim);
  medical = new MedicalInsuranceClient({ baseUrl: loop.baseUrlOf(medicalSim), timeoutMs: 2000 });
  fund = new HousingFundClient({ baseUrl: loop.baseUrlOf(fundSim), timeoutMs: 2000 });
});
afterAll(() => loop.close());
beforeEach(() => {
  medicalSim.reset();
  fundSim.reset();
  medicalSim.insuredElsewhere.clear();
  fundSim.accountElsewhere.clear();
});

describe('医保参保', () => {
  it('enrols once per requestId with a medical personal number', async () => {
    const a = await medical.enrol({ requestId: 'A1:medical_insurance', application: app() });
    const b = await medical.enrol({ requestId: 'A1:medical_insurance', application: app() });
    expect(a).toMatchObject({ ok: true, result: { medicalPersonalNo: '1503001000000016', insuranceTypes: ['310'], startDate: '2026-12-01' } });
    expect(a.ok && isLuhnValid(a.result.medicalPersonalNo)).toBe(true);
    expect(b).toEqual(a);
    expect(medicalSim.counts().enrolments).toBe(1);
  });

  it('gives different people different numbers', async () => {
    const other = ZApplicationSchema.parse(withChanges('employee', { documentNumber: '15030219900101001X', birthDate: '1990-01-01', sex: '1' }));
    const a = await medical.enrol({ requestId: 'A1:medical_insurance', application: app() });
    const b = await medical.enrol({ requestId: 'A2:medical_insurance', application: other });
    expect(a.ok && b.ok && a.result.medicalPersonalNo !== b.result.medicalPersonalNo).toBe(true);
  });

  it('answers 409 for a reused requestId with another body', async () => {
    await medical.enrol({ requestId: 'A1:medical_insurance', application: app() });
    const changed = ZApplicationSchema.parse(withChanges('insurance', { monthlyContributionWageFen: 650_000 }));
    await expect(medical.enrol({ requestId: 'A1:medical_insurance', application: changed })).rejects.toMatchObject({ status: 409 });
  });

  it('asks for correction when insured elsewhere, or without medical insurance chosen', async () => {
    medicalSim.insuredElsewhere.add(ID);
    expect(await medical.enrol({ requestId: 'A1:medical_insurance', application: app() })).toMatchObject({ ok: false, kind: 'needs_correction', code: 'ALREADY_INSURED' });
    medicalSim.insuredElsewhere.clear();
    const noMedical = ZApplicationSchema.parse(withChanges('insurance', { insuranceTypes: ['110'] }));
    const out = await medical.enrol({ requestId: 'A1:medical_insurance', application: noMedical });
    expect(out).toMatchObject({ ok: false, kind: 'needs_correction', fields: [{ path: ['insurance', 'insuranceTypes'] }] });
  });

  it('throws UpstreamError when down', async () => {
    const client = new MedicalInsuranceClient({ baseUrl: loop.baseUrlOf(medicalSim), timeoutMs: 2000 });
    medicalSim.switches.down = true;
    await expect(client.enrol({ requestId: 'A1:medical_insurance', application: app() })).rejects.toBeInstanceOf(UpstreamError);
  });

  it('throws a timeout UpstreamError when slow', async () => {
    const client = new MedicalInsuranceClient({ baseUrl: loop.baseUrlOf(medicalSim), timeoutMs: 100 });
    medicalSim.switches.latencyMs = 400;
    const error = await client.enrol({ requestId: 'A1:medical_insurance', application: app() }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(UpstreamError);
    // 'timeout' in Node; under jest the DOMException from AbortSignal.timeout is not `instanceof Error` of the test realm,
    // so HttpClient reports 'network' — either way the queue retries it.
    expect((error as UpstreamError).kind).toMatch(/^(timeout|network)$/);
    expect((error as UpstreamError).retryable).toBe(true);
  });
});

describe('公积金开户', () => {
  it('opens an account once per requestId', async () => {
    const a = await fund.openAccount({ requestId: 'A1:housing_fund_account', application: app() });
    const b = await fund.openAccount({ requestId: 'A1:housing_fund_account', application: app() });
    expect(a).toMatchObject({
      ok: true,
      result: { accountNo: '150301300000015', employerDepositFen: 72_000, personalDepositFen: 72_000, monthlyDepositFen: 144_000, firstDepositMonth: '2026-12' },
    });
    expect(b).toEqual(a);
    expect(fundSim.counts().accounts).toBe(1);
  });

  it('asks to correct a wrong monthly amount', async () => {
    const wrong = ZApplicationSchema.parse(withChanges('housingFund', { monthlyDepositFen: 140_000 }));
    const out = await fund.openAccount({ requestId: 'A1:housing_fund_account', application: wrong });
    expect(out).toMatchObject({
      ok: false,
      kind: 'needs_correction',
      code: 'DEPOSIT_AMOUNT_MISMATCH',
      fields: [{ path: ['housingFund', 'monthlyDepositFen'], message: expect.stringContaining('1,440元') }],
    });
    // corrected, under the same requestId
    const fixed = await fund.openAccount({ requestId: 'A1:housing_fund_account', application: app() });
    expect(fixed.ok).toBe(true);
  });

  it('checks both ratios against 5–12 %', async () => {
    const wrong = ZApplicationSchema.parse(withChanges('housingFund', { employerRateBp: 1300, personalRateBp: 400, monthlyDepositFen: 102_000 }));
    const out = await fund.openAccount({ requestId: 'A1:housing_fund_account', application: wrong });
    expect(out.ok).toBe(false);
    if (out.ok) return;
    expect(out.fields?.map((f) => [f.path.join('.'), f.message])).toEqual([
      ['housingFund.employerRateBp', '单位缴存比例应在5%–12%之间'],
      ['housingFund.personalRateBp', '个人缴存比例应在5%–12%之间'],
    ]);
  });

  it('asks the former employer to seal an account in use elsewhere', async () => {
    fundSim.accountElsewhere.add(ID);
    expect(await fund.openAccount({ requestId: 'A1:housing_fund_account', application: app() })).toMatchObject({
      ok: false,
      kind: 'needs_correction',
      code: 'ALREADY_HAS_ACCOUNT',
    });
  });
});
