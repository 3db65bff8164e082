/**
 * The one way this app talks to storage: @upstash/redis over REST, to
 * Upstash or to our gateway (`gateway/`) in front of any Redis.
 *
 * Options, and why:
 * - `automaticDeserialization: false` — we store strings and our own JSON
 *   (parsed with zod on the way out). The client's guessing `JSON.parse` of
 *   every reply would turn the string "123" into a number. Note that with it
 *   off, commands return Redis's raw shape: `hgetall` gives a flat
 *   `[field, value, …]` array (not an object, whatever the types say — use
 *   `fieldsToRecord`), `zrange … withScores` gives `[member, score, …]`.
 * - `enableAutoPipelining: true` — commands issued in the same tick go out
 *   as one `/pipeline` request (one round trip). Commands the client keeps
 *   out of auto-pipelines (scan, keys, hgetall, smembers, zrange, …) still
 *   go alone.
 * - `retry` — at most 2 retries (50 ms, 100 ms) and only when the request
 *   did not reach the server (a network error; an HTTP error is not
 *   retried). A retried request may have been applied the first time: a
 *   non-idempotent write (INCR, LPUSH, a Lua script that appends) can apply
 *   twice. So **every write in this codebase must be idempotent** — SET with
 *   NX or a known value, counters keyed by a request id, Lua scripts that
 *   check before they write.
 * - `responseEncoding: 'base64'` (the default) — replies arrive base64 so any
 *   bytes survive JSON; the client decodes them to UTF-8 strings.
 * - `enableTelemetry: false` — no SDK/platform headers to a third party.
 */
import { Redis } from '@upstash/redis';

export interface TRedisClientOptions {
  /** `UPSTASH_REDIS_REST_URL`: Upstash, or the gateway, e.g. `http://127.0.0.1:8079`. */
  url: string;
  /** `UPSTASH_REDIS_REST_TOKEN`. */
  token: string;
}

export const REDIS_RETRIES = 2;

export function createRedisClient({ url, token }: TRedisClientOptions): Redis {
  return new Redis({
    url,
    token,
    automaticDeserialization: false,
    enableAutoPipelining: true,
    enableTelemetry: false,
    responseEncoding: 'base64',
    retry: { retries: REDIS_RETRIES, backoff: (retryCount) => 50 * 2 ** retryCount },
  });
}

/**
 * HGETALL's reply as a record. With automatic deserialization off the client
 * returns Redis's flat `[field, value, …]` array (or null for a missing key);
 * this accepts that, or an object, and gives `{}` for nothing.
 */
export function fieldsToRecord(reply: unknown): Record<string, string> {
  const record: Record<string, string> = Object.create(null);
  if (Array.isArray(reply)) {
    for (let i = 0; i + 1 < reply.length; i += 2) record[String(reply[i])] = String(reply[i + 1]);
  } else if (reply && typeof reply === 'object') {
    for (const [k, v] of Object.entries(reply)) record[k] = typeof v === 'string' ? v : JSON.stringify(v);
  }
  return record;
}
