import { issueSessionToken, verifySessionToken } from './session';
import { hashPassword, verifyPassword } from './password';
import { decryptField, encryptField, hmacId, keysFromEnv } from '../lib/crypto';

const SECRET = Buffer.alloc(32, 7).toString('base64');

describe('session tokens', () => {
  it('round-trips and expires', () => {
    const { token } = issueSessionToken({ sub: 'oABC', kind: 'wechat' }, SECRET, 60, 1_000_000);
    expect(verifySessionToken(token, SECRET, 1_000_000 + 59_000)).toMatchObject({ sub: 'oABC', kind: 'wechat' });
    expect(() => verifySessionToken(token, SECRET, 1_000_000 + 60_000)).toThrow('登录已过期');
  });
  it('refuses a forged or altered token', () => {
    const { token } = issueSessionToken({ sub: 'oABC', kind: 'wechat' }, SECRET, 60);
    const [v, body, sig] = token.split('.');
    const forgedBody = Buffer.from(JSON.stringify({ ...JSON.parse(Buffer.from(body!, 'base64url').toString()), sub: 'clerk:admin', kind: 'clerk' })).toString('base64url');
    expect(() => verifySessionToken(`${v}.${forgedBody}.${sig}`, SECRET)).toThrow('登录凭证无效');
    expect(() => verifySessionToken(token, Buffer.alloc(32, 8).toString('base64'))).toThrow('登录凭证无效');
    expect(() => verifySessionToken('garbage', SECRET)).toThrow('登录凭证无效');
    expect(() => verifySessionToken('v1..', SECRET)).toThrow('登录凭证无效');
  });
});

describe('passwords', () => {
  it('verifies only the right password', () => {
    const stored = hashPassword('窗口密码-2026');
    expect(verifyPassword('窗口密码-2026', stored)).toBe(true);
    expect(verifyPassword('窗口密码-2027', stored)).toBe(false);
    expect(verifyPassword('x', 'not-a-hash')).toBe(false);
  });
});

describe('ID numbers at rest', () => {
  const keys = keysFromEnv({ ID_ENCRYPTION_KEY: Buffer.alloc(32, 1).toString('base64'), ID_HMAC_KEY: Buffer.alloc(32, 2).toString('base64') });
  it('encrypts with a fresh IV and decrypts only in the same context', () => {
    const a = encryptField('150302199503150020', keys, 'employee.documentNumber');
    const b = encryptField('150302199503150020', keys, 'employee.documentNumber');
    expect(a).not.toBe(b);
    expect(a).not.toContain('150302');
    expect(decryptField(a, keys, 'employee.documentNumber')).toBe('150302199503150020');
    expect(() => decryptField(a, keys, 'other')).toThrow();
    const raw = Buffer.from(a.slice(3), 'base64url');
    for (const index of [0, 12, 28, raw.length - 1]) {
      const flipped = Buffer.from(raw);
      flipped[index]! ^= 0x01; // IV, tag, ciphertext: any flipped bit is detected
      expect(() => decryptField(`v1.${flipped.toString('base64url')}`, keys, 'employee.documentNumber')).toThrow();
    }
  });
  it('looks numbers up by a keyed hash', () => {
    expect(hmacId('150302199503150020', keys)).toBe(hmacId('150302199503150020', keys));
    expect(hmacId('150302199503150020', keys)).not.toBe(hmacId('150302199208080015', keys));
    expect(hmacId('150302199503150020', keys)).toMatch(/^[0-9a-f]{64}$/);
  });
});
