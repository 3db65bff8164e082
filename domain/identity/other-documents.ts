/**
 * Identity documents other than the 居民身份证 that a hire may present.
 * Each function takes an already normalized number (see `normalize.ts`).
 */
import { formatIsoDate, isRealDate, localToday } from '../calendar/dates';
import { ID_PROVINCE_PREFIXES } from '../divisions/divisions';
import { hasValidMod11_2 } from './mod11-2';
import { finish, type TIdentityCheck, type TIdentityFinding } from './result';

/**
 * 港澳居民来往内地通行证 (回乡证), 2013 card: `H` (Hong Kong) or `M` (Macao) + 8
 * digits, followed on the card by a 2-digit issue count that some systems keep.
 * Source: 公安部《港澳居民来往内地通行证》2012年版换发公告; the number carries no
 * birth date or sex.
 */
export function checkHkMacaoTravelPermit(no: string): TIdentityCheck {
  const errors: TIdentityFinding[] = [];
  if (!/^[HM]\d{8}(\d{2})?$/.test(no)) {
    errors.push({ code: 'format', message: '港澳居民来往内地通行证号码应为H或M加8位数字（可带2位换证次数）' });
  }
  return finish({ errors, warnings: [] });
}

/**
 * 台湾居民来往大陆通行证 (台胞证): 8 digits on the card issued since 2015
 * (公安部 2015-09-15 公告). Older booklets carried 10 characters, or 8 digits
 * with an issue count in brackets; they are accepted with a warning, since
 * some are still in use as records.
 */
export function checkTaiwanTravelPermit(no: string): TIdentityCheck {
  if (/^\d{8}$/.test(no)) return finish({ errors: [], warnings: [] });
  if (/^\d{10}$/.test(no) || /^\d{8}[(（]\d{1,2}[)）]$/.test(no) || /^\d{8}[A-Z]$/.test(no)) {
    return finish({
      errors: [],
      warnings: [{ code: 'legacy', message: '这是旧版台湾居民来往大陆通行证号码，请核对是否已换发8位号码的卡式证件' }],
    });
  }
  return finish({ errors: [{ code: 'format', message: '台湾居民来往大陆通行证号码应为8位数字' }], warnings: [] });
}

export interface TNationalityLookup {
  byNumeric(code: string): string | undefined;
  byAlpha3(code: string): string | undefined;
}

/**
 * 外国人永久居留身份证.
 * - 2023 card (国家移民管理局, issued from 2023-12-01): 18 characters, `9` +
 *   2-digit province where it was applied for + 3-digit ISO 3166 numeric
 *   nationality + 8-digit birth date + 3-digit sequence + MOD 11-2 check
 *   character, “参照居民身份证公民身份号码国家标准”. Sex is not derived: the
 *   published rule does not state that the sequence encodes it.
 * - 2004/2017 cards: 15 characters, 3-letter ISO 3166 nationality + 12 digits
 *   (2-digit province, 6-digit birth date YYMMDD, sequence and check digit);
 *   the check digit's algorithm is not public, so it is not verified.
 */
export function checkForeignPermanentResidence(
  no: string,
  nationalities?: TNationalityLookup,
  today: string = localToday(),
): TIdentityCheck {
  const errors: TIdentityFinding[] = [];
  const warnings: TIdentityFinding[] = [];
  const out: Omit<TIdentityCheck, 'valid'> = { errors, warnings };
  if (/^9\d{16}[\dX]$/.test(no)) {
    const province = no.slice(1, 3);
    if (!ID_PROVINCE_PREFIXES.has(province) || province >= '81') {
      errors.push({ code: 'province', message: `永居证号码第2–3位${province}不是有效的受理地省级代码` });
    }
    const nationality = no.slice(3, 6);
    out.nationality = nationality;
    if (nationalities && !nationalities.byNumeric(nationality)) {
      warnings.push({ code: 'nationality_unknown', message: `永居证号码第4–6位国籍代码${nationality}不在国籍代码表中，请核对` });
    }
    const [y, m, d] = [Number(no.slice(6, 10)), Number(no.slice(10, 12)), Number(no.slice(12, 14))];
    if (!isRealDate(y, m, d) || y < 1800) {
      errors.push({ code: 'birth_date', message: '永居证号码中的出生日期（第7–14位）不是有效日期' });
    } else if (formatIsoDate({ year: y, month: m, day: d }) > today) {
      errors.push({ code: 'birth_future', message: '永居证号码中的出生日期晚于今天' });
    } else {
      out.birthDate = formatIsoDate({ year: y, month: m, day: d });
    }
    if (!hasValidMod11_2(no)) errors.push({ code: 'checksum', message: '永居证号码校验位不正确，请核对是否输错' });
    return finish(out);
  }
  if (/^[A-Z]{3}\d{12}$/.test(no)) {
    const alpha3 = no.slice(0, 3);
    if (nationalities && !nationalities.byAlpha3(alpha3)) {
      warnings.push({ code: 'nationality_unknown', message: `旧版永居证号码前三位国籍代码${alpha3}不在国籍代码表中，请核对` });
    }
    const [yy, m, d] = [Number(no.slice(5, 7)), Number(no.slice(7, 9)), Number(no.slice(9, 11))];
    const candidates = [1900 + yy, 2000 + yy].filter(
      (y) => isRealDate(y, m, d) && formatIsoDate({ year: y, month: m, day: d }) <= today,
    );
    if (candidates.length === 0) {
      errors.push({ code: 'birth_date', message: '旧版永居证号码中的出生日期（第6–11位）不是有效日期' });
    } else if (candidates.length === 1) {
      out.birthDate = formatIsoDate({ year: candidates[0]!, month: m, day: d });
    }
    warnings.push({ code: 'legacy', message: '这是旧版外国人永久居留身份证号码，校验位无法核验，请对照证件核对' });
    return finish(out);
  }
  errors.push({
    code: 'format',
    message: '外国人永久居留身份证号码应为18位（以9开头）或旧版15位（3位字母加12位数字）',
  });
  return finish(out);
}

/**
 * 护照: formats differ by country, so only a loose check: 5–17 letters and
 * digits (ICAO 9303 allows up to 9 in the MRZ; some national numbers are
 * longer), plus a nationality from the code table.
 */
export function checkPassport(no: string, nationality: string | undefined, nationalities?: TNationalityLookup): TIdentityCheck {
  const errors: TIdentityFinding[] = [];
  if (!/^[A-Z0-9]{5,17}$/.test(no)) {
    errors.push({ code: 'format', message: '护照号码应为5–17位字母或数字' });
  }
  if (!nationality) {
    errors.push({ code: 'nationality_required', message: '持护照的人员须填写国籍' });
  } else if (nationalities && !nationalities.byNumeric(nationality) && !nationalities.byAlpha3(nationality)) {
    errors.push({ code: 'nationality_unknown', message: '国籍不在国籍代码表（GB/T 2659）中' });
  }
  return finish({ errors, warnings: [], ...(nationality ? { nationality } : {}) });
}
