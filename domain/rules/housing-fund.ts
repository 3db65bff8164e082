/**
 * 住房公积金: deposit ratios and the monthly amount (money in fen, ratios in
 * basis points: 500 = 5 %).
 */
import { ruleAt, type TEffective } from './effective';

export interface THousingFundRule {
  minRateBp: number;
  maxRateBp: number;
  /** How each side's monthly amount is rounded. */
  rounding: 'fen' | 'yuan';
}

export const HOUSING_FUND_RULES: readonly TEffective<THousingFundRule>[] = [
  {
    value: { minRateBp: 500, maxRateBp: 1200, rounding: 'fen' },
    effectiveFrom: '2005-01-10',
    source: {
      title: '《住房公积金管理条例》第十六至十八条；建设部 财政部 中国人民银行《关于住房公积金管理若干具体问题的指导意见》',
      docNo: '建金〔2005〕5号',
    },
    verified: false,
    note: '比例下限5%为条例规定，上限12%为指导意见；乌海市的舍入规则及缴存基数上限（通常不超过上年度职工月平均工资的2或3倍）未核对，按分舍入',
  },
];

export function housingFundRuleAt(date: string): TEffective<THousingFundRule> {
  return ruleAt('住房公积金缴存', HOUSING_FUND_RULES, date);
}

function roundHalfUp(value: number, unit: number): number {
  return Math.floor(value / unit + 0.5) * unit;
}

/** One side's monthly deposit: base × rate, rounded per the rule. */
export function monthlyDepositSideFen(baseFen: number, rateBp: number, rule: THousingFundRule): number {
  return roundHalfUp((baseFen * rateBp) / 10_000, rule.rounding === 'yuan' ? 100 : 1);
}

/** 月缴存额 = 单位部分 + 个人部分, each computed and rounded on its own. */
export function monthlyDepositFen(baseFen: number, employerRateBp: number, personalRateBp: number, rule: THousingFundRule): number {
  return monthlyDepositSideFen(baseFen, employerRateBp, rule) + monthlyDepositSideFen(baseFen, personalRateBp, rule);
}
