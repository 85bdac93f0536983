// The main job's live dashboard (@blockage/dashboard) over the run's chain, from the deployment on, following every
// node the conductor starts and its job distributor. A silenced node and, once the run is over, every node keep
// their last state on the page.
import type { DashboardServer } from "@blockage/dashboard";
import type { RunningNode } from "./conductor";
import type { Deployed } from "./setup";

export interface RunDashboardOptions {
  /** The nodes started so far. */
  nodes: () => readonly RunningNode[];
  /** Whether the run is over (its nodes stopped). */
  runOver: () => boolean;
  /** Default 0: any free port. */
  port?: number;
  title: string;
}

/** Starts the dashboard of a run; its `url` is the page. */
export async function startRunDashboard(deployed: Deployed, options: RunDashboardOptions): Promise<DashboardServer> {
  const { createDashboardServer } = await import("@blockage/dashboard");
  return createDashboardServer({
    rpcUrl: deployed.chain.url,
    deployment: deployed.deployments,
    chainId: deployed.chainId,
    fromBlock: deployed.fromBlock,
    labels: deployed.labels,
    port: options.port ?? 0,
    pollMs: 500,
    title: options.title,
    nodes: () =>
      options.nodes().map((n) => ({
        name: n.staged.name,
        url: n.url,
        polled: n.alive && !options.runOver(),
        note: !n.alive ? "silenced (kill -9)" : options.runOver() ? "stopped: the run is over" : null,
      })),
  });
}
