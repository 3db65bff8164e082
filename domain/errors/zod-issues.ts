/**
 * zod issues → `{ path, code, message }` with plain Chinese messages that a
 * person filling a government form understands. A message written on the
 * schema itself (`{ error: '…' }`) always wins; this map fills in the rest.
 */
import { z } from 'zod';
import type { TFieldIssue } from './app-error';

const TYPE_NAMES: Record<string, string> = {
  string: '文字',
  number: '数字',
  int: '整数',
  boolean: '是/否',
  array: '列表',
  object: '对象',
  date: '日期',
};

function received(input: unknown): string {
  if (input === null) return '空值';
  if (Array.isArray(input)) return '列表';
  return TYPE_NAMES[typeof input] ?? typeof input;
}

/** An error map for `schema.safeParse(data, { error: zhErrorMap })`. */
export const zhErrorMap: z.core.$ZodErrorMap = (issue) => {
  switch (issue.code) {
    case 'invalid_type':
      if (issue.input === undefined || issue.input === null || issue.input === '') return '此项为必填项';
      return `应为${TYPE_NAMES[issue.expected] ?? issue.expected}，实际填写的是${received(issue.input)}`;
    case 'too_small': {
      const min = Number(issue.minimum);
      if (issue.origin === 'string') return min <= 1 ? '此项不能为空' : `至少${min}个字`;
      if (issue.origin === 'array' || issue.origin === 'set') return `至少选择${min}项`;
      return issue.inclusive ? `不能小于${min}` : `应大于${min}`;
    }
    case 'too_big': {
      const max = Number(issue.maximum);
      if (issue.origin === 'string') return `不能超过${max}个字`;
      if (issue.origin === 'array' || issue.origin === 'set') return `最多选择${max}项`;
      return issue.inclusive ? `不能大于${max}` : `应小于${max}`;
    }
    case 'invalid_format':
      return '格式不正确';
    case 'not_multiple_of':
      return `应为${String(issue.divisor)}的整数倍`;
    case 'unrecognized_keys':
      return `表单中没有以下字段：${issue.keys.join('、')}`;
    case 'invalid_value':
      return '请从可选项中选择';
    case 'invalid_union':
      return '格式不正确';
    case 'invalid_key':
    case 'invalid_element':
      return '内容不正确';
    default:
      return '内容不正确';
  }
};

/** A failed parse as field issues (paths as arrays of keys and indexes). */
export function toFieldIssues(error: z.ZodError, prefix: readonly (string | number)[] = []): TFieldIssue[] {
  return error.issues.map((issue) => ({
    path: [...prefix, ...issue.path.map((p) => (typeof p === 'symbol' ? String(p) : p))],
    code: issue.code,
    message: issue.message,
  }));
}

/** Parses with Chinese messages; returns data or field issues. */
export function parseWithIssues<T extends z.ZodType>(
  schema: T,
  data: unknown,
): { success: true; data: z.output<T> } | { success: false; issues: TFieldIssue[] } {
  const result = schema.safeParse(data, { error: zhErrorMap });
  return result.success ? { success: true, data: result.data } : { success: false, issues: toFieldIssues(result.error) };
}
