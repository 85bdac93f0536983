// Writes test/vectors/lottery.json: inputs and the outputs (or custom-error names) that the compiled LotteryLib and
// solady functions give for them, through LotteryLibHarness on the in-process Hardhat network. The client SDK's unit
// tests check its TypeScript mirror against this file without a chain, so every expected value comes from the
// contract, never from the mirror. The inputs are fixed (seed below), so a rerun reproduces the file unless the
// contract changed.
//
//   npx hardhat run test/lottery/generate-vectors.ts
import { writeFileSync } from "node:fs";
import path from "node:path";
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
  deployHarness,
  outcome,
  randomAge,
  randomBeta,
  randomParams,
  randomStake,
} from "./differential-helpers";
import type { Params } from "./differential-helpers";

const SEED = 20_261_121n;
const OUT = path.join(__dirname, "..", "vectors", "lottery.json");

type Vector = Record<string, string | Record<string, string>>;
const str = (p: Params) => ({
  alpha: p.alpha.toString(),
  beta: p.beta.toString(),
  gamma: p.gamma.toString(),
  ageCap: p.ageCap.toString(),
});
const result = (key: string, o: { value?: bigint; error?: string }): Record<string, string> =>
  o.error === undefined ? { [key]: (o.value as bigint).toString() } : { error: o.error };

async function lnWad(h: LotteryLibHarness, x: bigint): Promise<Vector> {
  return { x: x.toString(), ...result("out", await outcome(h, async () => (await h.lnWads([x]))[0])) };
}
async function expWad(h: LotteryLibHarness, x: bigint): Promise<Vector> {
  return { x: x.toString(), ...result("out", await outcome(h, async () => (await h.expWads([x]))[0])) };
}
async function weight(h: LotteryLibHarness, p: Params, stake: bigint, age: bigint): Promise<Vector> {
  const o = await outcome(h, () => h.weight(p, stake, age));
  return { params: str(p), stake: stake.toString(), age: age.toString(), ...result("weight", o) };
}
async function raceTime(h: LotteryLibHarness, beta: string, w: bigint): Promise<Vector> {
  return { beta, weight: w.toString(), ...result("raceTime", await outcome(h, () => h.raceTime(beta, w))) };
}

async function main() {
  const h = await deployHarness();
  const rng = new Rng(SEED);

  const ln: Vector[] = [];
  for (const x of [1n, 2n, 10n, E18 - 1n, E18, E18 + 1n, 2n * E18, 1n << 64n, 1n << 96n, 1n << 128n, MAX_STAKE]) {
    ln.push(await lnWad(h, x));
  }
  for (const x of [1n << 254n, INT256_MAX - 1n, INT256_MAX, 0n, -1n, -E18, INT256_MIN]) ln.push(await lnWad(h, x));
  for (let i = 0; i < 120; i++) ln.push(await lnWad(h, rng.logUniform(INT256_MAX)));

  const exp: Vector[] = [];
  for (const x of [0n, 1n, -1n, E18, -E18, 2n * E18, -42n * E18, EXP_ZERO, EXP_ZERO + 1n, EXP_LIMIT - 1n]) {
    exp.push(await expWad(h, x));
  }
  for (const x of [135n * E18, EXP_LIMIT, INT256_MAX, INT256_MIN]) exp.push(await expWad(h, x));
  for (let i = 0; i < 120; i++) exp.push(await expWad(h, EXP_ZERO - E18 + rng.below(EXP_LIMIT - EXP_ZERO + E18)));

  const weights: Vector[] = [];
  for (const stake of [0n, 1n, E18, 1000n * E18, MAX_STAKE]) {
    for (const age of [0n, 1n, 255n, 256n, 257n, UINT256_MAX]) weights.push(await weight(h, DEFAULTS, stake, age));
  }
  const maxAlpha = { ...DEFAULTS, alpha: 15n * 10n ** 17n, beta: E18, gamma: E18, ageCap: 10_000n };
  for (const [p, stake, age] of [
    [DEFAULTS, INT256_MAX, 0n],
    [DEFAULTS, INT256_MAX, 256n],
    [DEFAULTS, 1n << 255n, 0n],
    [DEFAULTS, UINT256_MAX, 0n],
    [maxAlpha, MAX_STAKE, 10_000n],
    [maxAlpha, 10n ** 57n, 10_000n],
    [maxAlpha, 1n, 0n],
    [{ ...DEFAULTS, alpha: 1n }, MAX_STAKE, 0n],
  ] as const) {
    weights.push(await weight(h, p, stake, age));
  }
  for (let i = 0; i < 60; i++) weights.push(await weight(h, DEFAULTS, randomStake(rng), randomAge(rng, 256n)));
  for (let i = 0; i < 140; i++) {
    const p = randomParams(rng);
    weights.push(await weight(h, p, randomStake(rng), randomAge(rng, p.ageCap)));
  }

  const races: Vector[] = [];
  const halfTop = "0x" + "7f" + "ff".repeat(7) + "00".repeat(24); // k = 2^63: u = 1/2
  for (const beta of [ZERO32, ONES32, halfTop]) {
    for (const w of [0n, 1n, E18, 1000n * E18, INT256_MAX, 1n << 255n, UINT256_MAX])
      races.push(await raceTime(h, beta, w));
  }
  // u within a few 1e-18 of 1: −ln u rounds to 0 (INSTANT) for the top few k, then steps by one unit per ~18 k.
  for (let j = 0n; j < 24n; j++) {
    races.push(await raceTime(h, "0x" + (((1n << 64n) - 1n - j) << 192n).toString(16).padStart(64, "0"), E18));
  }
  for (const v of weights.slice(30, 200)) {
    if (v.weight !== undefined) races.push(await raceTime(h, randomBeta(rng), BigInt(v.weight as string)));
  }
  while (races.length < 330) races.push(await raceTime(h, randomBeta(rng), rng.logUniform(INT256_MAX)));

  const ties: Vector[] = [];
  for (const [pid, sigma] of [
    [ZERO32, ZERO32],
    [ONES32, ONES32],
    [ZERO32, ONES32],
  ]) {
    ties.push({ pid, sigma, tieBreak: (await h.tieBreak(pid, sigma)).toString() });
  }
  for (let i = 0; i < 12; i++) {
    const [pid, sigma] = [rng.bytes32(), rng.bytes32()];
    ties.push({ pid, sigma, tieBreak: (await h.tieBreak(pid, sigma)).toString() });
  }

  const validations: Vector[] = [];
  const U64 = (1n << 64n) - 1n;
  for (const p of [
    DEFAULTS,
    maxAlpha,
    { alpha: 1n, beta: 0n, gamma: 0n, ageCap: 0n },
    { ...DEFAULTS, alpha: 0n },
    { ...DEFAULTS, alpha: 15n * 10n ** 17n + 1n },
    { ...DEFAULTS, beta: E18 + 1n },
    { ...DEFAULTS, gamma: E18 + 1n },
    { ...DEFAULTS, ageCap: 10_001n },
    { alpha: U64, beta: U64, gamma: U64, ageCap: U64 },
  ]) {
    const o = await outcome(h, async () => (await h.validate(p), 0n));
    validations.push({ params: str(p), ...(o.error === undefined ? {} : { error: o.error }) });
  }

  const [computed] = await h.lnWadOf2Pow64();
  const data = {
    description:
      "Outputs of contracts/lottery/LotteryLib.sol and solady 0.1.26 FixedPointMathLib (lnWad, expWad) for fixed inputs, " +
      "produced through LotteryLibHarness by test/lottery/generate-vectors.ts. Integers are decimal strings; " +
      "'error' is the custom error the call reverts with. Do not edit by hand: regenerate.",
    seed: SEED.toString(),
    lnWadOf2Pow64: computed.toString(),
    lnWad: ln,
    expWad: exp,
    weight: weights,
    raceTime: races,
    tieBreak: ties,
    validate: validations,
  };
  // One vector per line keeps the file reviewable in a diff.
  const sections = Object.entries(data).map(([key, value]) =>
    Array.isArray(value)
      ? `  ${JSON.stringify(key)}: [\n${value.map((v) => `    ${JSON.stringify(v)}`).join(",\n")}\n  ]`
      : `  ${JSON.stringify(key)}: ${JSON.stringify(value)}`,
  );
  writeFileSync(OUT, `{\n${sections.join(",\n")}\n}\n`);
  const count = ln.length + exp.length + weights.length + races.length + ties.length + validations.length;
  console.log(`wrote ${count} vectors to ${path.relative(process.cwd(), OUT)}`);
}

// Only as a script (`npx hardhat run`): the Hardhat test task loads every file under test/, and this one must not
// deploy, mine or rewrite the vectors in the middle of the suite.
if (require.main === module) {
  main().catch((error) => {
    console.error(error);
    process.exitCode = 1;
  });
}
