// SPDX-License-Identifier: MIT
pragma solidity 0.8.28;

import {ERC20} from "@openzeppelin/contracts/token/ERC20/ERC20.sol";
import {Ownable} from "@openzeppelin/contracts/access/Ownable.sol";
import {IStakeToken} from "../interfaces/IStakeToken.sol";

/// @title StakeToken
/// @notice The stake token of local and test networks: a plain ERC-20 with a rate-limited faucet.
contract StakeToken is ERC20, Ownable, IStakeToken {
    uint256 private immutable _faucetAmount;
    uint256 private immutable _faucetCooldown;
    mapping(address account => uint256 availableAt) private _faucetAvailableAt;

    /// @param initialOwner May `mint` (deployment scripts).
    /// @param faucetAmount_ Tokens per faucet call.
    /// @param faucetCooldown_ Seconds between two faucet calls of one account.
    constructor(
        address initialOwner,
        uint256 faucetAmount_,
        uint256 faucetCooldown_
    ) ERC20("blockage Stake", "BLKS") Ownable(initialOwner) {
        _faucetAmount = faucetAmount_;
        _faucetCooldown = faucetCooldown_;
    }

    /// @inheritdoc IStakeToken
    function faucet() external {
        uint256 availableAt = _faucetAvailableAt[msg.sender];
        if (block.timestamp < availableAt) revert StakeToken__FaucetCooldown(msg.sender, availableAt);
        _faucetAvailableAt[msg.sender] = block.timestamp + _faucetCooldown;
        _mint(msg.sender, _faucetAmount);
        emit FaucetUsed(msg.sender, _faucetAmount);
    }

    /// @inheritdoc IStakeToken
    function mint(address to, uint256 amount) external onlyOwner {
        _mint(to, amount);
    }

    /// @inheritdoc IStakeToken
    function faucetAmount() external view returns (uint256) {
        return _faucetAmount;
    }

    /// @inheritdoc IStakeToken
    function faucetCooldown() external view returns (uint256) {
        return _faucetCooldown;
    }

    /// @inheritdoc IStakeToken
    function faucetAvailableAt(address account) external view returns (uint256) {
        return _faucetAvailableAt[account];
    }
}
