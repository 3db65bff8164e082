import fc from 'fast-check';
import { addDays, addMonths, ageOn, dateOfAge, dayOfWeek, fromEpochDay, isIsoDate, localToday, termInMonths, toEpochDay } from '../index';

describe('ISO calendar dates', () => {
  it.each([
    ['2024-02-29', true],
    ['2025-02-29', false],
    ['1900-02-29', false],
    ['2000-02-29', true],
    ['2025-13-01', false],
    ['2025-1-01', false],
    ['2025-04-31', false],
  ])('isIsoDate(%s) = %s', (d, ok) => expect(isIsoDate(d)).toBe(ok));

  it('round-trips every day through epoch days', () => {
    fc.assert(fc.property(fc.integer({ min: -50_000, max: 100_000 }), (n) => toEpochDay(fromEpochDay(n)) === n), { numRuns: 2000 });
    expect(toEpochDay('1970-01-01')).toBe(0);
    expect(fromEpochDay(-1)).toBe('1969-12-31');
  });

  it('agrees with the JavaScript calendar', () => {
    fc.assert(
      fc.property(fc.date({ min: new Date('1900-01-01T00:00:00Z'), max: new Date('2100-12-31T00:00:00Z'), noInvalidDate: true }), (d) => {
        const iso = d.toISOString().slice(0, 10);
        return dayOfWeek(iso) === new Date(iso + 'T00:00:00Z').getUTCDay() && addDays(iso, 1) === new Date(Date.parse(iso) + 86_400_000).toISOString().slice(0, 10);
      }),
      { numRuns: 1000 },
    );
  });

  it.each([
    ['2025-01-31', 1, '2025-02-28'],
    ['2024-01-31', 1, '2024-02-29'],
    ['2025-03-31', -1, '2025-02-28'],
    ['2025-12-15', 2, '2026-02-15'],
    ['2026-12-01', 36, '2029-12-01'],
  ])('addMonths(%s, %d) = %s', (d, n, out) => expect(addMonths(d, n)).toBe(out));

  it.each([
    ['2026-12-01', '2029-11-30', 36],
    ['2026-12-01', '2029-11-29', 35],
    ['2025-01-01', '2025-12-31', 12],
    ['2025-01-01', '2025-12-30', 11],
    ['2025-01-31', '2025-02-26', 0],
    ['2025-01-31', '2025-02-27', 1], // a month from 31 January ends with February (clamped to the 28th)
    ['2025-01-01', '2025-01-01', 0],
  ])('termInMonths(%s, %s) = %d', (a, b, n) => expect(termInMonths(a, b)).toBe(n));

  it('counts age in whole years, with 29 February birthdays passed on 1 March', () => {
    expect(ageOn('2000-02-29', '2018-02-28')).toBe(17);
    expect(ageOn('2000-02-29', '2018-03-01')).toBe(18);
    expect(dateOfAge('2000-02-29', 18)).toBe('2018-03-01');
    expect(dateOfAge('2000-02-29', 16)).toBe('2016-02-29');
  });

  it('knows today in Asia/Shanghai', () => {
    expect(localToday(Date.parse('2026-11-26T15:59:59Z'))).toBe('2026-11-26');
    expect(localToday(Date.parse('2026-11-26T16:00:00Z'))).toBe('2026-11-27');
  });
});
