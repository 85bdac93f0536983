export { CHUNK_ARTIFACTS, type ChunkArtifacts, type VerificationKey, loadVerificationKey } from "./artifacts.js";
export {
  type BlockCommitment,
  type BlockInput,
  type ChunkInput,
  type ChunkSignals,
  type ProveBlockInput,
  type ProveChunkInput,
  type ProvenChunkSignals,
  TXS_PER_CHUNK,
  blockTxsCommitment,
  computeBlock,
  computeChunk,
  poseidonFold,
} from "./chunk.js";
export {
  type EpochProofArgs,
  type SolidityBlockCommitment,
  type SolidityChunkProof,
  encodeEpochProof,
  epochProofArgs,
  toSolidityChunkProof,
} from "./encode.js";
export {
  type BlockageErrorShape,
  CircuitArtifactError,
  CircuitError,
  type CircuitErrorCode,
  type CircuitErrorOptions,
  CircuitInputError,
  type CircuitInputErrorCode,
} from "./errors.js";
export { FIELD_MODULUS, type FieldLike, proverAddress, proverSignal, toField } from "./field.js";
export {
  type BlockProof,
  type ChunkProof,
  type Groth16Proof,
  type ProveOptions,
  PROVER_THREAD_WORKER_DATA,
  chunkSignals,
  proveBlock,
  proveChunk,
  releaseProver,
  useSingleThreadedProver,
  verifyChunk,
} from "./prove.js";
