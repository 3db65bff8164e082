import { checkHire } from '@/domain/precheck/check-hire';
import { validApplication, TODAY } from '../../../../tests/fixtures/application';
import { clearDraft, loadDraft, loadOrCreateDraft, saveDraft } from '../draft-store';
import {
  applyAutofill,
  applyEmployerConstants,
  buildApplication,
  findingTarget,
  isEditable,
  newDraft,
  newIdempotencyKey,
  precheckRows,
  provenanceLabel,
  REVIEW_STEP,
  sectionFields,
  serverIssuesBySection,
  setField,
  stepOfSection,
  touchSection,
  visibleIssues,
  WIZARD_STEPS,
  type TDraft,
} from '../form-state';
import { memoryStore, STORAGE_KEYS } from '../kv';

function fullDraft(): TDraft {
  const app = validApplication() as unknown as Record<string, Record<string, unknown>>;
  let d = newDraft(Date.UTC(2026, 10, 26));
  for (const section of ['employer', 'employee', 'employmentRegistration', 'insurance', 'laborFiling', 'housingFund'] as const) {
    for (const [k, v] of Object.entries(app[section]!)) d = setField(d, section, k, v);
  }
  return d;
}

describe('wizard steps', () => {
  it('has one step per section, then 材料 and 核对提交', () => {
    expect(WIZARD_STEPS.map((s) => s.title)).toEqual(['单位', '人员', '就业登记', '社保医保', '用工备案', '公积金', '材料', '核对提交']);
    expect(stepOfSection('laborFiling')).toBe(4);
    expect(stepOfSection('filer')).toBe(REVIEW_STEP);
  });
});

describe('draft and fields', () => {
  it('gives each draft its own valid Idempotency-Key', () => {
    const a = newDraft(1, () => 0.1);
    const b = newDraft(2, () => 0.9);
    expect(a.idempotencyKey).not.toBe(b.idempotencyKey);
    expect(a.idempotencyKey).toMatch(/^[A-Za-z0-9_.:-]{8,128}$/);
    expect(newIdempotencyKey()).toMatch(/^hire-/);
  });

  it('sets, clears and keeps the typed text of a field', () => {
    let d = setField(newDraft(), 'insurance', 'monthlyContributionWageFen', 490750, '4907.5');
    expect(d.values.insurance?.monthlyContributionWageFen).toBe(490750);
    expect(d.texts['insurance.monthlyContributionWageFen']).toBe('4907.5');
    expect(d.touched['insurance.monthlyContributionWageFen']).toBe(true);
    d = setField(d, 'insurance', 'monthlyContributionWageFen', undefined);
    expect(d.values.insurance).not.toHaveProperty('monthlyContributionWageFen');
  });

  it('shows schema issues only on touched fields, in Chinese', () => {
    let d = setField(newDraft(), 'employee', 'phone', '123');
    const issues = visibleIssues(d, 'employee');
    expect(issues.phone).toBe('请填写11位中国大陆手机号码');
    expect(issues).not.toHaveProperty('residentialAddress');
    d = touchSection(d, 'employee');
    expect(visibleIssues(d, 'employee').residentialAddress).toBe('此项为必填项');
  });

  it('a complete draft builds a valid application with 填报人 and date', () => {
    const body = buildApplication(fullDraft(), TODAY);
    expect(body.filer).toEqual({ handler: '李红', filingDate: TODAY });
    expect(checkHire(body, TODAY).items).toHaveLength(7);
    expect(checkHire(body, TODAY).fieldIssues).toEqual([]);
  });
});

describe('auto-fill', () => {
  const at = '2026-11-26T01:30:00.000Z';
  it('fills values with their source, marks manual fields, keeps hand-typed values', () => {
    let d = setField(newDraft(), 'employer', 'contactName', '王五');
    d = applyAutofill(d, 'employer', {
      values: {
        name: { value: '示例公司', source: 'market_regulation', fetchedAt: at },
        contactName: { value: '测试联系人', source: 'market_regulation', fetchedAt: at },
        notAField: { value: 'x', source: 'market_regulation', fetchedAt: at },
      },
      manualFields: ['industryCode'],
      problems: [{ source: 'market_regulation', kind: 'no_record', message: '未查询到' }],
    });
    expect(d.values.employer).toEqual({ name: '示例公司', contactName: '王五' });
    expect(d.provenance['employer.name']?.source).toBe('market_regulation');
    expect(d.manualHints['employer.industryCode']).toMatch(/手工/);
    expect(d.problems.employer).toEqual(['未查询到']);
    const nameField = sectionFields('employer').find((f) => f.key === 'name')!;
    const industry = sectionFields('employer').find((f) => f.key === 'industryCode')!;
    expect(isEditable(d, nameField)).toBe(false); // 市监 value, not manual entry
    expect(isEditable(d, industry)).toBe(true); // nothing filled it
    expect(provenanceLabel(d.provenance['employer.name']!)).toMatch(/^市监 · \d\d-\d\d \d\d:\d\d$/);
  });

  it('puts the employer constants into their sections', () => {
    const d = applyEmployerConstants(newDraft(), {
      employerSocialInsuranceNo: { value: 'SB1', source: 'profile', fetchedAt: at },
      employerRateBp: { value: 1200, source: 'profile', fetchedAt: at },
    });
    expect(d.values.insurance?.employerSocialInsuranceNo).toBe('SB1');
    expect(d.values.housingFund?.employerRateBp).toBe(1200);
    expect(provenanceLabel(d.provenance['housingFund.employerRateBp']!)).toMatch(/^单位档案/);
  });
});

describe('pre-check panel mapping', () => {
  it('maps each finding to its step and field', () => {
    expect(findingTarget({ fields: ['laborFiling.probationEndDate'] })).toEqual({ step: 4, section: 'laborFiling', key: 'probationEndDate' });
    expect(findingTarget({ fields: ['employee'] })).toEqual({ step: 1, section: 'employee' });
    expect(findingTarget({ fields: [] })).toBeUndefined();
  });

  it('colours items and links findings (a 15-year-old is blocked)', () => {
    let d = fullDraft();
    d = setField(d, 'employee', 'documentNumber', '150304201101010044');
    d = setField(d, 'employee', 'birthDate', '2011-01-01');
    const rows = precheckRows(checkHire(buildApplication(d, TODAY), TODAY));
    expect(rows).toHaveLength(7);
    expect(rows.some((r) => r.color === 'red')).toBe(true);
    const linked = rows.flatMap((r) => r.findings).filter((f) => f.target);
    expect(linked.length).toBeGreaterThan(0);
    expect(linked.every((f) => f.target!.step >= 0 && f.target!.step <= REVIEW_STEP)).toBe(true);
    expect(precheckRows(checkHire(buildApplication(fullDraft(), TODAY), TODAY)).every((r) => r.color !== 'red')).toBe(true);
  });

  it('groups server field errors by section', () => {
    expect(serverIssuesBySection({ 'employee.phone': '错', 'laborFiling.post': '错2' })).toEqual({ employee: { phone: '错' }, laborFiling: { post: '错2' } });
  });
});

describe('draft persistence', () => {
  it('saves, restores and clears the draft with its key', () => {
    const kv = memoryStore();
    expect(loadOrCreateDraft(kv).restored).toBe(false);
    const d = setField(newDraft(), 'employee', 'name', '测试员工甲');
    saveDraft(kv, { ...d, step: 3 });
    const back = loadOrCreateDraft(kv);
    expect(back.restored).toBe(true);
    expect(back.draft.step).toBe(3);
    expect(back.draft.idempotencyKey).toBe(d.idempotencyKey);
    expect(back.draft.values.employee?.name).toBe('测试员工甲');
    clearDraft(kv);
    expect(loadDraft(kv)).toBeUndefined();
  });
  it('ignores a stored value that is not a draft', () => {
    const kv = memoryStore({ [STORAGE_KEYS.draft]: { version: 0 } });
    expect(loadDraft(kv)).toBeUndefined();
  });
});

describe('the next hire', () => {
  it('carries the enterprise’s terms over and leaves the person empty, with a new key', async () => {
    const { newDraft, nextDraftAfter } = await import('../form-state');
    const first = {
      ...newDraft(1),
      values: {
        employer: { uscc: '91150302MA0N1A2B37', name: '示例' },
        employee: { documentType: '01', documentNumber: '150302199503150020', name: '测试员工甲' },
        employmentRegistration: { employerEmploymentNo: 'JY1', firstEmploymentDate: '2017-08-01', occupationCode: '6-28' },
        laborFiling: { post: '电力运行值班员', weeklyHours: 40 },
      },
      texts: { 'laborFiling.annualTotalPayFen': '72000', 'employee.phone': '13800471234' },
      provenance: { 'employer.name': { source: 'market_regulation' as const, fetchedAt: 'x' }, 'employee.name': { source: 'public_security' as const, fetchedAt: 'x' } },
      submitted: { applicationId: 'HO1', at: 'x' },
    };
    const next = nextDraftAfter(first, 2);
    expect(next.idempotencyKey).not.toBe(first.idempotencyKey);
    expect(next.carriedFrom).toBe('HO1');
    expect(next.submitted).toBeUndefined();
    expect(next.values.employee).toEqual({ documentType: '01' });
    expect(next.values.employmentRegistration).toEqual({ employerEmploymentNo: 'JY1', occupationCode: '6-28' });
    expect(next.values.laborFiling).toEqual({ post: '电力运行值班员', weeklyHours: 40 });
    expect(next.texts).toEqual({ 'laborFiling.annualTotalPayFen': '72000' });
    expect(Object.keys(next.provenance)).toEqual(['employer.name']);
  });
});
