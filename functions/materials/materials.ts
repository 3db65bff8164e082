/**
 * The three materials (16 → 3): the application form (the filing itself),
 * the identity document photo(s), and the labor contract.
 *
 * ID photos are sensitive personal information (PIPL §28–29): they are taken
 * only after a separate consent naming the purpose, encrypted before storage,
 * and readable only by the HR contact's enterprise and window clerks.
 *
 *   consent:{id}     HASH   sub, kind, noticeVersion, at (kept as evidence)
 *   material:{id}    HASH   kind, owner (openid), uscc, consentId, contentType, size, sha256, blobKey, createdAt, applicationId?,
 *                           deletedAt?, deletedReason? (an ID photo deleted after all items were accepted: functions/retention)
 */
import { createHash, randomBytes } from 'node:crypto';
import { z } from 'zod';
import { AppError, MATERIAL_LIMITS, ZUsccSchema, type TFilingMaterials, type TMaterialsView } from '../../domain';
import { recordOpenBy } from '../archives/access';
import { requireHr, type TPrincipal } from '../auth/principal';
import type { TDeps } from '../deps';
import { decryptBytes, encryptBytes } from '../lib/crypto';
import { materialUploadedEvent, recordEvents } from '../ledger/events';
import { fieldsToRecord } from '../storage/redis';
import type { TBlobStore } from './blob-store';

/** The notice the user agrees to; its version is recorded with each consent. */
export const ID_PHOTO_NOTICE = {
  version: '2026-11-v1',
  text: '为办理企业员工录用一件事（社保、医保、公积金、就业登记、用工备案、社保卡申领），需收集员工有效身份证件照片。身份证件照片属于敏感个人信息，仅用于上述事项的办理与核验，加密存储，所有事项受理后按规定删除。拒绝提供不影响线上填报，可到窗口现场核验证件。',
} as const;

/** A window clerk uploads on an enterprise's behalf (一窗受理): its USCC; HR contacts upload for their own. */
const ZOnBehalfOfSchema = ZUsccSchema.optional();

export const ZConsentSchema = z.strictObject({
  kind: z.literal('id_photo', { error: '只能为身份证件照片单独同意' }),
  uscc: ZOnBehalfOfSchema,
  noticeVersion: z.literal(ID_PHOTO_NOTICE.version, { error: '告知书已更新，请重新阅读后同意' }),
  accepted: z.literal(true, { error: '需要明确同意' }),
});

export const MAX_MATERIAL_BYTES = MATERIAL_LIMITS.fileBytes;

const ZDataBase64Schema = z
  .string({ error: '缺少文件数据' })
  .min(1, { error: '缺少文件数据' })
  .max(Math.ceil((MAX_MATERIAL_BYTES * 4) / 3) + 4, { error: '文件不能超过700KB' })
  .regex(/^[A-Za-z0-9+/]*={0,2}$/, { error: '文件数据应为 base64 编码' });

/** ID photos need the separate consent; a contract scan (a photo or a PDF of the signed pages) does not. */
export const ZUploadSchema = z.discriminatedUnion(
  'kind',
  [
    z.strictObject({
      kind: z.literal('id_photo'),
      uscc: ZOnBehalfOfSchema,
      consentId: z.string({ error: '请先单独同意身份证件照片的收集与使用' }).min(1).max(64),
      contentType: z.enum(['image/jpeg', 'image/png'], { error: '只接受 JPEG 或 PNG 图片' }),
      dataBase64: ZDataBase64Schema,
    }),
    z.strictObject({
      kind: z.literal('contract_scan'),
      uscc: ZOnBehalfOfSchema,
      contentType: z.enum(['image/jpeg', 'image/png', 'application/pdf'], { error: '只接受 JPEG、PNG 图片或 PDF 文件' }),
      dataBase64: ZDataBase64Schema,
    }),
  ],
  { error: '材料类型只能是身份证件照片（id_photo）或劳动合同扫描件（contract_scan）' },
);
export type TUpload = z.infer<typeof ZUploadSchema>;
export type TMaterialKind = TUpload['kind'];

function looksLike(contentType: string, data: Buffer): boolean {
  if (contentType === 'image/jpeg') return data[0] === 0xff && data[1] === 0xd8 && data[2] === 0xff;
  if (contentType === 'application/pdf') return data.subarray(0, 5).toString('latin1') === '%PDF-';
  return data.subarray(0, 8).equals(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]));
}

/** The enterprise an upload is for: the HR contact's own, or the one a clerk names. */
function enterpriseOf(p: TPrincipal, uscc: string | undefined): string {
  requireHr(p, undefined, { allowClerk: true });
  if (p.clerk) {
    if (!uscc) throw new AppError('VALIDATION_FAILED', { issues: [{ path: ['uscc'], code: 'required', message: '窗口代办请填写企业的统一社会信用代码' }] });
    return uscc;
  }
  requireHr(p, uscc ?? p.hr!.uscc);
  return p.hr!.uscc;
}

export async function recordConsent(deps: TDeps, p: TPrincipal, input: z.infer<typeof ZConsentSchema>) {
  const uscc = enterpriseOf(p, input.uscc);
  const id = `cs_${randomBytes(9).toString('base64url')}`;
  const at = deps.now().toISOString();
  await deps.redis.hset(`${deps.prefix}consent:${id}`, { sub: p.sub, uscc, kind: input.kind, noticeVersion: input.noticeVersion, at });
  return { consentId: id, at, notice: ID_PHOTO_NOTICE };
}

export async function uploadMaterial(deps: TDeps, blobs: TBlobStore, p: TPrincipal, input: TUpload) {
  const uscc = enterpriseOf(p, input.uscc);
  if (input.kind === 'id_photo') {
    const consent = fieldsToRecord(await deps.redis.hgetall(`${deps.prefix}consent:${input.consentId}`));
    if (consent.sub !== p.sub || consent.kind !== input.kind || (consent.uscc && consent.uscc !== uscc)) throw new AppError('FORBIDDEN', { message: '请先单独同意身份证件照片的收集与使用' });
  }
  const data = Buffer.from(input.dataBase64, 'base64');
  if (data.length === 0 || data.length > MAX_MATERIAL_BYTES) throw new AppError('VALIDATION_FAILED', { issues: [{ path: ['dataBase64'], code: 'size', message: '文件不能超过700KB' }] });
  if (!looksLike(input.contentType, data)) throw new AppError('VALIDATION_FAILED', { issues: [{ path: ['dataBase64'], code: 'format', message: '文件内容不是所声明的格式' }] });
  const id = `mt_${randomBytes(12).toString('base64url')}`;
  const blobKey = `materials/${uscc}/${id}`;
  await blobs.put(blobKey, encryptBytes(data, deps.keys, blobKey));
  const sha256 = createHash('sha256').update(data).digest('hex');
  await deps.redis.hset(`${deps.prefix}material:${id}`, {
    kind: input.kind,
    owner: p.sub,
    uscc,
    ...(input.kind === 'id_photo' ? { consentId: input.consentId } : {}),
    contentType: input.contentType,
    size: String(data.length),
    sha256,
    blobKey,
    createdAt: deps.now().toISOString(),
  });
  await recordEvents(deps, [
    materialUploadedEvent({
      materialId: id,
      kind: input.kind,
      contentType: input.contentType,
      sha256,
      size: data.length,
      ...(input.kind === 'id_photo' ? { consentId: input.consentId } : {}),
      uscc,
      actor: p.clerk ? `clerk:${p.clerk.username}` : `hr:${p.sub.slice(0, 8)}`,
      at: deps.now().toISOString(),
    }),
  ]);
  return { materialId: id, sha256, size: data.length };
}

export async function readMaterial(deps: TDeps, blobs: TBlobStore, p: TPrincipal, id: string) {
  const m = fieldsToRecord(await deps.redis.hgetall(`${deps.prefix}material:${id}`));
  if (!m.blobKey) throw new AppError('NOT_FOUND', { message: '材料不存在' });
  if (!p.clerk && p.hr?.uscc !== m.uscc) throw new AppError('FORBIDDEN', { message: '无权查看该材料' });
  // deleted once all items were accepted (functions/retention): the metadata stays, the bytes are gone
  if (m.deletedAt) throw new AppError('NOT_FOUND', { message: `身份证件照片已按规定删除（${m.deletedAt.slice(0, 10)}）` });
  // a filed material belongs to a person's hire: its opening goes to their access log
  const [sealed] = await Promise.all([
    blobs.get(m.blobKey),
    m.applicationId
      ? deps.store.get(m.applicationId).then((app) =>
          app ? recordOpenBy(deps, p, app.personIdHmac, { purpose: m.kind === 'id_photo' ? '查看身份证件照片' : '查看劳动合同扫描件', record: id, applicationId: app.id }) : undefined,
        )
      : undefined,
  ]);
  if (!sealed) throw new AppError('NOT_FOUND', { message: '材料已删除' });
  return { contentType: m.contentType!, data: decryptBytes(sealed, deps.keys, m.blobKey) };
}

type TMaterialRef = { id: string; sha256: string; size: number };

/**
 * The materials a filing names, checked: each was uploaded by this
 * enterprise, is of the kind its place asks for, and is not already part of
 * another hire. One pipelined read. Returns what the application keeps
 * (hashes and sizes; the bytes stay in the blob store).
 */
export async function resolveFilingMaterials(
  deps: TDeps,
  uscc: string,
  refs: TFilingMaterials,
  generated: { template: string; contentSha256: string } | undefined,
  /** A retry of the same filing names materials already attached to it: which application did this Idempotency-Key file? */
  filedUnderThisKey: () => Promise<string | undefined>,
): Promise<TMaterialsView> {
  const wanted: { id: string; kind: TMaterialKind; path: (string | number)[] }[] = [
    ...refs.identityDocument.map((id, i) => ({ id, kind: 'id_photo' as const, path: ['materials', 'identityDocument', i] })),
    ...(refs.laborContract.mode === 'scanned' ? refs.laborContract.materialIds.map((id, i) => ({ id, kind: 'contract_scan' as const, path: ['materials', 'laborContract', 'materialIds', i] })) : []),
  ];
  const seen = new Set<string>();
  const issues: { path: (string | number)[]; code: string; message: string }[] = [];
  for (const w of wanted) {
    if (seen.has(w.id)) issues.push({ path: w.path, code: 'duplicate', message: '同一份材料只能提交一次' });
    seen.add(w.id);
  }
  const found = new Map<string, Record<string, string>>();
  if (wanted.length) {
    const pipe = deps.redis.pipeline();
    for (const w of wanted) pipe.hgetall(`${deps.prefix}material:${w.id}`);
    const replies = (await pipe.exec()) as unknown[];
    wanted.forEach((w, i) => found.set(w.id, fieldsToRecord(replies[i])));
  }
  for (const w of wanted) {
    const m = found.get(w.id)!;
    if (!m.blobKey || m.uscc !== uscc) issues.push({ path: w.path, code: 'not_found', message: '材料不存在或已过期，请重新上传' });
    else if (m.kind !== w.kind) issues.push({ path: w.path, code: 'kind', message: w.kind === 'id_photo' ? '这份材料不是身份证件照片' : '这份材料不是劳动合同扫描件' });
    else if (m.applicationId && m.applicationId !== (await filedUnderThisKey())) issues.push({ path: w.path, code: 'attached', message: `这份材料已随申请 ${m.applicationId} 提交，请重新上传` });
  }
  if (issues.length) throw new AppError('VALIDATION_FAILED', { issues });
  const ref = (id: string): TMaterialRef => ({ id, sha256: found.get(id)!.sha256!, size: Number(found.get(id)!.size) });
  if (refs.laborContract.mode === 'generated' && !generated) throw new Error('a generated contract needs its record');
  return {
    identityDocument: refs.identityDocument.map(ref),
    laborContract:
      refs.laborContract.mode === 'scanned'
        ? { mode: 'scanned', pages: refs.laborContract.materialIds.map(ref) }
        : { mode: 'generated', template: generated!.template, contentSha256: generated!.contentSha256 },
  };
}

/** Marks the materials as part of a filed hire (after the filing is stored; the same call again is harmless). */
export async function markMaterialsFiled(deps: TDeps, applicationId: string, materials: TMaterialsView): Promise<void> {
  const ids = [...materials.identityDocument, ...(materials.laborContract.mode === 'scanned' ? materials.laborContract.pages : [])].map((m) => m.id);
  if (!ids.length) return;
  const pipe = deps.redis.pipeline();
  for (const id of ids) pipe.hset(`${deps.prefix}material:${id}`, { applicationId });
  await pipe.exec();
}
