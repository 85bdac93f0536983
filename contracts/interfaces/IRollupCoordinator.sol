// SPDX-License-Identifier: MIT
pragma solidity 0.8.28;

/// @title IRollupCoordinator
/// @notice What the rollup calls on its coordinator, whichever prover mechanism it plays (`ProverCoordinator` for
///         Sidecar, `CooperativeCoordinator` for Cooperative).
interface IRollupCoordinator {
    /// @notice Credits a based block's reward to `submitter`: the address the block's proof is bound to, whoever
    ///         sent it. Only the rollup.
    function rewardBasedBlock(address submitter) external returns (uint256 reward);

    /// @notice One of epoch `epoch`'s blocks was shown invalid and dropped: a claim on the epoch is voided (its bond
    ///         credited back, and the epoch may be claimed again); a mechanism without claims has nothing to do.
    ///         Only the rollup.
    function voidClaim(uint256 epoch) external;
}
