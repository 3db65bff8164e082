/**
 * The three materials (16 → 3): the application form (the filing itself),
 * the identity document photo(s), and the labor contract.
 *
 * ID photos are sensitive personal information (PIPL §28–29): they are taken
 * only after a separate consent naming the purpose, encrypted before storage,
 * and readable only by the HR contact's enterprise and window clerks.
 *
 *   consent:{id}     HASH   sub, kind, noticeVersion, at (kept as evidence)
 *   material:{id}    HASH   kind, owner (openid), uscc, consentId, contentType, size, sha256, blobKey, createdAt, applicationId?
 */
import { createHash, randomBytes } from 'node:crypto';
import { z } from 'zod';
import { AppError } from '../../domain';
import { requireHr, type TPrincipal } from '../auth/principal';
import type { TDeps } from '../deps';
import { decryptBytes, encryptBytes } from '../lib/crypto';
import { fieldsToRecord } from '../storage/redis';
import type { TBlobStore } from './blob-store';

/** The notice the user agrees to; its version is recorded with each consent. */
export const ID_PHOTO_NOTICE = {
  version: '2026-11-v1',
  text: '为办理企业员工录用一件事（社保、医保、公积金、就业登记、用工备案、社保卡申领），需收集员工有效身份证件照片。身份证件照片属于敏感个人信息，仅用于上述事项的办理与核验，加密存储，所有事项受理后按规定删除。拒绝提供不影响线上填报，可到窗口现场核验证件。',
} as const;

export const ZConsentSchema = z.strictObject({
  kind: z.literal('id_photo', { error: '只能为身份证件照片单独同意' }),
  noticeVersion: z.literal(ID_PHOTO_NOTICE.version, { error: '告知书已更新，请重新阅读后同意' }),
  accepted: z.literal(true, { error: '需要明确同意' }),
});

export const MAX_MATERIAL_BYTES = 700 * 1024; // a base64 JSON body stays under the 1 MB request limit

export const ZUploadSchema = z.strictObject({
  kind: z.literal('id_photo'),
  consentId: z.string().min(1).max(64),
  contentType: z.enum(['image/jpeg', 'image/png'], { error: '只接受 JPEG 或 PNG 图片' }),
  dataBase64: z.string().min(1, { error: '缺少图片数据' }).max(Math.ceil((MAX_MATERIAL_BYTES * 4) / 3) + 4, { error: '图片不能超过700KB' }),
});

function looksLike(contentType: string, data: Buffer): boolean {
  if (contentType === 'image/jpeg') return data[0] === 0xff && data[1] === 0xd8 && data[2] === 0xff;
  return data.subarray(0, 8).equals(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]));
}

export async function recordConsent(deps: TDeps, p: TPrincipal, input: z.infer<typeof ZConsentSchema>) {
  requireHr(p);
  const id = `cs_${randomBytes(9).toString('base64url')}`;
  const at = deps.now().toISOString();
  await deps.redis.hset(`${deps.prefix}consent:${id}`, { sub: p.sub, uscc: p.hr!.uscc, kind: input.kind, noticeVersion: input.noticeVersion, at });
  return { consentId: id, at, notice: ID_PHOTO_NOTICE };
}

export async function uploadMaterial(deps: TDeps, blobs: TBlobStore, p: TPrincipal, input: z.infer<typeof ZUploadSchema>) {
  requireHr(p);
  const consent = fieldsToRecord(await deps.redis.hgetall(`${deps.prefix}consent:${input.consentId}`));
  if (consent.sub !== p.sub || consent.kind !== input.kind) throw new AppError('FORBIDDEN', { message: '请先单独同意身份证件照片的收集与使用' });
  const data = Buffer.from(input.dataBase64, 'base64');
  if (data.length === 0 || data.length > MAX_MATERIAL_BYTES) throw new AppError('VALIDATION_FAILED', { issues: [{ path: ['dataBase64'], code: 'size', message: '图片不能超过700KB' }] });
  if (!looksLike(input.contentType, data)) throw new AppError('VALIDATION_FAILED', { issues: [{ path: ['dataBase64'], code: 'format', message: '文件内容不是所声明的图片格式' }] });
  const id = `mt_${randomBytes(12).toString('base64url')}`;
  const blobKey = `materials/${p.hr!.uscc}/${id}`;
  await blobs.put(blobKey, encryptBytes(data, deps.keys, blobKey));
  const sha256 = createHash('sha256').update(data).digest('hex');
  await deps.redis.hset(`${deps.prefix}material:${id}`, {
    kind: input.kind,
    owner: p.sub,
    uscc: p.hr!.uscc,
    consentId: input.consentId,
    contentType: input.contentType,
    size: String(data.length),
    sha256,
    blobKey,
    createdAt: deps.now().toISOString(),
  });
  return { materialId: id, sha256, size: data.length };
}

export async function readMaterial(deps: TDeps, blobs: TBlobStore, p: TPrincipal, id: string) {
  const m = fieldsToRecord(await deps.redis.hgetall(`${deps.prefix}material:${id}`));
  if (!m.blobKey) throw new AppError('NOT_FOUND', { message: '材料不存在' });
  if (!p.clerk && p.hr?.uscc !== m.uscc) throw new AppError('FORBIDDEN', { message: '无权查看该材料' });
  const sealed = await blobs.get(m.blobKey);
  if (!sealed) throw new AppError('NOT_FOUND', { message: '材料已删除' });
  return { contentType: m.contentType!, data: decryptBytes(sealed, deps.keys, m.blobKey) };
}
