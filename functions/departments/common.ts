/**
 * What the three department adapters share: options, the outcome type, the
 * envelope parser, and the mapping from the departments' field names back to
 * the form's paths.
 *
 * Outcomes:
 * - `{ ok: true, result }` — the department did it;
 * - `{ ok: false, kind: 'needs_correction', … }` — the employer can fix the data
 *   and the item is sent again (a refusal is never stored by the department, so
 *   the same requestId may be reused with the corrected body);
 * - `{ ok: false, kind: 'rejected', … }` — a permanent refusal;
 * - throws `UpstreamError` when the department is unavailable (timeouts, 5xx,
 *   open circuit, a malformed answer): the durable queue retries those.
 *   HTTP 409 (the requestId was used before with a different body) and 400
 *   (a malformed call) also arrive as `UpstreamError` with `retryable === false`:
 *   they are our bugs, not the department's or the employer's.
 */
import { z } from 'zod';
import type { TFieldIssue } from '../../domain/errors/app-error';
import type { TApplication } from '../../domain/form/schema';
import { HttpClient, UpstreamError, type CircuitBreaker, type TRequest } from '../adapters/http';

export interface TDepartmentClientOptions {
  baseUrl: string;
  timeoutMs: number;
  /** Extra attempts (GETs and idempotent POSTs only). */
  retries?: number;
  breaker?: CircuitBreaker;
  fetchImpl?: typeof fetch;
}

export type TRefusalKind = 'needs_correction' | 'rejected';

export type TDeptOutcome<T> =
  | { ok: true; result: T }
  | {
      ok: false;
      kind: TRefusalKind;
      /** The department's code, e.g. `ALREADY_INSURED`. */
      code: string;
      /** The department's reason, in Chinese. */
      message: string;
      /** The form fields to correct, where the department named them. */
      fields?: TFieldIssue[];
    };

export const SUCCESS_CODE = '0000';

/** Department codes whose refusals the employer can correct; every other refusal is permanent. */
export const NEEDS_CORRECTION_CODES: ReadonlySet<string> = new Set([
  'INVALID_PARAMS', // a field is wrong
  'ALREADY_INSURED', // the former employer must first de-register the person (减员)
  'ALREADY_EMPLOYED', // the former employer must first end the employment registration
  'ALREADY_HAS_ACCOUNT', // the former employer must first seal the housing fund account (封存)
  'DEPOSIT_AMOUNT_MISMATCH', // 月缴存额 ≠ base × ratios
]);

const ZEnvelopeSchema = z.object({
  code: z.string(),
  message: z.string(),
  data: z.unknown().optional(),
  errors: z.array(z.object({ field: z.string(), message: z.string() })).optional(),
});

/** Department field path (dotted) → form path (dotted). Array indices and sub-fields fall back to their parent. */
export type TFieldMap = Readonly<Record<string, string>>;

export function formPathOf(map: TFieldMap, departmentField: string): string[] | undefined {
  const parts = departmentField.split('.');
  for (let n = parts.length; n > 0; n--) {
    const hit = map[parts.slice(0, n).join('.')];
    if (hit) return hit.split('.');
  }
  return undefined;
}

export function createHttp(name: string, options: TDepartmentClientOptions): HttpClient {
  return new HttpClient({
    name,
    baseUrl: options.baseUrl,
    timeoutMs: options.timeoutMs,
    retries: options.retries,
    breaker: options.breaker,
    fetchImpl: options.fetchImpl,
  });
}

/** Sends one call and turns the envelope into an outcome. */
export async function callDepartment<S extends z.ZodType>(
  http: HttpClient,
  req: TRequest,
  dataSchema: S,
  fieldMap: TFieldMap = {},
): Promise<TDeptOutcome<z.output<S>>> {
  const envelope = await http.request(req, ZEnvelopeSchema);
  if (envelope.code === SUCCESS_CODE) {
    const parsed = dataSchema.safeParse(envelope.data);
    if (!parsed.success) throw new UpstreamError(http.name, 'invalid_response', '响应数据格式不正确');
    return { ok: true, result: parsed.data };
  }
  const fields: TFieldIssue[] = [];
  for (const e of envelope.errors ?? []) {
    const path = formPathOf(fieldMap, e.field);
    if (path) fields.push({ path, code: envelope.code, message: e.message });
  }
  return {
    ok: false,
    kind: NEEDS_CORRECTION_CODES.has(envelope.code) ? 'needs_correction' : 'rejected',
    code: envelope.code,
    message: envelope.message,
    ...(fields.length ? { fields } : {}),
  };
}

/** A POST that may be retried: the requestId travels in the body and as Idempotency-Key. */
export function idempotentPost(path: string, requestId: string, body: Record<string, unknown>): TRequest {
  return { method: 'POST', path, body: { requestId, ...body }, idempotencyKey: requestId };
}

// ── The person and employer blocks, from the form ────────────────────────

export function personOf(app: TApplication) {
  const e = app.employee;
  return {
    idType: e.documentType,
    idNumber: e.documentNumber,
    name: e.name,
    sex: e.sex,
    birthDate: e.birthDate,
    nationality: e.nationality,
    ethnicGroup: e.ethnicGroup,
    phone: e.phone,
    hukouNature: e.hukouNature,
    address: e.residentialAddress,
  };
}

export const PERSON_FIELDS: TFieldMap = {
  'person.idType': 'employee.documentType',
  'person.idNumber': 'employee.documentNumber',
  'person.name': 'employee.name',
  'person.sex': 'employee.sex',
  'person.birthDate': 'employee.birthDate',
  'person.nationality': 'employee.nationality',
  'person.ethnicGroup': 'employee.ethnicGroup',
  'person.phone': 'employee.phone',
  'person.hukouNature': 'employee.hukouNature',
  'person.address': 'employee.residentialAddress',
  'employer.uscc': 'employer.uscc',
  'employer.name': 'employer.name',
  'employer.divisionCode': 'employer.divisionCode',
  'employer.industryCode': 'employer.industryCode',
};

export const ZIsoTimeSchema = z.string().min(1);
