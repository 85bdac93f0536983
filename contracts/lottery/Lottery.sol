// SPDX-License-Identifier: MIT
pragma solidity 0.8.28;

import {EcVrfHints} from "../interfaces/IEcVrfVerifier.sol";
import {ILottery, Proposal, ProverTicket, RandomnessSource, SlotProposal} from "../interfaces/ILottery.sol";
import {INodeRegistry, LotteryInputs, NodeStatus} from "../interfaces/INodeRegistry.sol";
import {ISeedBeacon} from "../interfaces/ISeedBeacon.sol";
import {EcVrfLib} from "../vrf/EcVrfLib.sol";
import {LotteryLib, LotteryParams} from "./LotteryLib.sol";

/// @title Lottery
/// @notice On-chain verification of the sequencer lottery (per slot) and the prover lottery (per epoch) over a
///         `NodeRegistry`'s checkpointed inputs and a `SeedBeacon`'s seeds. See `ILottery`.
/// @dev Holds no tokens and calls only the registry and the beacon (both trusted, view calls), so there is no
///      re-entrancy surface. Stores, per slot, the best proposal (3 words) and, per epoch, the best prover ticket.
///      The rollup builds on its internal steps (`_checkProposal`, `_eligibleInputs`, `_vrfOutput`,
///      `_recordProposal`, …).
contract Lottery is ILottery {
    /// @dev Role bits in the registry and role numbers in the beacon coincide: 1 sequencer, 2 prover.
    uint8 internal constant ROLE_SEQUENCER = 1;
    uint8 internal constant ROLE_PROVER = 2;

    INodeRegistry public immutable registry;
    ISeedBeacon public immutable beacon;
    bool public immutable commitRevealFallback;

    uint64 private immutable _alpha;
    uint64 private immutable _beta;
    uint64 private immutable _gamma;
    uint64 private immutable _ageCap;

    uint256 private immutable _genesisTime;
    uint256 private immutable _slotDuration;
    uint256 private immutable _epochSlots;

    mapping(uint256 slot => SlotProposal) private _bestProposal;
    mapping(uint256 epoch => ProverTicket) private _bestProverTicket;
    mapping(bytes32 pid => mapping(uint256 epoch => bytes32)) private _commitments;

    /// @param registry_ The node registry (its beacon supplies the clock and the seeds).
    /// @param params_ α, β, γ (18 decimals) and A_max; checked by `LotteryLib.validate`.
    /// @param commitRevealFallback_ Whether nodes may enter with commit-reveal instead of a VRF proof.
    constructor(INodeRegistry registry_, LotteryParams memory params_, bool commitRevealFallback_) {
        LotteryLib.validate(params_);
        uint256 registryAgeCap = registry_.ageCap();
        if (params_.ageCap > registryAgeCap) revert Lottery__AgeCapAboveRegistry(params_.ageCap, registryAgeCap);
        registry = registry_;
        ISeedBeacon beacon_ = registry_.beacon();
        beacon = beacon_;
        commitRevealFallback = commitRevealFallback_;
        _alpha = params_.alpha;
        _beta = params_.beta;
        _gamma = params_.gamma;
        _ageCap = params_.ageCap;
        _genesisTime = beacon_.genesisTime();
        _slotDuration = beacon_.slotDuration();
        _epochSlots = beacon_.epochSlots();
    }

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
    function _checkProposal(Proposal calldata proposal) internal view returns (uint256 epoch, bytes32 sigma) {
        uint256 slot = proposal.slot;
        uint256 current = currentSlot();
        if (slot != current) revert Lottery__NotCurrentSlot(slot, current);
        _requireOperator(proposal.pid, proposal.salt);
        epoch = slot / _epochSlots;
        sigma = beacon.seedFor(epoch, slot, ROLE_SEQUENCER);
    }

    /// @dev Stores the proposal as the slot's best if it beats the current one.
    function _recordProposal(
        Proposal calldata proposal,
        int256 raceTime,
        bytes32 sigma,
        RandomnessSource source
    ) internal {
        SlotProposal storage best = _bestProposal[proposal.slot];
        bytes32 replaced = best.pid;
        _requireBeats(proposal.pid, raceTime, sigma, replaced, best.raceTime);
        best.pid = proposal.pid;
        best.headerHash = proposal.headerHash;
        best.raceTime = raceTime;
        emit ProposalAccepted(proposal.slot, proposal.pid, proposal.headerHash, raceTime, replaced, source);
    }

    /*//////////////////////////////////////////////////////////////
                                PROVERS
    //////////////////////////////////////////////////////////////*/

    /// @inheritdoc ILottery
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

    /// @inheritdoc ILottery
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

    /// @dev Stores the ticket as the epoch's best if it beats the current one.
    function _recordProverTicket(
        uint256 epoch,
        bytes32 pid,
        int256 raceTime,
        bytes32 sigma,
        RandomnessSource source
    ) internal {
        ProverTicket storage best = _bestProverTicket[epoch];
        bytes32 replaced = best.pid;
        _requireBeats(pid, raceTime, sigma, replaced, best.raceTime);
        best.pid = pid;
        best.raceTime = raceTime;
        emit ProverTicketAccepted(epoch, pid, raceTime, replaced, source);
    }

    /*//////////////////////////////////////////////////////////////
                              COMMIT-REVEAL
    //////////////////////////////////////////////////////////////*/

    /// @inheritdoc ILottery
    function commit(bytes32 pid, bytes32 salt, uint256 epoch, bytes32 commitment) external {
        _requireCommitReveal();
        _requireOperator(pid, salt);
        if (commitment == bytes32(0)) revert Lottery__ZeroCommitment();
        uint256 earliest = currentEpoch() + registry.inputLag();
        if (epoch < earliest) revert Lottery__CommitTooLate(epoch, earliest);
        _commitments[pid][epoch] = commitment;
        emit Committed(pid, epoch, commitment);
    }

    /*//////////////////////////////////////////////////////////////
                                 VIEWS
    //////////////////////////////////////////////////////////////*/

    /// @inheritdoc ILottery
    function bestProposal(uint256 slot) external view returns (SlotProposal memory) {
        return _bestProposal[slot];
    }

    /// @inheritdoc ILottery
    function designatedProver(uint256 epoch) external view returns (ProverTicket memory) {
        return _bestProverTicket[epoch];
    }

    /// @inheritdoc ILottery
    function commitmentOf(bytes32 pid, uint256 epoch) external view returns (bytes32) {
        return _commitments[pid][epoch];
    }

    /// @inheritdoc ILottery
    function weightAt(bytes32 pid, uint256 epoch) external view returns (uint256) {
        LotteryInputs memory inputs = registry.nodeAt(pid, epoch);
        if (inputs.status != NodeStatus.Active) return 0;
        return LotteryLib.weight(params(), inputs.stake, inputs.age);
    }

    /// @inheritdoc ILottery
    function computeWeight(uint256 stake, uint256 age) external view returns (uint256) {
        return LotteryLib.weight(params(), stake, age);
    }

    /// @inheritdoc ILottery
    function computeRaceTime(bytes32 beta, uint256 weight) external pure returns (int256) {
        return LotteryLib.raceTime(beta, weight);
    }

    /// @inheritdoc ILottery
    function params() public view returns (LotteryParams memory) {
        return LotteryParams({alpha: _alpha, beta: _beta, gamma: _gamma, ageCap: _ageCap});
    }

    /// @inheritdoc ILottery
    function currentSlot() public view returns (uint256) {
        // The beacon refuses a genesis in the future, so the subtraction cannot underflow.
        return (block.timestamp - _genesisTime) / _slotDuration;
    }

    /// @inheritdoc ILottery
    function currentEpoch() public view returns (uint256) {
        return currentSlot() / _epochSlots;
    }

    /*//////////////////////////////////////////////////////////////
                                INTERNALS
    //////////////////////////////////////////////////////////////*/

    /// @dev The node's epoch inputs; reverts unless it is Active with `role` then.
    function _eligibleInputs(
        bytes32 pid,
        uint256 epoch,
        uint8 role
    ) internal view returns (LotteryInputs memory inputs) {
        inputs = registry.nodeAt(pid, epoch);
        if (inputs.status != NodeStatus.Active) revert Lottery__NotActive(pid, epoch, inputs.status);
        if (inputs.roles & role == 0) revert Lottery__MissingRole(pid, epoch, role);
    }

    /// @dev The node's weight from its epoch inputs; reverts for a zero weight, which can never win (P = 0).
    function _weightOf(LotteryInputs memory inputs, bytes32 pid, uint256 epoch) internal view returns (uint256 weight) {
        weight = LotteryLib.weight(params(), inputs.stake, inputs.age);
        if (weight == 0) revert Lottery__ZeroWeight(pid, epoch);
    }

    /// @dev `σ ‖ "SEQUENCER"` or `σ ‖ "PROVER"` (DESIGN §2 domain separation).
    function _vrfInput(bytes32 sigma, uint8 role) internal pure returns (bytes memory) {
        return role == ROLE_SEQUENCER ? abi.encodePacked(sigma, "SEQUENCER") : abi.encodePacked(sigma, "PROVER");
    }

    /// @dev The VRF output for `alpha` under the node's registered key; reverts if the proof does not verify or
    ///      the node chose commit-reveal for this epoch.
    function _vrfOutput(
        bytes32 pid,
        uint256 epoch,
        uint256 slot,
        bytes memory vrfKey,
        bytes memory alpha,
        bytes calldata vrfProof,
        EcVrfHints calldata hints
    ) internal view returns (bytes32 output) {
        if (commitRevealFallback && _commitments[pid][epoch] != bytes32(0))
            revert Lottery__CommittedToReveal(pid, epoch);
        bool valid;
        (valid, output) = EcVrfLib.verify(vrfKey, vrfProof, alpha, hints);
        if (!valid) revert Lottery__InvalidVrfProof(pid, epoch, slot);
    }

    /// @dev `keccak256(secret ‖ σ)` after checking `secret` against the node's commitment for `epoch`.
    function _revealOutput(bytes32 pid, uint256 epoch, bytes32 sigma, bytes32 secret) internal view returns (bytes32) {
        bytes32 commitment = _commitments[pid][epoch];
        if (commitment == bytes32(0) || keccak256(abi.encode(secret, pid)) != commitment) {
            revert Lottery__InvalidReveal(pid, epoch);
        }
        return keccak256(abi.encodePacked(secret, sigma));
    }

    /// @dev Reverts unless this deployment accepts commit-reveal entries.
    function _requireCommitReveal() internal view {
        if (!commitRevealFallback) revert Lottery__CommitRevealDisabled();
    }

    /// @dev Reverts unless `msg.sender` is the operator of `pid` (pids are `keccak256(abi.encode(operator, salt))`).
    function _requireOperator(bytes32 pid, bytes32 salt) internal view {
        if (keccak256(abi.encode(msg.sender, salt)) != pid) revert Lottery__NotOperator(pid, msg.sender);
    }

    /// @dev Reverts unless the entry (pid, raceTime) beats the stored best (`bestPid` zero means none).
    function _requireBeats(
        bytes32 pid,
        int256 raceTime,
        bytes32 sigma,
        bytes32 bestPid,
        int256 bestRaceTime
    ) private pure {
        if (bestPid == bytes32(0)) return;
        if (
            !LotteryLib.beats(
                raceTime,
                LotteryLib.tieBreak(pid, sigma),
                bestRaceTime,
                LotteryLib.tieBreak(bestPid, sigma)
            )
        ) {
            revert Lottery__NotBetter(pid, raceTime, bestPid, bestRaceTime);
        }
    }
}
