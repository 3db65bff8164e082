/**
 * Supervision at the window (一窗受理 and 督办): the clerk's queues per
 * department, the overdue board, statistics, and 好差评 (the HR user's rating
 * of a finished hire, with the clerk's follow-up of a bad one). The API's
 * answers as zod schemas, shared by the functions and the mini-program, and
 * the pure rules behind them (which due date an item is held to, how many
 * working days it is over). 好差评: ratings.ts; durations: durations.ts.
 */
import { z } from 'zod';
import { ZItemStateSchema } from '../applications/views';
import { addDays, isIsoDate, toEpochDay } from '../calendar/dates';
import { CalendarDataMissingError, isWorkingDay } from '../calendar/working-days';
import { ZDepartmentSchema, ZItemCodeSchema } from '../items/catalog';
import { ZRatingLevelSchema } from './ratings';

export * from './ratings';
export * from './durations';

// ── Queues, overdue board, statistics ────────────────────────────────────

/** The states a department's queue holds (done and rejected items have left it). */
export const OPEN_ITEM_STATES = ['submitted', 'processing', 'needs_correction'] as const;
export const ZOpenItemStateSchema = z.enum(OPEN_ITEM_STATES, { error: '状态应为 submitted、processing 或 needs_correction' });
export type TOpenItemState = z.infer<typeof ZOpenItemStateSchema>;

const ZPageQuery = {
  limit: z.coerce.number({ error: 'limit 应为数字' }).int({ error: 'limit 应为整数' }).min(1, { error: 'limit 至少为1' }).max(50, { error: 'limit 最多为50' }).default(20),
  cursor: z.coerce.number({ error: 'cursor 应为数字' }).int({ error: 'cursor 应为整数' }).min(0, { error: 'cursor 不能为负数' }).optional(),
};

/** GET /api/clerk/queues?department=&state=&limit=&cursor= */
export const ZQueueQuerySchema = z.object({
  department: z.enum(ZDepartmentSchema.options, { error: '请选择部门：hrss（人社）、medical_security（医保）或 housing_fund_center（公积金中心）' }),
  state: ZOpenItemStateSchema.default('processing'),
  ...ZPageQuery,
});
export type TQueueQuery = z.infer<typeof ZQueueQuerySchema>;

/** GET /api/clerk/overdue?limit=&cursor= (cursor: how many were shown already). */
export const ZOverdueQuerySchema = z.object(ZPageQuery);

/** One item of one hire, as the clerk's lists show it (personal data masked). */
export const ZQueueEntrySchema = z.object({
  applicationId: z.string(),
  item: ZItemCodeSchema,
  itemName: z.string(),
  department: ZDepartmentSchema,
  departmentName: z.string(),
  state: ZItemStateSchema,
  stage: z.string().nullable(),
  message: z.string().nullable(),
  enterpriseName: z.string(),
  uscc: z.string(),
  employee: z.object({ name: z.string(), documentNumber: z.string() }),
  filedAt: z.string(),
  updatedAt: z.string(),
  /** Filed at the window (一窗受理) rather than online. */
  channel: z.enum(['online', 'window']),
  /** The earliest of the promised and one-thing due dates (null: no limit, or the calendar is missing). */
  dueDate: z.string().nullable(),
});
export type TQueueEntry = z.infer<typeof ZQueueEntrySchema>;

export const ZQueuePageSchema = z.object({
  department: ZDepartmentSchema,
  departmentName: z.string(),
  state: ZOpenItemStateSchema,
  /** How many items of the department are in each open state. */
  counts: z.record(ZOpenItemStateSchema, z.number().int()),
  items: z.array(ZQueueEntrySchema),
  nextCursor: z.number().optional(),
});
export type TQueuePage = z.infer<typeof ZQueuePageSchema>;

export const ZOverdueEntrySchema = ZQueueEntrySchema.extend({
  /** Latest promised (承诺时限) and one-thing (一件事时限) due dates over the item's variants. */
  promisedDue: z.string().nullable(),
  oneThingDue: z.string().nullable(),
  /** Which limits are past: 一件事时限 and/or 承诺时限. */
  breached: z.array(z.enum(['oneThing', 'promised'])),
  /** Working days past the earliest due date (null when the calendar has no data for a year in between). */
  workingDaysOver: z.number().int().nullable(),
});
export type TOverdueEntry = z.infer<typeof ZOverdueEntrySchema>;

/** A bad rating waiting for its follow-up, on the clerk's board. */
export const ZBadRatingEntrySchema = z.object({
  applicationId: z.string(),
  enterpriseName: z.string(),
  uscc: z.string(),
  employee: z.object({ name: z.string(), documentNumber: z.string() }),
  level: ZRatingLevelSchema,
  comment: z.string().optional(),
  at: z.string(),
});
export type TBadRatingEntry = z.infer<typeof ZBadRatingEntrySchema>;

export const ZOverdueBoardSchema = z.object({
  today: z.string(),
  /** How many open items are past due in all. */
  total: z.number().int(),
  items: z.array(ZOverdueEntrySchema),
  nextCursor: z.number().optional(),
  /** Bad ratings without a follow-up yet (oldest first). */
  badRatings: z.array(ZBadRatingEntrySchema),
});
export type TOverdueBoard = z.infer<typeof ZOverdueBoardSchema>;

export const ZDurationStatsSchema = z.object({
  /** Items filed. */
  count: z.number().int(),
  /** Items done. */
  done: z.number().int(),
  /** Time from filing to done, in seconds (null while none is done). */
  medianSeconds: z.number().nullable(),
  p90Seconds: z.number().nullable(),
});
export type TDurationStats = z.infer<typeof ZDurationStatsSchema>;

export const ZSupervisionStatsSchema = z.object({
  departments: z.array(ZDurationStatsSchema.extend({ department: ZDepartmentSchema, name: z.string() })),
  items: z.array(ZDurationStatsSchema.extend({ item: ZItemCodeSchema, name: z.string(), department: ZDepartmentSchema })),
  at: z.string(),
});
export type TSupervisionStats = z.infer<typeof ZSupervisionStatsSchema>;

// ── Rules ────────────────────────────────────────────────────────────────

type TDueDatesLike = { promised: string | null; oneThing: string | null };

/**
 * The dates an item as a whole is held to: an item is done when all its
 * variants are, so it is due when its last variant is due (the physical
 * certificate, not the electronic one).
 */
export function itemDeadlines(dueDates: readonly TDueDatesLike[]): { promisedDue: string | null; oneThingDue: string | null; earliest: string | null } {
  const latest = (ds: (string | null)[]) => ds.filter((d): d is string => !!d && isIsoDate(d)).sort().reverse()[0] ?? null;
  const promisedDue = latest(dueDates.map((d) => d.promised));
  const oneThingDue = latest(dueDates.map((d) => d.oneThing));
  const earliest = [promisedDue, oneThingDue].filter((d): d is string => d !== null).sort()[0] ?? null;
  return { promisedDue, oneThingDue, earliest };
}

/** Which of the limits are past on `today` (a limit is met on its due date itself). */
export function breachedLimits(deadlines: { promisedDue: string | null; oneThingDue: string | null }, today: string): ('oneThing' | 'promised')[] {
  return [...(deadlines.oneThingDue && deadlines.oneThingDue < today ? (['oneThing'] as const) : []), ...(deadlines.promisedDue && deadlines.promisedDue < today ? (['promised'] as const) : [])];
}

/**
 * Working days after `due` up to and including `today` (0 when not past).
 * null when the calendar has no official arrangement for a year in between.
 */
export function workingDaysOver(due: string, today: string): number | null {
  if (today <= due) return 0;
  try {
    let n = 0;
    for (let d = addDays(due, 1); d <= today; d = addDays(d, 1)) if (isWorkingDay(d)) n += 1;
    return n;
  } catch (error) {
    if (error instanceof CalendarDataMissingError) return null;
    throw error;
  }
}

/** A date as a sortable score (days since 1970-01-01). */
export const dayScore = (date: string): number => toEpochDay(date);

