// SPDX-License-Identifier: MIT
pragma solidity 0.8.28;

import {LowLevelCall} from "@openzeppelin/contracts/utils/LowLevelCall.sol";
import {RLP} from "@openzeppelin/contracts/utils/RLP.sol";
import {LotteryParams} from "../lottery/LotteryLib.sol";
import {ICoordinatorDeployer} from "../interfaces/ICoordinatorDeployer.sol";
import {INodeRegistry} from "../interfaces/INodeRegistry.sol";
import {CooperativeConfig} from "../interfaces/ICooperativeCoordinator.sol";
import {OpenRaceConfig} from "../interfaces/IOpenRaceCoordinator.sol";
import {CoordinatorConfig} from "../interfaces/IProverCoordinator.sol";
import {IRollup} from "../interfaces/IRollup.sol";

/// @title CoordinatorDeployer
/// @notice See `ICoordinatorDeployer`: creates a rollup's prover coordinator at an address announced before the
///         rollup is deployed. Used once, by the Ignition deployment (`deploy/ignition/modules/Blockage.ts`).
/// @dev Why the first nonce: a contract account starts at nonce 1 (EIP-161) and `deploy`'s CREATE is this contract's
///      only one. A CREATE whose initcode reverts still bumps the creator's nonce, but `deploy` then reverts as a
///      whole, which rolls the bump back; so the nonce is 1 until the one successful `deploy`. The address check after
///      CREATE guards that reasoning (a chain whose accounts start elsewhere reverts instead of misplacing the
///      coordinator).
contract CoordinatorDeployer is ICoordinatorDeployer {
    /// @dev The nonce of this contract's one CREATE (see the contract's `@dev`).
    uint256 private constant _CREATE_NONCE = 1;

    address private immutable _owner;
    address private _coordinator;

    constructor() {
        _owner = msg.sender;
    }

    /// @inheritdoc ICoordinatorDeployer
    function deploy(
        bytes calldata creationCode,
        INodeRegistry registry,
        LotteryParams calldata lotteryParams,
        bool commitRevealFallback,
        IRollup rollup,
        CoordinatorConfig calldata cfg
    ) external returns (address) {
        return _create(creationCode, abi.encode(registry, lotteryParams, commitRevealFallback, rollup, cfg), rollup);
    }

    /// @inheritdoc ICoordinatorDeployer
    function deployCooperative(
        bytes calldata creationCode,
        INodeRegistry registry,
        LotteryParams calldata lotteryParams,
        bool commitRevealFallback,
        IRollup rollup,
        CooperativeConfig calldata cfg
    ) external returns (address) {
        return _create(creationCode, abi.encode(registry, lotteryParams, commitRevealFallback, rollup, cfg), rollup);
    }

    /// @inheritdoc ICoordinatorDeployer
    function deployOpenRace(
        bytes calldata creationCode,
        INodeRegistry registry,
        LotteryParams calldata lotteryParams,
        bool commitRevealFallback,
        IRollup rollup,
        OpenRaceConfig calldata cfg
    ) external returns (address) {
        return _create(creationCode, abi.encode(registry, lotteryParams, commitRevealFallback, rollup, cfg), rollup);
    }

    /// @inheritdoc ICoordinatorDeployer
    function nextAddress() external view returns (address) {
        return _createAddress();
    }

    /// @inheritdoc ICoordinatorDeployer
    function coordinator() external view returns (address) {
        return _coordinator;
    }

    /// @inheritdoc ICoordinatorDeployer
    function owner() external view returns (address) {
        return _owner;
    }

    /// @dev The one CREATE: `creationCode ‖ args` at the announced address, by the owner, once.
    function _create(
        bytes calldata creationCode,
        bytes memory args,
        IRollup rollup
    ) private returns (address coordinator_) {
        if (msg.sender != _owner) revert CoordinatorDeployer__NotOwner(msg.sender, _owner);
        if (_coordinator != address(0)) revert CoordinatorDeployer__AlreadyDeployed(_coordinator);
        if (creationCode.length == 0) revert CoordinatorDeployer__EmptyCreationCode();
        bytes memory initcode = bytes.concat(creationCode, args);
        // CREATE with no value from the initcode in memory (its length word first, the bytes after it); yields the
        // zero address when the constructor reverts (or runs out of gas).
        assembly ("memory-safe") {
            coordinator_ := create(0, add(initcode, 0x20), mload(initcode))
        }
        // Surfaces the coordinator constructor's own error (e.g. `ProverCoordinator__InvalidConfig`).
        if (coordinator_ == address(0)) LowLevelCall.bubbleRevert();
        address expected = _createAddress();
        if (coordinator_ != expected) revert CoordinatorDeployer__WrongAddress(expected, coordinator_);
        _coordinator = coordinator_;
        emit CoordinatorDeployed(coordinator_, address(rollup));
    }

    /// @dev CREATE's address rule: the last 20 bytes of keccak256(rlp([sender, nonce])).
    function _createAddress() private view returns (address) {
        bytes[] memory fields = new bytes[](2);
        fields[0] = RLP.encode(address(this));
        fields[1] = RLP.encode(_CREATE_NONCE);
        return address(uint160(uint256(keccak256(RLP.encode(fields)))));
    }
}
