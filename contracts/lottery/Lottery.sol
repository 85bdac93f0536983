// SPDX-License-Identifier: MIT
pragma solidity 0.8.28;

import {EcVrfHints} from "../interfaces/IEcVrfVerifier.sol";
import {ILottery, Proposal, SlotProposal} from "../interfaces/ILottery.sol";
import {RandomnessSource} from "../interfaces/ILotteryBase.sol";
import {INodeRegistry, LotteryInputs} from "../interfaces/INodeRegistry.sol";
import {LotteryLib, LotteryParams} from "./LotteryLib.sol";
import {ProverLottery} from "./ProverLottery.sol";

/// @title Lottery
/// @notice On-chain verification of the sequencer lottery (per slot) and the prover lottery (per epoch) over a
///         `NodeRegistry`'s checkpointed inputs and a `SeedBeacon`'s seeds, with a standalone board of the best
///         proposal of each slot. See `ILottery`; the rollup's block proposals use the same draw (`LotteryBase`).
/// @dev Holds no tokens and calls only the registry and the beacon (both trusted, view calls), so there is no
///      re-entrancy surface. Stores, per slot, the best proposal (3 words) and, per epoch, the best prover ticket.
contract Lottery is ProverLottery, ILottery {
    mapping(uint256 slot => SlotProposal) private _bestProposal;

    /// @param registry_ The node registry (its beacon supplies the clock and the seeds).
    /// @param params_ α, β, γ (18 decimals) and A_max; checked by `LotteryLib.validate`.
    /// @param commitRevealFallback_ Whether nodes may enter with commit-reveal instead of a VRF proof.
    constructor(
        INodeRegistry registry_,
        LotteryParams memory params_,
        bool commitRevealFallback_
    ) ProverLottery(registry_, params_, commitRevealFallback_) {}

    /*//////////////////////////////////////////////////////////////
                               SEQUENCERS
    //////////////////////////////////////////////////////////////*/

    /// @inheritdoc ILottery
    function propose(
        Proposal calldata proposal,
        bytes calldata vrfProof,
        EcVrfHints calldata hints
    ) external returns (int256 raceTime) {
        (uint256 epoch, bytes32 sigma) = _checkProposal(proposal);
        LotteryInputs memory inputs = _eligibleInputs(proposal.pid, epoch, ROLE_SEQUENCER);
        bytes32 output = _vrfOutput(
            proposal.pid,
            epoch,
            proposal.slot,
            inputs.vrfKey,
            _vrfInput(sigma, ROLE_SEQUENCER),
            vrfProof,
            hints
        );
        raceTime = LotteryLib.raceTime(output, _weightOf(inputs, proposal.pid, epoch));
        _recordProposal(proposal, raceTime, sigma, RandomnessSource.Vrf);
    }

    /// @inheritdoc ILottery
    function proposeWithReveal(Proposal calldata proposal, bytes32 secret) external returns (int256 raceTime) {
        _requireCommitReveal();
        (uint256 epoch, bytes32 sigma) = _checkProposal(proposal);
        LotteryInputs memory inputs = _eligibleInputs(proposal.pid, epoch, ROLE_SEQUENCER);
        raceTime = LotteryLib.raceTime(
            _revealOutput(proposal.pid, epoch, sigma, secret),
            _weightOf(inputs, proposal.pid, epoch)
        );
        _recordProposal(proposal, raceTime, sigma, RandomnessSource.CommitReveal);
    }

    /// @dev Checks the slot and the caller; returns the slot's epoch and sequencer seed.
    function _checkProposal(Proposal calldata proposal) private view returns (uint256 epoch, bytes32 sigma) {
        (epoch, sigma) = _checkSlot(proposal.slot);
        _requireOperator(proposal.pid, proposal.salt);
    }

    /// @dev Stores the proposal as the slot's best if it beats the current one.
    function _recordProposal(
        Proposal calldata proposal,
        int256 raceTime,
        bytes32 sigma,
        RandomnessSource source
    ) private {
        _pokeBeacon();
        SlotProposal storage best = _bestProposal[proposal.slot];
        bytes32 replaced = best.pid;
        _requireBeats(proposal.pid, raceTime, sigma, replaced, best.raceTime);
        best.pid = proposal.pid;
        best.headerHash = proposal.headerHash;
        best.raceTime = raceTime;
        emit ProposalAccepted(proposal.slot, proposal.pid, proposal.headerHash, raceTime, replaced, source);
    }

    /// @inheritdoc ILottery
    function bestProposal(uint256 slot) external view returns (SlotProposal memory) {
        return _bestProposal[slot];
    }
}
