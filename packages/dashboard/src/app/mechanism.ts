// Which prover mechanism a deployment was made with, as far as its addresses tell before the chain is read. The page
// lays itself out with it at once (no jump when the chain's first read lands); the chain reader then asks the rollup
// itself (`connectRollup`), which decides.
import type { DashboardDeployment } from "../feed";

/**
 * The rollup's prover mechanism: Sidecar (seeds 002/003: claims, bonds), Cooperative (seed 001: kept chunk proofs) or
 * the open race (seed 004's example: state updates; the page shows its blocks, lotteries and jobs, no claims).
 */
export type Mechanism = "sidecar" | "cooperative" | "open-race";

/**
 * The mechanism a deployment's addresses suggest: Cooperative when it names a `CooperativeCoordinator` (a
 * `deployments/<chainId>.json` record holds one of the two coordinators) or a `cooperativeCoordinator` address,
 * Sidecar otherwise. Only a hint: explicit addresses may give a Cooperative rollup's coordinator as `coordinator`.
 */
export function deploymentMechanism(deployment: DashboardDeployment): Mechanism {
  const keys = Object.keys(deployment);
  if (keys.includes("OpenRaceCoordinator") || keys.includes("openRaceCoordinator")) return "open-race";
  return keys.includes("CooperativeCoordinator") || keys.includes("cooperativeCoordinator") ? "cooperative" : "sidecar";
}
