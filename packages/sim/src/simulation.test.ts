// A small run end to end: the same seed gives the same report byte for byte, every mechanism conserves value, and the
// figures are consistent with the records they come from.
import { describe, expect, it } from "vitest";
import { simulationConfig } from "./config";
import { MechanismRecord } from "./mechanism-record";
import { buildReport, recoveryEpochs } from "./report";
import { offlineProvers, simulate } from "./simulation";
import { formatTable } from "./table";

const small = (seed: string) =>
  simulationConfig({ seed, epochs: 60, provers: 120, scenarioEpochs: 40, costShock: { factor: 3, epoch: 10 } });

describe("simulate", () => {
  const result = simulate(small("test"));
  const report = buildReport(result);

  it("gives the same report for the same seed, and another for another seed", () => {
    const again = JSON.stringify(buildReport(simulate(small("test"))));
    expect(again).toBe(JSON.stringify(report));
    expect(JSON.stringify(buildReport(simulate(small("other"))))).not.toBe(JSON.stringify(report));
  });

  it("credits or burns everything that comes in, under every mechanism", () => {
    for (const record of Object.values(result.main)) {
      expect(record.valueIn > 0n).toBe(true);
      expect(record.credited + record.burned + record.returnedToPool).toBe(record.valueIn);
    }
    for (const name of ["sidecar", "cooperative", "open-race"] as const) {
      expect(report.mechanisms[name]?.valueConserved).toBe(true);
    }
  });

  it("reports figures consistent with the records", () => {
    for (const [name, record] of Object.entries(result.main)) {
      const m = report.mechanisms[name as keyof typeof report.mechanisms]!;
      const total = Array.from(record.revenue).reduce((s, x) => s + x, 0);
      expect(m.revenue.totalTokens).toBeCloseTo(total, 1);
      expect(m.wastedWork.wastedShare).toBeCloseTo(record.wastedChunks / (record.wastedChunks + record.paidChunks), 3);
      expect(m.liveness.map((l) => l.offlineShare)).toEqual([0, 0.1, 0.3, 0.5]);
      expect(m.timeToProof.medianSeconds).toBe((m.timeToProof.medianSlots ?? 0) * 12);
      expect(m.provenWithinTargetShare! <= m.provenInTimeShare!).toBe(true);
    }
    expect(report.population).toEqual({ honest: 84, lazy: 18, griefing: 12, colluding: 6 });
  });

  it("prints a table with every mechanism", () => {
    const table = formatTable(report);
    for (const name of ["sidecar", "cooperative", "open-race"]) expect(table).toContain(name);
    expect(table).toContain("Nakamoto coefficient");
  });

  it("runs one mechanism alone", () => {
    const alone = buildReport(simulate({ ...small("test"), mechanisms: ["cooperative"] }));
    expect(Object.keys(alone.mechanisms)).toEqual(["cooperative"]);
    // Cooperative plays the same draws alone as beside the others.
    expect(alone.mechanisms.cooperative).toEqual(report.mechanisms.cooperative);
  });
});

describe("offlineProvers", () => {
  it("takes the given share of the population, the same for the same seed", () => {
    const offline = offlineProvers("s", 1000, 0.3);
    expect(offline.reduce((s, x) => s + x, 0)).toBe(300);
    expect(offlineProvers("s", 1000, 0.3)).toEqual(offline);
  });
});

describe("recoveryEpochs", () => {
  const recordOf = (after: number[]) => {
    const record = new MechanismRecord("sidecar", after.length, 1);
    after.forEach((slots, e) => {
      record.hasBlocks[e] = 1;
      record.provenAfter[e] = slots;
    });
    return record;
  };

  it("counts the epochs until a window of 10 is back within 10 points of the share before the shock", () => {
    // 20 epochs within the target (10 slots), the shock at 20, 5 bad epochs, then good again.
    const after = [...Array(20).fill(10), ...Array(5).fill(99), ...Array(20).fill(10)];
    // A window from epoch 24 holds 1 bad epoch of 10: 90% ≥ 100% − 10 points.
    expect(recoveryEpochs(recordOf(after), 24, 20)).toBe(4);
    expect(recoveryEpochs(recordOf([...Array(20).fill(10), ...Array(20).fill(99)]), 24, 20)).toBeNull();
    expect(recoveryEpochs(recordOf(Array(40).fill(10)), 24, 20)).toBe(0);
  });
});
