import { randomBytes } from 'node:crypto';
import { checkCardToken, holderRef, signCardToken } from './token';

const SECRET = randomBytes(32);
const OTHER = randomBytes(32);
const T0 = Date.parse('2026-11-26T02:00:00Z');

describe('the QR token (HMAC-SHA-256)', () => {
  const holder = holderRef(SECRET, 'a'.repeat(64));

  it('carries an opaque holder reference, a nonce, issued-at and expiry = +60 s, and nothing personal', () => {
    const { token, claims } = signCardToken(SECRET, holder, T0);
    expect(token).toMatch(/^hoc1\.[\w-]{22}\.[\w-]{16}\.\d+\.\d+\.[\w-]{43}$/);
    expect(claims.exp - claims.iat).toBe(60);
    expect(token.length).toBeLessThan(120); // a small QR code
    expect(holderRef(SECRET, 'a'.repeat(64))).toBe(holder); // stable per person
    expect(holderRef(OTHER, 'a'.repeat(64))).not.toBe(holder); // and meaningless without the key
    expect(signCardToken(SECRET, holder, T0).claims.nonce).not.toBe(claims.nonce);
  });

  it('is valid from issue until just before 60 s, expired from 60 s on', () => {
    const { token } = signCardToken(SECRET, holder, T0);
    expect(checkCardToken([SECRET], token, T0)).toMatchObject({ ok: true, token: { holder } });
    expect(checkCardToken([SECRET], token, T0 + 59_999).ok).toBe(true);
    expect(checkCardToken([SECRET], token, T0 + 60_000)).toMatchObject({ ok: false, reason: 'expired', message: expect.stringContaining('二维码已过期') });
    expect(checkCardToken([SECRET], token, T0 + 3_600_000)).toMatchObject({ ok: false, reason: 'expired' });
  });

  it('refuses a token from the future beyond the clock skew', () => {
    const { token } = signCardToken(SECRET, holder, T0 + 10_000);
    expect(checkCardToken([SECRET], token, T0)).toMatchObject({ ok: false, reason: 'not_yet_valid' });
    expect(checkCardToken([SECRET], signCardToken(SECRET, holder, T0 + 3_000).token, T0).ok).toBe(true);
  });

  it('refuses any change to any part, and another key, as forged', () => {
    const { token } = signCardToken(SECRET, holder, T0);
    const parts = token.split('.');
    const flip = (s: string) => (s[0] === 'A' ? 'B' : 'A') + s.slice(1);
    for (let i = 1; i < parts.length; i++) {
      const changed = parts.map((p, j) => (j === i ? (i === 3 || i === 4 ? String(Number(p) + 1) : flip(p)) : p)).join('.');
      expect([i, checkCardToken([SECRET], changed, T0)]).toEqual([i, expect.objectContaining({ ok: false, reason: 'forged' })]);
    }
    // a longer validity written into the token does not help
    const longer = [...parts.slice(0, 4), String(Number(parts[4]) + 3600), parts[5]].join('.');
    expect(checkCardToken([SECRET], longer, T0 + 120_000)).toMatchObject({ ok: false, reason: 'forged' });
    expect(checkCardToken([OTHER], token, T0)).toMatchObject({ ok: false, reason: 'forged', message: expect.stringContaining('篡改') });
    expect(checkCardToken([OTHER, SECRET], token, T0).ok).toBe(true); // a rotated key still checks
  });

  it('says “not ours” for anything else, without throwing', () => {
    for (const junk of ['', 'hello', 'hoc1.a.b.c.d.e', 'hoc2' + signCardToken(SECRET, holder, T0).token.slice(4), '{"token":1}', 'hoc1.' + 'x'.repeat(500), '😀.😀.😀.😀.😀.😀']) {
      expect([junk, checkCardToken([SECRET], junk, T0)]).toEqual([junk, expect.objectContaining({ ok: false, reason: 'malformed' })]);
    }
  });
});
