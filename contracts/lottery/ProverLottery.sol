// SPDX-License-Identifier: MIT
pragma solidity 0.8.28;

import {EcVrfHints} from "../interfaces/IEcVrfVerifier.sol";
import {RandomnessSource} from "../interfaces/ILotteryBase.sol";
import {IProverLottery, ProverTicket} from "../interfaces/IProverLottery.sol";
import {INodeRegistry, LotteryInputs} from "../interfaces/INodeRegistry.sol";
import {LotteryBase} from "./LotteryBase.sol";
import {LotteryLib, LotteryParams} from "./LotteryLib.sol";

/// @title ProverLottery
/// @notice The per-epoch prover lottery over `LotteryBase`'s draw (see `IProverLottery`): the best ticket's node is
///         the epoch's designated prover. Used by the standalone `Lottery` and by `ProverCoordinator`.
abstract contract ProverLottery is LotteryBase, IProverLottery {
    mapping(uint256 epoch => ProverTicket) internal _bestProverTicket;

    constructor(
        INodeRegistry registry_,
        LotteryParams memory params_,
        bool commitRevealFallback_
    ) LotteryBase(registry_, params_, commitRevealFallback_) {}

    /*//////////////////////////////////////////////////////////////
                                PROVERS
    //////////////////////////////////////////////////////////////*/

    /// @inheritdoc IProverLottery
    function submitProverTicket(
        uint256 epoch,
        bytes32 pid,
        bytes32 salt,
        bytes calldata vrfProof,
        EcVrfHints calldata hints
    ) external returns (int256 raceTime) {
        _requireOperator(pid, salt);
        (uint256 firstSlot, bytes32 sigma) = _checkTicketEpoch(epoch);
        LotteryInputs memory inputs = _eligibleInputs(pid, epoch, ROLE_PROVER);
        bytes32 output = _vrfOutput(
            pid,
            epoch,
            firstSlot,
            inputs.vrfKey,
            _vrfInput(sigma, ROLE_PROVER),
            vrfProof,
            hints
        );
        raceTime = LotteryLib.raceTime(output, _weightOf(inputs, pid, epoch));
        _recordProverTicket(epoch, pid, raceTime, sigma, RandomnessSource.Vrf);
    }

    /// @inheritdoc IProverLottery
    function submitProverTicketWithReveal(
        uint256 epoch,
        bytes32 pid,
        bytes32 salt,
        bytes32 secret
    ) external returns (int256 raceTime) {
        _requireCommitReveal();
        _requireOperator(pid, salt);
        (, bytes32 sigma) = _checkTicketEpoch(epoch);
        LotteryInputs memory inputs = _eligibleInputs(pid, epoch, ROLE_PROVER);
        raceTime = LotteryLib.raceTime(_revealOutput(pid, epoch, sigma, secret), _weightOf(inputs, pid, epoch));
        _recordProverTicket(epoch, pid, raceTime, sigma, RandomnessSource.CommitReveal);
    }

    /// @dev Tickets for `epoch` are accepted until it ends; returns its first slot and prover seed.
    function _checkTicketEpoch(uint256 epoch) internal view returns (uint256 firstSlot, bytes32 sigma) {
        uint256 current = currentEpoch();
        if (epoch < current) revert Lottery__TicketWindowClosed(epoch, current);
        firstSlot = epoch * _epochSlots;
        sigma = beacon.seedFor(epoch, firstSlot, ROLE_PROVER);
    }

    /// @dev Stores the ticket as the epoch's best if it beats the current one (the open race keeps a turn order too).
    function _recordProverTicket(
        uint256 epoch,
        bytes32 pid,
        int256 raceTime,
        bytes32 sigma,
        RandomnessSource source
    ) internal virtual {
        _pokeBeacon();
        ProverTicket storage best = _bestProverTicket[epoch];
        bytes32 replaced = best.pid;
        _requireBeats(pid, raceTime, sigma, replaced, best.raceTime);
        best.pid = pid;
        best.raceTime = raceTime;
        emit ProverTicketAccepted(epoch, pid, raceTime, replaced, source);
    }

    /// @inheritdoc IProverLottery
    function designatedProver(uint256 epoch) external view returns (ProverTicket memory) {
        return _bestProverTicket[epoch];
    }
}
