// SPDX-License-Identifier: MIT
pragma solidity 0.8.28;

import {IERC20} from "@openzeppelin/contracts/token/ERC20/IERC20.sol";
import {SafeERC20} from "@openzeppelin/contracts/token/ERC20/utils/SafeERC20.sol";
import {IRewardPool} from "../interfaces/IRewardPool.sol";

/// @title RewardPool
/// @notice See `IRewardPool`. Created by the prover coordinator in its constructor, so `coordinator` is fixed and nobody else can
///         draw. Keeps no accounting of its own: the reserve is the token balance.
contract RewardPool is IRewardPool {
    using SafeERC20 for IERC20;

    address public immutable coordinator;
    IERC20 private immutable _token;

    constructor(IERC20 token_) {
        coordinator = msg.sender;
        _token = token_;
    }

    /// @inheritdoc IRewardPool
    function fund(uint256 amount) external {
        if (amount == 0) revert RewardPool__ZeroAmount();
        _token.safeTransferFrom(msg.sender, address(this), amount);
        emit Funded(msg.sender, amount);
    }

    /// @inheritdoc IRewardPool
    function release(uint256 requested) external returns (uint256 amount) {
        if (msg.sender != coordinator) revert RewardPool__NotCoordinator(msg.sender);
        uint256 held = _token.balanceOf(address(this));
        amount = requested < held ? requested : held;
        if (amount != 0) _token.safeTransfer(coordinator, amount);
        emit Released(requested, amount);
    }

    /// @inheritdoc IRewardPool
    function reserve() external view returns (uint256) {
        return _token.balanceOf(address(this));
    }

    /// @inheritdoc IRewardPool
    function token() external view returns (address) {
        return address(_token);
    }
}
