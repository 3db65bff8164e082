/**
 * The same RFC 6962 tree as merkle.ts, addressed by stored nodes instead of
 * whole leaf lists — what lets the store append and prove without reading
 * the log.
 *
 * A node (level, index) is the perfect subtree of 2^level leaves starting at
 * leaf index·2^level; level 0 is the leaf hashes. In an append-only log a
 * perfect subtree, once complete, never changes, so the store keeps every
 * completed node and any tree size's hashes are computed from them:
 *
 * - `rangeNodes(lo, hi)`: the perfect subtrees that make up the subtree
 *   [lo, hi) of a tree (its compact range; at most log2 n of them). Its hash is
 *   the right fold of theirs (`foldRange`). A range in RFC 6962's recursion
 *   starts at a multiple of the power of two ≥ its length, so the
 *   decomposition is the binary digits of hi − lo, largest first.
 * - `inclusionRanges`, `consistencyRanges`: the subtrees whose hashes form an
 *   inclusion or consistency proof — the recursion of merkle.ts, returning
 *   ranges instead of hashing leaves. At most one of them (the one touching
 *   the right edge) is not perfect, so a proof reads O(log n) stored nodes.
 * - the frontier: the perfect subtrees covering [0, size), one per 1-bit of
 *   size, largest first (the right border of the tree). Appending a leaf
 *   merges it like a binary counter carry; each merge completes a node that
 *   the store writes. The root is the fold of the frontier.
 */
import { EMPTY_ROOT, hashChildren, splitPoint } from './hash';

export interface TNodeId {
  level: number;
  index: number;
}

export interface TNode extends TNodeId {
  hash: Uint8Array;
}

export type TRange = readonly [lo: number, hi: number];

/** The perfect subtrees making up the aligned range [lo, hi), largest first. */
export function rangeNodes(lo: number, hi: number): TNodeId[] {
  const nodes: TNodeId[] = [];
  let pos = lo;
  let remaining = hi - lo;
  let span = 1;
  let level = 0;
  while (span * 2 <= remaining) {
    span *= 2;
    level++;
  }
  for (; remaining > 0; level--, span /= 2) {
    if (remaining >= span) {
      if (pos % span !== 0) throw new RangeError(`range [${lo}, ${hi}) is not aligned`);
      nodes.push({ level, index: pos / span });
      pos += span;
      remaining -= span;
    }
  }
  return nodes;
}

/** The hash of a range from its nodes' hashes (largest first): the right fold RFC 6962's split produces. */
export function foldRange(hashes: readonly Uint8Array[]): Uint8Array {
  if (hashes.length === 0) return EMPTY_ROOT;
  let r = hashes[hashes.length - 1]!;
  for (let i = hashes.length - 2; i >= 0; i--) r = hashChildren(hashes[i]!, r);
  return r;
}

/** The subtrees whose hashes are the audit path of leaf `index` in the tree of `size` leaves, in proof order. */
export function inclusionRanges(index: number, size: number): TRange[] {
  if (!Number.isSafeInteger(index) || !Number.isSafeInteger(size) || index < 0 || index >= size) throw new RangeError(`leaf ${index} is not in a tree of ${size}`);
  let lo = 0;
  let hi = size;
  const stack: TRange[] = [];
  while (hi - lo > 1) {
    const k = splitPoint(hi - lo);
    if (index < lo + k) {
      stack.push([lo + k, hi]);
      hi = lo + k;
    } else {
      stack.push([lo, lo + k]);
      lo = lo + k;
    }
  }
  // PATH appends each sibling after the deeper path: the deepest sibling comes first
  return stack.reverse();
}

/** The subtrees whose hashes are the consistency proof from `oldSize` to `newSize`, in proof order. */
export function consistencyRanges(oldSize: number, newSize: number): TRange[] {
  if (!Number.isSafeInteger(oldSize) || !Number.isSafeInteger(newSize) || oldSize < 0 || oldSize > newSize) throw new RangeError(`no consistency proof from ${oldSize} to ${newSize}`);
  if (oldSize === 0 || oldSize === newSize) return [];
  const stack: TRange[] = [];
  let m = oldSize;
  let lo = 0;
  let hi = newSize;
  let complete = true;
  for (;;) {
    const n = hi - lo;
    if (m === n) {
      if (!complete) stack.push([lo, hi]);
      break;
    }
    const k = splitPoint(n);
    if (m <= k) {
      stack.push([lo + k, hi]);
      hi = lo + k;
    } else {
      stack.push([lo, lo + k]);
      m -= k;
      lo += k;
      complete = false;
    }
  }
  // SUBPROOF puts the deepest part first: the old tree's own node (when it is not a whole left subtree), then the siblings upwards
  return stack.reverse();
}

/** The levels of the frontier of a tree of `size` leaves, largest first (one per 1-bit of size). */
export function frontierLevels(size: number): number[] {
  const levels: number[] = [];
  for (let level = 0, s = size; s > 0; level++, s = Math.floor(s / 2)) if (s % 2 === 1) levels.unshift(level);
  return levels;
}

/** The frontier's node ids for a tree of `size` leaves, largest first. */
export function frontierNodes(size: number): TNodeId[] {
  return rangeNodes(0, size);
}

/** The root of the tree from its frontier (largest first). */
export function frontierRoot(frontier: readonly Uint8Array[]): Uint8Array {
  return foldRange(frontier);
}

/**
 * Appends leaf hashes to a tree of `size` leaves with this frontier: the new
 * frontier and every node completed on the way (the leaves themselves at
 * level 0, then each merge), in the order they complete.
 */
export function appendLeaves(size: number, frontier: readonly Uint8Array[], leafHashes: readonly Uint8Array[]): { size: number; frontier: Uint8Array[]; completed: TNode[] } {
  const levels = frontierLevels(size);
  if (levels.length !== frontier.length) throw new RangeError(`a frontier of ${frontier.length} nodes does not fit a tree of ${size}`);
  // byLevel[l] = the frontier node at level l, if the size has bit l set
  const byLevel: (Uint8Array | undefined)[] = [];
  levels.forEach((l, i) => (byLevel[l] = frontier[i]));
  const completed: TNode[] = [];
  let n = size;
  for (const leaf of leafHashes) {
    completed.push({ level: 0, index: n, hash: leaf });
    let carry = leaf;
    let level = 0;
    while (byLevel[level]) {
      carry = hashChildren(byLevel[level]!, carry);
      byLevel[level] = undefined;
      level++;
      completed.push({ level, index: Math.floor(n / 2 ** level), hash: carry });
    }
    byLevel[level] = carry;
    n++;
  }
  return { size: n, frontier: frontierLevels(n).map((l) => byLevel[l]!), completed };
}
