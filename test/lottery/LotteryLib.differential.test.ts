// Differential test: the compiled LotteryLib (and the solady functions it calls) against the TypeScript mirror in
// `@blockage/client` (the built package: run `npm run build -w @blockage/client` first). Inputs come from a seeded PRNG;
// the seed is printed, and `LOTTERY_SEED=<seed> npx hardhat test test/lottery/LotteryLib.differential.test.ts`
// replays a run.
import { expect } from "chai";
import {
  InvalidParameterError,
  LN_2_POW_64,
  LotteryError,
  RACE_TIME_INSTANT,
  RACE_TIME_NEVER,
  boostedRaceTime,
  expWad,
  lnWad,
  lotteryWeight,
  raceTime,
  tieBreak,
  validateLotteryParams,
} from "@blockage/client";
import type { LotteryLibHarness } from "../../packages/client/src/typechain";
import {
  DEFAULTS,
  E18,
  EXP_LIMIT,
  EXP_ZERO,
  INT256_MAX,
  INT256_MIN,
  MAX_STAKE,
  ONES32,
  UINT256_MAX,
  ZERO32,
  Rng,
  chunks,
  deployHarness,
  outcome,
  randomAge,
  randomBeta,
  randomParams,
  randomStake,
  seedFromEnv,
} from "./differential-helpers";
import type { Params } from "./differential-helpers";
import { underCoverage } from "../coverage";

const BATCH = 250;
/** Random draws per comparison: a twentieth under coverage, which runs this EVM-heavy math ~150 times slower. */
const scaled = (n: number) => (underCoverage() ? n / 20 : n);

/** The SDK's result as a string, or the contract error name its LotteryError stands for. */
function sdk(f: () => bigint | void): string {
  try {
    return String(f());
  } catch (e) {
    if (e instanceof LotteryError) return `revert ${e.contractError}`;
    throw e;
  }
}
async function chain(h: LotteryLibHarness, f: () => Promise<bigint | void>): Promise<string> {
  const o = await outcome(h, f);
  return o.error === undefined ? String(o.value) : `revert ${o.error}`;
}

/** JSON with bigints as decimal strings, for failure messages. */
const show = (x: unknown) => JSON.stringify(x, (_k, v) => (typeof v === "bigint" ? v.toString() : v));

/** Asserts two result lists are equal, naming the first differing input. */
function expectSame(label: string, inputs: readonly unknown[], ours: readonly unknown[], theirs: readonly unknown[]) {
  expect(ours.length, label).to.equal(theirs.length);
  const i = ours.findIndex((v, j) => String(v) !== String(theirs[j]));
  if (i >= 0) {
    expect.fail(`${label}: input ${show(inputs[i])}: SDK ${String(ours[i])} ≠ contract ${String(theirs[i])}`);
  }
}

interface Draw {
  stake: bigint;
  age: bigint;
  beta: string;
}

/** The required extremes (1 wei and 10^30 tokens; age 0, A_max and beyond; beta all-zero and all-ones), then random draws. */
function draws(rng: Rng, p: Params, count: number): Draw[] {
  const out: Draw[] = [];
  for (const stake of [1n, MAX_STAKE]) {
    for (const age of [0n, p.ageCap, p.ageCap + 1n, UINT256_MAX]) {
      for (const beta of [ZERO32, ONES32]) out.push({ stake, age, beta });
    }
  }
  while (out.length < count)
    out.push({ stake: randomStake(rng), age: randomAge(rng, p.ageCap), beta: randomBeta(rng) });
  return out;
}

describe("LotteryLib differential: contract vs @blockage/client", function () {
  const seed = seedFromEnv();
  const rng = new Rng(seed);
  let h: LotteryLibHarness;
  let compared = 0;

  before(async function () {
    console.log(`      seed ${seed} (replay with LOTTERY_SEED=${seed})`);
    h = await deployHarness();
  });

  after(function () {
    console.log(`      ${compared} values compared`);
  });

  /** Weights then race times of `inputs` under `p`, in batches, on both sides. */
  async function compareRace(p: Params, inputs: Draw[], label: string) {
    for (const batch of chunks(inputs, BATCH)) {
      const stakes = batch.map((d) => d.stake);
      const ages = batch.map((d) => d.age);
      const contractWeights = await h.weights(p, stakes, ages);
      const sdkWeights = batch.map((d) => lotteryWeight(d.stake, d.age, p));
      expectSame(`${label} weight`, batch, sdkWeights, contractWeights);
      const betas = batch.map((d) => d.beta);
      const contractTimes = await h.raceTimes(betas, [...contractWeights]);
      const sdkTimes = batch.map((d, i) => raceTime(d.beta, sdkWeights[i]));
      expectSame(`${label} raceTime`, batch, sdkTimes, contractTimes);
      compared += 2 * batch.length;
    }
  }

  it("uses the contract's ln 2^64", async function () {
    const [computed, constant] = await h.lnWadOf2Pow64();
    expect(computed).to.equal(constant);
    expect(LN_2_POW_64).to.equal(computed);
    expect(lnWad(1n << 64n)).to.equal(computed);
  });

  it(`agrees on ${scaled(5000)} weights and race times with the default parameters`, async function () {
    await compareRace(DEFAULTS, draws(rng, DEFAULTS, scaled(5000)), "defaults");
  });

  it(`agrees on ${scaled(6000)} weights and race times under 6 random valid parameter sets`, async function () {
    for (let i = 0; i < 6; i++) {
      const p = randomParams(rng);
      validateLotteryParams(p);
      await h.validate(p);
      await compareRace(p, draws(rng, p, scaled(1000)), `params ${show(p)}`);
    }
  });

  it("agrees on race times for arbitrary weights up to 2^255 − 1", async function () {
    const inputs = Array.from({ length: scaled(1000) }, (_, i) => ({
      beta: randomBeta(rng),
      weight: i < 4 ? [0n, 1n, E18, INT256_MAX][i] : rng.logUniform(INT256_MAX),
    }));
    for (const batch of chunks(inputs, BATCH)) {
      const theirs = await h.raceTimes(
        batch.map((d) => d.beta),
        batch.map((d) => d.weight),
      );
      expectSame(
        "raceTime",
        batch,
        batch.map((d) => raceTime(d.beta, d.weight)),
        theirs,
      );
      compared += batch.length;
    }
  });

  it("agrees on lnWad over [1, 2^255 − 1]", async function () {
    const xs = [1n, 2n, E18 - 1n, E18, E18 + 1n, 1n << 64n, INT256_MAX - 1n, INT256_MAX];
    while (xs.length < scaled(2500)) xs.push(rng.logUniform(INT256_MAX));
    for (const batch of chunks(xs, BATCH)) {
      expectSame("lnWad", batch, batch.map(lnWad), await h.lnWads(batch));
      compared += batch.length;
    }
  });

  it("agrees on expWad over (−42e18, 135.3e18)", async function () {
    const xs = [EXP_ZERO - 1n, EXP_ZERO, EXP_ZERO + 1n, -E18, 0n, E18, EXP_LIMIT - 1n];
    while (xs.length < scaled(2500)) {
      // Half uniform over the domain, half near its ends and near 0, where the range reduction changes k.
      xs.push(
        rng.int(2) === 0
          ? EXP_ZERO - E18 + rng.below(EXP_LIMIT - EXP_ZERO + E18)
          : rng.pick([EXP_ZERO, 0n, EXP_LIMIT - 1n]) + (rng.int(2) ? 1n : -1n) * rng.logUniform(10n ** 19n),
      );
    }
    const inDomain = xs.filter((x) => x < EXP_LIMIT);
    for (const batch of chunks(inDomain, BATCH)) {
      expectSame("expWad", batch, batch.map(expWad), await h.expWads(batch));
      compared += batch.length;
    }
  });

  it("fails where the contract reverts, with the matching error", async function () {
    const cases: { label: string; ours: () => bigint | void; theirs: () => Promise<bigint | void> }[] = [];
    const ln = (x: bigint) =>
      cases.push({ label: `lnWad(${x})`, ours: () => lnWad(x), theirs: async () => (await h.lnWads([x]))[0] });
    const exp = (x: bigint) =>
      cases.push({ label: `expWad(${x})`, ours: () => expWad(x), theirs: async () => (await h.expWads([x]))[0] });
    const weight = (p: Params, stake: bigint, age: bigint) =>
      cases.push({
        label: `weight(${stake}, ${age}, ${show(p)})`,
        ours: () => lotteryWeight(stake, age, p),
        theirs: () => h.weight(p, stake, age),
      });
    const race = (beta: string, w: bigint) =>
      cases.push({
        label: `raceTime(${beta}, ${w})`,
        ours: () => raceTime(beta, w),
        theirs: () => h.raceTime(beta, w),
      });
    const validate = (p: Params) =>
      cases.push({
        label: `validate(${show(p)})`,
        ours: () => validateLotteryParams(p),
        theirs: async () => {
          await h.validate(p);
        },
      });

    for (const x of [0n, -1n, -E18, INT256_MIN]) ln(x);
    for (let i = 0; i < 20; i++) ln(-rng.logUniform(-INT256_MIN));
    for (const x of [EXP_LIMIT, EXP_LIMIT + 1n, INT256_MAX]) exp(x);
    for (let i = 0; i < 20; i++) exp(EXP_LIMIT + rng.below(INT256_MAX - EXP_LIMIT));
    for (let i = 0; i < 10; i++) exp(INT256_MIN + rng.logUniform(1n << 250n));
    // Stakes beyond int256, and stakes around the overflow of ln w under every kind of parameters.
    for (const stake of [1n << 255n, UINT256_MAX, INT256_MAX, INT256_MAX - 1n]) weight(DEFAULTS, stake, 0n);
    for (let i = 0; i < 60; i++) {
      const p = randomParams(rng);
      weight(p, MAX_STAKE + rng.logUniform(UINT256_MAX - MAX_STAKE), randomAge(rng, p.ageCap));
    }
    const maxed = { alpha: 15n * 10n ** 17n, beta: E18, gamma: E18, ageCap: 10_000n };
    for (let i = 0; i < 20; i++) weight(maxed, 10n ** 56n + rng.below(10n ** 58n), 10_000n);
    for (const w of [1n << 255n, UINT256_MAX]) race(ONES32, w);
    for (let i = 0; i < 10; i++) race(randomBeta(rng), (1n << 255n) + rng.below(1n << 255n));
    const U64 = (1n << 64n) - 1n;
    for (let i = 0; i < 40; i++) {
      // Half of each field's draws lie past its bound (up to uint64).
      const field = (max: bigint) => (rng.int(3) === 0 ? max + 1n + rng.below(U64 - max) : rng.below(max + 1n));
      validate({ alpha: field(15n * 10n ** 17n), beta: field(E18), gamma: field(E18), ageCap: field(10_000n) });
    }
    validate({ ...DEFAULTS, alpha: 0n });

    const seen = new Set<string>();
    for (const c of cases) {
      const theirs = await chain(h, c.theirs);
      expect(sdk(c.ours), c.label).to.equal(theirs);
      seen.add(theirs.startsWith("revert ") ? theirs.slice("revert ".length) : "value");
    }
    compared += cases.length;
    // The cases were built to reach every revert (and some successes near the limits): check they did.
    expect([...seen].sort()).to.deep.equal(
      [
        "ExpOverflow",
        "LnWadUndefined",
        "LotteryLib__InvalidParams",
        "LotteryLib__InvalidWeight",
        "LotteryLib__WeightOverflow",
        "value",
      ].sort(),
    );
  });

  it(`agrees on ${scaled(400)} race times boosted by a FEE_SPLIT or FEE_BURN, and fails where the contract panics`, async function () {
    const shares = [0n, 1n, 4_000n, 9_999n, 10_000n];
    const inputs: { time: bigint; share: bigint }[] = [RACE_TIME_NEVER, RACE_TIME_INSTANT, 0n, INT256_MAX].flatMap(
      (time) => shares.map((share) => ({ time, share })),
    );
    while (inputs.length < scaled(400)) {
      const share = rng.int(4) === 0 ? rng.pick(shares) : rng.below(10_001n);
      // Race times of random tickets (within ±200e18), and arbitrary int256 values away from the low end.
      const time =
        rng.int(2) === 0
          ? raceTime(randomBeta(rng), rng.logUniform(INT256_MAX))
          : (rng.int(2) === 0 ? -1n : 1n) * rng.logUniform(INT256_MAX - E18);
      inputs.push({ time, share });
    }
    for (const { time, share } of inputs) {
      expect(boostedRaceTime(time, share), show({ time, share })).to.equal(await h.boostedRaceTime(time, share));
    }
    // Within ln 2 of −2^255 (no race time is there) the subtraction underflows: the contract panics, the SDK throws.
    for (const time of [INT256_MIN + 1n, INT256_MIN + 10n ** 17n]) {
      const reverted = await h.boostedRaceTime(time, 10_000n).then(
        () => false,
        () => true,
      );
      expect(reverted, String(time)).to.equal(true);
      expect(() => boostedRaceTime(time, 10_000n)).to.throw(InvalidParameterError);
    }
    compared += inputs.length + 2;
  });

  it("agrees on the tie-break", async function () {
    const pairs = [[ZERO32, ZERO32] as const, [ONES32, ZERO32] as const];
    while (pairs.length < 50) pairs.push([rng.bytes32(), rng.bytes32()] as const);
    for (const [pid, sigma] of pairs) expect(tieBreak(pid, sigma), pid + sigma).to.equal(await h.tieBreak(pid, sigma));
    compared += pairs.length;
  });
});
