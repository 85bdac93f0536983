// SPDX-License-Identifier: MIT
pragma solidity 0.8.28;

import {FixedPointMathLib} from "solady/src/utils/FixedPointMathLib.sol";
import {LotteryLib, LotteryParams} from "../lottery/LotteryLib.sol";

/// @notice Test-only: exposes `LotteryLib` and the solady functions it uses, in batches, for the differential tests
///         against the TypeScript mirror.
contract LotteryLibHarness {
    function validate(LotteryParams calldata p) external pure {
        LotteryLib.validate(p);
    }

    function weight(LotteryParams calldata p, uint256 stake, uint256 age) external pure returns (uint256) {
        return LotteryLib.weight(p, stake, age);
    }

    function weights(
        LotteryParams calldata p,
        uint256[] calldata stakes,
        uint256[] calldata ages
    ) external pure returns (uint256[] memory out) {
        out = new uint256[](stakes.length);
        for (uint256 i; i < stakes.length; ++i) out[i] = LotteryLib.weight(p, stakes[i], ages[i]);
    }

    function raceTime(bytes32 beta, uint256 w) external pure returns (int256) {
        return LotteryLib.raceTime(beta, w);
    }

    function raceTimes(bytes32[] calldata betas, uint256[] calldata ws) external pure returns (int256[] memory out) {
        out = new int256[](betas.length);
        for (uint256 i; i < betas.length; ++i) out[i] = LotteryLib.raceTime(betas[i], ws[i]);
    }

    function boostedRaceTime(int256 time, uint256 share) external pure returns (int256) {
        return LotteryLib.boostedRaceTime(time, share);
    }

    function tieBreak(bytes32 pid, bytes32 sigma) external pure returns (uint256) {
        return LotteryLib.tieBreak(pid, sigma);
    }

    function lnWads(int256[] calldata xs) external pure returns (int256[] memory out) {
        out = new int256[](xs.length);
        for (uint256 i; i < xs.length; ++i) out[i] = FixedPointMathLib.lnWad(xs[i]);
    }

    function expWads(int256[] calldata xs) external pure returns (int256[] memory out) {
        out = new int256[](xs.length);
        for (uint256 i; i < xs.length; ++i) out[i] = FixedPointMathLib.expWad(xs[i]);
    }

    function lnWadOf2Pow64() external pure returns (int256 computed, int256 constantValue) {
        return (FixedPointMathLib.lnWad(int256(1 << 64)), LotteryLib.LN_2_POW_64);
    }
}
