// The open race's deployment defaults (seed 004's example; `IOpenRaceCoordinator.sol`'s `OpenRaceConfig`), as bigints.

/**
 * Defaults of an `OpenRaceCoordinator`'s parameters: amounts in token base units (18 decimals), times in seconds
 * (`redundancyWindow`, `idlePeriod`, `turnPeriod`) or slots (`targetLagSlots`), shares in basis points.
 */
export const OPEN_RACE_DEFAULTS = Object.freeze({
  /** Reward per proven block from the reward pool, credited to the block's proposer: 10 tokens. */
  blockReward: 10n ** 19n,
  /** The proving base fee of the first epoch: 0.01 token per transaction. */
  initialProvingBaseFee: 10n ** 16n,
  /** The proving base fee never falls below this: 10^-6 token per transaction. */
  minProvingBaseFee: 10n ** 12n,
  /** The proving lag EIP-1559 steers toward, in slots (one epoch of 32 slots). */
  targetLagSlots: 32n,
  /** Seconds after a state update during which the turn prover may earn the redundancy reserve: 1 hour. */
  redundancyWindow: 3600n,
  /** Share of a state update's proving fees held for the turn prover's redundant proof (basis points). */
  redundancyShare: 2000n,
  /** Seconds without a state update after which updates fall back to turns: 5 hours. */
  idlePeriod: 18000n,
  /** Seconds of each turn of the fallback: 30 minutes. */
  turnPeriod: 1800n,
  /** Flags ("price too low") in an epoch that force the next roll up by at least fee / 4. */
  flagQuorum: 3n,
  /** Epochs of the last {@link ACTIVITY_WINDOW_EPOCHS} a prover must have been active in to flag. */
  minActiveEpochs: 4n,
});

/** The prover-lottery tickets kept per epoch: the turns of the state-update fallback, in lottery order. */
export const TURN_PROVERS = 4n;

/** Epochs (the current one included) over which a prover's activity is counted for the right to flag. */
export const ACTIVITY_WINDOW_EPOCHS = 16n;
