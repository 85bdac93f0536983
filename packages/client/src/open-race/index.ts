/**
 * The open race (seed 004's example, `mechanism: "open-race"`): its defaults, the proving base fee's EIP-1559 rule
 * with the L1 "price too low" signal and what a state update pays (pure), and the actions over an
 * `OpenRaceCoordinator`: state updates over the provable prefix, redundant proofs and their settlement, flags, the
 * proof right and the turn order. Browser-safe: re-exported by the package's root entry.
 *
 * @module
 */
export { ACTIVITY_WINDOW_EPOCHS, OPEN_RACE_DEFAULTS, TURN_PROVERS } from "./defaults";
export {
  BASE_FEE_CHANGE_DENOMINATOR,
  MAX_PROVING_BASE_FEE,
  SIGNAL_STEP_DENOMINATOR,
  nextProvingBaseFee,
  provingLag,
} from "./pricing";
export type { NextProvingBaseFeeParameters, ProvingLagParameters } from "./pricing";
export { stateUpdatePayout } from "./rewards";
export type { StateUpdateBlock, StateUpdatePayoutParameters, StateUpdatePayoutReturnType } from "./rewards";
export {
  checkedHeaders,
  getProvableBlocks,
  getStateUpdate,
  openRaceRollup,
  stateUpdateStruct,
  submitStateUpdate,
} from "./state-update";
export type {
  GetProvableBlocksParameters,
  GetProvableBlocksReturnType,
  GetStateUpdateParameters,
  GetStateUpdateReturnType,
  StateUpdateRecord,
  SubmitStateUpdateParameters,
  SubmitStateUpdateReturnType,
} from "./state-update";
export { settleRedundancy, submitRedundantProof } from "./redundancy";
export type { RedundancyReturnType, SettleRedundancyParameters, SubmitRedundantProofParameters } from "./redundancy";
export { flagPriceTooLow, getProvingFee } from "./price-signal";
export type { FlagPriceTooLowReturnType, GetProvingFeeReturnType } from "./price-signal";
export { getProofRight, getTurnOrder } from "./proof-right";
export type { GetProofRightReturnType, TurnPlace } from "./proof-right";
