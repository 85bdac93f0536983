// Drawn VRF outputs read back by the SDK as the draw they came from.
import { uFromBeta } from "@blockage/client/lottery";
import { describe, expect, it } from "vitest";
import { vrfOutputOf } from "./vrf-output";

describe("vrfOutputOf", () => {
  it("gives the output whose k / 2^64 is the draw", () => {
    for (const u of [1, 0.5, 0.123456789, 2 ** -64, 1e-10]) {
      expect(Number(uFromBeta(vrfOutputOf(u))) / 2 ** 64).toBeCloseTo(u, 15);
    }
    expect(uFromBeta(vrfOutputOf(1))).toBe(2n ** 64n);
    expect(uFromBeta(vrfOutputOf(2 ** -70))).toBe(1n);
  });
});
