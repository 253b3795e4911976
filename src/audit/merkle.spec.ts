import { createHash } from 'node:crypto';
import {
  consistencyPath,
  consistencyProof,
  EMPTY_TREE_ROOT,
  inclusionPath,
  inclusionProof,
  leafHash,
  MerkleAccumulator,
  merkleRoot,
  merkleTreeHash,
  nodeHash,
  verifyConsistency,
  verifyConsistencyPath,
  verifyInclusion,
  verifyInclusionPath,
} from './merkle';

// RFC 6962 reference data from Certificate Transparency's tests (now transparency-dev/merkle): raw leaf
// data, the root of each prefix of sizes 0..8, and proofs over those leaves (indices 0-based here).
const RFC_LEAF_DATA = [
  '',
  '00',
  '10',
  '2021',
  '3031',
  '40414243',
  '5051525354555657',
  '606162636465666768696a6b6c6d6e6f',
].map((data) => Buffer.from(data, 'hex'));

const RFC_ROOTS = [
  'e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855',
  '6e340b9cffb37a989ca544e6bb780a2c78901d3fb33738768511a30617afa01d',
  'fac54203e7cc696cf0dfcb42c92a1d9dbaf70ad9e621f4bd8d98662f00e3c125',
  'aeb6bcfe274b70a14fb067a5e5578264db0fa9b51af5e0ba159158f329e06e77',
  'd37ee418976dd95753c1c73862b9398fa2a2cf9b4ff0fdfe8b30cd95209614b7',
  '4e3bbb1f7b478dcfe71fb631631519a3bca12c9aefca1612bfce4c13a86264d4',
  '76e67dadbcdf1e10e1b74ddc608abd2f98dfb16fbce75277b5232a127f2087ef',
  'ddb89be403809e325750d3d263cd78929c2942b7942a34b77e122c9594a74c8c',
  '5dc9da79a70659a9ad559cb701ded9a2ab9d823aad2f4960cfe370eff4604328',
];

const RFC_INCLUSION_PROOFS = [
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

const RFC_CONSISTENCY_PROOFS = [
  {
    from: 1,
    to: 8,
    proof: [
      '96a296d224f285c67bee93c30f8a309157f0daa35dc5b87e410b78630a09cfc7',
      '5f083f0a1a33ca076a95279832580db3e0ef4584bdff1f54c8a360f50de3031e',
      '6b47aaf29ee3c2af9af889bc1fb9254dabd31177f16232dd6aab035ca39bf6e4',
    ],
  },
  {
    from: 6,
    to: 8,
    proof: [
      '0ebc5d3437fbe2db158b9f126a1d118e308181031d0a949f8dededebc558ef6a',
      'ca854ea128ed050b41b35ffc1b87b8eb2bde461e9e3b5596ece6b9d5975a0ae0',
      'd37ee418976dd95753c1c73862b9398fa2a2cf9b4ff0fdfe8b30cd95209614b7',
    ],
  },
  {
    from: 2,
    to: 5,
    proof: [
      '5f083f0a1a33ca076a95279832580db3e0ef4584bdff1f54c8a360f50de3031e',
      'bc1a0643b12e4d2d7c77918f44e0f4f79a838b6cf9ec5b5c283e1f4d88599e6b',
    ],
  },
  {
    from: 6,
    to: 7,
    proof: [
      '0ebc5d3437fbe2db158b9f126a1d118e308181031d0a949f8dededebc558ef6a',
      'b08693ec2e721597130641e8211e7eedccb4c26413963eee6c1e2ed16ffb1a5f',
      'd37ee418976dd95753c1c73862b9398fa2a2cf9b4ff0fdfe8b30cd95209614b7',
    ],
  },
];

function sha256(...parts: Buffer[]): Buffer {
  const hash = createHash('sha256');
  for (const part of parts) hash.update(part);
  return hash.digest();
}

/** Stand-ins for a log's event hashes: deterministic, so any failure reproduces. */
function eventHashes(count: number): string[] {
  return Array.from({ length: count }, (_, i) => sha256(Buffer.from(`event ${i}`)).toString('hex'));
}

/** Seeded PRNG (mulberry32) for reproducible "random" sizes and indices. */
function seededRandom(seed: number): (below: number) => number {
  let state = seed >>> 0;
  return (below) => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return Math.floor((((t ^ (t >>> 14)) >>> 0) / 4294967296) * below);
  };
}

/** RFC 6962 §2.1 MTH transcribed literally, sharing no code with the module, as the oracle. */
function naiveRoot(leafData: readonly Buffer[]): string {
  const mth = (data: readonly Buffer[]): Buffer => {
    if (data.length === 0) return sha256();
    if (data.length === 1) return sha256(Buffer.from([0x00]), data[0]);
    let k = 1;
    while (k * 2 < data.length) k *= 2;
    return sha256(Buffer.from([0x01]), mth(data.slice(0, k)), mth(data.slice(k)));
  };
  return mth(leafData).toString('hex');
}

function flipBit(hash: string, bit: number): string {
  const bytes = Buffer.from(hash, 'hex');
  bytes[bit >> 3] ^= 1 << (bit & 7);
  return bytes.toString('hex');
}

const LOG = eventHashes(1000);
const LOG_ROOTS = new Map<number, string>();

/** Root of the log's first `size` hashes, memoized: the random rounds ask for the same sizes often. */
function logRoot(size: number): string {
  let root = LOG_ROOTS.get(size);
  if (root === undefined) {
    root = merkleRoot(LOG.slice(0, size));
    LOG_ROOTS.set(size, root);
  }
  return root;
}

const OTHER_HASH = sha256(Buffer.from('not in the log')).toString('hex');

describe('merkleTreeHash', () => {
  it.each(RFC_ROOTS.map((root, size): [number, string] => [size, root]))(
    'gives the published RFC 6962 root for the first %i reference leaves',
    (size, root) => {
      expect(merkleTreeHash(RFC_LEAF_DATA.slice(0, size)).toString('hex')).toBe(root);
    },
  );

  it('hashes a leaf as SHA-256(0x00 ‖ data) and a node as SHA-256(0x01 ‖ left ‖ right)', () => {
    const left = Buffer.alloc(32, 1);
    const right = Buffer.alloc(32, 2);
    expect(leafHash(left)).toEqual(sha256(Buffer.from([0x00]), left));
    expect(nodeHash(left, right)).toEqual(sha256(Buffer.from([0x01]), left, right));
  });
});

describe('merkleRoot', () => {
  it('is SHA-256 of the empty string for an empty log', () => {
    expect(merkleRoot([])).toBe(EMPTY_TREE_ROOT);
    expect(EMPTY_TREE_ROOT).toBe(RFC_ROOTS[0]);
  });

  it('agrees with a literal transcription of RFC 6962 for every size from 1 to 300', () => {
    const bytes = LOG.slice(0, 300).map((hash) => Buffer.from(hash, 'hex'));
    for (let size = 1; size <= 300; size++) {
      expect(merkleRoot(LOG.slice(0, size))).toBe(naiveRoot(bytes.slice(0, size)));
    }
  });

  it('computes the root of 100,000 leaves, as the literal transcription does', () => {
    const leaves = eventHashes(100_000);
    expect(merkleRoot(leaves)).toBe(naiveRoot(leaves.map((hash) => Buffer.from(hash, 'hex'))));
  });

  it('gives the same root for hashes as bytes, lowercase hex or uppercase hex', () => {
    const leaves = LOG.slice(0, 5);
    const root = merkleRoot(leaves);
    expect(merkleRoot(leaves.map((hash) => Buffer.from(hash, 'hex')))).toBe(root);
    expect(merkleRoot(leaves.map((hash) => hash.toUpperCase()))).toBe(root);
  });

  it.each([
    ['63 hex characters', LOG[0].slice(1)],
    ['65 hex characters', `${LOG[0]}0`],
    ['a non-hex character', `${LOG[0].slice(1)}g`],
    ['31 bytes', Buffer.alloc(31)],
  ])('throws a RangeError for a leaf of %s', (_, leaf) => {
    expect(() => merkleRoot([LOG[0], leaf])).toThrow(RangeError);
  });
});

describe('MerkleAccumulator', () => {
  it('reports the published RFC 6962 root after each reference leaf', () => {
    const accumulator = new MerkleAccumulator();
    expect(accumulator.root()).toBe(RFC_ROOTS[0]);
    RFC_LEAF_DATA.forEach((data, i) => {
      accumulator.appendLeafData(data);
      expect(accumulator.size).toBe(i + 1);
      expect(accumulator.root()).toBe(RFC_ROOTS[i + 1]);
    });
  });

  it('reports the same root as merkleRoot after every append up to 300 event hashes', () => {
    const accumulator = new MerkleAccumulator();
    for (let size = 1; size <= 300; size++) {
      accumulator.append(LOG[size - 1]);
      expect(accumulator.root()).toBe(logRoot(size));
    }
  });

  it('throws a RangeError on a malformed event hash and keeps its state', () => {
    const accumulator = new MerkleAccumulator();
    accumulator.append(LOG[0]);
    expect(() => accumulator.append('abc')).toThrow(RangeError);
    expect(accumulator.size).toBe(1);
    expect(accumulator.root()).toBe(logRoot(1));
  });
});

describe('inclusionProof and verifyInclusion', () => {
  it.each(RFC_INCLUSION_PROOFS)(
    'reproduces and verifies the published proof for leaf $index of $size',
    ({ index, size, proof }) => {
      const path = inclusionPath(RFC_LEAF_DATA, index, size);
      expect(path.map((node) => node.toString('hex'))).toEqual(proof);
      const root = Buffer.from(RFC_ROOTS[size], 'hex');
      expect(verifyInclusionPath(RFC_LEAF_DATA[index], index, size, path, root)).toBe(true);
    },
  );

  it('is empty for the only leaf of a one-leaf tree, whose root is its leaf hash', () => {
    expect(inclusionProof(LOG, 0, 1)).toEqual([]);
    expect(verifyInclusion(LOG[0], 0, 1, [], logRoot(1))).toBe(true);
  });

  it('verifies for every leaf of every tree of size 1 to 8', () => {
    for (let size = 1; size <= 8; size++) {
      const root = logRoot(size);
      for (let index = 0; index < size; index++) {
        expect(verifyInclusion(LOG[index], index, size, inclusionProof(LOG, index, size), root)).toBe(true);
      }
    }
  });

  it('verifies for the first, last and random leaves of random trees of up to 1,000 leaves', () => {
    const random = seededRandom(6962);
    for (let round = 0; round < 60; round++) {
      const size = 1 + random(1000);
      const root = logRoot(size);
      for (const index of [0, size - 1, random(size), random(size), random(size)]) {
        expect(verifyInclusion(LOG[index], index, size, inclusionProof(LOG, index, size), root)).toBe(true);
      }
    }
  });

  describe.each([
    [6, 21],
    [5, 16],
  ])('for leaf %i of a %i-leaf tree', (index, size) => {
    const proof = inclusionProof(LOG, index, size);
    const root = logRoot(size);
    const leaf = LOG[index];

    it('accepts the genuine proof', () => {
      expect(verifyInclusion(leaf, index, size, proof, root)).toBe(true);
    });

    it('rejects the index minus one', () => {
      expect(verifyInclusion(leaf, index - 1, size, proof, root)).toBe(false);
    });

    it('rejects the index plus one', () => {
      expect(verifyInclusion(leaf, index + 1, size, proof, root)).toBe(false);
    });

    it('rejects the tree size doubled', () => {
      expect(verifyInclusion(leaf, index, size * 2, proof, root)).toBe(false);
    });

    it('rejects the tree size halved', () => {
      expect(verifyInclusion(leaf, index, Math.floor(size / 2), proof, root)).toBe(false);
    });

    it('rejects another leaf', () => {
      expect(verifyInclusion(LOG[index + 1], index, size, proof, root)).toBe(false);
    });

    it('rejects another root', () => {
      expect(verifyInclusion(leaf, index, size, proof, logRoot(size + 1))).toBe(false);
    });

    it('rejects the proof with an extra node appended', () => {
      expect(verifyInclusion(leaf, index, size, [...proof, OTHER_HASH], root)).toBe(false);
    });

    it('rejects the proof with its last node removed', () => {
      expect(verifyInclusion(leaf, index, size, proof.slice(0, -1), root)).toBe(false);
    });

    it('rejects the proof with one bit flipped in any of its nodes', () => {
      proof.forEach((node, i) => {
        for (const bit of [0, 3, 255]) {
          const corrupted = proof.map((other, j) => (j === i ? flipBit(node, bit) : other));
          expect(verifyInclusion(leaf, index, size, corrupted, root)).toBe(false);
        }
      });
    });
  });

  describe('given malformed input', () => {
    const proof = inclusionProof(LOG, 6, 21);
    const root = logRoot(21);
    const cases: [string, () => boolean][] = [
      ['an index equal to the tree size', () => verifyInclusion(LOG[21], 21, 21, proof, root)],
      ['a negative index', () => verifyInclusion(LOG[6], -1, 21, proof, root)],
      ['a fractional index', () => verifyInclusion(LOG[6], 6.5, 21, proof, root)],
      ['a NaN tree size', () => verifyInclusion(LOG[6], 6, NaN, proof, root)],
      ['an empty tree', () => verifyInclusion(LOG[6], 0, 0, [], EMPTY_TREE_ROOT)],
      ['a leaf of 63 hex characters', () => verifyInclusion(LOG[6].slice(1), 6, 21, proof, root)],
      ['a leaf with a non-hex character', () => verifyInclusion(`${LOG[6].slice(1)}x`, 6, 21, proof, root)],
      ['a root of 31 bytes', () => verifyInclusion(LOG[6], 6, 21, proof, Buffer.alloc(31))],
      ['a proof node of 66 hex characters', () => verifyInclusion(LOG[6], 6, 21, [`${proof[0]}00`], root)],
      [
        'a proof that is not an array',
        () => verifyInclusion(LOG[6], 6, 21, root as unknown as string[], root),
      ],
    ];

    it.each(cases)('returns false, without throwing, for %s', (_, verify) => {
      expect(verify()).toBe(false);
    });
  });

  it.each([
    ['an index equal to the tree size', () => inclusionProof(LOG, 8, 8)],
    ['a negative index', () => inclusionProof(LOG, -1, 8)],
    ['a tree larger than the leaves given', () => inclusionProof(LOG.slice(0, 8), 0, 9)],
    ['a malformed leaf inside the tree', () => inclusionProof(['00', ...LOG], 3, 8)],
  ])('throws a RangeError when asked to prove %s', (_, prove) => {
    expect(prove).toThrow(RangeError);
  });
});

describe('consistencyProof and verifyConsistency', () => {
  it.each(RFC_CONSISTENCY_PROOFS)(
    'reproduces and verifies the published proof from $from to $to leaves',
    ({ from, to, proof }) => {
      const path = consistencyPath(RFC_LEAF_DATA, from, to);
      expect(path.map((node) => node.toString('hex'))).toEqual(proof);
      const [fromRoot, toRoot] = [RFC_ROOTS[from], RFC_ROOTS[to]].map((root) => Buffer.from(root, 'hex'));
      expect(verifyConsistencyPath(from, to, fromRoot, toRoot, path)).toBe(true);
    },
  );

  it('verifies for every pair of sizes 1 ≤ m ≤ n ≤ 8', () => {
    for (let to = 1; to <= 8; to++) {
      for (let from = 1; from <= to; from++) {
        const proof = consistencyProof(LOG, from, to);
        const [fromRoot, toRoot] = [logRoot(from), logRoot(to)];
        expect(verifyConsistency(from, to, fromRoot, toRoot, proof)).toBe(true);
      }
    }
  });

  it('verifies for random pairs of sizes up to 1,000', () => {
    const random = seededRandom(9162);
    for (let round = 0; round < 200; round++) {
      const to = 1 + random(1000);
      const from = 1 + random(to);
      const proof = consistencyProof(LOG, from, to);
      const [fromRoot, toRoot] = [logRoot(from), logRoot(to)];
      expect(verifyConsistency(from, to, fromRoot, toRoot, proof)).toBe(true);
    }
  });

  it('accepts equal sizes only with an empty proof and equal roots', () => {
    const root = logRoot(7);
    expect(consistencyProof(LOG, 7, 7)).toEqual([]);
    expect(verifyConsistency(7, 7, root, root, [])).toBe(true);
    expect(verifyConsistency(7, 7, root, OTHER_HASH, [])).toBe(false);
    expect(verifyConsistency(7, 7, root, root, [OTHER_HASH])).toBe(false);
  });

  it('holds from an empty tree with an empty proof, provided the old root is the empty-tree root', () => {
    const root = logRoot(7);
    expect(consistencyProof(LOG, 0, 7)).toEqual([]);
    expect(verifyConsistency(0, 7, EMPTY_TREE_ROOT, root, [])).toBe(true);
    expect(verifyConsistency(0, 0, EMPTY_TREE_ROOT, EMPTY_TREE_ROOT, [])).toBe(true);
    expect(verifyConsistency(0, 7, EMPTY_TREE_ROOT, root, [OTHER_HASH])).toBe(false);
    expect(verifyConsistency(0, 7, OTHER_HASH, root, [])).toBe(false);
  });

  describe.each([
    [6, 21],
    [8, 21],
    [13, 16],
  ])('for the proof from %i to %i leaves', (from, to) => {
    const proof = consistencyProof(LOG, from, to);
    const fromRoot = logRoot(from);
    const toRoot = logRoot(to);

    it('accepts the genuine proof', () => {
      expect(verifyConsistency(from, to, fromRoot, toRoot, proof)).toBe(true);
    });

    it('rejects a wrong old root', () => {
      expect(verifyConsistency(from, to, logRoot(from - 1), toRoot, proof)).toBe(false);
    });

    it('rejects a wrong new root', () => {
      expect(verifyConsistency(from, to, fromRoot, logRoot(to + 1), proof)).toBe(false);
    });

    it('rejects the sizes swapped', () => {
      expect(verifyConsistency(to, from, toRoot, fromRoot, proof)).toBe(false);
    });

    it('rejects the roots swapped', () => {
      expect(verifyConsistency(from, to, toRoot, fromRoot, proof)).toBe(false);
    });

    it('rejects the old size off by one', () => {
      expect(verifyConsistency(from - 1, to, fromRoot, toRoot, proof)).toBe(false);
      expect(verifyConsistency(from + 1, to, fromRoot, toRoot, proof)).toBe(false);
    });

    it('rejects the proof with an extra node appended', () => {
      expect(verifyConsistency(from, to, fromRoot, toRoot, [...proof, OTHER_HASH])).toBe(false);
    });

    it('rejects the proof with its last node removed', () => {
      expect(verifyConsistency(from, to, fromRoot, toRoot, proof.slice(0, -1))).toBe(false);
    });

    it('rejects an empty proof', () => {
      expect(verifyConsistency(from, to, fromRoot, toRoot, [])).toBe(false);
    });

    it('rejects the proof with one bit flipped in any of its nodes', () => {
      proof.forEach((node, i) => {
        for (const bit of [0, 4, 255]) {
          const corrupted = proof.map((other, j) => (j === i ? flipBit(node, bit) : other));
          expect(verifyConsistency(from, to, fromRoot, toRoot, corrupted)).toBe(false);
        }
      });
    });
  });

  describe('given malformed input', () => {
    const proof = consistencyProof(LOG, 6, 21);
    const fromRoot = logRoot(6);
    const toRoot = logRoot(21);
    const cases: [string, () => boolean][] = [
      ['a negative old size', () => verifyConsistency(-1, 21, fromRoot, toRoot, proof)],
      ['a fractional new size', () => verifyConsistency(6, 21.5, fromRoot, toRoot, proof)],
      ['an old root of 63 hex characters', () => verifyConsistency(6, 21, fromRoot.slice(1), toRoot, proof)],
      ['a new root of 31 bytes', () => verifyConsistency(6, 21, fromRoot, Buffer.alloc(31), proof)],
      ['a proof node that is not hex', () => verifyConsistency(6, 21, fromRoot, toRoot, ['z'.repeat(64)])],
      ['a proof that is not an array', () => verifyConsistency(6, 21, fromRoot, toRoot, {} as string[])],
    ];

    it.each(cases)('returns false, without throwing, for %s', (_, verify) => {
      expect(verify()).toBe(false);
    });
  });

  it.each([
    ['an old size above the new one', () => consistencyProof(LOG, 5, 3)],
    ['a new size beyond the leaves given', () => consistencyProof(LOG.slice(0, 8), 1, 9)],
    ['a negative old size', () => consistencyProof(LOG, -1, 3)],
  ])('throws a RangeError for %s', (_, prove) => {
    expect(prove).toThrow(RangeError);
  });
});
