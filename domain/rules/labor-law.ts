/**
 * Rules from labor law that the hire must meet, each an effective-dated row
 * with its source (see `effective.ts`).
 */
import { addMonths, dateOfAge, parseIsoDate, compareDates } from '../calendar/dates';
import { ruleAt, type TEffective } from './effective';

const LABOR_LAW = '《中华人民共和国劳动法》';
const CONTRACT_LAW = '《中华人民共和国劳动合同法》';

// ── Working age ────────────────────────────────────────────────────────────

export const MINIMUM_WORKING_AGE: readonly TEffective<{ minimum: number; adultAge: number }>[] = [
  {
    value: { minimum: 16, adultAge: 18 },
    effectiveFrom: '1995-01-01',
    source: { title: LABOR_LAW, article: '第十五条、第五十八条' },
    verified: true,
    note: '禁止招用未满十六周岁的未成年人；十六至十八周岁为未成年工，须特殊保护',
  },
];

export type TAgeStatus = 'under_age' | 'minor_worker' | 'adult';

export function workingAgeStatus(birthDate: string, on: string): TAgeStatus {
  const { minimum, adultAge } = ruleAt('最低就业年龄', MINIMUM_WORKING_AGE, on).value;
  if (compareDates(on, dateOfAge(birthDate, minimum)) < 0) return 'under_age';
  if (compareDates(on, dateOfAge(birthDate, adultAge)) < 0) return 'minor_worker';
  return 'adult';
}

// ── Statutory retirement age (渐进式延迟退休) ───────────────────────────────

export type TRetirementCategory = 'male' | 'female_cadre' | 'female_worker';

interface TRetirementSchedule {
  /** Original age in years. */
  baseYears: number;
  /** First birth month (YYYY-MM) whose age is raised. */
  startBirthMonth: string;
  /** One month more for every this many birth months. */
  everyMonths: number;
  /** At most this many months more. */
  maxExtraMonths: number;
}

export const RETIREMENT_SCHEDULES: readonly TEffective<Record<TRetirementCategory, TRetirementSchedule>>[] = [
  {
    value: {
      male: { baseYears: 60, startBirthMonth: '9999-01', everyMonths: 1, maxExtraMonths: 0 },
      female_cadre: { baseYears: 55, startBirthMonth: '9999-01', everyMonths: 1, maxExtraMonths: 0 },
      female_worker: { baseYears: 50, startBirthMonth: '9999-01', everyMonths: 1, maxExtraMonths: 0 },
    },
    effectiveFrom: '1978-06-02',
    effectiveTo: '2024-12-31',
    source: { title: '《国务院关于工人退休、退职的暂行办法》《国务院关于安置老弱病残干部的暂行办法》', docNo: '国发〔1978〕104号' },
    verified: true,
    note: '男年满60周岁，女干部年满55周岁，女工人年满50周岁',
  },
  {
    value: {
      male: { baseYears: 60, startBirthMonth: '1965-01', everyMonths: 4, maxExtraMonths: 36 },
      female_cadre: { baseYears: 55, startBirthMonth: '1970-01', everyMonths: 4, maxExtraMonths: 36 },
      female_worker: { baseYears: 50, startBirthMonth: '1975-01', everyMonths: 2, maxExtraMonths: 60 },
    },
    effectiveFrom: '2025-01-01',
    source: {
      title: '《全国人民代表大会常务委员会关于实施渐进式延迟法定退休年龄的决定》及附件《国务院关于渐进式延迟法定退休年龄的办法》',
      article: '第二条及附件对照表',
    },
    verified: true,
    note: '男职工60→63岁、女干部55→58岁每4个月延迟1个月；女工人50→55岁每2个月延迟1个月',
  },
];

/**
 * The schedule that governs a person is the one in force when they reach the
 * original retirement age (the base ages did not change): someone who reached
 * 60 in 2020 retired under the 1978 rules; someone reaching it in 2025 falls
 * under the new schedule, whatever day the question is asked.
 */
function retirementAge(birthDate: string, category: TRetirementCategory): { years: number; extraMonths: number } {
  const latest = RETIREMENT_SCHEDULES[RETIREMENT_SCHEDULES.length - 1]!.value[category];
  const schedule = ruleAt('法定退休年龄', RETIREMENT_SCHEDULES, dateOfAge(birthDate, latest.baseYears)).value[category];
  const birth = parseIsoDate(birthDate);
  const [startYear, startMonth] = schedule.startBirthMonth.split('-').map(Number) as [number, number];
  const monthsAfterStart = (birth.year - startYear) * 12 + (birth.month - startMonth);
  const extraMonths =
    monthsAfterStart < 0 ? 0 : Math.min(Math.floor(monthsAfterStart / schedule.everyMonths) + 1, schedule.maxExtraMonths);
  return { years: schedule.baseYears, extraMonths };
}

/** The day someone born on `birthDate` reaches statutory retirement age. */
export function retirementDate(birthDate: string, category: TRetirementCategory): string {
  const { years, extraMonths } = retirementAge(birthDate, category);
  return addMonths(dateOfAge(birthDate, years), extraMonths);
}

/** The retirement age in years and months, for messages (e.g. `60岁3个月`). */
export function retirementAgeLabel(birthDate: string, category: TRetirementCategory): string {
  const { years, extraMonths } = retirementAge(birthDate, category);
  const y = years + Math.floor(extraMonths / 12);
  const m = extraMonths % 12;
  return m ? `${y}岁${m}个月` : `${y}岁`;
}

/**
 * At or past statutory retirement age: a 超龄劳动者, who cannot newly enrol
 * in basic pension or unemployment insurance; the employer insures work
 * injury (人社部 2025 draft rules on 超龄劳动者基本权益保障 — unverified as final).
 */
export const OVER_AGE_WORKER_RULE: readonly TEffective<{ allowedInsurance: readonly string[] }>[] = [
  {
    value: { allowedInsurance: ['work_injury'] },
    effectiveFrom: '2011-07-01',
    source: { title: '《中华人民共和国社会保险法》第十条、第十六条；《人力资源社会保障部关于超龄劳动者基本权益保障的暂行规定（征求意见稿）》', article: '第七条' },
    verified: false,
    note: '征求意见稿；正式文本发布后核对',
  },
];

// ── Probation (试用期) ──────────────────────────────────────────────────────

export interface TProbationBand {
  /** Term of at least this many months (fixed-term contracts). */
  fromMonths: number;
  maxMonths: number;
}

export const PROBATION_LIMITS: readonly TEffective<{ fixed: readonly TProbationBand[]; open: number; task: number }>[] = [
  {
    value: {
      fixed: [
        { fromMonths: 0, maxMonths: 0 },
        { fromMonths: 3, maxMonths: 1 },
        { fromMonths: 12, maxMonths: 2 },
        { fromMonths: 36, maxMonths: 6 },
      ],
      open: 6,
      task: 0,
    },
    effectiveFrom: '2008-01-01',
    source: { title: CONTRACT_LAW, article: '第十九条' },
    verified: true,
    note: '“以上”含本数（《民法典》第一千二百五十九条）：满3个月不满1年≤1个月，满1年不满3年≤2个月，满3年及无固定期限≤6个月；不满3个月或以完成一定工作任务为期限的不得约定试用期',
  },
];

export type TContractTerm = { type: 'fixed' | 'open' | 'task'; months?: number };

/** The longest probation, in months, a contract of this term may set. */
export function maxProbationMonths(term: TContractTerm, on = '2008-01-01'): number {
  const limits = ruleAt('试用期上限', PROBATION_LIMITS, on).value;
  if (term.type === 'open') return limits.open;
  if (term.type === 'task') return limits.task;
  const months = term.months;
  if (months === undefined || !Number.isFinite(months) || months < 0) {
    throw new RangeError('固定期限劳动合同须给出期限（月数，非负）');
  }
  let max = 0;
  for (const band of limits.fixed) if (months >= band.fromMonths) max = band.maxMonths;
  return max;
}

/** Part-time work may not have a probation (劳动合同法 §70). */
export const PART_TIME_RULES: readonly TEffective<{ maxDailyHoursAvg: number; maxWeeklyHours: number; probationAllowed: boolean; maxPayCycleDays: number }>[] = [
  {
    value: { maxDailyHoursAvg: 4, maxWeeklyHours: 24, probationAllowed: false, maxPayCycleDays: 15 },
    effectiveFrom: '2008-01-01',
    source: { title: CONTRACT_LAW, article: '第六十八条、第七十条、第七十二条' },
    verified: true,
  },
];

export const PROBATION_PAY: readonly TEffective<{ minShareOfContractPayBp: number; notBelowMinimumWage: boolean }>[] = [
  {
    value: { minShareOfContractPayBp: 8000, notBelowMinimumWage: true },
    effectiveFrom: '2008-09-18',
    source: { title: `${CONTRACT_LAW}第二十条；《中华人民共和国劳动合同法实施条例》`, article: '第十五条' },
    verified: true,
    note: '试用期工资不得低于本单位相同岗位最低档工资或劳动合同约定工资的80%，并不得低于用人单位所在地的最低工资标准',
  },
];

// ── Working hours ───────────────────────────────────────────────────────────

export const STANDARD_HOURS: readonly TEffective<{ maxDailyHours: number; maxWeeklyHours: number; maxMonthlyOvertimeHours: number }>[] = [
  {
    value: { maxDailyHours: 8, maxWeeklyHours: 40, maxMonthlyOvertimeHours: 36 },
    effectiveFrom: '1995-05-01',
    source: { title: '《国务院关于职工工作时间的规定》（国务院令第174号）第三条；《中华人民共和国劳动法》第四十一条' },
    verified: true,
  },
];

// ── Written contract ───────────────────────────────────────────────────────

export const WRITTEN_CONTRACT_DEADLINE: readonly TEffective<{ withinMonths: number }>[] = [
  {
    value: { withinMonths: 1 },
    effectiveFrom: '2008-01-01',
    source: { title: CONTRACT_LAW, article: '第十条、第八十二条' },
    verified: true,
    note: '自用工之日起一个月内订立书面劳动合同；超过一个月不满一年未订立的，应向劳动者每月支付二倍工资',
  },
];

/** Last day to sign the written contract for work starting on `startDate`. */
export function writtenContractDeadline(startDate: string): string {
  const { withinMonths } = ruleAt('书面劳动合同期限', WRITTEN_CONTRACT_DEADLINE, startDate).value;
  return addMonths(startDate, withinMonths);
}

