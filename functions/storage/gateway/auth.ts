/**
 * The gateway's one credential: `Authorization: Bearer <token>`, as
 * @upstash/redis sends it. Compared in constant time (both sides hashed
 * first, so the length does not leak either). The `_token` query parameter
 * Upstash also accepts is not supported: tokens in URLs end up in logs.
 */
import { createHash, timingSafeEqual } from 'node:crypto';

const digest = (value: string) => createHash('sha256').update(value, 'utf8').digest();

export function createBearerCheck(token: string): (authorization: string | undefined) => boolean {
  if (token.length === 0) throw new TypeError('gateway token must not be empty');
  const expected = digest(token);
  return (authorization) => {
    const match = /^Bearer (.+)$/.exec(authorization ?? '');
    // Hash something even when the header is missing, so both paths cost the same.
    const given = digest(match?.[1] ?? '');
    return timingSafeEqual(given, expected) && match !== null;
  };
}
