import { parseWithIssues } from '../errors/zod-issues';
import { itemDueDates } from '../items/due-dates';
import {
  breachedLimits,
  formatDuration,
  isBadRating,
  itemDeadlines,
  percentileRank,
  workingDaysOver,
  ZFollowUpInputSchema,
  ZQueueQuerySchema,
  ZRatingInputSchema,
} from './supervision';

describe('好差评 input', () => {
  it('takes the five levels and an optional comment of at most 200 characters', () => {
    for (const level of ['非常满意', '满意', '基本满意', '不满意', '非常不满意']) expect(ZRatingInputSchema.safeParse({ level }).success).toBe(true);
    expect(ZRatingInputSchema.parse({ level: '满意', comment: '  很快  ' })).toEqual({ level: '满意', comment: '很快' });
    expect(ZRatingInputSchema.safeParse({ level: '满意', comment: '好'.repeat(200) }).success).toBe(true);
    // 200 emoji are 400 UTF-16 units but 200 characters
    expect(ZRatingInputSchema.safeParse({ level: '满意', comment: '👍'.repeat(200) }).success).toBe(true);
    const long = parseWithIssues(ZRatingInputSchema, { level: '满意', comment: '好'.repeat(201) });
    expect(long.success ? [] : long.issues).toEqual([expect.objectContaining({ path: ['comment'], message: '评价内容不超过200字' })]);
    const bad = parseWithIssues(ZRatingInputSchema, { level: '一般' });
    expect(bad.success ? [] : bad.issues.map((i) => i.message)).toEqual([expect.stringContaining('非常满意')]);
    expect(ZRatingInputSchema.safeParse({ level: '满意', extra: 1 }).success).toBe(false);
  });

  it('counts 不满意 and 非常不满意 as bad ratings', () => {
    expect(['非常满意', '满意', '基本满意', '不满意', '非常不满意'].map((l) => isBadRating(l as never))).toEqual([false, false, false, true, true]);
  });

  it('needs a follow-up note', () => {
    const r = parseWithIssues(ZFollowUpInputSchema, { note: '   ' });
    expect(r.success ? [] : r.issues.map((i) => i.message)).toEqual(['请填写回访处理情况']);
  });
});

describe('queue query', () => {
  it('names the department in Chinese when it is missing or wrong, and defaults the state', () => {
    expect(ZQueueQuerySchema.parse({ department: 'hrss' })).toEqual({ department: 'hrss', state: 'processing', limit: 20 });
    for (const department of [undefined, 'police']) {
      const r = parseWithIssues(ZQueueQuerySchema, { department });
      expect(r.success ? [] : r.issues.map((i) => i.message)).toEqual([expect.stringContaining('请选择部门')]);
    }
  });
});

describe('due dates of an item as a whole', () => {
  it('holds the employment certificate to its physical variant (the last one due)', () => {
    // filed Thursday 2026-11-26: electronic 即办 (11-26), physical 3 working days (12-01)
    const d = itemDeadlines(itemDueDates('employment_certificate', '2026-11-26', ['electronic', 'physical']));
    expect(d).toEqual({ promisedDue: '2026-12-01', oneThingDue: '2026-12-01', earliest: '2026-12-01' });
  });

  it('takes the earlier of the promised and one-thing dates', () => {
    // 就业登记: promised 3 working days, one-thing 即办
    expect(itemDeadlines(itemDueDates('employment_registration', '2026-11-26'))).toEqual({ promisedDue: '2026-12-01', oneThingDue: '2026-11-26', earliest: '2026-11-26' });
    expect(itemDeadlines([])).toEqual({ promisedDue: null, oneThingDue: null, earliest: null });
  });

  it('says which limits are past, a limit being met on its due date', () => {
    const d = { promisedDue: '2026-12-01', oneThingDue: '2026-11-26' };
    expect(breachedLimits(d, '2026-11-26')).toEqual([]);
    expect(breachedLimits(d, '2026-11-27')).toEqual(['oneThing']);
    expect(breachedLimits(d, '2026-12-02')).toEqual(['oneThing', 'promised']);
  });
});

describe('working days over', () => {
  it('counts working days after the due date up to today, skipping weekends and holidays', () => {
    expect(workingDaysOver('2026-11-26', '2026-11-26')).toBe(0);
    expect(workingDaysOver('2026-11-26', '2026-11-27')).toBe(1); // Friday
    expect(workingDaysOver('2026-11-26', '2026-11-29')).toBe(1); // the weekend does not count
    expect(workingDaysOver('2026-11-26', '2026-11-30')).toBe(2);
    // National Day 2026: 10-01..10-07 off, 10-10 (Saturday) a make-up workday
    expect(workingDaysOver('2026-09-30', '2026-10-10')).toBe(3); // 10-08, 10-09 and the make-up Saturday 10-10
  });

  it('is unknown when the calendar has no arrangement for a year in between', () => {
    expect(workingDaysOver('2026-12-30', '2099-01-05')).toBeNull();
  });
});

describe('percentiles', () => {
  it('uses the nearest rank', () => {
    expect(percentileRank(1, 0.5)).toBe(0);
    expect(percentileRank(2, 0.5)).toBe(0);
    expect(percentileRank(3, 0.5)).toBe(1);
    expect(percentileRank(10, 0.9)).toBe(8);
    expect(percentileRank(11, 0.9)).toBe(9);
  });

  it('formats durations in Chinese', () => {
    expect([formatDuration(null), formatDuration(12), formatDuration(600), formatDuration(3 * 3600 + 600), formatDuration(2 * 86_400 + 3 * 3600)]).toEqual(['—', '12 秒', '10 分钟', '3 小时 10 分钟', '2 天 3 小时']);
  });
});
