import { CHECKABLE_FIELD_PATHS, checkHire, type THireCheck, type TItemCode } from '../index';
import { TODAY, validApplication, withChanges } from '../../tests/fixtures/application';

function item(check: THireCheck, code: TItemCode) {
  // every finding must point at fields the form has, so the client can jump to them
  for (const i of check.items) for (const f of i.findings) for (const path of f.fields) {
    if (!CHECKABLE_FIELD_PATHS.includes(path) && !['employer', 'employee', 'employmentRegistration', 'insurance', 'laborFiling', 'housingFund', 'filer'].includes(path)) {
      throw new Error(`finding ${f.code} points at unknown field ${path}`);
    }
  }
  const found = check.items.find((i) => i.item === code);
  if (!found) throw new Error(`no item ${code}`);
  return found;
}
function codes(check: THireCheck, code: TItemCode) {
  return item(check, code).findings.map((f) => f.code);
}

describe('checkHire', () => {
  it('passes a complete, lawful hire on all seven items', () => {
    const check = checkHire(validApplication(), TODAY);
    expect(check.fieldIssues).toEqual([]);
    expect(check.items.map((i) => [i.item, i.status, i.findings])).toEqual(
      [
        'pension_insurance',
        'medical_insurance',
        'employment_registration',
        'employment_certificate',
        'labor_filing',
        'social_security_card',
        'housing_fund_account',
      ].map((c) => [c, 'ok', []]),
    );
    expect(check.status).toBe('ok');
  });

  it('blocks every item of an empty application, with a Chinese message per field', () => {
    const check = checkHire({}, TODAY);
    expect(check.status).toBe('block');
    expect(check.items.every((i) => i.status === 'block')).toBe(true);
    expect(check.fieldIssues.length).toBeGreaterThan(0);
    for (const issue of check.fieldIssues) expect(issue.message).toMatch(/[\u4e00-\u9fff]/);
  });

  it('does not throw on garbage input', () => {
    for (const input of [null, undefined, 42, 'x', [], { employer: 5, employee: [] }]) {
      expect(checkHire(input, TODAY).status).toBe('block');
    }
  });

  it('points a bad ID number at the field and blocks all items that use it', () => {
    const check = checkHire(withChanges('employee', { documentNumber: '150302199503150021' }), TODAY);
    expect(check.fieldIssues).toEqual([
      expect.objectContaining({ path: ['employee', 'documentNumber'], message: '证件号码校验位不正确，请核对是否输错' }),
    ]);
    for (const i of check.items) expect(i.status).toBe('block');
    expect(item(check, 'labor_filing').findings[0]).toMatchObject({
      message: '证件号码：证件号码校验位不正确，请核对是否输错',
      fields: ['employee.documentNumber'],
    });
  });

  it('limits a medical-insurance number problem to the medical item', () => {
    const check = checkHire(withChanges('insurance', { employerMedicalInsuranceNo: '' }), TODAY);
    expect(item(check, 'medical_insurance').status).toBe('block');
    expect(item(check, 'pension_insurance').status).toBe('ok');
    expect(item(check, 'labor_filing').status).toBe('ok');
  });

  describe('probation (劳动合同法 §19)', () => {
    it.each([
      // contract end, probation end, expected finding (or none)
      ['2029-11-30', '2027-05-31', undefined], // 36 months → 6
      ['2029-11-30', '2027-06-01', 'probation_too_long'],
      ['2029-11-29', '2027-01-31', undefined], // 35 months → 2
      ['2029-11-29', '2027-02-01', 'probation_too_long'],
      ['2027-11-30', '2027-01-31', undefined], // 12 months → 2
      ['2027-11-29', '2026-12-31', undefined], // 11 months → 1
      ['2027-11-29', '2027-01-01', 'probation_too_long'],
      ['2027-02-28', '2026-12-31', undefined], // exactly 3 months → 1
      ['2027-02-27', '2026-12-15', 'probation_not_allowed'], // under 3 months → none
      ['2027-02-27', '2027-02-27', 'probation_is_whole_term'],
    ])('contract to %s, probation to %s → %s', (end, probation, expected) => {
      const check = checkHire(withChanges('laborFiling', { contractEndDate: end, probationEndDate: probation }), TODAY);
      const found = codes(check, 'labor_filing').filter((c) => c.startsWith('probation'));
      expect(found).toEqual(expected ? [expected] : []);
    });

    it('allows six months for an open-ended contract and none for a task-based one', () => {
      const open = withChanges('laborFiling', { contractTermType: '2', contractEndDate: undefined, probationEndDate: '2027-05-31' });
      expect(item(checkHire(open, TODAY), 'labor_filing').status).toBe('ok');
      const task = withChanges('laborFiling', { contractTermType: '3', contractEndDate: undefined, probationEndDate: '2027-01-31' });
      expect(codes(checkHire(task, TODAY), 'labor_filing')).toContain('probation_not_allowed');
    });

    it('refuses probation for part-time work (§70)', () => {
      const app = withChanges('laborFiling', { employmentForm: '2', weeklyHours: 20 });
      expect(codes(checkHire(app, TODAY), 'labor_filing')).toContain('part_time_probation');
    });
  });

  describe('pay', () => {
    it('needs the components to add up to the total', () => {
      const check = checkHire(withChanges('laborFiling', { annualBasicPayFen: 4_700_000 }), TODAY);
      expect(codes(check, 'labor_filing')).toEqual(['pay_components_sum']);
      expect(item(check, 'labor_filing').findings[0]!.message).toBe(
        '基本工资、绩效工资、津补贴、加班加点工资之和为71,000元，与工资报酬合计72,000元不一致',
      );
    });

    it('blocks a monthly wage below the Wuhai minimum (¥2,270 from 2024-12-01)', () => {
      const low = { annualTotalPayFen: 2_700_000, annualBasicPayFen: 2_700_000, annualPerformancePayFen: 0, annualAllowancesFen: 0, probationEndDate: undefined, probationMonthlyWageFen: undefined };
      expect(codes(checkHire(withChanges('laborFiling', low), TODAY), 'labor_filing')).toContain('below_minimum_wage'); // 2,250/month
      const ok = { ...low, annualTotalPayFen: 2_724_000, annualBasicPayFen: 2_724_000 }; // 2,270/month
      expect(codes(checkHire(withChanges('laborFiling', ok), TODAY), 'labor_filing')).not.toContain('below_minimum_wage');
    });

    it('checks part-time pay against the hourly minimum (¥22.4)', () => {
      const base = { employmentForm: '2', contractTermType: '3', contractEndDate: undefined, probationEndDate: undefined, probationMonthlyWageFen: undefined, weeklyHours: 20, annualBasicPayFen: 0, annualPerformancePayFen: 0, annualAllowancesFen: 0, annualOvertimePayFen: 0 };
      // 20 h × 52 weeks = 1,040 h; ¥22.4 × 1,040 = ¥23,296
      expect(codes(checkHire(withChanges('laborFiling', { ...base, annualTotalPayFen: 2_329_500, annualBasicPayFen: 2_329_500 }), TODAY), 'labor_filing')).toContain('below_hourly_minimum_wage');
      expect(codes(checkHire(withChanges('laborFiling', { ...base, annualTotalPayFen: 2_329_600, annualBasicPayFen: 2_329_600 }), TODAY), 'labor_filing')).toEqual([]);
    });

    it('requires probation pay of at least 80 % of the contract pay (§20)', () => {
      // contract pay 6,000/month → floor 4,800
      expect(codes(checkHire(withChanges('laborFiling', { probationMonthlyWageFen: 479_999 }), TODAY), 'labor_filing')).toEqual(['probation_pay_below_share']);
      expect(codes(checkHire(withChanges('laborFiling', { probationMonthlyWageFen: 480_000 }), TODAY), 'labor_filing')).toEqual([]);
      expect(codes(checkHire(withChanges('laborFiling', { probationMonthlyWageFen: undefined }), TODAY), 'labor_filing')).toEqual(['probation_pay_missing']);
    });
  });

  describe('hours', () => {
    it.each([
      ['1', '1', 40, []],
      ['1', '1', 40.5, ['standard_hours']],
      ['1', '2', 44, []], // 综合计算工时: averaged over the period
      ['2', '1', 24, []],
      ['2', '1', 24.5, ['part_time_hours']],
    ])('form %s, system %s, %s h/week', (employmentForm, workingTimeSystem, weeklyHours, expected) => {
      const changes: Record<string, unknown> = { employmentForm, workingTimeSystem, weeklyHours };
      if (employmentForm === '2') Object.assign(changes, { probationEndDate: undefined, probationMonthlyWageFen: undefined });
      const found = codes(checkHire(withChanges('laborFiling', changes), TODAY), 'labor_filing').filter((c) => c.endsWith('_hours'));
      expect(found).toEqual(expected);
    });
  });

  describe('age', () => {
    it('refuses anyone under 16 on the first working day (劳动法 §15)', () => {
      // the simulators' demo 15-year-old (born 2011-01-01, female)
      const app = withChanges('employee', { documentNumber: '150304201101010044', birthDate: '2011-01-01' });
      const check = checkHire(app, TODAY);
      expect(check.fieldIssues).toEqual([]);
      for (const i of check.items) expect(i.findings.map((f) => f.code)).toContain('under_working_age');
      expect(item(check, 'labor_filing').findings.find((f) => f.code === 'under_working_age')?.message).toBe(
        '用工之日（2026-12-01）员工未满16周岁，禁止招用',
      );
    });

    it('flags a 17-year-old as 未成年工', () => {
      const app = withChanges('employee', { documentNumber: '150304200906011111', birthDate: '2009-06-01', sex: '1' });
      const check = checkHire({ ...app, employmentRegistration: { ...app.employmentRegistration, firstEmploymentDate: '2026-12-01' } }, TODAY);
      expect(codes(check, 'labor_filing')).toContain('minor_worker');
      expect(item(check, 'labor_filing').status).toBe('warn');
    });

    it('refuses pension and unemployment insurance for a man past retirement age', () => {
      // the simulators' demo man past retirement age (born 1960-01-01)
      const app = withChanges('employee', { documentNumber: '150302196001010059', birthDate: '1960-01-01', sex: '1' });
      const check = checkHire(app, TODAY);
      expect(codes(check, 'pension_insurance')).toContain('over_age_insurance');
      expect(codes(check, 'social_security_card')).toContain('dependency_blocked');
      const onlyInjury = { ...app, insurance: { ...app.insurance, insuranceTypes: ['310', '410'] } };
      const after = checkHire(onlyInjury, TODAY);
      expect(item(after, 'pension_insurance').status).toBe('ok');
      expect(codes(after, 'labor_filing')).toContain('over_age_worker');
    });
  });

  describe('insurance', () => {
    it('refuses an enrolment date before the employment start', () => {
      const check = checkHire(withChanges('insurance', { insuranceStartDate: '2026-11-30' }), TODAY);
      expect(codes(check, 'pension_insurance')).toEqual(['insurance_before_employment']);
      expect(codes(check, 'medical_insurance')).toEqual(['insurance_before_employment']);
    });

    it('needs pension and medical insurance ticked for their items', () => {
      const check = checkHire(withChanges('insurance', { insuranceTypes: ['410'] }), TODAY);
      expect(codes(check, 'pension_insurance')).toContain('pension_not_selected');
      expect(codes(check, 'medical_insurance')).toContain('medical_not_selected');
    });

    it('warns when the declared wage is outside the 2025 base (¥4,907–¥24,537)', () => {
      const low = checkHire(withChanges('insurance', { monthlyContributionWageFen: 490_600 }), TODAY);
      expect(item(low, 'pension_insurance').findings.find((f) => f.code === 'contribution_below_floor')?.message).toBe(
        '月缴费工资4,906元低于缴费基数下限，将按4,907元核定缴费基数',
      );
    });
  });

  describe('housing fund', () => {
    it('refuses rates outside 5–12 %', () => {
      const check = checkHire(withChanges('housingFund', { employerRateBp: 1300, monthlyDepositFen: 150_000 }), TODAY);
      expect(codes(check, 'housing_fund_account')).toEqual(['housing_fund_rate']);
    });

    it('refuses a monthly amount that is not base × (unit + personal rate)', () => {
      const check = checkHire(withChanges('housingFund', { monthlyDepositFen: 144_100 }), TODAY);
      expect(item(check, 'housing_fund_account').findings[0]!.message).toContain('月缴存额应为1,440元');
    });
  });

  it('refuses an employment registration whose first job starts after this one', () => {
    const check = checkHire(withChanges('employmentRegistration', { firstEmploymentDate: '2026-12-02' }), TODAY);
    expect(codes(check, 'employment_registration')).toEqual(['first_employment_after_start']);
    expect(codes(check, 'employment_certificate')).toEqual(['dependency_blocked']);
  });

  it('warns when the written contract is more than a month late (§10, §82)', () => {
    const app = validApplication();
    const check = checkHire(app, '2027-01-02');
    expect(codes(check, 'labor_filing')).toEqual(['written_contract_late']);
  });

  it('cites the legal source of a rule finding', () => {
    const check = checkHire(withChanges('laborFiling', { probationEndDate: '2027-06-01' }), TODAY);
    expect(item(check, 'labor_filing').findings[0]!.source).toBe('《中华人民共和国劳动合同法》第十九条，2008-01-01起施行');
  });
});

describe('checkHire with dates no rule covers', () => {
  it('asks for a clerk on the affected items only, and still runs the other rules', () => {
    // A contract from 2007: 劳动合同法 (2008) rules have no row for it.
    const app = validApplication();
    const old = {
      ...app,
      employmentRegistration: { ...app.employmentRegistration, firstEmploymentDate: '2007-01-01' },
      insurance: { ...app.insurance, insuranceStartDate: '2007-06-01' },
      laborFiling: { ...app.laborFiling, contractStartDate: '2007-06-01', contractEndDate: '2010-05-31', probationEndDate: '2007-11-30' },
      housingFund: { ...app.housingFund, employerRateBp: 400, monthlyDepositFen: 96_000 },
    };
    const check = checkHire(old, TODAY);
    const labor = item(check, 'labor_filing');
    expect(labor.findings.map((f) => f.code)).toContain('rule_not_in_force');
    expect(labor.status).not.toBe('ok');
    // the housing fund group still ran
    expect(codes(check, 'housing_fund_account')).toContain('housing_fund_rate');
  });
});

describe('women’s retirement schedule', () => {
  it('uses 55 (+ delay) for professional and management posts and 50 (+ delay) otherwise, and says which', () => {
    // born 1975-03-15: a worker retires at 50 + 2 months (2025-05-15); a cadre at 55 + 2 months (2030-05-15)
    const first = { documentNumber: '150302197503150020'.slice(0, 17), birthDate: '1975-03-15', sex: '2' };
    const id = first.documentNumber + checkChar(first.documentNumber);
    const worker = checkHire({ ...withChanges('employee', { ...first, documentNumber: id }), laborFiling: { ...validApplication().laborFiling, grade: '21' } }, TODAY);
    expect(item(worker, 'labor_filing').findings.find((f) => f.code === 'over_age_worker')?.message).toBe(
      '员工已达到法定退休年龄50岁2个月（按女工人岗位），请核实用工关系性质（劳动关系或劳务关系）',
    );
    const cadre = checkHire(withChanges('employee', { ...first, documentNumber: id }), TODAY); // grade 13 中级职称
    expect(codes(cadre, 'labor_filing')).not.toContain('over_age_worker');
  });
});

function checkChar(first17: string): string {
  const W = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
  return '10X98765432'[[...first17].reduce((s, d, i) => s + Number(d) * W[i]!, 0) % 11]!;
}
