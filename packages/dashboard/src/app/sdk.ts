// The page's one door to the SDK: everything it reads from the chain goes through `createBlockageClient` from
// @blockage/client's root entry (browser-safe: no Node built-in, no prover, no creation bytecode).
export { createBlockageClient, winProbability } from "@blockage/client";
export type { BlockageClient, BlockageDeployment } from "@blockage/client";
