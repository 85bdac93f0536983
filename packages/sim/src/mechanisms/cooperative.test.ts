// The Poisson keep chance the simulated provers decide with, against the SDK's exact `chunkKeepProbability`.
import { chunkKeepProbability } from "@blockage/client";
import { describe, expect, it } from "vitest";
import { keepChance } from "./cooperative";

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
