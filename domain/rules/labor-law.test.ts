import {
  citeRule,
  contributionBaseAt,
  contributionBaseFor,
  housingFundRuleAt,
  maxProbationMonths,
  minimumWageAt,
  monthlyDepositFen,
  MINIMUM_WAGES,
  PROBATION_LIMITS,
  retirementAgeLabel,
  retirementDate,
  ruleAt,
  RuleNotInForceError,
  workingAgeStatus,
  writtenContractDeadline,
  CONTRIBUTION_BASES,
  HOUSING_FUND_RULES,
  MINIMUM_WORKING_AGE,
  OVER_AGE_WORKER_RULE,
  PART_TIME_RULES,
  PROBATION_PAY,
  RETIREMENT_SCHEDULES,
  STANDARD_HOURS,
  WRITTEN_CONTRACT_DEADLINE,
  isIsoDate,
} from '../index';

describe('maxProbationMonths (劳动合同法 §19)', () => {
  it.each([
    [{ type: 'fixed', months: 0 }, 0],
    [{ type: 'fixed', months: 2 }, 0],
    [{ type: 'fixed', months: 2.99 }, 0],
    [{ type: 'fixed', months: 3 }, 1], // “以上” includes 3 months
    [{ type: 'fixed', months: 11 }, 1],
    [{ type: 'fixed', months: 12 }, 2],
    [{ type: 'fixed', months: 35 }, 2],
    [{ type: 'fixed', months: 36 }, 6],
    [{ type: 'fixed', months: 120 }, 6],
    [{ type: 'open' }, 6],
    [{ type: 'task' }, 0],
    [{ type: 'task', months: 48 }, 0],
  ] as const)('%j → %d months', (term, max) => {
    expect(maxProbationMonths(term)).toBe(max);
  });

  it('needs the term of a fixed-term contract', () => {
    expect(() => maxProbationMonths({ type: 'fixed' })).toThrow(RangeError);
    expect(() => maxProbationMonths({ type: 'fixed', months: -1 })).toThrow(RangeError);
  });
});

describe('statutory retirement age (渐进式延迟退休, from 2025-01-01)', () => {
  it.each([
    // birth date, category, retirement date, age label
    ['1964-12-15', 'male', '2024-12-15', '60岁'], // before the schedule
    ['1965-01-15', 'male', '2025-02-15', '60岁1个月'],
    ['1965-04-15', 'male', '2025-05-15', '60岁1个月'],
    ['1965-05-15', 'male', '2025-07-15', '60岁2个月'],
    ['1976-08-15', 'male', '2039-07-15', '62岁11个月'],
    ['1976-09-15', 'male', '2039-09-15', '63岁'],
    ['1990-01-01', 'male', '2053-01-01', '63岁'],
    ['1970-01-10', 'female_cadre', '2025-02-10', '55岁1个月'],
    ['1981-09-10', 'female_cadre', '2039-09-10', '58岁'],
    ['1975-01-10', 'female_worker', '2025-02-10', '50岁1个月'],
    ['1975-03-10', 'female_worker', '2025-05-10', '50岁2个月'],
    ['1984-11-10', 'female_worker', '2039-11-10', '55岁'],
  ] as const)('born %s (%s) retires on %s at %s', (birth, category, date, label) => {
    expect(retirementDate(birth, category)).toBe(date);
    expect(retirementAgeLabel(birth, category)).toBe(label);
  });

  it('applies the 1978 ages to people who reached them before 2025', () => {
    expect(retirementDate('1960-06-01', 'male')).toBe('2020-06-01');
    expect(retirementDate('1969-12-31', 'female_cadre')).toBe('2024-12-31');
    expect(retirementDate('1965-06-01', 'male')).toBe('2025-08-01'); // reached 60 under the new schedule
  });
});

describe('working age (劳动法 §15, §58)', () => {
  it.each([
    ['2010-12-02', 'under_age'],
    ['2010-12-01', 'minor_worker'], // 16 on the day
    ['2008-12-02', 'minor_worker'],
    ['2008-12-01', 'adult'],
  ])('born %s on 2026-12-01 → %s', (birth, status) => {
    expect(workingAgeStatus(birth, '2026-12-01')).toBe(status);
  });
});

describe('wages and bases', () => {
  it('has Wuhai’s tier-1 minimum wage: ¥1,980 from 2021-12-01, ¥2,270 / ¥22.4 an hour from 2024-12-01', () => {
    expect(minimumWageAt('150302', '2024-11-30')?.value).toEqual({ monthlyFen: 198_000, hourlyFen: 2_080, tier: 1 });
    expect(minimumWageAt('150304', '2024-12-01')?.value).toEqual({ monthlyFen: 227_000, hourlyFen: 2_240, tier: 1 });
    expect(minimumWageAt('150303', '2021-11-30')).toBeUndefined();
    expect(minimumWageAt('110105', '2026-01-01')).toBeUndefined(); // not a division this service runs in
  });

  it('has the Inner Mongolia contribution bases (60 % / 300 % of the average wage)', () => {
    const y2025 = contributionBaseAt('150302', '2025-07-01')!;
    expect(y2025.value).toEqual({ floorFen: 490_700, ceilingFen: 2_453_700, averageMonthlyWageFen: 817_900 });
    expect(y2025.source.docNo).toBe('内人社办发〔2025〕160号');
    expect(contributionBaseAt('150302', '2024-07-01')!.value.floorFen).toBe(486_300);
    expect(contributionBaseAt('150302', '2026-12-01')!.value.floorFen).toBe(490_700); // until the 2026 notice
    expect(contributionBaseAt('440305', '2025-07-01')).toBeUndefined();
    for (const row of CONTRIBUTION_BASES['15']!) {
      const { floorFen, ceilingFen, averageMonthlyWageFen } = row.value;
      expect(Math.abs(floorFen - averageMonthlyWageFen * 0.6)).toBeLessThanOrEqual(100);
      expect(Math.abs(ceilingFen - averageMonthlyWageFen * 3)).toBeLessThanOrEqual(100);
    }
    expect(contributionBaseFor(100_000, y2025.value)).toBe(490_700);
    expect(contributionBaseFor(600_000, y2025.value)).toBe(600_000);
    expect(contributionBaseFor(9_999_999, y2025.value)).toBe(2_453_700);
  });

  it('computes the housing-fund amount side by side', () => {
    const rule = housingFundRuleAt('2026-12-01').value;
    expect(monthlyDepositFen(600_000, 1200, 1200, rule)).toBe(144_000);
    expect(monthlyDepositFen(490_755, 500, 700, rule)).toBe(24_538 + 34_353);
    expect(monthlyDepositFen(490_755, 500, 700, { ...rule, rounding: 'yuan' })).toBe(24_500 + 34_400);
  });

  it('gives the deadline of the written contract (劳动合同法 §10)', () => {
    expect(writtenContractDeadline('2026-01-31')).toBe('2026-02-28');
  });
});

describe('every rule carries its source and effective date', () => {
  const tables = {
    MINIMUM_WORKING_AGE,
    RETIREMENT_SCHEDULES,
    OVER_AGE_WORKER_RULE,
    PROBATION_LIMITS,
    PART_TIME_RULES,
    PROBATION_PAY,
    STANDARD_HOURS,
    WRITTEN_CONTRACT_DEADLINE,
    HOUSING_FUND_RULES,
    ...Object.fromEntries(Object.entries(MINIMUM_WAGES).map(([k, v]) => [`MINIMUM_WAGES.${k}`, v])),
    ...Object.fromEntries(Object.entries(CONTRIBUTION_BASES).map(([k, v]) => [`CONTRIBUTION_BASES.${k}`, v])),
  };
  it.each(Object.entries(tables))('%s', (_name, rows) => {
    expect(rows.length).toBeGreaterThan(0);
    for (const row of rows) {
      expect(isIsoDate(row.effectiveFrom)).toBe(true);
      if (row.effectiveTo) expect(row.effectiveTo >= row.effectiveFrom).toBe(true);
      expect(row.source.title).toMatch(/[《\u4e00-\u9fff]/);
      expect(typeof row.verified).toBe('boolean');
      if (!row.verified) expect(row.note ?? '').not.toBe('');
      expect(citeRule(row)).toContain(row.effectiveFrom);
    }
  });

  it('refuses a date before every row', () => {
    expect(() => ruleAt('试用期上限', PROBATION_LIMITS, '2007-12-31')).toThrow(RuleNotInForceError);
  });
});
