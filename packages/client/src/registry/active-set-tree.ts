// The active-set tree of `NodeRegistry`, off-chain: the same leaves, the same commutative hashing and the same
// zero subtrees as the contract, so that the root computed here equals `activeSetRootAt(epoch)` bit for bit.
// Pure: hashing and ABI encoding from ethers, no provider.
import { AbiCoder, concat, getBytes, hexlify, keccak256, ZeroHash, type BigNumberish, type BytesLike } from "ethers";
import { InvalidParameterError } from "../errors";

/** Depth of the registry's active-set tree: 2²⁰ leaves, one per pid. */
export const ACTIVE_SET_TREE_DEPTH = 20;

/** A node's lottery inputs as they enter its active-set leaf. */
export interface ActiveSetLeafInputs {
  /** The node's persistent identity (bytes32). */
  pid: BytesLike;
  /** Self-stake plus delegated stake counted by the lottery. */
  stake: BigNumberish;
  /** First epoch of the node's current Active run. */
  activationEpoch: BigNumberish;
  /** Compressed (33-byte) secp256k1 VRF key. */
  vrfKey: BytesLike;
  /** 1 sequencer, 2 prover, 3 both. */
  roles: BigNumberish;
}

const coder = AbiCoder.defaultAbiCoder();

/**
 * The leaf of an Active node:
 * `keccak256(bytes.concat(keccak256(abi.encode(bytes32 pid, uint256 stake, uint64 activationEpoch, bytes vrfKey,
 * uint8 roles))))`, the double hash OpenZeppelin's `MerkleProof` expects. Inactive nodes have the zero leaf.
 *
 * @param inputs - pid, stake, activation epoch, VRF key and roles.
 * @returns The leaf, 32 bytes as `0x` hex.
 * @throws {InvalidParameterError} If a value does not fit its Solidity type.
 * @example
 * const leaf = activeSetLeaf({ pid, stake: 1000n * 10n ** 18n, activationEpoch: 3n, vrfKey, roles: 3 });
 */
export function activeSetLeaf(inputs: ActiveSetLeafInputs): string {
  let encoded: string;
  try {
    encoded = coder.encode(
      ["bytes32", "uint256", "uint64", "bytes", "uint8"],
      [inputs.pid, inputs.stake, inputs.activationEpoch, inputs.vrfKey, inputs.roles],
    );
  } catch (cause) {
    throw new InvalidParameterError("activeSetLeaf: inputs do not fit (bytes32, uint256, uint64, bytes, uint8)", {
      cause,
    });
  }
  return keccak256(keccak256(encoded));
}

/**
 * OpenZeppelin `Hashes.commutativeKeccak256`: keccak256 of the two 32-byte words in ascending order.
 *
 * @param a - 32 bytes.
 * @param b - 32 bytes.
 * @returns The parent hash as `0x` hex.
 */
export function commutativeKeccak256(a: string, b: string): string {
  return BigInt(a) < BigInt(b) ? keccak256(concat([a, b])) : keccak256(concat([b, a]));
}

/**
 * Roots of empty subtrees: `z[0]` is the zero leaf and `z[l + 1] = commutativeKeccak256(z[l], z[l])`;
 * `z[depth]` is the root of an empty tree.
 *
 * @param depth - Tree depth (default {@link ACTIVE_SET_TREE_DEPTH}).
 * @returns `depth + 1` hashes.
 */
export function zeroSubtreeHashes(depth: number = ACTIVE_SET_TREE_DEPTH): readonly string[] {
  const zeros = [ZeroHash];
  for (let level = 0; level < depth; level++) zeros.push(commutativeKeccak256(zeros[level], zeros[level]));
  return zeros;
}

const DEFAULT_ZEROS = zeroSubtreeHashes();

/** Root of the empty active-set tree (depth 20): what `activeSetRootAt` returns before any node is active. */
export const EMPTY_ACTIVE_SET_ROOT: string = DEFAULT_ZEROS[ACTIVE_SET_TREE_DEPTH];

function normaliseHash(value: BytesLike, what: string): string {
  let bytes: Uint8Array;
  try {
    bytes = getBytes(value);
  } catch (cause) {
    throw new InvalidParameterError(`${what} must be 32 bytes`, { cause });
  }
  if (bytes.length !== 32) throw new InvalidParameterError(`${what} must be 32 bytes, got ${bytes.length}`);
  return hexlify(bytes);
}

/**
 * A sparse fixed-depth Merkle tree hashed exactly like the registry's active-set tree: leaves default to zero, parents
 * are {@link commutativeKeccak256}, and only non-empty subtrees are stored, so memory grows with the number of
 * non-zero leaves, not with 2^depth. Every update rewrites one path (`depth` hashes).
 *
 * @example
 * const tree = new ActiveSetTree();
 * tree.update(0, activeSetLeaf(inputs));
 * const proof = tree.proof(0);
 * verifyActiveSetProof({ leaf: tree.leaf(0), proof, root: tree.root }); // true
 */
export class ActiveSetTree {
  /** Number of levels above the leaves. */
  readonly depth: number;
  readonly #zeros: readonly string[];
  /** `#levels[l]` maps an index at level l (0 = leaves) to its hash, for non-empty subtrees only. */
  readonly #levels: Map<number, string>[];

  /**
   * @param depth - Tree depth, 1–32 (default {@link ACTIVE_SET_TREE_DEPTH}, the registry's).
   * @throws {InvalidParameterError} For a depth outside 1–32.
   */
  constructor(depth: number = ACTIVE_SET_TREE_DEPTH) {
    if (!Number.isInteger(depth) || depth < 1 || depth > 32) {
      throw new InvalidParameterError(`ActiveSetTree: depth must be an integer from 1 to 32, got ${depth}`);
    }
    this.depth = depth;
    this.#zeros = depth === ACTIVE_SET_TREE_DEPTH ? DEFAULT_ZEROS : zeroSubtreeHashes(depth);
    this.#levels = Array.from({ length: depth + 1 }, () => new Map<number, string>());
  }

  /** Number of leaves the tree holds (2^depth). */
  get capacity(): number {
    return 2 ** this.depth;
  }

  /** The root: `zeroSubtreeHashes(depth)[depth]` when every leaf is zero. */
  get root(): string {
    return this.#node(this.depth, 0);
  }

  /** Number of non-zero leaves. */
  get size(): number {
    return this.#levels[0].size;
  }

  #node(level: number, index: number): string {
    return this.#levels[level].get(index) ?? this.#zeros[level];
  }

  #checkIndex(index: number): void {
    if (!Number.isInteger(index) || index < 0 || index >= this.capacity) {
      throw new InvalidParameterError(`leaf index must be an integer from 0 to ${this.capacity - 1}, got ${index}`);
    }
  }

  /**
   * The leaf at `index`.
   *
   * @param index - Leaf position.
   * @returns The leaf (`0x00…00` if unset).
   * @throws {InvalidParameterError} For an index outside the tree.
   */
  leaf(index: number): string {
    this.#checkIndex(index);
    return this.#node(0, index);
  }

  /**
   * Sets the leaf at `index` (zero removes it) and rehashes its path.
   *
   * @param index - Leaf position.
   * @param leaf - 32-byte leaf.
   * @returns The new root.
   * @throws {InvalidParameterError} For an index outside the tree or a leaf that is not 32 bytes.
   */
  update(index: number, leaf: BytesLike): string {
    this.#checkIndex(index);
    let hash = normaliseHash(leaf, "leaf");
    let position = index;
    for (let level = 0; ; level++) {
      if (hash === this.#zeros[level]) this.#levels[level].delete(position);
      else this.#levels[level].set(position, hash);
      if (level === this.depth) return hash;
      const sibling = this.#node(level, position ^ 1);
      hash = commutativeKeccak256(hash, sibling);
      position >>>= 1;
    }
  }

  /**
   * The Merkle proof of the leaf at `index`: its `depth` siblings from the bottom up, as OpenZeppelin
   * `MerkleProof.verify(proof, root, leaf)` takes them.
   *
   * @param index - Leaf position.
   * @returns The siblings, bottom-up.
   * @throws {InvalidParameterError} For an index outside the tree.
   */
  proof(index: number): string[] {
    this.#checkIndex(index);
    const siblings: string[] = [];
    let position = index;
    for (let level = 0; level < this.depth; level++) {
      siblings.push(this.#node(level, position ^ 1));
      position >>>= 1;
    }
    return siblings;
  }

  /**
   * The non-zero leaves by index.
   *
   * @returns A new map; changing it does not change the tree.
   */
  leaves(): Map<number, string> {
    return new Map(this.#levels[0]);
  }

  /**
   * An independent copy.
   *
   * @returns A tree with the same leaves.
   */
  clone(): ActiveSetTree {
    const copy = new ActiveSetTree(this.depth);
    this.#levels.forEach((level, l) => level.forEach((hash, index) => copy.#levels[l].set(index, hash)));
    return copy;
  }
}

/** Parameters of {@link verifyActiveSetProof}. */
export interface VerifyActiveSetProofParameters {
  /** The leaf, e.g. from {@link activeSetLeaf}. */
  leaf: BytesLike;
  /** Siblings bottom-up. */
  proof: readonly BytesLike[];
  /** The root to check against, e.g. `activeSetRootAt(epoch)`. */
  root: BytesLike;
}

/**
 * OpenZeppelin `MerkleProof.verify` off-chain: folds the proof into the leaf with {@link commutativeKeccak256} and
 * compares with the root.
 *
 * @param params - Leaf, proof and root.
 * @returns Whether the proof connects the leaf to the root.
 * @throws {InvalidParameterError} If a hash is not 32 bytes.
 * @example
 * verifyActiveSetProof({ leaf, proof, root: await registry.activeSetRootAt(epoch) });
 */
export function verifyActiveSetProof(params: VerifyActiveSetProofParameters): boolean {
  let hash = normaliseHash(params.leaf, "leaf");
  for (const [i, sibling] of params.proof.entries()) {
    hash = commutativeKeccak256(hash, normaliseHash(sibling, `proof[${i}]`));
  }
  return hash === normaliseHash(params.root, "root");
}
