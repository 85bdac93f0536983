// SPDX-License-Identifier: MIT
pragma solidity 0.8.28;

/// @title IRewardPool
/// @notice The reserve that pays the rollup's block rewards, in the stake token. Anyone may fund it; only the
///         prover coordinator that created it (which pays the rewards) may draw from it, and only as much as it
///         holds.
interface IRewardPool {
    /// @notice Only the coordinator that created the pool may draw.
    error RewardPool__NotCoordinator(address caller);
    /// @notice Funding needs a positive amount.
    error RewardPool__ZeroAmount();

    /// @notice `funder` added `amount` to the reserve.
    event Funded(address indexed funder, uint256 amount);
    /// @notice The coordinator drew `amount` (of `requested`).
    event Released(uint256 requested, uint256 amount);

    /// @notice Adds `amount` of the stake token from the caller (approve first).
    function fund(uint256 amount) external;

    /// @notice Sends the coordinator `min(requested, reserve())`; returns what was sent.
    function release(uint256 requested) external returns (uint256 amount);

    /// @notice What the pool holds (its token balance: tokens sent to it directly count too).
    function reserve() external view returns (uint256);

    /// @notice The prover coordinator that created the pool: the only account that may draw.
    function coordinator() external view returns (address);

    /// @notice The stake token the pool holds and pays.
    function token() external view returns (address);
}
