/**
 * The hashes of RFC 6962 §2.1 / RFC 9162 §2.1.1 (SHA-256 with domain
 * separation), shared by the reference implementation (merkle.ts) and the
 * stored-node implementation (tree.ts, store.ts):
 *
 *   leaf  = SHA-256(0x00 ‖ entry bytes)
 *   node  = SHA-256(0x01 ‖ left ‖ right)
 *   empty = SHA-256() — the root of the tree of no leaves
 */
import { createHash } from 'node:crypto';

export const HASH_BYTES = 32;

export function sha256(...parts: Uint8Array[]): Uint8Array {
  const h = createHash('sha256');
  for (const p of parts) h.update(p);
  return new Uint8Array(h.digest());
}

const LEAF_PREFIX = Uint8Array.of(0x00);
const NODE_PREFIX = Uint8Array.of(0x01);

export function hashLeaf(data: Uint8Array): Uint8Array {
  return sha256(LEAF_PREFIX, data);
}

export function hashChildren(left: Uint8Array, right: Uint8Array): Uint8Array {
  return sha256(NODE_PREFIX, left, right);
}

export const EMPTY_ROOT: Uint8Array = sha256();

export function bytesEqual(a: Uint8Array, b: Uint8Array): boolean {
  if (a.length !== b.length) return false;
  let diff = 0;
  for (let i = 0; i < a.length; i++) diff |= a[i]! ^ b[i]!;
  return diff === 0;
}

export const toBase64 = (b: Uint8Array): string => Buffer.from(b.buffer, b.byteOffset, b.byteLength).toString('base64');

/** Standard base64 (RFC 4648 §4) of exactly `bytes` bytes, or undefined. */
export function fromBase64(text: string, bytes = HASH_BYTES): Uint8Array | undefined {
  if (text.length !== 4 * Math.ceil(bytes / 3) || !/^[A-Za-z0-9+/]*={0,2}$/.test(text)) return undefined;
  const out = new Uint8Array(Buffer.from(text, 'base64'));
  return out.length === bytes && toBase64(out) === text ? out : undefined;
}

/** The largest power of two smaller than n (n ≥ 2): RFC 6962's split point k. */
export function splitPoint(n: number): number {
  let k = 1;
  while (k * 2 < n) k *= 2;
  return k;
}
