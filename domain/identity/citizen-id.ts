/**
 * 公民身份号码, GB 11643-1999: 6-digit address code (GB/T 2260), 8-digit birth
 * date, 3-digit sequence (odd = male), and an ISO 7064 MOD 11-2 check character.
 * 港澳台居民居住证 numbers follow the same standard with the address codes
 * 810000 / 820000 / 830000 (国办发〔2018〕81号《港澳台居民居住证申领发放办法》§7).
 */
import { isRealDate, formatIsoDate, localToday } from '../calendar/dates';
import { findDivision, ID_PROVINCE_PREFIXES } from '../divisions/divisions';
import { mod11_2CheckChar } from './mod11-2';
import { finish, type TIdentityCheck, type TIdentityFinding } from './result';

export const HMT_RESIDENCE_PERMIT_ADDRESS_CODES: Readonly<Record<string, string>> = {
  '810000': '香港',
  '820000': '澳门',
  '830000': '台湾',
};

/** The earliest birth year accepted (the standard's own annex example is born 1880). */
const EARLIEST_BIRTH_YEAR = 1800;

/**
 * Checks a GB 11643 number. `today` (ISO) bounds the birth date; it defaults
 * to the current date of the device or server.
 */
export function checkGb11643(id: string, today: string = localToday()): TIdentityCheck {
  const errors: TIdentityFinding[] = [];
  const warnings: TIdentityFinding[] = [];
  if (!/^\d{17}[\dX]$/.test(id)) {
    errors.push({
      code: 'format',
      message: id.length !== 18 ? `证件号码应为18位（当前${id.length}位）` : '证件号码前17位应为数字，最后一位为数字或大写X',
    });
    return finish({ errors, warnings });
  }
  const address = id.slice(0, 6);
  const year = Number(id.slice(6, 10));
  const month = Number(id.slice(10, 12));
  const day = Number(id.slice(12, 14));
  const result: Omit<TIdentityCheck, 'valid'> = { errors, warnings };

  const province = address.slice(0, 2);
  if (!ID_PROVINCE_PREFIXES.has(province)) {
    errors.push({ code: 'province', message: `证件号码前两位${province}不是有效的省级行政区划代码` });
  } else if (province >= '81' && !HMT_RESIDENCE_PERMIT_ADDRESS_CODES[address]) {
    errors.push({ code: 'address', message: `港澳台居民居住证号码前六位应为810000、820000或830000` });
  } else {
    result.regionCode = address;
    const division = findDivision(address) ?? findDivision(address.slice(0, 4) + '00') ?? findDivision(province + '0000');
    result.regionName = HMT_RESIDENCE_PERMIT_ADDRESS_CODES[address] ?? division?.fullName;
    if (province < '81' && findDivision(address)?.level !== 'county') {
      warnings.push({
        code: 'address_unknown',
        message: `地址码${address}不在现行县级行政区划代码中，可能为已撤销的旧代码，请核对`,
      });
    }
  }

  if (!isRealDate(year, month, day) || year < EARLIEST_BIRTH_YEAR) {
    errors.push({ code: 'birth_date', message: '证件号码中的出生日期（第7–14位）不是有效日期' });
  } else {
    const birthDate = formatIsoDate({ year, month, day });
    if (birthDate > today) {
      errors.push({ code: 'birth_future', message: '证件号码中的出生日期晚于今天' });
    } else {
      result.birthDate = birthDate;
    }
  }
  result.sex = Number(id[16]) % 2 === 1 ? 'male' : 'female';

  if (mod11_2CheckChar(id.slice(0, 17)) !== id[17]) {
    errors.push({ code: 'checksum', message: '证件号码校验位不正确，请核对是否输错' });
  }
  return finish(result);
}

/** A mainland 居民身份证 number (not a 港澳台居民居住证 one). */
export function checkCitizenId(id: string, today?: string): TIdentityCheck {
  const check = checkGb11643(id, today);
  if (check.valid && HMT_RESIDENCE_PERMIT_ADDRESS_CODES[id.slice(0, 6)]) {
    return finish({
      ...check,
      errors: [{ code: 'is_residence_permit', message: '该号码为港澳台居民居住证号码，请将证件类型选为“港澳台居民居住证”' }],
    });
  }
  return check;
}

export function checkHmtResidencePermit(id: string, today?: string): TIdentityCheck {
  const check = checkGb11643(id, today);
  if (/^\d{6}/.test(id) && !HMT_RESIDENCE_PERMIT_ADDRESS_CODES[id.slice(0, 6)]) {
    return finish({
      ...check,
      errors: [
        ...check.errors.filter((e) => e.code !== 'address'),
        { code: 'address', message: '港澳台居民居住证号码前六位应为810000（香港）、820000（澳门）或830000（台湾）' },
      ],
    });
  }
  return check;
}

/**
 * Whether `id` is a valid GB 11643 number: format, real birth date not in the
 * future, a valid province prefix, and the check character. An unknown
 * county code is not a reason to refuse (old codes stay valid on old cards).
 */
export function isValidCitizenId(id: string): boolean {
  return checkGb11643(id).valid;
}
