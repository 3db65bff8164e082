/**
 * Due dates of an item, counted in working days (Asia/Shanghai) from the day
 * it was filed: the statutory limit, the limit promised before the reform,
 * and the one-thing limit. 即办件 is due the day it is filed (or the next
 * working day when filed on a day off). When the calendar has no official
 * arrangement for a year yet, the date is left open with a note instead of
 * guessing.
 */
import { addWorkingDays, CalendarDataMissingError } from '../calendar/working-days';
import { ITEMS_BY_CODE, type TItemCode, type TItemVariant, type TTimeLimit } from './catalog';

export interface TItemDueDates {
  variant: TItemVariant['key'];
  label: string;
  legal: string | null;
  promised: string | null;
  oneThing: string | null;
  note?: string;
}

function dueDate(filedOn: string, limit: TTimeLimit): string | null {
  switch (limit.kind) {
    case 'instant':
      return addWorkingDays(filedOn, 0);
    case 'working_days':
      return addWorkingDays(filedOn, limit.days);
    case 'none':
    case 'unstated':
      return null;
  }
}

/** Due dates for the chosen variants of an item (all variants when none are chosen). */
export function itemDueDates(code: TItemCode, filedOn: string, variants?: readonly string[]): TItemDueDates[] {
  const item = ITEMS_BY_CODE[code];
  return item.variants
    .filter((v) => !variants || variants.includes(v.key))
    .map((v) => {
      const out: TItemDueDates = { variant: v.key, label: v.label, legal: null, promised: null, oneThing: null };
      const missing: number[] = [];
      for (const which of ['legal', 'promised', 'oneThing'] as const) {
        try {
          out[which] = dueDate(filedOn, v[which]);
        } catch (error) {
          if (!(error instanceof CalendarDataMissingError)) throw error;
          missing.push(error.year);
        }
      }
      if (missing.length) out.note = `缺少${[...new Set(missing)].join('、')}年法定节假日安排，期限待日历更新后计算`;
      return out;
    });
}
