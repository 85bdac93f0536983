// What an open-race state update pays, against hand-computed cases of the spec, and value conservation.
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { InvalidParameterError } from "../errors";
import { stateUpdatePayout } from "./rewards";

const TOKEN = 10n ** 18n;

describe("stateUpdatePayout", () => {
  it("pays proving fees to the prover, tips and block rewards to the proposers, and holds the reserve", () => {
    const r = stateUpdatePayout({
      blocks: [
        { proposer: "alice", txCount: 16n, fees: 2n * 10n ** 17n, baseFee: 10n ** 16n },
        { proposer: "bob", txCount: 32n, fees: 32n * 10n ** 16n, baseFee: 10n ** 16n },
      ],
      blockReward: 10n * TOKEN,
      poolReserve: 1_000n * TOKEN,
      prover: "carol",
      turnProver: "dave",
      redundancyShareBps: 2000n,
    });
    // Proving fees 0.16 + 0.32 = 0.48 token; reserve 20% = 0.096; prover 0.384.
    expect(r.provingTotal).toBe(48n * 10n ** 16n);
    expect(r.redundancyReserve).toBe(96n * 10n ** 15n);
    expect(r.proverCredit).toBe(384n * 10n ** 15n);
    expect(r.released).toBe(20n * TOKEN);
    // alice: tip 0.04 + 10; bob: tip 0 + 10.
    expect(r.proposerCredits).toEqual([
      { proposer: "alice", amount: 10n * TOKEN + 4n * 10n ** 16n },
      { proposer: "bob", amount: 10n * TOKEN },
    ]);
  });

  it("holds no reserve without a turn prover or when the turn prover proved", () => {
    const blocks = [{ proposer: "alice", txCount: 10n, fees: 100n, baseFee: 10n }];
    const params = { blocks, blockReward: 0n, poolReserve: 0n, prover: "carol", redundancyShareBps: 2000n };
    expect(stateUpdatePayout(params).redundancyReserve).toBe(0n);
    expect(stateUpdatePayout({ ...params, turnProver: "carol" }).redundancyReserve).toBe(0n);
    expect(stateUpdatePayout({ ...params, turnProver: "dave" }).redundancyReserve).toBe(20n);
  });

  it("caps the release at the pool's reserve and gives the rounding dust to the prover", () => {
    const blocks = ["a", "b", "c"].map((proposer) => ({ proposer, txCount: 1n, fees: 5n, baseFee: 5n }));
    const r = stateUpdatePayout({
      blocks,
      blockReward: 10n,
      poolReserve: 20n,
      prover: "p",
      turnProver: "t",
      redundancyShareBps: 2000n,
    });
    // released 20 → perBlock 6, dust 2; proving 15 → reserve 3, prover 12 + 2.
    expect(r.released).toBe(20n);
    expect(r.proposerCredits.map((c) => c.amount)).toEqual([6n, 6n, 6n]);
    expect(r.redundancyReserve).toBe(3n);
    expect(r.proverCredit).toBe(14n);
  });

  it("conserves value: fees + released = proposers + prover + reserve (property)", () => {
    const block = fc.record({
      proposer: fc.constantFrom("a", "b", "c"),
      txCount: fc.bigInt({ min: 0n, max: 64n }),
      baseFee: fc.bigInt({ min: 0n, max: 10n ** 20n }),
      tip: fc.bigInt({ min: 0n, max: 10n ** 20n }),
    });
    fc.assert(
      fc.property(
        fc.array(block, { minLength: 1, maxLength: 40 }),
        fc.bigInt({ min: 0n, max: 10n ** 20n }),
        fc.bigInt({ min: 0n, max: 10n ** 22n }),
        fc.option(fc.constantFrom("p", "t")),
        fc.bigInt({ min: 0n, max: 10_000n }),
        (raw, blockReward, poolReserve, turnProver, redundancyShareBps) => {
          const blocks = raw.map((b) => ({ ...b, fees: b.txCount * b.baseFee + b.tip }));
          const r = stateUpdatePayout({
            blocks,
            blockReward,
            poolReserve,
            prover: "p",
            turnProver: turnProver ?? undefined,
            redundancyShareBps,
          });
          const fees = blocks.reduce((sum, b) => sum + b.fees, 0n);
          const credited = r.proposerCredits.reduce((sum, c) => sum + c.amount, 0n);
          expect(credited + r.proverCredit + r.redundancyReserve).toBe(fees + r.released);
          expect(r.proposerCredits).toHaveLength(blocks.length);
        },
      ),
    );
  });

  it("rejects bad input", () => {
    const ok = { blockReward: 1n, poolReserve: 1n, prover: "p", redundancyShareBps: 2000n };
    expect(() => stateUpdatePayout({ ...ok, blocks: [] })).toThrow(InvalidParameterError);
    expect(() => stateUpdatePayout({ ...ok, blocks: [{ proposer: "a", txCount: 2n, fees: 1n, baseFee: 1n }] })).toThrow(
      /below its proving fee/,
    );
    expect(() =>
      stateUpdatePayout({
        ...ok,
        redundancyShareBps: 10_001n,
        blocks: [{ proposer: "a", txCount: 1n, fees: 1n, baseFee: 1n }],
      }),
    ).toThrow(InvalidParameterError);
  });
});
