/**
 * merkle.ts against the published RFC 6962 reference vectors — the
 * 8-leaf tree of transparency-dev/merkle (proof/verify_test.go,
 * rfc6962/rfc6962_test.go; the same data as google/certificate-transparency's
 * merkle_tree_test) — with the adversarial variants those tests use, and a
 * property test over random trees up to ~300 leaves.
 */
import fc from 'fast-check';
import { consistencyProof, inclusionProof, leafHash, rootHash, verifyConsistency, verifyInclusion } from './merkle';
import { hashChildren } from './hash';

const hex = (h: string) => new Uint8Array(Buffer.from(h, 'hex'));
const toHex = (b: Uint8Array) => Buffer.from(b).toString('hex');

/** The reference leaves (entry bytes). */
const LEAVES = ['', '00', '10', '2021', '3031', '40414243', '5051525354555657', '606162636465666768696a6b6c6d6e6f'].map(hex);

/** Root of the tree of the first n leaves, n = 1…8. */
const ROOTS = [
  '6e340b9cffb37a989ca544e6bb780a2c78901d3fb33738768511a30617afa01d',
  'fac54203e7cc696cf0dfcb42c92a1d9dbaf70ad9e621f4bd8d98662f00e3c125',
  'aeb6bcfe274b70a14fb067a5e5578264db0fa9b51af5e0ba159158f329e06e77',
  'd37ee418976dd95753c1c73862b9398fa2a2cf9b4ff0fdfe8b30cd95209614b7',
  '4e3bbb1f7b478dcfe71fb631631519a3bca12c9aefca1612bfce4c13a86264d4',
  '76e67dadbcdf1e10e1b74ddc608abd2f98dfb16fbce75277b5232a127f2087ef',
  'ddb89be403809e325750d3d263cd78929c2942b7942a34b77e122c9594a74c8c',
  '5dc9da79a70659a9ad559cb701ded9a2ab9d823aad2f4960cfe370eff4604328',
].map(hex);

const EMPTY = hex('e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855');
const SOME_HASH = hex('abacaba000000000000000000000000000000000000000000060061e00123456');

/** Inclusion proofs: 0-based leaf index, tree size, audit path. */
const INCLUSION: { index: number; size: number; proof: string[] }[] = [
  { index: 0, size: 1, proof: [] },
  {
    index: 0,
    size: 8,
    proof: [
      '96a296d224f285c67bee93c30f8a309157f0daa35dc5b87e410b78630a09cfc7',
      '5f083f0a1a33ca076a95279832580db3e0ef4584bdff1f54c8a360f50de3031e',
      '6b47aaf29ee3c2af9af889bc1fb9254dabd31177f16232dd6aab035ca39bf6e4',
    ],
  },
  {
    index: 5,
    size: 8,
    proof: [
      'bc1a0643b12e4d2d7c77918f44e0f4f79a838b6cf9ec5b5c283e1f4d88599e6b',
      'ca854ea128ed050b41b35ffc1b87b8eb2bde461e9e3b5596ece6b9d5975a0ae0',
      'd37ee418976dd95753c1c73862b9398fa2a2cf9b4ff0fdfe8b30cd95209614b7',
    ],
  },
  { index: 2, size: 3, proof: ['fac54203e7cc696cf0dfcb42c92a1d9dbaf70ad9e621f4bd8d98662f00e3c125'] },
  {
    index: 1,
    size: 5,
    proof: [
      '6e340b9cffb37a989ca544e6bb780a2c78901d3fb33738768511a30617afa01d',
      '5f083f0a1a33ca076a95279832580db3e0ef4584bdff1f54c8a360f50de3031e',
      'bc1a0643b12e4d2d7c77918f44e0f4f79a838b6cf9ec5b5c283e1f4d88599e6b',
    ],
  },
];

/** Consistency proofs: old size, new size, proof. */
const CONSISTENCY: { size1: number; size2: number; proof: string[] }[] = [
  { size1: 1, size2: 1, proof: [] },
  {
    size1: 1,
    size2: 8,
    proof: [
      '96a296d224f285c67bee93c30f8a309157f0daa35dc5b87e410b78630a09cfc7',
      '5f083f0a1a33ca076a95279832580db3e0ef4584bdff1f54c8a360f50de3031e',
      '6b47aaf29ee3c2af9af889bc1fb9254dabd31177f16232dd6aab035ca39bf6e4',
    ],
  },
  {
    size1: 6,
    size2: 8,
    proof: [
      '0ebc5d3437fbe2db158b9f126a1d118e308181031d0a949f8dededebc558ef6a',
      'ca854ea128ed050b41b35ffc1b87b8eb2bde461e9e3b5596ece6b9d5975a0ae0',
      'd37ee418976dd95753c1c73862b9398fa2a2cf9b4ff0fdfe8b30cd95209614b7',
    ],
  },
  {
    size1: 2,
    size2: 5,
    proof: ['5f083f0a1a33ca076a95279832580db3e0ef4584bdff1f54c8a360f50de3031e', 'bc1a0643b12e4d2d7c77918f44e0f4f79a838b6cf9ec5b5c283e1f4d88599e6b'],
  },
  {
    size1: 6,
    size2: 7,
    proof: [
      '0ebc5d3437fbe2db158b9f126a1d118e308181031d0a949f8dededebc558ef6a',
      'b08693ec2e721597130641e8211e7eedccb4c26413963eee6c1e2ed16ffb1a5f',
      'd37ee418976dd95753c1c73862b9398fa2a2cf9b4ff0fdfe8b30cd95209614b7',
    ],
  },
];

const flipBit = (proof: Uint8Array[], i: number, bit: number): Uint8Array[] =>
  proof.map((h, j) => {
    if (j !== i) return h;
    const copy = new Uint8Array(h);
    copy[bit >> 3] = copy[bit >> 3]! ^ (1 << (bit & 7));
    return copy;
  });

describe('RFC 6962 hashes', () => {
  it('hashes leaves and nodes with domain separation', () => {
    expect(toHex(rootHash([]))).toBe(toHex(EMPTY));
    expect(toHex(leafHash(new Uint8Array()))).toBe('6e340b9cffb37a989ca544e6bb780a2c78901d3fb33738768511a30617afa01d');
    expect(toHex(leafHash(new TextEncoder().encode('L123456')))).toBe('395aa064aa4c29f7010acfe3f25db9485bbd4b91897b6ad7ad547639252b4d56');
    const enc = (s: string) => new TextEncoder().encode(s);
    expect(toHex(hashChildren(enc('N123'), enc('N456')))).toBe('aa217fe888e47007fa15edab33c2b492a722cb106c64667fc2b044444de66bbb');
  });

  it('computes the reference root of every prefix of the 8 leaves', () => {
    for (let n = 1; n <= 8; n++) expect([n, toHex(rootHash(LEAVES.slice(0, n)))]).toEqual([n, toHex(ROOTS[n - 1]!)]);
  });
});

describe('inclusion proofs (reference vectors)', () => {
  it.each(INCLUSION)('leaf $index in a tree of $size', ({ index, size, proof }) => {
    const leaves = LEAVES.slice(0, size);
    expect(inclusionProof(leaves, index).map(toHex)).toEqual(proof);
    expect(verifyInclusion(LEAVES[index]!, index, size, proof.map(hex), ROOTS[size - 1]!)).toBe(true);
  });

  it.each(INCLUSION.filter((v) => v.proof.length > 0))('refuses the adversarial variants of leaf $index in $size', ({ index, size, proof: p }) => {
    const proof = p.map(hex);
    const root = ROOTS[size - 1]!;
    const leaf = LEAVES[index]!;
    // (a size one larger is not among them: for some shapes, e.g. leaf 1 of 5 and of 6, the proof is the same)
    const probes: [string, boolean][] = [
      ['index − 1', verifyInclusion(leaf, index - 1, size, proof, root)],
      ['index + 1', verifyInclusion(leaf, index + 1, size, proof, root)],
      ['index ^ 2', verifyInclusion(leaf, index ^ 2, size, proof, root)],
      ['size × 2', verifyInclusion(leaf, index, size * 2, proof, root)],
      ['size / 2', verifyInclusion(leaf, index, Math.floor(size / 2), proof, root)],
      ['wrong leaf', verifyInclusion(new TextEncoder().encode('WrongLeaf'), index, size, proof, root)],
      ['empty root', verifyInclusion(leaf, index, size, proof, EMPTY)],
      ['random root', verifyInclusion(leaf, index, size, proof, SOME_HASH)],
      ['short root', verifyInclusion(leaf, index, size, proof, root.slice(0, 31))],
      ['trailing garbage', verifyInclusion(leaf, index, size, [...proof, new Uint8Array()], root)],
      ['trailing root', verifyInclusion(leaf, index, size, [...proof, root], root)],
      ['preceding garbage', verifyInclusion(leaf, index, size, [new Uint8Array(), ...proof], root)],
      ['preceding root', verifyInclusion(leaf, index, size, [root, ...proof], root)],
      ['removed component', verifyInclusion(leaf, index, size, proof.slice(0, -1), root)],
      ['inserted component', verifyInclusion(leaf, index, size, [proof[0]!, SOME_HASH, ...proof.slice(1)], root)],
      ...(proof.length > 1 ? [['swapped components', verifyInclusion(leaf, index, size, [...proof].reverse(), root)] as [string, boolean]] : []),
      ['no proof', verifyInclusion(leaf, index, size, [], root)],
      ['negative index', verifyInclusion(leaf, -1, size, proof, root)],
      ['fractional index', verifyInclusion(leaf, index + 0.5, size, proof, root)],
      ['index = size', verifyInclusion(leaf, size, size, proof, root)],
    ];
    for (let i = 0; i < proof.length; i++) for (const bit of [0, 3, 100, 255]) probes.push([`proof[${i}] bit ${bit}`, verifyInclusion(leaf, index, size, flipBit(proof, i, bit), root)]);
    expect(probes.filter(([, ok]) => ok).map(([d]) => d)).toEqual([]);
  });

  it('refuses malformed single-leaf and empty trees', () => {
    const h = leafHash(new TextEncoder().encode('data'));
    const data = new TextEncoder().encode('data');
    expect(verifyInclusion(data, 0, 1, [], h)).toBe(true);
    expect(verifyInclusion(data, 0, 1, [], new Uint8Array())).toBe(false);
    for (const [index, size] of [[0, 0], [1, 0], [2, 1], [1, 1]] as const) {
      expect(verifyInclusion(data, index, size, [], EMPTY)).toBe(false);
      expect(verifyInclusion(data, index, size, [], SOME_HASH)).toBe(false);
    }
    expect(() => inclusionProof([], 0)).toThrow(RangeError);
    expect(() => inclusionProof(LEAVES, 8)).toThrow(RangeError);
    expect(() => inclusionProof(LEAVES, -1)).toThrow(RangeError);
  });
});

describe('consistency proofs (reference vectors)', () => {
  it.each(CONSISTENCY)('from $size1 to $size2', ({ size1, size2, proof }) => {
    expect(consistencyProof(LEAVES.slice(0, size2), size1).map(toHex)).toEqual(proof);
    expect(verifyConsistency(size1, size2, ROOTS[size1 - 1]!, ROOTS[size2 - 1]!, proof.map(hex))).toBe(true);
  });

  it.each(CONSISTENCY.filter((v) => v.proof.length > 0))('refuses the adversarial variants of $size1 → $size2', ({ size1, size2, proof: p }) => {
    const proof = p.map(hex);
    const root1 = ROOTS[size1 - 1]!;
    const root2 = ROOTS[size2 - 1]!;
    const wrong = new TextEncoder().encode('WrongRoot');
    const probes: [string, boolean][] = [
      ['size1 − 1', verifyConsistency(size1 - 1, size2, root1, root2, proof)],
      ['size1 + 1', verifyConsistency(size1 + 1, size2, root1, root2, proof)],
      ['size1 ^ 2', verifyConsistency(size1 ^ 2, size2, root1, root2, proof)],
      ['size2 × 2', verifyConsistency(size1, size2 * 2, root1, root2, proof)],
      ['size2 / 2', verifyConsistency(size1, Math.floor(size2 / 2), root1, root2, proof)],
      ['old > new', verifyConsistency(size2, size1, root2, root1, proof)],
      ['wrong root1', verifyConsistency(size1, size2, wrong, root2, proof)],
      ['wrong root2', verifyConsistency(size1, size2, root1, wrong, proof)],
      ['random root1', verifyConsistency(size1, size2, SOME_HASH, root2, proof)],
      ['random root2', verifyConsistency(size1, size2, root1, SOME_HASH, proof)],
      ['swapped roots', verifyConsistency(size1, size2, root2, root1, proof)],
      ['empty proof', verifyConsistency(size1, size2, root1, root2, [])],
      ['trailing garbage', verifyConsistency(size1, size2, root1, root2, [...proof, new Uint8Array()])],
      ['trailing root1', verifyConsistency(size1, size2, root1, root2, [...proof, root1])],
      ['trailing root2', verifyConsistency(size1, size2, root1, root2, [...proof, root2])],
      ['preceding garbage', verifyConsistency(size1, size2, root1, root2, [new Uint8Array(), ...proof])],
      ['preceding root1', verifyConsistency(size1, size2, root1, root2, [root1, ...proof])],
      ['preceding root2', verifyConsistency(size1, size2, root1, root2, [root2, ...proof])],
      ['preceding proof[0]', verifyConsistency(size1, size2, root1, root2, [proof[0]!, ...proof])],
      ['truncated proof', verifyConsistency(size1, size2, root1, root2, proof.slice(0, -1))],
      ['missing first node', verifyConsistency(size1, size2, root1, root2, proof.slice(1))],
      ['inserted node', verifyConsistency(size1, size2, root1, root2, [proof[0]!, SOME_HASH, ...proof.slice(1)])],
    ];
    for (let i = 0; i < proof.length; i++) for (const bit of [0, 4, 131, 255]) probes.push([`proof[${i}] bit ${bit}`, verifyConsistency(size1, size2, root1, root2, flipBit(proof, i, bit))]);
    expect(probes.filter(([, ok]) => ok).map(([d]) => d)).toEqual([]);
  });

  it('handles equal sizes and the empty tree exactly', () => {
    const [r1, r2] = [ROOTS[0]!, ROOTS[1]!];
    // sizes that are always consistent (with the right roots)
    expect(verifyConsistency(0, 0, EMPTY, EMPTY, [])).toBe(true);
    expect(verifyConsistency(0, 5, EMPTY, ROOTS[4]!, [])).toBe(true);
    expect(verifyConsistency(1, 1, r1, r1, [])).toBe(true);
    // the same size needs the same root and no proof
    expect(verifyConsistency(1, 1, r1, r2, [])).toBe(false);
    expect(verifyConsistency(0, 0, EMPTY, r2, [])).toBe(false);
    expect(verifyConsistency(1, 1, r1, r1, [EMPTY])).toBe(false);
    expect(verifyConsistency(0, 1, EMPTY, r1, [EMPTY])).toBe(false);
    // from size 0 the old root is the empty tree's
    expect(verifyConsistency(0, 1, r2, r1, [])).toBe(false);
    // time travel
    expect(verifyConsistency(1, 0, r1, EMPTY, [])).toBe(false);
    expect(verifyConsistency(2, 1, r2, r1, [])).toBe(false);
    expect(verifyConsistency(1, 2, r1, r2, [])).toBe(false);
    expect(verifyConsistency(-1, 2, r1, r2, [])).toBe(false);
    expect(consistencyProof(LEAVES, 0)).toEqual([]);
    expect(consistencyProof(LEAVES, 8)).toEqual([]);
    expect(() => consistencyProof(LEAVES, 9)).toThrow(RangeError);
  });
});

describe('property: random trees up to ~300 leaves', () => {
  const leavesOf = (n: number, seed: number) => Array.from({ length: n }, (_, i) => new TextEncoder().encode(`${seed}:${i}:${'x'.repeat((i * 7) % 13)}`));

  it('every inclusion proof verifies and any single-bit change of a proof, leaf or root fails', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 300 }), fc.integer(), fc.nat(), fc.nat(), (size, seed, r1, r2) => {
        const leaves = leavesOf(size, seed);
        const root = rootHash(leaves);
        for (let index = 0; index < size; index++) {
          const proof = inclusionProof(leaves, index);
          if (!verifyInclusion(leaves[index]!, index, size, proof, root)) return false;
          // one single-bit mutation per proof, chosen by the run; and of the root
          if (proof.length > 0) {
            const i = (r1 + index) % proof.length;
            if (verifyInclusion(leaves[index]!, index, size, flipBit(proof, i, (r2 + index) % 256), root)) return false;
          }
          if (verifyInclusion(leaves[index]!, index, size, proof, flipBit([root], 0, (r2 + index) % 256)[0]!)) return false;
        }
        // exhaustive for one leaf: every bit of every proof node, and every bit of the leaf's data
        const index = r1 % size;
        const proof = inclusionProof(leaves, index);
        for (let i = 0; i < proof.length; i++) for (let bit = 0; bit < 256; bit++) if (verifyInclusion(leaves[index]!, index, size, flipBit(proof, i, bit), root)) return false;
        const data = leaves[index]!;
        for (let bit = 0; bit < data.length * 8; bit++) if (verifyInclusion(flipBit([data], 0, bit)[0]!, index, size, proof, root)) return false;
        return true;
      }),
      { numRuns: 12 },
    );
  });

  it('every consistency proof verifies and any single-bit change of a proof or either root fails', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 300 }), fc.integer(), fc.nat(), fc.nat(), (size, seed, r1, r2) => {
        const leaves = leavesOf(size, seed);
        const roots = Array.from({ length: size + 1 }, (_, n) => rootHash(leaves.slice(0, n)));
        for (let old = 0; old <= size; old++) {
          const proof = consistencyProof(leaves, old);
          if (!verifyConsistency(old, size, roots[old]!, roots[size]!, proof)) return false;
          if (proof.length > 0) {
            const i = (r1 + old) % proof.length;
            if (verifyConsistency(old, size, roots[old]!, roots[size]!, flipBit(proof, i, (r2 + old) % 256))) return false;
            if (verifyConsistency(old, size, flipBit([roots[old]!], 0, (r2 + old) % 256)[0]!, roots[size]!, proof)) return false;
            if (verifyConsistency(old, size, roots[old]!, flipBit([roots[size]!], 0, (r1 + old) % 256)[0]!, proof)) return false;
            if (verifyConsistency(old, size, roots[old]!, roots[size]!, proof.slice(0, -1))) return false;
            if (verifyConsistency(old, size, roots[old]!, roots[size]!, [...proof, proof[0]!])) return false;
          }
        }
        // exhaustive for one old size: every bit of every proof node
        const old = 1 + (r1 % size);
        const proof = consistencyProof(leaves, old);
        for (let i = 0; i < proof.length; i++) for (let bit = 0; bit < 256; bit++) if (verifyConsistency(old, size, roots[old]!, roots[size]!, flipBit(proof, i, bit))) return false;
        return true;
      }),
      { numRuns: 12 },
    );
  });
});
