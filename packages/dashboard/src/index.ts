/**
 * `@blockage/dashboard`: the live dashboard of a blockage chain. {@link createDashboardServer} serves the page (built
 * into this package, so it works offline), streams the nodes' and their job distributors' status as server-sent
 * events and proxies the chain's read-only JSON-RPC for the page, which reads the contracts with `createBlockageClient`
 * from `@blockage/client`.
 *
 * @module
 */
export { createDashboardServer } from "./server/server";
export type { DashboardServer, DashboardServerOptions } from "./server/server";
export type { DashboardNodeSource } from "./server/poller";
export { RPC_PROXY_METHODS } from "./server/rpc-proxy";
export { FEED_VERSION } from "./feed";
export type {
  ContractAddresses,
  DashboardConfig,
  DashboardDeployment,
  DashboardHeartbeat,
  DashboardSnapshot,
  JobHistory,
  JobSegment,
  JobSegmentOutcome,
  NodeFeed,
  WorkerFeed,
} from "./feed";
