// The Merkle tree of a CrowdProve payout distribution: one OpenZeppelin StandardMerkleTree leaf of
// ["address","uint256"] per worker, `keccak256(bytes.concat(keccak256(abi.encode(worker, amount))))`, exactly what
// `PayoutDistributor` checks a claim's proof against. Pure: no chain, no I/O.
//
// Built here rather than with `@openzeppelin/merkle-tree`: that library encodes leaves with @metamask/abi-utils, which
// brings ~130 KB of dependencies (superstruct, semver, debug, a third copy of the noble hashes) into every browser
// bundle of the SDK's root entry, a third of its size budget, to hash a two-word leaf that ethers already encodes.
// The tree is OpenZeppelin's layout (sorted leaves, a complete binary tree in an array, commutative pair hashing), and
// tree.test.ts checks its roots and proofs against the library's StandardMerkleTree on random distributions.
import { AbiCoder, keccak256 } from "ethers";
import { InvalidParameterError } from "../errors";
import { commutativeKeccak256 } from "../registry/active-set-tree";
import { checkedAddress, checkedAmount } from "../validate";

/** The leaf encoding of a payout tree (OpenZeppelin StandardMerkleTree). */
export const PAYOUT_LEAF_ENCODING = ["address", "uint256"] as const;

/** What one worker earned in a distribution (a `Payee` of `IPayoutDistributor.sol`). */
export interface PayoutPayee {
  /** The worker's payout address. */
  worker: string;
  /** Token base units, positive. */
  amount: bigint;
}

/** A worker's leaf and its proof, as `claim` takes them. */
export interface PayoutProof {
  /** The worker's amount (its leaf's). */
  amount: bigint;
  /** The leaf's siblings, bottom-up (`bytes32[]`). */
  proof: string[];
}

/** Result of {@link payoutTree}. */
export interface PayoutTree {
  /** The root to publish. */
  root: string;
  /** Σ amounts: what publishing pulls from the operator. */
  total: bigint;
  /** One entry per worker (duplicates merged, addresses checksummed), in order of first appearance. */
  payees: PayoutPayee[];
  /**
   * The leaf and proof of `worker`.
   *
   * @throws {InvalidParameterError} If `worker` is not an address or not in the tree.
   */
  proofOf(worker: string): PayoutProof;
}

/** `total` is stored in 128 bits on-chain; `publish` refuses more. */
const MAX_TOTAL = (1n << 128n) - 1n;

/**
 * Builds a distribution's tree: one leaf per worker. A worker listed more than once gets one leaf with the sum of its
 * amounts (the contract pays each worker once per distribution, so a second leaf could never be claimed). The leaves
 * are sorted (StandardMerkleTree's default), so the root does not depend on the order of `payees`; the tree rebuilt
 * from a `PayoutPublished` event's payees has the published root.
 *
 * @param payees - Who earned what (at least one; positive amounts).
 * @returns The root, the total, the merged payees and a proof lookup.
 * @throws {InvalidParameterError} For no payees, a malformed address, an amount that is not positive, or a total of
 *   2^128 or more.
 * @example
 * const tree = payoutTree([{ worker: alice, amount: 10n ** 18n }, { worker: bob, amount: 2n * 10n ** 18n }]);
 * const { amount, proof } = tree.proofOf(alice);
 */
export function payoutTree(payees: readonly PayoutPayee[]): PayoutTree {
  if (!Array.isArray(payees) || payees.length === 0) {
    throw new InvalidParameterError("payees must be a non-empty array of { worker, amount }");
  }
  const merged = new Map<string, bigint>();
  payees.forEach((payee, i) => {
    if (payee === null || typeof payee !== "object") throw new InvalidParameterError(`payees[${i}] must be an object`);
    const worker = checkedAddress(payee.worker, `payees[${i}].worker`);
    const amount = checkedAmount(payee.amount, `payees[${i}].amount`);
    if (amount === 0n) throw new InvalidParameterError(`payees[${i}].amount must be positive`);
    merged.set(worker, (merged.get(worker) ?? 0n) + amount);
  });
  const entries = [...merged].map(([worker, amount]) => ({ worker, amount }));
  const total = entries.reduce((sum, p) => sum + p.amount, 0n);
  if (total > MAX_TOTAL) throw new InvalidParameterError(`the payees' total must fit 128 bits, got ${total}`);
  const tree = standardTree(entries.map((p) => payoutLeaf(p.worker, p.amount)));
  const indexOf = new Map<string, number>(entries.map((p, i) => [p.worker, tree.leafIndex[i]!]));
  return {
    root: tree.nodes[0]!,
    total,
    payees: entries,
    proofOf(worker: string): PayoutProof {
      const address = checkedAddress(worker, "worker");
      const index = indexOf.get(address);
      if (index === undefined) throw new InvalidParameterError(`${address} is not a payee of this distribution`);
      return { amount: merged.get(address)!, proof: proofAt(tree.nodes, index) };
    },
  };
}

const abi = AbiCoder.defaultAbiCoder();

/** A payout leaf: `keccak256(bytes.concat(keccak256(abi.encode(worker, amount))))`, StandardMerkleTree's leaf hash. */
function payoutLeaf(worker: string, amount: bigint): string {
  return keccak256(keccak256(abi.encode([...PAYOUT_LEAF_ENCODING], [worker, amount])));
}

/**
 * OpenZeppelin's tree over `leaves`: sorted ascending, stored as a complete binary tree in an array (root at 0, the
 * children of `i` at `2i + 1` and `2i + 2`, leaf `k` of the sorted order at `length - 1 - k`), each inner node the
 * commutative keccak of its children. `leafIndex[i]` is where `leaves[i]` ended up.
 */
function standardTree(leaves: readonly string[]): { nodes: string[]; leafIndex: number[] } {
  const order = leaves.map((_, i) => i).sort((a, b) => compareHashes(leaves[a]!, leaves[b]!));
  const nodes = new Array<string>(2 * leaves.length - 1);
  const leafIndex = new Array<number>(leaves.length);
  order.forEach((leaf, k) => {
    nodes[nodes.length - 1 - k] = leaves[leaf]!;
    leafIndex[leaf] = nodes.length - 1 - k;
  });
  for (let i = nodes.length - 1 - leaves.length; i >= 0; i--) {
    nodes[i] = commutativeKeccak256(nodes[2 * i + 1]!, nodes[2 * i + 2]!);
  }
  return { nodes, leafIndex };
}

/** The siblings from the node at `index` up to the root. */
function proofAt(nodes: readonly string[], index: number): string[] {
  const proof: string[] = [];
  for (let i = index; i > 0; i = Math.floor((i - 1) / 2)) proof.push(nodes[i % 2 === 1 ? i + 1 : i - 1]!);
  return proof;
}

/** Ascending order of 32-byte hashes as big-endian numbers (OpenZeppelin compares the bytes). */
function compareHashes(a: string, b: string): number {
  const x = BigInt(a);
  const y = BigInt(b);
  return x < y ? -1 : x > y ? 1 : 0;
}
