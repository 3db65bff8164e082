/**
 * Minimum wages and social-insurance contribution bases, effective-dated and
 * keyed by administrative division (money in integer fen).
 */
import { ruleAt, RuleNotInForceError, type TEffective } from './effective';

export interface TMinimumWage {
  /** 月最低工资标准 */
  monthlyFen: number;
  /** 小时最低工资标准 (for 非全日制) */
  hourlyFen: number;
  tier: number;
}

const WUHAI_DISTRICTS = ['150302', '150303', '150304'] as const;

/** By county code (GB/T 2260). Only divisions this service runs in are listed. */
export const MINIMUM_WAGES: Readonly<Record<string, readonly TEffective<TMinimumWage>[]>> = Object.fromEntries(
  WUHAI_DISTRICTS.map((code) => [
    code,
    [
      {
        value: { monthlyFen: 198_000, hourlyFen: 2_080, tier: 1 },
        effectiveFrom: '2021-12-01',
        source: { title: '内蒙古自治区人民政府关于调整全区最低工资标准的通知（乌海市执行一类标准）' },
        verified: false,
        note: '文号未核对',
      },
      {
        value: { monthlyFen: 227_000, hourlyFen: 2_240, tier: 1 },
        effectiveFrom: '2024-12-01',
        source: { title: '内蒙古自治区人民政府关于调整全区最低工资标准的通知（乌海市执行一类标准）' },
        verified: false,
        note: '标准数额见公开通报；文号未核对',
      },
    ],
  ]),
);

export function minimumWageAt(divisionCode: string, date: string): TEffective<TMinimumWage> | undefined {
  const rows = MINIMUM_WAGES[divisionCode];
  if (!rows) return undefined;
  try {
    return ruleAt('最低工资标准', rows, date);
  } catch (error) {
    if (error instanceof RuleNotInForceError) return undefined;
    throw error;
  }
}

export interface TContributionBase {
  floorFen: number;
  ceilingFen: number;
  /** 全口径城镇单位就业人员平均工资 (monthly) it is computed from. */
  averageMonthlyWageFen: number;
}

/**
 * 企业职工基本养老保险 etc. 个人缴费基数上下限, Inner Mongolia (province code 15).
 * The medical insurance bases are set separately by the 医保局 (not listed).
 */
export const CONTRIBUTION_BASES: Readonly<Record<string, readonly TEffective<TContributionBase>[]>> = {
  '15': [
    {
      value: { floorFen: 486_300, ceilingFen: 2_431_500, averageMonthlyWageFen: 810_500 },
      effectiveFrom: '2024-01-01',
      effectiveTo: '2024-12-31',
      source: { title: '内蒙古自治区人力资源和社会保障厅办公室关于公布2024年社会保险缴费基数上下限的通知', docNo: '内人社办发〔2024〕136号' },
      verified: true,
    },
    {
      value: { floorFen: 490_700, ceilingFen: 2_453_700, averageMonthlyWageFen: 817_900 },
      effectiveFrom: '2025-01-01',
      source: { title: '内蒙古自治区人力资源和社会保障厅办公室关于公布2025年社会保险缴费基数上下限的通知', docNo: '内人社办发〔2025〕160号' },
      verified: true,
      note: '上下限为平均工资的60%和300%；2026年度基数公布前暂按2025年度执行（未核对）',
    },
  ],
};

export function contributionBaseAt(divisionCode: string, date: string): TEffective<TContributionBase> | undefined {
  const rows = CONTRIBUTION_BASES[divisionCode.slice(0, 2)];
  if (!rows) return undefined;
  try {
    return ruleAt('社会保险缴费基数', rows, date);
  } catch (error) {
    if (error instanceof RuleNotInForceError) return undefined;
    throw error;
  }
}

/** The contribution base a declared monthly wage becomes: clamped into [floor, ceiling]. */
export function contributionBaseFor(declaredFen: number, base: TContributionBase): number {
  return Math.min(Math.max(declaredFen, base.floorFen), base.ceilingFen);
}
