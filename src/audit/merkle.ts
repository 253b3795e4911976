import { createHash } from 'node:crypto';

/**
 * RFC 6962 / RFC 9162 Merkle tree over the audit log's event hashes. Two layers: functions over
 * arbitrary leaf data as Buffers (so the published test vectors apply as they are), and the event-hash
 * API on top of them, which takes 32-byte hashes as Buffers or 64-character hex and returns hex.
 *
 * Error policy: functions that build roots or proofs from data the caller holds throw a RangeError on
 * misuse (a malformed hash, an index or size out of range); the verifiers never throw and return false
 * for anything malformed, because their inputs usually come from someone else.
 */

/** An event hash: 32 raw bytes, or their 64-character hex form. */
export type HashInput = string | Buffer;

const HASH_BYTES = 32;
const HEX_HASH = /^[0-9a-fA-F]{64}$/;
// Domain separation (RFC 6962 §2.1): a leaf can never be passed off as an interior node.
const LEAF_PREFIX = Buffer.from([0x00]);
const NODE_PREFIX = Buffer.from([0x01]);
const EMPTY_ROOT = createHash('sha256').digest();

/** Root of the tree with no leaves: SHA-256 of the empty string. */
export const EMPTY_TREE_ROOT = EMPTY_ROOT.toString('hex');

/** SHA-256(0x00 ‖ data): the hash of one leaf, whatever its length. */
export function leafHash(data: Buffer): Buffer {
  return createHash('sha256').update(LEAF_PREFIX).update(data).digest();
}

/** SHA-256(0x01 ‖ left ‖ right): the hash of an interior node. */
export function nodeHash(left: Buffer, right: Buffer): Buffer {
  return createHash('sha256').update(NODE_PREFIX).update(left).update(right).digest();
}

/** RFC 6962 MTH over arbitrary leaf data: the layer the event-hash API below is built on. */
export function merkleTreeHash(leafData: readonly Buffer[]): Buffer {
  return subtreeHash(leafData.map(leafHash), 0, leafData.length);
}

/** RFC 6962 §2.1.1 PATH(index, D[0:treeSize]) over arbitrary leaf data, from the leaf's sibling upwards. */
export function inclusionPath(leafData: readonly Buffer[], index: number, treeSize: number): Buffer[] {
  requireSize(treeSize, 'treeSize', leafData.length);
  if (!isSize(index) || index >= treeSize) {
    throw new RangeError(`index must be an integer in [0, ${treeSize}), got ${index}`);
  }
  const hashes = leafData.slice(0, treeSize).map(leafHash);
  const siblings: Buffer[] = [];
  let start = 0;
  let end = treeSize;
  while (end - start > 1) {
    const k = largestPowerOfTwoBelow(end - start);
    if (index < start + k) {
      siblings.push(subtreeHash(hashes, start + k, end));
      end = start + k;
    } else {
      siblings.push(subtreeHash(hashes, start, start + k));
      start += k;
    }
  }
  // Collected from the root down; the path lists them from the leaf up.
  return siblings.reverse();
}

/**
 * RFC 6962 §2.1.2 PROOF(fromSize, D[0:toSize]) over arbitrary leaf data. Empty when fromSize is 0 (an
 * empty tree is a prefix of every tree) or equals toSize (the roots must then simply be equal).
 */
export function consistencyPath(leafData: readonly Buffer[], fromSize: number, toSize: number): Buffer[] {
  requireSize(toSize, 'toSize', leafData.length);
  requireSize(fromSize, 'fromSize', toSize);
  if (fromSize === 0) return [];
  const hashes = leafData.slice(0, toSize).map(leafHash);
  const outer: Buffer[] = [];
  let start = 0;
  let end = toSize;
  let m = fromSize;
  // SUBPROOF's flag b: whether the old tree is still exactly the left part of the subtree examined, in
  // which case the verifier already holds its hash (the old root) and the proof leaves it out.
  let oldRootIsKnown = true;
  while (m !== end - start) {
    const k = largestPowerOfTwoBelow(end - start);
    if (m <= k) {
      outer.push(subtreeHash(hashes, start + k, end));
      end = start + k;
    } else {
      outer.push(subtreeHash(hashes, start, start + k));
      start += k;
      m -= k;
      oldRootIsKnown = false;
    }
  }
  const inner = oldRootIsKnown ? [] : [subtreeHash(hashes, start, end)];
  return inner.concat(outer.reverse());
}

/** RFC 9162 §2.1.3.2 over arbitrary leaf data; false (never a throw) for anything malformed. */
export function verifyInclusionPath(
  leafData: Buffer,
  index: number,
  treeSize: number,
  path: readonly Buffer[],
  root: Buffer,
): boolean {
  const nodes = parseProof(path);
  if (!Buffer.isBuffer(leafData) || !nodes || !isHash(root)) return false;
  if (!isSize(index) || !isSize(treeSize) || index >= treeSize) return false;
  let fn = index;
  let sn = treeSize - 1;
  let r = leafHash(leafData);
  for (const p of nodes) {
    if (sn === 0) return false;
    if (isOdd(fn) || fn === sn) {
      r = nodeHash(p, r);
      while (!isOdd(fn) && fn !== 0) {
        fn = half(fn);
        sn = half(sn);
      }
    } else {
      r = nodeHash(r, p);
    }
    fn = half(fn);
    sn = half(sn);
  }
  return sn === 0 && r.equals(root);
}

/**
 * RFC 9162 §2.1.4.2; false (never a throw) for anything malformed. Outside the RFC's
 * 0 < fromSize < toSize: equal sizes need an empty proof and equal roots; fromSize 0 needs an empty
 * proof and a fromRoot equal to EMPTY_TREE_ROOT, the only root an empty tree can have.
 */
export function verifyConsistencyPath(
  fromSize: number,
  toSize: number,
  fromRoot: Buffer,
  toRoot: Buffer,
  path: readonly Buffer[],
): boolean {
  const proof = parseProof(path);
  if (!proof || !isHash(fromRoot) || !isHash(toRoot)) return false;
  if (!isSize(fromSize) || !isSize(toSize) || fromSize > toSize) return false;
  if (fromSize === 0 && !fromRoot.equals(EMPTY_ROOT)) return false;
  if (fromSize === toSize) return proof.length === 0 && fromRoot.equals(toRoot);
  if (fromSize === 0) return proof.length === 0;
  if (proof.length === 0) return false;
  // A power-of-two old tree is itself a node of the new tree, so the proof omits it.
  const nodes = isPowerOfTwo(fromSize) ? [fromRoot, ...proof] : proof;
  let fn = fromSize - 1;
  let sn = toSize - 1;
  while (isOdd(fn)) {
    fn = half(fn);
    sn = half(sn);
  }
  let fr = nodes[0];
  let sr = nodes[0];
  for (const c of nodes.slice(1)) {
    if (sn === 0) return false;
    if (isOdd(fn) || fn === sn) {
      fr = nodeHash(c, fr);
      sr = nodeHash(c, sr);
      while (!isOdd(fn) && fn !== 0) {
        fn = half(fn);
        sn = half(sn);
      }
    } else {
      sr = nodeHash(sr, c);
    }
    fn = half(fn);
    sn = half(sn);
  }
  return sn === 0 && fr.equals(fromRoot) && sr.equals(toRoot);
}

/** Hex root of the tree whose leaf inputs are the given event hashes. */
export function merkleRoot(leaves: readonly HashInput[]): string {
  return merkleTreeHash(requireHashes(leaves, leaves.length)).toString('hex');
}

/** Hex inclusion proof (RFC 6962 §2.1.1) of leaves[index] in the tree of the first treeSize leaves. */
export function inclusionProof(leaves: readonly HashInput[], index: number, treeSize: number): string[] {
  requireSize(treeSize, 'treeSize', leaves.length);
  return inclusionPath(requireHashes(leaves, treeSize), index, treeSize).map(toHex);
}

/** Whether `proof` places the event hash `leafInput` at `index` of the tree of `treeSize` with `root`. */
export function verifyInclusion(
  leafInput: HashInput,
  index: number,
  treeSize: number,
  proof: readonly HashInput[],
  root: HashInput,
): boolean {
  const leaf = parseHash(leafInput);
  const expected = parseHash(root);
  const path = parseProof(proof);
  return !!leaf && !!expected && !!path && verifyInclusionPath(leaf, index, treeSize, path, expected);
}

/** Hex consistency proof (RFC 6962 §2.1.2) between the trees of the first fromSize and toSize leaves. */
export function consistencyProof(leaves: readonly HashInput[], fromSize: number, toSize: number): string[] {
  requireSize(toSize, 'toSize', leaves.length);
  return consistencyPath(requireHashes(leaves, toSize), fromSize, toSize).map(toHex);
}

/** Whether toRoot (size toSize) extends fromRoot (size fromSize); the rules are verifyConsistencyPath's. */
export function verifyConsistency(
  fromSize: number,
  toSize: number,
  fromRoot: HashInput,
  toRoot: HashInput,
  proof: readonly HashInput[],
): boolean {
  const first = parseHash(fromRoot);
  const second = parseHash(toRoot);
  const path = parseProof(proof);
  return !!first && !!second && !!path && verifyConsistencyPath(fromSize, toSize, first, second, path);
}

/** Root of a growing log in O(log n) memory: appending and reading the root are both O(log n). */
export class MerkleAccumulator {
  // Roots of the perfect subtrees making up the tree, largest first: one per set bit of the size.
  private readonly peaks: Buffer[] = [];
  private count = 0;

  get size(): number {
    return this.count;
  }

  /** Appends an event hash; throws a RangeError if it is malformed. */
  append(leaf: HashInput): void {
    this.appendLeafHash(leafHash(requireHash(leaf, 'leaf')));
  }

  /** Appends arbitrary leaf data, as merkleTreeHash does. */
  appendLeafData(data: Buffer): void {
    this.appendLeafHash(leafHash(data));
  }

  root(): string {
    if (this.peaks.length === 0) return EMPTY_TREE_ROOT;
    let acc = this.peaks[this.peaks.length - 1];
    for (let i = this.peaks.length - 2; i >= 0; i--) acc = nodeHash(this.peaks[i], acc);
    return acc.toString('hex');
  }

  private appendLeafHash(hash: Buffer): void {
    let node = hash;
    // Each trailing set bit of the old size is a perfect subtree that the new leaf completes.
    for (let n = this.count; isOdd(n); n = half(n)) node = nodeHash(this.peaks.pop() as Buffer, node);
    this.peaks.push(node);
    this.count += 1;
  }
}

function subtreeHash(leafHashes: readonly Buffer[], start: number, end: number): Buffer {
  if (start === end) return EMPTY_ROOT;
  let level = leafHashes.slice(start, end);
  while (level.length > 1) {
    const next: Buffer[] = [];
    for (let i = 0; i + 1 < level.length; i += 2) next.push(nodeHash(level[i], level[i + 1]));
    // Carrying an odd last node up unchanged yields exactly RFC 6962's split at the largest power of two.
    if (level.length % 2 === 1) next.push(level[level.length - 1]);
    level = next;
  }
  return level[0];
}

function requireHashes(leaves: readonly HashInput[], count: number): Buffer[] {
  const hashes: Buffer[] = new Array<Buffer>(count);
  for (let i = 0; i < count; i++) hashes[i] = requireHash(leaves[i], `leaves[${i}]`);
  return hashes;
}

function requireHash(input: HashInput, what: string): Buffer {
  const hash = parseHash(input);
  if (!hash) throw new RangeError(`${what} must be a 32-byte hash or 64 hex characters`);
  return hash;
}

function parseHash(input: unknown): Buffer | null {
  // Buffer.from(…, 'hex') silently stops at the first bad character, hence the pattern check first.
  if (typeof input === 'string') return HEX_HASH.test(input) ? Buffer.from(input, 'hex') : null;
  return isHash(input) ? input : null;
}

function parseProof(proof: unknown): Buffer[] | null {
  if (!Array.isArray(proof)) return null;
  const nodes: Buffer[] = [];
  for (const item of proof) {
    const node = parseHash(item);
    if (!node) return null;
    nodes.push(node);
  }
  return nodes;
}

function isHash(input: unknown): input is Buffer {
  return Buffer.isBuffer(input) && input.length === HASH_BYTES;
}

function requireSize(size: number, what: string, max: number): void {
  if (!isSize(size) || size > max)
    throw new RangeError(`${what} must be an integer in [0, ${max}], got ${size}`);
}

function isSize(n: unknown): n is number {
  return typeof n === 'number' && Number.isSafeInteger(n) && n >= 0;
}

// Arithmetic rather than bitwise operators: those truncate to 32 bits and sizes may exceed 2^31.
function isOdd(n: number): boolean {
  return n % 2 === 1;
}

function half(n: number): number {
  return Math.floor(n / 2);
}

function isPowerOfTwo(n: number): boolean {
  let p = 1;
  while (p < n) p *= 2;
  return p === n;
}

/** Largest power of two strictly below n, for n >= 2 (RFC 6962 §2.1's split point k). */
function largestPowerOfTwoBelow(n: number): number {
  let k = 1;
  while (k * 2 < n) k *= 2;
  return k;
}

function toHex(hash: Buffer): string {
  return hash.toString('hex');
}
