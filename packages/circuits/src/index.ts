// Everything the prover-free `statement` entry has, plus the prover (snarkjs) and the committed artifacts it reads.
export * from "./statement.js";
export { CHUNK_ARTIFACTS, type ChunkArtifacts, type VerificationKey, loadVerificationKey } from "./artifacts.js";
export { CircuitArtifactError } from "./errors.js";
export { type ChunkToVerify, verifyChunkBatch } from "./batch.js";
export {
  type ProveOptions,
  PROVER_THREAD_WORKER_DATA,
  proveBlock,
  proveChunk,
  releaseProver,
  useSingleThreadedProver,
  verifyChunk,
} from "./prove.js";
