// The Poisson keep chance the simulated provers decide with, against the SDK's exact `chunkKeepProbability`.
import { chunkKeepProbability } from "@blockage/client";
import { describe, expect, it } from "vitest";
import { keepChance } from "./cooperative";
import { runWorld } from "./test-world";

describe("keepChance", () => {
  it("agrees with chunkKeepProbability for many provers of small weight", () => {
    const others = Array.from({ length: 999 }, (_, i) => BigInt(500 + (i % 7) * 100) * 10n ** 18n);
    const total = others.reduce((s, w) => s + Number(w) / 1e18, 0);
    for (const lambda of [0.5, 2, 4.3, 8]) {
      const t = lambda / total;
      const score = BigInt(Math.round(Math.log(t) * 1e18));
      expect(keepChance(lambda)).toBeCloseTo(chunkKeepProbability({ score, otherWeights: others }), 2);
    }
  });

  it("is 1 at λ = 0 and falls with λ", () => {
    expect(keepChance(0)).toBe(1);
    expect(keepChance(1)).toBeGreaterThan(keepChance(2));
  });
});

describe("CooperativeMechanism", () => {
  it("finalizes every epoch with at most three kept proofs a chunk when every prover is honest", () => {
    const record = runWorld("cooperative", () => ({ reliability: 1, strategy: "honest" }));
    expect(record.events.finalizedEpochs).toBe(30);
    expect(record.events.openRaces).toBe(0);
    for (const after of record.provenAfter) expect(after).toBe(17);
    expect(record.credited + record.burned).toBe(record.valueIn);
  });

  it("credits griefers nothing (FEE_BURN 100%) and burns their places' rewards", () => {
    const honest = runWorld("cooperative", () => ({ reliability: 1, strategy: "honest" }));
    const mixed = runWorld("cooperative", (p) => ({
      reliability: 1,
      strategy: p.id % 3 === 0 ? "griefing" : "honest",
    }));
    for (let p = 0; p < 60; p += 3) expect(mixed.revenue[p]).toBe(0);
    expect(mixed.burned > honest.burned).toBe(true);
    expect(mixed.events.replacedChunkProofs).toBeGreaterThan(0);
  });

  it("goes to the open race when no prover can prove a chunk within the proving window", () => {
    const record = runWorld("cooperative", () => ({ reliability: 1, strategy: "honest", speed: 0.02 }));
    expect(record.events.finalizedEpochs).toBe(0);
    expect(record.events.openRaces).toBe(30);
    expect(record.events.prunedEpochs).toBe(30);
  });
});
