import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { InvalidParameterError } from "../errors";
import { LotteryError } from "./errors";
import { lnWad } from "./fixed-point";
import {
  LN_2_POW_64,
  LOTTERY_DEFAULTS,
  RACE_TIME_INSTANT,
  RACE_TIME_NEVER,
  boostedRaceTime,
  boostedWinProbability,
  compareTickets,
  lotteryWeight,
  raceTime,
  tieBreak,
  uFromBeta,
  validateLotteryParams,
  winProbability,
} from "./math";
import type { LotteryParams, LotteryTicket } from "./math";

/** Produced by the contract (test/lottery/generate-vectors.ts): every expected value here comes from the EVM. */
type Strings<T> = { [K in keyof T]: string };
interface Vectors {
  lnWadOf2Pow64: string;
  weight: { params: Strings<LotteryParams>; stake: string; age: string; weight?: string; error?: string }[];
  raceTime: { beta: string; weight: string; raceTime?: string; error?: string }[];
  tieBreak: { pid: string; sigma: string; tieBreak: string }[];
  validate: { params: Strings<LotteryParams>; error?: string }[];
}
const vectors = JSON.parse(
  readFileSync(new URL("../../../../test/vectors/lottery.json", import.meta.url), "utf8"),
) as Vectors;

const params = (p: Strings<LotteryParams>): LotteryParams => ({
  alpha: BigInt(p.alpha),
  beta: BigInt(p.beta),
  gamma: BigInt(p.gamma),
  ageCap: BigInt(p.ageCap),
});
/** The result as a string, or the name of the contract error the thrown LotteryError stands for. */
function outcome(f: () => bigint | void): { value: string } | { error: string } {
  try {
    return { value: String(f()) };
  } catch (e) {
    if (e instanceof LotteryError) return { error: e.contractError };
    throw e;
  }
}
const expected = (value: string | undefined, error: string | undefined) =>
  error === undefined ? { value } : { error };

const E18 = 10n ** 18n;
const INT256_MAX = (1n << 255n) - 1n;
const ZERO32 = "0x" + "00".repeat(32);
const ONES32 = "0x" + "ff".repeat(32);
/** A VRF output whose top 64 bits are `top` (k = top + 1), the rest `fill`. */
const betaWithTop = (top: bigint, fill = 0n) => "0x" + ((top << 192n) | fill).toString(16).padStart(64, "0");

describe("lotteryWeight", () => {
  it(`matches the contract on its ${vectors.weight.length} vectors, reverts included`, () => {
    expect(vectors.weight.length).toBeGreaterThan(200);
    for (const v of vectors.weight) {
      expect(
        outcome(() => lotteryWeight(BigInt(v.stake), BigInt(v.age), params(v.params))),
        JSON.stringify(v),
      ).toEqual(expected(v.weight, v.error));
    }
  });

  it("weighs 1 token at age 0 as 1e18 and zero stake as 0", () => {
    expect(lotteryWeight(E18, 0n)).toBe(E18);
    expect(lotteryWeight(0n, 0n)).toBe(0n);
    expect(lotteryWeight(0n, 100n, { ...LOTTERY_DEFAULTS, alpha: 15n * 10n ** 17n })).toBe(0n);
  });

  it("stays close to s^α · (1 + γ·min(a, A_max))^β", () => {
    for (const [stake, age] of [
      [1000n * E18, 0n],
      [1000n * E18, 100n],
      [123456789n * 10n ** 12n, 1000n],
      [10n ** 48n, 256n],
    ] as const) {
      const s = Number(stake) / 1e18;
      const exact = s * (1 + 0.04 * Math.min(Number(age), 256)) ** 0.3;
      expect(Number(lotteryWeight(stake, age)) / 1e18 / exact).toBeCloseTo(1, 12);
    }
  });

  it("counts ages above A_max as A_max, and an age factor of 1 when a, β or γ is 0", () => {
    const stake = 5000n * E18;
    expect(lotteryWeight(stake, 257n)).toBe(lotteryWeight(stake, 256n));
    expect(lotteryWeight(stake, (1n << 256n) - 1n)).toBe(lotteryWeight(stake, 256n));
    expect(lotteryWeight(stake, 255n)).toBeLessThan(lotteryWeight(stake, 256n));
    const base = lotteryWeight(stake, 0n);
    // exp(ln s) comes back within a few units of 1e-18 relative (α = 1, age factor 1).
    expect((base > stake ? base - stake : stake - base) * 10n ** 17n).toBeLessThanOrEqual(stake);
    expect(lotteryWeight(stake, 200n, { ...LOTTERY_DEFAULTS, beta: 0n })).toBe(base);
    expect(lotteryWeight(stake, 200n, { ...LOTTERY_DEFAULTS, gamma: 0n })).toBe(base);
    expect(lotteryWeight(stake, 200n, { ...LOTTERY_DEFAULTS, ageCap: 0n })).toBe(base);
  });

  it("rounds weights below 1e-18 to 0 and is monotone in the stake", () => {
    // α = 1.5: (1e-18)^1.5 = 1e-27 rounds to 0.
    expect(lotteryWeight(1n, 0n, { ...LOTTERY_DEFAULTS, alpha: 15n * 10n ** 17n })).toBe(0n);
    let previous = 0n;
    for (let stake = 1n; stake < 10n ** 48n; stake = stake * 7n + 3n) {
      const w = lotteryWeight(stake, 10n);
      expect(w >= previous, stake.toString()).toBe(true);
      previous = w;
    }
  });

  it("overflows like the contract: stake above 2^255 − 1, or ln w at expWad's limit", () => {
    for (const stake of [1n << 255n, (1n << 256n) - 1n, INT256_MAX]) {
      expect(outcome(() => lotteryWeight(stake, 0n))).toEqual({ error: "LotteryLib__WeightOverflow" });
    }
    expect(() => lotteryWeight(INT256_MAX, 0n)).toThrow(expect.objectContaining({ code: "WeightOverflow" }));
    // 10^57 tokens at α = 1.5 is far beyond e^135.
    expect(() => lotteryWeight(10n ** 75n, 0n, { ...LOTTERY_DEFAULTS, alpha: 15n * 10n ** 17n })).toThrow(LotteryError);
  });

  it("refuses arguments outside the contract's types", () => {
    expect(() => lotteryWeight(-1n, 0n)).toThrow(InvalidParameterError);
    expect(() => lotteryWeight(1n << 256n, 0n)).toThrow(InvalidParameterError);
    expect(() => lotteryWeight(1n, -1n)).toThrow(InvalidParameterError);
    expect(() => lotteryWeight(1 as unknown as bigint, 0n)).toThrow(InvalidParameterError);
    expect(() => lotteryWeight(1n, 0n, { ...LOTTERY_DEFAULTS, alpha: 1n << 64n })).toThrow(InvalidParameterError);
    expect(() => lotteryWeight(1n, 0n, { ...LOTTERY_DEFAULTS, beta: undefined as unknown as bigint })).toThrow(
      InvalidParameterError,
    );
  });
});

describe("validateLotteryParams", () => {
  it(`matches the contract on its ${vectors.validate.length} vectors`, () => {
    for (const v of vectors.validate) {
      expect(
        outcome(() => validateLotteryParams(params(v.params))),
        JSON.stringify(v),
      ).toEqual(expected("undefined", v.error));
    }
  });

  it("accepts the defaults and every bound, refuses one past each", () => {
    expect(() => validateLotteryParams(LOTTERY_DEFAULTS)).not.toThrow();
    const max = { alpha: 15n * 10n ** 17n, beta: E18, gamma: E18, ageCap: 10_000n };
    expect(() => validateLotteryParams(max)).not.toThrow();
    for (const bad of [
      { ...max, alpha: 0n },
      { ...max, alpha: max.alpha + 1n },
      { ...max, beta: max.beta + 1n },
      { ...max, gamma: max.gamma + 1n },
      { ...max, ageCap: 10_001n },
    ]) {
      expect(() => validateLotteryParams(bad)).toThrow(expect.objectContaining({ code: "InvalidParams" }));
    }
    expect(() => validateLotteryParams({ ...max, beta: -1n })).toThrow(InvalidParameterError);
  });

  it("has defaults α = 1, β = 0.3, γ = 0.04, A_max = 256 that cannot be changed in place", () => {
    expect(LOTTERY_DEFAULTS).toEqual({ alpha: E18, beta: 3n * 10n ** 17n, gamma: 4n * 10n ** 16n, ageCap: 256n });
    expect(Object.isFrozen(LOTTERY_DEFAULTS)).toBe(true);
  });
});

describe("raceTime", () => {
  it(`matches the contract on its ${vectors.raceTime.length} vectors, reverts included`, () => {
    expect(vectors.raceTime.length).toBeGreaterThanOrEqual(300);
    for (const v of vectors.raceTime) {
      expect(
        outcome(() => raceTime(v.beta, BigInt(v.weight))),
        JSON.stringify(v),
      ).toEqual(expected(v.raceTime, v.error));
    }
  });

  it("uses ln 2^64 as the contract computes it", () => {
    expect(LN_2_POW_64).toBe(BigInt(vectors.lnWadOf2Pow64));
    expect(lnWad(1n << 64n)).toBe(LN_2_POW_64);
  });

  it("gives the sentinels: NEVER for a zero weight, INSTANT for u = 1", () => {
    expect(RACE_TIME_NEVER).toBe(INT256_MAX);
    expect(RACE_TIME_INSTANT).toBe(-(1n << 255n));
    expect(raceTime(ZERO32, 0n)).toBe(RACE_TIME_NEVER);
    expect(raceTime(ONES32, 0n)).toBe(RACE_TIME_NEVER);
    expect(raceTime(ONES32, 1n)).toBe(RACE_TIME_INSTANT);
    expect(raceTime(betaWithTop((1n << 64n) - 1n, 0n), E18)).toBe(RACE_TIME_INSTANT);
    expect(raceTime(betaWithTop((1n << 64n) - 2n, (1n << 192n) - 1n), E18)).toBe(RACE_TIME_INSTANT);
    expect(raceTime(betaWithTop((1n << 64n) - (1n << 20n)), E18)).not.toBe(RACE_TIME_INSTANT);
  });

  it("is INSTANT exactly where the contract's −ln u rounds to 0 (the top few k, not only u = 1)", () => {
    // lnWad resolves 1e-18 while −ln u steps by 2^-64 ≈ 5.4e-20 near u = 1: the contract's vectors pin the cut.
    const nearOne = vectors.raceTime.filter(
      (v) => v.weight === E18.toString() && uFromBeta(v.beta) > (1n << 64n) - 30n,
    );
    expect(nearOne.length).toBeGreaterThanOrEqual(20);
    const instants = nearOne.filter((v) => v.raceTime === RACE_TIME_INSTANT.toString());
    expect(instants.length).toBeGreaterThan(1);
    expect(instants.length).toBeLessThan(nearOne.length);
    for (const v of nearOne) {
      const k = uFromBeta(v.beta);
      expect(raceTime(v.beta, E18) === RACE_TIME_INSTANT, k.toString()).toBe(LN_2_POW_64 - lnWad(k) <= 0n);
      expect(raceTime(v.beta, E18).toString(), k.toString()).toBe(v.raceTime);
    }
  });

  it("is ln(−ln u) − ln w: only the top 64 bits of beta count", () => {
    // u = 1/2, w = 1 token: ln t = ln(ln 2) = −0.366512920581664…
    const half = raceTime(betaWithTop((1n << 63n) - 1n), E18);
    expect(Number(half) / 1e18).toBeCloseTo(Math.log(Math.LN2), 15);
    expect(raceTime(betaWithTop((1n << 63n) - 1n, 12345n), E18)).toBe(half);
    // Doubling the weight halves t: ln t drops by ln 2 (to within the two roundings of lnWad).
    const doubled = raceTime(betaWithTop((1n << 63n) - 1n), 2n * E18);
    expect(half - doubled - lnWad(2n * E18)).toBeLessThanOrEqual(1n);
    expect(half - doubled - lnWad(2n * E18)).toBeGreaterThanOrEqual(-1n);
    // The all-zero beta is the worst draw: u = 2^-64.
    expect(raceTime(ZERO32, E18)).toBe(raceTime(betaWithTop(0n, (1n << 192n) - 1n), E18));
    expect(raceTime(ZERO32, E18)).toBeGreaterThan(raceTime(betaWithTop(1n), E18));
  });

  it("accepts Uint8Array and hex alike, and refuses anything but 32 bytes", () => {
    const bytes = Uint8Array.from({ length: 32 }, (_, i) => i * 7);
    const hex = "0x" + Buffer.from(bytes).toString("hex");
    expect(raceTime(bytes, E18)).toBe(raceTime(hex, E18));
    expect(raceTime(hex.toUpperCase().replace("0X", "0x"), E18)).toBe(raceTime(hex, E18));
    for (const bad of [
      new Uint8Array(31),
      new Uint8Array(33),
      "0x" + "00".repeat(31),
      "00".repeat(32),
      "0x" + "g".repeat(64),
    ]) {
      expect(() => raceTime(bad, E18)).toThrow(InvalidParameterError);
    }
    expect(() => raceTime(ZERO32, -1n)).toThrow(InvalidParameterError);
    expect(() => raceTime(ZERO32, 1n << 256n)).toThrow(InvalidParameterError);
  });

  it("refuses a weight above 2^255 − 1 like the contract", () => {
    expect(outcome(() => raceTime(ZERO32, 1n << 255n))).toEqual({ error: "LotteryLib__InvalidWeight" });
    expect(() => raceTime(ZERO32, (1n << 256n) - 1n)).toThrow(expect.objectContaining({ code: "InvalidWeight" }));
    expect(raceTime(ZERO32, INT256_MAX)).toBeLessThan(0n);
  });
});

describe("uFromBeta", () => {
  it("is the top 64 bits plus one", () => {
    expect(uFromBeta(ZERO32)).toBe(1n);
    expect(uFromBeta(ONES32)).toBe(1n << 64n);
    expect(uFromBeta(betaWithTop(0x0123456789abcdefn, 99n))).toBe(0x0123456789abcdf0n);
    expect(() => uFromBeta("0x00")).toThrow(InvalidParameterError);
  });
});

describe("tieBreak", () => {
  it(`matches the contract on its ${vectors.tieBreak.length} vectors`, () => {
    for (const v of vectors.tieBreak) expect(tieBreak(v.pid, v.sigma).toString(), JSON.stringify(v)).toBe(v.tieBreak);
  });

  it("is keccak256 of the 64 concatenated bytes", () => {
    // keccak256 of 64 zero bytes, a well-known constant (the second level of an all-zero Merkle tree).
    expect(tieBreak(ZERO32, ZERO32)).toBe(0xad3228b676f7d3cd4284a5443f17f1962b36e491b30a40b2405849e597ba5fb5n);
    expect(tieBreak(new Uint8Array(32), new Uint8Array(32))).toBe(tieBreak(ZERO32, ZERO32));
    expect(tieBreak(ZERO32, ONES32)).not.toBe(tieBreak(ONES32, ZERO32));
    expect(() => tieBreak(ZERO32, new Uint8Array(20))).toThrow(InvalidParameterError);
  });
});

describe("compareTickets", () => {
  const t = (raceTime: bigint, tieBreak: bigint): LotteryTicket => ({ raceTime, tieBreak });

  it("ranks the lower race time first, then the lower tie-break, like LotteryLib.beats", () => {
    expect(compareTickets(t(-5n, 9n), t(3n, 0n))).toBe(-1);
    expect(compareTickets(t(3n, 0n), t(-5n, 9n))).toBe(1);
    expect(compareTickets(t(7n, 1n), t(7n, 2n))).toBe(-1);
    expect(compareTickets(t(7n, 2n), t(7n, 1n))).toBe(1);
    expect(compareTickets(t(7n, 2n), t(7n, 2n))).toBe(0);
    expect(compareTickets(t(RACE_TIME_INSTANT, 5n), t(-(10n ** 30n), 0n))).toBe(-1);
    expect(compareTickets(t(RACE_TIME_NEVER, 0n), t(10n ** 30n, 5n))).toBe(1);
  });

  it("sorts a field of tickets best first", () => {
    const tickets = [t(4n, 1n), t(RACE_TIME_NEVER, 0n), t(-2n, 9n), t(4n, 0n), t(RACE_TIME_INSTANT, 3n)];
    expect(tickets.sort(compareTickets)).toEqual([
      t(RACE_TIME_INSTANT, 3n),
      t(-2n, 9n),
      t(4n, 0n),
      t(4n, 1n),
      t(RACE_TIME_NEVER, 0n),
    ]);
  });
});

describe("winProbability", () => {
  /** u = k / 2^64 for the beta with top bits `top`. */
  const u = (top: bigint) => Number(top + 1n) / 2 ** 64;

  it("is u^((W − w)/w): exp(−(W − w)·t) with t = −ln u / w", () => {
    for (const [top, w, W] of [
      [(1n << 63n) - 1n, 5n * E18, 10n * E18], // u = 1/2, w = W/2 → 1/2
      [(1n << 62n) - 1n, 3n * E18, 12n * E18],
      [0xdeadbeefcafebaben, 1000n * E18, 1234567n * E18],
      [12345n, 7n * 10n ** 30n, 8n * 10n ** 30n],
      [(1n << 64n) - (1n << 44n), E18, 1000001n * E18], // u = 1 − 2^-20: P ≈ e^-0.95
    ] as const) {
      const p = winProbability(raceTime(betaWithTop(top), w), w, W);
      const exact = u(top) ** (Number(W - w) / Number(w));
      expect(Math.abs(p - exact), `${top} ${w} ${W}`).toBeLessThan(1e-12 + exact * 1e-12);
    }
    expect(winProbability(raceTime(betaWithTop((1n << 63n) - 1n), 5n * E18), 5n * E18, 10n * E18)).toBeCloseTo(0.5, 14);
  });

  it("averages to w / W over the draws of u", () => {
    // The mean of P(win | u) over u uniform in (0, 1] is ∫ u^((W−w)/w) du = w / W.
    for (const [w, W] of [
      [E18, 4n * E18],
      [3n * E18, 10n * E18],
      [10n ** 30n, 10n ** 31n],
    ] as const) {
      const n = 20_000;
      let sum = 0;
      for (let i = 0; i < n; i++) {
        const top = (BigInt(Math.floor(((i + 0.5) / n) * 2 ** 32)) << 32n) - 1n;
        sum += winProbability(raceTime(betaWithTop(top < 0n ? 0n : top), w), w, W);
      }
      expect(sum / n).toBeCloseTo(Number(w) / Number(W), 3);
    }
  });

  it("decreases with the race time and with the others' weight", () => {
    const w = 100n * E18;
    let previous = 1;
    for (let rt = -50n * E18; rt <= 50n * E18; rt += E18) {
      const p = winProbability(rt, w, 1000n * E18);
      expect(p).toBeLessThanOrEqual(previous);
      previous = p;
    }
    expect(previous).toBe(0);
    const rt = raceTime(betaWithTop(1n << 62n), w);
    expect(winProbability(rt, w, 200n * E18)).toBeGreaterThan(winProbability(rt, w, 300n * E18));
  });

  it("handles the sentinels and a lone node", () => {
    expect(winProbability(RACE_TIME_INSTANT, E18, 10n ** 60n)).toBe(1);
    expect(winProbability(RACE_TIME_NEVER, 0n, E18)).toBe(0);
    expect(winProbability(RACE_TIME_NEVER, 0n, 0n)).toBe(1);
    expect(winProbability(RACE_TIME_NEVER, E18, E18)).toBe(1);
    expect(winProbability(10n ** 20n, E18, E18)).toBe(1);
  });

  it("stays finite in [0, 1] at float-overflowing magnitudes", () => {
    // W − w up to 2^300 wei (beyond uint256, and beyond a double's range once multiplied by a large t).
    for (const [rt, W] of [
      [-100n * E18, 1n << 300n],
      [100n * E18, 1n << 300n],
      [-300n * E18, 10n ** 40n],
      [raceTime(ZERO32, 1n), 2n],
    ] as const) {
      const p = winProbability(rt, 1n, W);
      expect(Number.isFinite(p) && p >= 0 && p <= 1, `${rt} ${W}`).toBe(true);
    }
    // ln((2^300)/1e18) ≈ 166.5, so exp(166.5 − 160) ≈ 665 → P ≈ e^-665, a tiny positive number.
    expect(winProbability(-160n * E18, 0n, 1n << 300n)).toBeGreaterThan(0);
    expect(winProbability(-160n * E18, 0n, 1n << 300n)).toBeLessThan(1e-280);
  });

  it("refuses a negative weight or a total below the weight", () => {
    expect(() => lotteryWeight(E18, 0n, { ...LOTTERY_DEFAULTS, alpha: 0n })).toThrow(
      expect.objectContaining({ code: "InvalidParams" }),
    );
    expect(() => winProbability(0n, -1n, E18)).toThrow(InvalidParameterError);
    expect(() => winProbability(0n, 2n * E18, E18)).toThrow(/below weight/);
    expect(() => winProbability(0 as unknown as bigint, E18, E18)).toThrow(InvalidParameterError);
  });
});

describe("boostedRaceTime", () => {
  const t = -1_234_567_890_123_456_789n;

  it("subtracts lnWad(1e18 + share·1e14): ln(1 + FEE_BURN) off ln t", () => {
    expect(boostedRaceTime(t, 10_000)).toBe(t - 693147180559945309n); // lnWad(2e18)
    expect(boostedRaceTime(t, 4_000n)).toBe(t - lnWad(14n * 10n ** 17n));
    // ln 1.4 = 0.33647223662121293…, within lnWad's 1e-18 rounding.
    const off = t - boostedRaceTime(t, 4_000);
    expect(off > 336472236621212920n && off < 336472236621212940n).toBe(true);
    expect(boostedRaceTime(t, 1)).toBe(t - lnWad(E18 + 10n ** 14n));
  });

  it("leaves a share of 0 and the sentinels as they are", () => {
    expect(boostedRaceTime(t, 0)).toBe(t);
    expect(boostedRaceTime(RACE_TIME_NEVER, 10_000)).toBe(RACE_TIME_NEVER);
    expect(boostedRaceTime(RACE_TIME_INSTANT, 5_000n)).toBe(RACE_TIME_INSTANT);
  });

  it("is strictly better for a larger share", () => {
    let previous = boostedRaceTime(t, 0);
    for (let share = 500; share <= 10_000; share += 500) {
      const boosted = boostedRaceTime(t, share);
      expect(boosted < previous).toBe(true);
      previous = boosted;
    }
  });

  it("refuses a share outside [0, 10000] and what is not an int256", () => {
    for (const share of [-1, 10_001, 10_001n, 1.5, Number.NaN]) {
      expect(() => boostedRaceTime(t, share)).toThrow(InvalidParameterError);
    }
    expect(() => boostedRaceTime(Number(t) as unknown as bigint, 1)).toThrow(InvalidParameterError);
    expect(() => boostedRaceTime(1n << 255n, 1)).toThrow(/int256/);
    // Within ln 2 of −2^255 (no race time is there) the subtraction leaves int256: the contract panics.
    expect(() => boostedRaceTime(RACE_TIME_INSTANT + 1n, 10_000)).toThrow(/leaves the int256 range/);
  });
});

describe("boostedWinProbability", () => {
  const w = 3n * E18;
  const W = 10n * E18;
  const rt = raceTime(betaWithTop(0x9e3779b97f4a7c15n), w);

  it("is winProbability when both boosts are equal", () => {
    for (const boost of [0, 2_500, 10_000]) {
      const p = boostedWinProbability({
        raceTime: rt,
        boostBps: boost,
        weight: w,
        totalWeight: W,
        othersBoostBps: boost,
      });
      expect(p).toBeCloseTo(winProbability(rt, w, W), 14);
    }
    expect(boostedWinProbability({ raceTime: rt, boostBps: 0, weight: w, totalWeight: W })).toBe(
      winProbability(rt, w, W),
    );
  });

  it("divides the others' rate by 1 + boost: a 100% boost is the square root", () => {
    const p = boostedWinProbability({ raceTime: rt, boostBps: 10_000, weight: w, totalWeight: W });
    expect(p).toBeCloseTo(Math.sqrt(winProbability(rt, w, W)), 14);
    const q = boostedWinProbability({ raceTime: rt, boostBps: 0, weight: w, totalWeight: W, othersBoostBps: 10_000 });
    expect(q).toBeCloseTo(winProbability(rt, w, W) ** 2, 14);
  });

  it("averages to w(1 + b) / (w(1 + b) + (W − w)(1 + b′)) over the draws of u", () => {
    for (const [boost, others] of [
      [8_000, 0],
      [5_000, 2_000],
      [1_000, 9_000],
    ] as const) {
      const n = 20_000;
      let sum = 0;
      for (let i = 0; i < n; i++) {
        const top = (BigInt(Math.floor(((i + 0.5) / n) * 2 ** 32)) << 32n) - 1n;
        const time = raceTime(betaWithTop(top < 0n ? 0n : top), w);
        sum += boostedWinProbability({
          raceTime: time,
          boostBps: boost,
          weight: w,
          totalWeight: W,
          othersBoostBps: others,
        });
      }
      const mine = 3 * (1 + boost / 1e4);
      expect(sum / n).toBeCloseTo(mine / (mine + 7 * (1 + others / 1e4)), 3);
    }
  });

  it("keeps the sentinels and refuses malformed arguments", () => {
    expect(boostedWinProbability({ raceTime: RACE_TIME_INSTANT, boostBps: 0, weight: w, totalWeight: W })).toBe(1);
    expect(boostedWinProbability({ raceTime: RACE_TIME_NEVER, boostBps: 10_000, weight: w, totalWeight: W })).toBe(0);
    expect(boostedWinProbability({ raceTime: rt, boostBps: 10_000, weight: W, totalWeight: W })).toBe(1);
    expect(() => boostedWinProbability({ raceTime: rt, boostBps: 10_001, weight: w, totalWeight: W })).toThrow(
      InvalidParameterError,
    );
    expect(() =>
      boostedWinProbability({ raceTime: rt, boostBps: 0, weight: w, totalWeight: W, othersBoostBps: -1 }),
    ).toThrow(/othersBoostBps/);
    expect(() => boostedWinProbability({ raceTime: rt, boostBps: 0, weight: W, totalWeight: w })).toThrow(/below/);
    expect(() => boostedWinProbability(null as never)).toThrow(InvalidParameterError);
  });
});
