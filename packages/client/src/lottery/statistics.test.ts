/**
 * Statistical test of the lottery: 20 000 lotteries decided with real VRF outputs, as nodes decide them.
 *
 * Four nodes with secp256k1 VRF keys, different stakes and ages. In lottery j every node evaluates its VRF on
 * alpha_j = lotteryAlpha(sigma_j, "SEQUENCER") (`evaluate` of `@blockage/vrf`, the beta its proof would carry), turns
 * beta into a ticket (`raceTime(beta, w_i)`, `tieBreak(pid_i, sigma_j)`) and the best ticket by `compareTickets` wins.
 * The race promises P(node i wins) = w_i / Σw, so:
 *
 * - the win counts must fit N · w_i / Σw (chi-square goodness of fit, df = 3, p > 0.001);
 * - B has exactly twice A's stake at the same age, so among the lotteries won by A or B, B's share must fit 2/3;
 * - negative controls: the same counts must be rejected, by the same thresholds, against wrong models (weights that
 *   ignore age; B no better than A), which shows the tests have the power to notice a broken weight.
 *
 * Every input is derived from fixed labels, so the counts are the same on every run: the test cannot flake, and a
 * change to the VRF or the race that alters any outcome shows up in the printed counts.
 *
 * 80 000 VRF evaluations take about 200 s of CPU (about 2.5 ms each, almost all of it the constant-time secp256k1
 * scalar multiplication x·H), so they are split into contiguous ranges of lotteries over `node:worker_threads` workers,
 * one per core; the main thread then decides the lotteries in order, so the result does not depend on the split.
 */
import { createHash } from "node:crypto";
import { createRequire } from "node:module";
import { availableParallelism } from "node:os";
import { performance } from "node:perf_hooks";
import { Worker } from "node:worker_threads";
import { evaluate, proofToHash, prove, type Suite } from "@blockage/vrf";
import { beforeAll, describe, expect, it } from "vitest";
import { lotteryAlpha } from "../beacon/seed";
import { compareTickets, lotteryWeight, raceTime, tieBreak, type LotteryTicket } from "./index";

const SUITE: Suite = "ECVRF-SECP256K1-SHA256-TAI";
const LOTTERIES = 20_000;
const BETA_LEN = 32;
/** One worker per available core (2 on the CI machine), at most 8. */
const WORKERS = Math.max(1, Math.min(availableParallelism(), 8));
const TOKEN = 10n ** 18n;

/** Chi-square critical value for df = 3 at p = 0.001 (upper tail): P(χ²₃ > 16.266) = 0.001. */
const CHI2_CRITICAL_DF3_P001 = 16.266;
/** Two-sided standard normal critical value at p = 0.001: P(|Z| > 3.2905) = 0.001. */
const Z_CRITICAL_P001 = 3.2905;

const sha256 = (...parts: (string | Uint8Array)[]): Uint8Array => {
  const h = createHash("sha256");
  for (const p of parts) h.update(p);
  return new Uint8Array(h.digest());
};

/** j as 4 big-endian bytes. */
const u32 = (j: number): Uint8Array => Uint8Array.of(j >>> 24, (j >>> 16) & 0xff, (j >>> 8) & 0xff, j & 0xff);

interface StatNode {
  name: string;
  stake: bigint;
  age: bigint;
  sk: Uint8Array;
  pid: Uint8Array;
  weight: bigint;
}

/** A: 1000 tokens new; B: double A's stake, same age; C: A's stake at the age cap (factor ≈ 2.07); D: 3000 at age 40. */
const NODES: StatNode[] = (
  [
    ["A", 1000n, 0n],
    ["B", 2000n, 0n],
    ["C", 1000n, 256n],
    ["D", 3000n, 40n],
  ] as const
).map(([name, tokens, age], i) => ({
  name,
  stake: tokens * TOKEN,
  age,
  sk: sha256(`blockage-stat-node-${i}`),
  pid: sha256(`blockage-stat-pid-${i}`),
  weight: lotteryWeight(tokens * TOKEN, age),
}));

/** sigma_j: a 32-byte seed per lottery. */
const sigmaOf = (j: number): Uint8Array => sha256("blockage-stat-sigma", u32(j));

/**
 * Worker body (plain CommonJS, evaluated as a string so it needs no build step): evaluate every key on every alpha
 * of its range with the built `@blockage/vrf`, and send the betas back as one buffer, lottery-major.
 */
const WORKER_SOURCE = `
const { parentPort, workerData } = require("node:worker_threads");
const { evaluate } = require(workerData.vrfPath);
const { suite, keys, alphas, alphaLen, betaLen } = workerData;
const count = alphas.length / alphaLen;
const out = new Uint8Array(count * keys.length * betaLen);
for (let j = 0; j < count; j++) {
  const alpha = alphas.subarray(j * alphaLen, (j + 1) * alphaLen);
  for (let i = 0; i < keys.length; i++) {
    const beta = evaluate(suite, keys[i], alpha);
    if (beta.length !== betaLen) throw new Error("unexpected beta length " + beta.length);
    out.set(beta, (j * keys.length + i) * betaLen);
  }
}
parentPort.postMessage(out, [out.buffer]);
`;

function runWorker(keys: Uint8Array[], alphas: Uint8Array, alphaLen: number): Promise<Uint8Array> {
  const vrfPath = createRequire(import.meta.url).resolve("@blockage/vrf");
  return new Promise((resolve, reject) => {
    const worker = new Worker(WORKER_SOURCE, {
      eval: true,
      workerData: { vrfPath, suite: SUITE, keys, alphas, alphaLen, betaLen: BETA_LEN },
    });
    let result: Uint8Array | undefined;
    worker.on("message", (m: Uint8Array) => (result = m));
    worker.on("error", reject);
    worker.on("exit", (code) => {
      if (code === 0 && result !== undefined) resolve(result);
      else reject(new Error(`VRF worker exited with code ${code} and ${result === undefined ? "no" : "a"} result`));
    });
  });
}

/** betas[(j · nodes + i) · 32 ..] = evaluate(SUITE, sk_i, alpha_j), computed on up to `availableParallelism()` workers. */
async function evaluateAll(keys: Uint8Array[], alphas: Uint8Array[]): Promise<Uint8Array> {
  const alphaLen = alphas[0].length;
  if (!alphas.every((a) => a.length === alphaLen)) throw new Error("alphas must all have the same length");
  const per = Math.ceil(alphas.length / WORKERS);
  const ranges: Uint8Array[][] = [];
  for (let start = 0; start < alphas.length; start += per) ranges.push(alphas.slice(start, start + per));
  const parts = await Promise.all(
    ranges.map((range) => {
      const flat = new Uint8Array(range.length * alphaLen);
      range.forEach((a, k) => flat.set(a, k * alphaLen));
      return runWorker(keys, flat, alphaLen);
    }),
  );
  const out = new Uint8Array(alphas.length * keys.length * BETA_LEN);
  let offset = 0;
  for (const p of parts) {
    out.set(p, offset);
    offset += p.length;
  }
  if (offset !== out.length) throw new Error(`workers returned ${offset} bytes, expected ${out.length}`);
  return out;
}

/**
 * Pearson's chi-square statistic Σ (O_i − E_i)² / E_i of observed counts against a model: E_i = N · p_i with
 * p_i = weight_i / Σ weight. Weights are the lottery's 18-decimal bigints; their ratios are all that matters, so
 * they are scaled to floats only after dividing by the total.
 */
function chiSquare(observed: readonly number[], weights: readonly bigint[]): { statistic: number; expected: number[] } {
  const n = observed.reduce((a, b) => a + b, 0);
  const total = weights.reduce((a, b) => a + b, 0n);
  // p_i with 15 significant digits: (w_i · 10^15 / Σw) / 10^15 — no bigint above 2^53 is turned into a number.
  const SCALE = 10n ** 15n;
  const expected = weights.map((w) => (n * Number((w * SCALE) / total)) / Number(SCALE));
  const statistic = observed.reduce((acc, o, i) => acc + (o - expected[i]) ** 2 / expected[i], 0);
  return { statistic, expected };
}

/** z-score of `successes` out of `trials` against success probability p (normal approximation to the binomial). */
function zScore(successes: number, trials: number, p: number): number {
  return (successes - trials * p) / Math.sqrt(trials * p * (1 - p));
}

describe(`lottery statistics: ${LOTTERIES} lotteries, ${NODES.length} nodes, real ${SUITE} outputs`, () => {
  const sigmas = Array.from({ length: LOTTERIES }, (_, j) => sigmaOf(j));
  const alphas = sigmas.map((s) => lotteryAlpha(s, "SEQUENCER"));
  const wins = NODES.map(() => 0);
  let betas: Uint8Array = new Uint8Array(0);
  const betaOf = (j: number, i: number): Uint8Array =>
    betas.subarray((j * NODES.length + i) * BETA_LEN, (j * NODES.length + i + 1) * BETA_LEN);

  beforeAll(async () => {
    const t0 = performance.now();
    betas = await evaluateAll(
      NODES.map((n) => n.sk),
      alphas,
    );
    const t1 = performance.now();
    for (let j = 0; j < LOTTERIES; j++) {
      let best = -1;
      let bestTicket: LotteryTicket | undefined;
      for (let i = 0; i < NODES.length; i++) {
        const ticket = {
          raceTime: raceTime(betaOf(j, i), NODES[i].weight),
          tieBreak: tieBreak(NODES[i].pid, sigmas[j]),
        };
        if (bestTicket === undefined || compareTickets(ticket, bestTicket) < 0) {
          best = i;
          bestTicket = ticket;
        }
      }
      wins[best]++;
    }
    const t2 = performance.now();
    const total = NODES.reduce((a, n) => a + n.weight, 0n);
    console.log(
      `${LOTTERIES} lotteries: ${LOTTERIES * NODES.length} VRF evaluations in ${((t1 - t0) / 1000).toFixed(1)} s ` +
        `on ${WORKERS} worker(s), tickets and winners in ${((t2 - t1) / 1000).toFixed(1)} s`,
    );
    console.table(
      NODES.map((n, i) => ({
        node: n.name,
        tokens: Number(n.stake / TOKEN),
        age: Number(n.age),
        weight: Number(n.weight / 10n ** 12n) / 1e6,
        expectedShare: Number((n.weight * 10n ** 9n) / total) / 1e9,
        wins: wins[i],
        observedShare: wins[i] / LOTTERIES,
      })),
    );
    // ~200 s of CPU: roughly 100 s on two idle cores, 192 s measured on two busy ones; the limit leaves room.
  }, 600_000);

  it("the workers' betas are the VRF outputs: evaluate in this thread and proofToHash(prove(...)) agree", () => {
    for (const j of [0, 1, Math.floor(LOTTERIES / 2), LOTTERIES - 1]) {
      NODES.forEach((n, i) => {
        const beta = Buffer.from(betaOf(j, i)).toString("hex");
        expect(beta).toBe(Buffer.from(evaluate(SUITE, n.sk, alphas[j])).toString("hex"));
        if (j === 0) expect(beta).toBe(Buffer.from(proofToHash(SUITE, prove(SUITE, n.sk, alphas[j]))).toString("hex"));
      });
    }
    // The 80 000 outputs are distinct (a worker that repeated or skipped a range would duplicate some).
    const seen = new Set<string>();
    for (let k = 0; k < betas.length; k += BETA_LEN)
      seen.add(Buffer.from(betas.subarray(k, k + BETA_LEN)).toString("hex"));
    expect(seen.size).toBe(LOTTERIES * NODES.length);
  });

  it("the weights are what the nodes are built to test: B = 2·A, C's age factor ≈ 2.07, D's ≈ 1.33", () => {
    const [a, b, c, d] = NODES.map((n) => Number(n.weight / 10n ** 9n) / 1e9);
    expect(b / a).toBeCloseTo(2, 9);
    expect(c / a).toBeCloseTo((1 + 0.04 * 256) ** 0.3, 9);
    expect(d / (3 * a)).toBeCloseTo((1 + 0.04 * 40) ** 0.3, 9);
    expect(wins.reduce((x, y) => x + y, 0)).toBe(LOTTERIES);
  });

  it("every node's win frequency matches w_i / Σw (chi-square, df = 3, p > 0.001)", () => {
    const { statistic, expected } = chiSquare(
      wins,
      NODES.map((n) => n.weight),
    );
    console.log(
      `chi-square vs w_i/Σw: ${statistic.toFixed(3)} (critical ${CHI2_CRITICAL_DF3_P001}); ` +
        `expected ${expected.map((e) => e.toFixed(1)).join(", ")}; observed ${wins.join(", ")}`,
    );
    expect(statistic).toBeLessThan(CHI2_CRITICAL_DF3_P001);
  });

  it("doubling the stake doubles the odds: B wins 2/3 of the lotteries won by A or B", () => {
    const [a, b] = wins;
    const z = zScore(b, a + b, 2 / 3);
    console.log(
      `A ${a} wins, B ${b} wins: B/A = ${(b / a).toFixed(4)}, B's share ${(b / (a + b)).toFixed(4)}, z = ${z.toFixed(3)}`,
    );
    expect(Math.abs(z)).toBeLessThan(Z_CRITICAL_P001);
    expect(b / a).toBeGreaterThan(1.8);
    expect(b / a).toBeLessThan(2.2);
  });

  it("negative controls: the same counts reject wrong models (the tests have power)", () => {
    // Weights ∝ stake, ignoring age: C would win as often as A, D three times as often.
    const stakeOnly = chiSquare(
      wins,
      NODES.map((n) => n.stake),
    );
    console.log(
      `chi-square vs stake-only weights: ${stakeOnly.statistic.toFixed(1)} (must exceed ${CHI2_CRITICAL_DF3_P001})`,
    );
    expect(stakeOnly.statistic).toBeGreaterThan(CHI2_CRITICAL_DF3_P001);
    // Weights ∝ age factor only, ignoring stake.
    const ageOnly = chiSquare(
      wins,
      NODES.map((n) => lotteryWeight(TOKEN, n.age)),
    );
    expect(ageOnly.statistic).toBeGreaterThan(CHI2_CRITICAL_DF3_P001);
    // Stake not mattering between A and B (share 1/2) is rejected by the z-test.
    const [a, b] = wins;
    const zHalf = zScore(b, a + b, 1 / 2);
    console.log(`z of B's share vs 1/2: ${zHalf.toFixed(1)} (must exceed ${Z_CRITICAL_P001} in magnitude)`);
    expect(Math.abs(zHalf)).toBeGreaterThan(Z_CRITICAL_P001);
  });
});
