import { describe, expect, it } from "vitest";
import { basisPoints, keptProgress } from "./format";

describe("basisPoints", () => {
  it("writes basis points as a percentage without trailing zeros", () => {
    expect(basisPoints(2000n)).toBe("20 %");
    expect(basisPoints(1250)).toBe("12.5 %");
    expect(basisPoints(10_000)).toBe("100 %");
    expect(basisPoints(1)).toBe("0.01 %");
    expect(basisPoints(0n)).toBe("0 %");
    expect(basisPoints(null)).toBe("—");
  });
});

describe("keptProgress", () => {
  it("says how many of a block's chunks hold kept proofs, and how many proofs", () => {
    expect(keptProgress({ chunks: 4, provenChunks: 3, keptProofs: 10 })).toBe("3/4 chunks, 10 kept proofs");
    expect(keptProgress({ chunks: 1, provenChunks: 1, keptProofs: 1 })).toBe("1/1 chunk, 1 kept proof");
    expect(keptProgress({ chunks: 2, provenChunks: 0, keptProofs: 0 })).toBe("0/2 chunks, 0 kept proofs");
    expect(keptProgress({ chunks: null, provenChunks: 0, keptProofs: 0 })).toBe("0/? chunks, 0 kept proofs");
  });
});
