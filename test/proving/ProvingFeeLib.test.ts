// Differential test: the open race's proving base fee rule (`ProvingFeeLib.nextFee`, through `ProvingFeeHarness`)
// against its TypeScript mirror `nextProvingBaseFee` in `@blockage/client` (the built package), over edge cases and
// seeded random inputs; `LOTTERY_SEED=<seed>` replays a run.
import { expect } from "chai";
import { MAX_PROVING_BASE_FEE, nextProvingBaseFee } from "@blockage/client";
import type { ProvingFeeHarness, ProvingFeeHarness__factory } from "../../packages/client/src/typechain";
import { Rng, chunks, seedFromEnv } from "../lottery/differential-helpers";
import { factory } from "../registry/helpers";

interface FeeCase {
  fee: bigint;
  lag: bigint;
  target: bigint;
  minFee: bigint;
  flagged: boolean;
}

const RANDOM_CASES = 2_000;

function randomCase(rng: Rng): FeeCase {
  const target = rng.logUniform(2n ** 32n - 1n);
  const fee = rng.int(8) === 0 ? MAX_PROVING_BASE_FEE - rng.below(1000n) : rng.logUniform(MAX_PROVING_BASE_FEE);
  const lag = rng.int(3) === 0 ? rng.below(3n * target + 2n) : rng.logUniform(2n ** 64n);
  const minFee = rng.int(4) === 0 ? fee : rng.logUniform(fee === 0n ? 1n : fee);
  return { fee, lag, target, minFee, flagged: rng.int(2) === 0 };
}

const sdk = (c: FeeCase) =>
  nextProvingBaseFee({ fee: c.fee, lagSlots: c.lag, targetLagSlots: c.target, flagged: c.flagged, minFee: c.minFee });

describe("ProvingFeeLib (the open race's proving base fee) against the SDK", function () {
  let harness: ProvingFeeHarness;

  before(async function () {
    harness = (await (await factory<ProvingFeeHarness__factory>("ProvingFeeHarness")).deploy()) as ProvingFeeHarness;
  });

  it("agrees on the rule's edges: at, above and below the target, the clamp, the signal, the floor and the cap", async function () {
    const E16 = 10n ** 16n;
    const cases: (FeeCase & { expected: bigint })[] = [
      { fee: E16, lag: 32n, target: 32n, minFee: 1n, flagged: false, expected: E16 },
      { fee: E16, lag: 64n, target: 32n, minFee: 1n, flagged: false, expected: E16 + E16 / 8n },
      { fee: E16, lag: 10_000n, target: 32n, minFee: 1n, flagged: false, expected: E16 + E16 / 8n },
      { fee: E16, lag: 0n, target: 32n, minFee: 1n, flagged: false, expected: E16 - E16 / 8n },
      // One slot under the target: −fee/256, truncated toward zero.
      { fee: 1000n, lag: 31n, target: 32n, minFee: 1n, flagged: false, expected: 1000n - 3n },
      { fee: E16, lag: 0n, target: 32n, minFee: 1n, flagged: true, expected: E16 + E16 / 4n },
      // Above the target and flagged: the signal's quarter beats 1559's eighth.
      { fee: E16, lag: 64n, target: 32n, minFee: 1n, flagged: true, expected: E16 + E16 / 4n },
      { fee: 100n, lag: 0n, target: 32n, minFee: 95n, flagged: false, expected: 95n },
      { fee: MAX_PROVING_BASE_FEE, lag: 64n, target: 32n, minFee: 1n, flagged: true, expected: MAX_PROVING_BASE_FEE },
      { fee: 0n, lag: 64n, target: 32n, minFee: 7n, flagged: true, expected: 7n },
    ];
    const onChain = await harness.nextFees(cases);
    cases.forEach((c, i) => {
      expect(
        onChain[i],
        JSON.stringify(c, (_, v) => (typeof v === "bigint" ? String(v) : v)),
      ).to.equal(c.expected);
      expect(sdk(c)).to.equal(c.expected);
    });
  });

  it(`agrees on ${RANDOM_CASES} random inputs`, async function () {
    const seed = seedFromEnv();
    const rng = new Rng(seed);
    const cases = Array.from({ length: RANDOM_CASES }, () => randomCase(rng));
    for (const batch of chunks(cases, 250)) {
      const onChain = await harness.nextFees(batch);
      batch.forEach((c, i) => {
        const where = `seed ${seed}: ${JSON.stringify(c, (_, v) => (typeof v === "bigint" ? String(v) : v))}`;
        expect(sdk(c), where).to.equal(onChain[i]);
      });
    }
  });
});
