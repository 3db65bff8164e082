/**
 * What the simulated WeChat knows about subscribe messages: the mini-program's
 * templates with their typed fields (what a real one's console shows), the
 * pages of the released version, and WeChat's rules for field values.
 *
 * Field rules, from 开放文档 subscribeMessage.send «订阅消息参数值内容限制说明»
 * (see ../../../../shared/spec/facts.md):
 *   thing            ≤ 20 characters: Chinese, digits, letters or symbols
 *   number           ≤ 32 digits, may have a decimal part
 *   letter           ≤ 32 letters
 *   symbol           ≤ 5 symbols
 *   character_string ≤ 32 digits, letters or symbols (printable ASCII, no spaces)
 *   time             24-hour time, optionally with a date: `15:01`, `2019年10月1日 15:01`
 *                    (`2019-10-01 15:01` accepted too); a range joins two with `~`
 *   date             a date, optionally with a time: `2019年10月1日`, `2019-10-01`, `2019年10月1日 15:01`; ranges with `~`
 *   amount           one currency symbol + ≤ 10 digits, may have decimals, may end in 元
 *   phone_number     ≤ 17 digits and symbols: `+86-0766-66888866`
 *   car_number       ≤ 8: first and last may be Chinese, the rest letters or digits
 *   name             ≤ 10 Chinese characters (mixed counts as Chinese) or ≤ 20 letters/symbols
 *   phrase           ≤ 5 Chinese characters only
 * Empty values are refused for every type. Whether WeChat accepts seconds or a
 * leading/trailing space is not documented: refused here (strict).
 */

/** The simulated mini-program's subscribe-message template ids (a real one's come from its console). */
export const SIM_SUBSCRIBE_TEMPLATES = {
  progress: 'SimTplProgress000000000000000000000000000001',
  done: 'SimTplDone00000000000000000000000000000000002',
  correction: 'SimTplCorrection000000000000000000000000003',
  cardProgress: 'SimTplCardProgress0000000000000000000000004',
} as const;

export type TSimFieldType =
  | 'thing'
  | 'number'
  | 'letter'
  | 'symbol'
  | 'character_string'
  | 'time'
  | 'date'
  | 'amount'
  | 'phone_number'
  | 'car_number'
  | 'name'
  | 'phrase';

export interface TSimTemplateField {
  /** The data key, `<type><n>` as WeChat names them, e.g. `thing1`. */
  key: string;
  type: TSimFieldType;
  /** The field's name in the template, e.g. 办理事项. */
  label: string;
}

export interface TSimTemplate {
  templateId: string;
  title: string;
  /** One-time (一次性订阅) — the only kind this product uses. */
  kind: 'one_time';
  fields: readonly TSimTemplateField[];
}

/**
 * The simulated mini-program's four templates, field by field (the keys and
 * types match domain/notifications/templates.ts, which builds the data).
 */
export const SIM_SUBSCRIBE_TEMPLATE_DEFINITIONS = {
  progress: {
    templateId: SIM_SUBSCRIBE_TEMPLATES.progress,
    title: '办理进度通知',
    kind: 'one_time',
    fields: [
      { key: 'thing1', type: 'thing', label: '办理事项' },
      { key: 'phrase2', type: 'phrase', label: '办理状态' },
      { key: 'time3', type: 'time', label: '更新时间' },
      { key: 'thing4', type: 'thing', label: '温馨提示' },
    ],
  },
  done: {
    templateId: SIM_SUBSCRIBE_TEMPLATES.done,
    title: '办结通知',
    kind: 'one_time',
    fields: [
      { key: 'thing1', type: 'thing', label: '办理事项' },
      { key: 'phrase2', type: 'phrase', label: '办理结果' },
      { key: 'time3', type: 'time', label: '办结时间' },
      { key: 'thing4', type: 'thing', label: '备注' },
    ],
  },
  correction: {
    templateId: SIM_SUBSCRIBE_TEMPLATES.correction,
    title: '补正通知',
    kind: 'one_time',
    fields: [
      { key: 'thing1', type: 'thing', label: '办理事项' },
      { key: 'thing2', type: 'thing', label: '补正原因' },
      { key: 'time3', type: 'time', label: '通知时间' },
      { key: 'thing4', type: 'thing', label: '温馨提示' },
    ],
  },
  cardProgress: {
    templateId: SIM_SUBSCRIBE_TEMPLATES.cardProgress,
    title: '社保卡制卡进度',
    kind: 'one_time',
    fields: [
      { key: 'thing1', type: 'thing', label: '卡片名称' },
      { key: 'phrase2', type: 'phrase', label: '当前进度' },
      { key: 'thing3', type: 'thing', label: '领卡网点' },
      { key: 'time4', type: 'time', label: '更新时间' },
    ],
  },
} as const satisfies Record<keyof typeof SIM_SUBSCRIBE_TEMPLATES, TSimTemplate>;

/** The released mini-program's pages (client/src/app.config.ts: main package and subpackages). */
export const SIM_MINIPROGRAM_PAGES: readonly string[] = [
  'pages/index/index',
  'pages/me/me',
  'packageHire/pages/wizard/index',
  'packageHire/pages/list/index',
  'packageHire/pages/detail/index',
  'packageEmployee/pages/records/index',
  'packageEmployee/pages/card/index',
  'packageEmployee/pages/inbox/index',
  'packageAuth/pages/login/index',
  'packageHire/pages/archive/index',
  'packageEmployee/pages/archive/index',
  'packageClerk/pages/login/index',
  'packageClerk/pages/board/index',
];

/** Whether `page` (a path, optionally with `?query`, optionally with a leading `/`) opens a page of the app. */
export function isKnownPage(page: string, pages: readonly string[] = SIM_MINIPROGRAM_PAGES): boolean {
  const [path = '', query] = page.split(/\?(.*)/s);
  if (query !== undefined && /[\s#]/.test(query)) return false;
  return pages.includes(path.replace(/^\//, ''));
}

const chars = (s: string) => Array.from(s);
const HAN = /^\p{Script=Han}$/u;
const isHan = (c: string) => HAN.test(c);
const CONTROL = /[\p{Cc}\u2028\u2029]/u;

function validDate(y: number, m: number, d: number): boolean {
  if (m < 1 || m > 12 || d < 1 || y < 1900 || y > 2999) return false;
  return d <= new Date(Date.UTC(y, m, 0)).getUTCDate();
}
const validClock = (h: number, min: number) => h >= 0 && h <= 23 && min >= 0 && min <= 59;

const CN_DATE = /^(\d{4})年(\d{1,2})月(\d{1,2})日$/;
const ISO_DATE = /^(\d{4})-(\d{2})-(\d{2})$/;
const CLOCK = /^(\d{2}):(\d{2})$/;

function isDate(text: string): boolean {
  const m = CN_DATE.exec(text) ?? ISO_DATE.exec(text);
  return !!m && validDate(Number(m[1]), Number(m[2]), Number(m[3]));
}
function isClock(text: string): boolean {
  const m = CLOCK.exec(text);
  return !!m && validClock(Number(m[1]), Number(m[2]));
}

/** One point in time: `date? clock` (time) or `date clock?` (date). */
function isPoint(text: string, type: 'time' | 'date'): boolean {
  const parts = text.split(' ');
  if (parts.length === 1) return type === 'time' ? isClock(parts[0]!) : isDate(parts[0]!);
  return parts.length === 2 && isDate(parts[0]!) && isClock(parts[1]!);
}

function isTimeValue(value: string, type: 'time' | 'date'): boolean {
  const points = value.split('~');
  return points.length <= 2 && points.every((p) => isPoint(p, type));
}

/** Why a value does not fit a field of `type` (undefined when it fits) — WeChat answers 47003 for it. */
export function fieldValueProblem(type: TSimFieldType, value: string): string | undefined {
  if (value.length === 0) return 'is empty';
  if (CONTROL.test(value)) return 'has control characters';
  if (value.trim() !== value) return 'has leading or trailing spaces';
  const c = chars(value);
  switch (type) {
    case 'thing':
      return c.length <= 20 ? undefined : 'is longer than 20 characters';
    case 'number':
      return /^\d+(\.\d+)?$/.test(value) && value.replace('.', '').length <= 32 ? undefined : 'is not a number of at most 32 digits';
    case 'letter':
      return /^[A-Za-z]{1,32}$/.test(value) ? undefined : 'is not at most 32 letters';
    case 'symbol':
      return c.length <= 5 && c.every((ch) => !/[\p{L}\p{N}\s]/u.test(ch)) ? undefined : 'is not at most 5 symbols';
    case 'character_string':
      return /^[\x21-\x7e]{1,32}$/.test(value) ? undefined : 'is not at most 32 digits, letters or symbols';
    case 'time':
    case 'date':
      return isTimeValue(value, type) ? undefined : `is not a ${type} in a supported format`;
    case 'amount':
      return /^[¥￥$€£]?\d{1,10}(\.\d{1,2})?元?$/.test(value) ? undefined : 'is not an amount';
    case 'phone_number':
      return /^[\d+\-() ]{1,17}$/.test(value) && /\d/.test(value) ? undefined : 'is not a phone number of at most 17 characters';
    case 'car_number':
      return c.length <= 8 && c.length >= 2 && c.slice(1, -1).every((ch) => /[A-Za-z0-9]/.test(ch)) && [c[0]!, c[c.length - 1]!].every((ch) => isHan(ch) || /[A-Za-z0-9]/.test(ch))
        ? undefined
        : 'is not a car number';
    case 'name':
      if (c.some(isHan)) return c.length <= 10 ? undefined : 'is longer than 10 characters (Chinese name)';
      return c.length <= 20 && c.every((ch) => /[\x21-\x7e ]/.test(ch)) ? undefined : 'is not at most 20 letters or symbols';
    case 'phrase':
      return c.length <= 5 && c.every(isHan) ? undefined : 'is not at most 5 Chinese characters';
  }
}
