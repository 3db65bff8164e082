/**
 * What a filing sends: the one form, plus references to the materials
 * uploaded before it (the seed's three: the form itself, the identity
 * document photo(s), the labor contract — generated from the form, or a
 * scan of the signed one).
 */
import { z } from 'zod';
import { ZApplicationSchema } from '../form/schema';

/** `mt_` + 16 base64url characters, as the upload endpoint issues them. */
export const ZMaterialIdSchema = z.string().regex(/^mt_[A-Za-z0-9_-]{16}$/, { error: '材料编号无效，请重新上传' });

export const MATERIAL_LIMITS = {
  /** Front and back of an ID card, or the pages of another document. */
  identityDocumentPhotos: 4,
  contractScanPages: 10,
  /** Bytes of one uploaded file: as base64 inside a JSON body it stays under the API's 1 MB request limit. */
  fileBytes: 700 * 1024,
} as const;

export const ZLaborContractChoiceSchema = z.discriminatedUnion(
  'mode',
  [
    /** Generated from the form by 劳动合同（通用）; its content hash is kept with the filing. */
    z.strictObject({ mode: z.literal('generated') }),
    /** The signed contract, scanned or photographed page by page. */
    z.strictObject({
      mode: z.literal('scanned'),
      materialIds: z
        .array(ZMaterialIdSchema)
        .min(1, { error: '请上传劳动合同扫描件，或改用按申请表生成的合同' })
        .max(MATERIAL_LIMITS.contractScanPages, { error: `劳动合同扫描件最多${MATERIAL_LIMITS.contractScanPages}页` }),
    }),
  ],
  { error: '请选择劳动合同的提供方式' },
);
export type TLaborContractChoice = z.infer<typeof ZLaborContractChoiceSchema>;

export const ZFilingMaterialsSchema = z.strictObject({
  /** Optional: without photos the document is checked at the window (the consent notice says so). */
  identityDocument: z
    .array(ZMaterialIdSchema)
    .max(MATERIAL_LIMITS.identityDocumentPhotos, { error: `身份证件照片最多${MATERIAL_LIMITS.identityDocumentPhotos}张` })
    .default([]),
  laborContract: ZLaborContractChoiceSchema.default({ mode: 'generated' }),
});
export type TFilingMaterials = z.infer<typeof ZFilingMaterialsSchema>;
export type TFilingMaterialsInput = z.input<typeof ZFilingMaterialsSchema>;

/** POST /api/applications: the form and, optionally, its materials (default: no photos, generated contract). */
export const ZFilingSchema = ZApplicationSchema.extend({ materials: ZFilingMaterialsSchema.default({ identityDocument: [], laborContract: { mode: 'generated' } }) });
export type TFiling = z.infer<typeof ZFilingSchema>;

/** What the application view says about its materials (no bytes, no personal data). */
export const ZMaterialsViewSchema = z.object({
  /** `deletedAt`: the photo was deleted once all items were accepted (PIPL §47, domain/privacy/retention.ts); hash and size stay. */
  identityDocument: z.array(z.object({ id: z.string(), sha256: z.string(), size: z.number().int(), deletedAt: z.string().optional() })),
  laborContract: z.discriminatedUnion('mode', [
    z.object({ mode: z.literal('generated'), template: z.string(), contentSha256: z.string() }),
    z.object({ mode: z.literal('scanned'), pages: z.array(z.object({ id: z.string(), sha256: z.string(), size: z.number().int() })) }),
  ]),
});
export type TMaterialsView = z.infer<typeof ZMaterialsViewSchema>;
