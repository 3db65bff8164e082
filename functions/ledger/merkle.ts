/**
 * The pure core of the ledger: the Merkle hash tree of RFC 6962 §2.1 (the
 * same tree as RFC 9162 §2.1 and every Certificate Transparency log), over
 * the entries' bytes. Reference implementation from whole leaf lists — the
 * store (store.ts) computes the same proofs from O(log n) stored nodes, and
 * is tested against this file.
 *
 *   MTH({})      = SHA-256()
 *   MTH({d0})    = SHA-256(0x00 ‖ d0)
 *   MTH(D[n])    = SHA-256(0x01 ‖ MTH(D[0:k]) ‖ MTH(D[k:n])),  k = largest power of two < n
 *
 * Proof generation follows RFC 6962 §2.1.1 (PATH) and §2.1.2 (SUBPROOF);
 * verification follows RFC 9162 §2.1.3.2 and §2.1.4.2. Verifiers return
 * false (never throw) for anything malformed: sizes that are not safe
 * integers, an index outside the tree, hashes that are not 32 bytes, extra
 * or missing proof nodes. A consistency proof from size 0 is the empty
 * proof, and the old root must then be the empty tree's root.
 */
import { bytesEqual, EMPTY_ROOT, HASH_BYTES, hashChildren, hashLeaf, splitPoint } from './hash';

/** SHA-256(0x00 ‖ data). */
export function leafHash(data: Uint8Array): Uint8Array {
  return hashLeaf(data);
}

function mth(leaves: readonly Uint8Array[], lo: number, hi: number): Uint8Array {
  const n = hi - lo;
  if (n === 0) return EMPTY_ROOT;
  if (n === 1) return hashLeaf(leaves[lo]!);
  const k = splitPoint(n);
  return hashChildren(mth(leaves, lo, lo + k), mth(leaves, lo + k, hi));
}

/** The root of the tree whose leaves are these entries' bytes (not their hashes); SHA-256() for none. */
export function rootHash(leaves: Uint8Array[]): Uint8Array {
  return mth(leaves, 0, leaves.length);
}

const isSize = (n: number) => Number.isSafeInteger(n) && n >= 0;

/** The audit path of leaf `index` in the tree of all `leaves` (RFC 6962 PATH), nearest sibling first. */
export function inclusionProof(leaves: Uint8Array[], index: number): Uint8Array[] {
  if (!isSize(index) || index >= leaves.length) throw new RangeError(`leaf index ${index} outside a tree of ${leaves.length} leaves`);
  const path = (m: number, lo: number, hi: number): Uint8Array[] => {
    if (hi - lo === 1) return [];
    const k = splitPoint(hi - lo);
    return m < k ? [...path(m, lo, lo + k), mth(leaves, lo + k, hi)] : [...path(m - k, lo + k, hi), mth(leaves, lo, lo + k)];
  };
  return path(index, 0, leaves.length);
}

/** The proof that the tree of the first `oldSize` leaves is a prefix of the tree of all `leaves` (RFC 6962 PROOF). */
export function consistencyProof(leaves: Uint8Array[], oldSize: number): Uint8Array[] {
  if (!isSize(oldSize) || oldSize > leaves.length) throw new RangeError(`old size ${oldSize} outside 0…${leaves.length}`);
  if (oldSize === 0 || oldSize === leaves.length) return [];
  const subproof = (m: number, lo: number, hi: number, complete: boolean): Uint8Array[] => {
    const n = hi - lo;
    if (m === n) return complete ? [] : [mth(leaves, lo, hi)];
    const k = splitPoint(n);
    return m <= k
      ? [...subproof(m, lo, lo + k, complete), mth(leaves, lo + k, hi)]
      : [...subproof(m - k, lo + k, hi, false), mth(leaves, lo, lo + k)];
  };
  return subproof(oldSize, 0, leaves.length, true);
}

const isHash = (h: unknown): h is Uint8Array => h instanceof Uint8Array && h.length === HASH_BYTES;
const odd = (x: number) => x % 2 === 1;
const half = (x: number) => Math.floor(x / 2);

/** Whether `proof` shows that `leafData` is leaf `index` of the tree of `size` leaves with root `root`. */
export function verifyInclusion(leafData: Uint8Array, index: number, size: number, proof: Uint8Array[], root: Uint8Array): boolean {
  if (!(leafData instanceof Uint8Array) || !isSize(index) || !isSize(size) || index >= size) return false;
  if (!isHash(root) || !Array.isArray(proof) || !proof.every(isHash)) return false;
  let fn = index;
  let sn = size - 1;
  let r = hashLeaf(leafData);
  for (const p of proof) {
    if (sn === 0) return false;
    if (odd(fn) || fn === sn) {
      r = hashChildren(p, r);
      while (!odd(fn) && fn !== 0) {
        fn = half(fn);
        sn = half(sn);
      }
    } else {
      r = hashChildren(r, p);
    }
    fn = half(fn);
    sn = half(sn);
  }
  return sn === 0 && bytesEqual(r, root);
}

/** Whether `proof` shows that the tree of `oldSize` leaves (root `oldRoot`) is a prefix of the tree of `newSize` leaves (root `newRoot`). */
export function verifyConsistency(oldSize: number, newSize: number, oldRoot: Uint8Array, newRoot: Uint8Array, proof: Uint8Array[]): boolean {
  if (!isSize(oldSize) || !isSize(newSize) || oldSize > newSize) return false;
  if (!isHash(oldRoot) || !isHash(newRoot) || !Array.isArray(proof) || !proof.every(isHash)) return false;
  if (oldSize === newSize) return proof.length === 0 && bytesEqual(oldRoot, newRoot);
  if (oldSize === 0) return proof.length === 0 && bytesEqual(oldRoot, EMPTY_ROOT);
  if (proof.length === 0) return false;
  // RFC 9162 §2.1.4.2: when the old tree is a perfect subtree, its root is the proof's implicit first node.
  const path = isPowerOfTwo(oldSize) ? [oldRoot, ...proof] : proof;
  let fn = oldSize - 1;
  let sn = newSize - 1;
  while (odd(fn)) {
    fn = half(fn);
    sn = half(sn);
  }
  let fr = path[0]!;
  let sr = path[0]!;
  for (const c of path.slice(1)) {
    if (sn === 0) return false;
    if (odd(fn) || fn === sn) {
      fr = hashChildren(c, fr);
      sr = hashChildren(c, sr);
      while (!odd(fn) && fn !== 0) {
        fn = half(fn);
        sn = half(sn);
      }
    } else {
      sr = hashChildren(sr, c);
    }
    fn = half(fn);
    sn = half(sn);
  }
  return sn === 0 && bytesEqual(fr, oldRoot) && bytesEqual(sr, newRoot);
}

function isPowerOfTwo(n: number): boolean {
  let k = 1;
  while (k < n) k *= 2;
  return k === n;
}
