import { findWorkday, isWorkday } from 'chinese-days';
import { addDays, addWorkingDays, CalendarDataMissingError, calendarYears, isWorkingDay, registerHolidayYear } from '../index';

describe('working days (Asia/Shanghai)', () => {
  it('matches the State Council 2026 arrangement (国办发明电〔2025〕7号)', () => {
    const off = [
      '2026-01-01', '2026-01-02', '2026-01-03',
      ...Array.from({ length: 9 }, (_, i) => addDays('2026-02-15', i)), // 2/15–2/23
      '2026-04-04', '2026-04-05', '2026-04-06',
      '2026-05-01', '2026-05-02', '2026-05-03', '2026-05-04', '2026-05-05',
      '2026-06-19', '2026-06-20', '2026-06-21',
      '2026-09-25', '2026-09-26', '2026-09-27',
      ...Array.from({ length: 7 }, (_, i) => addDays('2026-10-01', i)),
    ];
    const makeUp = ['2026-01-04', '2026-02-14', '2026-02-28', '2026-05-09', '2026-09-20', '2026-10-10'];
    for (const d of off) expect([d, isWorkingDay(d)]).toEqual([d, false]);
    for (const d of makeUp) expect([d, isWorkingDay(d)]).toEqual([d, true]);
    // and nothing else differs from Monday–Friday in 2026
    let date = '2026-01-01';
    let exceptions = 0;
    while (date <= '2026-12-31') {
      const weekday = ![0, 6].includes(new Date(date + 'T00:00:00Z').getUTCDay());
      if (isWorkingDay(date) !== weekday) exceptions++;
      date = addDays(date, 1);
    }
    const weekdayHolidays = off.filter((d) => ![0, 6].includes(new Date(d + 'T00:00:00Z').getUTCDay())).length;
    expect(exceptions).toBe(weekdayHolidays + makeUp.length);
  });

  it('matches the 2025 make-up workdays', () => {
    for (const d of ['2025-01-26', '2025-02-08', '2025-04-27', '2025-09-28', '2025-10-11']) expect(isWorkingDay(d)).toBe(true);
  });

  it.each([
    ['2026-09-30', 1, '2026-10-08'], // across the National Day week
    ['2026-02-13', 1, '2026-02-14'], // a Saturday make-up day
    ['2026-02-14', 1, '2026-02-24'], // across the Spring Festival
    ['2026-11-26', 5, '2026-12-03'],
    ['2026-10-01', 0, '2026-10-08'], // 0 on a holiday: the next working day
    ['2026-11-26', 0, '2026-11-26'],
    ['2026-10-08', -1, '2026-09-30'],
    ['2026-01-05', -1, '2026-01-04'], // a Sunday make-up day
  ])('addWorkingDays(%s, %d) = %s', (d, n, out) => expect(addWorkingDays(d, n)).toBe(out));

  it('agrees with chinese-days on every date it covers', () => {
    let date = '2004-01-01';
    while (date <= '2026-12-31') {
      expect([date, isWorkingDay(date)]).toEqual([date, isWorkday(date)]);
      date = addDays(date, 1);
    }
    for (const [d, n] of [['2020-01-20', 5], ['2024-09-13', 3], ['2025-04-30', 1], ['2026-12-20', 7]] as const) {
      expect(addWorkingDays(d, n)).toBe(findWorkday(n, d));
    }
  });

  it('throws for a year it has no official arrangement for, instead of counting weekends', () => {
    expect(calendarYears()[0]).toBe(2004);
    expect(calendarYears().at(-1)).toBe(2026);
    expect(() => isWorkingDay('2027-01-04')).toThrow(CalendarDataMissingError);
    expect(() => addWorkingDays('2026-12-28', 5)).toThrow('缺少2027年的法定节假日安排数据');
    expect(() => addWorkingDays('2003-12-31', 1)).toThrow(CalendarDataMissingError);
    expect(() => addWorkingDays('2026-13-01', 1)).toThrow(RangeError);
    expect(() => addWorkingDays('2026-11-26', 1.5)).toThrow(RangeError);
  });

  it('takes a newer notice through registerHolidayYear', () => {
    expect(() => registerHolidayYear(2099, { holidays: ['2098-01-01'], workdays: [] })).toThrow(RangeError);
    registerHolidayYear(2099, { holidays: ['2099-01-01', '2099-01-02'], workdays: ['2099-01-04'] });
    expect(isWorkingDay('2099-01-01')).toBe(false); // a Thursday, off
    expect(isWorkingDay('2099-01-04')).toBe(true); // a Sunday, make-up day
    expect(addWorkingDays('2099-01-01', 1)).toBe('2099-01-04');
    expect(() => addWorkingDays('2098-12-31', 1)).toThrow(CalendarDataMissingError); // 2098 is still unknown
  });
});
