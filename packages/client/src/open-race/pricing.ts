// The open race's proving base fee (the root README's "The open race", "Price discovery"; `ProvingFeeLib.sol`), pure:
// EIP-1559 on the proving lag, one step per epoch roll, plus the L1 "price too low" signal of historically active
// provers.
import { amountArgument } from "../arguments";
import { InvalidParameterError } from "../errors";

/** EIP-1559's `BASE_FEE_MAX_CHANGE_DENOMINATOR`: the fee moves by at most 1/8 (12.5%) per roll. */
export const BASE_FEE_CHANGE_DENOMINATOR = 8n;

/**
 * The L1 signal's step: a flagged epoch's successor costs at least 1/4 more — twice the largest EIP-1559 step, since
 * the flags say what the lag cannot show yet (`ProvingFeeLib.SIGNAL_STEP_DENOMINATOR`).
 */
export const SIGNAL_STEP_DENOMINATOR = 4n;

/** The largest proving base fee (`type(uint128).max`): the fee is capped there. */
export const MAX_PROVING_BASE_FEE = 2n ** 128n - 1n;

/** Parameters of {@link nextProvingBaseFee}. */
export interface NextProvingBaseFeeParameters {
  /** The fee of the epoch in force (base units per transaction), at most {@link MAX_PROVING_BASE_FEE}. */
  fee: bigint;
  /** The proving lag at the roll ({@link provingLag}), in slots. */
  lagSlots: bigint;
  /** The lag the fee steers toward (`targetLagSlots`), in slots; positive. */
  targetLagSlots: bigint;
  /** Whether the epoch in force gathered at least `flagQuorum` "price too low" flags. */
  flagged: boolean;
  /** The floor (`minProvingBaseFee`). */
  minFee: bigint;
}

/**
 * The proving base fee of the next epoch at its roll:
 * `next = fee + fee × clamp(lag − target, −target, +target) / (target × 8)`, the division truncating toward zero
 * like Solidity's int256 (so at most ±12.5% per roll); when the epoch in force was flagged, the step is at least
 * `fee / 4` whatever the lag; the result is kept within [`minFee`, 2^128 − 1]. One step per roll, however many epochs
 * were skipped.
 *
 * @param params - The fee in force, the lag at the roll, the target, whether the L1 signal fired, the floor.
 * @returns The next epoch's proving base fee.
 * @throws {InvalidParameterError} If an amount is not a non-negative bigint, the target is 0, the fee exceeds
 *   {@link MAX_PROVING_BASE_FEE} or `flagged` is not a boolean.
 * @example
 * // One epoch (32 slots) of lag above a 32-slot target: +12.5%.
 * nextProvingBaseFee({ fee: 10n ** 16n, lagSlots: 64n, targetLagSlots: 32n, flagged: false, minFee: 10n ** 12n });
 * // 11250000000000000n
 */
export function nextProvingBaseFee(params: NextProvingBaseFeeParameters): bigint {
  const fn = "nextProvingBaseFee";
  if (typeof params !== "object" || params === null) throw new InvalidParameterError(`${fn}: no parameters`);
  const fee = amountArgument(fn, "fee", params.fee);
  const lag = amountArgument(fn, "lagSlots", params.lagSlots);
  const target = amountArgument(fn, "targetLagSlots", params.targetLagSlots);
  const minFee = amountArgument(fn, "minFee", params.minFee);
  if (target === 0n) throw new InvalidParameterError(`${fn}: targetLagSlots must be positive`);
  if (fee > MAX_PROVING_BASE_FEE) throw new InvalidParameterError(`${fn}: fee exceeds 2^128 - 1`);
  if (typeof params.flagged !== "boolean") throw new InvalidParameterError(`${fn}: flagged must be a boolean`);
  let excess = lag - target;
  if (excess > target) excess = target;
  if (excess < -target) excess = -target;
  // BigInt division truncates toward zero, as Solidity's int256 division does.
  let delta = (fee * excess) / (target * BASE_FEE_CHANGE_DENOMINATOR);
  if (params.flagged) {
    const step = fee / SIGNAL_STEP_DENOMINATOR;
    if (step > delta) delta = step;
  }
  let next = fee + delta;
  if (next > MAX_PROVING_BASE_FEE) next = MAX_PROVING_BASE_FEE;
  return next < minFee ? minFee : next;
}

/** Parameters of {@link provingLag}. */
export interface ProvingLagParameters {
  /** The epoch being rolled into. */
  epoch: bigint;
  /** Slots per epoch (S); positive. */
  epochSlots: bigint;
  /** The slot of the oldest unproven block; omitted when every block is proven. */
  oldestUnprovenSlot?: bigint;
}

/**
 * The proving lag at the roll into `epoch`: `max(0, epoch·S − oldestUnprovenSlot)` when some block is unproven, else 0.
 *
 * @param params - The epoch, the epoch length and the oldest unproven block's slot.
 * @returns The lag in slots.
 * @throws {InvalidParameterError} If a value is not a non-negative bigint or `epochSlots` is 0.
 * @example
 * provingLag({ epoch: 10n, epochSlots: 32n, oldestUnprovenSlot: 250n }); // 70n
 */
export function provingLag(params: ProvingLagParameters): bigint {
  const fn = "provingLag";
  if (typeof params !== "object" || params === null) throw new InvalidParameterError(`${fn}: no parameters`);
  const epoch = amountArgument(fn, "epoch", params.epoch);
  const epochSlots = amountArgument(fn, "epochSlots", params.epochSlots);
  if (epochSlots === 0n) throw new InvalidParameterError(`${fn}: epochSlots must be positive`);
  if (params.oldestUnprovenSlot === undefined) return 0n;
  const oldest = amountArgument(fn, "oldestUnprovenSlot", params.oldestUnprovenSlot);
  const start = epoch * epochSlots;
  return start > oldest ? start - oldest : 0n;
}
