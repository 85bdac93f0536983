/**
 * `npm run bench` (simulator part): the default `blockage-sim` run — 10,000 epochs × 1,000 provers, the three
 * mechanisms in lockstep, then the fault and cost-shock scenarios — on one core. Writes bench/sim.json as
 * `{ "epochsPerSec" }` (epochs of the main run per second, all three mechanisms; target ≥ 10,000 / 60 ≈ 167) and
 * bench/sim-details.json with the main run's and the whole run's seconds. Needs the built package (`npm run build`,
 * which `npm run bench` runs first).
 */
import fs from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { buildReport, simulate, simulationConfig } from "../packages/sim/dist/index.js";

const here = path.dirname(fileURLToPath(import.meta.url));
const config = simulationConfig();
const started = performance.now();
const result = simulate(config);
buildReport(result);
const totalSeconds = (performance.now() - started) / 1000;
const epochsPerSec = Math.round((config.epochs / result.mainSeconds) * 10) / 10;
const scenarioRuns = config.offlineShares.length + 2;

fs.writeFileSync(path.join(here, "sim.json"), JSON.stringify({ epochsPerSec }, null, 2) + "\n");
fs.writeFileSync(
  path.join(here, "sim-details.json"),
  JSON.stringify(
    {
      epochs: config.epochs,
      provers: config.provers,
      mechanisms: config.mechanisms,
      mainRunSeconds: Math.round(result.mainSeconds * 100) / 100,
      scenarioRuns,
      scenarioEpochs: config.scenarioEpochs,
      wholeRunSeconds: Math.round(totalSeconds * 100) / 100,
      node: process.version,
    },
    null,
    2,
  ) + "\n",
);
console.log(
  `sim: ${epochsPerSec} epochs/s (main run ${result.mainSeconds.toFixed(1)} s, whole run ${totalSeconds.toFixed(1)} s)`,
);
