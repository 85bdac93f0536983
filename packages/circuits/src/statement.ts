/**
 * `@blockage/circuits/statement`: what a chunk proof states and how it is encoded, without the prover. Commitments
 * (Poseidon folds, the txs commitment), field checks, proof shapes and the Solidity encodings of chunk and epoch
 * proofs; no snarkjs and no Node built-ins, so it runs in a browser (the SDK's root entry builds on it).
 *
 * @module
 */
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
export { EPOCH_PROOF_BATCH_DOMAIN, MAX_EPOCH_CHUNKS, epochProofBatchWeights } from "./batch-weights.js";
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
  CircuitError,
  type CircuitErrorCode,
  type CircuitErrorOptions,
  CircuitInputError,
  type CircuitInputErrorCode,
} from "./errors.js";
export { BASE_FIELD_MODULUS, FIELD_MODULUS, type FieldLike, proverAddress, proverSignal, toField } from "./field.js";
export { type BlockProof, type ChunkProof, type Groth16Proof, chunkSignals } from "./proof.js";
