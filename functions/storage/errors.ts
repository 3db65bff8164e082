/**
 * Errors of the storage layer. Each says whether the same call may succeed
 * later: an error reply from Redis will not (the command is wrong for the
 * data), an unreachable Redis may.
 */

/** Redis answered with an error reply, e.g. `ERR value is not an integer or out of range`. */
export class RedisReplyError extends Error {
  readonly retryable = false;
  constructor(message: string) {
    super(message);
    this.name = 'RedisReplyError';
  }
}

/**
 * Redis could not be reached or did not answer in time. Whether a write in
 * flight was applied is unknown, so retrying is only safe for idempotent
 * writes (which is every write in this codebase, see STORAGE.md).
 */
export class StorageUnavailableError extends Error {
  readonly retryable = true;
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'StorageUnavailableError';
  }
}

/** The message of an error reply, with a code in front as Redis always has (`ERR …`). */
export function replyMessage(message: string): string {
  return /^[A-Z][A-Z_-]*\s/.test(message) ? message : `ERR ${message}`;
}

/**
 * Whether an error thrown by the @upstash/redis client means storage is out
 * of reach (the gateway or Upstash cannot be reached, or the gateway cannot
 * reach Redis) rather than a wrong command. Such errors become a 503 with a
 * retry hint, never a 500.
 */
export function isStorageUnavailable(error: unknown): boolean {
  if (error instanceof StorageUnavailableError) return true;
  const e = error as { name?: unknown; message?: unknown; stack?: unknown } | null;
  const message = typeof e?.message === 'string' ? e.message : '';
  if (e?.name === 'UpstashError') return /^ERR storage unavailable|^(Unauthorized|Service Unavailable)|ECONNREFUSED|timed out/i.test(message);
  // the client's fetch could not reach the gateway / Upstash at all
  return e?.name === 'TypeError' && message === 'fetch failed' && typeof e.stack === 'string' && e.stack.includes('@upstash');
}
