/**
 * `@blockage/sim`: an agent-based, deterministic simulation of the three prover mechanisms of DESIGN §9 — Sidecar,
 * Cooperative and Open race — over the same population of provers, with the SDK's lottery and reward math.
 *
 * @example
 * import { buildReport, simulate, simulationConfig } from "@blockage/sim";
 * const report = buildReport(simulate(simulationConfig({ epochs: 500, provers: 200, seed: "7" })));
 * console.log(report.mechanisms["open-race"]?.timeToProof);
 *
 * @module
 */
export { DEFAULT_CONFIG, MECHANISMS, STRATEGIES, openRaceParameters, simulationConfig } from "./config";
export type { MechanismName, OpenRaceParameters, SimulationConfig, Strategy } from "./config";
export { OPEN_RACE_GAS_KEYS, gasAt, l1GasFigures, parseOpenRaceGas } from "./l1-gas";
export type { GasByCount, L1GasFigures, OpenRaceGas } from "./l1-gas";
export { drawPopulation } from "./population";
export type { Population, Prover } from "./population";
export { offlineProvers, runMechanisms, simulate } from "./simulation";
export type { Progress, RunRecords, SimulationResult } from "./simulation";
export { RECOVERY_TOLERANCE, RECOVERY_WINDOW, TARGET_SLOTS, buildReport, recoveryEpochs } from "./report";
export type { LivenessFigures, MechanismReport, SimulationReport } from "./report";
export { formatTable } from "./table";
export { chartSpecs, renderSvg, writeCharts } from "./charts";
export { gini, lorenzCurve, nakamoto, quantile } from "./statistics";
export { MechanismRecord } from "./mechanism-record";
export { openRaceSchedule, scheduleCredits } from "./replay";
export type { OpenRaceLog, OpenRaceSchedule } from "./replay";
