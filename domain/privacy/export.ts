/**
 * GET /api/me/export: everything this service holds about the signed-in
 * employee, as one JSON document they download (PIPL §45: the right to
 * consult and copy one's personal information). The schema is versioned: a
 * field is only ever added within a version; a change of meaning is a new
 * version.
 *
 * Their own full ID number IS in it (they own it; only they can sign in as
 * them, after 人脸核身). Card numbers stay masked as everywhere else: the full
 * card number is shown on the 电子社保卡 page after a fresh 人脸核身. Material
 * bytes are not in it: their hashes, sizes and deletion times are, and the
 * generated contract's download link.
 */
import { z } from 'zod';
import { ZAccessLogEntrySchema, ZArchiveEntrySchema, ZArchiveHireSchema, ZCheckpointViewSchema } from '../archives/archives';
import { ZCardViewSchema } from '../card/card';
import { ZInboxMessageSchema } from '../notifications/inbox';

export const PERSONAL_DATA_EXPORT_FORMAT = 'hire-once/personal-data-export';
export const PERSONAL_DATA_EXPORT_VERSION = 1;

export const ZExportHireSchema = ZArchiveHireSchema.extend({
  /** The one form as filed for this hire, the ID number in clear (their own). */
  form: z.record(z.string(), z.unknown()),
  /** `GET` this path (signed in) to download the labor contract generated from the form; null for a scanned one. */
  contractDownload: z.string().nullable(),
});
export type TExportHire = z.infer<typeof ZExportHireSchema>;

export const ZPersonalDataExportSchema = z.object({
  format: z.literal(PERSONAL_DATA_EXPORT_FORMAT),
  version: z.literal(PERSONAL_DATA_EXPORT_VERSION),
  exportedAt: z.string(),
  /** The ledger event recording this export (it is also in `accessLog`). */
  exportId: z.string(),
  legalBasis: z.string(),
  /** Identity as stored when they were verified (公安 data + 人脸核身). */
  subject: z.object({ name: z.string(), documentNumber: z.string(), verifiedAt: z.string().nullable() }),
  /** Every hire, oldest first. */
  hires: z.array(ZExportHireSchema),
  /** The 电子社保卡 as the card page shows it; null when there is none yet. */
  card: ZCardViewSchema.nullable(),
  /** The in-app messages (newest first). */
  messages: z.array(ZInboxMessageSchema),
  /** Who looked up or opened their data (newest first), this export included. */
  accessLog: z.array(ZAccessLogEntrySchema),
  /** The ledger entries about them, with inclusion proofs against `checkpoint`. */
  ledger: z.array(ZArchiveEntrySchema),
  checkpoint: ZCheckpointViewSchema.nullable(),
  /** What is deliberately not in the file, and why. */
  notes: z.array(z.string()),
});
export type TPersonalDataExport = z.infer<typeof ZPersonalDataExportSchema>;

/** The download's file name (ASCII, so every browser and WeChat keeps it). */
export function exportFileName(exportedAt: string): string {
  return `hire-once-personal-data-${exportedAt.slice(0, 10)}.json`;
}
