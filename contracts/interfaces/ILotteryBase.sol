// SPDX-License-Identifier: MIT
pragma solidity 0.8.28;

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

/// @title ILotteryBase
/// @notice What every deployment of the age-weighted exponential race shares (DESIGN §4): eligibility from the
///         registry's checkpoints, VRF and commit-reveal draws, and race times. `IProverLottery` adds the per-epoch
///         prover lottery (the prover coordinator runs it), `ILottery` a standalone board of sequencer proposals;
///         the rollup (`IRollup`) ranks its block proposals with the same draw.
/// @dev Race times are `ln t` (see `LotteryLib`); ties break by `keccak256(pid ‖ σ)`, lower wins. Each entry reads
///      the node's current-epoch inputs from the registry's checkpoints at a fixed cost: the same gas with 10 or
///      10^5 nodes, and however long the node's history.
interface ILotteryBase {
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

    /// @notice The operator of `pid` committed to a secret for `epoch`'s lotteries.
    event Committed(bytes32 indexed pid, uint256 indexed epoch, bytes32 commitment);

    // ------------------------------------------------------------------ actions

    /// @notice Commits `commitment = keccak256(abi.encode(secret, pid))` for `epoch`'s lotteries (commit-reveal
    ///         deployments only). Allowed until `epoch`'s inputs are fixed (`epoch ≥ currentEpoch + inputLag`),
    ///         the same anti-grinding deadline as every other lottery input; may be replaced until then.
    function commit(bytes32 pid, bytes32 salt, uint256 epoch, bytes32 commitment) external;

    // ------------------------------------------------------------------ views

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
