export { createJobDistributor, type JobDistributor, type JobDistributorOptions } from "./distributor";
export { EpochNotOverError, JOB_ERRORS, RPC_ERRORS, JobProtocolError, type JobErrorName } from "./errors";
export { holdsProofRight, servedChunks, type ChainAccess, type ChunkOrder, type ServedChunk } from "./epoch-pipeline";
export { createJobServer, type JobServer, type JobServerOptions, type Log } from "./job-server";
export { JobBoard, chunkJob, type ChunkJobInput, type JobAssignment, type JobBoardOptions } from "./job-board";
export { DEFAULT_VERIFIER_MAX_BATCH, VerifierPool, type VerifierPoolOptions } from "./verifier-pool";
export { MAX_MESSAGE_BYTES, RpcServer, type CallContext, type RateLimit, type RpcServerOptions } from "./rpc-server";
export type { EpochRecord, JobRecord, ReceiptRecord, PayoutRecord, ResultRecord, WorkerRecord } from "./store";
export { JD_EXIT, JdCliError, runJdCommand, type JdCliIo, type RunJdCommandOptions } from "./cli/run";
