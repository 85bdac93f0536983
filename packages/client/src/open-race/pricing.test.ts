// The open race's proving base fee against hand-computed cases of the spec's rule.
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { InvalidParameterError } from "../errors";
import { OPEN_RACE_DEFAULTS } from "./defaults";
import { MAX_PROVING_BASE_FEE, nextProvingBaseFee, provingLag } from "./pricing";

const FEE = 10n ** 16n;
const base = { fee: FEE, targetLagSlots: 32n, flagged: false, minFee: 10n ** 12n };

describe("nextProvingBaseFee", () => {
  it("leaves the fee unchanged at the target", () => {
    expect(nextProvingBaseFee({ ...base, lagSlots: 32n })).toBe(FEE);
  });

  it("steps up by (lag − target) / (target · 8), at most 12.5%", () => {
    // lag 40: excess 8 → fee · 8 / 256 = fee / 32.
    expect(nextProvingBaseFee({ ...base, lagSlots: 40n })).toBe(FEE + FEE / 32n);
    expect(nextProvingBaseFee({ ...base, lagSlots: 64n })).toBe(11_250_000_000_000_000n);
    expect(nextProvingBaseFee({ ...base, lagSlots: 10_000n })).toBe(11_250_000_000_000_000n);
  });

  it("steps down when the lag is below the target, at most 12.5% (a lag of 0)", () => {
    expect(nextProvingBaseFee({ ...base, lagSlots: 0n })).toBe(8_750_000_000_000_000n);
    // lag 31: excess −1 → −fee / 256.
    expect(nextProvingBaseFee({ ...base, lagSlots: 31n })).toBe(FEE - FEE / 256n);
  });

  it("truncates the step toward zero, like Solidity's int256 division", () => {
    // fee 1000, excess −1, target 32: −1000 / 256 = −3.9 → −3 (floor would give −4).
    expect(nextProvingBaseFee({ ...base, fee: 1000n, lagSlots: 31n, minFee: 0n })).toBe(997n);
    // excess +1: +3.9 → +3.
    expect(nextProvingBaseFee({ ...base, fee: 1000n, lagSlots: 33n, minFee: 0n })).toBe(1003n);
  });

  it("steps up by at least fee / 4 when flagged, whatever the lag", () => {
    expect(nextProvingBaseFee({ ...base, lagSlots: 0n, flagged: true })).toBe(12_500_000_000_000_000n);
    expect(nextProvingBaseFee({ ...base, lagSlots: 32n, flagged: true })).toBe(12_500_000_000_000_000n);
    // Already at +12.5% from the lag: the flag still lifts it to +25%.
    expect(nextProvingBaseFee({ ...base, lagSlots: 64n, flagged: true })).toBe(12_500_000_000_000_000n);
    // fee 3: fee / 4 = 0, so a flag cannot lift it (the floor can).
    expect(nextProvingBaseFee({ ...base, fee: 3n, lagSlots: 32n, flagged: true, minFee: 0n })).toBe(3n);
  });

  it("keeps the fee within [minFee, 2^128 − 1]", () => {
    expect(nextProvingBaseFee({ ...base, fee: 10n ** 12n, lagSlots: 0n })).toBe(10n ** 12n);
    expect(nextProvingBaseFee({ ...base, fee: MAX_PROVING_BASE_FEE, lagSlots: 64n })).toBe(MAX_PROVING_BASE_FEE);
  });

  it("moves by at most 1/8 (1/4 up when flagged) and never below the floor (property)", () => {
    fc.assert(
      fc.property(
        fc.bigInt({ min: 0n, max: 10n ** 30n }),
        fc.bigInt({ min: 0n, max: 10_000n }),
        fc.bigInt({ min: 1n, max: 1_000n }),
        fc.boolean(),
        (fee, lagSlots, targetLagSlots, flagged) => {
          const next = nextProvingBaseFee({ fee, lagSlots, targetLagSlots, flagged, minFee: 0n });
          expect(next <= fee + (flagged ? fee / 4n : fee / 8n)).toBe(true);
          expect(next >= fee - fee / 8n).toBe(true);
          if (flagged) expect(next).toBe(fee + fee / 4n);
        },
      ),
    );
  });

  it("rejects bad input", () => {
    expect(() => nextProvingBaseFee({ ...base, lagSlots: -1n })).toThrow(InvalidParameterError);
    expect(() => nextProvingBaseFee({ ...base, lagSlots: 1n, targetLagSlots: 0n })).toThrow(InvalidParameterError);
    expect(() => nextProvingBaseFee({ ...base, lagSlots: 1n, fee: MAX_PROVING_BASE_FEE + 1n })).toThrow(
      InvalidParameterError,
    );
    expect(() => nextProvingBaseFee({ ...base, lagSlots: 1 as unknown as bigint })).toThrow(InvalidParameterError);
  });

  it("walks the defaults up by 12.5% per epoch while the lag stays two epochs or more", () => {
    let fee = OPEN_RACE_DEFAULTS.initialProvingBaseFee;
    for (let i = 0; i < 3; i++) {
      fee = nextProvingBaseFee({
        fee,
        lagSlots: 64n,
        targetLagSlots: OPEN_RACE_DEFAULTS.targetLagSlots,
        flagged: false,
        minFee: OPEN_RACE_DEFAULTS.minProvingBaseFee,
      });
    }
    // 1e16 · 1.125^3, each step truncated.
    expect(fee).toBe(14_238_281_250_000_000n);
  });
});

describe("provingLag", () => {
  it("is epoch·S − the oldest unproven slot, or 0", () => {
    expect(provingLag({ epoch: 10n, epochSlots: 32n, oldestUnprovenSlot: 250n })).toBe(70n);
    expect(provingLag({ epoch: 10n, epochSlots: 32n, oldestUnprovenSlot: 320n })).toBe(0n);
    expect(provingLag({ epoch: 10n, epochSlots: 32n, oldestUnprovenSlot: 400n })).toBe(0n);
    expect(provingLag({ epoch: 10n, epochSlots: 32n })).toBe(0n);
  });

  it("rejects bad input", () => {
    expect(() => provingLag({ epoch: 1n, epochSlots: 0n })).toThrow(InvalidParameterError);
    expect(() => provingLag({ epoch: -1n, epochSlots: 32n })).toThrow(InvalidParameterError);
  });
});
