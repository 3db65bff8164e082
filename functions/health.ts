/**
 * GET /api/health: storage (a PING with its latency) and each external
 * source (its circuit breaker and last latency; a source is reported down
 * while its breaker is open). Storage down answers 503 so a load balancer
 * takes the instance out. `themeDb`: the export of the ledger to the 主题库 —
 * lag p50/p99, backlog, last export; past 10 minutes of lag the status is
 * `degraded` with a Chinese message in `alerts`.
 */
import { AppError } from '../domain';
import type { TDeps } from './deps';
import { logger } from './lib/logger';
import { themeDbHealth, type TThemeDbHealth } from './theme-db/health';

export async function health(deps: TDeps) {
  const started = Date.now();
  let storage: { status: 'up' | 'down'; latencyMs: number; error?: string };
  try {
    await deps.redis.ping();
    storage = { status: 'up', latencyMs: Date.now() - started };
  } catch (error) {
    storage = { status: 'down', latencyMs: Date.now() - started, error: (error as Error).name };
  }
  const sources = deps.sources.map((s) => {
    const state = s.state();
    const latency = s.lastLatencyMs();
    return { name: s.name, status: state === 'open' ? ('down' as const) : ('up' as const), breaker: state, ...(latency !== undefined ? { lastLatencyMs: latency } : {}) };
  });
  let themeDb: TThemeDbHealth | { status: 'unknown'; error: string } = { status: 'unknown', error: 'storage down' };
  if (storage.status === 'up') {
    try {
      themeDb = await themeDbHealth(deps);
    } catch (error) {
      logger.warn('theme database figures unavailable', { error });
      themeDb = { status: 'unknown', error: (error as Error).name };
    }
  }
  const alerts = themeDb.status === 'degraded' && 'message' in themeDb && themeDb.message ? [themeDb.message] : [];
  const body = {
    status: storage.status === 'up' ? (sources.some((s) => s.status === 'down') || alerts.length ? 'degraded' : 'ok') : 'down',
    storage,
    sources,
    themeDb,
    ...(alerts.length ? { alerts } : {}),
    time: deps.now().toISOString(),
  };
  if (storage.status === 'down') throw new AppError('STORAGE_UNAVAILABLE', { message: '存储不可用', retryAfterSeconds: 5 });
  return body;
}
