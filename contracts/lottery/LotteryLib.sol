// SPDX-License-Identifier: MIT
pragma solidity 0.8.28;

import {FixedPointMathLib} from "solady/src/utils/FixedPointMathLib.sol";

/// @notice The lottery's deployment parameters (DESIGN §4), 18-decimal fixed point except `ageCap`.
struct LotteryParams {
    /// @notice Stake exponent α (default 1.0 = 1e18), in (0, `LotteryLib.MAX_ALPHA`].
    uint64 alpha;
    /// @notice Age exponent β (default 0.3 = 3e17), at most `LotteryLib.MAX_BETA`.
    uint64 beta;
    /// @notice Age scale γ (default 0.04 = 4e16), at most `LotteryLib.MAX_GAMMA`.
    uint64 gamma;
    /// @notice A_max in epochs (default 256), at most `LotteryLib.MAX_AGE_CAP`.
    uint64 ageCap;
}

/// @title LotteryLib
/// @notice The age-weighted exponential race (DESIGN §4, seed 000 §2) in 18-decimal fixed point, with solady's
///         `lnWad`, `expWad` and `sMulWad`. The TypeScript mirror (the lottery module of the client SDK) runs the same integer
///         algorithm, so both agree on every bit.
/// @dev Weight: `w = s^α · (1 + γ·min(a, A_max))^β`, computed as `exp(α·ln s + β·ln(1 + γ·min(a, A_max)))` so no
///      power of the stake is ever formed. `s` is read as an 18-decimal amount (`ln(s / 1e18)`), so `w` is in units
///      of whole tokens^α, as an 18-decimal number; another decimals count only scales every weight alike.
///      Race time: `u = (top 64 bits of beta + 1) / 2^64 ∈ (0, 1]`, `t = −ln(u) / w`. Winners have the smallest t,
///      and t spans far more than 256 bits of fixed point across stakes of 1 wei to 10^30 tokens, so the contract
///      keeps `ln t = ln(−ln u) − ln w` instead (18 decimals, signed): monotone in t, so the lowest still wins.
///      Sentinels: `type(int256).max` for a zero weight (never beats a positive weight) and `type(int256).min`
///      when −ln u rounds to 0 in 18 decimals (k ≥ 2^64 − 6: an instant win, probability 7·2^-64 ≈ 4e-19). Near
///      u = 1 neighbouring k can share a −ln u (a 1e-15 event); such ties, like every other, break by
///      `keccak256(pid ‖ σ)`. `weight` trusts its parameters: callers check them once with `validate`.
library LotteryLib {
    /// @notice The parameters are out of range.
    error LotteryLib__InvalidParams(uint256 alpha, uint256 beta, uint256 gamma, uint256 ageCap);
    /// @notice The weight does not fit: e^(ln w) would exceed solady's `expWad` range (about 5.8e58 tokens).
    error LotteryLib__WeightOverflow(uint256 stake, uint256 age);
    /// @notice A weight above 2^255 − 1 was passed to `raceTime` (no weight computed here can be that large).
    error LotteryLib__InvalidWeight(uint256 weight);

    uint256 internal constant WAD = 1e18;
    /// @notice Bounds keeping ln w below `expWad`'s limit for every stake up to 10^36 tokens.
    uint256 internal constant MAX_ALPHA = 1.5e18;
    uint256 internal constant MAX_BETA = 1e18;
    uint256 internal constant MAX_GAMMA = 1e18;
    uint256 internal constant MAX_AGE_CAP = 10_000;
    /// @notice `lnWad(2^64)` = ln(2^64 / 1e18) in WAD; `−ln u = LN_2_POW_64 − lnWad(k)` for u = k / 2^64.
    int256 internal constant LN_2_POW_64 = 2914887881943677490;
    /// @notice `expWad` reverts from here on.
    int256 internal constant EXP_INPUT_LIMIT = 135305999368893231589;
    /// @notice Race time of a zero weight.
    int256 internal constant NEVER = type(int256).max;
    /// @notice Race time when −ln u rounds to 0.
    int256 internal constant INSTANT = type(int256).min;

    /// @notice Reverts unless `p` is within the documented bounds (α > 0).
    function validate(LotteryParams memory p) internal pure {
        if (p.alpha == 0 || p.alpha > MAX_ALPHA || p.beta > MAX_BETA || p.gamma > MAX_GAMMA || p.ageCap > MAX_AGE_CAP)
            revert LotteryLib__InvalidParams(p.alpha, p.beta, p.gamma, p.ageCap);
    }

    /// @notice `w = s^α · (1 + γ·min(a, A_max))^β` as an 18-decimal number (see the library's notes).
    /// @dev Zero stake weighs 0; a weight below 1e-18 rounds to 0 (`expWad`). The age factor is exactly 1 when
    ///      a, β or γ is 0. Reverts `LotteryLib__WeightOverflow` beyond `expWad`'s range.
    function weight(LotteryParams memory p, uint256 stake, uint256 age) internal pure returns (uint256) {
        if (stake == 0) return 0;
        if (stake > uint256(type(int256).max)) revert LotteryLib__WeightOverflow(stake, age);
        // Safe casts: stake < 2^255 checked above; α, β ≤ 1.5e18 and γ·a ≤ 1e18·10^4 are far below 2^255.
        int256 logWeight = FixedPointMathLib.sMulWad(int256(uint256(p.alpha)), FixedPointMathLib.lnWad(int256(stake)));
        uint256 a = age < p.ageCap ? age : p.ageCap;
        if (a != 0 && p.beta != 0 && p.gamma != 0) {
            int256 ageFactor = FixedPointMathLib.lnWad(int256(WAD + uint256(p.gamma) * a));
            logWeight += FixedPointMathLib.sMulWad(int256(uint256(p.beta)), ageFactor);
        }
        if (logWeight >= EXP_INPUT_LIMIT) revert LotteryLib__WeightOverflow(stake, age);
        // expWad is positive for every input below the limit (and 0 below ln 1e-18).
        return uint256(FixedPointMathLib.expWad(logWeight));
    }

    /// @notice `ln t` (18 decimals) for VRF output `beta` and weight `w`: lower is better.
    function raceTime(bytes32 beta, uint256 w) internal pure returns (int256) {
        if (w == 0) return NEVER;
        if (w > uint256(type(int256).max)) revert LotteryLib__InvalidWeight(w);
        // k ∈ [1, 2^64]: the top 64 bits plus one, so u = k / 2^64 is never 0.
        uint256 k = (uint256(beta) >> 192) + 1;
        // −ln u ≥ 0 because lnWad is monotonically increasing and k ≤ 2^64.
        int256 minusLnU = LN_2_POW_64 - FixedPointMathLib.lnWad(int256(k));
        if (minusLnU <= 0) return INSTANT;
        // Safe cast: w < 2^255 checked above.
        return FixedPointMathLib.lnWad(minusLnU) - FixedPointMathLib.lnWad(int256(w));
    }

    /// @notice A race time boosted by a share in basis points (seed 001's `score × (1 + share)`, carried into the
    ///         race: `t / (1 + share/10⁴)`, so `ln t − ln(1 + share/10⁴)`): a proposal's FEE_SPLIT, a chunk prover's
    ///         FEE_BURN. The sentinels stay as they are; `share` is at most 10,000 (callers check it).
    function boostedRaceTime(int256 time, uint256 share) internal pure returns (int256) {
        if (share == 0 || time == NEVER || time == INSTANT) return time;
        // 1e18 + share·1e14 ≤ 2e18 (share ≤ 10⁴), and ln of it ∈ [0, ln 2]: no overflow against |time| ≤ ~10^21.
        return time - FixedPointMathLib.lnWad(int256(WAD + share * 1e14));
    }

    /// @notice The tie-break `keccak256(pid ‖ σ)` as an integer: the lower wins.
    function tieBreak(bytes32 pid, bytes32 sigma) internal pure returns (uint256) {
        return uint256(keccak256(abi.encodePacked(pid, sigma)));
    }

    /// @notice Whether ticket A (race time, tie-break) beats ticket B.
    function beats(int256 timeA, uint256 tieA, int256 timeB, uint256 tieB) internal pure returns (bool) {
        return timeA < timeB || (timeA == timeB && tieA < tieB);
    }
}
