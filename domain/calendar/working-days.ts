/**
 * Working days in Asia/Shanghai: Monday–Friday, minus the official holidays,
 * plus the make-up workdays (调休上班) that the State Council's annual notice
 * on holiday arrangements (国务院办公厅关于…部分节假日安排的通知) sets.
 *
 * Data: the `chinese-days` package (MIT), file `dist/chinese-days.json`, which
 * carries every notice from 2004 to 2026; 2026 was checked against 国办发明电
 * 〔2025〕7号 in `working-days.test.ts`. A year it has no notice for is not
 * guessed: counting into it throws `CalendarDataMissingError`, because a
 * due date that silently ignores the Spring Festival is wrong. When a new
 * notice is out before the package is updated, `registerHolidayYear` adds it.
 */
import chineseDays from 'chinese-days/dist/chinese-days.json';
import { addDays, dayOfWeek, isIsoDate } from './dates';

export interface THolidayYear {
  /** Dates off that would otherwise be workdays (or fall on weekends). */
  holidays: readonly string[];
  /** Weekend dates that are make-up workdays. */
  workdays: readonly string[];
}

export class CalendarDataMissingError extends Error {
  readonly year: number;
  constructor(year: number) {
    super(`缺少${year}年的法定节假日安排数据，无法计算工作日；请在国务院办公厅发布当年安排后更新日历数据`);
    this.name = 'CalendarDataMissingError';
    this.year = year;
  }
}

const holidays = new Set<string>();
const workdays = new Set<string>();
const coveredYears = new Set<number>();

function addYearData(data: { holidays: Iterable<string>; workdays: Iterable<string> }): void {
  for (const d of data.holidays) {
    holidays.add(d);
    coveredYears.add(Number(d.slice(0, 4)));
  }
  for (const d of data.workdays) workdays.add(d);
}

addYearData({ holidays: Object.keys(chineseDays.holidays), workdays: Object.keys(chineseDays.workdays) });

/** Adds (or completes) one year's arrangement, e.g. from a newer notice. */
export function registerHolidayYear(year: number, data: THolidayYear): void {
  const all = [...data.holidays, ...data.workdays];
  const bad = all.find((d) => !isIsoDate(d) || Number(d.slice(0, 4)) !== year);
  if (bad !== undefined) throw new RangeError(`节假日数据中的日期${bad}不属于${year}年`);
  addYearData(data);
  coveredYears.add(year);
}

/** Years the calendar has an official arrangement for. */
export function calendarYears(): number[] {
  return [...coveredYears].sort((a, b) => a - b);
}

function assertCovered(date: string): void {
  const year = Number(date.slice(0, 4));
  if (!coveredYears.has(year)) throw new CalendarDataMissingError(year);
}

export function isWorkingDay(date: string): boolean {
  if (!isIsoDate(date)) throw new RangeError(`不是有效的日期（应为 YYYY-MM-DD）：${date}`);
  assertCovered(date);
  if (workdays.has(date)) return true;
  if (holidays.has(date)) return false;
  const dow = dayOfWeek(date);
  return dow >= 1 && dow <= 5;
}

/**
 * The `days`-th working day after `startDate` (before it, for negative
 * `days`). With `days = 0`: `startDate` itself if it is a working day,
 * otherwise the next one. Throws `CalendarDataMissingError` when the count
 * reaches a year without an official arrangement.
 */
export function addWorkingDays(startDate: string, days: number): string {
  if (!Number.isInteger(days)) throw new RangeError(`工作日数应为整数：${days}`);
  let date = startDate;
  if (days === 0) {
    if (isWorkingDay(date)) return date;
    days = 1;
  } else {
    assertCovered(startDate);
  }
  const step = days > 0 ? 1 : -1;
  for (let left = Math.abs(days); left > 0; ) {
    date = addDays(date, step);
    if (isWorkingDay(date)) left -= 1;
  }
  return date;
}
