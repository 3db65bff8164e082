/**
 * The stored-node tree (tree.ts) gives exactly merkle.ts's roots and proofs,
 * and reads only the nodes transparency-dev/merkle's proof package names
 * (proof/proof_test.go) — O(log n) of them.
 */
import { hashLeaf, toBase64 } from './hash';
import { consistencyProof, inclusionProof, rootHash } from './merkle';
import { appendLeaves, consistencyRanges, foldRange, frontierNodes, frontierRoot, inclusionRanges, rangeNodes, type TNode, type TNodeId, type TRange } from './tree';

const leavesOf = (n: number) => Array.from({ length: n }, (_, i) => new TextEncoder().encode(`entry ${i}`));

/** Builds every completed node by appending the leaves in batches, as the store does. */
function build(leaves: Uint8Array[], batch: number) {
  const nodes = new Map<string, Uint8Array>();
  let size = 0;
  let frontier: Uint8Array[] = [];
  for (let i = 0; i < leaves.length; i += batch) {
    const r = appendLeaves(size, frontier, leaves.slice(i, i + batch).map(hashLeaf));
    for (const n of r.completed) nodes.set(`${n.level}:${n.index}`, n.hash);
    ({ size, frontier } = r);
  }
  const node = (id: TNodeId) => {
    const h = nodes.get(`${id.level}:${id.index}`);
    if (!h) throw new Error(`node ${id.level}:${id.index} missing`);
    return h;
  };
  const rangeHash = ([lo, hi]: TRange) => foldRange(rangeNodes(lo, hi).map(node));
  return { nodes, size, frontier, node, rangeHash };
}

const b64 = (list: Uint8Array[]) => list.map(toBase64);

describe('the stored-node tree', () => {
  it('appends like a binary counter: every completed node, and the frontier of each size', () => {
    const leaves = leavesOf(7);
    const r = appendLeaves(0, [], leaves.map(hashLeaf));
    expect(r.completed.map((n: TNode) => `${n.level}:${n.index}`)).toEqual(['0:0', '0:1', '1:0', '0:2', '0:3', '1:1', '2:0', '0:4', '0:5', '1:2', '0:6']);
    expect(frontierNodes(7)).toEqual([{ level: 2, index: 0 }, { level: 1, index: 2 }, { level: 0, index: 6 }]);
    expect(toBase64(frontierRoot(r.frontier))).toBe(toBase64(rootHash(leaves)));
    expect(() => appendLeaves(3, [], [])).toThrow(RangeError);
  });

  it('gives merkle.ts’s root, inclusion and consistency proofs for every size up to 40 and some larger, whatever the batches', () => {
    const all = leavesOf(260);
    const sizes = [...Array.from({ length: 40 }, (_, i) => i + 1), 63, 64, 65, 129, 260];
    const trees = [1, 7, 64].map((batch) => build(all, batch));
    for (const size of sizes) {
      const leaves = all.slice(0, size);
      const root = toBase64(rootHash(leaves));
      const inclusion = Array.from({ length: size }, (_, index) => b64(inclusionProof(leaves, index)));
      const consistency = Array.from({ length: size + 1 }, (_, old) => b64(consistencyProof(leaves, old)));
      for (const t of trees) {
        expect(toBase64(t.rangeHash([0, size]))).toBe(root);
        expect(inclusion.map((_, index) => b64(inclusionRanges(index, size).map(t.rangeHash)))).toEqual(inclusion);
        expect(consistency.map((_, old) => b64(consistencyRanges(old, size).map(t.rangeHash)))).toEqual(consistency);
      }
    }
  });

  it('reads the nodes transparency-dev/merkle names (perfect parts of each range)', () => {
    const ids = (ranges: TRange[]) => ranges.map(([lo, hi]) => rangeNodes(lo, hi).map((n) => `${n.level}.${n.index}`).join('+'));
    // tree of 7: l = hash(i, j) is not stored, so it is read as its parts i (1.2) and j (0.6)
    expect(ids(inclusionRanges(0, 7))).toEqual(['0.1', '1.1', '1.2+0.6']);
    expect(ids(inclusionRanges(4, 7))).toEqual(['0.5', '0.6', '2.0']);
    expect(ids(inclusionRanges(6, 7))).toEqual(['1.2', '2.0']);
    expect(ids(inclusionRanges(3, 5))).toEqual(['0.2', '1.0', '0.4']);
    expect(ids(inclusionRanges(81, 95))).toEqual(['0.80', '1.41', '2.21', '2.22+1.46+0.94', '4.4', '6.0']);
    expect(ids(consistencyRanges(5, 7))).toEqual(['0.4', '0.5', '0.6', '2.0']);
    expect(ids(consistencyRanges(6, 7))).toEqual(['1.2', '0.6', '2.0']);
    expect(ids(consistencyRanges(7, 8))).toEqual(['0.6', '0.7', '1.2', '2.0']);
    expect(ids(consistencyRanges(3, 7))).toEqual(['0.2', '0.3', '1.0', '1.2+0.6']);
    expect(consistencyRanges(4, 4)).toEqual([]);
    expect(consistencyRanges(0, 9)).toEqual([]);
  });

  it('reads O(log n) nodes for a proof in a tree of a million leaves', () => {
    const count = (ranges: TRange[]) => ranges.reduce((n, [lo, hi]) => n + rangeNodes(lo, hi).length, 0);
    let most = 0;
    for (const [i, n] of [[0, 1_000_000], [999_999, 1_000_000], [524_287, 1_000_000], [123_457, 999_999]] as const) most = Math.max(most, count(inclusionRanges(i, n)));
    for (const [m, n] of [[1, 1_000_000], [999_999, 1_000_000], [524_289, 1_000_000], [333_333, 999_999]] as const) most = Math.max(most, count(consistencyRanges(m, n)));
    expect(most).toBeLessThanOrEqual(2 * 20);
  });

  it('refuses ranges and sizes outside the tree', () => {
    expect(() => rangeNodes(1, 3)).toThrow(RangeError);
    expect(() => inclusionRanges(5, 5)).toThrow(RangeError);
    expect(() => inclusionRanges(-1, 5)).toThrow(RangeError);
    expect(() => consistencyRanges(6, 5)).toThrow(RangeError);
  });
});
