/**
 * What each subscribe-message template says, field by field, and WeChat's
 * limits per field type, so a message is never refused for its data (47003).
 *
 * Source: 微信开放文档 · 订阅消息 · 模板参数值的限制 (see
 * ../../../shared/spec/facts.md): thing ≤ 20 characters; number, letter,
 * character_string ≤ 32; phrase ≤ 5 Chinese characters; name ≤ 10 Chinese
 * or 20 Latin characters; time like `2026年11月26日 10:30`; date like
 * `2026年11月26日`. The template ids differ per mini-program; the field keys
 * below are those of the templates chosen in our console (and the simulator's).
 */
import { CHINA_UTC_OFFSET_MS } from '../calendar/dates';
import type { TSubscribeTemplateKey } from './subscriptions';

export type TTemplateFieldType = 'thing' | 'phrase' | 'time' | 'date' | 'character_string' | 'number' | 'name';

export interface TTemplateField {
  key: string;
  type: TTemplateFieldType;
  label: string;
}

export const TEMPLATE_FIELDS: Record<TSubscribeTemplateKey, readonly TTemplateField[]> = {
  progress: [
    { key: 'thing1', type: 'thing', label: '办理事项' },
    { key: 'phrase2', type: 'phrase', label: '办理状态' },
    { key: 'time3', type: 'time', label: '更新时间' },
    { key: 'thing4', type: 'thing', label: '温馨提示' },
  ],
  done: [
    { key: 'thing1', type: 'thing', label: '办理事项' },
    { key: 'phrase2', type: 'phrase', label: '办理结果' },
    { key: 'time3', type: 'time', label: '办结时间' },
    { key: 'thing4', type: 'thing', label: '备注' },
  ],
  correction: [
    { key: 'thing1', type: 'thing', label: '办理事项' },
    { key: 'thing2', type: 'thing', label: '补正原因' },
    { key: 'time3', type: 'time', label: '通知时间' },
    { key: 'thing4', type: 'thing', label: '温馨提示' },
  ],
  cardProgress: [
    { key: 'thing1', type: 'thing', label: '卡片名称' },
    { key: 'phrase2', type: 'phrase', label: '当前进度' },
    { key: 'thing3', type: 'thing', label: '领卡网点' },
    { key: 'time4', type: 'time', label: '更新时间' },
  ],
};

export const FIELD_LIMITS = { thing: 20, character_string: 32, number: 32, phrase: 5, name: 10 } as const;

const chars = (s: string) => Array.from(s);

/** Cuts a text to `max` characters, ending with … when cut (never in the middle of a surrogate pair). */
export function cutText(text: string, max: number): string {
  const c = chars(text.replace(/\s+/g, ' ').trim());
  return c.length <= max ? c.join('') : `${c.slice(0, max - 1).join('')}…`;
}

/** `2026年11月26日 10:30` in Asia/Shanghai. */
export function wechatTime(at: Date): string {
  const t = new Date(at.getTime() + CHINA_UTC_OFFSET_MS);
  const p = (n: number) => String(n).padStart(2, '0');
  return `${t.getUTCFullYear()}年${p(t.getUTCMonth() + 1)}月${p(t.getUTCDate())}日 ${p(t.getUTCHours())}:${p(t.getUTCMinutes())}`;
}

/** One field's value made valid for its type; throws for a value that cannot be (a programming error, not user input). */
export function templateFieldValue(type: TTemplateFieldType, value: string | Date): string {
  if (value instanceof Date) {
    if (type === 'time') return wechatTime(value);
    if (type === 'date') return wechatTime(value).slice(0, 11);
    throw new Error(`a date for a ${type} field`);
  }
  switch (type) {
    case 'thing':
      return cutText(value, FIELD_LIMITS.thing);
    case 'phrase': {
      const han = chars(value).filter((c) => /\p{Script=Han}/u.test(c));
      if (han.length === 0 || han.length !== chars(value).length) throw new Error(`phrase must be Chinese characters only: ${value}`);
      return han.slice(0, FIELD_LIMITS.phrase).join('');
    }
    case 'character_string': {
      if (!/^[\x21-\x7e]+$/.test(value)) throw new Error(`character_string must be printable ASCII: ${value}`);
      return value.slice(0, FIELD_LIMITS.character_string);
    }
    case 'number':
      if (!/^\d+(\.\d+)?$/.test(value)) throw new Error(`number field: ${value}`);
      return value.slice(0, FIELD_LIMITS.number);
    case 'name':
      return /^[\x20-\x7e]+$/.test(value) ? value.slice(0, 20) : cutText(value, FIELD_LIMITS.name);
    case 'time':
    case 'date':
      if (!/^\d{4}年\d{2}月\d{2}日( \d{2}:\d{2})?$/.test(value)) throw new Error(`${type} field: ${value}`);
      return value;
  }
}

/** The `data` of subscribeMessage.send for a template, from values by label or key. */
export function templateData(template: TSubscribeTemplateKey, values: Record<string, string | Date>): Record<string, { value: string }> {
  const out: Record<string, { value: string }> = {};
  for (const f of TEMPLATE_FIELDS[template]) {
    const v = values[f.key] ?? values[f.label];
    if (v === undefined) throw new Error(`template ${template} needs ${f.label} (${f.key})`);
    out[f.key] = { value: templateFieldValue(f.type, v) };
  }
  return out;
}
