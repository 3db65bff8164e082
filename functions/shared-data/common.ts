/**
 * What the three shared-data clients have in common: their options, the
 * 政务数据共享 envelope, dates in the interfaces' `YYYYMMDD` form, and how a
 * business "no record" answer is told apart from a failure.
 */
import { randomUUID } from 'node:crypto';
import { z } from 'zod';
import { isIsoDate } from '../../domain';
import { CircuitBreaker, HttpClient, UpstreamError, type TRequest } from '../adapters/http';

/** The auto-fill promise: an upstream call answers within 2 s or the form falls back to hand entry. */
export const MAX_SHARED_DATA_TIMEOUT_MS = 2_000;

export interface TSharedDataClientOptions {
  /** Base URL of the interface, e.g. `http://127.0.0.1:3000/sim/market`. */
  baseUrl: string;
  /** Timeout of one attempt, 1–2000 ms. */
  timeoutMs: number;
  /** Extra attempts after a failure that may pass (timeouts, 5xx), 0–3; default 1. */
  retries?: number;
  /** Shared with health checks; default: opens after 5 failures for 10 s. */
  breaker?: CircuitBreaker;
  /** Extra headers (e.g. an interface's app key). */
  headers?: Record<string, string>;
  fetchImpl?: typeof fetch;
}

export function createSharedDataHttpClient(name: string, options: TSharedDataClientOptions): HttpClient {
  const { baseUrl, timeoutMs, retries = 1 } = options;
  if (!Number.isInteger(timeoutMs) || timeoutMs < 1 || timeoutMs > MAX_SHARED_DATA_TIMEOUT_MS) {
    throw new RangeError(`${name}：timeoutMs 应为 1–${MAX_SHARED_DATA_TIMEOUT_MS} 之间的整数（当前 ${timeoutMs}）`);
  }
  if (!Number.isInteger(retries) || retries < 0 || retries > 3) {
    throw new RangeError(`${name}：retries 应为 0–3 之间的整数（当前 ${retries}）`);
  }
  if (!/^https?:\/\//.test(baseUrl)) throw new RangeError(`${name}：baseUrl 应为 http(s) URL`);
  return new HttpClient({
    name,
    baseUrl,
    timeoutMs,
    retries,
    ...(options.breaker ? { breaker: options.breaker } : {}),
    ...(options.headers ? { headers: options.headers } : {}),
    ...(options.fetchImpl ? { fetchImpl: options.fetchImpl } : {}),
  });
}

/** The envelope every answer comes in; `data` is parsed separately per code. */
export const ZEnvelopeSchema = z.object({
  code: z.string(),
  message: z.string(),
  requestId: z.string().optional(),
  timestamp: z.string().optional(),
  data: z.unknown().optional(),
});
export type TEnvelope = z.infer<typeof ZEnvelopeSchema>;

export const OK_CODE = '0000';

/**
 * Sends a request and returns the envelope. A 4xx answer whose body carries
 * one of `notFoundCodes` is returned as an envelope too (it is an answer,
 * not a failure); anything else that is not 2xx throws `UpstreamError`.
 */
export async function requestEnvelope(http: HttpClient, req: TRequest, notFoundCodes: readonly string[]): Promise<TEnvelope> {
  try {
    return await http.request({ ...req, headers: { 'x-request-id': randomUUID(), ...req.headers } }, ZEnvelopeSchema);
  } catch (error) {
    if (error instanceof UpstreamError && error.kind === 'status' && error.status !== undefined && error.status < 500) {
      const body = ZEnvelopeSchema.safeParse(error.body);
      if (body.success && notFoundCodes.includes(body.data.code)) return body.data;
    }
    throw error;
  }
}

/** An answer with a code the client does not know: the interface changed or failed. */
export function unexpectedCode(http: HttpClient, envelope: TEnvelope): UpstreamError {
  return new UpstreamError(http.name, 'invalid_response', `业务返回码 ${envelope.code}：${envelope.message}`, undefined, envelope);
}

/** `data` that does not fit the contract. */
export function invalidData(http: HttpClient, what: string): UpstreamError {
  return new UpstreamError(http.name, 'invalid_response', `响应数据不符合接口约定（${what}）`);
}

/** `YYYYMMDD` (or `YYYY-MM-DD`) → ISO date, or undefined when it is not a real date. */
export function isoDateOf(value: string | null | undefined): string | undefined {
  if (!value) return undefined;
  const iso = /^\d{8}$/.test(value) ? `${value.slice(0, 4)}-${value.slice(4, 6)}-${value.slice(6, 8)}` : value;
  return isIsoDate(iso) ? iso : undefined;
}

/** A string field the interface may send as null or '' when it has nothing. */
export const ZOptionalText = z
  .string()
  .nullish()
  .transform((v) => (v === null || v === undefined || v.trim() === '' ? undefined : v.trim()));

/** Keeps `value` if `schema` accepts it (as the schema outputs it), else undefined. */
export function validOrUndefined<T>(schema: z.ZodType<T>, value: unknown): T | undefined {
  if (value === undefined) return undefined;
  const parsed = schema.safeParse(value);
  return parsed.success ? parsed.data : undefined;
}
