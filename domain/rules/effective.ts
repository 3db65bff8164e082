/**
 * Effective-dated rule values. Every legal or policy number in this product
 * is a row here: its value, the day it took effect, and the document it comes
 * from. Rows the team could not verify against the original text are marked
 * `verified: false` and listed in the README, so an operator can override them.
 */
export interface TRuleSource {
  /** Title of the law, regulation or notice, e.g. 《中华人民共和国劳动合同法》. */
  title: string;
  /** Article, e.g. `第十九条`. */
  article?: string;
  /** Document number, e.g. 内人社办发〔2025〕160号. */
  docNo?: string;
}

export interface TEffective<T> {
  value: T;
  /** First day (ISO) the value applies. */
  effectiveFrom: string;
  /** Last day it applies, if a later row does not simply replace it. */
  effectiveTo?: string;
  source: TRuleSource;
  verified: boolean;
  note?: string;
}

export class RuleNotInForceError extends Error {
  constructor(rule: string, date: string) {
    super(`${date}没有生效的“${rule}”规则数据`);
    this.name = 'RuleNotInForceError';
  }
}

/** The row in force on `date`: the latest `effectiveFrom` ≤ date within its `effectiveTo`. */
export function ruleAt<T>(rule: string, rows: readonly TEffective<T>[], date: string): TEffective<T> {
  let best: TEffective<T> | undefined;
  for (const row of rows) {
    if (row.effectiveFrom <= date && (row.effectiveTo === undefined || date <= row.effectiveTo)) {
      if (!best || row.effectiveFrom > best.effectiveFrom) best = row;
    }
  }
  if (!best) throw new RuleNotInForceError(rule, date);
  return best;
}

/** Cites a rule row in one line, for messages and the README. */
export function citeRule(row: { source: TRuleSource; effectiveFrom: string }): string {
  const { title, article, docNo } = row.source;
  return `${title}${docNo ? `（${docNo}）` : ''}${article ?? ''}，${row.effectiveFrom}起施行`;
}
