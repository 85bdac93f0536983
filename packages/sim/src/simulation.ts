// Runs the mechanisms in lockstep over the same epochs' draws (main run), then the scenarios: a share of the provers
// offline throughout (faults), and a sudden rise in every prover's cost (price discovery), with and without the open
// race's L1 signal.
import { MECHANISMS, type MechanismName, type SimulationConfig } from "./config";
import { drawEpoch } from "./epoch-draws";
import { l1GasFigures, type L1GasFigures } from "./l1-gas";
import type { MechanismRecord } from "./mechanism-record";
import { CooperativeMechanism } from "./mechanisms/cooperative";
import { OpenRaceMechanism } from "./mechanisms/open-race";
import { SidecarMechanism } from "./mechanisms/sidecar";
import { drawPopulation, type Population } from "./population";
import { proverLottery } from "./prover-lottery";
import { createRandom } from "./random";
import { runContext, type RunContext } from "./run-context";

/** The records of one run, by mechanism (only those run). */
export type RunRecords = Partial<Record<MechanismName, MechanismRecord>>;

/** Everything a simulation produced, for the report. */
export interface SimulationResult {
  config: SimulationConfig;
  gas: L1GasFigures;
  population: Population;
  main: RunRecords;
  /** One run per offline share, in the configuration's order. */
  faults: { offlineShare: number; records: RunRecords }[];
  /** The cost shock with the open race's L1 signal on (every mechanism) and off (the open race only). */
  shock: { withSignal: RunRecords; withoutSignal: RunRecords };
  /** Wall-clock seconds of the main run. */
  mainSeconds: number;
}

/** Progress callback: the phase and its share done. */
export type Progress = (phase: string, done: number) => void;

/**
 * Plays `ctx.epochs` epochs of the mechanisms.
 *
 * @param ctx - The run.
 * @param mechanisms - Which mechanisms.
 * @param offline - Provers offline throughout (optional).
 * @param progress - Called every 100 epochs with the share done.
 * @returns The mechanisms' records.
 */
export function runMechanisms(
  ctx: RunContext,
  mechanisms: readonly MechanismName[],
  offline?: Uint8Array,
  progress?: (done: number) => void,
): RunRecords {
  const sidecar = mechanisms.includes("sidecar") ? new SidecarMechanism(ctx) : null;
  const cooperative = mechanisms.includes("cooperative") ? new CooperativeMechanism(ctx) : null;
  const openRace = mechanisms.includes("open-race") ? new OpenRaceMechanism(ctx) : null;
  const { provers } = ctx.population;
  let draws = drawEpoch(ctx.config, provers, 0, offline);
  for (let e = 0; e < ctx.epochs; e++) {
    if (e > 0) draws = drawEpoch(ctx.config, provers, e, offline);
    const tickets = sidecar || openRace ? proverLottery(ctx.population, draws) : [];
    sidecar?.step(draws, tickets);
    cooperative?.step(draws);
    openRace?.step(draws, tickets);
    if (progress && (e + 1) % 100 === 0) progress((e + 1) / ctx.epochs);
  }
  openRace?.finish(draws);
  const records: RunRecords = {};
  if (sidecar) records.sidecar = sidecar.record;
  if (cooperative) records.cooperative = cooperative.record;
  if (openRace) {
    openRace.record.events.unprovenBlocksAtEnd = openRace.unprovenBlocks;
    records["open-race"] = openRace.record;
  }
  return records;
}

/**
 * The provers offline throughout a fault scenario: a uniformly drawn `share` of them.
 *
 * @param seed - The run's seed.
 * @param provers - Population size.
 * @param share - Share offline.
 * @returns 1 for each offline prover.
 */
export function offlineProvers(seed: string, provers: number, share: number): Uint8Array {
  const random = createRandom(seed, "offline", share);
  const ids = Array.from({ length: provers }, (_, i) => i);
  for (let i = provers - 1; i > 0; i--) {
    const j = Math.floor(random.uniform() * (i + 1));
    [ids[i], ids[j]] = [ids[j], ids[i]];
  }
  const offline = new Uint8Array(provers);
  for (let i = 0; i < Math.round(share * provers); i++) offline[ids[i]] = 1;
  return offline;
}

/**
 * Runs the main run and the scenarios.
 *
 * @param config - The configuration.
 * @param progress - Optional progress callback.
 * @returns The records of every run.
 */
export function simulate(config: SimulationConfig, progress?: Progress): SimulationResult {
  const gas = l1GasFigures();
  const population = drawPopulation(config);
  const mechanisms = MECHANISMS.filter((m) => config.mechanisms.includes(m));
  const started = performance.now();
  const main = runMechanisms(
    runContext({ config, population, gas, epochs: config.epochs }),
    mechanisms,
    undefined,
    (done) => progress?.("main run", done),
  );
  const mainSeconds = (performance.now() - started) / 1000;
  const scenario = { config, population, gas, epochs: config.scenarioEpochs };
  const faults = config.offlineShares.map((offlineShare) => ({
    offlineShare,
    records: runMechanisms(
      runContext(scenario),
      mechanisms,
      offlineProvers(config.seed, config.provers, offlineShare),
      (done) => progress?.(`${Math.round(offlineShare * 100)}% offline`, done),
    ),
  }));
  const withSignal = runMechanisms(
    runContext({ ...scenario, costShock: config.costShock }),
    mechanisms,
    undefined,
    (done) => progress?.("cost shock", done),
  );
  const withoutSignal = mechanisms.includes("open-race")
    ? runMechanisms(
        runContext({ ...scenario, costShock: config.costShock, openRaceSignal: false }),
        ["open-race"],
        undefined,
        (done) => progress?.("cost shock, no L1 signal", done),
      )
    : {};
  return { config, gas, population, main, faults, shock: { withSignal, withoutSignal }, mainSeconds };
}
