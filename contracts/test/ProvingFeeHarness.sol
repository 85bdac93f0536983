// SPDX-License-Identifier: MIT
pragma solidity 0.8.28;

import {ProvingFeeLib} from "../proving/ProvingFeeLib.sol";

/// @notice Test-only: exposes `ProvingFeeLib` in batches for the differential test against the SDK.
contract ProvingFeeHarness {
    struct FeeCase {
        uint256 fee;
        uint256 lag;
        uint256 target;
        uint256 minFee;
        bool flagged;
    }

    function nextFees(FeeCase[] calldata cases) external pure returns (uint256[] memory out) {
        out = new uint256[](cases.length);
        for (uint256 i; i < cases.length; ++i) {
            FeeCase calldata c = cases[i];
            out[i] = ProvingFeeLib.nextFee(c.fee, c.lag, c.target, c.minFee, c.flagged);
        }
    }
}
