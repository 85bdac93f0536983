// The gas figures: bench/open-race.json is used whenever it exists and must hold every key; the fallback is flagged.
import { existsSync, readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { OPEN_RACE_GAS_KEYS, gasAt, l1GasFigures, parseOpenRaceGas } from "./l1-gas";

const openRaceFile = new URL("../../../bench/open-race.json", import.meta.url);
const read = (name: string) => JSON.parse(readFileSync(new URL(`../../../bench/${name}`, import.meta.url), "utf8"));

const complete = {
  proposeGas: 180_000,
  submitProofGasByBlocks: { "1": 360_000, "32": 7_600_000 },
  submitRedundantProofGas: 400_000,
  settleRedundancyGas: 40_000,
  flagPriceTooLowGas: 45_000,
  submitProverTicketGas: 140_000,
};

describe("bench/open-race.json", () => {
  it("has every key the simulation reads, whenever it exists", () => {
    if (!existsSync(openRaceFile)) return;
    const raw = JSON.parse(readFileSync(openRaceFile, "utf8"));
    for (const key of OPEN_RACE_GAS_KEYS) expect(raw, `bench/open-race.json lacks "${key}"`).toHaveProperty(key);
    expect(() => parseOpenRaceGas(raw)).not.toThrow();
  });

  it("is the source of the open race's figures whenever it exists (the embedded copy is the file's)", () => {
    const figures = l1GasFigures();
    if (existsSync(openRaceFile)) {
      expect(figures.openRaceSource).toBe("bench/open-race.json");
      expect(figures.openRace).toEqual(parseOpenRaceGas(JSON.parse(readFileSync(openRaceFile, "utf8"))));
    } else {
      expect(figures.openRaceSource).toMatch(/^estimate/);
      expect(figures.estimates).toEqual(expect.arrayContaining(OPEN_RACE_GAS_KEYS.map((k) => `openRace.${k}`)));
    }
  });
});

describe("parseOpenRaceGas", () => {
  it("accepts a complete file and rejects one that lacks a key", () => {
    expect(parseOpenRaceGas(complete).submitProofGasByBlocks).toEqual(complete.submitProofGasByBlocks);
    for (const key of OPEN_RACE_GAS_KEYS) {
      const { [key]: _dropped, ...partial } = complete;
      expect(() => parseOpenRaceGas(partial)).toThrow(`lacks "${key}"`);
    }
    expect(() => parseOpenRaceGas({ ...complete, submitProofGasByBlocks: { x: 1 } })).toThrow(/non-count key/);
  });
});

describe("l1GasFigures", () => {
  const raw = { rollup: read("rollup.json"), cooperative: read("cooperative.json"), lottery: read("lottery.json") };

  it("uses the open race's file when given, with no open-race estimate", () => {
    const figures = l1GasFigures({ ...raw, openRace: complete });
    expect(figures.openRaceSource).toBe("bench/open-race.json");
    expect(figures.openRace.flagPriceTooLowGas).toBe(45_000);
    expect(figures.estimates.some((e) => e.startsWith("openRace."))).toBe(false);
  });

  it("falls back to estimates from the Sidecar figures, flagged, without the file", () => {
    const figures = l1GasFigures({ ...raw, openRace: null });
    expect(figures.openRace.submitProofGasByBlocks).toEqual(raw.rollup.submitEpochProofGas);
    expect(figures.openRace.submitProverTicketGas).toBe(raw.lottery.proverTicketGas);
    expect(figures.estimates).toContain("openRace.settleRedundancyGas");
  });

  it("fails when a measured file lacks a figure", () => {
    expect(() => l1GasFigures({ ...raw, rollup: { ...raw.rollup, proposeGas: undefined }, openRace: null })).toThrow(
      /proposeGas/,
    );
  });
});

describe("gasAt", () => {
  const table = { "1": 100, "4": 400, "8": 600 };
  it("interpolates linearly and extends the end segments", () => {
    expect(gasAt(table, 1)).toBe(100);
    expect(gasAt(table, 2)).toBe(200);
    expect(gasAt(table, 6)).toBe(500);
    expect(gasAt(table, 12)).toBe(800);
  });
});
