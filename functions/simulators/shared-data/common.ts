/**
 * What the three shared-data simulators (市监, 公安, 人社部) have in common:
 * the 政务数据共享 envelope `{ code, message, requestId, timestamp, data? }`,
 * their options, and the default latency of a real interface.
 */
import { randomUUID } from 'node:crypto';
import type { TSimRequest, TSimResponse } from '../framework';

/** Business return codes of the simulated interfaces. */
export const SHARED_DATA_CODES = {
  ok: { code: '0000', message: '成功' },
  badRequest: { code: '4000', message: '请求参数不正确' },
  enterpriseNotFound: { code: '4040', message: '未查询到该统一社会信用代码的登记信息' },
  educationNotFound: { code: '4041', message: '未查询到学历信息' },
  identityMismatch: { code: '1001', message: '身份信息核验不一致' },
} as const;

export interface TSharedDataSimulatorOptions {
  /** Mount point, e.g. `/sim/market` (each simulator has its own default). */
  prefix?: string;
  /** Latency added to every call unless switched off; tests pass 0. */
  defaultLatencyMs?: number;
  /** Random extra latency up to this much (default: half the latency). */
  defaultJitterMs?: number;
  /** Seed of the failure/jitter generator. */
  seed?: number;
}

/** The framework's switches for the options: latency + jitter, nothing failing. */
export function defaultSwitches(options: TSharedDataSimulatorOptions, latencyMs: number) {
  const latency = Math.max(0, Math.round(options.defaultLatencyMs ?? latencyMs));
  return { latencyMs: latency, jitterMs: Math.max(0, Math.round(options.defaultJitterMs ?? latency / 2)) };
}

/** The caller's `x-request-id` when it is a sensible token, else a new one. */
export function requestIdOf(req: TSimRequest): string {
  const header = req.headers['x-request-id'];
  const value = Array.isArray(header) ? header[0] : header;
  return value && /^[\w.-]{1,64}$/.test(value) ? value : randomUUID();
}

/** Beijing time as `YYYY-MM-DDTHH:mm:ss+08:00`, as government interfaces stamp answers. */
export function beijingTimestamp(now: number = Date.now()): string {
  return new Date(now + 8 * 3_600_000).toISOString().slice(0, 19) + '+08:00';
}

/** An answer in the shared envelope. */
export function reply(
  req: TSimRequest,
  result: { code: string; message: string },
  options: { status?: number; data?: unknown } = {},
): TSimResponse {
  return {
    status: options.status ?? 200,
    body: {
      code: result.code,
      message: result.message,
      requestId: requestIdOf(req),
      timestamp: beijingTimestamp(),
      ...(options.data !== undefined ? { data: options.data } : {}),
    },
  };
}

/** `YYYY-MM-DD` → `YYYYMMDD`, the date format of the interfaces. */
export function toCompactDate(isoDate: string): string {
  return isoDate.replaceAll('-', '');
}
