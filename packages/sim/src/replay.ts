// The open race's schedule, for a replay on the contracts: the same run as the simulation's open race (same draws,
// same model), with every block, fee, flag, turn order, state update and redundant proof recorded, and the credits
// the model computed per account. The repository's `test/sim/replay.test.ts` replays it on a Hardhat network with the
// real OpenRaceCoordinator and compares.
import type { SimulationConfig } from "./config";
import { drawEpoch } from "./epoch-draws";
import { l1GasFigures } from "./l1-gas";
import { OpenRaceMechanism, type OpenRaceLog } from "./mechanisms/open-race";
import { drawPopulation } from "./population";
import { proverLottery } from "./prover-lottery";
import { runContext } from "./run-context";

export type { OpenRaceLog } from "./mechanisms/open-race";

/** What {@link openRaceSchedule} returns. */
export interface OpenRaceSchedule extends OpenRaceLog {
  /** Each prover's strategy, by prover index. */
  strategies: string[];
  /** Blocks left unproven at the end (the run goes on to the last epoch's final deadline). */
  unprovenBlocks: number;
  /** Wei the model credited to proposers and provers, in total. */
  credited: bigint;
}

/**
 * Plays the open race alone over `config`'s population and epochs and records its schedule.
 *
 * @param config - The configuration (its seed, provers, epochs, chain load, `openRaceTurns`).
 * @param options - The first epoch's proving base fee (default the deployment default).
 * @returns The schedule.
 */
export function openRaceSchedule(
  config: SimulationConfig,
  options: { initialProvingBaseFee?: bigint } = {},
): OpenRaceSchedule {
  const population = drawPopulation(config);
  const ctx = runContext({ config, population, gas: l1GasFigures(), epochs: config.epochs });
  const log: OpenRaceLog = { epochs: [], blocks: [], updates: [] };
  const mechanism = new OpenRaceMechanism(ctx, { log, initialProvingBaseFee: options.initialProvingBaseFee });
  let draws = drawEpoch(config, population.provers, 0);
  for (let e = 0; e < config.epochs; e++) {
    if (e > 0) draws = drawEpoch(config, population.provers, e);
    mechanism.step(draws, proverLottery(population, draws));
  }
  mechanism.finish(draws);
  return {
    ...log,
    strategies: population.provers.map((p) => p.strategy),
    unprovenBlocks: mechanism.unprovenBlocks,
    credited: mechanism.record.credited,
  };
}

/**
 * The model's credits per account: each update's payout (its proposers' credits, the prover's, the reserve to the
 * turn prover or, settled, to the prover), with provers and blocks' proposers mapped onto accounts.
 *
 * @param schedule - The schedule.
 * @param proverAccount - The account of a prover (by index).
 * @param proposerAccount - The account that proposed a block (by its index in `schedule.blocks`).
 * @returns Credits by account.
 */
export function scheduleCredits(
  schedule: OpenRaceLog,
  proverAccount: (prover: number) => string,
  proposerAccount: (block: number) => string,
): Map<string, bigint> {
  const credits = new Map<string, bigint>();
  const add = (account: string, amount: bigint) => credits.set(account, (credits.get(account) ?? 0n) + amount);
  for (const u of schedule.updates) {
    for (const [i, credit] of u.payout.proposerCredits.entries()) add(proposerAccount(u.fromBlock + i), credit.amount);
    add(proverAccount(u.prover), u.payout.proverCredit);
    if (u.payout.redundancyReserve > 0n) {
      add(proverAccount(u.redundant && u.turnProver !== null ? u.turnProver : u.prover), u.payout.redundancyReserve);
    }
  }
  return credits;
}
