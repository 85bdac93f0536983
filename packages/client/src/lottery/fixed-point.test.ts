import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { InvalidParameterError } from "../errors";
import { LotteryError } from "./errors";
import { EXP_WAD_INPUT_LIMIT, EXP_WAD_ZERO_BELOW, expWad, lnWad, sMulWad } from "./fixed-point";

/** Produced by the contract (test/lottery/generate-vectors.ts): every expected value here comes from the EVM. */
interface Case {
  x: string;
  out?: string;
  error?: string;
}
const vectors = JSON.parse(readFileSync(new URL("../../../../test/vectors/lottery.json", import.meta.url), "utf8")) as {
  lnWad: Case[];
  expWad: Case[];
};

/** The outcome of `f` in the vectors' shape: the result, or the name of the contract error it stands for. */
function outcome(f: () => bigint): { out: string } | { error: string } {
  try {
    return { out: f().toString() };
  } catch (e) {
    if (e instanceof LotteryError) return { error: e.contractError };
    throw e;
  }
}
const expected = (c: Case) => (c.error === undefined ? { out: c.out } : { error: c.error });
const out = (cases: Case[], x: bigint) => BigInt(cases.find((c) => BigInt(c.x) === x)?.out as string);

const INT256_MAX = (1n << 255n) - 1n;
const INT256_MIN = -(1n << 255n);
const E18 = 10n ** 18n;

describe("lnWad", () => {
  it(`matches the contract on its ${vectors.lnWad.length} vectors, reverts included`, () => {
    expect(vectors.lnWad.length).toBeGreaterThan(100);
    for (const c of vectors.lnWad)
      expect(
        outcome(() => lnWad(BigInt(c.x))),
        c.x,
      ).toEqual(expected(c));
  });

  it("gives the contract's values at known points", () => {
    expect(lnWad(E18)).toBe(out(vectors.lnWad, E18));
    expect(lnWad(E18)).toBe(0n);
    expect(lnWad(2n * E18)).toBe(out(vectors.lnWad, 2n * E18));
    expect(lnWad(1n)).toBe(out(vectors.lnWad, 1n));
    // The top of the domain, where the table lookup and the shifts reach their limits.
    expect(lnWad(INT256_MAX)).toBe(out(vectors.lnWad, INT256_MAX));
  });

  it("is within 1e-18 of the true logarithm and increasing", () => {
    // Independent of the vectors: ln(2) · 1e18 = 693147180559945309.417…, ln(10) · 1e18 = 2302585092994045684.0179…
    expect(lnWad(2n * E18) - 693147180559945309n).toBeGreaterThanOrEqual(-1n);
    expect(lnWad(2n * E18) - 693147180559945309n).toBeLessThanOrEqual(1n);
    expect(lnWad(10n * E18) - 2302585092994045684n).toBeGreaterThanOrEqual(-1n);
    expect(lnWad(10n * E18) - 2302585092994045684n).toBeLessThanOrEqual(1n);
    let previous = lnWad(1n);
    for (let x = 2n; x < 1n << 250n; x = x * 3n + 1n) {
      const y = lnWad(x);
      expect(y >= previous, x.toString()).toBe(true);
      previous = y;
    }
  });

  it("is undefined for x ≤ 0, like solady's LnWadUndefined()", () => {
    for (const x of [0n, -1n, INT256_MIN]) {
      expect(() => lnWad(x)).toThrow(LotteryError);
      expect(outcome(() => lnWad(x))).toEqual({ error: "LnWadUndefined" });
    }
    try {
      lnWad(0n);
    } catch (e) {
      expect((e as LotteryError).code).toBe("LnUndefined");
    }
  });

  it("refuses values outside int256 and non-bigints", () => {
    expect(() => lnWad(INT256_MAX + 1n)).toThrow(InvalidParameterError);
    expect(() => lnWad(INT256_MIN - 1n)).toThrow(InvalidParameterError);
    expect(() => lnWad(1 as unknown as bigint)).toThrow(InvalidParameterError);
  });
});

describe("expWad", () => {
  it(`matches the contract on its ${vectors.expWad.length} vectors, reverts included`, () => {
    expect(vectors.expWad.length).toBeGreaterThan(100);
    for (const c of vectors.expWad)
      expect(
        outcome(() => expWad(BigInt(c.x))),
        c.x,
      ).toEqual(expected(c));
  });

  it("gives the contract's values at known points", () => {
    expect(expWad(0n)).toBe(out(vectors.expWad, 0n));
    expect(expWad(0n)).toBe(E18);
    expect(expWad(E18)).toBe(out(vectors.expWad, E18));
    expect(expWad(-E18)).toBe(out(vectors.expWad, -E18));
    expect(expWad(EXP_WAD_INPUT_LIMIT - 1n)).toBe(out(vectors.expWad, EXP_WAD_INPUT_LIMIT - 1n));
  });

  it("is 0 at and below ln(0.5e-18) and positive just above", () => {
    expect(expWad(EXP_WAD_ZERO_BELOW)).toBe(0n);
    expect(expWad(INT256_MIN)).toBe(0n);
    expect(expWad(EXP_WAD_ZERO_BELOW + 1n)).toBe(out(vectors.expWad, EXP_WAD_ZERO_BELOW + 1n));
    expect(expWad(EXP_WAD_ZERO_BELOW + 1n)).toBeGreaterThan(0n);
  });

  it("inverts lnWad to within rounding", () => {
    // e ≈ 2.718281828459045235360…: the rational approximation is exact to the last unit or two.
    expect(expWad(E18) - 2718281828459045235n).toBeLessThanOrEqual(2n);
    expect(2718281828459045235n - expWad(E18)).toBeLessThanOrEqual(2n);
    for (const x of [3n * E18, 12345n * E18, 10n ** 40n]) {
      const back = expWad(lnWad(x));
      // Relative error below 1e-15 (lnWad's last digit is worth a relative 1e-18 in x, times rounding).
      expect((back > x ? back - x : x - back) * 10n ** 15n <= x, x.toString()).toBe(true);
    }
  });

  it("overflows from 135.3e18 on, like solady's ExpOverflow()", () => {
    for (const x of [EXP_WAD_INPUT_LIMIT, INT256_MAX]) {
      expect(outcome(() => expWad(x))).toEqual({ error: "ExpOverflow" });
    }
    expect(() => expWad(EXP_WAD_INPUT_LIMIT)).toThrow(expect.objectContaining({ code: "ExpOverflow" }));
    expect(() => expWad(INT256_MAX + 1n)).toThrow(InvalidParameterError);
  });
});

describe("sMulWad", () => {
  /** The definition, independent of solady's overflow trick: trunc(x·y / 1e18), undefined when x·y ∉ int256. */
  const reference = (x: bigint, y: bigint) => {
    const z = x * y;
    return z < INT256_MIN || z > INT256_MAX ? "overflow" : (z / E18).toString();
  };
  const actual = (x: bigint, y: bigint) => {
    try {
      return sMulWad(x, y).toString();
    } catch (e) {
      expect(e).toBeInstanceOf(LotteryError);
      expect((e as LotteryError).code).toBe("MulOverflow");
      expect((e as LotteryError).contractError).toBe("SMulWadFailed");
      return "overflow";
    }
  };

  it("rounds toward zero", () => {
    expect(sMulWad(3n * 10n ** 17n, -2n * E18)).toBe(-6n * 10n ** 17n);
    expect(sMulWad(1n, 1n)).toBe(0n);
    expect(sMulWad(-1n, 1n)).toBe(0n);
    expect(sMulWad(-3n, E18 / 2n)).toBe(-1n);
    expect(sMulWad(E18, -7n)).toBe(-7n);
  });

  it("overflows exactly where x·y leaves int256, including −1 · −2^255", () => {
    const edges = [0n, 1n, -1n, 2n, -2n, E18, -E18, INT256_MAX, INT256_MIN, 1n << 128n, -(1n << 127n), 1n << 127n];
    for (const x of edges) for (const y of edges) expect(actual(x, y), `${x} · ${y}`).toBe(reference(x, y));
    expect(actual(-1n, INT256_MIN)).toBe("overflow");
    expect(actual(INT256_MIN, -1n)).toBe("overflow");
    expect(actual(INT256_MIN, 1n)).toBe(reference(INT256_MIN, 1n));
  });

  it("agrees with the definition on random magnitudes and signs", () => {
    // A fixed linear congruential sequence: reproducible, and spread over every bit length.
    let state = 0x2545f4914f6cdd1dn;
    const next = () => (state = (state * 6364136223846793005n + 1442695040888963407n) & ((1n << 64n) - 1n));
    const random = () => {
      const bits = Number(next() % 256n);
      let v = 0n;
      for (let i = 0; i < 4; i++) v = (v << 64n) | next();
      v &= (1n << BigInt(bits)) - 1n;
      return next() & 1n ? -v : v;
    };
    for (let i = 0; i < 2000; i++) {
      const [x, y] = [random(), random()];
      expect(actual(x, y), `${x} · ${y}`).toBe(reference(x, y));
    }
  });
});
