/**
 * Local files on the phone (weapp) or in the browser (H5): reading a chosen
 * photo as bytes, making it small enough to upload, and opening a generated
 * document.
 */
import Taro from '@tarojs/taro';
import { MAX_UPLOAD_BYTES } from './materials';

/** A file from chooseMedia: a temp path in weapp; a blob URL and the File itself in H5. */
export interface TChosenFile {
  tempFilePath?: string;
  path?: string;
  size?: number;
  originalFileObj?: Blob;
}

const isWeb = () => process.env.TARO_ENV === 'h5';

export async function readBytes(file: TChosenFile): Promise<Uint8Array> {
  if (file.originalFileObj && typeof file.originalFileObj.arrayBuffer === 'function') return new Uint8Array(await file.originalFileObj.arrayBuffer());
  const path = file.tempFilePath ?? file.path;
  if (!path) throw new Error('没有读到所选文件');
  if (isWeb()) return new Uint8Array(await (await fetch(path)).arrayBuffer());
  const data = Taro.getFileSystemManager().readFileSync(path) as ArrayBuffer;
  return new Uint8Array(data);
}

/**
 * A photo small enough to upload: as chosen when it fits, otherwise
 * compressed (weapp `compressImage`; in H5 redrawn on a canvas as JPEG).
 */
export async function fitForUpload(file: TChosenFile): Promise<Uint8Array> {
  const bytes = await readBytes(file);
  if (bytes.length <= MAX_UPLOAD_BYTES) return bytes;
  for (const quality of [70, 50, 30]) {
    const smaller = isWeb() ? await canvasJpeg(bytes, quality / 100) : await weappCompress(file, quality);
    if (smaller && smaller.length <= MAX_UPLOAD_BYTES) return smaller;
  }
  throw new Error('照片超过700KB，压缩后仍然过大，请重新拍摄（可靠近一些、避免高分辨率）');
}

async function weappCompress(file: TChosenFile, quality: number): Promise<Uint8Array | undefined> {
  const src = file.tempFilePath ?? file.path;
  if (!src) return undefined;
  const r = await Taro.compressImage({ src, quality, compressedWidth: 1600 });
  return readBytes({ tempFilePath: r.tempFilePath });
}

async function canvasJpeg(bytes: Uint8Array, quality: number): Promise<Uint8Array | undefined> {
  if (typeof document === 'undefined' || typeof createImageBitmap !== 'function') return undefined;
  const bitmap = await createImageBitmap(new Blob([bytes as Uint8Array<ArrayBuffer>]));
  const scale = Math.min(1, 1600 / Math.max(bitmap.width, bitmap.height));
  const canvas = document.createElement('canvas');
  canvas.width = Math.round(bitmap.width * scale);
  canvas.height = Math.round(bitmap.height * scale);
  canvas.getContext('2d')?.drawImage(bitmap, 0, 0, canvas.width, canvas.height);
  const blob = await new Promise<Blob | null>((resolve) => canvas.toBlob(resolve, 'image/jpeg', quality));
  return blob ? new Uint8Array(await blob.arrayBuffer()) : undefined;
}

/** Opens a .docx: `openDocument` in WeChat (it can be forwarded from there); a download in a browser. */
export async function openDocx(data: ArrayBuffer, name: string): Promise<void> {
  if (isWeb()) {
    const url = URL.createObjectURL(new Blob([data], { type: 'application/vnd.openxmlformats-officedocument.wordprocessingml.document' }));
    const a = document.createElement('a');
    a.href = url;
    a.download = `${name}.docx`;
    document.body.appendChild(a);
    a.click();
    a.remove();
    setTimeout(() => URL.revokeObjectURL(url), 60_000);
    return;
  }
  const filePath = `${Taro.env.USER_DATA_PATH}/${name}-${Date.now()}.docx`;
  Taro.getFileSystemManager().writeFileSync(filePath, data);
  await Taro.openDocument({ filePath, fileType: 'docx', showMenu: true });
}
