// SPDX-License-Identifier: MIT
pragma solidity 0.8.28;

import {LotteryParams} from "../lottery/LotteryLib.sol";
import {INodeRegistry} from "./INodeRegistry.sol";
import {CooperativeConfig} from "./ICooperativeCoordinator.sol";
import {OpenRaceConfig} from "./IOpenRaceCoordinator.sol";
import {CoordinatorConfig} from "./IProverCoordinator.sol";
import {IRollup} from "./IRollup.sol";

/// @title ICoordinatorDeployer
/// @notice Breaks the rollup ↔ prover coordinator cycle for deployment tools that cannot predict an account's nonce
///         (Hardhat Ignition): the rollup's constructor names its coordinator's address and the coordinator's
///         constructor names the rollup. The deployer announces, before either exists, the one address it will create
///         the coordinator at (`nextAddress`); the rollup is deployed naming it; then the deployer creates the
///         coordinator there, once. Single-use and restricted to its owner (the account that deployed it), so nobody
///         else can occupy the announced address with other code.
/// @dev The prover coordinator's initcode (~30 KB, it embeds the reward pool) is too large to embed in a factory's
///      runtime code (EIP-170's 24 KiB), so the owner passes it in (`ProverCoordinator`'s compiled creation code).
interface ICoordinatorDeployer {
    // ------------------------------------------------------------------ errors

    /// @notice Only the owner (the account that deployed this contract) may deploy the coordinator.
    error CoordinatorDeployer__NotOwner(address caller, address owner);
    /// @notice The coordinator is already deployed, at `coordinator`: the deployer is single-use.
    error CoordinatorDeployer__AlreadyDeployed(address coordinator);
    /// @notice The creation code is empty.
    error CoordinatorDeployer__EmptyCreationCode();
    /// @notice CREATE put the coordinator at `actual`, not at the announced `expected` (this contract's nonce was not
    ///         the one `nextAddress` assumes).
    error CoordinatorDeployer__WrongAddress(address expected, address actual);

    // ------------------------------------------------------------------ events

    /// @notice The prover coordinator of `rollup` was created at `coordinator`.
    event CoordinatorDeployed(address indexed coordinator, address indexed rollup);

    // ------------------------------------------------------------------ functions

    /// @notice Creates the prover coordinator at `nextAddress()` from `creationCode` (`ProverCoordinator`'s
    ///         creation code) followed by the ABI-encoded constructor arguments, and returns its address. Owner only,
    ///         once. A coordinator constructor that reverts reverts this call with the constructor's own error.
    /// @param creationCode `ProverCoordinator`'s creation code, without constructor arguments.
    /// @param registry The node registry (as given to the rollup).
    /// @param lotteryParams α, β, γ, A_max (as given to the rollup).
    /// @param commitRevealFallback Whether commit-reveal entries are accepted (as given to the rollup).
    /// @param rollup The rollup, which must name `nextAddress()` as its coordinator.
    /// @param cfg The coordinator's configuration.
    /// @return coordinator The new coordinator's address, equal to the announced one.
    function deploy(
        bytes calldata creationCode,
        INodeRegistry registry,
        LotteryParams calldata lotteryParams,
        bool commitRevealFallback,
        IRollup rollup,
        CoordinatorConfig calldata cfg
    ) external returns (address coordinator);

    /// @notice `deploy` for a Cooperative rollup: creates the `CooperativeCoordinator` from `creationCode` (without
    ///         constructor arguments) at `nextAddress()`. Owner only, once (either function, once in all).
    function deployCooperative(
        bytes calldata creationCode,
        INodeRegistry registry,
        LotteryParams calldata lotteryParams,
        bool commitRevealFallback,
        IRollup rollup,
        CooperativeConfig calldata cfg
    ) external returns (address coordinator);

    /// @notice `deploy` for an open-race rollup: creates the `OpenRaceCoordinator` from `creationCode` (without
    ///         constructor arguments) at `nextAddress()`. Owner only, once (one of the three functions, once in all).
    function deployOpenRace(
        bytes calldata creationCode,
        INodeRegistry registry,
        LotteryParams calldata lotteryParams,
        bool commitRevealFallback,
        IRollup rollup,
        OpenRaceConfig calldata cfg
    ) external returns (address coordinator);

    /// @notice The address `deploy` creates the coordinator at: this contract's CREATE address for its first nonce.
    ///         Unchanged by a `deploy` that reverts; after a successful one, it is the coordinator's address.
    function nextAddress() external view returns (address);

    /// @notice The coordinator created by `deploy`, or the zero address before it.
    function coordinator() external view returns (address);

    /// @notice The account that may call `deploy`: the one that deployed this contract.
    function owner() external view returns (address);
}
