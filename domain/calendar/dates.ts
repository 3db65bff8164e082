/**
 * Calendar dates as ISO strings `YYYY-MM-DD`, computed on the proleptic
 * Gregorian calendar with no time zone: a date on a form is a date in
 * Asia/Shanghai, and nothing here converts it through UTC instants.
 */
const ISO_DATE = /^(\d{4})-(\d{2})-(\d{2})$/;

export interface TYmd {
  year: number;
  month: number; // 1–12
  day: number; // 1–31
}

export function isLeapYear(year: number): boolean {
  return (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0;
}

export function daysInMonth(year: number, month: number): number {
  return [31, isLeapYear(year) ? 29 : 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31][month - 1] ?? 0;
}

export function isRealDate(year: number, month: number, day: number): boolean {
  return (
    Number.isInteger(year) &&
    Number.isInteger(month) &&
    Number.isInteger(day) &&
    year >= 1 &&
    year <= 9999 &&
    month >= 1 &&
    month <= 12 &&
    day >= 1 &&
    day <= daysInMonth(year, month)
  );
}

/** `YYYY-MM-DD` naming a day that exists. */
export function isIsoDate(value: string): boolean {
  const m = ISO_DATE.exec(value);
  return !!m && isRealDate(Number(m[1]), Number(m[2]), Number(m[3]));
}

export function parseIsoDate(value: string): TYmd {
  const m = ISO_DATE.exec(value);
  if (!m || !isRealDate(Number(m[1]), Number(m[2]), Number(m[3]))) {
    throw new RangeError(`不是有效的日期（应为 YYYY-MM-DD）：${value}`);
  }
  return { year: Number(m[1]), month: Number(m[2]), day: Number(m[3]) };
}

const pad = (n: number, width = 2) => String(n).padStart(width, '0');

export function formatIsoDate({ year, month, day }: TYmd): string {
  return `${pad(year, 4)}-${pad(month)}-${pad(day)}`;
}

/** Days since 1970-01-01 (negative before), exact for any Gregorian date. */
export function toEpochDay(value: string): number {
  const { year, month, day } = parseIsoDate(value);
  // Howard Hinnant's days_from_civil.
  const y = month <= 2 ? year - 1 : year;
  const era = Math.floor(y / 400);
  const yoe = y - era * 400;
  const mp = (month + 9) % 12;
  const doy = Math.floor((153 * mp + 2) / 5) + day - 1;
  const doe = yoe * 365 + Math.floor(yoe / 4) - Math.floor(yoe / 100) + doy;
  return era * 146097 + doe - 719468;
}

export function fromEpochDay(epochDay: number): string {
  const z = epochDay + 719468;
  const era = Math.floor(z / 146097);
  const doe = z - era * 146097;
  const yoe = Math.floor((doe - Math.floor(doe / 1460) + Math.floor(doe / 36524) - Math.floor(doe / 146096)) / 365);
  const doy = doe - (365 * yoe + Math.floor(yoe / 4) - Math.floor(yoe / 100));
  const mp = Math.floor((5 * doy + 2) / 153);
  const day = doy - Math.floor((153 * mp + 2) / 5) + 1;
  const month = mp < 10 ? mp + 3 : mp - 9;
  const year = yoe + era * 400 + (month <= 2 ? 1 : 0);
  return formatIsoDate({ year, month, day });
}

export function addDays(value: string, days: number): string {
  return fromEpochDay(toEpochDay(value) + days);
}

/** `to − from` in days. */
export function daysBetween(from: string, to: string): number {
  return toEpochDay(to) - toEpochDay(from);
}

/** 0 = Sunday … 6 = Saturday. */
export function dayOfWeek(value: string): number {
  return (((toEpochDay(value) + 4) % 7) + 7) % 7; // 1970-01-01 was a Thursday
}

/**
 * Calendar-month addition: 2025-01-31 + 1 month = 2025-02-28. This is how a
 * term of N months is counted from a start date.
 */
export function addMonths(value: string, months: number): string {
  const { year, month, day } = parseIsoDate(value);
  const index = year * 12 + (month - 1) + months;
  const y = Math.floor(index / 12);
  const m = (index % 12) + 1;
  return formatIsoDate({ year: y, month: m, day: Math.min(day, daysInMonth(y, m)) });
}

export function compareDates(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0; // ISO dates sort as strings
}

/** Whole years of age on `on` (a person born 2000-02-29 turns 18 on 2018-03-01). */
export function ageOn(birthDate: string, on: string): number {
  const b = parseIsoDate(birthDate);
  const d = parseIsoDate(on);
  let age = d.year - b.year;
  if (d.month < b.month || (d.month === b.month && d.day < b.day)) age -= 1;
  return age;
}

/**
 * The day a person reaches `years` of age. Someone born on 29 February
 * reaches it on 1 March in a common year (民法典 §1259-style whole-day
 * counting: the birthday that does not exist is passed at the next day).
 */
export function dateOfAge(birthDate: string, years: number): string {
  const b = parseIsoDate(birthDate);
  const y = b.year + years;
  if (b.month === 2 && b.day === 29 && !isLeapYear(y)) return formatIsoDate({ year: y, month: 3, day: 1 });
  return formatIsoDate({ year: y, month: b.month, day: b.day });
}

/**
 * Whole calendar months from `start` to `end` inclusive of the end day, i.e.
 * the term of a contract that runs from `start` to `end`: 2025-01-01 to
 * 2025-12-31 is 12 months; 2025-01-01 to 2025-12-30 is 11 (and some days).
 */
export function termInMonths(start: string, end: string): number {
  const dayAfterEnd = addDays(end, 1);
  const s = parseIsoDate(start);
  const e = parseIsoDate(dayAfterEnd);
  let months = (e.year - s.year) * 12 + (e.month - s.month);
  // the estimate is at most one too many (when the end day is before the start day of month)
  while (months > 0 && addMonths(start, months) > dayAfterEnd) months -= 1;
  return Math.max(months, 0);
}

/** Asia/Shanghai's offset from UTC: +8 h all year (no daylight saving since 1991). */
export const CHINA_UTC_OFFSET_MS = 8 * 3_600_000;
const DAY_MS = 86_400_000;

/** Today's date in Asia/Shanghai (UTC+8, no daylight saving since 1991). */
export function localToday(now: number = Date.now()): string {
  const d = new Date(now + CHINA_UTC_OFFSET_MS);
  return formatIsoDate({ year: d.getUTCFullYear(), month: d.getUTCMonth() + 1, day: d.getUTCDate() });
}

/** `YYYYMMDD` of `now` in Asia/Shanghai: the day daily counters (WeChat's quotas, our daily caps) are keyed by. */
export function chinaDay(now: number): string {
  return localToday(now).replaceAll('-', '');
}

/** ms from `now` to the next midnight in Asia/Shanghai, when daily counters start again. */
export function msUntilChinaMidnight(now: number): number {
  const local = now + CHINA_UTC_OFFSET_MS;
  return DAY_MS - (((local % DAY_MS) + DAY_MS) % DAY_MS);
}
