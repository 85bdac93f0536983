import { describe, expect, it } from "vitest";
import { useLocalBeacon } from "../../test/local-beacon";
import { pokeBeacon } from "./poke";

describe("pokeBeacon against a local chain", () => {
  const local = useLocalBeacon();

  it("stores a snapshot and reports the runs of epochs it fixed, the fallback ones apart", async () => {
    const genesis = await local.beacon.genesisTime();
    const epochSeconds = await local.beacon.epochDuration();
    // Inside epoch 1's seed window (genesis + 96, genesis + 288]: nothing to fix yet.
    await local.provider.send("evm_setNextBlockTimestamp", [Number(genesis + 100n)]);
    const first = await pokeBeacon(local.beacon);
    expect(first).toMatchObject({ stored: true, fixedEpochs: [], fallbackEpochs: [] });
    // Eleven epochs without a poke: epoch 1 gets its normal seed, epochs 2–12 share one fallback record.
    await local.provider.send("evm_setNextBlockTimestamp", [Number(genesis + 12n * epochSeconds)]);
    const later = await pokeBeacon(local.beacon);
    expect(later.stored).toBe(true);
    expect(later.fixedEpochs).toEqual([
      [1n, 1n],
      [2n, 12n],
    ]);
    expect(later.fallbackEpochs).toEqual([[2n, 12n]]);
    expect(later.snapshotCount).toBe(first.snapshotCount + 1n);
    expect((await local.beacon.seedInputs(7n)).anchorBlock).toBe(BigInt(first.receipt.blockNumber));
  });
});
