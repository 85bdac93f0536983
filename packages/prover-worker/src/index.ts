// @blockage/prover-worker: a CrowdProve community prover, as a library (createWorker) and a CLI (blockage-worker).
export { RECONNECT_MAX_MS, RECONNECT_MIN_MS, createWorker, reconnectDelayMs } from "./worker";
export type * from "./worker-types";
export {
  JD_ERROR,
  JdProtocolError,
  JdRequestError,
  JdUnreachableError,
  jdErrorName,
  parseJob,
  type JdErrorName,
  type Job,
  type Registration,
  type WitnessData,
} from "./protocol";
export { ProvingError } from "./prover-pool";
export { defaultDataDir, type KeptProof } from "./proof-store";
export { runWorkerCommand, type RunWorkerCommandOptions } from "./cli/run";
export { CliError as WorkerCliError } from "./cli/errors";
export type { CliIo as WorkerCliIo } from "./cli/io";
