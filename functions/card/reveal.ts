/**
 * Showing the full card number after re-authentication: the holder taps the
 * eye icon, the mini-program runs WeChat 人脸核身 for the person the session
 * is bound to (the same getVerifyId → wx.requestFacialVerify →
 * queryVerifyInfo flow as the employee binding, with the name and ID number
 * we already hold, so nothing is typed again), and the number is answered
 * once per verification started within the last 5 minutes.
 *
 *   card:reauth:{verifyId}  STRING  encrypted JSON { sub, idHmac, startedAt, face }, 5 min;
 *                                   deleted when the number is answered (DEL = 1 wins: once)
 *
 * The full number is never logged, and the answer is not cached by anyone
 * (the local server and Vercel send `cache-control: no-store` for the API).
 */
import { AppError, CARD_REAUTH_WINDOW_SECONDS, type TCardReveal, type TCardRevealStart } from '../../domain';
import { UpstreamError } from '../adapters/http';
import { requireEmployee, type TPrincipal } from '../auth/principal';
import type { TDeps } from '../deps';
import { decryptField, encryptField, safeEqual } from '../lib/crypto';
import { cardNumberOf, findCardRecord } from './card';

const reauthKey = (deps: TDeps, verifyId: string) => `${deps.prefix}card:reauth:${verifyId}`;

interface TPendingReauth {
  sub: string;
  idHmac: string;
  startedAt: string;
  face: { verifyId: string; outSeqNo: string; openid: string; certHash: string };
}

async function wechat<T>(call: () => Promise<T>): Promise<T> {
  try {
    return await call();
  } catch (error) {
    if (error instanceof AppError) throw error;
    if (error instanceof UpstreamError || (error as Error)?.name === 'WeChatApiError') {
      throw new AppError('UPSTREAM_UNAVAILABLE', { message: '微信人脸核身服务暂时不可用，请稍后再试', cause: error });
    }
    throw error;
  }
}

/** POST /api/me/card/reveal/start */
export async function startCardReveal(deps: TDeps, p: TPrincipal): Promise<TCardRevealStart> {
  if (p.session.kind !== 'wechat') throw new AppError('FORBIDDEN', { message: '请使用微信登录后进行人脸核身' });
  const employee = requireEmployee(p);
  const record = await findCardRecord(deps, employee.idHmac);
  if (!record || !cardNumberOf(record.item)) throw new AppError('NOT_FOUND', { message: '暂无社保卡号可显示：社会保障卡申领办结后可查看' });
  const idNumber = decryptField(employee.idEnc, deps.keys, 'employee.documentNumber');
  const face = await wechat(() => deps.wechat.getVerifyId({ name: employee.name, idNumber, openid: p.sub }));
  const pending: TPendingReauth = {
    sub: p.sub,
    idHmac: employee.idHmac,
    startedAt: deps.now().toISOString(),
    face: { verifyId: face.verifyId, outSeqNo: face.outSeqNo, openid: face.openid, certHash: face.certHash },
  };
  const key = reauthKey(deps, face.verifyId);
  await deps.redis.set(key, encryptField(JSON.stringify(pending), deps.keys, key), { ex: CARD_REAUTH_WINDOW_SECONDS });
  return { verifyId: face.verifyId, expiresInSeconds: CARD_REAUTH_WINDOW_SECONDS };
}

/** POST /api/me/card/reveal { verifyId } */
export async function revealCardNo(deps: TDeps, p: TPrincipal, input: { verifyId: string }): Promise<TCardReveal> {
  const employee = requireEmployee(p);
  const key = reauthKey(deps, input.verifyId);
  const expired = () => new AppError('NOT_FOUND', { message: `人脸核身已过期或已使用：显示完整卡号需要${CARD_REAUTH_WINDOW_SECONDS / 60}分钟内完成的人脸核身，请重新核身` });
  const raw = await deps.redis.get<string>(key);
  if (!raw) throw expired();
  const pending = JSON.parse(decryptField(raw, deps.keys, key)) as TPendingReauth;
  if (!safeEqual(pending.sub, p.sub) || !safeEqual(pending.idHmac, employee.idHmac)) {
    throw new AppError('FORBIDDEN', { message: '该人脸核身不属于当前持卡人' });
  }
  if (deps.now().getTime() - Date.parse(pending.startedAt) > CARD_REAUTH_WINDOW_SECONDS * 1000) {
    await deps.redis.del(key);
    throw expired();
  }
  // WeChat binds the result to the cert_hash of the name and ID number we registered: the same person
  const result = await wechat(() => deps.wechat.queryVerifyInfo(pending.face));
  if (!result.verified) {
    if (result.status === 'pending') throw new AppError('CONFLICT', { message: '人脸核身尚未完成' });
    await deps.redis.del(key);
    throw new AppError('FORBIDDEN', { message: `人脸核身未通过：${result.message}` });
  }
  // once: only the request that deletes the record gets the number
  if ((await deps.redis.del(key)) !== 1) throw expired();
  const record = await findCardRecord(deps, employee.idHmac);
  const number = record ? cardNumberOf(record.item) : null;
  if (!number) throw new AppError('NOT_FOUND', { message: '暂无社保卡号可显示' });
  return { cardNo: number.cardNo, name: employee.name, revealedAt: deps.now().toISOString() };
}
