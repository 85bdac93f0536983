/**
 * The age-weighted exponential race of DESIGN §4, bit-exact with `contracts/lottery/LotteryLib.sol`.
 *
 * A node with stake `s` (wei, read as an 18-decimal token amount) and age `a` epochs weighs
 * `w = s^α · (1 + γ·min(a, A_max))^β`, computed — as on-chain — as `exp(α·ln s + β·ln(1 + γ·min(a, A_max)))` with
 * solady's 18-decimal `lnWad`, `sMulWad` and `expWad` (ported in `./fixed-point`), so no power of the stake is formed.
 * Its VRF output `beta` gives `u = k / 2^64 ∈ (0, 1]` with `k` = the top 64 bits of beta plus one, and its race time is
 * `t = −ln(u) / w`; the lowest time wins, so a node wins with probability `w / Σw`.
 *
 * Why the race time is kept as `ln t`: −ln u runs from 5.4e-20 (u next to 1) to 44.4 (u = 2^-64) and w from 1e-18 to
 * over 1e30 (10^30 tokens; 1e45 with α = 1.5), so t runs from below 1e-50 to 4.4e19. That is a ratio beyond 2^229 (2^280
 * with α = 1.5), and the small end lies far below 18-decimal fixed point's 1e-18: across stakes of 1 wei to 10^30
 * tokens no 256-bit fixed-point t could rank every ticket. `ln t = ln(−ln u) − ln w` stays within ±200e18 and is
 * monotone in t, so comparing `ln t` ranks tickets as comparing t would (up to its 1e-18 rounding, where equal values
 * go to the tie-break). `−ln u` itself is `ln 2^64 − ln k` ({@link LN_2_POW_64}), from integers, so it too is the
 * contract's to the bit.
 *
 * Every function here returns the same integer as the contract for the same input and fails exactly where the
 * contract reverts (with a {@link LotteryError} naming the contract's custom error). The vectors in
 * `test/vectors/lottery.json` were produced by the contract and are checked by this module's tests.
 *
 * @module
 */
import { keccak_256 } from "@noble/hashes/sha3.js";
import { bytesToHex, hexToBytes } from "@noble/hashes/utils.js";
import { InvalidParameterError } from "../errors";
import { LotteryError } from "./errors";
import { EXP_WAD_INPUT_LIMIT, expWad, lnWad, sMulWad } from "./fixed-point";

const WAD = 10n ** 18n;
const UINT64_MAX = (1n << 64n) - 1n;
const UINT256_MAX = (1n << 256n) - 1n;
const INT256_MAX = (1n << 255n) - 1n;

/**
 * The lottery's deployment parameters (DESIGN §4), the fields of the Solidity struct `LotteryParams`: `alpha`, `beta`
 * and `gamma` are 18-decimal fixed point, `ageCap` is a number of epochs. Each must fit in a uint64.
 */
export interface LotteryParams {
  /** Stake exponent α (1.0 = 1e18), in (0, {@link MAX_ALPHA}]. */
  alpha: bigint;
  /** Age exponent β (0.3 = 3e17), at most {@link MAX_BETA}. */
  beta: bigint;
  /** Age scale γ (0.04 = 4e16), at most {@link MAX_GAMMA}. */
  gamma: bigint;
  /** A_max in epochs: ages above it count as A_max. At most {@link MAX_AGE_CAP}. */
  ageCap: bigint;
}

/** The DESIGN §4 defaults: α = 1, β = 0.3, γ = 0.04, A_max = 256 epochs. */
export const LOTTERY_DEFAULTS: Readonly<LotteryParams> = Object.freeze({
  alpha: 10n ** 18n,
  beta: 3n * 10n ** 17n,
  gamma: 4n * 10n ** 16n,
  ageCap: 256n,
});

/** Largest valid α (1.5), as `LotteryLib.MAX_ALPHA`. */
export const MAX_ALPHA = 15n * 10n ** 17n;
/** Largest valid β (1.0), as `LotteryLib.MAX_BETA`. */
export const MAX_BETA = 10n ** 18n;
/** Largest valid γ (1.0), as `LotteryLib.MAX_GAMMA`. */
export const MAX_GAMMA = 10n ** 18n;
/** Largest valid A_max (10 000 epochs), as `LotteryLib.MAX_AGE_CAP`. */
export const MAX_AGE_CAP = 10_000n;

/** `lnWad(2^64)` = ln(2^64 / 1e18) · 1e18, so that `−ln u = LN_2_POW_64 − lnWad(k)` for u = k / 2^64. */
export const LN_2_POW_64 = 2914887881943677490n;
/** Race time of a zero weight (`type(int256).max`): it never beats a positive weight. */
export const RACE_TIME_NEVER = (1n << 255n) - 1n;
/**
 * Race time when −ln u rounds to 0 (`type(int256).min`): an instant win. That is u = 1 and the few k just below
 * 2^64 whose `lnWad(k)` already equals {@link LN_2_POW_64} (lnWad resolves 1e-18, u steps by 2^-64): 7 of the 2^64
 * draws, a probability of about 4e-19.
 */
export const RACE_TIME_INSTANT = -(1n << 255n);

function uintArgument(fn: string, name: string, value: bigint, max: bigint): bigint {
  if (typeof value !== "bigint")
    throw new InvalidParameterError(`${fn}: ${name} must be a bigint, got ${typeof value}`);
  if (value < 0n || value > max) {
    throw new InvalidParameterError(`${fn}: ${name} must be an unsigned ${max === UINT64_MAX ? 64 : 256}-bit integer`);
  }
  return value;
}

function paramsArgument(fn: string, p: LotteryParams): LotteryParams {
  if (typeof p !== "object" || p === null) throw new InvalidParameterError(`${fn}: params must be an object`);
  return {
    alpha: uintArgument(fn, "params.alpha", p.alpha, UINT64_MAX),
    beta: uintArgument(fn, "params.beta", p.beta, UINT64_MAX),
    gamma: uintArgument(fn, "params.gamma", p.gamma, UINT64_MAX),
    ageCap: uintArgument(fn, "params.ageCap", p.ageCap, UINT64_MAX),
  };
}

/**
 * Throws unless `p` is within the contract's bounds, as `LotteryLib.validate`: α in (0, 1.5e18], β ≤ 1e18,
 * γ ≤ 1e18, A_max ≤ 10 000.
 *
 * @param p - The parameters.
 * @throws {LotteryError} `InvalidParams` (contract: `LotteryLib__InvalidParams`) when a bound is broken.
 * @throws {InvalidParameterError} When a field is not a bigint that fits in a uint64 (the struct's field type).
 * @example
 * validateLotteryParams({ ...LOTTERY_DEFAULTS, beta: 5n * 10n ** 17n }) // ok
 */
export function validateLotteryParams(p: LotteryParams): void {
  const { alpha, beta, gamma, ageCap } = paramsArgument("validateLotteryParams", p);
  if (alpha === 0n || alpha > MAX_ALPHA || beta > MAX_BETA || gamma > MAX_GAMMA || ageCap > MAX_AGE_CAP) {
    throw new LotteryError(
      "InvalidParams",
      `lottery parameters out of range: alpha=${alpha} beta=${beta} gamma=${gamma} ageCap=${ageCap}`,
      { details: "Bounds: 0 < alpha ≤ 1.5e18, beta ≤ 1e18, gamma ≤ 1e18, ageCap ≤ 10000." },
    );
  }
}

/**
 * A node's lottery weight `w = s^α · (1 + γ·min(a, A_max))^β`, 18-decimal, exactly as `LotteryLib.weight`.
 *
 * The stake is read as an 18-decimal token amount, so `w` is in whole tokens^α (1 token at any age 0 weighs 1e18
 * with α = 1). A zero stake weighs 0, a weight below 1e-18 rounds to 0, and the age factor is exactly 1 when the
 * age, β or γ is 0. Parameters other than {@link LOTTERY_DEFAULTS} are checked against the contract's bounds
 * ({@link validateLotteryParams}) on every call; the contract checks its own once, at deployment.
 *
 * @param stake - The stake in wei (uint256).
 * @param ageEpochs - The node's age in epochs (uint256).
 * @param params - The deployment parameters (default {@link LOTTERY_DEFAULTS}).
 * @returns The weight, 18-decimal fixed point.
 * @throws {LotteryError} `WeightOverflow` (contract: `LotteryLib__WeightOverflow`) when the stake exceeds 2^255 − 1
 *   or `ln w` reaches `expWad`'s limit (a weight of about 5.8e58 tokens); `InvalidParams` for parameters out of
 *   bounds.
 * @throws {InvalidParameterError} When an argument is not a bigint of the contract's type range.
 * @example
 * lotteryWeight(10n ** 18n, 0n) // 1000000000000000000n: 1 token, new node
 * lotteryWeight(1000n * 10n ** 18n, 300n) // 2066473752248327877943n ≈ 1000 · (1 + 0.04 · 256)^0.3 tokens
 */
export function lotteryWeight(stake: bigint, ageEpochs: bigint, params: LotteryParams = LOTTERY_DEFAULTS): bigint {
  uintArgument("lotteryWeight", "stake", stake, UINT256_MAX);
  uintArgument("lotteryWeight", "ageEpochs", ageEpochs, UINT256_MAX);
  const p = paramsArgument("lotteryWeight", params);
  // The contract checks its parameters once, at deployment; here they come with every call, so check them each
  // time (a unit slip such as alpha = 1n would otherwise weigh every node alike).
  if (params !== LOTTERY_DEFAULTS) validateLotteryParams(p);
  if (stake === 0n) return 0n;
  const overflow = () =>
    new LotteryError("WeightOverflow", `lottery weight overflows for stake ${stake} at age ${ageEpochs}`);
  if (stake > INT256_MAX) throw overflow();
  let logWeight = sMulWad(p.alpha, lnWad(stake));
  const a = ageEpochs < p.ageCap ? ageEpochs : p.ageCap;
  if (a !== 0n && p.beta !== 0n && p.gamma !== 0n) {
    // WAD + γ·a < 2^129 (both uint64), as in the contract.
    logWeight += sMulWad(p.beta, lnWad(WAD + p.gamma * a));
  }
  if (logWeight >= EXP_WAD_INPUT_LIMIT) throw overflow();
  return expWad(logWeight);
}

function bytes32Argument(fn: string, name: string, value: Uint8Array | string): Uint8Array {
  if (value instanceof Uint8Array) {
    if (value.length !== 32) throw new InvalidParameterError(`${fn}: ${name} must be 32 bytes, got ${value.length}`);
    return value;
  }
  if (typeof value === "string" && /^0x[0-9a-fA-F]{64}$/.test(value)) return hexToBytes(value.slice(2));
  throw new InvalidParameterError(`${fn}: ${name} must be 32 bytes (a Uint8Array or a 0x-prefixed hex string)`);
}

function uint256FromBytes(bytes: Uint8Array): bigint {
  return BigInt("0x" + bytesToHex(bytes));
}

/**
 * `k` = the top 64 bits of the VRF output plus one, in [1, 2^64]: the node's uniform draw is `u = k / 2^64 ∈ (0, 1]`.
 *
 * @param beta - The 32-byte VRF output (Uint8Array or 0x-hex).
 * @returns k.
 * @throws {InvalidParameterError} When beta is not 32 bytes.
 * @example
 * uFromBeta(new Uint8Array(32)) // 1n (u = 2^-64)
 */
export function uFromBeta(beta: Uint8Array | string): bigint {
  return (uint256FromBytes(bytes32Argument("uFromBeta", "beta", beta)) >> 192n) + 1n;
}

/**
 * A ticket's race time `ln t` with `t = −ln(u) / w`, 18-decimal and signed, exactly as `LotteryLib.raceTime`: the
 * lowest wins. See the module notes for why the logarithm is kept.
 *
 * @param beta - The node's 32-byte VRF output for this slot or epoch (Uint8Array or 0x-hex).
 * @param weight - The node's weight from {@link lotteryWeight} (uint256).
 * @returns `ln t` · 1e18; {@link RACE_TIME_NEVER} for a zero weight, {@link RACE_TIME_INSTANT} when −ln u rounds
 *   to 0 (k ≥ 2^64 − 6).
 * @throws {LotteryError} `InvalidWeight` (contract: `LotteryLib__InvalidWeight`) when weight > 2^255 − 1.
 * @throws {InvalidParameterError} When beta is not 32 bytes or the weight is not a uint256 bigint.
 * @example
 * const w = lotteryWeight(1000n * 10n ** 18n, 12n);
 * const t = raceTime(vrfOutput, w); // compare with other nodes' race times: lower wins
 */
export function raceTime(beta: Uint8Array | string, weight: bigint): bigint {
  const bytes = bytes32Argument("raceTime", "beta", beta);
  uintArgument("raceTime", "weight", weight, UINT256_MAX);
  if (weight === 0n) return RACE_TIME_NEVER;
  if (weight > INT256_MAX) throw new LotteryError("InvalidWeight", `raceTime: weight ${weight} exceeds 2^255 - 1`);
  const k = (uint256FromBytes(bytes) >> 192n) + 1n;
  const minusLnU = LN_2_POW_64 - lnWad(k);
  if (minusLnU <= 0n) return RACE_TIME_INSTANT;
  return lnWad(minusLnU) - lnWad(weight);
}

/**
 * The tie-break `uint256(keccak256(pid ‖ σ))`, as `LotteryLib.tieBreak`: on equal race times the lower wins.
 *
 * @param pid - The node's 32-byte PID (Uint8Array or 0x-hex).
 * @param sigma - The 32-byte seed σ of the slot or epoch (Uint8Array or 0x-hex).
 * @returns The tie-break as an integer.
 * @throws {InvalidParameterError} When pid or sigma is not 32 bytes.
 * @example
 * const ticket = { raceTime: raceTime(vrfOutput, w), tieBreak: tieBreak(pid, sigma) };
 */
export function tieBreak(pid: Uint8Array | string, sigma: Uint8Array | string): bigint {
  const input = new Uint8Array(64);
  input.set(bytes32Argument("tieBreak", "pid", pid), 0);
  input.set(bytes32Argument("tieBreak", "sigma", sigma), 32);
  return uint256FromBytes(keccak_256(input));
}

/** A node's entry in a lottery: its race time ({@link raceTime}) and its tie-break ({@link tieBreak}). */
export interface LotteryTicket {
  /** `ln t` · 1e18, lower is better. */
  raceTime: bigint;
  /** `uint256(keccak256(pid ‖ σ))`, lower is better on equal race times. */
  tieBreak: bigint;
}

/**
 * Orders tickets best first, as `LotteryLib.beats`: the lower race time wins, then the lower tie-break.
 * Usable directly as an `Array.prototype.sort` comparator.
 *
 * @param a - A ticket.
 * @param b - Another ticket.
 * @returns −1 when a beats b, 1 when b beats a, 0 when they are equal.
 * @example
 * tickets.sort(compareTickets); // tickets[0] is the winner
 */
export function compareTickets(a: LotteryTicket, b: LotteryTicket): -1 | 0 | 1 {
  if (a.raceTime !== b.raceTime) return a.raceTime < b.raceTime ? -1 : 1;
  if (a.tieBreak !== b.tieBreak) return a.tieBreak < b.tieBreak ? -1 : 1;
  return 0;
}

/**
 * ln of a positive bigint as a float, without converting the bigint (which may exceed 2^1024) to a number. For the
 * SDK's probabilities; not exported from the package.
 *
 * @param x - A positive integer.
 * @returns ln x, to double precision.
 */
export function lnBig(x: bigint): number {
  const bits = x.toString(2).length;
  const shift = bits > 64 ? bits - 64 : 0;
  return Math.log(Number(x >> BigInt(shift))) + shift * Math.LN2;
}

/**
 * `P(win | t) = exp(−(W − w)·t)`: the probability that a node with race time `raceTime` and weight `w` wins against
 * the rest of an active set of total weight `W` (every other node's time is exponential with rate `w_j`). A node
 * uses it to decide whether submitting its ticket is worth it (DESIGN §4).
 *
 * Here t = exp(raceTime / 1e18) and W − w is read as (W − w) / 1e18, like the weights. The product is formed as
 * `exp(ln(W − w) + ln t)`, so neither a huge total weight nor an extreme race time overflows a float on the way:
 * the result is only as far from exact as double rounding makes it, and is always in [0, 1].
 *
 * @param raceTime - The ticket's race time from {@link raceTime}.
 * @param weight - The node's weight (18-decimal).
 * @param totalWeight - The active set's total weight W, including the node's own (18-decimal).
 * @returns The win probability; 1 for {@link RACE_TIME_INSTANT}, 0 for {@link RACE_TIME_NEVER} unless W = w.
 * @throws {InvalidParameterError} When an argument is not a bigint, weight < 0 or totalWeight < weight.
 * @example
 * const p = winProbability(raceTime(vrfOutput, w), w, totalWeight);
 * if (p > 0.01) await submitTicket();
 */
export function winProbability(raceTime: bigint, weight: bigint, totalWeight: bigint): number {
  for (const [name, value] of [
    ["raceTime", raceTime],
    ["weight", weight],
    ["totalWeight", totalWeight],
  ] as const) {
    if (typeof value !== "bigint") {
      throw new InvalidParameterError(`winProbability: ${name} must be a bigint, got ${typeof value}`);
    }
  }
  if (weight < 0n) throw new InvalidParameterError(`winProbability: negative weight ${weight}`);
  if (totalWeight < weight) {
    throw new InvalidParameterError(`winProbability: total weight ${totalWeight} is below weight ${weight}`);
  }
  const others = totalWeight - weight;
  if (others === 0n || raceTime === RACE_TIME_INSTANT) return 1;
  if (raceTime === RACE_TIME_NEVER) return 0;
  // (W − w)·t = exp(ln((W − w) / 1e18) + raceTime / 1e18); exp overflows to Infinity only when P is 0 anyway.
  const exponent = lnBig(others) - lnBig(WAD) + Number(raceTime) / 1e18;
  return Math.exp(-Math.exp(exponent));
}

/** Basis points in one: a FEE_SPLIT or FEE_BURN of 10,000 is 100%. */
const BPS = 10_000n;
const INT256_MIN = -(1n << 255n);

/**
 * Checks a share in basis points (a FEE_SPLIT or a FEE_BURN): an integer in [0, 10,000], as a bigint or a number.
 *
 * @param fn - The function checking it, for the message.
 * @param name - The argument's name.
 * @param value - The share.
 * @returns The share as a bigint.
 * @throws {InvalidParameterError} If it is not an integer in [0, 10,000].
 */
export function basisPointsArgument(fn: string, name: string, value: bigint | number): bigint {
  const ok = typeof value === "bigint" || (typeof value === "number" && Number.isSafeInteger(value));
  if (!ok) throw new InvalidParameterError(`${fn}: ${name} must be an integer number of basis points`);
  const share = BigInt(value);
  if (share < 0n || share > BPS) {
    throw new InvalidParameterError(`${fn}: ${name} must be between 0 and 10000 basis points, got ${share}`);
  }
  return share;
}

/**
 * A race time boosted by a share in basis points, exactly as `LotteryLib.boostedRaceTime`: seed 001's
 * `score × (1 + share)` carried into the race, `t / (1 + share/10⁴)`, so `ln t − lnWad(1e18 + share·1e14)`. The
 * contract ranks a Cooperative proposal by its race time boosted by its FEE_SPLIT, and a chunk prover's ticket by its
 * race time boosted by its FEE_BURN. The sentinels {@link RACE_TIME_NEVER} and {@link RACE_TIME_INSTANT} and a share
 * of 0 leave the time as it is.
 *
 * @param raceTime - A race time from {@link raceTime} (`ln t` · 1e18, an int256).
 * @param shareBps - The FEE_SPLIT or FEE_BURN in basis points, 0 to 10,000.
 * @returns The boosted race time: lower is better.
 * @throws {InvalidParameterError} If the share is not an integer in [0, 10,000], the race time is not an int256
 *   bigint, or it lies so close to −2^255 that boosting it leaves int256 (the contract panics there; no race time
 *   from {@link raceTime} does).
 * @example
 * const score = boostedRaceTime(raceTime(vrfOutput, weight), 4_000); // FEE_BURN 40%: t ÷ 1.4
 */
export function boostedRaceTime(raceTime: bigint, shareBps: bigint | number): bigint {
  const share = basisPointsArgument("boostedRaceTime", "shareBps", shareBps);
  if (typeof raceTime !== "bigint") {
    throw new InvalidParameterError(`boostedRaceTime: raceTime must be a bigint, got ${typeof raceTime}`);
  }
  if (raceTime < INT256_MIN || raceTime > INT256_MAX) {
    throw new InvalidParameterError(`boostedRaceTime: raceTime must fit in an int256, got ${raceTime}`);
  }
  if (share === 0n || raceTime === RACE_TIME_NEVER || raceTime === RACE_TIME_INSTANT) return raceTime;
  // 1e18 + share·1e14 ≤ 2e18: its lnWad is in [0, ln 2]·1e18, as on-chain.
  const boosted = raceTime - lnWad(WAD + share * 10n ** 14n);
  if (boosted < INT256_MIN) {
    throw new InvalidParameterError(`boostedRaceTime: boosting raceTime ${raceTime} leaves the int256 range`);
  }
  return boosted;
}

/** Parameters of {@link boostedWinProbability}. */
export interface BoostedWinProbabilityParameters {
  /** The ticket's race time from {@link raceTime}, not yet boosted. */
  raceTime: bigint;
  /** The ticket's boost in basis points (its FEE_SPLIT for a proposal), 0 to 10,000. */
  boostBps: bigint | number;
  /** The node's weight (18-decimal). */
  weight: bigint;
  /** The active set's total weight W, including the node's own (18-decimal). */
  totalWeight: bigint;
  /** The boost every other node is assumed to use, in basis points (default 0). */
  othersBoostBps?: bigint | number;
}

/**
 * The chance that a ticket whose race time is divided by `1 + boost` wins against the rest of the active set, when
 * every other node's time is divided by `1 + othersBoost`: `P = exp(−(W − w) · t · (1 + othersBoost) / (1 + boost))`
 * with t = exp(raceTime / 1e18). A Cooperative rollup ranks each proposal by its race time ÷ (1 + FEE_SPLIT), so a
 * sequencer weighs its FEE_SPLIT against its chance of winning the slot with it.
 *
 * Assumption: every other node of the active set enters, each with the same boost `othersBoost` (default 0, which
 * overstates the chance when others declare a FEE_SPLIT; the deployment's minimum FEE_SPLIT, `config().feeSplit`, is
 * the least any proposal declares). Dividing a node's exponential time by a constant multiplies its rate by it, so the
 * others' times stay a race of total rate (W − w)·(1 + othersBoost). Computed in the log domain like
 * {@link winProbability}, so it never overflows a float and is always in [0, 1].
 *
 * @param params - Race time, boosts and weights.
 * @returns The win probability; 1 for {@link RACE_TIME_INSTANT}, 0 for {@link RACE_TIME_NEVER} unless W = w.
 * @throws {InvalidParameterError} When an argument is not a bigint, a boost is outside [0, 10,000] basis points,
 *   weight < 0 or totalWeight < weight.
 * @example
 * const t = raceTime(vrfOutput, w);
 * for (const feeSplit of [2_000, 5_000, 8_000]) {
 *   console.log(feeSplit, boostedWinProbability({ raceTime: t, boostBps: feeSplit, weight: w, totalWeight, othersBoostBps: 2_000 }));
 * }
 */
export function boostedWinProbability(params: BoostedWinProbabilityParameters): number {
  if (typeof params !== "object" || params === null) {
    throw new InvalidParameterError("boostedWinProbability: parameters are missing");
  }
  const boost = basisPointsArgument("boostedWinProbability", "boostBps", params.boostBps);
  const othersBoost = basisPointsArgument("boostedWinProbability", "othersBoostBps", params.othersBoostBps ?? 0n);
  const { raceTime, weight, totalWeight } = params;
  // The unboosted probability checks the arguments (and answers for the sentinels, which boosts leave as they are).
  const plain = winProbability(raceTime, weight, totalWeight);
  if (totalWeight === weight || raceTime === RACE_TIME_INSTANT || raceTime === RACE_TIME_NEVER) return plain;
  const exponent =
    lnBig(totalWeight - weight) -
    lnBig(WAD) +
    Number(raceTime) / 1e18 -
    Math.log1p(Number(boost) / 1e4) +
    Math.log1p(Number(othersBoost) / 1e4);
  return Math.exp(-Math.exp(exponent));
}
