// SPDX-License-Identifier: MIT
pragma solidity 0.8.28;

import {EcVrfHints} from "./IEcVrfVerifier.sol";
import {RandomnessSource} from "./ILotteryBase.sol";
import {IProverLottery} from "./IProverLottery.sol";

/// @notice The best sequencer proposal of a slot so far.
struct SlotProposal {
    /// @notice The proposing node (zero while the slot has no proposal).
    bytes32 pid;
    /// @notice The proposed block header's hash.
    bytes32 headerHash;
    /// @notice ln(race time), 18 decimals (`LotteryLib.raceTime`); lower wins.
    int256 raceTime;
}

/// @notice A sequencer proposal for the current slot.
struct Proposal {
    /// @notice The proposing node; `msg.sender` must be its operator (`pid == keccak256(abi.encode(msg.sender, salt))`).
    bytes32 pid;
    /// @notice The salt the node was registered with.
    bytes32 salt;
    /// @notice The current slot (absolute).
    uint256 slot;
    /// @notice Hash of the proposed block header (the rollup defines the header).
    bytes32 headerHash;
}

/// @title ILottery
/// @notice The age-weighted exponential race run on-chain (DESIGN §4): per slot a sequencer lottery whose best
///         proposal is the slot's block, per epoch a prover lottery whose best ticket is the epoch's designated
///         prover. Each entry is checked in full: the node is Active with the role at that epoch (registry
///         checkpoints), its VRF proof verifies against its registered key for `σ(epoch, slot, role) ‖ role`, and
///         its race time comes from its epoch weight; only an entry that beats the current best is stored.
/// @dev Race times are `ln t` (see `LotteryLib`); ties break by `keccak256(pid ‖ σ)`, lower wins. Each entry reads
///      the node's current-epoch inputs from the registry's checkpoints at a fixed cost: the same gas with 10 or
///      10^5 nodes, and however long the node's history. Every entry comes from the node's operator, the only one
///      who can choose to enter (and, for proposals, who binds the header to the ticket).
interface ILottery is IProverLottery {
    // ------------------------------------------------------------------ events

    /// @notice `pid` now holds the best proposal of `slot`, replacing `replacedPid` (zero if none).
    event ProposalAccepted(
        uint256 indexed slot,
        bytes32 indexed pid,
        bytes32 headerHash,
        int256 raceTime,
        bytes32 replacedPid,
        RandomnessSource source
    );
    // ------------------------------------------------------------------ actions

    /// @notice Enters the sequencer lottery of the current slot with a VRF proof for `σ(epoch, slot, 1) ‖ "SEQUENCER"`.
    /// @param proposal The node, its salt, the slot and the header hash; `msg.sender` must be the node's operator.
    /// @param vrfProof The 81-byte ECVRF proof.
    /// @param hints The verifier hints (`toVerifierInput` in `@blockage/vrf`).
    /// @return raceTime The entry's race time (ln t).
    function propose(
        Proposal calldata proposal,
        bytes calldata vrfProof,
        EcVrfHints calldata hints
    ) external returns (int256 raceTime);

    /// @notice `propose` with the commit-reveal fallback: reveals the secret committed for the slot's epoch.
    function proposeWithReveal(Proposal calldata proposal, bytes32 secret) external returns (int256 raceTime);

    // ------------------------------------------------------------------ views

    /// @notice The best proposal of `slot` so far (pid zero if none).
    function bestProposal(uint256 slot) external view returns (SlotProposal memory);
}
