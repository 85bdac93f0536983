import { BlockageError } from "../errors";
import type { BlockageErrorOptions } from "../errors";

/**
 * Why a lottery computation failed. The first three match the custom errors of `contracts/lottery/LotteryLib.sol`
 * (`LotteryLib__InvalidParams`, `LotteryLib__WeightOverflow`, `LotteryLib__InvalidWeight`); the last three match the
 * reverts of solady's `FixedPointMathLib` (`LnWadUndefined()`, `ExpOverflow()`, `SMulWadFailed()`).
 */
export type LotteryErrorCode =
  "InvalidParams" | "WeightOverflow" | "InvalidWeight" | "LnUndefined" | "ExpOverflow" | "MulOverflow";

/** The Solidity custom error each {@link LotteryErrorCode} stands for: the contract reverts with it for the same input. */
export const LOTTERY_CONTRACT_ERRORS = {
  InvalidParams: "LotteryLib__InvalidParams",
  WeightOverflow: "LotteryLib__WeightOverflow",
  InvalidWeight: "LotteryLib__InvalidWeight",
  LnUndefined: "LnWadUndefined",
  ExpOverflow: "ExpOverflow",
  MulOverflow: "SMulWadFailed",
} as const satisfies Record<LotteryErrorCode, string>;

/**
 * A lottery computation is undefined for its input: the on-chain `LotteryLib` (or the solady function it calls) would
 * revert for the same input, with the custom error named by {@link LotteryError.contractError}. Arguments of the wrong
 * type or length throw `InvalidParameterError` instead.
 *
 * @example
 * try { lotteryWeight(2n ** 255n, 0n) } catch (e) { if (e instanceof LotteryError && e.code === "WeightOverflow") … }
 */
export class LotteryError extends BlockageError {
  override name = "LotteryError" as const;
  /** Which condition failed. */
  override readonly code: LotteryErrorCode;
  /** The name of the Solidity custom error the contract reverts with for the same input. */
  readonly contractError: (typeof LOTTERY_CONTRACT_ERRORS)[LotteryErrorCode];

  /**
   * @param code - Which condition failed.
   * @param summary - What failed, one line.
   * @param options - Cause and details.
   */
  constructor(code: LotteryErrorCode, summary: string, options: BlockageErrorOptions = {}) {
    super(summary, options);
    this.code = code;
    this.contractError = LOTTERY_CONTRACT_ERRORS[code];
  }
}
