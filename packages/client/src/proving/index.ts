/**
 * `@blockage/client/proving`: generating and checking chunk and block proofs on this machine (Node only: snarkjs with
 * its worker threads and the committed circuit artifacts, read from disk). Everything that only reads, encodes or
 * submits proofs is in the browser-safe root entry (`submitEpochProof`, `checkEpochProof`, `chunkProofHash`, …).
 *
 * @module
 */
export {
  CHUNK_ARTIFACTS,
  PROVER_THREAD_WORKER_DATA,
  loadVerificationKey,
  proveBlock,
  proveChunk,
  releaseProver,
  useSingleThreadedProver,
  verifyChunk,
} from "@blockage/circuits";
export type { ChunkArtifacts, ProveOptions, VerificationKey } from "@blockage/circuits";
export type { BlockProof, ChunkProof, Groth16Proof } from "@blockage/circuits/statement";
