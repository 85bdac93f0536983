// SPDX-License-Identifier: MIT
pragma solidity 0.8.28;

import {IERC20} from "@openzeppelin/contracts/token/ERC20/IERC20.sol";
import {INodeRegistry} from "../interfaces/INodeRegistry.sol";

/// @title BenchNodeBatch
/// @notice BENCHMARK ONLY. Registers and activates many nodes (operator = this contract, one salt each) in few
///         transactions, to fill a registry with thousands of real nodes before measuring per-operation gas.
contract BenchNodeBatch {
    INodeRegistry private immutable _registry;

    constructor(INodeRegistry registry, IERC20 token) {
        _registry = registry;
        token.approve(address(registry), type(uint256).max);
    }

    /// @notice Registers nodes with salts `first .. first + proofs.length − 1`, `proofs[k]` being the VRF key's
    ///         proof of possession for the pid of salt `first + k`.
    function registerMany(uint256 first, uint256 stake, bytes calldata vrfKey, bytes[] calldata proofs) external {
        for (uint256 k = 0; k < proofs.length; ++k) {
            _registry.register(bytes32(first + k), stake, vrfKey, proofs[k], keccak256(abi.encode(first + k)), 3);
        }
    }

    /// @notice Activates the nodes with salts `first .. first + count − 1`.
    function activateMany(uint256 first, uint256 count) external {
        for (uint256 i = first; i < first + count; ++i) {
            _registry.activate(_registry.pidOf(address(this), bytes32(i)));
        }
    }
}
