/** The QR code image: a valid PNG that a QR reader (jsQR) decodes back to the token. */
import jsQR from 'jsqr';
import { PNG } from 'pngjs';
import { matrixPng, qrMatrix, qrPngDataUrl, toBase64 } from '../qr-png';

const TOKEN = 'hoc1.AbCdEfGhIjKlMnOpQrStUv.0123456789abcdef.1795658400.1795658460.' + 'x'.repeat(43);

function decode(dataUrl: string): { text: string | undefined; width: number } {
  const png = PNG.sync.read(Buffer.from(dataUrl.replace(/^data:image\/png;base64,/, ''), 'base64'));
  return { text: jsQR(new Uint8ClampedArray(png.data), png.width, png.height)?.data, width: png.width };
}

describe('the QR code as a PNG data URL', () => {
  it('decodes back to the token', () => {
    const url = qrPngDataUrl(TOKEN);
    expect(url).toMatch(/^data:image\/png;base64,iVBORw0KGgo/);
    const { text, width } = decode(url);
    expect(text).toBe(TOKEN);
    const n = qrMatrix(TOKEN).length;
    expect(width).toBe((n + 8) * 8); // 8 px per module, 4 modules of quiet zone each side
    expect(url.length).toBeLessThan(64 * 1024); // well under setData's 256 KB
  });

  it('decodes at other sizes and for short texts', () => {
    expect(decode(qrPngDataUrl('hello', 4, 4)).text).toBe('hello');
    expect(decode(qrPngDataUrl(TOKEN, 3, 4)).text).toBe(TOKEN);
  });

  it('writes a PNG that a strict decoder accepts (CRC, zlib, sizes), also past one stored block', () => {
    const big = Array.from({ length: 120 }, (_, r) => Array.from({ length: 120 }, (_, c) => (r + c) % 3 === 0));
    const png = PNG.sync.read(Buffer.from(matrixPng(big, 6, 4))); // 768 px: raw data > 65,535 bytes
    expect([png.width, png.height]).toEqual([768, 768]);
    // pixel (24, 24) is module (0, 0): dark; (30, 24) is module (0, 1): light
    expect(png.data[(24 * 768 + 24) * 4]).toBe(0);
    expect(png.data[(24 * 768 + 30) * 4]).toBe(255);
  });

  it('encodes base64 like Buffer does', () => {
    for (const bytes of [[], [0], [1, 2], [255, 254, 253], [0, 1, 2, 3, 4, 5, 6]]) {
      expect(toBase64(new Uint8Array(bytes))).toBe(Buffer.from(bytes).toString('base64'));
    }
  });
});
