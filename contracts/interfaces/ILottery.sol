// SPDX-License-Identifier: MIT
pragma solidity 0.8.28;

import {EcVrfHints} from "./IEcVrfVerifier.sol";
import {INodeRegistry, NodeStatus} from "./INodeRegistry.sol";
import {ISeedBeacon} from "./ISeedBeacon.sol";
import {LotteryParams} from "../lottery/LotteryLib.sol";

/// @notice Where a node's lottery randomness comes from.
/// @dev `Vrf`: u from the node's ECVRF output for `σ ‖ "SEQUENCER"` / `σ ‖ "PROVER"` (unpredictable to others
///      until revealed, unbiasable by the node). `CommitReveal` (seed 000 §3 fallback): u from
///      `keccak256(secret ‖ σ)` where `keccak256(abi.encode(secret, pid))` was committed before epoch e's inputs
///      were fixed. Weaker: a node may withhold its reveal, and once it reveals in an epoch everyone can compute
///      its u for that epoch's remaining slots.
enum RandomnessSource {
    Vrf,
    CommitReveal
}

/// @notice The best sequencer proposal of a slot so far.
struct SlotProposal {
    /// @notice The proposing node (zero while the slot has no proposal).
    bytes32 pid;
    /// @notice The proposed block header's hash.
    bytes32 headerHash;
    /// @notice ln(race time), 18 decimals (`LotteryLib.raceTime`); lower wins.
    int256 raceTime;
}

/// @notice The best prover ticket of an epoch so far: its node is the epoch's designated prover.
struct ProverTicket {
    /// @notice The node (zero while the epoch has no ticket).
    bytes32 pid;
    /// @notice ln(race time), 18 decimals; lower wins.
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
interface ILottery {
    // ------------------------------------------------------------------ errors

    /// @notice `slot` is not the current slot.
    error Lottery__NotCurrentSlot(uint256 slot, uint256 currentSlot);
    /// @notice The caller is not the operator of `pid` (with that salt).
    error Lottery__NotOperator(bytes32 pid, address caller);
    /// @notice The node is not Active in the lottery of `epoch`.
    error Lottery__NotActive(bytes32 pid, uint256 epoch, NodeStatus status);
    /// @notice The node does not have `role` (1 sequencer, 2 prover) at `epoch`.
    error Lottery__MissingRole(bytes32 pid, uint256 epoch, uint8 role);
    /// @notice The VRF proof does not verify against the node's registered key for the lottery's alpha.
    error Lottery__InvalidVrfProof(bytes32 pid, uint256 epoch, uint256 slot);
    /// @notice The entry does not beat the current best (equal tickets included: a node enters once).
    error Lottery__NotBetter(bytes32 pid, int256 raceTime, bytes32 bestPid, int256 bestRaceTime);
    /// @notice Prover tickets for `epoch` are accepted only until `epoch` ends.
    error Lottery__TicketWindowClosed(uint256 epoch, uint256 currentEpoch);
    /// @notice The node weighs nothing in `epoch` (its stake rounds to a zero weight), so it cannot win.
    error Lottery__ZeroWeight(bytes32 pid, uint256 epoch);
    /// @notice The lottery's A_max exceeds the registry's age cap, which would silently bound it.
    error Lottery__AgeCapAboveRegistry(uint256 ageCap, uint256 registryAgeCap);
    /// @notice This deployment does not accept commit-reveal entries.
    error Lottery__CommitRevealDisabled();
    /// @notice A commitment for `epoch` must be made before its lottery inputs are fixed (`epoch ≥ earliestEpoch`).
    error Lottery__CommitTooLate(uint256 epoch, uint256 earliestEpoch);
    /// @notice A commitment must not be zero.
    error Lottery__ZeroCommitment();
    /// @notice The node committed to commit-reveal for `epoch`, so its VRF entries for that epoch are refused
    ///         (one draw per node and lottery).
    error Lottery__CommittedToReveal(bytes32 pid, uint256 epoch);
    /// @notice The revealed secret does not match the node's commitment for `epoch` (or there is none).
    error Lottery__InvalidReveal(bytes32 pid, uint256 epoch);

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
    /// @notice `pid` now holds the best prover ticket of `epoch`, replacing `replacedPid` (zero if none).
    event ProverTicketAccepted(
        uint256 indexed epoch,
        bytes32 indexed pid,
        int256 raceTime,
        bytes32 replacedPid,
        RandomnessSource source
    );
    /// @notice The operator of `pid` committed to a secret for `epoch`'s lotteries.
    event Committed(bytes32 indexed pid, uint256 indexed epoch, bytes32 commitment);

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

    /// @notice Enters the prover lottery of `epoch` with a VRF proof for `σ(epoch, firstSlot, 2) ‖ "PROVER"`.
    ///         Accepted from the moment the epoch's seed is fixed (before the epoch starts) until the epoch ends.
    ///         Only the node's operator may enter it (`pid == keccak256(abi.encode(msg.sender, salt))`): being the
    ///         designated prover is a commitment, so no one else may take it on for the node, here or by replaying
    ///         the ticket in another deployment over the same registry.
    /// @return raceTime The ticket's race time (ln t).
    function submitProverTicket(
        uint256 epoch,
        bytes32 pid,
        bytes32 salt,
        bytes calldata vrfProof,
        EcVrfHints calldata hints
    ) external returns (int256 raceTime);

    /// @notice `submitProverTicket` with the commit-reveal fallback.
    function submitProverTicketWithReveal(
        uint256 epoch,
        bytes32 pid,
        bytes32 salt,
        bytes32 secret
    ) external returns (int256 raceTime);

    /// @notice Commits `commitment = keccak256(abi.encode(secret, pid))` for `epoch`'s lotteries (commit-reveal
    ///         deployments only). Allowed until `epoch`'s inputs are fixed (`epoch ≥ currentEpoch + inputLag`),
    ///         the same anti-grinding deadline as every other lottery input; may be replaced until then.
    function commit(bytes32 pid, bytes32 salt, uint256 epoch, bytes32 commitment) external;

    // ------------------------------------------------------------------ views

    /// @notice The best proposal of `slot` so far (pid zero if none).
    function bestProposal(uint256 slot) external view returns (SlotProposal memory);

    /// @notice The best prover ticket of `epoch` so far (pid zero if none): the designated prover.
    function designatedProver(uint256 epoch) external view returns (ProverTicket memory);

    /// @notice The commitment of `pid` for `epoch` (zero if none).
    function commitmentOf(bytes32 pid, uint256 epoch) external view returns (bytes32);

    /// @notice The node's weight in `epoch`'s lotteries: `LotteryLib.weight` of its epoch stake and age when it is
    ///         Active then, else 0. Roles are not considered: a node enters only the lotteries of its roles.
    function weightAt(bytes32 pid, uint256 epoch) external view returns (uint256);

    /// @notice `LotteryLib.weight` with this deployment's parameters.
    function computeWeight(uint256 stake, uint256 age) external view returns (uint256);

    /// @notice `LotteryLib.raceTime`.
    function computeRaceTime(bytes32 beta, uint256 weight) external pure returns (int256);

    /// @notice The deployment's parameters α, β, γ, A_max.
    function params() external view returns (LotteryParams memory);

    /// @notice Whether commit-reveal entries are accepted.
    function commitRevealFallback() external view returns (bool);

    function registry() external view returns (INodeRegistry);

    function beacon() external view returns (ISeedBeacon);

    /// @notice The current absolute slot and epoch (the beacon's clock).
    function currentSlot() external view returns (uint256);

    function currentEpoch() external view returns (uint256);
}
