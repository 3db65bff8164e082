/**
 * A store for test suites: a gateway on 127.0.0.1 (ephemeral port) in front
 * of the real Redis (default; `REDIS_URL` or redis://127.0.0.1:6379) or the
 * memory backend, an @upstash/redis client configured as in production, and
 * a key prefix of its own so suites can share one Redis.
 *
 *   const store = await startTestStore();
 *   const key = keyspace(store.prefix);
 *   await store.redis.set(key('x'), '1');
 *   expect(store.gateway.stats.requests).toBe(1);
 *   await store.close();   // deletes every key under store.prefix
 *
 * Write only keys under `prefix` (pass it as the app's KEY_PREFIX): `close()`
 * deletes exactly those (SCAN + DEL, never FLUSHDB).
 */
import { randomBytes } from 'node:crypto';
import type { Redis } from '@upstash/redis';
import { createMemoryBackend } from './backends/memory';
import { createRedisBackend } from './backends/redis';
import type { TBackend } from './backends/types';
import type { TGateway } from './gateway/gateway';
import { startGatewayServer } from './gateway/server';
import { keyspace } from './keys';
import { createRedisClient } from './redis';

export interface TTestStore {
  redis: Redis;
  /** `test:<random>:` — unique per call. */
  prefix: string;
  /** The gateway's URL (the app's `UPSTASH_REDIS_REST_URL`). */
  url: string;
  token: string;
  /** Counters: `gateway.stats`, `gateway.resetStats()`. */
  gateway: TGateway;
  backend: TBackend;
  /** Deletes every key under `prefix`, stops the gateway, closes the backend. */
  close(): Promise<void>;
}

export const DEFAULT_TEST_REDIS_URL = 'redis://127.0.0.1:6379';

/** Deletes every key matching `pattern` with SCAN + DEL; returns how many. */
export async function deleteByPattern(backend: TBackend, pattern: string): Promise<number> {
  let cursor = '0';
  let deleted = 0;
  do {
    const reply = await backend.command(['SCAN', cursor, 'MATCH', pattern, 'COUNT', '500']);
    const [next, keys] = reply as [Buffer | string, (Buffer | string)[]];
    cursor = next.toString();
    if (keys.length > 0) {
      deleted += Number(await backend.command(['DEL', ...keys.map((k) => k.toString())]));
    }
  } while (cursor !== '0');
  return deleted;
}

async function connectedRedisBackend(redisUrl: string): Promise<TBackend> {
  const backend = createRedisBackend(redisUrl, { connectTimeoutMs: 2_000 });
  try {
    await backend.command(['PING']);
    return backend;
  } catch (error) {
    await backend.close();
    throw new Error(
      `startTestStore: Redis at ${redisUrl} is not reachable (${(error as Error).message}). Start one with ` +
        '`redis-server --daemonize yes --bind 127.0.0.1 -::1 --port 6379 --save "" --appendonly no`, ' +
        "set REDIS_URL, or use startTestStore({ backend: 'memory' }).",
    );
  }
}

export async function startTestStore(options: { backend?: 'redis' | 'memory' } = {}): Promise<TTestStore> {
  const backend =
    options.backend === 'memory' ? createMemoryBackend() : await connectedRedisBackend(process.env.REDIS_URL ?? DEFAULT_TEST_REDIS_URL);
  const token = randomBytes(24).toString('base64url');
  const prefix = `test:${randomBytes(6).toString('hex')}:`;
  const server = await startGatewayServer({ backend, token });
  const redis = createRedisClient({ url: server.url, token });
  let closed = false;
  return {
    redis,
    prefix,
    url: server.url,
    token,
    gateway: server.gateway,
    backend,
    async close() {
      if (closed) return;
      closed = true;
      try {
        await deleteByPattern(backend, keyspace(prefix).pattern);
      } finally {
        await server.close();
        await backend.close();
      }
    },
  };
}
