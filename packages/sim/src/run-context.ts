// What every mechanism of a run shares: the configuration, the population, the gas figures and the scenario's
// conditions (cost shock, the open race's L1 signal).
import type { SimulationConfig } from "./config";
import type { L1GasFigures } from "./l1-gas";
import type { Population } from "./population";

/** A run's shared inputs. */
export interface RunContext {
  config: SimulationConfig;
  population: Population;
  gas: L1GasFigures;
  /** Prover ids, fastest first (ties by id). */
  bySpeed: readonly number[];
  /** Epochs this run lasts. */
  epochs: number;
  /** The multiplier on every prover's cost per chunk in an epoch (1 but after a cost shock). */
  costFactor(epoch: number): number;
  /** Whether the open race's "price too low" flags are on (off: EIP-1559 alone). */
  openRaceSignal: boolean;
}

/**
 * A run's context.
 *
 * @param params - Configuration, population, gas figures, length, cost shock (from that epoch on), L1 signal.
 * @returns The context.
 */
export function runContext(params: {
  config: SimulationConfig;
  population: Population;
  gas: L1GasFigures;
  epochs: number;
  costShock?: { factor: number; epoch: number };
  openRaceSignal?: boolean;
}): RunContext {
  const { provers } = params.population;
  const bySpeed = provers.map((p) => p.id).sort((a, b) => provers[b].speed - provers[a].speed || a - b);
  const shock = params.costShock;
  return {
    config: params.config,
    population: params.population,
    gas: params.gas,
    bySpeed,
    epochs: params.epochs,
    costFactor: shock ? (epoch) => (epoch >= shock.epoch ? shock.factor : 1) : () => 1,
    openRaceSignal: params.openRaceSignal ?? true,
  };
}
