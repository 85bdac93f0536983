import { describe, expect, it } from "vitest";
import fc from "fast-check";
import { StandardMerkleTree } from "@openzeppelin/merkle-tree";
import { AbiCoder, Wallet, getAddress, keccak256 } from "ethers";
import { InvalidParameterError } from "../errors";
import { commutativeKeccak256 } from "../registry/active-set-tree";
import { payoutTree, type PayoutPayee } from "./tree";

// The leaf and proof walk exactly as PayoutDistributor checks them, computed here with ethers alone:
// keccak256(bytes.concat(keccak256(abi.encode(worker, amount)))), then OpenZeppelin's sorted-pair hashing upwards.
const leafOf = (worker: string, amount: bigint) =>
  keccak256(keccak256(AbiCoder.defaultAbiCoder().encode(["address", "uint256"], [worker, amount])));
const rootFrom = (leaf: string, proof: string[]) =>
  proof.reduce((node, sibling) => commutativeKeccak256(node, sibling), leaf);

const WORKERS = Array.from({ length: 8 }, (_, i) => new Wallet(keccak256(Buffer.from(`payout worker ${i}`))).address);
const E18 = 10n ** 18n;

const payeesArb = fc.uniqueArray(
  fc.record({ worker: fc.constantFrom(...WORKERS), amount: fc.bigInt({ min: 1n, max: 10n ** 30n }) }),
  { minLength: 1, maxLength: WORKERS.length, selector: (p) => p.worker },
);

describe("payoutTree", () => {
  it("has the root and proofs of OpenZeppelin's StandardMerkleTree over the same leaves", () => {
    fc.assert(
      fc.property(payeesArb, (payees) => {
        const ours = payoutTree(payees);
        const theirs = StandardMerkleTree.of(
          payees.map((p) => [getAddress(p.worker), p.amount]),
          ["address", "uint256"],
        );
        expect(ours.root).toBe(theirs.root);
        for (const [i, [worker]] of theirs.entries())
          expect(ours.proofOf(worker as string).proof).toEqual(theirs.getProof(i));
      }),
      { numRuns: 200 },
    );
  });

  it("gives every worker a proof that walks its contract leaf up to the root", () => {
    fc.assert(
      fc.property(payeesArb, (payees) => {
        const tree = payoutTree(payees);
        expect(tree.total).toBe(payees.reduce((t, p) => t + p.amount, 0n));
        for (const p of payees) {
          const { amount, proof } = tree.proofOf(p.worker);
          expect(amount).toBe(p.amount);
          expect(rootFrom(leafOf(p.worker, p.amount), proof)).toBe(tree.root);
          // Another amount does not reach the root with the same proof.
          expect(rootFrom(leafOf(p.worker, p.amount + 1n), proof)).not.toBe(tree.root);
        }
      }),
      { numRuns: 60 },
    );
  });

  it("has a root that does not depend on the payees' order", () => {
    const permuted = payeesArb.chain((payees) =>
      fc.tuple(fc.constant(payees), fc.shuffledSubarray(payees, { minLength: payees.length })),
    );
    fc.assert(
      fc.property(permuted, ([payees, shuffled]) => {
        expect(payoutTree(shuffled).root).toBe(payoutTree(payees).root);
      }),
      { numRuns: 40 },
    );
  });

  it("with one payee, the root is its leaf and the proof is empty", () => {
    const tree = payoutTree([{ worker: WORKERS[0], amount: 5n }]);
    expect(tree.root).toBe(leafOf(WORKERS[0], 5n));
    expect(tree.proofOf(WORKERS[0])).toEqual({ amount: 5n, proof: [] });
  });

  it("merges a worker listed twice into one leaf, checksums addresses and keeps first-seen order", () => {
    const [a, b] = WORKERS;
    const tree = payoutTree([
      { worker: a.toLowerCase(), amount: E18 },
      { worker: b, amount: 3n * E18 },
      { worker: a, amount: 2n * E18 },
    ]);
    expect(tree.payees).toEqual([
      { worker: getAddress(a), amount: 3n * E18 },
      { worker: b, amount: 3n * E18 },
    ]);
    expect(tree.root).toBe(payoutTree(tree.payees).root);
    expect(tree.total).toBe(6n * E18);
    expect(tree.proofOf(a.toLowerCase()).amount).toBe(3n * E18);
  });

  it("refuses what the contract would refuse", () => {
    const bad: Array<[string, unknown]> = [
      ["no payees", []],
      ["not an array", undefined],
      ["a zero amount", [{ worker: WORKERS[0], amount: 0n }]],
      ["a negative amount", [{ worker: WORKERS[0], amount: -1n }]],
      ["a malformed address", [{ worker: "0x1234", amount: 1n }]],
      ["a null entry", [null]],
      [
        "a total of 2^128",
        [
          { worker: WORKERS[0], amount: 2n ** 127n },
          { worker: WORKERS[1], amount: 2n ** 127n },
        ],
      ],
    ];
    for (const [what, payees] of bad) {
      expect(() => payoutTree(payees as PayoutPayee[]), what).toThrow(InvalidParameterError);
    }
    expect(payoutTree([{ worker: WORKERS[0], amount: 2n ** 128n - 1n }]).total).toBe(2n ** 128n - 1n);
  });

  it("proofOf refuses a worker that is not a payee", () => {
    const tree = payoutTree([{ worker: WORKERS[0], amount: 1n }]);
    expect(() => tree.proofOf(WORKERS[1])).toThrow(/not a payee/);
    expect(() => tree.proofOf("nope")).toThrow(InvalidParameterError);
  });
});
