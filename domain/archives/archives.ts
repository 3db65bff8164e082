/**
 * 一户一档 (one file per enterprise) and 一人一档 (one file per employee), as
 * the API answers them: every hire with its items' results and materials
 * (from the applications), the ledger entries that concern the enterprise or
 * the person — each with its inclusion proof against the latest signed
 * checkpoint, so anyone can check it was not altered — and, for a person, the
 * access log: who looked up or opened their data, and when. Personal data is
 * masked throughout.
 */
import { z } from 'zod';
import { ZHistoryEntrySchema, ZItemStateSchema } from '../applications/views';
import { ZMaterialsViewSchema } from '../applications/filing';
import { ZDepartmentSchema, ZItemCodeSchema } from '../items/catalog';
import { ZRatingLevelSchema } from '../supervision/ratings';
import { ZUsccSchema } from '../form/schema';

export const ARCHIVE_PARTS = ['all', 'hires', 'ledger', 'access'] as const;

const page = {
  limit: z.coerce.number({ error: 'limit 应为数字' }).int({ error: 'limit 应为整数' }).min(1, { error: 'limit 至少为1' }).max(50, { error: 'limit 最多为50' }).default(20),
  /** Hires: the filing time (ms) of the last one shown. */
  cursor: z.coerce.number({ error: 'cursor 应为数字' }).int({ error: 'cursor 应为整数' }).min(0, { error: 'cursor 不能为负数' }).optional(),
  /** Ledger entries: the index of the last one shown. */
  ledgerCursor: z.coerce.number({ error: 'ledgerCursor 应为数字' }).int({ error: 'ledgerCursor 应为整数' }).min(0, { error: 'ledgerCursor 不能为负数' }).optional(),
  /** Access log: how many were shown already. */
  accessCursor: z.coerce.number({ error: 'accessCursor 应为数字' }).int({ error: 'accessCursor 应为整数' }).min(0, { error: 'accessCursor 不能为负数' }).optional(),
  part: z.enum(ARCHIVE_PARTS, { error: 'part 应为 all、hires、ledger 或 access' }).default('all'),
};

/** GET /api/archives/enterprise (HR: own enterprise; clerk: `uscc` required). */
export const ZEnterpriseArchiveQuerySchema = z.object({ uscc: ZUsccSchema.optional(), ...page });
export type TEnterpriseArchiveQuery = z.infer<typeof ZEnterpriseArchiveQuerySchema>;

/** GET /api/me/archive (the verified employee). */
export const ZPersonArchiveQuerySchema = z.object(page);
export type TPersonArchiveQuery = z.infer<typeof ZPersonArchiveQuerySchema>;

export const ZArchiveItemSchema = z.object({
  code: ZItemCodeSchema,
  name: z.string(),
  department: ZDepartmentSchema,
  state: ZItemStateSchema,
  /** Result numbers (card numbers masked). */
  results: z.record(z.string(), z.string()),
  doneAt: z.string().nullable(),
  history: z.array(ZHistoryEntrySchema),
});
export type TArchiveItem = z.infer<typeof ZArchiveItemSchema>;

/** One hire in a file: who, when, through which channel, each item's result, the materials' fingerprints. */
export const ZArchiveHireSchema = z.object({
  id: z.string(),
  filedAt: z.string(),
  channel: z.enum(['online', 'window']),
  enterpriseName: z.string(),
  uscc: z.string(),
  employee: z.object({ name: z.string(), documentNumber: z.string() }),
  items: z.array(ZArchiveItemSchema),
  materials: ZMaterialsViewSchema,
  contract: z.object({ template: z.string(), contentSha256: z.string(), supersedes: z.array(z.string()).optional() }).optional(),
  rating: z.object({ level: ZRatingLevelSchema, at: z.string() }).optional(),
});
export type TArchiveHire = z.infer<typeof ZArchiveHireSchema>;

/** An inclusion proof (RFC 6962 audit path, base64 hashes) in the tree of the checkpoint's size. */
export const ZInclusionProofSchema = z.object({ treeSize: z.number().int(), auditPath: z.array(z.string()) });

/** One ledger entry of the file, with what is needed to verify it against the checkpoint. */
export const ZArchiveEntrySchema = z.object({
  index: z.number().int(),
  /** The event's id (an access log entry names the same id). */
  eventId: z.string(),
  at: z.string(),
  type: z.string(),
  /** The event type in Chinese. */
  title: z.string(),
  actor: z.string(),
  applicationId: z.string().optional(),
  /** The event's data (no clear personal data; anything shaped like an ID or mobile number masked). */
  data: z.record(z.string(), z.unknown()),
  /** The exact bytes hashed (base64): leaf hash = SHA-256(0x00 ‖ bytes). */
  entryBase64: z.string(),
  leafHashBase64: z.string(),
  /** null: appended after the latest checkpoint (proven by the next one). */
  proof: ZInclusionProofSchema.nullable(),
});
export type TArchiveEntry = z.infer<typeof ZArchiveEntrySchema>;

export const ZCheckpointViewSchema = z.object({ origin: z.string(), size: z.number().int(), rootHashBase64: z.string(), text: z.string() });
export type TCheckpointView = z.infer<typeof ZCheckpointViewSchema>;

/** Who looked up or opened a person's data. */
export const ZAccessLogEntrySchema = z.object({
  at: z.string(),
  /** `企业人事` / `窗口工作人员` / `社保卡扫码终端` / `系统` and the enterprise's name when known. */
  who: z.string(),
  actor: z.string(),
  enterprise: z.object({ uscc: z.string(), name: z.string().optional() }).optional(),
  purpose: z.string(),
  sources: z.array(z.string()).optional(),
  applicationId: z.string().optional(),
  /** The ledger event recording it, when there is one. */
  eventId: z.string().optional(),
});
export type TAccessLogEntry = z.infer<typeof ZAccessLogEntrySchema>;

export const ZArchiveViewSchema = z.object({
  subject: z.discriminatedUnion('kind', [
    z.object({ kind: z.literal('enterprise'), uscc: z.string(), name: z.string() }),
    z.object({ kind: z.literal('person'), name: z.string(), documentNumber: z.string().nullable() }),
  ]),
  checkpoint: ZCheckpointViewSchema.nullable(),
  hires: z.object({ items: z.array(ZArchiveHireSchema), nextCursor: z.number().optional() }),
  ledger: z.object({
    /** false: the ledger is not configured in this deployment (no entries, no proofs). */
    available: z.boolean(),
    total: z.number().int(),
    entries: z.array(ZArchiveEntrySchema),
    nextCursor: z.number().optional(),
  }),
  accessLog: z.object({ items: z.array(ZAccessLogEntrySchema), nextCursor: z.number().optional() }).optional(),
});
export type TArchiveView = z.infer<typeof ZArchiveViewSchema>;

/** The ledger's event types in Chinese (unknown types show as they are). */
export const LEDGER_EVENT_TITLES: Record<string, string> = {
  'application.filed': '提交录用申请',
  'item.transition': '事项办理状态变化',
  'autofill.lookup': '查询个人或企业信息',
  'material.uploaded': '上传材料',
  'contract.recorded': '劳动合同存证',
  'notification.sent': '发送办理通知',
  'clerk.action': '窗口工作人员操作',
  'rating.recorded': '好差评',
  'record.opened': '查看个人数据',
  'material.deleted': '材料已删除',
  'data.exported': '导出个人数据',
};
export const ledgerEventTitle = (type: string): string => LEDGER_EVENT_TITLES[type] ?? type;
