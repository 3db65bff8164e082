/**
 * The materials step's state, without Taro: what the draft keeps about the
 * uploaded ID photos and the labor contract, what the filing sends, and what
 * the review says about them.
 */
import { MATERIAL_LIMITS, type TFilingMaterialsInput } from '@/domain/applications/filing';

export interface TUploaded {
  materialId: string;
  sha256: string;
  size: number;
  /** The local file (a temp path or blob URL) for the thumbnail; may be gone after a restart. */
  preview?: string;
}

export interface TDraftMaterials {
  /** The separate consent for ID photos (PIPL §29), as the server recorded it. */
  idPhotoConsent?: { consentId: string; noticeVersion: string; at: string };
  /** `window`: the HR contact chose not to upload; the document is checked at the window. */
  idPhotoChoice?: 'upload' | 'window';
  idPhotos: TUploaded[];
  contract: {
    mode: 'generated' | 'scanned';
    scans: TUploaded[];
    /** Content hash of the last generated preview (the server keeps the same at filing). */
    previewSha256?: string;
  };
}

export const emptyMaterials = (): TDraftMaterials => ({ idPhotos: [], contract: { mode: 'generated', scans: [] } });

export function materialsOf(draft: { materials?: TDraftMaterials }): TDraftMaterials {
  const m = draft.materials;
  if (!m) return emptyMaterials();
  return { ...emptyMaterials(), ...m, idPhotos: m.idPhotos ?? [], contract: { mode: m.contract?.mode ?? 'generated', scans: m.contract?.scans ?? [], ...(m.contract?.previewSha256 ? { previewSha256: m.contract.previewSha256 } : {}) } };
}

/** What POST /api/applications carries in `materials`. */
export function filingMaterials(m: TDraftMaterials): TFilingMaterialsInput {
  return {
    identityDocument: m.idPhotoChoice === 'window' ? [] : m.idPhotos.map((p) => p.materialId),
    laborContract: m.contract.mode === 'scanned' ? { mode: 'scanned', materialIds: m.contract.scans.map((s) => s.materialId) } : { mode: 'generated' },
  };
}

export interface TMaterialNote {
  level: 'ok' | 'warn' | 'block';
  message: string;
}

/** The three materials as the review shows them; `block` keeps the submit button off. */
export function materialNotes(m: TDraftMaterials): { applicationForm: TMaterialNote; identityDocument: TMaterialNote; laborContract: TMaterialNote } {
  const photos = m.idPhotoChoice === 'window' ? 0 : m.idPhotos.length;
  return {
    applicationForm: { level: 'ok', message: '由本次填报内容生成' },
    identityDocument:
      photos > 0
        ? { level: 'ok', message: `已上传 ${photos} 张身份证件照片（加密保存）` }
        : { level: 'warn', message: m.idPhotoChoice === 'window' ? '未上传照片：员工需携带身份证件到窗口核验' : '尚未上传身份证件照片：可上传，或选择到窗口核验' },
    laborContract:
      m.contract.mode === 'generated'
        ? { level: 'ok', message: '按《劳动合同（通用）》由申请表生成' }
        : m.contract.scans.length > 0
          ? { level: 'ok', message: `已上传 ${m.contract.scans.length} 页已签合同扫描件` }
          : { level: 'block', message: '选择了上传已签合同，但还没有上传扫描件' },
  };
}

export const MAX_ID_PHOTOS = MATERIAL_LIMITS.identityDocumentPhotos;
export const MAX_CONTRACT_PAGES = MATERIAL_LIMITS.contractScanPages;
/** The server refuses more (a base64 JSON body stays under 1 MB). */
export const MAX_UPLOAD_BYTES = MATERIAL_LIMITS.fileBytes;

/** The type the bytes are, by their magic numbers (the server checks the same). */
export function sniffContentType(bytes: Uint8Array): 'image/jpeg' | 'image/png' | 'application/pdf' | undefined {
  if (bytes[0] === 0xff && bytes[1] === 0xd8 && bytes[2] === 0xff) return 'image/jpeg';
  if (bytes[0] === 0x89 && bytes[1] === 0x50 && bytes[2] === 0x4e && bytes[3] === 0x47) return 'image/png';
  if (bytes[0] === 0x25 && bytes[1] === 0x50 && bytes[2] === 0x44 && bytes[3] === 0x46) return 'application/pdf';
  return undefined;
}

const B64 = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/';
/** Standard base64 (works where neither btoa nor Buffer exists, as in a mini-program). */
export function bytesToBase64(bytes: Uint8Array): string {
  let out = '';
  let i = 0;
  for (; i + 2 < bytes.length; i += 3) {
    const n = (bytes[i]! << 16) | (bytes[i + 1]! << 8) | bytes[i + 2]!;
    out += B64[(n >> 18) & 63]! + B64[(n >> 12) & 63]! + B64[(n >> 6) & 63]! + B64[n & 63]!;
  }
  const rest = bytes.length - i;
  if (rest === 1) {
    const n = bytes[i]! << 16;
    out += B64[(n >> 18) & 63]! + B64[(n >> 12) & 63]! + '==';
  } else if (rest === 2) {
    const n = (bytes[i]! << 16) | (bytes[i + 1]! << 8);
    out += B64[(n >> 18) & 63]! + B64[(n >> 12) & 63]! + B64[(n >> 6) & 63]! + '=';
  }
  return out;
}

/** A file's size for people: 312 KB, 1.2 MB. */
export function sizeText(bytes: number): string {
  return bytes < 1024 * 1024 ? `${Math.max(1, Math.round(bytes / 1024))} KB` : `${(bytes / 1024 / 1024).toFixed(1)} MB`;
}
