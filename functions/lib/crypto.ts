/**
 * Personal data at rest: ID numbers are encrypted with AES-256-GCM and looked
 * up by an HMAC-SHA-256 of the normalized number, so a lookup never needs to
 * decrypt and a leaked index reveals nothing without the HMAC key.
 */
import { createCipheriv, createDecipheriv, createHmac, randomBytes, timingSafeEqual } from 'node:crypto';

const VERSION = 'v1';

export interface TPersonalDataKeys {
  encryptionKey: Buffer; // 32 bytes
  hmacKey: Buffer;
}

export function keysFromEnv(env: { ID_ENCRYPTION_KEY: string; ID_HMAC_KEY: string }): TPersonalDataKeys {
  const encryptionKey = Buffer.from(env.ID_ENCRYPTION_KEY, 'base64').subarray(0, 32);
  if (encryptionKey.length !== 32) throw new Error('ID_ENCRYPTION_KEY must be 32 bytes');
  return { encryptionKey, hmacKey: Buffer.from(env.ID_HMAC_KEY, 'base64') };
}

/** `v1.<base64url(iv ‖ tag ‖ ciphertext)>`; `context` (e.g. the field) is bound as AAD. */
export function encryptField(plain: string, keys: TPersonalDataKeys, context = ''): string {
  const iv = randomBytes(12);
  const cipher = createCipheriv('aes-256-gcm', keys.encryptionKey, iv);
  cipher.setAAD(Buffer.from(context));
  const data = Buffer.concat([cipher.update(plain, 'utf8'), cipher.final()]);
  return `${VERSION}.${Buffer.concat([iv, cipher.getAuthTag(), data]).toString('base64url')}`;
}

export function decryptField(token: string, keys: TPersonalDataKeys, context = ''): string {
  const [version, payload] = token.split('.');
  if (version !== VERSION || !payload) throw new Error('unknown ciphertext format');
  const raw = Buffer.from(payload, 'base64url');
  const decipher = createDecipheriv('aes-256-gcm', keys.encryptionKey, raw.subarray(0, 12));
  decipher.setAAD(Buffer.from(context));
  decipher.setAuthTag(raw.subarray(12, 28));
  return Buffer.concat([decipher.update(raw.subarray(28)), decipher.final()]).toString('utf8');
}

export function isEncrypted(value: string): boolean {
  return value.startsWith(`${VERSION}.`);
}

/** Deterministic lookup key for an ID number (hex). */
export function hmacId(idNumber: string, keys: TPersonalDataKeys): string {
  return createHmac('sha256', keys.hmacKey).update(`id:${idNumber}`).digest('hex');
}

export function safeEqual(a: string, b: string): boolean {
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && timingSafeEqual(x, y);
}

/** Bytes at rest (ID photos, contracts): `HOB1` ‖ iv ‖ tag ‖ AES-256-GCM ciphertext, `context` bound as AAD. */
export function encryptBytes(data: Buffer, keys: TPersonalDataKeys, context: string): Buffer {
  const iv = randomBytes(12);
  const cipher = createCipheriv('aes-256-gcm', keys.encryptionKey, iv);
  cipher.setAAD(Buffer.from(context));
  const body = Buffer.concat([cipher.update(data), cipher.final()]);
  return Buffer.concat([Buffer.from('HOB1'), iv, cipher.getAuthTag(), body]);
}

export function decryptBytes(sealed: Buffer, keys: TPersonalDataKeys, context: string): Buffer {
  if (sealed.subarray(0, 4).toString() !== 'HOB1') throw new Error('unknown blob format');
  const decipher = createDecipheriv('aes-256-gcm', keys.encryptionKey, sealed.subarray(4, 16));
  decipher.setAAD(Buffer.from(context));
  decipher.setAuthTag(sealed.subarray(16, 32));
  return Buffer.concat([decipher.update(sealed.subarray(32)), decipher.final()]);
}
