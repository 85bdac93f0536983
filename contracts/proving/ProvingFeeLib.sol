// SPDX-License-Identifier: MIT
pragma solidity 0.8.28;

/// @title ProvingFeeLib
/// @notice The open race's proving base fee rule (seed 004's "1559 + L1 signal"): EIP-1559's step toward a target
///         proving lag, one step per epoch, at least +1/4 when the L1 signal fired. The SDK's
///         `nextProvingBaseFee` mirrors it bit for bit (differential test: test/proving/ProvingFeeLib.test.ts).
library ProvingFeeLib {
    /// @notice EIP-1559's BASE_FEE_MAX_CHANGE_DENOMINATOR: the fee moves by at most 1/8 per epoch.
    uint256 internal constant BASE_FEE_CHANGE_DENOMINATOR = 8;
    /// @notice The L1 signal's step: at least fee/4 up, twice the largest EIP-1559 step. The signal says what the lag
    ///         cannot show yet (provers' costs above the price), so it is not bound by the 1559 rule.
    uint256 internal constant SIGNAL_STEP_DENOMINATOR = 4;
    uint256 internal constant MAX_PROVING_BASE_FEE = type(uint128).max;

    /// @notice next = fee + fee·clamp(lag − target, ±target) / (target·8), truncated toward zero; with the L1 signal
    ///         (`flagged`), at least fee + fee/4; kept within [minFee, MAX_PROVING_BASE_FEE].
    /// @param fee The fee in force, at most MAX_PROVING_BASE_FEE.
    /// @param lag The proving lag at the roll, in slots.
    /// @param target The target lag, in slots; positive (below 2^32 in the coordinator's config).
    /// @param minFee The floor, at most MAX_PROVING_BASE_FEE.
    /// @param flagged Whether the epoch in force gathered the flag quorum.
    function nextFee(
        uint256 fee,
        uint256 lag,
        uint256 target,
        uint256 minFee,
        bool flagged
    ) internal pure returns (uint256) {
        // The lag is clamped to [0, 2·target] first, so the deviation lies within ±target (< 2^33) and the product
        // with a fee ≤ 2^128 stays far inside int256.
        if (lag > 2 * target) lag = 2 * target;
        int256 deviation = int256(lag) - int256(target);
        int256 delta = (int256(fee) * deviation) / int256(target * BASE_FEE_CHANGE_DENOMINATOR);
        if (flagged) {
            int256 up = int256(fee / SIGNAL_STEP_DENOMINATOR);
            if (delta < up) delta = up;
        }
        int256 next = int256(fee) + delta;
        if (next < int256(minFee)) return minFee;
        if (next > int256(MAX_PROVING_BASE_FEE)) return MAX_PROVING_BASE_FEE;
        return uint256(next);
    }
}
