/**
 * 统一社会信用代码, GB 32100-2015: 18 characters from a 31-character set
 * (digits and capital letters without I, O, S, V, Z):
 *   1 登记管理部门代码 · 2 机构类别代码 · 3–8 登记管理机关行政区划码 (GB/T 2260)
 *   · 9–17 主体标识码 (组织机构代码, GB 11714) · 18 校验码.
 * The embedded 组织机构代码's own GB 11714 check character is not checked: real
 * codes assigned before GB 11714-1997 fail it.
 * Check character: weights Wᵢ = 3^(i−1) mod 31, C18 = 31 − (Σ Cᵢ·Wᵢ mod 31),
 * with 31 → 0.
 */
import { findDivision } from '../divisions/divisions';
import { finish, type TIdentityCheck, type TIdentityFinding } from './result';

export const USCC_CHARSET = '0123456789ABCDEFGHJKLMNPQRTUWXY';
export const USCC_WEIGHTS = [1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28] as const;

/** 登记管理部门代码 (GB 32100 表1). */
export const USCC_REGISTRATION_AUTHORITIES: Readonly<Record<string, string>> = {
  '1': '机构编制',
  '2': '外交',
  '3': '司法行政',
  '4': '文化',
  '5': '民政',
  '6': '旅游',
  '7': '宗教',
  '8': '工会',
  '9': '市场监督管理（工商）',
  A: '中央军委改革和编制办公室',
  N: '农业',
  Y: '其他',
};

/** 机构类别代码 under 9 (市场监管), the ones an employer normally has. */
export const USCC_MARKET_ENTITY_TYPES: Readonly<Record<string, string>> = {
  '1': '企业',
  '2': '个体工商户',
  '3': '农民专业合作社',
};

export function usccCheckChar(first17: string): string | undefined {
  if (first17.length !== 17) return undefined;
  let sum = 0;
  for (let i = 0; i < 17; i++) {
    const v = USCC_CHARSET.indexOf(first17[i]!);
    if (v < 0) return undefined;
    sum += v * USCC_WEIGHTS[i]!;
  }
  return USCC_CHARSET[(31 - (sum % 31)) % 31];
}

export function checkUscc(code: string): TIdentityCheck {
  const errors: TIdentityFinding[] = [];
  const warnings: TIdentityFinding[] = [];
  if (code.length !== 18) {
    errors.push({ code: 'length', message: `统一社会信用代码应为18位（当前${code.length}位）` });
    return finish({ errors, warnings });
  }
  const bad = [...code].find((ch) => !USCC_CHARSET.includes(ch));
  if (bad !== undefined) {
    errors.push({
      code: 'charset',
      message: /[IOSVZ]/.test(bad)
        ? `统一社会信用代码不使用字母${bad}，请核对（易与数字混淆）`
        : `统一社会信用代码含有无效字符“${bad}”`,
    });
    return finish({ errors, warnings });
  }
  if (usccCheckChar(code.slice(0, 17)) !== code[17]) {
    errors.push({ code: 'checksum', message: '统一社会信用代码校验位不正确，请核对是否输错' });
  }
  const authority = code[0]!;
  if (!USCC_REGISTRATION_AUTHORITIES[authority]) {
    warnings.push({ code: 'authority_unknown', message: `第1位登记管理部门代码“${authority}”不在GB 32100代码表中` });
  }
  const region = code.slice(2, 8);
  const division = findDivision(region);
  if (!division) {
    warnings.push({ code: 'region_unknown', message: `第3–8位登记机关行政区划码${region}不在现行行政区划代码中` });
  }
  return finish({ errors, warnings, regionCode: region, ...(division ? { regionName: division.fullName } : {}) });
}

/** Whether `code` is a well-formed GB 32100 code with a correct check character. */
export function isValidUscc(code: string): boolean {
  return code.length === 18 && usccCheckChar(code.slice(0, 17)) === code[17];
}
