/**
 * A small read-through cache in Redis for shared-data lookups. Values that
 * are personal data are stored encrypted; keys never contain an ID number
 * in clear (callers pass an HMAC).
 *
 *   cache:{source}:{key}   STRING  JSON { at, value } (encrypted when personal), TTL per source
 */
import type { TDeps } from '../deps';
import { decryptField, encryptField } from '../lib/crypto';

export async function cached<T>(
  deps: TDeps,
  source: string,
  key: string,
  ttlSeconds: number,
  personal: boolean,
  load: () => Promise<T>,
): Promise<{ value: T; fetchedAt: string; hit: boolean }> {
  const redisKey = `${deps.prefix}cache:${source}:${key}`;
  const raw = await deps.redis.get<string>(redisKey);
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
