// The open race on populations whose outcome is known in advance, and its fee against the spec's rule step by step.
import { OPEN_RACE_DEFAULTS, nextProvingBaseFee } from "@blockage/client";
import { describe, expect, it } from "vitest";
import { simulationConfig } from "../config";
import { drawEpoch } from "../epoch-draws";
import { drawPopulation } from "../population";
import { runWorld } from "./test-world";

describe("OpenRaceMechanism", () => {
  it("proves every epoch quickly when provers are fast and proving is cheap", () => {
    const record = runWorld("open-race", () => ({ reliability: 1, strategy: "honest", speed: 20, costPerChunk: 1e-6 }));
    expect(record.events.stateUpdates).toBeGreaterThan(0);
    for (const after of record.provenAfter) expect(after).toBeLessThanOrEqual(32);
    expect(record.credited + record.burned).toBe(record.valueIn);
  });

  it("raises the fee by 12.5% a roll while nothing is proven (the lag is over twice the target)", () => {
    const record = runWorld("open-race", () => ({ reliability: 1, strategy: "honest", costPerChunk: 1e6 }), {
      epochs: 12,
    });
    expect(record.events.stateUpdates).toBe(0);
    const fees = record.series.provingBaseFee;
    // By hand: epoch 0 at the initial fee; the roll into e sees lag e·32 − (the first block's slot).
    const config = simulationConfig({ seed: "world", provers: 60, epochs: 12 });
    const firstSlot = drawEpoch(config, drawPopulation(config).provers, 0).blocks[0].slot;
    let fee = OPEN_RACE_DEFAULTS.initialProvingBaseFee;
    expect(fees[0]).toBe(Number(fee) / 1e18);
    for (let e = 1; e < 12; e++) {
      const lag = BigInt(e * 32 - firstSlot);
      fee = nextProvingBaseFee({
        fee,
        lagSlots: lag,
        targetLagSlots: 32n,
        flagged: false,
        minFee: OPEN_RACE_DEFAULTS.minProvingBaseFee,
      });
      expect(fees[e]).toBe(Number(fee) / 1e18);
    }
    expect(fees[11] / fees[3]).toBeCloseTo(1.125 ** 8, 6);
  });

  it("lowers the fee while epochs are proven within the target", () => {
    const record = runWorld("open-race", () => ({ reliability: 1, strategy: "honest", speed: 20, costPerChunk: 1e-6 }));
    const fees = record.series.provingBaseFee;
    expect(fees[fees.length - 1]).toBeLessThan(fees[0]);
  });

  it("steps the fee up on a quorum of flags from active provers, and not without the signal", () => {
    // Every prover is equally fast and cheap (so the racers' winners vary and several become active) but griefing:
    // each flags every epoch it may.
    const world = () => ({ reliability: 1, strategy: "griefing" as const, speed: 20, costPerChunk: 1e-6 });
    const flagged = runWorld("open-race", world);
    const quiet = runWorld("open-race", world, { openRaceSignal: false });
    expect(flagged.events.flaggedEpochs).toBeGreaterThan(0);
    expect(quiet.events.flags).toBe(0);
    const last = (r: typeof flagged) => r.series.provingBaseFee[r.series.provingBaseFee.length - 1];
    expect(last(flagged)).toBeGreaterThan(last(quiet));
  });
});
