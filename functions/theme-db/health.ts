/**
 * The theme database's figures for `GET /api/health`: the lag from an event's
 * time to the platform's acceptance (p50 / p99 over the samples of the last
 * 15 minutes, at most the latest 1,000), the backlog (ledger size − cursor),
 * how long the oldest event not yet exported has waited, and the last export.
 * The goal is p99 ≤ 60 s; past 10 minutes (p99, or the oldest waiting event)
 * the report is `degraded` with a message in Chinese.
 */
import type { TDeps } from '../deps';
import { fieldsToRecord } from '../storage/redis';
import { themeKeys } from './exporter';

export const LAG_GOAL_P99_MS = 60_000;
export const LAG_ALERT_MS = 10 * 60_000;
export const LAG_WINDOW_MS = 15 * 60_000;

export interface TThemeDbHealth {
  status: 'ok' | 'degraded' | 'unknown';
  /** Ledger entries not yet accepted by the platform. */
  backlog: number;
  cursor: number;
  ledgerSize: number;
  lag: { p50Ms: number | null; p99Ms: number | null; maxMs: number | null; samples: number; windowMs: number; goalP99Ms: number; alertMs: number };
  /** How long the oldest event not yet exported has waited (0 when nothing waits). */
  oldestPendingMs: number;
  lastExportAt: string | null;
  lastError: string | null;
  message?: string;
}

/** Nearest-rank percentile of sorted values. */
export function percentile(sorted: number[], p: number): number | null {
  if (sorted.length === 0) return null;
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil(p * sorted.length) - 1))]!;
}

const minutes = (ms: number) => (ms / 60_000).toFixed(1);

export async function themeDbHealth(deps: Pick<TDeps, 'redis' | 'prefix' | 'ledger' | 'now'>): Promise<TThemeDbHealth> {
  const keys = themeKeys(deps.prefix);
  const p = deps.redis.pipeline();
  p.get(keys.cursor);
  p.lrange(keys.lag, 0, -1);
  p.hgetall(keys.status);
  const [[rawCursor, rawSamples, rawStatus], size] = await Promise.all([p.exec() as Promise<[string | null, string[] | null, unknown]>, deps.ledger.size()]);
  const cursor = Number(rawCursor ?? 0);
  const status = fieldsToRecord(rawStatus);
  const now = deps.now().getTime();
  const lags = (rawSamples ?? [])
    .map((s) => String(s).split(':').map(Number) as [number, number])
    .filter(([acceptedAt, lag]) => Number.isFinite(acceptedAt) && Number.isFinite(lag) && now - acceptedAt <= LAG_WINDOW_MS)
    .map(([, lag]) => lag)
    .sort((a, b) => a - b);
  const backlog = Math.max(0, size - cursor);
  let oldestPendingMs = 0;
  if (backlog > 0) {
    const [oldest] = await deps.ledger.entries(cursor, cursor + 1);
    if (oldest) oldestPendingMs = Math.max(0, now - Date.parse(oldest.event.at));
  }
  const p99 = percentile(lags, 0.99);
  const alerts: string[] = [];
  if (oldestPendingMs > LAG_ALERT_MS) alerts.push(`主题库汇聚延迟已超过10分钟：${backlog} 条事件待汇聚，最早一条已等待 ${minutes(oldestPendingMs)} 分钟`);
  else if (p99 !== null && p99 > LAG_ALERT_MS) alerts.push(`主题库汇聚延迟已超过10分钟：近15分钟 p99 为 ${minutes(p99)} 分钟（目标 ≤ 60 秒）`);
  return {
    status: alerts.length ? 'degraded' : 'ok',
    backlog,
    cursor,
    ledgerSize: size,
    lag: { p50Ms: percentile(lags, 0.5), p99Ms: p99, maxMs: lags.length ? lags[lags.length - 1]! : null, samples: lags.length, windowMs: LAG_WINDOW_MS, goalP99Ms: LAG_GOAL_P99_MS, alertMs: LAG_ALERT_MS },
    oldestPendingMs,
    lastExportAt: status.lastExportAt ? String(status.lastExportAt) : null,
    lastError: status.lastError ? String(status.lastError) : null,
    ...(alerts.length ? { message: alerts.join('；') } : {}),
  };
}
