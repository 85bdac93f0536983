// The L1 gas of each mechanism's transactions, from the repository's measured figures (bench/*.json, embedded at build
// time by tsup.config.ts / vitest.config.ts as `__BENCH_FIGURES__`). Until bench/open-race.json exists, the open race's
// figures are estimates derived from the Sidecar ones, named in `estimates` and flagged in every report.

declare const __BENCH_FIGURES__: Record<"rollup" | "cooperative" | "lottery" | "openRace", unknown>;

/** Gas by a count (blocks or chunks), measured at a few counts: {@link gasAt} interpolates. */
export type GasByCount = Readonly<Record<string, number>>;

/** The open race's figures, the keys of `bench/open-race.json`. */
export interface OpenRaceGas {
  proposeGas: number;
  submitProofGasByBlocks: GasByCount;
  submitRedundantProofGas: number;
  settleRedundancyGas: number;
  flagPriceTooLowGas: number;
  submitProverTicketGas: number;
}

/** Every figure the simulation charges. */
export interface L1GasFigures {
  sidecar: {
    proposeGas: number;
    proverTicketGas: number;
    claimProofRightGas: number;
    submitEpochProofGas: GasByCount;
  };
  cooperative: {
    proposeGas: number;
    submitChunkProofGas: number;
    finalizeGasByChunks: GasByCount;
    /** The open race of an epoch that cannot finalize. */
    submitEpochProofGas: GasByCount;
  };
  openRace: OpenRaceGas;
  /** Where the open race's figures come from. */
  openRaceSource: "bench/open-race.json" | "estimate from bench/rollup.json and bench/lottery.json";
  /** The figures that are estimates rather than measurements, as `mechanism.key`. */
  estimates: string[];
}

/** The keys `bench/open-race.json` must have. */
export const OPEN_RACE_GAS_KEYS = [
  "proposeGas",
  "submitProofGasByBlocks",
  "submitRedundantProofGas",
  "settleRedundancyGas",
  "flagPriceTooLowGas",
  "submitProverTicketGas",
] as const satisfies readonly (keyof OpenRaceGas)[];

function gasNumber(source: string, key: string, value: unknown): number {
  if (typeof value !== "number" || !Number.isFinite(value) || value <= 0) {
    throw new Error(`${source}: "${key}" must be a positive number of gas`);
  }
  return value;
}

function gasTable(source: string, key: string, value: unknown): GasByCount {
  if (typeof value !== "object" || value === null || Object.keys(value).length === 0) {
    throw new Error(`${source}: "${key}" must map counts to gas`);
  }
  for (const [count, gas] of Object.entries(value)) {
    if (!/^[1-9][0-9]*$/.test(count)) throw new Error(`${source}: "${key}" has a non-count key "${count}"`);
    gasNumber(source, `${key}.${count}`, gas);
  }
  return value as GasByCount;
}

function record(source: string, raw: unknown): Record<string, unknown> {
  if (typeof raw !== "object" || raw === null) throw new Error(`${source} is missing`);
  return raw as Record<string, unknown>;
}

/**
 * Checks `bench/open-race.json`'s content: every key of {@link OPEN_RACE_GAS_KEYS}, with gas figures.
 *
 * @param raw - The parsed file.
 * @returns The figures.
 * @throws {Error} Naming the first missing or malformed key.
 */
export function parseOpenRaceGas(raw: unknown): OpenRaceGas {
  const source = "bench/open-race.json";
  const r = record(source, raw);
  for (const key of OPEN_RACE_GAS_KEYS) if (!(key in r)) throw new Error(`${source} lacks "${key}"`);
  return {
    proposeGas: gasNumber(source, "proposeGas", r.proposeGas),
    submitProofGasByBlocks: gasTable(source, "submitProofGasByBlocks", r.submitProofGasByBlocks),
    submitRedundantProofGas: gasNumber(source, "submitRedundantProofGas", r.submitRedundantProofGas),
    settleRedundancyGas: gasNumber(source, "settleRedundancyGas", r.settleRedundancyGas),
    flagPriceTooLowGas: gasNumber(source, "flagPriceTooLowGas", r.flagPriceTooLowGas),
    submitProverTicketGas: gasNumber(source, "submitProverTicketGas", r.submitProverTicketGas),
  };
}

/** Estimates (no measurement yet) of a settlement's and a flag's gas: a few storage writes and a transfer each. */
const SETTLE_REDUNDANCY_GAS_ESTIMATE = 60_000;
const FLAG_PRICE_TOO_LOW_GAS_ESTIMATE = 50_000;

/**
 * The figures from the raw bench files (`__BENCH_FIGURES__` by default).
 *
 * @param raw - The parsed bench/rollup.json, cooperative.json, lottery.json and open-race.json (null if absent).
 * @returns Every figure, with the open race's estimated from the Sidecar ones when its file is absent.
 * @throws {Error} When a file lacks a figure.
 */
export function l1GasFigures(
  raw: Record<"rollup" | "cooperative" | "lottery" | "openRace", unknown> = __BENCH_FIGURES__,
): L1GasFigures {
  const rollup = record("bench/rollup.json", raw.rollup);
  const cooperative = record("bench/cooperative.json", raw.cooperative);
  const lottery = record("bench/lottery.json", raw.lottery);
  const submitEpochProofGas = gasTable("bench/rollup.json", "submitEpochProofGas", rollup.submitEpochProofGas);
  const proposeGas = gasNumber("bench/rollup.json", "proposeGas", rollup.proposeGas);
  const proverTicketGas = gasNumber("bench/lottery.json", "proverTicketGas", lottery.proverTicketGas);
  const estimates = ["cooperative.submitEpochProofGas"];
  let openRace: OpenRaceGas;
  let openRaceSource: L1GasFigures["openRaceSource"];
  if (raw.openRace !== null && raw.openRace !== undefined) {
    openRace = parseOpenRaceGas(raw.openRace);
    openRaceSource = "bench/open-race.json";
  } else {
    // Estimates until the open race is measured: a proposal and a state update cost what the Sidecar's proposal and
    // epoch proof cost, a redundant proof what a one-epoch update costs.
    openRace = {
      proposeGas,
      submitProofGasByBlocks: submitEpochProofGas,
      submitRedundantProofGas: gasAt(submitEpochProofGas, 32),
      settleRedundancyGas: SETTLE_REDUNDANCY_GAS_ESTIMATE,
      flagPriceTooLowGas: FLAG_PRICE_TOO_LOW_GAS_ESTIMATE,
      submitProverTicketGas: proverTicketGas,
    };
    openRaceSource = "estimate from bench/rollup.json and bench/lottery.json";
    estimates.push(...OPEN_RACE_GAS_KEYS.map((key) => `openRace.${key}`));
  }
  return {
    sidecar: {
      proposeGas,
      proverTicketGas,
      claimProofRightGas: gasNumber("bench/rollup.json", "claimProofRightGas", rollup.claimProofRightGas),
      submitEpochProofGas,
    },
    cooperative: {
      proposeGas,
      submitChunkProofGas: gasNumber("bench/cooperative.json", "submitChunkProofGas", cooperative.submitChunkProofGas),
      finalizeGasByChunks: gasTable("bench/cooperative.json", "finalizeGasByChunks", cooperative.finalizeGasByChunks),
      // The Cooperative open race verifies an epoch proof like the Sidecar's: estimated by it.
      submitEpochProofGas,
    },
    openRace,
    openRaceSource,
    estimates,
  };
}

/**
 * Gas at `count` from a table measured at a few counts: linear between the two nearest measured counts, extended
 * linearly beyond the ends (by the last two points above, the first two below).
 *
 * @param table - Gas by count.
 * @param count - A positive count.
 * @returns The interpolated gas, rounded.
 */
export function gasAt(table: GasByCount, count: number): number {
  let memo = gasMemo.get(table);
  if (memo === undefined) {
    memo = new Map();
    gasMemo.set(table, memo);
  }
  let gas = memo.get(count);
  if (gas === undefined) {
    gas = interpolate(table, count);
    memo.set(count, gas);
  }
  return gas;
}

const gasMemo = new WeakMap<GasByCount, Map<number, number>>();

function interpolate(table: GasByCount, count: number): number {
  const points = Object.entries(table)
    .map(([k, gas]) => [Number(k), gas] as const)
    .sort((a, b) => a[0] - b[0]);
  if (points.length === 1) return Math.round((points[0][1] * count) / points[0][0]);
  let i = 1;
  while (i < points.length - 1 && points[i][0] < count) i++;
  const [x0, y0] = points[i - 1];
  const [x1, y1] = points[i];
  return Math.round(y0 + ((y1 - y0) * (count - x0)) / (x1 - x0));
}
