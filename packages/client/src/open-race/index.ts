/**
 * The open race (seed 004's example, `mechanism: "open-race"`), pure: its defaults, the proving base fee's EIP-1559
 * rule with the L1 "price too low" signal, and what a state update pays. Browser-safe: re-exported by the package's
 * root entry.
 *
 * @module
 */
export { ACTIVITY_WINDOW_EPOCHS, OPEN_RACE_DEFAULTS, TURN_PROVERS } from "./defaults";
export { BASE_FEE_CHANGE_DENOMINATOR, MAX_PROVING_BASE_FEE, nextProvingBaseFee, provingLag } from "./pricing";
export type { NextProvingBaseFeeParameters, ProvingLagParameters } from "./pricing";
export { stateUpdatePayout } from "./rewards";
export type { StateUpdateBlock, StateUpdatePayoutParameters, StateUpdatePayoutReturnType } from "./rewards";
