// The open race's schedule (what the contracts' replay test plays) and the simulated coordinator's parameters.
import { OPEN_RACE_DEFAULTS, TURN_PROVERS, stateUpdatePayout } from "@blockage/client";
import { ROLLUP_DEFAULTS } from "@blockage/client/deploy";
import { describe, expect, it } from "vitest";
import { DEFAULT_CONFIG, openRaceParameters, simulationConfig } from "./config";
import { openRaceSchedule, scheduleCredits } from "./replay";

describe("openRaceParameters", () => {
  it("fits the idle period and the four turns in the rollup's final deadline, as the coordinator requires", () => {
    const p = openRaceParameters(DEFAULT_CONFIG);
    expect(p.idlePeriod + TURN_PROVERS * p.turnPeriod).toBeLessThanOrEqual(ROLLUP_DEFAULTS.finalDeadlineSlots * 12n);
    expect({ ...p, idlePeriod: 0n, turnPeriod: 0n }).toEqual({ ...OPEN_RACE_DEFAULTS, idlePeriod: 0n, turnPeriod: 0n });
    expect(() => simulationConfig({ openRaceTurns: { idleSlots: 30, turnSlots: 6 } })).toThrow(/outlast/);
    expect(() => simulationConfig({ openRaceTurns: DEFAULT_CONFIG.openRaceTurns })).not.toThrow();
  });
});

describe("openRaceSchedule", () => {
  // The contracts' replay test's schedule (its first fee is the coordinator's first roll, 7/8 of the default).
  const config = simulationConfig({ seed: "r174", provers: 5, epochs: 4, missedSlotShare: 0.85 });
  const initialProvingBaseFee = (OPEN_RACE_DEFAULTS.initialProvingBaseFee * 7n) / 8n;
  const schedule = openRaceSchedule(config, { initialProvingBaseFee });

  it("records every block once, updates in chain order, and credits what the model credited", () => {
    expect(schedule.unprovenBlocks).toBe(0);
    expect(schedule.updates.some((u) => u.turn !== null)).toBe(true);
    let next = 0;
    for (const u of schedule.updates) {
      expect(u.fromBlock).toBe(next);
      next = u.toBlock + 1;
      const blocks = schedule.blocks.slice(u.fromBlock, u.toBlock + 1);
      // Every block was proposed before the race started, and paid its epoch's proving fee.
      for (const b of blocks) expect(b.slot).toBeLessThan(u.start);
      const again = stateUpdatePayout({
        blocks: blocks.map((b, i) => ({
          proposer: `${u.fromBlock + i}`,
          txCount: BigInt(b.txCount),
          fees: b.fees,
          baseFee: schedule.epochs[b.epoch].provingBaseFee,
        })),
        blockReward: OPEN_RACE_DEFAULTS.blockReward,
        poolReserve: 10n ** 27n,
        prover: `p${u.prover}`,
        turnProver: u.turnProver === null ? undefined : `p${u.turnProver}`,
        redundancyShareBps: OPEN_RACE_DEFAULTS.redundancyShare,
      });
      expect(again.proverCredit).toBe(u.payout.proverCredit);
      expect(again.redundancyReserve).toBe(u.payout.redundancyReserve);
    }
    expect(next).toBe(schedule.blocks.length);
    const credits = scheduleCredits(
      schedule,
      (p) => `p${p}`,
      (b) => `s${schedule.blocks[b].proposer}`,
    );
    expect([...credits.values()].reduce((a, b) => a + b, 0n)).toBe(schedule.credited);
  });

  it("is deterministic and starts at the given fee", () => {
    const again = openRaceSchedule(config, { initialProvingBaseFee: 5n * 10n ** 15n });
    expect(again.epochs[0].provingBaseFee).toBe(5n * 10n ** 15n);
    expect(openRaceSchedule(config, { initialProvingBaseFee })).toEqual(schedule);
  });
});
