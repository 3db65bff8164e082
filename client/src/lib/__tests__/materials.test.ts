import { ZFilingMaterialsSchema } from '@/domain/applications/filing';
import { bytesToBase64, emptyMaterials, filingMaterials, materialNotes, materialsOf, sizeText, sniffContentType } from '../materials';

const up = (n: number) => ({ materialId: `mt_${String(n).padStart(16, '0')}`, sha256: 'a'.repeat(64), size: 1000 });

describe('the materials in a draft', () => {
  it('files what was uploaded, in a shape the server schema accepts', () => {
    const m = { ...emptyMaterials(), idPhotoChoice: 'upload' as const, idPhotos: [up(1), up(2)], contract: { mode: 'scanned' as const, scans: [up(3)] } };
    const f = filingMaterials(m);
    expect(f).toEqual({ identityDocument: [up(1).materialId, up(2).materialId], laborContract: { mode: 'scanned', materialIds: [up(3).materialId] } });
    expect(ZFilingMaterialsSchema.safeParse(f).success).toBe(true);
    // choosing the window drops the photos from the filing
    expect(filingMaterials({ ...m, idPhotoChoice: 'window' }).identityDocument).toEqual([]);
    expect(ZFilingMaterialsSchema.safeParse(filingMaterials(emptyMaterials())).success).toBe(true);
  });

  it('reads an old draft without materials as the defaults', () => {
    expect(materialsOf({})).toEqual(emptyMaterials());
    expect(materialsOf({ materials: { idPhotos: [up(1)] } as never }).contract).toEqual({ mode: 'generated', scans: [] });
  });

  it('blocks only a scanned contract without pages; warns without photos', () => {
    expect(materialNotes(emptyMaterials()).identityDocument.level).toBe('warn');
    expect(materialNotes({ ...emptyMaterials(), idPhotos: [up(1)] }).identityDocument).toEqual({ level: 'ok', message: '已上传 1 张身份证件照片（加密保存）' });
    expect(materialNotes({ ...emptyMaterials(), contract: { mode: 'scanned', scans: [] } }).laborContract.level).toBe('block');
    expect(materialNotes({ ...emptyMaterials(), contract: { mode: 'scanned', scans: [up(1)] } }).laborContract.level).toBe('ok');
  });

  it('knows a file by its bytes and encodes base64 as Buffer does', () => {
    expect(sniffContentType(Uint8Array.from([0xff, 0xd8, 0xff, 0xe0]))).toBe('image/jpeg');
    expect(sniffContentType(Uint8Array.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a]))).toBe('image/png');
    expect(sniffContentType(new TextEncoder().encode('%PDF-1.7'))).toBe('application/pdf');
    expect(sniffContentType(new TextEncoder().encode('GIF89a'))).toBeUndefined();
    for (let len = 0; len < 70; len++) {
      const bytes = Uint8Array.from({ length: len }, (_, i) => (i * 37 + len) & 255);
      expect(bytesToBase64(bytes)).toBe(Buffer.from(bytes).toString('base64'));
    }
    expect(sizeText(300)).toBe('1 KB');
    expect(sizeText(700 * 1024)).toBe('700 KB');
    expect(sizeText(1.5 * 1024 * 1024)).toBe('1.5 MB');
  });
});
