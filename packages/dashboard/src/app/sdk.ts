// The page's one door to the SDK: everything it reads from the chain goes through `createBlockageClient` from
// @blockage/client's root entry (browser-safe: no Node built-in, no prover, no creation bytecode), and the rollup's
// prover mechanism through `connectRollup`.
export { CONFIRMATION_STAGES, connectRollup, createBlockageClient, winProbability } from "@blockage/client";
export type {
  BlockHeader,
  BlockageClient,
  BlockageDeployment,
  CooperativeBlockProgress,
  CooperativeEpochPhase,
  CooperativeEpochStatus,
  CooperativeEpochWindows,
} from "@blockage/client";
