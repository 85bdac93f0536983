// Shared by the lottery vector generator and the differential test: a seeded PRNG, input generators that cover the
// lottery's extremes, and the harness with revert decoding.
import { ethers } from "hardhat";
import type { LotteryLibHarness, LotteryLibHarness__factory } from "../../packages/client/src/typechain";

export const E18 = 10n ** 18n;
export const INT256_MAX = (1n << 255n) - 1n;
export const INT256_MIN = -(1n << 255n);
export const UINT256_MAX = (1n << 256n) - 1n;
/** 10^30 tokens in wei: the largest stake the issue requires. */
export const MAX_STAKE = 10n ** 48n;
/** solady's `expWad` reverts from this input on. */
export const EXP_LIMIT = 135305999368893231589n;
/** solady's `expWad` returns 0 at and below this input. */
export const EXP_ZERO = -41446531673892822313n;
export const ZERO32 = "0x" + "00".repeat(32);
export const ONES32 = "0x" + "ff".repeat(32);

export interface Params {
  alpha: bigint;
  beta: bigint;
  gamma: bigint;
  ageCap: bigint;
}
export const DEFAULTS: Params = { alpha: E18, beta: 3n * 10n ** 17n, gamma: 4n * 10n ** 16n, ageCap: 256n };

/**
 * splitmix64 over bigints: a small, well-mixed, seedable PRNG (Steele, Lea & Flood 2014), so a failing run can be
 * replayed from the printed seed. Not cryptographic; it only has to spread test inputs.
 */
export class Rng {
  private state: bigint;
  constructor(seed: bigint) {
    this.state = BigInt.asUintN(64, seed);
  }
  next64(): bigint {
    this.state = BigInt.asUintN(64, this.state + 0x9e3779b97f4a7c15n);
    let z = this.state;
    z = BigInt.asUintN(64, (z ^ (z >> 30n)) * 0xbf58476d1ce4e5b9n);
    z = BigInt.asUintN(64, (z ^ (z >> 27n)) * 0x94d049bb133111ebn);
    return z ^ (z >> 31n);
  }
  /** A uniform integer with `bits` random bits. */
  bits(bits: number): bigint {
    let x = 0n;
    for (let i = 0; i < bits; i += 64) x = (x << 64n) | this.next64();
    return BigInt.asUintN(bits, x);
  }
  /** A uniform integer in [0, n) (n ≤ 2^256; the bias of one extra 64-bit word is negligible for tests). */
  below(n: bigint): bigint {
    return this.bits(n.toString(2).length + 64) % n;
  }
  int(n: number): number {
    return Number(this.below(BigInt(n)));
  }
  /** An integer in [1, max] whose bit length is uniform: covers every magnitude equally. */
  logUniform(max: bigint): bigint {
    const length = 1 + this.int(max.toString(2).length);
    const x = (1n << BigInt(length - 1)) | this.bits(length - 1);
    return x > max ? 1n + this.below(max) : x;
  }
  pick<T>(items: readonly T[]): T {
    return items[this.int(items.length)];
  }
  bytes32(): string {
    return "0x" + this.bits(256).toString(16).padStart(64, "0");
  }
}

/** A seed from `LOTTERY_SEED` (to replay a run) or the clock. */
export function seedFromEnv(): bigint {
  const env = process.env.LOTTERY_SEED;
  return env ? BigInt(env) : BigInt(Date.now());
}

/** A random valid parameter set, with each bound's edges drawn often. */
export function randomParams(rng: Rng): Params {
  const edgeOr = (edges: bigint[], max: bigint) => (rng.int(4) === 0 ? rng.pick(edges) : rng.below(max + 1n));
  return {
    alpha: edgeOr([1n, E18, 15n * 10n ** 17n], 15n * 10n ** 17n - 1n) || 1n,
    beta: edgeOr([0n, 1n, E18], E18),
    gamma: edgeOr([0n, 1n, E18], E18),
    ageCap: edgeOr([0n, 1n, 10_000n], 10_000n),
  };
}

/** A stake in [1, 10^48] wei, log-uniform, with the extremes mixed in. */
export function randomStake(rng: Rng): bigint {
  if (rng.int(10) === 0) return rng.pick([1n, 2n, E18 - 1n, E18, E18 + 1n, MAX_STAKE - 1n, MAX_STAKE]);
  return rng.logUniform(MAX_STAKE);
}

/** An age in epochs: below, at and above A_max, and huge. */
export function randomAge(rng: Rng, ageCap: bigint): bigint {
  switch (rng.int(6)) {
    case 0:
      return rng.pick([0n, 1n, ageCap, ageCap + 1n, UINT256_MAX]);
    case 1:
      return rng.logUniform(UINT256_MAX);
    default:
      return rng.below(ageCap + 2n);
  }
}

/** A VRF output: uniform, or with extreme top 64 bits (which alone decide u), incl. all-zero and all-ones. */
export function randomBeta(rng: Rng): string {
  switch (rng.int(8)) {
    case 0:
      return rng.pick([ZERO32, ONES32]);
    case 1: {
      const top = rng.pick([0n, 1n, 2n, (1n << 64n) - 2n, (1n << 64n) - 1n, 1n << 63n, (1n << 63n) - 1n]);
      return "0x" + ((top << 192n) | rng.bits(192)).toString(16).padStart(64, "0");
    }
    case 2: // small top 64 bits: u near 2^-64
      return "0x" + ((rng.logUniform(1n << 20n) << 192n) | rng.bits(192)).toString(16).padStart(64, "0");
    case 3: // u near 1
      return (
        "0x" + ((((1n << 64n) - rng.logUniform(1n << 20n)) << 192n) | rng.bits(192)).toString(16).padStart(64, "0")
      );
    default:
      return rng.bytes32();
  }
}

export async function deployHarness(): Promise<LotteryLibHarness> {
  const factory = (await ethers.getContractFactory("LotteryLibHarness")) as unknown as LotteryLibHarness__factory;
  const harness = await factory.deploy();
  await harness.waitForDeployment();
  return harness;
}

/** solady reverts with selectors written in assembly, so they are not in the harness ABI. */
const SOLADY_ERRORS = ["LnWadUndefined", "ExpOverflow", "SMulWadFailed"];

/** The name of the custom error a failed harness call reverted with; throws when it did not revert with one. */
export function revertName(harness: LotteryLibHarness, error: unknown): string {
  const data = (error as { data?: unknown }).data;
  if (typeof data !== "string" || data.length < 10) throw error;
  const parsed = harness.interface.parseError(data);
  if (parsed) return parsed.name;
  const solady = SOLADY_ERRORS.find((name) => ethers.id(`${name}()`).slice(0, 10) === data.slice(0, 10));
  if (solady) return solady;
  throw error;
}

/** `{ value }` when the call succeeds, `{ error }` with the custom error's name when it reverts. */
export async function outcome<T>(
  harness: LotteryLibHarness,
  call: () => Promise<T>,
): Promise<{ value: T; error?: undefined } | { value?: undefined; error: string }> {
  try {
    return { value: await call() };
  } catch (e) {
    return { error: revertName(harness, e) };
  }
}

/** Splits `items` into batches of `size`. */
export function chunks<T>(items: readonly T[], size: number): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < items.length; i += size) out.push(items.slice(i, i + size));
  return out;
}
