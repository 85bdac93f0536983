// The seeded streams: the same path gives the same draws, another path others.
import { describe, expect, it } from "vitest";
import { createRandom } from "./random";

describe("createRandom", () => {
  it("repeats a stream for the same seed and path", () => {
    const a = createRandom("7", "epoch", 3);
    const b = createRandom("7", "epoch", 3);
    const draws = Array.from({ length: 5 }, () => a.uniform());
    expect(Array.from({ length: 5 }, () => b.uniform())).toEqual(draws);
  });

  it("gives other draws for another seed or path", () => {
    const first = createRandom("7", "epoch", 3).uniform();
    expect(createRandom("8", "epoch", 3).uniform()).not.toBe(first);
    expect(createRandom("7", "epoch", 4).uniform()).not.toBe(first);
  });

  it("draws uniforms in [0, 1) and positives in (0, 1] with the right mean", () => {
    const r = createRandom("mean");
    let sum = 0;
    for (let i = 0; i < 20_000; i++) {
      const u = r.uniform();
      expect(u >= 0 && u < 1).toBe(true);
      sum += u;
    }
    expect(sum / 20_000).toBeCloseTo(0.5, 1);
    const p = r.positive();
    expect(p > 0 && p <= 1).toBe(true);
  });
});
