/**
 * A small read-through cache in Redis for shared-data lookups. Values that
 * are personal data are stored encrypted; keys never contain an ID number
 * in clear (callers pass an HMAC).
 *
 *   cache:{source}:{key}   STRING  JSON { at, value } (encrypted when personal), TTL per source
 */
import type { TDeps } from '../deps';
import { decryptField, encryptField } from '../lib/crypto';

const cacheKey = (deps: Pick<TDeps, 'prefix'>, source: string, key: string) => `${deps.prefix}cache:${source}:${key}`;

/**
 * Reads a cache entry ahead, for `cached(…, peeked)`: issued in the same tick
 * as another read, both go out in one auto-pipelined round trip. Reading our
 * own cache asks no outside system anything.
 */
export function peekCache(deps: Pick<TDeps, 'prefix' | 'redis'>, source: string, key: string): Promise<string | null> {
  const read = deps.redis.get<string>(cacheKey(deps, source, key));
  read.catch(() => undefined); // awaited (and its error thrown) only where it is used
  return read;
}

export async function cached<T>(
  deps: TDeps,
  source: string,
  key: string,
  ttlSeconds: number,
  personal: boolean,
  load: () => Promise<T>,
  /** The entry, read ahead by `peekCache` (in the same round trip as other reads). */
  peeked?: Promise<string | null>,
): Promise<{ value: T; fetchedAt: string; hit: boolean }> {
  const redisKey = cacheKey(deps, source, key);
  const raw = await (peeked ?? deps.redis.get<string>(redisKey));
  if (raw) {
    try {
      const text = personal ? decryptField(raw, deps.keys, redisKey) : raw;
      const entry = JSON.parse(text) as { at: string; value: T };
      return { value: entry.value, fetchedAt: entry.at, hit: true };
    } catch {
      // unreadable (e.g. rotated key): load again
    }
  }
  const value = await load();
  const fetchedAt = deps.now().toISOString();
  const text = JSON.stringify({ at: fetchedAt, value });
  await deps.redis.set(redisKey, personal ? encryptField(text, deps.keys, redisKey) : text, { ex: ttlSeconds });
  return { value, fetchedAt, hit: false };
}
