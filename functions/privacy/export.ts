/**
 * The employee's copy of their data (PIPL §45), built from the use cases the
 * app already has — 一人一档 (hires, ledger entries with proofs, access log),
 * the inbox, the 电子社保卡 — not from its own reads of the keys, so the
 * export says exactly what the screens say, and cannot show more than the
 * signed-in person may see: every part is found through THEIR identity
 * (the idHmac and WeChat user of the session).
 *
 * The export itself is recorded first, so the file lists it: in the person's
 * access log (`本人导出个人数据`) and in the ledger (`data.exported`, the
 * same event id), once per export id (a retried write stores once).
 */
import { randomUUID } from 'node:crypto';
import {
  AppError,
  exportFileName,
  PERSONAL_DATA_EXPORT_FORMAT,
  PERSONAL_DATA_EXPORT_VERSION,
  type TAccessLogEntry,
  type TArchiveEntry,
  type TArchiveHire,
  type TCardView,
  type TCheckpointView,
  type TExportHire,
  type TInboxMessage,
  type TPersonalDataExport,
} from '../../domain';
import { decryptApplication } from '../applications/run-items';
import { personArchive } from '../archives/archives';
import { RECORD_OPEN_LUA } from '../archives/access';
import { ACCESS_LOG_LIMIT } from '../autofill/autofill-person';
import { requireEmployee, type TPrincipal } from '../auth/principal';
import { getMyCard } from '../card/card';
import type { TDeps } from '../deps';
import { decryptField } from '../lib/crypto';
import { recordEvents } from '../ledger/events';
import { listInbox } from '../notifications/inbox';
import { withPhotoDeletions } from '../retention/id-photos';

const PAGE = 50;
/** A bound on pages per part, so a corrupted cursor cannot loop forever (50 × 200 = 10,000 rows). */
const MAX_PAGES = 200;

export const EXPORT_PURPOSE = '本人导出个人数据（个人信息保护法第四十五条）';

async function recordExport(deps: TDeps, p: TPrincipal, idHmac: string, exportId: string, at: string): Promise<void> {
  const actor = `employee:${p.sub.slice(0, 8)}`;
  const entry = { at, actor, purpose: EXPORT_PURPOSE, eventId: exportId };
  // the access log entry, once per export id (the same script as every other open)
  await deps.redis.eval(RECORD_OPEN_LUA, [`${deps.prefix}access:seen:${idHmac}:export:${exportId}`, `${deps.prefix}person:${idHmac}:access`], ['86400', JSON.stringify(entry), String(ACCESS_LOG_LIMIT - 1)]);
  await recordEvents(deps, [{ id: exportId, type: 'data.exported', at, actor, subject: { personIdHmac: idHmac }, data: { purpose: EXPORT_PURPOSE, format: PERSONAL_DATA_EXPORT_FORMAT, version: PERSONAL_DATA_EXPORT_VERSION } }]);
}

/** Every page of one part of the person's file. */
async function allOf<T>(fetchPage: (cursor: number | undefined) => Promise<{ items: T[]; next?: number }>): Promise<T[]> {
  const out: T[] = [];
  let cursor: number | undefined;
  for (let n = 0; n < MAX_PAGES; n++) {
    const page = await fetchPage(cursor);
    out.push(...page.items);
    if (page.next === undefined || page.next === cursor) break;
    cursor = page.next;
  }
  return out;
}

export async function exportMyData(deps: TDeps, p: TPrincipal): Promise<{ fileName: string; body: TPersonalDataExport }> {
  const employee = requireEmployee(p);
  const exportedAt = deps.now().toISOString();
  const exportId = `export:${randomUUID()}`;
  await recordExport(deps, p, employee.idHmac, exportId, exportedAt);

  const archive = (part: 'hires' | 'ledger' | 'access', cursors: { cursor?: number; ledgerCursor?: number; accessCursor?: number }) => personArchive(deps, p, { part, limit: PAGE, ...cursors });
  let checkpoint: TCheckpointView | null = null;
  const [hires, ledger, accessLog, messages, card, user] = await Promise.all([
    allOf<TArchiveHire>(async (cursor) => {
      const v = await archive('hires', cursor === undefined ? {} : { cursor });
      return { items: v.hires.items, ...(v.hires.nextCursor !== undefined ? { next: v.hires.nextCursor } : {}) };
    }),
    allOf<TArchiveEntry>(async (ledgerCursor) => {
      const v = await archive('ledger', ledgerCursor === undefined ? {} : { ledgerCursor });
      checkpoint ??= v.checkpoint;
      return { items: v.ledger.entries, ...(v.ledger.nextCursor !== undefined ? { next: v.ledger.nextCursor } : {}) };
    }),
    allOf<TAccessLogEntry>(async (accessCursor) => {
      const v = await archive('access', accessCursor === undefined ? {} : { accessCursor });
      return { items: v.accessLog?.items ?? [], ...(v.accessLog?.nextCursor !== undefined ? { next: v.accessLog.nextCursor } : {}) };
    }),
    allOf<TInboxMessage>(async (cursor) => {
      const page = await listInbox(deps, p.sub, { limit: PAGE, ...(cursor === undefined ? {} : { cursor }) });
      return { items: page.items, ...(page.nextCursor !== undefined ? { next: page.nextCursor } : {}) };
    }),
    getMyCard(deps, employee).catch((error: unknown): TCardView | null => {
      if (error instanceof AppError && error.code === 'NOT_FOUND') return null;
      throw error;
    }),
    deps.redis.hget(`${deps.prefix}user:${p.sub}`, 'employeeVerifiedAt'),
  ]);

  // each hire with the form as filed (their ID number in clear: their own) and the photos' deletion times
  const apps = await deps.store.getMany(hires.map((h) => h.id));
  const byId = new Map(apps.filter((a) => a.personIdHmac === employee.idHmac).map((a) => [a.id, a]));
  const exportHires: TExportHire[] = await Promise.all(
    hires.flatMap((h) => {
      const app = byId.get(h.id);
      if (!app) return [];
      return [
        withPhotoDeletions(deps, h).then((withDeletions) => ({
          ...withDeletions,
          form: decryptApplication(deps, app) as unknown as Record<string, unknown>,
          contractDownload: app.contract ? `/api/applications/${encodeURIComponent(app.id)}/contract` : null,
        })),
      ];
    }),
  );

  const body: TPersonalDataExport = {
    format: PERSONAL_DATA_EXPORT_FORMAT,
    version: PERSONAL_DATA_EXPORT_VERSION,
    exportedAt,
    exportId,
    legalBasis: '《中华人民共和国个人信息保护法》第四十五条：个人有权向个人信息处理者查阅、复制其个人信息',
    subject: {
      name: employee.name,
      documentNumber: decryptField(employee.idEnc, deps.keys, 'employee.documentNumber'),
      verifiedAt: user ? String(user) : null,
    },
    hires: exportHires,
    card,
    messages,
    accessLog,
    ledger,
    checkpoint,
    notes: [
      '身份证件照片和劳动合同扫描件的文件本身不在本文件中：列出了其 SHA-256、大小和删除时间；身份证件照片在所有事项受理后按规定删除。',
      '按申请表生成的劳动合同可通过 contractDownload 所列地址登录后下载。',
      '社保卡号在本文件中脱敏显示；完整卡号请在“电子社保卡”页面经人脸核身后查看。',
      '账本条目（ledger）附有对检查点（checkpoint）的包含性证明，可用于核验记录未被篡改。',
    ],
  };
  return { fileName: exportFileName(exportedAt), body };
}
