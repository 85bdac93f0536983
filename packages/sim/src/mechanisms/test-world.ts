// Test fixtures for the mechanisms: a small run whose population can be overridden prover by prover.
import { simulationConfig, type MechanismName, type SimulationConfig } from "../config";
import { l1GasFigures } from "../l1-gas";
import type { MechanismRecord } from "../mechanism-record";
import { drawPopulation, type Prover } from "../population";
import { runContext } from "../run-context";
import { runMechanisms } from "../simulation";

/**
 * Runs one mechanism over a small population whose provers are changed by `override`.
 *
 * @param mechanism - The mechanism.
 * @param override - What to change in each prover (speed, cost, reliability, strategy).
 * @param options - Epochs, provers, a cost shock, the L1 signal, configuration overrides.
 * @returns The mechanism's record.
 */
export function runWorld(
  mechanism: MechanismName,
  override: (p: Prover) => Partial<Omit<Prover, "id" | "stake" | "initialAge" | "address">>,
  options: {
    epochs?: number;
    provers?: number;
    costShock?: { factor: number; epoch: number };
    openRaceSignal?: boolean;
    config?: Partial<SimulationConfig>;
  } = {},
): MechanismRecord {
  const epochs = options.epochs ?? 30;
  const config = simulationConfig({ seed: "world", provers: options.provers ?? 60, epochs, ...options.config });
  const drawn = drawPopulation(config);
  const population = { ...drawn, provers: drawn.provers.map((p) => ({ ...p, ...override(p) })) };
  const ctx = runContext({
    config,
    population,
    gas: l1GasFigures(),
    epochs,
    costShock: options.costShock,
    openRaceSignal: options.openRaceSignal,
  });
  return runMechanisms(ctx, [mechanism])[mechanism]!;
}
