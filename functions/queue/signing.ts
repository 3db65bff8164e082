/**
 * Queue deliveries carry QStash's signature: an HS256 JWT in the
 * `Upstash-Signature` header with iss "Upstash", sub = the destination URL,
 * a short expiry, and the SHA-256 of the body. QStash signs its own
 * deliveries; the self-hosted dispatcher signs the same way with its keys.
 * Either way the consumer verifies with QStash's own `Receiver`, so the
 * consumer has one code path whatever carries the message.
 */
import { createHash, createHmac, randomUUID } from 'node:crypto';

const b64url = (data: Buffer | string) => Buffer.from(data).toString('base64url');

export function signDelivery(key: string, url: string, body: string, now = Date.now(), ttlSeconds = 300): string {
  const iat = Math.floor(now / 1000);
  const header = b64url(JSON.stringify({ alg: 'HS256', typ: 'JWT' }));
  const payload = b64url(
    JSON.stringify({ iss: 'Upstash', sub: url, iat, nbf: iat, exp: iat + ttlSeconds, jti: `jwt_${randomUUID()}`, body: b64url(createHash('sha256').update(body).digest()) }),
  );
  const signature = b64url(createHmac('sha256', key).update(`${header}.${payload}`).digest());
  return `${header}.${payload}.${signature}`;
}

export async function verifyDelivery(
  keys: { current: string; next: string },
  signature: string | undefined,
  body: string,
  url: string,
): Promise<boolean> {
  if (!signature) return false;
  // loaded on the first delivery: @upstash/qstash costs ~50 ms of every function's cold start otherwise (bench:imports)
  const { Receiver } = await import('@upstash/qstash');
  const receiver = new Receiver({ currentSigningKey: keys.current, nextSigningKey: keys.next });
  try {
    return await receiver.verify({ signature, body, url, clockTolerance: 5 });
  } catch {
    return false;
  }
}
