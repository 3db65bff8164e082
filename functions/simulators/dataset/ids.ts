/**
 * Builders for synthetic identifiers with correct check characters, so that
 * every number in the dataset passes the domain's validators. Nothing here
 * looks a number up anywhere: the numbers are made, not found.
 */
import { INDUSTRY, mod11_2CheckChar, parentOf, USCC_CHARSET, usccCheckChar } from '../../../domain';

/** `YYYY-MM-DD` → `YYYYMMDD`. */
export function compactDate(isoDate: string): string {
  return isoDate.replaceAll('-', '');
}

/**
 * A GB 11643 number (居民身份证, or 港澳台居民居住证 with 810000/820000/830000):
 * address code + birth date + 3-digit sequence whose last digit is odd for a
 * man and even for a woman + MOD 11-2 check character.
 */
export function makeGb11643(addressCode: string, birthDate: string, sequence: number, sex: '1' | '2'): string {
  if (!/^\d{6}$/.test(addressCode)) throw new Error(`地址码应为6位数字：${addressCode}`);
  let seq = ((sequence % 1000) + 1000) % 1000;
  if ((seq % 2 === 1) !== (sex === '1')) seq = (seq + 1) % 1000;
  const first17 = `${addressCode}${compactDate(birthDate)}${String(seq).padStart(3, '0')}`;
  return first17 + mod11_2CheckChar(first17)!;
}

/**
 * A 2023 外国人永久居留身份证 number: `9` + 2-digit province where it was applied
 * for + 3-digit ISO 3166 numeric nationality + birth date + 3-digit sequence +
 * MOD 11-2 check character.
 */
export function makePermanentResidenceNo(province: string, nationality: string, birthDate: string, sequence: number): string {
  const first17 = `9${province}${nationality}${compactDate(birthDate)}${String(sequence % 1000).padStart(3, '0')}`;
  if (first17.length !== 17) throw new Error('永居证号码的组成部分长度不正确');
  return first17 + mod11_2CheckChar(first17)!;
}

/** GB 11714 check character of an 8-character 组织机构代码 body. */
export function organizationCodeCheckChar(body8: string): string {
  const weights = [3, 7, 9, 10, 5, 8, 4, 2];
  let sum = 0;
  for (let i = 0; i < 8; i++) {
    const ch = body8[i]!;
    const value = /\d/.test(ch) ? Number(ch) : ch.charCodeAt(0) - 55; // A = 10
    sum += value * weights[i]!;
  }
  const c = 11 - (sum % 11);
  return c === 10 ? 'X' : c === 11 ? '0' : String(c);
}

/**
 * A GB 32100 code for an enterprise registered by 市场监管 (`91`): the region
 * code of the registering authority, a 9-character 主体标识码 and the check
 * character. Enterprises registered from late 2015 get an `MA…` body; older
 * ones kept their 组织机构代码 (8 digits + its GB 11714 check character).
 */
export function makeUscc(regionCode: string, body9: string): string {
  const first17 = `91${regionCode}${body9}`;
  const check = usccCheckChar(first17);
  if (!check) throw new Error(`无法为 ${first17} 计算校验位`);
  return first17 + check;
}

/** A 主体标识码 for an enterprise registered after the 2015 reform: `MA` + 7 characters. */
export function newStyleBody(random: () => number): string {
  let body = 'MA';
  for (let i = 0; i < 7; i++) body += USCC_CHARSET[Math.floor(random() * USCC_CHARSET.length)]!;
  return body;
}

/** A 主体标识码 taken over from a 组织机构代码 (8 digits + check). */
export function oldStyleBody(random: () => number): string {
  let body = String(1 + Math.floor(random() * 9));
  for (let i = 0; i < 7; i++) body += String(Math.floor(random() * 10));
  return body + organizationCodeCheckChar(body);
}

/**
 * 产业类别 of a GB/T 4754-2017 division, by 《三次产业划分规定》(2018): A → 1
 * except 05; B, C, D, E → 2 except 11 and 43; everything else → 3.
 */
export function sectorOfIndustry(divisionCode: string): '1' | '2' | '3' {
  const section = parentOf(INDUSTRY, divisionCode);
  if (!section) throw new Error(`不是行业大类代码：${divisionCode}`);
  if (section === 'A') return divisionCode === '05' ? '3' : '1';
  if (section === 'B' || section === 'C' || section === 'D' || section === 'E') {
    return divisionCode === '11' || divisionCode === '43' ? '3' : '2';
  }
  return '3';
}

/** Picks from a list by weight with the given PRNG. */
export function weighted<T>(random: () => number, choices: readonly (readonly [T, number])[]): T {
  const total = choices.reduce((s, [, w]) => s + w, 0);
  let r = random() * total;
  for (const [value, weight] of choices) {
    r -= weight;
    if (r < 0) return value;
  }
  return choices[choices.length - 1]![0];
}

export function pick<T>(random: () => number, list: readonly T[]): T {
  return list[Math.floor(random() * list.length)]!;
}

/** Suffixes for synthetic names: 甲 乙 丙 … then 甲子 甲丑 …, never a real given name. */
const STEMS = ['甲', '乙', '丙', '丁', '戊', '己', '庚', '辛', '壬', '癸'] as const;
const BRANCHES = ['子', '丑', '寅', '卯', '辰', '巳', '午', '未', '申', '酉', '戌', '亥'] as const;
export function ordinalSuffix(index: number): string {
  if (index < STEMS.length) return STEMS[index]!;
  const i = index - STEMS.length;
  return STEMS[Math.floor(i / BRANCHES.length) % STEMS.length]! + BRANCHES[i % BRANCHES.length]!;
}
