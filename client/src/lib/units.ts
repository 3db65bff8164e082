/**
 * What a person types ↔ what the form stores. Money is typed in 元 and stored
 * as integer fen; rates are typed in % and stored as basis points; hours as a
 * number. Text in an input is kept as typed (`texts`) so "12." is not eaten.
 */
import { parseYuanToFen } from '@/domain/money/money';
import type { TFieldMeta } from '@/domain/form/field-meta';

export type TUnit = NonNullable<TFieldMeta['unit']>;

const FULLWIDTH_DIGITS = /[\uFF10-\uFF19]/g;
const halfWidth = (t: string) => t.replace(FULLWIDTH_DIGITS, (d) => String(d.charCodeAt(0) - 0xff10)).replace('．', '.');

/** `"12"` → 1200, `"7.5%"` → 750; undefined if not a percentage with ≤ 2 decimals. */
export function parsePercentToBp(text: string): number | undefined {
  const t = halfWidth(text).replace(/[%％\s]/g, '');
  if (!/^\d{1,3}(\.\d{1,2})?$/.test(t)) return undefined;
  const [whole, frac = ''] = t.split('.');
  return Number(whole) * 100 + Number(frac.padEnd(2, '0'));
}

/** 1200 → "12", 750 → "7.5". */
export function bpToPercentText(bp: number): string {
  return String(bp / 100);
}

/** 490750 → "4907.5" (no thousands separators: it goes back into an input). */
export function fenToYuanText(fen: number): string {
  const whole = Math.floor(Math.abs(fen) / 100);
  const cents = Math.abs(fen) % 100;
  const sign = fen < 0 ? '-' : '';
  if (cents === 0) return `${sign}${whole}`;
  return `${sign}${whole}.${String(cents).padStart(2, '0').replace(/0$/, '')}`;
}

export function unitSuffix(unit: TUnit | undefined): string {
  switch (unit) {
    case 'fen':
      return '元';
    case 'fen_per_month':
      return '元/月';
    case 'fen_per_year':
      return '元/年';
    case 'bp':
      return '%';
    case 'hours_per_week':
      return '小时/周';
    default:
      return '';
  }
}

/** The text an input shows for a stored value. */
export function toDisplayText(unit: TUnit | undefined, value: unknown): string {
  if (value === undefined || value === null) return '';
  if (typeof value === 'number') {
    if (unit === 'fen' || unit === 'fen_per_month' || unit === 'fen_per_year') return fenToYuanText(value);
    if (unit === 'bp') return bpToPercentText(value);
    return String(value);
  }
  return String(value);
}

/**
 * The stored value for typed text. Text that is not a valid amount is stored
 * as is (a string), so the schema reports “应为金额数字” under the field
 * rather than the app silently dropping it; empty text clears the value.
 */
export function fromDisplayText(unit: TUnit | undefined, text: string): unknown {
  const t = text.trim();
  if (t === '') return undefined;
  if (unit === 'fen' || unit === 'fen_per_month' || unit === 'fen_per_year') return parseYuanToFen(t) ?? t;
  if (unit === 'bp') return parsePercentToBp(t) ?? t;
  if (unit === 'hours_per_week') {
    const n = Number(halfWidth(t));
    return Number.isFinite(n) ? n : t;
  }
  return text;
}
