import { simulationConfig, runMechanisms, drawPopulation, l1GasFigures } from "./dist/index.js";
const config = simulationConfig({ epochs: 1500, provers: 1000 });
const population = drawPopulation(config);
const gas = l1GasFigures();
const bySpeed = population.provers
  .map((p) => p.id)
  .sort((a, b) => population.provers[b].speed - population.provers[a].speed || a - b);
const ctx = { config, population, gas, bySpeed, epochs: 1500, costFactor: () => 1, openRaceSignal: true };
const t0 = performance.now();
runMechanisms(ctx, ["sidecar", "cooperative", "open-race"]);
console.log(performance.now() - t0);
