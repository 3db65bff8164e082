/**
 * What the API answers about applications, as zod schemas: the single source
 * of these types for the functions that build the answers and the
 * mini-program that reads them.
 */
import { z } from 'zod';
import { ZItemCodeSchema } from '../items/catalog';
import { ZMaterialsViewSchema } from './filing';

export const ZItemStateSchema = z.enum(['submitted', 'processing', 'done', 'needs_correction', 'rejected']);
export type TItemState = z.infer<typeof ZItemStateSchema>;

export const ZHistoryEntrySchema = z.object({
  at: z.string(),
  state: ZItemStateSchema,
  stage: z.string().optional(),
  /** Who or what caused it: `system`, `department:hrss`, `clerk:<name>`, `hr:<openid…>`. */
  actor: z.string(),
  note: z.string().optional(),
});
export type THistoryEntry = z.infer<typeof ZHistoryEntrySchema>;

export const ZDueDatesSchema = z.object({
  variant: z.string(),
  label: z.string(),
  legal: z.string().nullable(),
  promised: z.string().nullable(),
  oneThing: z.string().nullable(),
  note: z.string().optional(),
});
export type TDueDates = z.infer<typeof ZDueDatesSchema>;

export const ZItemViewSchema = z.object({
  code: ZItemCodeSchema,
  name: z.string(),
  department: z.string(),
  state: ZItemStateSchema,
  stage: z.string().nullable(),
  /** Result numbers, e.g. `{ personalSocialSecurityNo: '…' }`. */
  results: z.record(z.string(), z.string()),
  message: z.string().nullable(),
  /** Fields a correction must change, as form paths. */
  correctionFields: z.array(z.string()),
  dueDates: z.array(ZDueDatesSchema),
  attempts: z.number().int(),
  /** How many times it was corrected and run again. */
  corrections: z.number().int(),
  updatedAt: z.string(),
  history: z.array(ZHistoryEntrySchema),
});
export type TItemView = z.infer<typeof ZItemViewSchema>;

export const ZApplicationViewSchema = z.object({
  id: z.string(),
  uscc: z.string(),
  enterpriseName: z.string(),
  filedAt: z.string(),
  /** Masked: the name (测***甲) and the ID number with the birth date hidden. */
  employee: z.object({ name: z.string(), documentNumber: z.string() }),
  items: z.array(ZItemViewSchema),
  /** The materials filed with it (hashes and sizes only). */
  materials: ZMaterialsViewSchema,
  /** Filed by a window clerk on the enterprise's behalf (一窗受理): the clerk's account. */
  onBehalfOf: z.object({ channel: z.literal('window'), clerk: z.string() }).optional(),
});
export type TApplicationView = z.infer<typeof ZApplicationViewSchema>;

export const ZApplicationSummarySchema = z.object({
  id: z.string(),
  enterpriseName: z.string(),
  employee: z.object({ name: z.string(), documentNumber: z.string() }),
  filedAt: z.string(),
  states: z.record(z.string(), ZItemStateSchema).optional(),
  /** How many of the seven items are done. */
  done: z.number().int(),
  /** `window`: filed by a clerk on the enterprise's behalf (一窗受理). */
  channel: z.enum(['online', 'window']).optional(),
});
export type TApplicationSummary = z.infer<typeof ZApplicationSummarySchema>;
