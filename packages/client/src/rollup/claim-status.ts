/** `ClaimStatus` names of `IProverCoordinator.sol` by value: an epoch's proof claim. */
export const CLAIM_STATUS_NAMES = ["None", "Claimed", "Proven", "Slashed"] as const;

/** A claim status by name. */
export type ClaimStatusName = (typeof CLAIM_STATUS_NAMES)[number];
