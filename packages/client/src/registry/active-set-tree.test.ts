import { describe, expect, it } from "vitest";
import fc from "fast-check";
import { keccak_256 } from "@noble/hashes/sha3.js";
import { AbiCoder, hexlify, ZeroHash } from "ethers";
import { InvalidParameterError } from "../errors";
import {
  ACTIVE_SET_TREE_DEPTH,
  ActiveSetTree,
  activeSetLeaf,
  commutativeKeccak256,
  EMPTY_ACTIVE_SET_ROOT,
  verifyActiveSetProof,
  zeroSubtreeHashes,
} from "./active-set-tree";

// An independent reference: noble's keccak over raw bytes, words ordered with Buffer.compare, and every level of
// the tree materialised. Shares no code with the implementation under test.
const H = (a: Uint8Array, b: Uint8Array): Uint8Array =>
  keccak_256(Buffer.compare(Buffer.from(a), Buffer.from(b)) <= 0 ? Buffer.concat([a, b]) : Buffer.concat([b, a]));
const bytes = (hex: string) => Uint8Array.from(Buffer.from(hex.slice(2), "hex"));

function naiveRoot(depth: number, leaves: Map<number, string>): string {
  let level: Uint8Array[] = Array.from({ length: 2 ** depth }, (_, i) => bytes(leaves.get(i) ?? ZeroHash));
  while (level.length > 1) {
    const next: Uint8Array[] = [];
    for (let i = 0; i < level.length; i += 2) next.push(H(level[i], level[i + 1]));
    level = next;
  }
  return hexlify(level[0]);
}

/** Root of a depth-`depth` tree whose non-zero leaves all lie in the first 2^k positions. */
function naiveRootOfPrefix(depth: number, k: number, leaves: Map<number, string>): string {
  let node: Uint8Array = bytes(naiveRoot(k, leaves));
  let zero: Uint8Array = new Uint8Array(32);
  for (let l = 0; l < k; l++) zero = H(zero, zero);
  for (let l = k; l < depth; l++) {
    node = H(node, zero);
    zero = H(zero, zero);
  }
  return hexlify(node);
}

const hash32 = fc.uint8Array({ minLength: 32, maxLength: 32 }).map((b) => hexlify(b));

describe("zero subtrees", () => {
  it("z0 is zero and each level hashes the one below with itself", () => {
    const z = zeroSubtreeHashes();
    expect(z).toHaveLength(ACTIVE_SET_TREE_DEPTH + 1);
    expect(z[0]).toBe(ZeroHash);
    let expected: Uint8Array = new Uint8Array(32);
    for (let l = 1; l <= ACTIVE_SET_TREE_DEPTH; l++) {
      expected = H(expected, expected);
      expect(z[l]).toBe(hexlify(expected));
    }
    expect(EMPTY_ACTIVE_SET_ROOT).toBe(z[ACTIVE_SET_TREE_DEPTH]);
    expect(new ActiveSetTree().root).toBe(EMPTY_ACTIVE_SET_ROOT);
  });
});

describe("commutativeKeccak256", () => {
  it("is OpenZeppelin's Hashes.commutativeKeccak256", () => {
    fc.assert(
      fc.property(hash32, hash32, (a, b) => {
        expect(commutativeKeccak256(a, b)).toBe(hexlify(H(bytes(a), bytes(b))));
        expect(commutativeKeccak256(a, b)).toBe(commutativeKeccak256(b, a));
      }),
    );
  });
});

describe("activeSetLeaf", () => {
  it("is the double keccak of abi.encode(pid, stake, activationEpoch, vrfKey, roles)", () => {
    const inputs = {
      pid: `0x${"11".repeat(32)}`,
      stake: 1000n * 10n ** 18n,
      activationEpoch: 7n,
      vrfKey: `0x02${"ab".repeat(32)}`,
      roles: 3,
    };
    const encoded = AbiCoder.defaultAbiCoder().encode(
      ["bytes32", "uint256", "uint64", "bytes", "uint8"],
      [inputs.pid, inputs.stake, inputs.activationEpoch, inputs.vrfKey, inputs.roles],
    );
    expect(activeSetLeaf(inputs)).toBe(hexlify(keccak_256(keccak_256(bytes(encoded)))));
    // Every input is bound.
    for (const change of [{ stake: 1n }, { activationEpoch: 8n }, { roles: 1 }, { vrfKey: `0x03${"ab".repeat(32)}` }]) {
      expect(activeSetLeaf({ ...inputs, ...change })).not.toBe(activeSetLeaf(inputs));
    }
  });

  it("refuses values that do not fit their Solidity types", () => {
    const inputs = { pid: ZeroHash, stake: 1n, activationEpoch: 2n ** 64n, vrfKey: "0x02", roles: 1 };
    expect(() => activeSetLeaf(inputs)).toThrow(InvalidParameterError);
    expect(() => activeSetLeaf({ ...inputs, activationEpoch: 1n, roles: 256 })).toThrow(InvalidParameterError);
  });
});

describe("ActiveSetTree", () => {
  it("matches a naive full-tree recomputation after any sequence of updates (depth 1–7)", () => {
    fc.assert(
      fc.property(
        fc
          .integer({ min: 1, max: 7 })
          .chain((depth) =>
            fc.tuple(
              fc.constant(depth),
              fc.array(fc.tuple(fc.nat(2 ** depth - 1), fc.oneof(hash32, fc.constant(ZeroHash))), { maxLength: 40 }),
            ),
          ),
        ([depth, updates]) => {
          const tree = new ActiveSetTree(depth);
          const leaves = new Map<number, string>();
          for (const [index, leaf] of updates) {
            const root = tree.update(index, leaf);
            if (leaf === ZeroHash) leaves.delete(index);
            else leaves.set(index, leaf);
            expect(root).toBe(tree.root);
          }
          expect(tree.root).toBe(naiveRoot(depth, leaves));
          expect(tree.size).toBe(leaves.size);
          expect(tree.leaves()).toEqual(leaves);
        },
      ),
      { numRuns: 200 },
    );
  });

  it("has the root of a naive recomputation at the registry's depth 20", () => {
    fc.assert(
      fc.property(fc.array(fc.tuple(fc.nat(63), hash32), { maxLength: 20 }), (updates) => {
        const tree = new ActiveSetTree();
        const leaves = new Map<number, string>();
        for (const [index, leaf] of updates) {
          tree.update(index, leaf);
          leaves.set(index, leaf);
        }
        expect(tree.root).toBe(naiveRootOfPrefix(20, 6, leaves));
      }),
      { numRuns: 30 },
    );
  });

  it("gives proofs that verify for every leaf, set or not, and only for that leaf and root", () => {
    fc.assert(
      fc.property(
        fc.uniqueArray(fc.tuple(fc.nat(2 ** 20 - 1), hash32), { selector: ([i]) => i, minLength: 1, maxLength: 12 }),
        fc.nat(2 ** 20 - 1),
        hash32,
        (updates, probe, other) => {
          const tree = new ActiveSetTree();
          for (const [index, leaf] of updates) tree.update(index, leaf);
          const root = tree.root;
          for (const index of [...updates.map(([i]) => i), probe]) {
            const proof = tree.proof(index);
            const leaf = tree.leaf(index);
            expect(proof).toHaveLength(20);
            expect(verifyActiveSetProof({ leaf, proof, root })).toBe(true);
            if (other !== leaf) expect(verifyActiveSetProof({ leaf: other, proof, root })).toBe(false);
            if (other !== root) expect(verifyActiveSetProof({ leaf, proof, root: other })).toBe(false);
          }
        },
      ),
      { numRuns: 50 },
    );
  });

  it("returns to the empty root when every leaf is cleared, and clones independently", () => {
    const tree = new ActiveSetTree();
    tree.update(5, `0x${"01".repeat(32)}`);
    tree.update(1_048_575, `0x${"02".repeat(32)}`);
    const copy = tree.clone();
    tree.update(5, ZeroHash);
    tree.update(1_048_575, ZeroHash);
    expect(tree.root).toBe(EMPTY_ACTIVE_SET_ROOT);
    expect(tree.size).toBe(0);
    expect(copy.size).toBe(2);
    expect(copy.root).not.toBe(EMPTY_ACTIVE_SET_ROOT);
    expect(copy.leaf(5)).toBe(`0x${"01".repeat(32)}`);
  });

  it("refuses indices outside the tree, leaves that are not 32 bytes and bad depths", () => {
    const tree = new ActiveSetTree();
    expect(() => tree.update(2 ** 20, ZeroHash)).toThrow(/leaf index must be an integer from 0 to 1048575/);
    expect(() => tree.update(-1, ZeroHash)).toThrow(InvalidParameterError);
    expect(() => tree.proof(1.5)).toThrow(InvalidParameterError);
    expect(() => tree.update(0, "0x1234")).toThrow(/leaf must be 32 bytes, got 2/);
    expect(() => new ActiveSetTree(0)).toThrow(InvalidParameterError);
    expect(() => verifyActiveSetProof({ leaf: ZeroHash, proof: ["0x00"], root: ZeroHash })).toThrow(/proof\[0\]/);
  });
});
