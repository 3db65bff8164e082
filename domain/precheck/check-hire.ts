/**
 * The seven-item pre-check: before an HR user submits, say for each item
 * whether it would go through (`ok`), go through with something to look at
 * (`warn`), or be refused (`block`), in Chinese, with the fields to fix.
 *
 * The server runs the same check at submission and refuses a hire with any
 * `block`, so what the user sees here is what the departments would decide.
 */
import { z } from 'zod';
import { addDays, addMonths, compareDates, dateOfAge, termInMonths } from '../calendar/dates';
import { aliasOf, codeName, parentOf, type TCodeTable } from '../codes/code-table';
import { CONTRACT_TERM_TYPES } from '../codes/contract-term-types';
import { EMPLOYMENT_FORMS } from '../codes/employment-forms';
import { INSURANCE_TYPES } from '../codes/insurance-types';
import { TECHNICAL_GRADES } from '../codes/technical-grades';
import { WORKING_TIME_SYSTEMS } from '../codes/working-time-systems';
import type { TFieldIssue } from '../errors/app-error';
import { parseWithIssues } from '../errors/zod-issues';
import { formField, FORM_FIELDS, sectionItems } from '../form/fields';
import { FORM_SECTIONS, type TApplication, type TFormSectionKey } from '../form/schema';
import { documentKindOf, isChineseCitizenDocument } from '../identity/document';
import { formatPercentBp, formatYuan } from '../money/money';
import { ITEM_CATALOG, ITEMS_BY_CODE, type TItemCode } from '../items/catalog';
import { citeRule, ruleAt, RuleNotInForceError } from '../rules/effective';
import { housingFundRuleAt, monthlyDepositFen } from '../rules/housing-fund';
import {
  maxProbationMonths,
  OVER_AGE_WORKER_RULE,
  PART_TIME_RULES,
  PROBATION_LIMITS,
  PROBATION_PAY,
  RETIREMENT_SCHEDULES,
  retirementAgeLabel,
  retirementDate,
  STANDARD_HOURS,
  workingAgeStatus,
  WRITTEN_CONTRACT_DEADLINE,
  writtenContractDeadline,
  MINIMUM_WORKING_AGE,
  type TRetirementCategory,
} from '../rules/labor-law';
import { contributionBaseAt, contributionBaseFor, minimumWageAt } from '../rules/wages';

export const ZCheckLevelSchema = z.enum(['ok', 'warn', 'block']);
export type TCheckLevel = z.infer<typeof ZCheckLevelSchema>;

export const ZCheckFindingSchema = z.object({
  level: z.enum(['warn', 'block']),
  /** Stable code of the rule, e.g. `probation_too_long`. */
  code: z.string(),
  message: z.string(),
  /** Dotted paths of the fields to fix, e.g. `laborFiling.probationEndDate`. */
  fields: z.array(z.string()),
  /** The legal source, where a rule (not a field format) is involved. */
  source: z.string().optional(),
});
export type TCheckFinding = z.infer<typeof ZCheckFindingSchema>;

export const ZItemCheckSchema = z.object({
  item: z.string(),
  name: z.string(),
  status: ZCheckLevelSchema,
  findings: z.array(ZCheckFindingSchema),
});
export type TItemCheck = z.infer<typeof ZItemCheckSchema> & { item: TItemCode };

export interface THireCheck {
  /** The worst status over all items. */
  status: TCheckLevel;
  items: TItemCheck[];
  /** Field-level issues of the form, for showing next to each field. */
  fieldIssues: TFieldIssue[];
}

type TFindingFor = TCheckFinding & { items: readonly TItemCode[] };

const ALL_ITEMS: readonly TItemCode[] = ITEM_CATALOG.map((i) => i.code);
const yuan = formatYuan;
const percent = formatPercentBp;
const is = (table: TCodeTable, code: string | undefined, alias: string) => code !== undefined && aliasOf(table, code) === alias;

type TParsed = { [K in TFormSectionKey]?: TApplication[K] };

/** The agreed monthly pay: the annual total without overtime pay, over 12 months. */
export function contractMonthlyPayFen(labor: TApplication['laborFiling']): number {
  return Math.round((labor.annualTotalPayFen - labor.annualOvertimePayFen) / 12);
}

/** Runs the pre-check on a (possibly incomplete) application on `today` (ISO date). */
export function checkHire(application: unknown, today: string): THireCheck {
  const input = (typeof application === 'object' && application !== null ? application : {}) as Record<string, unknown>;
  const parsed: TParsed = {};
  const fieldIssues: TFieldIssue[] = [];
  const findings: TFindingFor[] = [];

  for (const section of FORM_SECTIONS) {
    const result = parseWithIssues(section.schema, input[section.key]);
    if (result.success) {
      (parsed as Record<string, unknown>)[section.key] = result.data;
      continue;
    }
    for (const issue of result.issues) {
      const path: TFieldIssue['path'] = [section.key, ...issue.path];
      fieldIssues.push({ ...issue, path });
      const key = typeof issue.path[0] === 'string' ? issue.path[0] : undefined;
      const f = key ? formField(section.key, key) : undefined;
      const label = f?.meta.label ?? section.title;
      findings.push({
        level: 'block',
        code: `field.${issue.code}`,
        message: `${label}：${issue.message}`,
        fields: [f ? `${section.key}.${f.key}` : section.key],
        items: f?.items ?? sectionItems(section),
      });
    }
  }

  findings.push(...ruleFindings(parsed, today));
  return summarize(findings, fieldIssues);
}

function summarize(findings: TFindingFor[], fieldIssues: TFieldIssue[]): THireCheck {
  const byItem = new Map<TItemCode, TCheckFinding[]>(ALL_ITEMS.map((c) => [c, []]));
  for (const { items, ...finding } of findings) for (const item of items) byItem.get(item)!.push(finding);

  // An item cannot go through when an item it depends on is refused.
  for (const item of ITEM_CATALOG) {
    for (const dep of item.dependsOn) {
      if (byItem.get(dep)!.some((f) => f.level === 'block')) {
        byItem.get(item.code)!.push({
          level: 'block',
          code: 'dependency_blocked',
          message: `须先办结“${ITEMS_BY_CODE[dep].name}”，该事项目前未通过预检`,
          fields: [],
        });
      }
    }
  }
  const items: TItemCheck[] = ITEM_CATALOG.map((item) => {
    const list = byItem.get(item.code)!;
    const status: TCheckLevel = list.some((f) => f.level === 'block') ? 'block' : list.length ? 'warn' : 'ok';
    return { item: item.code, name: item.name, status, findings: list };
  });
  const status: TCheckLevel = items.some((i) => i.status === 'block') ? 'block' : items.some((i) => i.status === 'warn') ? 'warn' : 'ok';
  return { status, items, fieldIssues };
}

// ── Rules across sections ───────────────────────────────────────────────────

type TAdd = (level: 'warn' | 'block', code: string, items: readonly TItemCode[], fields: string[], message: string, source?: string) => void;
interface TRuleContext extends TParsed {
  today: string;
  /** 用工之日 (the contract's start), when the labor section parsed. */
  start?: string;
  add: TAdd;
}

/**
 * Each group runs on its own: a date outside every effective-dated row stops
 * only that group, which then asks for a clerk's review instead of passing.
 */
const RULE_GROUPS: readonly { name: string; items: readonly TItemCode[]; run: (c: TRuleContext) => void }[] = [
  { name: '就业年龄', items: ALL_ITEMS, run: workingAgeRules },
  { name: '法定退休年龄与参保险种', items: ['pension_insurance', 'medical_insurance', 'labor_filing', 'employment_registration'], run: insuranceRules },
  { name: '就业登记', items: ['employment_registration', 'employment_certificate'], run: registrationRules },
  { name: '劳动用工备案', items: ['labor_filing'], run: (c) => c.laborFiling && laborRules(c.laborFiling, c.employer?.divisionCode, c.today, c.add) },
  { name: '住房公积金', items: ['housing_fund_account'], run: housingFundRules },
];

function ruleFindings(p: TParsed, today: string): TFindingFor[] {
  const out: TFindingFor[] = [];
  const add: TAdd = (level, code, items, fields, message, source) =>
    out.push({ level, code, items, fields, message, ...(source ? { source } : {}) });
  const context: TRuleContext = { ...p, today, add, ...(p.laborFiling ? { start: p.laborFiling.contractStartDate } : {}) };
  for (const group of RULE_GROUPS) {
    try {
      group.run(context);
    } catch (error) {
      if (!(error instanceof RuleNotInForceError)) throw error;
      add('warn', 'rule_not_in_force', group.items, [], `${error.message}，“${group.name}”规则无法自动核验，将由窗口工作人员人工审核`);
    }
  }
  return out;
}

/** 劳动法 §15, §58 */
function workingAgeRules({ employee, start, today, add }: TRuleContext): void {
  if (!employee) return;
  const on = start ?? today;
  const ageRule = ruleAt('最低就业年龄', MINIMUM_WORKING_AGE, on);
  const status = workingAgeStatus(employee.birthDate, on);
  if (status === 'under_age') {
    add('block', 'under_working_age', ALL_ITEMS, ['employee.birthDate', 'employee.documentNumber'],
      `用工之日（${on}）员工未满${ageRule.value.minimum}周岁，禁止招用`, citeRule(ageRule));
  } else if (status === 'minor_worker') {
    add('warn', 'minor_worker', ['labor_filing', 'employment_registration'], ['employee.birthDate'],
      `员工未满${ageRule.value.adultAge}周岁，为未成年工：不得安排禁忌劳动，须定期健康检查并办理未成年工登记`, citeRule(ageRule));
  }
}

/** Statutory retirement age (渐进式延迟退休) and the insurances each item needs. */
function insuranceRules({ employer, employee, insurance, laborFiling: labor, start, today, add }: TRuleContext): void {
  let overAge = false;
  if (employee) {
    const on = insurance?.insuranceStartDate ?? start ?? today;
    const female = employee.sex === '2';
    const gradeGroup = labor ? parentOf(TECHNICAL_GRADES, labor.grade) ?? labor.grade : undefined;
    const cadre = gradeGroup === '1' || gradeGroup === '3';
    const category: TRetirementCategory = !female ? 'male' : cadre ? 'female_cadre' : 'female_worker';
    const retireOn = retirementDate(employee.birthDate, category);
    if (compareDates(on, retireOn) >= 0) {
      overAge = true;
      const label = retirementAgeLabel(employee.birthDate, category);
      const who = female ? (cadre ? '（按女职工管理、专业技术岗位）' : '（按女工人岗位）') : '';
      const overRule = ruleAt('超龄劳动者', OVER_AGE_WORKER_RULE, on);
      const types = insurance?.insuranceTypes ?? [];
      if (types.some((c) => is(INSURANCE_TYPES, c, 'pension') || is(INSURANCE_TYPES, c, 'unemployment'))) {
        add('block', 'over_age_insurance', ['pension_insurance'], ['insurance.insuranceTypes'],
          `员工已于${retireOn}达到法定退休年龄${label}${who}，为超龄劳动者，不能参加职工基本养老保险和失业保险，请只勾选工伤保险（及医疗保险）`,
          citeRule(overRule));
      }
      add('warn', 'over_age_worker', ['labor_filing', 'employment_registration'], ['employee.birthDate'],
        `员工已达到法定退休年龄${label}${who}，请核实用工关系性质（劳动关系或劳务关系）`, citeRule(ruleAt('法定退休年龄', RETIREMENT_SCHEDULES, retireOn)));
    }
  }
  if (!insurance) return;
  const has = (alias: string) => insurance.insuranceTypes.some((c) => is(INSURANCE_TYPES, c, alias));
  if (!overAge && !has('pension')) {
    add('block', 'pension_not_selected', ['pension_insurance'], ['insurance.insuranceTypes'], '未勾选职工基本养老保险，无法办理社保参保登记');
  }
  if (overAge && !has('work_injury')) {
    add('block', 'over_age_work_injury', ['pension_insurance'], ['insurance.insuranceTypes'], '超龄劳动者应由用人单位为其参加工伤保险，请勾选工伤保险');
  }
  if (!has('medical')) {
    add('block', 'medical_not_selected', ['medical_insurance'], ['insurance.insuranceTypes'], '未勾选职工基本医疗（生育）保险，无法办理医保参保登记');
  }
  if (start && compareDates(insurance.insuranceStartDate, start) < 0) {
    add('block', 'insurance_before_employment', ['pension_insurance', 'medical_insurance'],
      ['insurance.insuranceStartDate', 'laborFiling.contractStartDate'], `本次参保日期不能早于用工之日（合同起始日期${start}）`);
  }
  if (employer) {
    const baseRow = contributionBaseAt(employer.divisionCode, insurance.insuranceStartDate);
    if (!baseRow) {
      add('warn', 'contribution_base_unknown', ['pension_insurance'], ['insurance.monthlyContributionWageFen'],
        `暂无${insurance.insuranceStartDate}所在年度本地区缴费基数上下限数据，由经办机构核定`);
    } else {
      const declared = insurance.monthlyContributionWageFen;
      const base = contributionBaseFor(declared, baseRow.value);
      if (base !== declared) {
        add('warn', declared < base ? 'contribution_below_floor' : 'contribution_above_ceiling', ['pension_insurance'],
          ['insurance.monthlyContributionWageFen'],
          `月缴费工资${yuan(declared)}${declared < base ? '低于缴费基数下限' : '高于缴费基数上限'}，将按${yuan(base)}核定缴费基数`,
          citeRule(baseRow));
      }
    }
  }
  if (labor) {
    const monthlyPay = contractMonthlyPayFen(labor);
    if (insurance.monthlyContributionWageFen < monthlyPay) {
      add('warn', 'contribution_below_wage', ['pension_insurance', 'medical_insurance'], ['insurance.monthlyContributionWageFen'],
        `月缴费工资${yuan(insurance.monthlyContributionWageFen)}低于约定月工资${yuan(monthlyPay)}，新参保人员应按起薪当月工资申报`);
    }
  }
}

function registrationRules({ employee, employmentRegistration: reg, start, add }: TRuleContext): void {
  if (!employee) return;
  const kind = documentKindOf(employee.documentType);
  if (kind && !isChineseCitizenDocument(kind)) {
    add('warn', 'foreigner_employment', ['employment_registration', 'employment_certificate'], ['employee.documentType'],
      '外国人在华就业须办理外国人工作许可；就业登记按外国人就业管理规定办理，不申领就业创业证');
  }
  if (!reg) return;
  if (start && compareDates(reg.firstEmploymentDate, start) > 0) {
    add('block', 'first_employment_after_start', ['employment_registration'],
      ['employmentRegistration.firstEmploymentDate', 'laborFiling.contractStartDate'], `首次就业时间不能晚于本次用工之日（${start}）`);
  }
  const minimum = ruleAt('最低就业年龄', MINIMUM_WORKING_AGE, reg.firstEmploymentDate);
  if (compareDates(reg.firstEmploymentDate, dateOfAge(employee.birthDate, minimum.value.minimum)) < 0) {
    add('block', 'first_employment_under_age', ['employment_registration'], ['employmentRegistration.firstEmploymentDate'],
      `首次就业时间早于员工年满${minimum.value.minimum}周岁之日，请核对`, citeRule(minimum));
  }
}

/** 住房公积金管理条例 §16–18 */
function housingFundRules({ housingFund: fund, employer, laborFiling: labor, start, today, add }: TRuleContext): void {
  if (!fund) return;
  const rule = housingFundRuleAt(start ?? today);
  const { minRateBp, maxRateBp } = rule.value;
  for (const [key, label] of [['employerRateBp', '单位'], ['personalRateBp', '个人']] as const) {
    const rate = fund[key];
    if (rate < minRateBp || rate > maxRateBp) {
      add('block', 'housing_fund_rate', ['housing_fund_account'], [`housingFund.${key}`],
        `${label}缴存比例${percent(rate)}不在${percent(minRateBp)}–${percent(maxRateBp)}之间`, citeRule(rule));
    }
  }
  const expected = monthlyDepositFen(fund.depositBaseFen, fund.employerRateBp, fund.personalRateBp, rule.value);
  if (expected !== fund.monthlyDepositFen) {
    add('block', 'housing_fund_amount', ['housing_fund_account'], ['housingFund.monthlyDepositFen'],
      `月缴存额应为${yuan(expected)}（缴存基数${yuan(fund.depositBaseFen)}×（单位${percent(fund.employerRateBp)}+个人${percent(fund.personalRateBp)}），分别计算）`,
      citeRule(rule));
  }
  const minWage = employer && minimumWageAt(employer.divisionCode, start ?? today);
  if (minWage && fund.depositBaseFen < minWage.value.monthlyFen && !(labor && is(EMPLOYMENT_FORMS, labor.employmentForm, 'part_time'))) {
    add('warn', 'housing_fund_base_below_minimum_wage', ['housing_fund_account'], ['housingFund.depositBaseFen'],
      `缴存基数${yuan(fund.depositBaseFen)}低于当地最低工资标准${yuan(minWage.value.monthlyFen)}`, citeRule(minWage));
  }
}

/** Contract, probation, pay and hours: all on the labor filing. */
function laborRules(labor: NonNullable<TParsed['laborFiling']>, divisionCode: string | undefined, today: string, addFinding: TAdd): void {
  const add = (level: 'warn' | 'block', code: string, fields: string[], message: string, source?: string) =>
    addFinding(level, code, ['labor_filing'], fields, message, source);
  const start = labor.contractStartDate;
  const termType = aliasOf(CONTRACT_TERM_TYPES, labor.contractTermType) as 'fixed' | 'open' | 'task' | undefined;
  const partTime = is(EMPLOYMENT_FORMS, labor.employmentForm, 'part_time');

  // Contract dates consistent with the term type (劳动合同第一条)
  if (termType === 'fixed' && !labor.contractEndDate) {
    add('block', 'fixed_term_needs_end', ['laborFiling.contractEndDate'], '固定期限劳动合同须填写合同终止日期');
  }
  if (termType !== 'fixed' && labor.contractEndDate) {
    add('block', 'end_date_not_applicable', ['laborFiling.contractEndDate', 'laborFiling.contractTermType'],
      `“${codeName(CONTRACT_TERM_TYPES, labor.contractTermType)}”合同没有约定的终止日期，请清空合同终止日期或改选固定期限`);
  }

  // Probation (劳动合同法 §19, §70)
  if (labor.probationEndDate) {
    const limits = ruleAt('试用期上限', PROBATION_LIMITS, start);
    if (partTime) {
      const pt = ruleAt('非全日制用工', PART_TIME_RULES, start);
      add('block', 'part_time_probation', ['laborFiling.probationEndDate'], '非全日制用工双方当事人不得约定试用期', citeRule(pt));
    } else if (termType && (termType !== 'fixed' || labor.contractEndDate)) {
      const months = termType === 'fixed' ? termInMonths(start, labor.contractEndDate!) : undefined;
      const max = maxProbationMonths({ type: termType, ...(months !== undefined ? { months } : {}) }, start);
      const lastAllowed = addDays(addMonths(start, max), -1);
      const termText = termType === 'fixed' ? `合同期限${months}个月` : `“${codeName(CONTRACT_TERM_TYPES, labor.contractTermType)}”合同`;
      if (termType === 'fixed' && compareDates(labor.probationEndDate, labor.contractEndDate!) >= 0) {
        add('block', 'probation_is_whole_term', ['laborFiling.probationEndDate'],
          '劳动合同仅约定试用期的，试用期不成立，该期限为劳动合同期限', citeRule(limits));
      } else if (max === 0) {
        add('block', 'probation_not_allowed', ['laborFiling.probationEndDate'], `${termText}，不得约定试用期`, citeRule(limits));
      } else if (compareDates(labor.probationEndDate, lastAllowed) > 0) {
        add('block', 'probation_too_long', ['laborFiling.probationEndDate'],
          `${termText}，试用期最长${max}个月（最晚至${lastAllowed}）`, citeRule(limits));
      }
    }
  }

  // Pay: components add up (the form's 工资报酬合计)
  const parts = labor.annualBasicPayFen + labor.annualPerformancePayFen + labor.annualAllowancesFen + labor.annualOvertimePayFen;
  if (parts !== labor.annualTotalPayFen) {
    add('block', 'pay_components_sum', ['laborFiling.annualTotalPayFen', 'laborFiling.annualBasicPayFen', 'laborFiling.annualPerformancePayFen',
      'laborFiling.annualAllowancesFen', 'laborFiling.annualOvertimePayFen'],
      `基本工资、绩效工资、津补贴、加班加点工资之和为${yuan(parts)}，与工资报酬合计${yuan(labor.annualTotalPayFen)}不一致`);
  }
  const monthlyPay = contractMonthlyPayFen(labor);

  // Minimum wage (最低工资规定 §12: overtime pay and special allowances do not count)
  const minWage = divisionCode ? minimumWageAt(divisionCode, start) : undefined;
  if (divisionCode && !minWage) {
    add('warn', 'minimum_wage_unknown', ['employer.divisionCode'], '暂无单位所在地区的最低工资标准数据，未核对工资是否达到最低工资标准');
  }
  if (minWage) {
    const cite = citeRule(minWage);
    if (partTime) {
      const hourly = (labor.annualTotalPayFen - labor.annualOvertimePayFen) / (labor.weeklyHours * 52);
      if (hourly < minWage.value.hourlyFen) {
        add('block', 'below_hourly_minimum_wage', ['laborFiling.annualTotalPayFen', 'laborFiling.weeklyHours'],
          `折合小时工资约${yuan(Math.floor(hourly))}，低于当地小时最低工资标准${yuan(minWage.value.hourlyFen)}`, cite);
      }
    } else if (monthlyPay < minWage.value.monthlyFen) {
      add('block', 'below_minimum_wage', ['laborFiling.annualTotalPayFen'],
        `约定月工资${yuan(monthlyPay)}（不含加班加点工资）低于当地月最低工资标准${yuan(minWage.value.monthlyFen)}`, cite);
    } else if (Math.round((labor.annualTotalPayFen - labor.annualOvertimePayFen - labor.annualAllowancesFen) / 12) < minWage.value.monthlyFen) {
      add('warn', 'minimum_wage_with_allowances', ['laborFiling.annualAllowancesFen'],
        `扣除津补贴后月工资低于最低工资标准${yuan(minWage.value.monthlyFen)}；中夜班、高温、井下等特殊津贴不计入最低工资，请核对`, cite);
    }
  }

  // Probation pay (劳动合同法 §20, 实施条例 §15)
  if (labor.probationEndDate && !partTime) {
    const rule = ruleAt('试用期工资', PROBATION_PAY, start);
    const pay = labor.probationMonthlyWageFen;
    if (pay === undefined) {
      add('block', 'probation_pay_missing', ['laborFiling.probationMonthlyWageFen'], '约定了试用期，请填写试用期月工资', citeRule(rule));
    } else {
      const floor = Math.ceil((monthlyPay * rule.value.minShareOfContractPayBp) / 10_000);
      if (pay < floor) {
        add('block', 'probation_pay_below_share', ['laborFiling.probationMonthlyWageFen'],
          `试用期月工资不得低于约定月工资${yuan(monthlyPay)}的${percent(rule.value.minShareOfContractPayBp)}（${yuan(floor)}）`, citeRule(rule));
      }
      if (minWage && rule.value.notBelowMinimumWage && pay < minWage.value.monthlyFen) {
        add('block', 'probation_pay_below_minimum_wage', ['laborFiling.probationMonthlyWageFen'],
          `试用期月工资不得低于当地最低工资标准${yuan(minWage.value.monthlyFen)}`, citeRule(rule));
      }
    }
  }

  // Hours (国务院令第174号; 劳动合同法 §68)
  if (partTime) {
    const pt = ruleAt('非全日制用工', PART_TIME_RULES, start);
    if (labor.weeklyHours > pt.value.maxWeeklyHours) {
      add('block', 'part_time_hours', ['laborFiling.weeklyHours'],
        `非全日制用工每周工作时间累计不得超过${pt.value.maxWeeklyHours}小时`, citeRule(pt));
    }
  } else if (is(WORKING_TIME_SYSTEMS, labor.workingTimeSystem, 'standard')) {
    const std = ruleAt('标准工时', STANDARD_HOURS, start);
    if (labor.weeklyHours > std.value.maxWeeklyHours) {
      add('block', 'standard_hours', ['laborFiling.weeklyHours'],
        `标准工时制每周工作时间不得超过${std.value.maxWeeklyHours}小时（加班另计，不计入约定工时）`, citeRule(std));
    }
  }

  // Written contract within one month (劳动合同法 §10, §82)
  const deadline = writtenContractDeadline(start);
  if (compareDates(today, deadline) > 0) {
    add('warn', 'written_contract_late', ['laborFiling.contractStartDate'],
      `用工之日（${start}）起已超过一个月（${deadline}），未及时订立书面劳动合同的，应自第二个月起向劳动者支付二倍工资`,
      citeRule(ruleAt('书面劳动合同期限', WRITTEN_CONTRACT_DEADLINE, start)));
  }

  if (is(EMPLOYMENT_FORMS, labor.employmentForm, 'dispatched')) {
    add('warn', 'dispatched_worker', ['laborFiling.employmentForm'],
      '劳务派遣用工的劳动合同由劳务派遣单位订立，用工备案应由派遣单位办理，请核实申报单位');
  }
}

/** The paths a finding can point to (for tests and the client's jump-to-field). */
export const CHECKABLE_FIELD_PATHS: readonly string[] = FORM_FIELDS.map((f) => `${f.section}.${f.key}`);
