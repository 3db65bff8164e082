/**
 * Our own session token, issued after WeChat's code2Session (or a clerk's
 * password): `v1.<base64url(payload)>.<base64url(HMAC-SHA-256)>`, expiring.
 * Roles are not in the token: they are read from storage on each request, so
 * a revoked HR contact loses access at once.
 */
import { createHmac, randomBytes } from 'node:crypto';
import { z } from 'zod';
import { AppError } from '../../domain';
import { safeEqual } from '../lib/crypto';

export const ZSessionSchema = z.object({
  /** The user: a WeChat openid, or `clerk:<username>`. */
  sub: z.string().min(1),
  kind: z.enum(['wechat', 'clerk']),
  iat: z.number().int(),
  exp: z.number().int(),
  /** Random id of this session. */
  sid: z.string(),
});
export type TSession = z.infer<typeof ZSessionSchema>;

export function issueSessionToken(
  subject: { sub: string; kind: TSession['kind'] },
  secret: string,
  ttlSeconds: number,
  now = Date.now(),
): { token: string; expiresAt: string } {
  const iat = Math.floor(now / 1000);
  const payload: TSession = { ...subject, iat, exp: iat + ttlSeconds, sid: randomBytes(9).toString('base64url') };
  const body = Buffer.from(JSON.stringify(payload)).toString('base64url');
  return { token: `v1.${body}.${sign(body, secret)}`, expiresAt: new Date(payload.exp * 1000).toISOString() };
}

/** The session in a token, or an UNAUTHENTICATED error saying why. */
export function verifySessionToken(token: string, secret: string, now = Date.now()): TSession {
  const [version, body, signature] = token.split('.');
  if (version !== 'v1' || !body || !signature || !safeEqual(signature, sign(body, secret))) {
    throw new AppError('UNAUTHENTICATED', { message: '登录凭证无效，请重新登录' });
  }
  let payload: unknown;
  try {
    payload = JSON.parse(Buffer.from(body, 'base64url').toString('utf8'));
  } catch {
    throw new AppError('UNAUTHENTICATED', { message: '登录凭证无效，请重新登录' });
  }
  const session = ZSessionSchema.safeParse(payload);
  if (!session.success) throw new AppError('UNAUTHENTICATED', { message: '登录凭证无效，请重新登录' });
  if (session.data.exp * 1000 <= now) throw new AppError('UNAUTHENTICATED', { message: '登录已过期，请重新登录' });
  return session.data;
}

function sign(body: string, secret: string): string {
  return createHmac('sha256', Buffer.from(secret, 'base64')).update(`session:${body}`).digest('base64url');
}
