// A Sidecar epoch's payout (`ProverCoordinator._blockShares` / `_pay`) on hand-computed cases, and conservation.
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { InvalidParameterError } from "../errors";
import { epochPayout, slashedBond } from "./epoch-payout";

const TOKEN = 10n ** 18n;

describe("epochPayout", () => {
  it("splits the pot: prover fee, submitter share, proposers by contribution, dust to the beneficiary", () => {
    const r = epochPayout({
      blocks: [
        { proposer: "alice", fees: 4n * TOKEN },
        { proposer: "bob", fees: 0n },
        { proposer: "alice", fees: 2n * TOKEN },
      ],
      blockReward: 10n * TOKEN,
      poolReserve: 1_000n * TOKEN,
      feeSplitBps: 5000n,
      proverFeeBps: 2000n,
      submitterShareBps: 500n,
      prover: "carol",
      beneficiary: "carol",
    });
    // released 30, shared 2 + 0 + 1 = 3 → rewards 33; prover 6.6, submitter 1.65, pot 24.75.
    expect(r.released).toBe(30n * TOKEN);
    expect(r.rewards).toBe(33n * TOKEN);
    expect(r.proverFee).toBe(66n * 10n ** 17n);
    expect(r.submitterFee).toBe(165n * 10n ** 16n);
    // Contributions 12, 10, 11 of 33: 9, 7.5, 8.25 of the pot; alice keeps 2 + 1 unshared fees.
    expect(r.proposerCredits).toEqual([
      { proposer: "alice", amount: 9n * TOKEN + 825n * 10n ** 16n + 3n * TOKEN },
      { proposer: "bob", amount: 75n * 10n ** 17n },
    ]);
    expect(r.beneficiaryCredit).toBe(r.submitterFee);
  });

  it("rounds each proposer's share down and gives the dust to the beneficiary", () => {
    const r = epochPayout({
      blocks: [
        { proposer: "a", fees: 0n },
        { proposer: "b", fees: 0n },
        { proposer: "c", fees: 0n },
      ],
      blockReward: 10n,
      poolReserve: 10n,
      feeSplitBps: 5000n,
      proverFeeBps: 0n,
      submitterShareBps: 0n,
      prover: "p",
      beneficiary: "s",
    });
    // The pool releases only 10: pot 10 shared 3, 3, 3, dust 1.
    expect(r.released).toBe(10n);
    expect(r.proposerCredits.map((c) => c.amount)).toEqual([3n, 3n, 3n]);
    expect(r.beneficiaryCredit).toBe(1n);
  });

  it("conserves value: released + fees = proposers + prover fee + beneficiary (property)", () => {
    fc.assert(
      fc.property(
        fc.array(
          fc.record({ proposer: fc.constantFrom("a", "b", "c"), fees: fc.bigInt({ min: 0n, max: 10n ** 21n }) }),
          {
            minLength: 1,
            maxLength: 32,
          },
        ),
        fc.bigInt({ min: 0n, max: 10n ** 20n }),
        fc.bigInt({ min: 0n, max: 10n ** 22n }),
        fc.bigInt({ min: 0n, max: 10_000n }),
        fc.bigInt({ min: 0n, max: 5_000n }),
        fc.bigInt({ min: 0n, max: 5_000n }),
        (blocks, blockReward, poolReserve, feeSplitBps, proverFeeBps, submitterShareBps) => {
          const r = epochPayout({
            blocks,
            blockReward,
            poolReserve,
            feeSplitBps,
            proverFeeBps,
            submitterShareBps,
            prover: "p",
            beneficiary: "s",
          });
          const fees = blocks.reduce((sum, b) => sum + b.fees, 0n);
          const proposers = r.proposerCredits.reduce((sum, c) => sum + c.amount, 0n);
          expect(proposers + r.proverFee + r.beneficiaryCredit).toBe(r.released + fees);
        },
      ),
    );
  });

  it("rejects bad input", () => {
    const ok = {
      blocks: [{ proposer: "a", fees: 1n }],
      blockReward: 1n,
      poolReserve: 1n,
      feeSplitBps: 5000n,
      proverFeeBps: 2000n,
      submitterShareBps: 500n,
      prover: "p",
      beneficiary: "p",
    };
    expect(() => epochPayout({ ...ok, blocks: [] })).toThrow(InvalidParameterError);
    expect(() => epochPayout({ ...ok, proverFeeBps: 9_600n })).toThrow(InvalidParameterError);
    expect(() => epochPayout({ ...ok, blockReward: -1n })).toThrow(InvalidParameterError);
  });
});

describe("slashedBond", () => {
  it("gives the rescue share to the rescuer and burns the rest", () => {
    expect(slashedBond({ bond: 100n * TOKEN, rescueShareBps: 5000n })).toEqual({
      rescued: 50n * TOKEN,
      burned: 50n * TOKEN,
    });
    expect(slashedBond({ bond: 3n, rescueShareBps: 5000n })).toEqual({ rescued: 1n, burned: 2n });
    expect(() => slashedBond({ bond: 1n, rescueShareBps: 10_001n })).toThrow(InvalidParameterError);
  });
});
