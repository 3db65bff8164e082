/** Building blocks for the form's fields, with Chinese messages. */
import { z } from 'zod';
import { isIsoDate } from '../calendar/dates';
import { hasCode, type TCodeTable } from '../codes/code-table';
import { isValidMobile, normalizeMobile } from '../identity/mobile';
import { formatYuan } from '../money/money';

// Control characters (C0, DEL, C1), zero-width and bidi overrides: never part of a form value.
const FORBIDDEN_CHARS = /[\u0000-\u001f\u007f-\u009f\u200b-\u200f\u202a-\u202e\u2066-\u2069\ufeff]/;

/** A trimmed line of text, 1..max characters, no control characters. */
export function ZText(max: number) {
  return z
    .string({ error: (i) => (i.input === undefined ? '此项为必填项' : '应为文字') })
    .trim()
    .min(1, { error: '此项不能为空' })
    .max(max, { error: `不能超过${max}个字` })
    .refine((v) => !FORBIDDEN_CHARS.test(v), { error: '含有不可见的控制字符，请重新输入' });
}

/** A person's name: Chinese (with the middle dot of minority names) or Latin letters. */
export const ZPersonNameSchema = ZText(60).refine((v) => /^[\p{Script=Han}A-Za-z·•.\-' ]+$/u.test(v) && !/^[·•.\-' ]/.test(v), {
  error: '姓名只能包含汉字、字母、间隔号“·”和空格',
});

export const ZIsoDateSchema = z
  .string({ error: (i) => (i.input === undefined ? '此项为必填项' : '应为日期') })
  .refine(isIsoDate, { error: '请选择有效的日期（YYYY-MM-DD）' })
  .refine((v) => v >= '1900-01-01' && v <= '2199-12-31', { error: '日期超出合理范围' });

/** Money in integer fen (1 元 = 100 分). */
export function ZMoneyFen(maxYuan: number) {
  return z
    .number({ error: (i) => (i.input === undefined ? '此项为必填项' : '应为金额数字') })
    .int({ error: '金额最小单位为分' })
    .min(0, { error: '金额不能为负数' })
    .max(maxYuan * 100, { error: `金额不能超过${formatYuan(maxYuan * 100)}` });
}

/** A rate in basis points (500 = 5 %). */
export const ZRateBpSchema = z
  .number({ error: (i) => (i.input === undefined ? '此项为必填项' : '应为比例数字') })
  .int({ error: '比例最多保留两位小数' })
  .min(0, { error: '比例不能为负数' })
  .max(10_000, { error: '比例不能超过100%' });

/** A value from a code table (stores the code). */
export function ZCode(table: TCodeTable) {
  return z
    .string({ error: (i) => (i.input === undefined ? '请选择' : '请从可选项中选择') })
    .refine((code) => hasCode(table, code), { error: `请从“${table.title}”的可选项中选择` });
}

export const ZMobileSchema = z
  .string({ error: (i) => (i.input === undefined ? '此项为必填项' : '应为电话号码') })
  .transform(normalizeMobile)
  .refine(isValidMobile, { error: '请填写11位中国大陆手机号码' });

/** A mobile number, or a landline with area code (0473-1234567). */
export const ZPhoneSchema = z
  .string({ error: (i) => (i.input === undefined ? '此项为必填项' : '应为电话号码') })
  .transform(normalizeMobile)
  .refine((v) => isValidMobile(v) || /^0\d{2,3}-?\d{7,8}$/.test(v), { error: '请填写手机号码或带区号的固定电话（如0473-1234567）' });

/** An account or registration number issued by a department (letters and digits). */
export function ZAccountNo(label: string, max = 30) {
  return ZText(max).refine((v) => /^[0-9A-Za-z\-]+$/.test(v), { error: `${label}只能包含字母、数字和“-”` });
}
