// SPDX-License-Identifier: MIT
pragma solidity 0.8.28;

import {IERC20} from "@openzeppelin/contracts/token/ERC20/IERC20.sol";

/// @title IStakeToken
/// @notice The ERC-20 staked in local and test networks, with a rate-limited faucet. Real deployments may stake any
///         ERC-20 without transfer fees instead.
interface IStakeToken is IERC20 {
    /// @notice `account` used the faucet too recently; it may again from `availableAt`.
    error StakeToken__FaucetCooldown(address account, uint256 availableAt);

    /// @notice `account` received `amount` from the faucet.
    event FaucetUsed(address indexed account, uint256 amount);

    /// @notice Mints `faucetAmount()` to the caller, at most once per `faucetCooldown()` seconds per account.
    function faucet() external;

    /// @notice Mints `amount` to `to`. Only the owner (deployment scripts).
    function mint(address to, uint256 amount) external;

    /// @notice Tokens per faucet call.
    function faucetAmount() external view returns (uint256);

    /// @notice Seconds between two faucet calls of one account.
    function faucetCooldown() external view returns (uint256);

    /// @notice When `account` may use the faucet again (0 if never used).
    function faucetAvailableAt(address account) external view returns (uint256);
}
