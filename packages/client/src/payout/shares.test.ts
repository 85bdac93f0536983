import { describe, expect, it } from "vitest";
import fc from "fast-check";
import { Wallet, keccak256 } from "ethers";
import { InvalidParameterError } from "../errors";
import { shareEpochPayout, type AcceptedChunk } from "./shares";

const WORKERS = Array.from({ length: 5 }, (_, i) => new Wallet(keccak256(Buffer.from(`share worker ${i}`))).address);
const chunksOf = (workers: number[]): AcceptedChunk[] =>
  workers.map((w, i) => ({ chunkId: BigInt(i), worker: WORKERS[w] }));

describe("shareEpochPayout", () => {
  it("pays each worker an equal part per accepted chunk of what is left after the operator's cut", () => {
    const result = shareEpochPayout({ earned: 1_000n, operatorCutBps: 1_000, chunks: chunksOf([0, 1, 0]) });
    expect(result).toEqual({
      perChunk: 300n,
      payees: [
        { worker: WORKERS[0], amount: 600n },
        { worker: WORKERS[1], amount: 300n },
      ],
      total: 900n,
      operatorKeeps: 100n,
    });
  });

  it("rounds down; the remainder stays with the operator", () => {
    const result = shareEpochPayout({ earned: 1_001n, operatorCutBps: 0, chunks: chunksOf([0, 1, 2]) });
    expect(result.perChunk).toBe(333n);
    expect(result.total).toBe(999n);
    expect(result.operatorKeeps).toBe(2n);
  });

  it("pays nobody when a chunk would earn nothing (the contract refuses zero amounts)", () => {
    expect(shareEpochPayout({ earned: 5n, operatorCutBps: 0, chunks: chunksOf([0, 1, 2, 3, 4, 0]) })).toEqual({
      perChunk: 0n,
      payees: [],
      total: 0n,
      operatorKeeps: 5n,
    });
    expect(shareEpochPayout({ earned: 10n ** 18n, operatorCutBps: 10_000, chunks: chunksOf([0]) }).operatorKeeps).toBe(
      10n ** 18n,
    );
  });

  it("always splits exactly what was earned, never negative, per chunk", () => {
    fc.assert(
      fc.property(
        fc.bigInt({ min: 0n, max: 2n ** 200n }),
        fc.integer({ min: 0, max: 10_000 }),
        fc.array(fc.integer({ min: 0, max: WORKERS.length - 1 }), { minLength: 1, maxLength: 40 }),
        (earned, cut, workers) => {
          const { perChunk, payees, total, operatorKeeps } = shareEpochPayout({
            earned,
            operatorCutBps: cut,
            chunks: chunksOf(workers),
          });
          expect(total + operatorKeeps).toBe(earned);
          expect(perChunk >= 0n && total >= 0n && operatorKeeps >= 0n).toBe(true);
          // The operator keeps at least its cut, and less than its cut plus one unit per chunk.
          const workersShare = (earned * BigInt(10_000 - cut)) / 10_000n;
          expect(total <= workersShare && workersShare - total < BigInt(workers.length)).toBe(true);
          expect(payees.reduce((t, p) => t + p.amount, 0n)).toBe(total);
          for (const p of payees) {
            expect(p.amount > 0n).toBe(true);
            const chunks = workers.filter((w) => WORKERS[w] === p.worker).length;
            expect(p.amount).toBe(perChunk * BigInt(chunks));
          }
          expect(new Set(payees.map((p) => p.worker)).size).toBe(payees.length);
        },
      ),
      { numRuns: 300 },
    );
  });

  it("refuses a cut above 10,000, no chunks, a chunk listed twice, a negative amount or a bad address", () => {
    const ok = { earned: 100n, operatorCutBps: 0, chunks: chunksOf([0]) };
    for (const params of [
      { ...ok, operatorCutBps: 10_001 },
      { ...ok, chunks: [] },
      { ...ok, chunks: [...chunksOf([0]), ...chunksOf([1])] },
      { ...ok, earned: -1n },
      { ...ok, chunks: [{ chunkId: 0n, worker: "0xabc" }] },
    ]) {
      expect(() => shareEpochPayout(params)).toThrow(InvalidParameterError);
    }
  });
});
