// SPDX-License-Identifier: MIT
pragma solidity 0.8.28;

import {IProofVerifier} from "./IProofVerifier.sol";
import {IProverLottery} from "./IProverLottery.sol";
import {BlockHeader, IRollup} from "./IRollup.sol";
import {IRollupCoordinator} from "./IRollupCoordinator.sol";

/// @notice The open-race coordinator's parameters.
struct OpenRaceConfig {
    /// @notice Verifies state updates' proofs (the rollup's verifier: based blocks use the same circuit).
    IProofVerifier proofVerifier;
    /// @notice Reward per proven block from the `RewardPool` while it lasts, to the block's proposer.
    uint256 blockReward;
    /// @notice The proving base fee (per transaction, token base units) of the deployment's epoch.
    uint256 initialProvingBaseFee;
    /// @notice The least proving base fee the EIP-1559 rule may set (positive: a multiplicative rule stuck at zero
    ///         could never rise again).
    uint256 minProvingBaseFee;
    /// @notice The EIP-1559 target: the proving lag (slots between an epoch's first slot and the oldest block still
    ///         unproven then) the fee steers toward. A longer lag raises the fee, a shorter one lowers it.
    uint32 targetLagSlots;
    /// @notice Seconds after a state update during which the turn prover's proof of the same transition earns the
    ///         redundancy reward.
    uint32 redundancyWindow;
    /// @notice Share of a state update's proving fees (basis points) reserved for the turn prover's redundant proof.
    uint16 redundancyShare;
    /// @notice Seconds without a state update (since the last one, or since the oldest unproven block's slot began)
    ///         after which the right to update falls back to turns.
    uint32 idlePeriod;
    /// @notice Seconds of each exclusive turn.
    uint32 turnPeriod;
    /// @notice Flags in one epoch that step the next epoch's fee up whatever the lag (the L1 signal).
    uint16 flagQuorum;
    /// @notice Epochs (of the last `ACTIVITY_WINDOW_EPOCHS`, the current one included) in which an address had a
    ///         proof accepted before it may flag.
    uint8 minActiveEpochs;
}

/// @notice A state update whose redundancy reserve is still held; only its hash is stored (`stateUpdateHash`), the
///         fields are in its `StateUpdated` event.
struct StateUpdate {
    /// @notice `keccak256(abi.encode(headers))` of the proven blocks: the transition a redundant proof must prove.
    bytes32 transition;
    /// @notice The address the update's proof is bound to (paid).
    address prover;
    /// @notice The operator of the prover-lottery winner of the epoch of the update's last block.
    address turnProver;
    /// @notice The reserve the turn prover earns with its own proof within the window.
    uint256 reserve;
    /// @notice When the update was made (block timestamp).
    uint64 time;
}

/// @notice One of an epoch's `TURN_PROVERS` best prover-lottery tickets (the turn order of the fallback).
struct TurnTicket {
    bytes32 pid;
    /// @notice The node's operator when it entered (who may update in its turn, and is paid).
    address operator;
    /// @notice ln(race time), 18 decimals; lower is better.
    int96 raceTime;
}

/// @notice The proving base fee in force and the flags gathered against it.
struct ProvingFeeState {
    /// @notice The epoch the fee was rolled for.
    uint64 epoch;
    /// @notice Per transaction, in token base units.
    uint128 fee;
    /// @notice "Price too low" flags of that epoch.
    uint32 flags;
}

/// @title IOpenRaceCoordinator
/// @notice Seed 004's example mechanism (DESIGN §9) for one `Rollup` deployed with `ProverMechanism.OpenRace`.
///         - Division: a state update proves any prefix of the unproven chain (from the first unproven block) that
///           ends at a checkpoint: a block continued by a later one, or the pending tip once its slot has passed.
///         - Designation: an open race. The first valid proof, bound to its prover, updates the proven state and is
///           paid the blocks' proving fees. The turn prover (the operator of the prover-lottery winner of the epoch of
///           the update's last block) earns a reserved share for its own proof of the same transition within the
///           redundancy window; unearned, the reserve goes to the update's prover.
///         - State-update fallback: after `idlePeriod` seconds without an update, turns of `turnPeriod` seconds go to
///           the `TURN_PROVERS` best prover-lottery tickets of the oldest unproven block's epoch, in order; after them
///           the race is open again.
///         - Price discovery: each proposal pays txCount × the epoch's proving base fee inside its fees. The fee is
///           rolled once per epoch by EIP-1559's rule toward `targetLagSlots` (±12.5% at most), and steps up by
///           25% at least when `flagQuorum` historically active provers flagged it too low (the L1 signal).
/// @dev Tokens: the coordinator holds exactly the credited balances plus the reserves (`totalOwed + totalReserved`).
interface IOpenRaceCoordinator is IProverLottery, IRollupCoordinator {
    // ------------------------------------------------------------------ errors

    error OpenRace__InvalidConfig(string what);
    /// @notice Only the rollup may call this.
    error OpenRace__NotRollup(address caller);
    error OpenRace__NoHeaders();
    /// @notice A transfer in brought `received` instead of `expected` (a fee-on-transfer token).
    error OpenRace__TransferShort(uint256 expected, uint256 received);
    /// @notice The update falls in a fallback turn: only `turnProver` (its proof bound to it) may update now.
    error OpenRace__NotYourTurn(address turnProver, address prover);
    /// @notice `updateId` holds no reserve, or the fields given are not its record.
    error OpenRace__UnknownUpdate(uint256 updateId);
    error OpenRace__RedundancyWindowClosed(uint256 updateId, uint256 closedAt);
    error OpenRace__RedundancyWindowOpen(uint256 updateId, uint256 closesAt);
    /// @notice The headers are not the update's transition.
    error OpenRace__NotSameTransition(uint256 updateId);
    /// @notice A redundant proof must be bound to the update's turn prover.
    error OpenRace__NotTurnProver(address prover, address turnProver);
    /// @notice Only an address with proofs accepted in `required` of the recent epochs may flag (it has `active`).
    error OpenRace__NotActiveProver(address account, uint256 active, uint256 required);
    error OpenRace__AlreadyFlagged(address account, uint256 epoch);
    /// @notice The node already holds one of the epoch's turn places.
    error OpenRace__AlreadyRanked(uint256 epoch, bytes32 pid);
    error OpenRace__ZeroAddress();
    error OpenRace__NoRewards(address account);

    // ------------------------------------------------------------------ events

    /// @notice Epoch `epoch`'s proving base fee is `fee`: rolled from the previous one with the lag measured and the
    ///         flags it gathered (`flagged`: the quorum was met).
    event ProvingBaseFeeRolled(uint256 indexed epoch, uint256 fee, uint256 lagSlots, uint256 flags, bool flagged);
    /// @notice `pid` holds place `position` (0 best) of epoch `epoch`'s turn order; `droppedPid` left it (zero if none).
    event TurnRanked(uint256 indexed epoch, bytes32 indexed pid, uint256 position, int256 raceTime, bytes32 droppedPid);
    /// @notice Blocks `fromBlock`..`toBlock` are proven by `prover`: paid `proverReward` of the blocks' `provingFees`;
    ///         `reserve` waits for `turnProver`'s redundant proof (zero: none). `transition` and `time` complete the
    ///         update's record (`StateUpdate`).
    event StateUpdated(
        uint256 indexed updateId,
        uint256 fromBlock,
        uint256 toBlock,
        uint256 newState,
        address indexed prover,
        address indexed turnProver,
        bytes32 transition,
        uint256 provingFees,
        uint256 proverReward,
        uint256 reserve,
        uint64 time
    );
    /// @notice Each proven block's proposer was credited its fees beyond the proving fee and its block reward.
    event ProposerRewarded(uint256 indexed blockNumber, address indexed proposer, uint256 amount);
    event RedundancyRewarded(uint256 indexed updateId, address indexed turnProver, uint256 reward);
    /// @notice The window passed without a redundant proof: the reserve went to the update's prover.
    event RedundancyReleased(uint256 indexed updateId, address indexed prover, uint256 amount);
    event PriceFlagged(uint256 indexed epoch, address indexed prover, uint256 flags);
    event BasedBlockRewarded(address indexed submitter, uint256 reward);
    event RewardsWithdrawn(address indexed account, address indexed to, uint256 amount);

    // ------------------------------------------------------------------ functions

    /// @notice Proves `headers`, the blocks from the first unproven one to a checkpoint, with `proof` (an epoch
    ///         proof over them, bound to its prover). Pays the prover the blocks' proving fees (less the redundancy
    ///         reserve) and each proposer its block's other fees and block reward. In a fallback turn only the turn's
    ///         prover may update.
    /// @return updateId The update's number (its reserve's key).
    function submitProof(BlockHeader[] calldata headers, bytes calldata proof) external returns (uint256 updateId);

    /// @notice The turn prover's own proof of update `updateId`'s transition, within the window: earns the reserve.
    function submitRedundantProof(
        uint256 updateId,
        StateUpdate calldata update,
        BlockHeader[] calldata headers,
        bytes calldata proof
    ) external;

    /// @notice After the window, credits an unearned reserve to the update's prover. Anyone may call it.
    function settleRedundancy(uint256 updateId, StateUpdate calldata update) external;

    /// @notice The L1 signal: an active prover flags the proving base fee as too low, once per epoch.
    function flagPriceTooLow() external;

    /// @notice Rolls the proving base fee to the current epoch if not yet done, and returns it. The rollup calls it
    ///         with each proposal; anyone may.
    function rollProvingBaseFee() external returns (uint256 fee);

    function withdrawRewards(address to) external returns (uint256 amount);

    // ------------------------------------------------------------------ views

    function config() external view returns (OpenRaceConfig memory);

    function rollup() external view returns (IRollup);

    /// @notice The proving base fee a proposal would pay now (the current epoch's, rolled or about to be).
    function provingBaseFee() external view returns (uint256);

    /// @notice The proving base fee rolled for `epoch` (zero if it never was).
    function epochProvingBaseFee(uint256 epoch) external view returns (uint256);

    function provingFeeState() external view returns (ProvingFeeState memory);

    /// @notice Epoch `epoch`'s turn order: its best prover-lottery tickets, best first.
    function turnOrder(uint256 epoch) external view returns (TurnTicket[] memory);

    /// @notice Who may update now: `turnProver` (zero: anyone) until `turnEndsAt` (zero in the open race); the stall
    ///         counts from `stallStart` and turns begin at `stallStart + idlePeriod`.
    function proofRight() external view returns (address turnProver, uint256 turnEndsAt, uint256 stallStart);

    /// @notice The stored hash of update `updateId`'s record while its reserve is held (zero otherwise).
    function stateUpdateHash(uint256 updateId) external view returns (bytes32);

    /// @notice Updates made so far (the next update's number).
    function updateCount() external view returns (uint256);

    /// @notice When the proven state last changed (an update or a based block; the deployment at first).
    function lastUpdateTime() external view returns (uint256);

    /// @notice Epochs of the last `ACTIVITY_WINDOW_EPOCHS` (current included) in which `account` had a proof accepted.
    function activeEpochs(address account) external view returns (uint256);

    function rewardsOf(address account) external view returns (uint256);

    function totalOwed() external view returns (uint256);

    function totalReserved() external view returns (uint256);

    function rewardPool() external view returns (address);
}
