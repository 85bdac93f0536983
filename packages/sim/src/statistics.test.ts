// The report's statistics on small samples checked by hand.
import { describe, expect, it } from "vitest";
import { gini, lorenzCurve, nakamoto, quantile } from "./statistics";

describe("quantile", () => {
  it("gives the median of odd and even samples", () => {
    expect(quantile([5, 1, 3], 0.5)).toBe(3);
    expect(quantile([4, 1, 3, 2], 0.5)).toBe(2.5);
  });

  it("interpolates the 99th percentile between order statistics", () => {
    // 1..101: position 100 · 0.99 = 99 → the 100th value.
    expect(
      quantile(
        Array.from({ length: 101 }, (_, i) => i + 1),
        0.99,
      ),
    ).toBe(100);
    // 1..10: position 9 · 0.99 = 8.91 → 9 + 0.91 · (10 − 9).
    expect(quantile([10, 9, 8, 7, 6, 5, 4, 3, 2, 1], 0.99)).toBeCloseTo(9.91, 12);
    expect(quantile([7], 0.99)).toBe(7);
  });

  it("is null for an empty sample and leaves the sample unsorted", () => {
    expect(quantile([], 0.5)).toBeNull();
    const sample = [3, 1, 2];
    quantile(sample, 0.5);
    expect(sample).toEqual([3, 1, 2]);
  });
});

describe("gini", () => {
  it("is 0 for equal amounts and (n − 1) / n when one member has everything", () => {
    expect(gini([2, 2, 2, 2])).toBe(0);
    expect(gini([0, 0, 0, 10])).toBeCloseTo(0.75, 12);
    expect(gini([0, 0, 0, 0])).toBe(0);
  });

  it("matches a hand computation", () => {
    // Sorted 1, 2, 3, 4: Σ (2i − n − 1) x_i = −3 − 2 + 3 + 12 = 10; n Σ x = 40 → 0.25.
    expect(gini([3, 1, 4, 2])).toBeCloseTo(0.25, 12);
  });
});

describe("nakamoto", () => {
  it("counts the fewest largest members holding more than half", () => {
    expect(nakamoto([60, 20, 20])).toBe(1);
    // 50 is not more than half of 100: a second member is needed.
    expect(nakamoto([50, 30, 20])).toBe(2);
    expect(nakamoto([1, 1, 1, 1])).toBe(3);
    expect(nakamoto([0, 0])).toBe(0);
  });
});

describe("lorenzCurve", () => {
  it("runs from (0, 0) to (1, 1) below the diagonal", () => {
    const curve = lorenzCurve([0, 0, 0, 10], 4);
    expect(curve).toEqual([
      [0, 0],
      [0.25, 0],
      [0.5, 0],
      [0.75, 0],
      [1, 1],
    ]);
  });
});
