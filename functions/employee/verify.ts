/**
 * Binding a new employee to their own records: real-name verification. The
 * ID number and name must match 公安 data, then WeChat 人脸核身 confirms the
 * person holding the phone is that person (getVerifyId → wx.requestFacialVerify
 * on the phone → queryVerifyInfo here).
 *
 *   verify:{verifyId}   STRING  encrypted JSON { sub, idHmac, idEnc, name, idType }, 10 min
 */
import { z } from 'zod';
import { AppError, SUPPORTED_DOCUMENT_KINDS, checkDocument, normalizeDocumentNumber, ZPersonNameSchema, maskName, type TDocumentKind } from '../../domain';
import type { TPrincipal } from '../auth/principal';
import type { TDeps } from '../deps';
import { decryptField, encryptField, hmacId, safeEqual } from '../lib/crypto';

export const ZVerifyStartSchema = z.strictObject({
  idType: z.enum(SUPPORTED_DOCUMENT_KINDS, { error: '证件类型不正确' }),
  idNumber: z.string({ error: '请填写证件号码' }).transform(normalizeDocumentNumber).pipe(z.string().min(1).max(32)),
  name: ZPersonNameSchema,
});
export const ZVerifyFinishSchema = z.strictObject({ verifyId: z.string({ error: '缺少 verifyId' }).min(1).max(128) });

const PENDING_TTL_SECONDS = 600;

export async function startEmployeeVerification(deps: TDeps, p: TPrincipal, input: z.infer<typeof ZVerifyStartSchema>) {
  if (p.session.kind !== 'wechat') throw new AppError('FORBIDDEN', { message: '请使用微信登录后进行实名认证' });
  const check = checkDocument(input.idType as TDocumentKind, input.idNumber, undefined, deps.now().toISOString().slice(0, 10));
  if (!check.valid) throw new AppError('VALIDATION_FAILED', { issues: check.errors.map((e) => ({ path: ['idNumber'], code: e.code, message: e.message })) });
  const match = await deps.police.verifyPerson({ idType: input.idType, idNumber: input.idNumber, name: input.name });
  if (!match) throw new AppError('VALIDATION_FAILED', { issues: [{ path: ['name'], code: 'not_matched', message: '身份信息核验不一致，请核对证件号码和姓名' }] });
  const face = await deps.wechat.getVerifyId({ name: input.name, idNumber: input.idNumber, openid: p.sub });
  const verifyId = face.verifyId;
  const key = `${deps.prefix}verify:${verifyId}`;
  const pending = {
    sub: p.sub,
    idHmac: hmacId(input.idNumber, deps.keys),
    idEnc: encryptField(input.idNumber, deps.keys, 'employee.documentNumber'),
    name: input.name,
    face: { verifyId, outSeqNo: face.outSeqNo, openid: face.openid, certHash: face.certHash },
  };
  await deps.redis.set(key, encryptField(JSON.stringify(pending), deps.keys, key), { ex: PENDING_TTL_SECONDS });
  return { verifyId, expiresInSeconds: PENDING_TTL_SECONDS };
}

export async function finishEmployeeVerification(deps: TDeps, p: TPrincipal, input: z.infer<typeof ZVerifyFinishSchema>) {
  const key = `${deps.prefix}verify:${input.verifyId}`;
  const raw = await deps.redis.get<string>(key);
  if (!raw) throw new AppError('NOT_FOUND', { message: '认证已过期，请重新开始' });
  const pending = JSON.parse(decryptField(raw, deps.keys, key)) as {
    sub: string;
    idHmac: string;
    idEnc: string;
    name: string;
    face: { verifyId: string; outSeqNo: string; openid: string; certHash: string };
  };
  if (!safeEqual(pending.sub, p.sub)) throw new AppError('FORBIDDEN', { message: '认证不属于当前用户' });
  // WeChat binds the result to the cert_hash of the name and ID number we registered
  const result = await deps.wechat.queryVerifyInfo(pending.face);
  if (!result.verified) {
    throw new AppError(result.status === 'pending' ? 'CONFLICT' : 'FORBIDDEN', { message: result.status === 'pending' ? '人脸核身尚未完成' : `人脸核身未通过：${result.message}` });
  }
  const bind = deps.redis.pipeline();
  bind.hset(`${deps.prefix}user:${p.sub}`, { employeeIdHmac: pending.idHmac, employeeIdEnc: pending.idEnc, employeeName: pending.name, employeeVerifiedAt: deps.now().toISOString() });
  // who to tell about this person's card and certificate (notifications go to every WeChat user verified as them)
  bind.sadd(`${deps.prefix}person:${pending.idHmac}:subs`, p.sub);
  // verified as someone else now: no longer told about the previous person
  if (p.employee && p.employee.idHmac !== pending.idHmac) bind.srem(`${deps.prefix}person:${p.employee.idHmac}:subs`, p.sub);
  await bind.exec();
  await deps.redis.del(key);
  return { role: 'employee' as const, name: maskName(pending.name) };
}
