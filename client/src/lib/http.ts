/**
 * The API client without Taro: a requester (Taro.request in the app, a fake in
 * tests), the Bearer token from storage, and API errors mapped to `ApiError`
 * with per-field Chinese messages.
 */
import { STORAGE_KEYS, type TKeyValueStore } from './kv';

export interface TRawRequest {
  url: string;
  method: 'GET' | 'POST' | 'PUT';
  data?: unknown;
  header: Record<string, string>;
  /** `arraybuffer` for files (a contract preview); JSON otherwise. */
  responseType?: 'arraybuffer';
}

export interface TRawResponse {
  statusCode: number;
  data: unknown;
  header?: Record<string, string>;
}

/** Resolves with any HTTP status; rejects only when no response came (network, timeout). */
export type TRequester = (req: TRawRequest) => Promise<TRawResponse>;

export interface TApiFieldIssue {
  path: (string | number)[];
  code: string;
  message: string;
}

export class ApiError extends Error {
  /** `{ 'employee.phone': '请填写11位中国大陆手机号码' }` */
  readonly fields: Record<string, string>;
  constructor(
    message: string,
    readonly code: string,
    readonly status: number,
    readonly issues: TApiFieldIssue[] = [],
    readonly retryable = false,
    /** No response at all: the request may or may not have reached the server. */
    readonly network = false,
    /** The server's hint (`retryAfterSeconds`, as its Retry-After header) of when to try again. */
    readonly retryAfterSeconds?: number,
  ) {
    super(message);
    this.name = 'ApiError';
    this.fields = {};
    for (const i of issues) {
      const key = i.path.join('.');
      if (!(key in this.fields)) this.fields[key] = i.message;
    }
  }
}

function toApiError(status: number, data: unknown): ApiError {
  const err = (data as { error?: { code?: string; message?: string; fields?: TApiFieldIssue[]; retryable?: boolean; retryAfterSeconds?: unknown } } | null)?.error;
  if (err && typeof err === 'object') {
    const after = typeof err.retryAfterSeconds === 'number' && Number.isFinite(err.retryAfterSeconds) && err.retryAfterSeconds >= 0 ? err.retryAfterSeconds : undefined;
    return new ApiError(err.message ?? `请求失败（${status}）`, err.code ?? 'HTTP_ERROR', status, Array.isArray(err.fields) ? err.fields : [], err.retryable ?? status >= 500, false, after);
  }
  return new ApiError(status >= 500 ? '服务暂时不可用，请稍后重试' : `请求失败（${status}）`, 'HTTP_ERROR', status, [], status >= 500);
}

export interface THttp {
  request<T>(method: TRawRequest['method'], path: string, body?: unknown, headers?: Record<string, string>): Promise<T>;
  /** A file answer: its bytes and headers (names in lower case). Errors as `request`. */
  binary(method: TRawRequest['method'], path: string, body?: unknown): Promise<{ data: ArrayBuffer; headers: Record<string, string> }>;
  readonly base: string;
}

/** An error body that came back as bytes (a binary request that failed). */
function decodeJsonBytes(data: unknown): unknown {
  if (!(data instanceof ArrayBuffer)) return data;
  try {
    return typeof TextDecoder === 'function' ? JSON.parse(new TextDecoder().decode(data)) : null;
  } catch {
    return null;
  }
}

export function createHttp(opts: { base: string; requester: TRequester; kv: TKeyValueStore }): THttp {
  const base = opts.base.replace(/\/+$/, '');
  const send = async (method: TRawRequest['method'], path: string, body: unknown, headers: Record<string, string>, binary: boolean): Promise<TRawResponse> => {
    const token = opts.kv.get<string>(STORAGE_KEYS.token);
    let res: TRawResponse;
    try {
      res = await opts.requester({
        url: base + path,
        method,
        ...(body !== undefined ? { data: body } : {}),
        header: {
          ...(body !== undefined ? { 'content-type': 'application/json' } : {}),
          ...(token ? { authorization: `Bearer ${token}` } : {}),
          ...headers,
        },
        ...(binary ? { responseType: 'arraybuffer' as const } : {}),
      });
    } catch (e) {
      const msg = (e as { errMsg?: string; message?: string })?.errMsg ?? (e as Error)?.message ?? '';
      throw new ApiError(`网络连接失败，请检查网络后重试${msg ? `（${msg}）` : ''}`, 'NETWORK', 0, [], true, true);
    }
    if (res.statusCode >= 200 && res.statusCode < 300) return res;
    if (res.statusCode === 401) opts.kv.remove(STORAGE_KEYS.token);
    throw toApiError(res.statusCode, binary ? decodeJsonBytes(res.data) : res.data);
  };
  return {
    base,
    async request<T>(method: TRawRequest['method'], path: string, body?: unknown, headers: Record<string, string> = {}): Promise<T> {
      return (await send(method, path, body, headers, false)).data as T;
    },
    async binary(method: TRawRequest['method'], path: string, body?: unknown) {
      const res = await send(method, path, body, {}, true);
      const headers = Object.fromEntries(Object.entries(res.header ?? {}).map(([k, v]) => [k.toLowerCase(), String(v)]));
      return { data: res.data as ArrayBuffer, headers };
    },
  };
}

export const sleep = (ms: number) => new Promise<void>((r) => setTimeout(r, ms));

/** The longest a filing waits between two attempts, whatever the server hints: someone is looking at the phone. */
const MAX_RETRY_WAIT_MS = 10_000;

/**
 * POST /api/applications with the draft's Idempotency-Key. A network failure
 * or a retryable 5xx is retried with the SAME key: the server answers a
 * repeated key with the application it already filed, so nothing is filed twice.
 */
export async function submitWithKey<T>(
  http: THttp,
  idempotencyKey: string,
  body: unknown,
  opts: { attempts?: number; wait?: (ms: number) => Promise<void> } = {},
): Promise<T> {
  const attempts = opts.attempts ?? 4;
  const wait = opts.wait ?? sleep;
  let last: unknown;
  for (let i = 0; i < attempts; i++) {
    try {
      return await http.request<T>('POST', '/api/applications', body, { 'idempotency-key': idempotencyKey });
    } catch (e) {
      last = e;
      const retry = e instanceof ApiError && (e.network || (e.status >= 500 && e.retryable));
      if (!retry || i === attempts - 1) throw e;
      // the server's hint when it gives one (an outage says when to come back), never more than 10 s per wait
      const hinted = e instanceof ApiError && e.retryAfterSeconds !== undefined ? e.retryAfterSeconds * 1000 : 0;
      await wait(Math.min(MAX_RETRY_WAIT_MS, Math.max(500 * 2 ** i, hinted)));
    }
  }
  throw last;
}
