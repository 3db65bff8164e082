/**
 * A QR code as a PNG data URL, for an <Image> that renders the same in weapp
 * and H5. qrcode-generator computes the modules; a small PNG encoder
 * (1-bit greyscale, zlib "stored" blocks, no compression library) writes
 * them, `cell` pixels per module with the standard 4-module quiet zone.
 *
 * Why an image and not a grid of Views or a Canvas: a grid needs one node
 * per module (a 45×45 code is ~2,000 nodes, over WeChat's 1,000-node
 * guideline), and Canvas differs between weapp (type="2d" node query) and
 * H5. An <Image> with a data URL is one node on both, scales with the page,
 * carries an aria-label, and can be screenshotted and decoded in tests.
 */
import qrcode from 'qrcode-generator';

/** Dark modules of the QR code of `text` (error correction M, smallest version that fits). */
export function qrMatrix(text: string): boolean[][] {
  const qr = qrcode(0, 'M');
  qr.addData(text, 'Byte');
  qr.make();
  const n = qr.getModuleCount();
  return Array.from({ length: n }, (_, r) => Array.from({ length: n }, (_, c) => qr.isDark(r, c)));
}

let crcTable: Uint32Array | undefined;
function crc32(bytes: Uint8Array): number {
  if (!crcTable) {
    crcTable = new Uint32Array(256);
    for (let n = 0; n < 256; n++) {
      let c = n;
      for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
      crcTable[n] = c >>> 0;
    }
  }
  let crc = 0xffffffff;
  for (let i = 0; i < bytes.length; i++) crc = crcTable[(crc ^ bytes[i]!) & 0xff]! ^ (crc >>> 8);
  return (crc ^ 0xffffffff) >>> 0;
}

function adler32(bytes: Uint8Array): number {
  let a = 1;
  let b = 0;
  for (let i = 0; i < bytes.length; i++) {
    a = (a + bytes[i]!) % 65521;
    b = (b + a) % 65521;
  }
  return ((b << 16) | a) >>> 0;
}

function u32(n: number): number[] {
  return [(n >>> 24) & 0xff, (n >>> 16) & 0xff, (n >>> 8) & 0xff, n & 0xff];
}

function chunk(type: string, data: Uint8Array): number[] {
  const typed = new Uint8Array(4 + data.length);
  for (let i = 0; i < 4; i++) typed[i] = type.charCodeAt(i);
  typed.set(data, 4);
  return [...u32(data.length), ...typed, ...u32(crc32(typed))];
}

/** zlib stream of `raw` in stored (uncompressed) deflate blocks. */
function zlibStored(raw: Uint8Array): Uint8Array {
  const blocks = Math.max(1, Math.ceil(raw.length / 65535));
  const out = new Uint8Array(2 + blocks * 5 + raw.length + 4);
  out[0] = 0x78;
  out[1] = 0x01;
  let o = 2;
  for (let b = 0; b < blocks; b++) {
    const start = b * 65535;
    const len = Math.min(65535, raw.length - start);
    out[o++] = b === blocks - 1 ? 1 : 0;
    out[o++] = len & 0xff;
    out[o++] = len >>> 8;
    out[o++] = ~len & 0xff;
    out[o++] = (~len >>> 8) & 0xff;
    out.set(raw.subarray(start, start + len), o);
    o += len;
  }
  out.set(u32(adler32(raw)), o);
  return out;
}

/** A 1-bit greyscale PNG of the modules: black on white, `cell` px per module, `margin` modules of quiet zone. */
export function matrixPng(modules: boolean[][], cell = 8, margin = 4): Uint8Array {
  const n = modules.length;
  const size = (n + 2 * margin) * cell;
  const rowBytes = Math.ceil(size / 8);
  const raw = new Uint8Array(size * (1 + rowBytes));
  for (let y = 0; y < size; y++) {
    const row = y * (1 + rowBytes); // filter byte 0 (None) at raw[row]
    const my = Math.floor(y / cell) - margin;
    for (let x = 0; x < size; x++) {
      const mx = Math.floor(x / cell) - margin;
      const dark = my >= 0 && my < n && mx >= 0 && mx < n && modules[my]![mx];
      if (!dark) raw[row + 1 + (x >> 3)] = raw[row + 1 + (x >> 3)]! | (0x80 >> (x & 7)); // 1 = white
    }
  }
  const ihdr = new Uint8Array([...u32(size), ...u32(size), 1, 0, 0, 0, 0]);
  return new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, ...chunk('IHDR', ihdr), ...chunk('IDAT', zlibStored(raw)), ...chunk('IEND', new Uint8Array(0))]);
}

const B64 = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/';

/** Base64 without btoa/Buffer (neither exists in every mini-program runtime). */
export function toBase64(bytes: Uint8Array): string {
  let out = '';
  for (let i = 0; i < bytes.length; i += 3) {
    const a = bytes[i]!;
    const b = bytes[i + 1];
    const c = bytes[i + 2];
    out += B64[a >> 2]! + B64[((a & 3) << 4) | ((b ?? 0) >> 4)]! + (b === undefined ? '=' : B64[((b & 15) << 2) | ((c ?? 0) >> 6)]!) + (c === undefined ? '=' : B64[c & 63]!);
  }
  return out;
}

/** `data:image/png;base64,…` of the QR code of `text`. */
export function qrPngDataUrl(text: string, cell = 8, margin = 4): string {
  return `data:image/png;base64,${toBase64(matrixPng(qrMatrix(text), cell, margin))}`;
}
