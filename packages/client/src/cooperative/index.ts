/**
 * Cooperative proving (seed 001, DESIGN §9) for a rollup deployed with `mechanism: "cooperative"`: chunk tickets and
 * their scores, the chance a ticket is kept, chunk submissions, seed 001's rewards, and the actions of the
 * `CooperativeCoordinator` (submit, finalize, the open race, kept proofs, epoch status). Browser-safe: re-exported by
 * the package's root entry.
 *
 * @module
 */
export { PROOFS_PER_NODE, blockRewards, proverReward } from "./rewards";
export type {
  BlockRewardsParameters,
  BlockRewardsReturnType,
  ProverRewardParameters,
  ProverRewardReturnType,
} from "./rewards";
export { chunkKeepProbability, chunkScore, chunkSeed, chunkTicket } from "./tickets";
export type {
  ChunkKeepProbabilityParameters,
  ChunkScoreParameters,
  ChunkSeedParameters,
  ChunkTicketParameters,
  ChunkTicketReturnType,
} from "./tickets";
export { buildChunkSubmission, chunkCommitments } from "./submission";
export type { BuildChunkSubmissionParameters, ChunkCommitmentsParameters } from "./submission";
export { ChunkStatementMismatchError, NotCooperativeError } from "./errors";
export type { ChunkStatementPart } from "./errors";
export { getBlockProverSeed } from "./block-seed";
export type { GetBlockProverSeedParameters, GetBlockProverSeedReturnType } from "./block-seed";
export { getKeptProofs, submitChunkProof } from "./chunk-proof";
export type {
  GetKeptProofsParameters,
  GetKeptProofsReturnType,
  KeptChunkProof,
  SubmitChunkProofParameters,
  SubmitChunkProofReturnType,
} from "./chunk-proof";
export { enterChunkRace, getChunkRaceEntry } from "./race-entry";
export type {
  EnterChunkRaceParameters,
  EnterChunkRaceReturnType,
  GetChunkRaceEntryParameters,
  GetChunkRaceEntryReturnType,
} from "./race-entry";
export { allocateRing } from "./ring";
export type { AllocateRingParameters, AllocateRingReturnType } from "./ring";
export { finalizeEpoch, submitCooperativeEpochProof } from "./settlement";
export type {
  ChunkProverCredit,
  FinalizeEpochParameters,
  FinalizeEpochReturnType,
  SubmitCooperativeEpochProofParameters,
  SubmitCooperativeEpochProofReturnType,
} from "./settlement";
export { getCooperativeEpochStatus } from "./epoch-status";
export type {
  CooperativeBlockProgress,
  CooperativeEpochPhase,
  CooperativeEpochStatus,
  CooperativeEpochWindows,
  GetCooperativeEpochStatusParameters,
  GetCooperativeEpochStatusReturnType,
} from "./epoch-status";
