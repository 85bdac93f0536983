// The simulation's parameters: the population of provers, the chain's load, the market and the scenarios. The
// mechanisms' own parameters are the deployment defaults of the SDK (COORDINATOR_DEFAULTS, COOPERATIVE_DEFAULTS,
// ROLLUP_DEFAULTS, OPEN_RACE_DEFAULTS), but for the open race's idle period and turns (`openRaceTurns`, below).
import { OPEN_RACE_DEFAULTS, TURN_PROVERS } from "@blockage/client";
import { ROLLUP_DEFAULTS } from "@blockage/client/deploy";
import { SLOT_SECONDS } from "./epoch-draws";

/** What a prover does under each mechanism (see the README's table). */
export type Strategy = "honest" | "lazy" | "griefing" | "colluding";

/** The strategies, in report order. */
export const STRATEGIES: readonly Strategy[] = ["honest", "lazy", "griefing", "colluding"];

/** The three prover mechanisms (DESIGN §9). */
export type MechanismName = "sidecar" | "cooperative" | "open-race";

/** The mechanisms, in report order. */
export const MECHANISMS: readonly MechanismName[] = ["sidecar", "cooperative", "open-race"];

/** Everything a run depends on. Equal configurations give byte-identical reports. */
export interface SimulationConfig {
  /** The seed of every draw. */
  seed: string;
  /** Epochs of the main run. */
  epochs: number;
  /** Provers in the population. */
  provers: number;
  /** Mechanisms to run. */
  mechanisms: readonly MechanismName[];
  /** Share of the population following each strategy (the rest of the rounding goes to honest). */
  strategyMix: Readonly<Record<Strategy, number>>;
  /** Sequencers proposing blocks (uniformly; the sequencer lottery itself is not simulated). */
  sequencers: number;
  /** Share of the sequencers that collude with the colluding provers (the cartel's proposers). */
  cartelProposerShare: number;
  /** Slots a cartel proposer hides its blocks' data from provers outside the cartel. */
  withholdSlots: number;
  /** Share of slots without a block (no proposal). */
  missedSlotShare: number;
  /** Chance that a block carries 32 transactions (2 chunks) rather than 16 (1 chunk). */
  twoChunkBlockShare: number;
  /** What users pay per transaction under Sidecar and Cooperative, in tokens. */
  userFeePerTx: number;
  /** The tip per transaction above the proving base fee under the open race, in tokens. */
  openRaceTipPerTx: number;
  /** Price of L1 gas in tokens (what a prover's transaction costs it). */
  tokensPerGas: number;
  /** Provers that enter an open race (the fastest willing ones online: the others expect to lose it). */
  raceEntrants: number;
  /** The reward pool's reserve at genesis, in tokens. */
  rewardPoolTokens: number;
  /** Epochs of each scenario run (faults, cost shock). */
  scenarioEpochs: number;
  /** Shares of the provers offline for a whole fault scenario (0: the scenario's baseline, like for like). */
  offlineShares: readonly number[];
  /** The cost shock: every prover's cost per chunk is multiplied by `factor` from scenario epoch `epoch` on. */
  costShock: { factor: number; epoch: number };
  /**
   * The open race's state-update fallback, in slots: `idleSlots` without an update, then four exclusive turns of
   * `turnSlots` each. `OpenRaceCoordinator` refuses a deployment whose idle period and turns outlast the rollup's final
   * deadline (`idlePeriod + 4 × turnPeriod ≤ finalDeadlineSlots × 12 s`).
   */
  openRaceTurns: { idleSlots: number; turnSlots: number };
}

/** The default run: 10,000 epochs of 1,000 provers. */
export const DEFAULT_CONFIG: Readonly<SimulationConfig> = Object.freeze({
  seed: "blockage",
  epochs: 10_000,
  provers: 1_000,
  mechanisms: MECHANISMS,
  strategyMix: Object.freeze({ honest: 0.7, lazy: 0.15, griefing: 0.1, colluding: 0.05 }),
  sequencers: 200,
  cartelProposerShare: 0.1,
  withholdSlots: 8,
  missedSlotShare: 0.03,
  twoChunkBlockShare: 0.5,
  userFeePerTx: 0.02,
  openRaceTipPerTx: 0.01,
  tokensPerGas: 1e-8,
  raceEntrants: 5,
  rewardPoolTokens: 1e9,
  scenarioEpochs: 400,
  offlineShares: Object.freeze([0, 0.1, 0.3, 0.5]),
  costShock: Object.freeze({ factor: 3, epoch: 100 }),
  // Every mechanism is judged by the same 48-slot final deadline (ROLLUP_DEFAULTS.finalDeadlineSlots), so "in time"
  // means the same thing for the three. The open race's deployment defaults (an idle period of 5 hours, turns of 30
  // minutes) need a 2,100-slot final deadline: with 48 slots the coordinator would refuse them, and the fallback to
  // turns could never come before the stalled blocks are pruned. So the simulated open race scales them to the
  // deadline: 24 idle slots (288 s), then four turns of 6 slots (72 s): 288 + 4 × 72 = 576 s = 48 slots.
  openRaceTurns: Object.freeze({ idleSlots: 24, turnSlots: 6 }),
});

/**
 * The configuration with overrides; the scenario length follows a shorter main run.
 *
 * @param overrides - Fields to change.
 * @returns A complete configuration.
 */
export function simulationConfig(overrides: Partial<SimulationConfig> = {}): SimulationConfig {
  const config = { ...DEFAULT_CONFIG, ...overrides };
  if (overrides.scenarioEpochs === undefined)
    config.scenarioEpochs = Math.min(DEFAULT_CONFIG.scenarioEpochs, config.epochs);
  if (overrides.costShock === undefined) {
    config.costShock = { factor: DEFAULT_CONFIG.costShock.factor, epoch: Math.floor(config.scenarioEpochs / 4) };
  }
  openRaceParameters(config);
  return config;
}

/** The parameters of the simulated `OpenRaceCoordinator`: its `OpenRaceConfig` but the proof verifier. */
export interface OpenRaceParameters {
  blockReward: bigint;
  initialProvingBaseFee: bigint;
  minProvingBaseFee: bigint;
  targetLagSlots: bigint;
  redundancyWindow: bigint;
  redundancyShare: bigint;
  idlePeriod: bigint;
  turnPeriod: bigint;
  flagQuorum: bigint;
  minActiveEpochs: bigint;
}

/**
 * The open race the simulation plays: `OPEN_RACE_DEFAULTS` with the configuration's idle period and turns (in seconds),
 * a configuration `OpenRaceCoordinator` accepts over a rollup with the default final deadline.
 *
 * @param config - The configuration (its `openRaceTurns`).
 * @returns The coordinator's parameters.
 * @throws {Error} When the idle period and the four turns outlast the final deadline (the coordinator would refuse).
 */
export function openRaceParameters(config: Pick<SimulationConfig, "openRaceTurns">): OpenRaceParameters {
  const { idleSlots, turnSlots } = config.openRaceTurns;
  if (!Number.isInteger(idleSlots) || idleSlots <= 0 || !Number.isInteger(turnSlots) || turnSlots <= 0) {
    throw new Error("openRaceTurns: idleSlots and turnSlots must be positive integers");
  }
  const deadline = Number(ROLLUP_DEFAULTS.finalDeadlineSlots);
  if (idleSlots + Number(TURN_PROVERS) * turnSlots > deadline) {
    throw new Error(
      `openRaceTurns: ${idleSlots} idle slots and ${TURN_PROVERS} turns of ${turnSlots} outlast the ${deadline}-slot final deadline`,
    );
  }
  return {
    ...OPEN_RACE_DEFAULTS,
    idlePeriod: BigInt(idleSlots * SLOT_SECONDS),
    turnPeriod: BigInt(turnSlots * SLOT_SECONDS),
  };
}
