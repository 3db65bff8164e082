/**
 * Shared pieces of the department simulators (人社, 医保, 公积金中心): the
 * response envelope, idempotent writes keyed by `requestId`, number
 * generators with check digits, and the person / employer blocks every
 * department API carries.
 *
 * The envelope, as government business systems commonly answer:
 *
 *   HTTP 200 { "code": "0000", "message": "成功", "data": { … } }
 *   HTTP 200 { "code": "INVALID_PARAMS", "message": "…", "data": null,
 *              "errors": [{ "field": "monthlyWageFen", "message": "…" }] }
 *   HTTP 400 { "code": "BAD_REQUEST", … }          malformed call (our bug)
 *   HTTP 409 { "code": "IDEMPOTENCY_CONFLICT", … } same requestId, different body
 *
 * A business refusal is an answer (HTTP 200), not an outage; only 5xx means
 * the system is unavailable. `errors[].field` uses the department's own field
 * names; the adapters map them back to the form's paths.
 */
import { createHash } from 'node:crypto';
import { z } from 'zod';
import { localToday } from '../../../domain/calendar/dates';
import { zhErrorMap } from '../../../domain/errors/zod-issues';
import type { TSimRequest, TSimResponse } from '../framework';

export const SUCCESS_CODE = '0000';

export interface TDeptFieldError {
  field: string;
  message: string;
}

export function ok(data: unknown): TSimResponse {
  return { status: 200, body: { code: SUCCESS_CODE, message: '成功', data } };
}

export function refuse(code: string, message: string, errors?: TDeptFieldError[]): TSimResponse {
  return { status: 200, body: { code, message, data: null, ...(errors?.length ? { errors } : {}) } };
}

export function badRequest(message: string): TSimResponse {
  return { status: 400, body: { code: 'BAD_REQUEST', message, data: null } };
}

export function notFound(message: string): TSimResponse {
  return { status: 404, body: { code: 'NOT_FOUND', message, data: null } };
}

/** A clock in epoch milliseconds; tests inject their own. */
export type TClock = () => number;

export function isoTime(ms: number): string {
  return new Date(ms).toISOString();
}

/** `YYYYMMDD` of the day in Asia/Shanghai. */
export function compactDate(ms: number): string {
  return localToday(ms).replaceAll('-', '');
}

// ── Check digits and number series ───────────────────────────────────────

/** The Luhn (mod 10) check digit of a string of digits. */
export function luhnCheckDigit(digits: string): string {
  if (!/^\d+$/.test(digits)) throw new Error(`luhn: not digits: ${digits}`);
  let sum = 0;
  for (let i = 0; i < digits.length; i++) {
    // double every second digit from the right of the payload (the check digit will be appended)
    let d = Number(digits[digits.length - 1 - i]);
    if (i % 2 === 0) {
      d *= 2;
      if (d > 9) d -= 9;
    }
    sum += d;
  }
  return String((10 - (sum % 10)) % 10);
}

/** Whether the last digit of `digits` is the Luhn check digit of the rest. */
export function isLuhnValid(digits: string): boolean {
  return /^\d{2,}$/.test(digits) && luhnCheckDigit(digits.slice(0, -1)) === digits.slice(-1);
}

/**
 * A monotonically increasing sequence for one kind of number. Numbers are
 * unique within a simulator instance (and deterministic for a given order of
 * requests); the idempotency store makes them stable per requestId.
 */
export class Sequence {
  private next: number;
  constructor(private readonly start: number) {
    this.next = start;
  }
  take(): number {
    return this.next++;
  }
  reset(): void {
    this.next = this.start;
  }
}

export function pad(n: number, width: number): string {
  const s = String(n);
  if (s.length > width) throw new Error(`编号序列溢出（${s} 超过 ${width} 位）`);
  return s.padStart(width, '0');
}

// ── Idempotent writes ────────────────────────────────────────────────────

/** JSON with object keys sorted, so two equal bodies give the same text. */
export function canonicalJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  if (value && typeof value === 'object') {
    const entries = Object.entries(value as Record<string, unknown>)
      .filter(([, v]) => v !== undefined)
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonicalJson(v)}`).join(',')}}`;
  }
  return JSON.stringify(value ?? null);
}

function fingerprint(body: unknown): string {
  const { requestId: _omit, ...rest } = (body ?? {}) as Record<string, unknown>;
  return createHash('sha256').update(canonicalJson(rest)).digest('hex');
}

const ZRequestIdSchema = z
  .string()
  .min(1)
  .max(128)
  .regex(/^[\x21-\x7e]+$/);

/**
 * Remembers each accepted write by `(scope, requestId)`:
 * - the same requestId with the same body → the stored answer again, no new record;
 * - the same requestId with a different body → HTTP 409;
 * - a refused request (code ≠ 0000) is not remembered, so the caller may
 *   correct the data and send it again under the same requestId.
 */
export class IdempotencyStore {
  private readonly entries = new Map<string, { fingerprint: string; response: TSimResponse }>();

  get size(): number {
    return this.entries.size;
  }

  clear(): void {
    this.entries.clear();
  }

  run(scope: string, req: TSimRequest, write: (requestId: string) => TSimResponse): TSimResponse {
    const body = req.body as Record<string, unknown> | undefined;
    if (!body || typeof body !== 'object' || Array.isArray(body)) return badRequest('请求体应为 JSON 对象');
    const parsed = ZRequestIdSchema.safeParse(body.requestId);
    if (!parsed.success) return badRequest('缺少业务流水号 requestId（1–128 个可见 ASCII 字符）');
    const requestId = parsed.data;
    const header = req.headers['idempotency-key'];
    if (typeof header === 'string' && header !== requestId) return badRequest('请求头 Idempotency-Key 与 requestId 不一致');
    const key = `${scope}|${requestId}`;
    const print = fingerprint(body);
    const seen = this.entries.get(key);
    if (seen) {
      if (seen.fingerprint !== print) {
        return {
          status: 409,
          body: { code: 'IDEMPOTENCY_CONFLICT', message: `业务流水号 ${requestId} 已用于内容不同的申请，不能重复使用`, data: null },
        };
      }
      return structuredClone(seen.response);
    }
    const response = write(requestId);
    if ((response.status ?? 200) === 200 && (response.body as { code?: string })?.code === SUCCESS_CODE) {
      this.entries.set(key, { fingerprint: print, response: structuredClone(response) });
    }
    return response;
  }
}

// ── Validation ───────────────────────────────────────────────────────────

/** Parses a request body; on failure, the INVALID_PARAMS refusal with one entry per field. */
export function parseBody<S extends z.ZodType>(schema: S, body: unknown): { ok: true; data: z.output<S> } | { ok: false; response: TSimResponse } {
  const result = schema.safeParse(body, { error: zhErrorMap });
  if (result.success) return { ok: true, data: result.data };
  const errors = result.error.issues.map((i) => ({ field: i.path.map(String).join('.'), message: i.message }));
  return { ok: false, response: refuse('INVALID_PARAMS', `申报信息校验不通过：${errors.map((e) => `${e.field} ${e.message}`).join('；')}`, errors) };
}

const isoDate = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, { error: '日期格式应为 YYYY-MM-DD' });
export const ZDeptDateSchema = isoDate;

/** The person block every department API carries (证件类型 codes AAC058). */
export const ZDeptPersonSchema = z.object({
  idType: z.string().regex(/^\d{2}$/, { error: '证件类型代码应为两位数字' }),
  idNumber: z
    .string()
    .min(1)
    .max(32)
    .regex(/^[0-9A-Z]+$/, { error: '证件号码只能包含数字和大写字母' }),
  name: z.string().min(1).max(60),
  sex: z.enum(['1', '2', '9'], { error: '性别代码应为1、2或9' }),
  birthDate: isoDate,
  nationality: z.string().optional(),
  ethnicGroup: z.string().optional(),
  phone: z.string().regex(/^1\d{10}$/, { error: '手机号码应为11位' }),
  hukouNature: z.string().optional(),
  address: z.string().max(200).optional(),
});
export type TDeptPerson = z.infer<typeof ZDeptPersonSchema>;

export const ZDeptEmployerSchema = z.object({
  uscc: z.string().regex(/^[0-9A-HJ-NPQRTUWXY]{2}\d{6}[0-9A-HJ-NPQRTUWXY]{10}$/, { error: '统一社会信用代码格式不正确' }),
  name: z.string().min(1).max(100),
});

export const ZAccountNoSchema = z.string().regex(/^[0-9A-Za-z-]{1,30}$/, { error: '编号只能包含字母、数字和“-”' });

/** The route's requestId-independent part of the body: the `requestId` itself is checked by the store. */
export const ZRequestIdField = { requestId: z.string() };
