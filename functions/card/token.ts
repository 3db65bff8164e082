/**
 * The dynamic QR code's token: `hoc1.<holder>.<nonce>.<iat>.<exp>.<mac>`
 *
 *   holder  22 chars  base64url of 16 bytes: an opaque reference to the card holder
 *                     (HMAC of the person's ID-number HMAC; never the ID number itself)
 *   nonce   16 chars  base64url of 12 random bytes: the token is usable once
 *   iat/exp           issued-at and expiry, Unix seconds (exp = iat + 60)
 *   mac     43 chars  base64url HMAC-SHA-256 (CARD_QR_SECRET) over everything before it
 *
 * Why HMAC-SHA-256 and not Ed25519: the token is issued and checked by the
 * same service — a terminal never verifies it offline, it posts it to
 * `POST /api/card/verify`, because single use needs the server's nonce
 * store anyway. A shared secret is then enough; it keeps the token short
 * (a 32-byte tag vs a 64-byte signature: a smaller, easier-to-scan QR code)
 * and cheaper to check. Ed25519 would pay off only if terminals had to
 * verify without asking us.
 *
 * The token is signed, not encrypted: anyone can read it, and it holds
 * nothing personal. Parsing never throws; it says what is wrong.
 */
import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import { CARD_QR_TTL_SECONDS } from '../../domain';

export const TOKEN_VERSION = 'hoc1';
/** A token issued this far in the future is refused (the terminal's and our clocks). */
export const CLOCK_SKEW_SECONDS = 5;

export interface TCardToken {
  holder: string;
  nonce: string;
  iat: number;
  exp: number;
}

export type TTokenCheck =
  | { ok: true; token: TCardToken }
  | { ok: false; reason: 'malformed' | 'forged' | 'expired' | 'not_yet_valid'; message: string };

const B64URL = /^[A-Za-z0-9_-]+$/;

function mac(secret: Buffer, body: string): string {
  return createHmac('sha256', secret).update(body).digest('base64url');
}

/** The holder reference of a person (stable, opaque, 22 characters). */
export function holderRef(secret: Buffer, personIdHmac: string): string {
  return createHmac('sha256', secret).update(`holder:${personIdHmac}`).digest().subarray(0, 16).toString('base64url');
}

export function signCardToken(secret: Buffer, holder: string, nowMs: number, ttlSeconds = CARD_QR_TTL_SECONDS, nonce = randomBytes(12).toString('base64url')): { token: string; claims: TCardToken } {
  const iat = Math.floor(nowMs / 1000);
  const claims = { holder, nonce, iat, exp: iat + ttlSeconds };
  const body = `${TOKEN_VERSION}.${holder}.${nonce}.${iat}.${claims.exp}`;
  return { token: `${body}.${mac(secret, body)}`, claims };
}

/** Checks form, signature and time (in this order: an expired forgery is a forgery). */
export function checkCardToken(secrets: Buffer[], token: string, nowMs: number): TTokenCheck {
  const parts = token.trim().split('.');
  if (parts.length !== 6 || parts[0] !== TOKEN_VERSION) return { ok: false, reason: 'malformed', message: '不是本系统的社保卡二维码' };
  const [, holder, nonce, iatText, expText, tag] = parts as [string, string, string, string, string, string];
  if (
    holder.length !== 22 ||
    !B64URL.test(holder) ||
    nonce.length !== 16 ||
    !B64URL.test(nonce) ||
    !/^\d{1,12}$/.test(iatText) ||
    !/^\d{1,12}$/.test(expText) ||
    tag.length !== 43 ||
    !B64URL.test(tag)
  ) {
    return { ok: false, reason: 'malformed', message: '二维码内容格式不正确，不是本系统的社保卡二维码' };
  }
  const body = parts.slice(0, 5).join('.');
  const given = Buffer.from(tag, 'base64url');
  const genuine = secrets.some((s) => {
    const expected = Buffer.from(mac(s, body), 'base64url');
    return expected.length === given.length && timingSafeEqual(expected, given);
  });
  if (!genuine) return { ok: false, reason: 'forged', message: '二维码校验失败：内容被篡改或不是本系统签发' };
  const iat = Number(iatText);
  const exp = Number(expText);
  const now = Math.floor(nowMs / 1000);
  if (iat > now + CLOCK_SKEW_SECONDS) return { ok: false, reason: 'not_yet_valid', message: '二维码签发时间晚于当前时间，请核对终端时钟' };
  if (now >= exp) return { ok: false, reason: 'expired', message: `二维码已过期（有效期${exp - iat}秒），请持卡人刷新后重新出示` };
  return { ok: true, token: { holder, nonce, iat, exp } };
}
