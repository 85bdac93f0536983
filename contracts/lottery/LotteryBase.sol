// SPDX-License-Identifier: MIT
pragma solidity 0.8.28;

import {EcVrfHints} from "../interfaces/IEcVrfVerifier.sol";
import {ILotteryBase} from "../interfaces/ILotteryBase.sol";
import {INodeRegistry, LotteryInputs, NodeStatus} from "../interfaces/INodeRegistry.sol";
import {ISeedBeacon} from "../interfaces/ISeedBeacon.sol";
import {EcVrfLib} from "../vrf/EcVrfLib.sol";
import {LotteryLib, LotteryParams} from "./LotteryLib.sol";

/// @title LotteryBase
/// @notice The draw every lottery deployment shares (see `ILotteryBase`): eligibility from a `NodeRegistry`'s
///         checkpoints, VRF and commit-reveal outputs from a `SeedBeacon`'s seeds, and race times. `ProverLottery`
///         adds the prover lottery of each epoch (run by `ProverCoordinator`), `Lottery` a standalone board of
///         sequencer proposals; `Rollup` ranks block proposals with the same steps (`_requireOperator`,
///         `_checkSlot`, `_eligibleInputs`, `_vrfOutput`, `_revealOutput`, `_weightOf`, `_requireBeats`).
/// @dev Calls only the registry and the beacon (both trusted, view calls). Stores per node and epoch its
///      commit-reveal commitment.
abstract contract LotteryBase is ILotteryBase {
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

    uint256 internal immutable _genesisTime;
    uint256 internal immutable _slotDuration;
    uint256 internal immutable _epochSlots;

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
                              COMMIT-REVEAL
    //////////////////////////////////////////////////////////////*/

    /// @inheritdoc ILotteryBase
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

    /// @inheritdoc ILotteryBase
    function commitmentOf(bytes32 pid, uint256 epoch) external view returns (bytes32) {
        return _commitments[pid][epoch];
    }

    /// @inheritdoc ILotteryBase
    function weightAt(bytes32 pid, uint256 epoch) external view returns (uint256) {
        LotteryInputs memory inputs = registry.nodeAt(pid, epoch);
        if (inputs.status != NodeStatus.Active) return 0;
        return LotteryLib.weight(params(), inputs.stake, inputs.age);
    }

    /// @inheritdoc ILotteryBase
    function computeWeight(uint256 stake, uint256 age) external view returns (uint256) {
        return LotteryLib.weight(params(), stake, age);
    }

    /// @inheritdoc ILotteryBase
    function computeRaceTime(bytes32 beta, uint256 weight) external pure returns (int256) {
        return LotteryLib.raceTime(beta, weight);
    }

    /// @inheritdoc ILotteryBase
    function params() public view returns (LotteryParams memory) {
        return LotteryParams({alpha: _alpha, beta: _beta, gamma: _gamma, ageCap: _ageCap});
    }

    /// @inheritdoc ILotteryBase
    function currentSlot() public view returns (uint256) {
        // The beacon refuses a genesis in the future, so the subtraction cannot underflow.
        return (block.timestamp - _genesisTime) / _slotDuration;
    }

    /// @inheritdoc ILotteryBase
    function currentEpoch() public view returns (uint256) {
        return currentSlot() / _epochSlots;
    }

    /*//////////////////////////////////////////////////////////////
                                INTERNALS
    //////////////////////////////////////////////////////////////*/

    /// @dev Records the beacon's snapshot of this block when an epoch's mixing window is open and none is recorded
    ///      yet, so that every window in which the rollup is used gets randomness (no keeper needed); a few hundred
    ///      gas outside windows and once the block has its snapshot. Every state-changing entry point calls it.
    function _pokeBeacon() internal {
        beacon.pokeInWindow();
    }

    /// @dev Reverts unless `slot` is the current slot; returns its epoch and sequencer seed.
    function _checkSlot(uint256 slot) internal view returns (uint256 epoch, bytes32 sigma) {
        uint256 current = currentSlot();
        if (slot != current) revert Lottery__NotCurrentSlot(slot, current);
        epoch = slot / _epochSlots;
        sigma = beacon.seedFor(epoch, slot, ROLE_SEQUENCER);
    }

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
    ) internal pure {
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
