/**
 * GET /api/health: storage (a PING with its latency) and each external
 * source (its circuit breaker and last latency; a source is reported down
 * while its breaker is open). Storage down answers 503 so a load balancer
 * takes the instance out.
 */
import { AppError } from '../domain';
import type { TDeps } from './deps';

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
  const body = { status: storage.status === 'up' ? (sources.some((s) => s.status === 'down') ? 'degraded' : 'ok') : 'down', storage, sources, time: deps.now().toISOString() };
  if (storage.status === 'down') throw new AppError('STORAGE_UNAVAILABLE', { message: '存储不可用', retryAfterSeconds: 5 });
  return body;
}
