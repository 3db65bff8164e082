/**
 * The dynamic QR code of the 电子社保卡: issued to the holder for 60 seconds,
 * accepted once by an authenticated scanning terminal.
 *
 *   card:holder:{ref}     STRING  JSON { applicationId }, 24 h — set at each issue
 *   card:qr:nonce:{nonce} STRING  the terminal id, until the token expires (+5 s) — SET NX:
 *                                 the first verification wins, every other one is a replay
 *
 * Verification order: form and signature (forged → 422), time (expired → 422),
 * then the nonce (replayed → 409). Nothing a terminal sends produces a 500.
 */
import { createHash } from 'node:crypto';
import { AppError, CARD_BLOCKING_STATUSES, CARD_QR_REFRESH_SECONDS, CARD_QR_TTL_SECONDS, maskCardNo, maskName, type TCardQr, type TCardVerifyResult } from '../../domain';
import { recordOpen } from '../archives/access';
import type { TDeps } from '../deps';
import { safeEqual } from '../lib/crypto';
import { logger } from '../lib/logger';
import { cardNumberOf, findCardRecord, holderIdNumber, queryStatus } from './card';
import { checkCardToken, CLOCK_SKEW_SECONDS, holderRef, signCardToken } from './token';

/** How long a holder reference stays resolvable (longer than any token). */
const HOLDER_TTL_SECONDS = 24 * 3600;

const holderKey = (deps: TDeps, ref: string) => `${deps.prefix}card:holder:${ref}`;
const nonceKey = (deps: TDeps, nonce: string) => `${deps.prefix}card:qr:nonce:${nonce}`;

/** GET /api/me/card/qr: a token for the holder's e-card, valid 60 s, usable once. */
export async function issueCardQr(deps: TDeps, employee: { idHmac: string }): Promise<TCardQr> {
  const record = await findCardRecord(deps, employee.idHmac);
  const number = record ? cardNumberOf(record.item) : null;
  if (!record || number?.kind !== 'electronic') throw new AppError('NOT_FOUND', { message: '暂无电子社保卡：社会保障卡申领办结后可出示二维码' });
  const status = await queryStatus(deps, number.cardNo, holderIdNumber(deps, record.app));
  if (CARD_BLOCKING_STATUSES.includes(status.code)) {
    throw new AppError('CONFLICT', { message: `社保卡状态为“${status.label}”，电子社保卡暂停使用，不能出示二维码${status.message ? `（${status.message}）` : ''}` });
  }
  const ref = holderRef(deps.card.qrSecret, employee.idHmac);
  await deps.redis.set(holderKey(deps, ref), JSON.stringify({ applicationId: record.app.id }), { ex: HOLDER_TTL_SECONDS });
  const { token, claims } = signCardToken(deps.card.qrSecret, ref, deps.now().getTime(), CARD_QR_TTL_SECONDS);
  return {
    token,
    issuedAt: new Date(claims.iat * 1000).toISOString(),
    expiresAt: new Date(claims.exp * 1000).toISOString(),
    ttlSeconds: CARD_QR_TTL_SECONDS,
    refreshInSeconds: CARD_QR_REFRESH_SECONDS,
  };
}

export interface TTerminal {
  id: string;
  name: string;
}

/** `Authorization: Terminal <id>:<key>`, checked against the SHA-256 in CARD_TERMINAL_KEYS. */
export function authenticateTerminal(deps: Pick<TDeps, 'card'>, authorization: string | undefined): TTerminal {
  const m = authorization?.match(/^Terminal\s+([A-Za-z0-9_-]{1,32}):(\S{16,256})$/);
  if (!m) throw new AppError('UNAUTHENTICATED', { message: '终端未认证：请在 Authorization 请求头中以“Terminal <终端编号>:<终端密钥>”提供终端密钥' });
  const [, id, key] = m as unknown as [string, string, string];
  const hash = createHash('sha256').update(key).digest('hex');
  const known = deps.card.terminals.find((t) => t.id === id);
  // compare even for an unknown id, so the answer takes the same time
  const matches = safeEqual(hash, known?.keySha256 ?? '0'.repeat(64));
  if (!known || !matches) throw new AppError('UNAUTHENTICATED', { message: '终端未认证：终端编号或终端密钥无效' });
  return { id: known.id, name: known.name };
}

/** POST /api/card/verify: accepts a token once; says whose card it is (masked) and its status. */
export async function verifyCardQr(deps: TDeps, terminal: TTerminal, input: { token: string }): Promise<TCardVerifyResult> {
  const nowMs = deps.now().getTime();
  const check = checkCardToken([deps.card.qrSecret], input.token, nowMs);
  if (!check.ok) {
    logger.info('card qr refused', { terminal: terminal.id, reason: check.reason });
    throw new AppError('VALIDATION_FAILED', { message: check.message, issues: [{ path: ['token'], code: check.reason, message: check.message }] });
  }
  const t = check.token;
  const ttl = Math.max(1, t.exp - Math.floor(nowMs / 1000) + CLOCK_SKEW_SECONDS);
  const first = await deps.redis.set(nonceKey(deps, t.nonce), terminal.id, { nx: true, ex: ttl });
  if (first !== 'OK') {
    logger.info('card qr refused', { terminal: terminal.id, reason: 'replayed' });
    const message = '该二维码已使用过（每个二维码只能使用一次），请持卡人刷新后重新出示';
    throw new AppError('CONFLICT', { message, issues: [{ path: ['token'], code: 'replayed', message }] });
  }
  const raw = await deps.redis.get<string>(holderKey(deps, t.holder));
  const app = raw ? await deps.store.get((JSON.parse(raw) as { applicationId: string }).applicationId) : null;
  if (!app) throw new AppError('NOT_FOUND', { message: '未找到该二维码对应的持卡人，请持卡人刷新二维码后重试' });
  const [items] = await Promise.all([
    deps.store.items(app),
    recordOpen(deps, app.personIdHmac, { actor: `terminal:${terminal.id}`, purpose: '扫码核验电子社保卡', record: t.nonce, applicationId: app.id }),
  ]);
  const item = items.find((i) => i.code === 'social_security_card')!;
  const number = cardNumberOf(item);
  const status = number
    ? await queryStatus(deps, number.cardNo, holderIdNumber(deps, app))
    : { code: 'unknown' as const, label: '尚未发卡', since: null, message: null };
  logger.info('card qr accepted', { terminal: terminal.id, status: status.code });
  return {
    accepted: true,
    holder: { name: maskName(app.application.employee.name) },
    card: { cardNo: number ? maskCardNo(number.cardNo) : null, status },
    terminalId: terminal.id,
    verifiedAt: new Date(nowMs).toISOString(),
  };
}
