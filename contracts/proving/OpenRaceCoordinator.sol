// SPDX-License-Identifier: MIT
pragma solidity 0.8.28;

import {IERC20} from "@openzeppelin/contracts/token/ERC20/IERC20.sol";
import {SafeERC20} from "@openzeppelin/contracts/token/ERC20/utils/SafeERC20.sol";
import {SafeCast} from "@openzeppelin/contracts/utils/math/SafeCast.sol";
import {ReentrancyGuardTransient} from "@openzeppelin/contracts/utils/ReentrancyGuardTransient.sol";
import {LibBit} from "solady/src/utils/LibBit.sol";
import {RandomnessSource} from "../interfaces/ILotteryBase.sol";
import {INodeRegistry} from "../interfaces/INodeRegistry.sol";
import {
    IOpenRaceCoordinator,
    OpenRaceConfig,
    ProvingFeeState,
    StateUpdate,
    TurnTicket
} from "../interfaces/IOpenRaceCoordinator.sol";
import {BlockCommitment, IProofVerifier} from "../interfaces/IProofVerifier.sol";
import {IRewardPool} from "../interfaces/IRewardPool.sol";
import {IRollupCoordinator} from "../interfaces/IRollupCoordinator.sol";
import {BlockHeader, ChainTips, IRollup, PREFIX_PROOF, ProverMechanism, RollupConfig} from "../interfaces/IRollup.sol";
import {LotteryLib, LotteryParams} from "../lottery/LotteryLib.sol";
import {ProverLottery} from "../lottery/ProverLottery.sol";
import {ProvingFeeLib} from "./ProvingFeeLib.sol";
import {RewardPool} from "../rollup/RewardPool.sol";

/// @title OpenRaceCoordinator
/// @notice Seed 004's example mechanism for one `Rollup` (see `IOpenRaceCoordinator`): prefix proofs in an open
///         race, a redundancy reward for the epoch's turn prover, turns after an idle period, and the proving base
///         fee's EIP-1559 rule with the L1 signal.
/// @dev Storage per state update: one word (its record's hash), only while a reserve is held. Per epoch: its rolled
///      fee (one word) and its turn order (`TURN_PROVERS` × 2 words, written by prover-lottery tickets). Per prover:
///      one activity word. Every loop is bounded by a constant or by the headers given (at most the verifier's
///      `maxChunks()` blocks: each block holds a chunk). Tokens: the coordinator holds `totalOwed + totalReserved`;
///      inflows are measured by balance difference; every function that moves tokens is `nonReentrant` and updates
///      its accounting before the transfer.
contract OpenRaceCoordinator is ProverLottery, ReentrancyGuardTransient, IOpenRaceCoordinator {
    using SafeERC20 for IERC20;

    uint256 internal constant BPS = 10_000;
    /// @notice Fallback turns after an idle period: the epoch's best prover-lottery tickets, in order.
    uint256 public constant TURN_PROVERS = 4;
    /// @notice Epochs of activity an address's flag is judged on (the current one included).
    uint256 public constant ACTIVITY_WINDOW_EPOCHS = 16;
    /// @notice EIP-1559's BASE_FEE_MAX_CHANGE_DENOMINATOR: the fee moves by at most 1/8 per epoch.
    uint256 public constant BASE_FEE_CHANGE_DENOMINATOR = ProvingFeeLib.BASE_FEE_CHANGE_DENOMINATOR;
    /// @notice The L1 signal's step: a flagged epoch's successor costs at least 1/4 more.
    uint256 public constant SIGNAL_STEP_DENOMINATOR = ProvingFeeLib.SIGNAL_STEP_DENOMINATOR;
    uint256 public constant MAX_PROVING_BASE_FEE = ProvingFeeLib.MAX_PROVING_BASE_FEE;

    /// @dev An address's recent activity (1 word): bit i of `mask` is epoch `lastEpoch − i`.
    struct Activity {
        uint64 lastEpoch;
        uint64 mask;
        /// The epoch it last flagged, plus one (zero: never).
        uint64 flaggedEpochPlusOne;
    }

    /// @dev What a state update paid, for its record and event.
    struct Paid {
        uint256 provingFees;
        uint256 proverReward;
        uint256 reserve;
        address turnProver;
        /// What the proposers were credited.
        uint256 credited;
    }

    IRollup public immutable rollup;
    IERC20 internal immutable _token;
    IRewardPool internal immutable _pool;
    IProofVerifier internal immutable _verifier;
    uint256 internal immutable _blockReward;
    uint256 internal immutable _initialFee;
    uint256 internal immutable _minFee;
    uint32 internal immutable _targetLag;
    uint32 internal immutable _redundancyWindow;
    uint16 internal immutable _redundancyShare;
    uint32 internal immutable _idlePeriod;
    uint32 internal immutable _turnPeriod;
    uint16 internal immutable _flagQuorum;
    uint8 internal immutable _minActiveEpochs;

    ProvingFeeState internal _feeState;
    mapping(uint256 epoch => uint256) internal _epochFees;
    mapping(uint256 epoch => TurnTicket[TURN_PROVERS]) internal _turnOrder;
    mapping(uint256 updateId => bytes32) internal _updates;
    mapping(address account => Activity) internal _activity;
    mapping(address account => uint256) internal _owed;
    uint256 internal _totalOwed;
    uint256 internal _totalReserved;
    uint256 internal _updateCount;
    uint256 internal _lastUpdateTime;

    /// @param registry_ The rollup's node registry.
    /// @param lotteryParams α, β, γ, A_max of the prover lottery (the turn order).
    /// @param commitRevealFallback_ Whether provers may enter with commit-reveal instead of a VRF proof.
    /// @param rollup_ The rollup; it must be an open-race deployment naming this contract as its coordinator.
    /// @param cfg The coordinator's parameters.
    constructor(
        INodeRegistry registry_,
        LotteryParams memory lotteryParams,
        bool commitRevealFallback_,
        IRollup rollup_,
        OpenRaceConfig memory cfg
    ) ProverLottery(registry_, lotteryParams, commitRevealFallback_) {
        if (address(rollup_).code.length == 0 || rollup_.coordinator() != address(this)) {
            revert OpenRace__InvalidConfig("rollup");
        }
        if (address(rollup_.registry()) != address(registry_)) revert OpenRace__InvalidConfig("registry");
        RollupConfig memory rc = rollup_.config();
        if (rc.mechanism != ProverMechanism.OpenRace) revert OpenRace__InvalidConfig("mechanism");
        // Based blocks and state updates must be checked against the same circuit.
        if (cfg.proofVerifier != rc.proofVerifier) revert OpenRace__InvalidConfig("proofVerifier");
        _validate(cfg, rc.finalDeadlineSlots);
        rollup = rollup_;
        _token = IERC20(rollup_.stakeToken());
        _pool = IRewardPool(address(new RewardPool(_token)));
        _verifier = cfg.proofVerifier;
        _blockReward = cfg.blockReward;
        _initialFee = cfg.initialProvingBaseFee;
        _minFee = cfg.minProvingBaseFee;
        _targetLag = cfg.targetLagSlots;
        _redundancyWindow = cfg.redundancyWindow;
        _redundancyShare = cfg.redundancyShare;
        _idlePeriod = cfg.idlePeriod;
        _turnPeriod = cfg.turnPeriod;
        _flagQuorum = cfg.flagQuorum;
        _minActiveEpochs = cfg.minActiveEpochs;
        uint256 epoch = currentEpoch();
        // Validated: at most MAX_PROVING_BASE_FEE (uint128); epochs fit 64 bits for longer than the chain will run.
        _feeState = ProvingFeeState(uint64(epoch), uint128(cfg.initialProvingBaseFee), 0);
        _epochFees[epoch] = cfg.initialProvingBaseFee;
        _lastUpdateTime = block.timestamp;
    }

    /*//////////////////////////////////////////////////////////////
                              STATE UPDATES
    //////////////////////////////////////////////////////////////*/

    /// @inheritdoc IOpenRaceCoordinator
    function submitProof(
        BlockHeader[] calldata headers,
        bytes calldata proof
    ) external nonReentrant returns (uint256 updateId) {
        uint256 count = headers.length;
        if (count == 0) revert OpenRace__NoHeaders();
        _pokeBeacon();
        // The fee rolls on the lag before this update, like the first proposal of the epoch would measure it.
        uint256 epoch = _roll();
        (address turnHolder, , ) = proofRight();
        uint256 before = _token.balanceOf(address(this));
        (address[] memory proposers, uint256 fees, uint256 firstBlock) = rollup.markProven(PREFIX_PROOF, headers);
        uint256 received = _token.balanceOf(address(this)) - before;
        if (received != fees) revert OpenRace__TransferShort(fees, received);
        address prover = _verify(headers, proof);
        if (turnHolder != address(0) && prover != turnHolder) revert OpenRace__NotYourTurn(turnHolder, prover);

        updateId = _settle(headers, proposers, firstBlock, prover);
        _markActive(prover, epoch);
        _lastUpdateTime = block.timestamp;
    }

    /// @inheritdoc IOpenRaceCoordinator
    function submitRedundantProof(
        uint256 updateId,
        StateUpdate calldata update,
        BlockHeader[] calldata headers,
        bytes calldata proof
    ) external nonReentrant {
        _requireRecord(updateId, update);
        uint256 closesAt = uint256(update.time) + _redundancyWindow;
        if (block.timestamp > closesAt) revert OpenRace__RedundancyWindowClosed(updateId, closesAt);
        if (keccak256(abi.encode(headers)) != update.transition) revert OpenRace__NotSameTransition(updateId);
        address prover = _verify(headers, proof);
        if (prover != update.turnProver) revert OpenRace__NotTurnProver(prover, update.turnProver);
        _pokeBeacon();
        uint256 epoch = _roll();
        delete _updates[updateId];
        _totalReserved -= update.reserve;
        _credit(prover, update.reserve);
        _markActive(prover, epoch);
        emit RedundancyRewarded(updateId, prover, update.reserve);
    }

    /// @inheritdoc IOpenRaceCoordinator
    function settleRedundancy(uint256 updateId, StateUpdate calldata update) external nonReentrant {
        _requireRecord(updateId, update);
        uint256 closesAt = uint256(update.time) + _redundancyWindow;
        if (block.timestamp <= closesAt) revert OpenRace__RedundancyWindowOpen(updateId, closesAt);
        delete _updates[updateId];
        _totalReserved -= update.reserve;
        _credit(update.prover, update.reserve);
        emit RedundancyReleased(updateId, update.prover, update.reserve);
    }

    /*//////////////////////////////////////////////////////////////
                            PRICE DISCOVERY
    //////////////////////////////////////////////////////////////*/

    /// @inheritdoc IOpenRaceCoordinator
    function flagPriceTooLow() external {
        _pokeBeacon();
        uint256 epoch = _roll();
        Activity storage a = _activity[msg.sender];
        uint256 active = _activeCount(a, epoch);
        if (active < _minActiveEpochs) revert OpenRace__NotActiveProver(msg.sender, active, _minActiveEpochs);
        if (a.flaggedEpochPlusOne == epoch + 1) revert OpenRace__AlreadyFlagged(msg.sender, epoch);
        a.flaggedEpochPlusOne = uint64(epoch + 1);
        uint32 flags = _feeState.flags + 1;
        _feeState.flags = flags;
        emit PriceFlagged(epoch, msg.sender, flags);
    }

    /// @inheritdoc IOpenRaceCoordinator
    function rollProvingBaseFee() external returns (uint256 fee) {
        _roll();
        return _feeState.fee;
    }

    /*//////////////////////////////////////////////////////////////
                                REWARDS
    //////////////////////////////////////////////////////////////*/

    /// @inheritdoc IOpenRaceCoordinator
    function withdrawRewards(address to) external nonReentrant returns (uint256 amount) {
        if (to == address(0)) revert OpenRace__ZeroAddress();
        amount = _owed[msg.sender];
        if (amount == 0) revert OpenRace__NoRewards(msg.sender);
        _owed[msg.sender] = 0;
        _totalOwed -= amount;
        emit RewardsWithdrawn(msg.sender, to, amount);
        _token.safeTransfer(to, amount);
    }

    /// @inheritdoc IRollupCoordinator
    /// @dev A based block changes the proven state: the idle period restarts.
    function rewardBasedBlock(address submitter) external nonReentrant returns (uint256 reward) {
        if (msg.sender != address(rollup)) revert OpenRace__NotRollup(msg.sender);
        reward = _release(_blockReward);
        if (reward != 0) _credit(submitter, reward);
        _lastUpdateTime = block.timestamp;
        emit BasedBlockRewarded(submitter, reward);
    }

    /// @inheritdoc IRollupCoordinator
    /// @dev Nothing is claimed or bonded in the open race.
    function voidClaim(uint256) external view {
        if (msg.sender != address(rollup)) revert OpenRace__NotRollup(msg.sender);
    }

    /*//////////////////////////////////////////////////////////////
                                 VIEWS
    //////////////////////////////////////////////////////////////*/

    /// @inheritdoc IOpenRaceCoordinator
    function config() external view returns (OpenRaceConfig memory cfg) {
        cfg.proofVerifier = _verifier;
        cfg.blockReward = _blockReward;
        cfg.initialProvingBaseFee = _initialFee;
        cfg.minProvingBaseFee = _minFee;
        cfg.targetLagSlots = _targetLag;
        cfg.redundancyWindow = _redundancyWindow;
        cfg.redundancyShare = _redundancyShare;
        cfg.idlePeriod = _idlePeriod;
        cfg.turnPeriod = _turnPeriod;
        cfg.flagQuorum = _flagQuorum;
        cfg.minActiveEpochs = _minActiveEpochs;
    }

    /// @inheritdoc IOpenRaceCoordinator
    function provingBaseFee() external view returns (uint256) {
        ProvingFeeState memory f = _feeState;
        uint256 epoch = currentEpoch();
        if (f.epoch == epoch) return f.fee;
        return _nextFee(f.fee, _lagAt(epoch), f.flags >= _flagQuorum);
    }

    /// @inheritdoc IOpenRaceCoordinator
    function epochProvingBaseFee(uint256 epoch) external view returns (uint256) {
        return _epochFees[epoch];
    }

    /// @inheritdoc IOpenRaceCoordinator
    function provingFeeState() external view returns (ProvingFeeState memory) {
        return _feeState;
    }

    /// @inheritdoc IOpenRaceCoordinator
    function turnOrder(uint256 epoch) external view returns (TurnTicket[] memory order) {
        TurnTicket[TURN_PROVERS] storage stored = _turnOrder[epoch];
        uint256 n;
        while (n < TURN_PROVERS && stored[n].pid != bytes32(0)) ++n;
        order = new TurnTicket[](n);
        for (uint256 i = 0; i < n; ++i) order[i] = stored[i];
    }

    /// @inheritdoc IOpenRaceCoordinator
    function proofRight() public view returns (address turnProver, uint256 turnEndsAt, uint256 stallStart) {
        ChainTips memory t = rollup.tips();
        stallStart = _lastUpdateTime;
        if (t.pendingBlock == t.provenBlock) return (address(0), 0, stallStart);
        uint256 slotStart = _genesisTime + uint256(t.oldestUnprovenSlot) * _slotDuration;
        if (slotStart > stallStart) stallStart = slotStart;
        uint256 turnsBegin = stallStart + _idlePeriod;
        if (block.timestamp < turnsBegin) return (address(0), 0, stallStart);
        uint256 turn = (block.timestamp - turnsBegin) / _turnPeriod;
        if (turn >= TURN_PROVERS) return (address(0), 0, stallStart);
        turnProver = _turnOrder[uint256(t.oldestUnprovenSlot) / _epochSlots][turn].operator;
        // A missing ticket leaves the turn, and the ones after it, to the open race.
        if (turnProver != address(0)) turnEndsAt = turnsBegin + (turn + 1) * _turnPeriod;
    }

    /// @inheritdoc IOpenRaceCoordinator
    function stateUpdateHash(uint256 updateId) external view returns (bytes32) {
        return _updates[updateId];
    }

    /// @inheritdoc IOpenRaceCoordinator
    function updateCount() external view returns (uint256) {
        return _updateCount;
    }

    /// @inheritdoc IOpenRaceCoordinator
    function lastUpdateTime() external view returns (uint256) {
        return _lastUpdateTime;
    }

    /// @inheritdoc IOpenRaceCoordinator
    function activeEpochs(address account) external view returns (uint256) {
        return _activeCount(_activity[account], currentEpoch());
    }

    /// @inheritdoc IOpenRaceCoordinator
    function rewardsOf(address account) external view returns (uint256) {
        return _owed[account];
    }

    /// @inheritdoc IOpenRaceCoordinator
    function totalOwed() external view returns (uint256) {
        return _totalOwed;
    }

    /// @inheritdoc IOpenRaceCoordinator
    function totalReserved() external view returns (uint256) {
        return _totalReserved;
    }

    /// @inheritdoc IOpenRaceCoordinator
    function rewardPool() external view returns (address) {
        return address(_pool);
    }

    /*//////////////////////////////////////////////////////////////
                               INTERNALS
    //////////////////////////////////////////////////////////////*/

    /// @dev Keeps the epoch's `TURN_PROVERS` best tickets in order (the fallback's turns); the best is also the
    ///      epoch's designated prover (`designatedProver`, the redundancy's turn prover). A ticket that beats none of
    ///      a full order reverts like any ticket that is not better.
    function _recordProverTicket(
        uint256 epoch,
        bytes32 pid,
        int256 raceTime,
        bytes32 sigma,
        RandomnessSource source
    ) internal override {
        _pokeBeacon();
        TurnTicket[TURN_PROVERS] storage order = _turnOrder[epoch];
        uint256 tie = LotteryLib.tieBreak(pid, sigma);
        uint256 position = TURN_PROVERS;
        for (uint256 i = 0; i < TURN_PROVERS; ++i) {
            bytes32 other = order[i].pid;
            if (other == bytes32(0)) {
                if (position == TURN_PROVERS) position = i;
                break;
            }
            if (other == pid) revert OpenRace__AlreadyRanked(epoch, pid);
            if (
                position == TURN_PROVERS &&
                LotteryLib.beats(raceTime, tie, order[i].raceTime, LotteryLib.tieBreak(other, sigma))
            ) position = i;
        }
        if (position == TURN_PROVERS) {
            TurnTicket storage last = order[TURN_PROVERS - 1];
            revert Lottery__NotBetter(pid, raceTime, last.pid, last.raceTime);
        }
        bytes32 dropped = order[TURN_PROVERS - 1].pid;
        for (uint256 i = TURN_PROVERS - 1; i > position; --i) order[i] = order[i - 1];
        // ln t of a weight ≥ 1 and u ∈ (2^-64, 1] lies within ±10^21: far inside int96 (SafeCast checks).
        order[position] = TurnTicket(pid, msg.sender, SafeCast.toInt96(raceTime));
        emit TurnRanked(epoch, pid, position, raceTime, dropped);
        if (position == 0) {
            bytes32 replaced = _bestProverTicket[epoch].pid;
            _bestProverTicket[epoch].pid = pid;
            _bestProverTicket[epoch].raceTime = raceTime;
            emit ProverTicketAccepted(epoch, pid, raceTime, replaced, source);
        }
    }

    /// @dev Rolls the fee to the current epoch once (EIP-1559's step toward the target lag, or the L1 signal's step
    ///      up), and returns the current epoch.
    function _roll() internal returns (uint256 epoch) {
        epoch = currentEpoch();
        ProvingFeeState memory f = _feeState;
        if (f.epoch == epoch) return epoch;
        uint256 lag = _lagAt(epoch);
        bool flagged = f.flags >= _flagQuorum;
        uint256 fee = _nextFee(f.fee, lag, flagged);
        // `_nextFee` caps at MAX_PROVING_BASE_FEE (uint128); epochs fit 64 bits for longer than the chain will run.
        _feeState = ProvingFeeState(uint64(epoch), uint128(fee), 0);
        _epochFees[epoch] = fee;
        emit ProvingBaseFeeRolled(epoch, fee, lag, f.flags, flagged);
    }

    /// @dev The proving lag at epoch `epoch`'s start: slots from the oldest unproven block's slot to the epoch's
    ///      first slot (zero when every block is proven or the oldest is newer).
    function _lagAt(uint256 epoch) internal view returns (uint256) {
        ChainTips memory t = rollup.tips();
        uint256 first = epoch * _epochSlots;
        if (t.pendingBlock == t.provenBlock || t.oldestUnprovenSlot >= first) return 0;
        return first - t.oldestUnprovenSlot;
    }

    /// @dev `ProvingFeeLib.nextFee` with the deployment's target and floor.
    function _nextFee(uint256 fee, uint256 lag, bool flagged) internal view returns (uint256) {
        return ProvingFeeLib.nextFee(fee, lag, _targetLag, _minFee, flagged);
    }

    /// @dev Pays a state update: the proposers (`_payBlocks`), the prover, and the reserve kept for the turn prover
    ///      of the epoch of the last block (none when it is the prover or the epoch has no ticket).
    function _settle(
        BlockHeader[] calldata headers,
        address[] memory proposers,
        uint256 firstBlock,
        address prover
    ) internal returns (uint256 updateId) {
        uint256 count = headers.length;
        Paid memory p = _payBlocks(headers, proposers, firstBlock);
        p.turnProver = _turnOrder[uint256(headers[count - 1].slot) / _epochSlots][0].operator;
        if (p.turnProver != address(0) && p.turnProver != prover) {
            p.reserve = (p.provingFees * _redundancyShare) / BPS;
        }
        p.proverReward += p.provingFees - p.reserve;
        if (p.proverReward != 0) _credit(prover, p.proverReward);

        updateId = _updateCount++;
        bytes32 transition = keccak256(abi.encode(headers));
        if (p.reserve != 0) {
            // Timestamps fit 64 bits for longer than the chain will run.
            StateUpdate memory u = StateUpdate(transition, prover, p.turnProver, p.reserve, uint64(block.timestamp));
            _updates[updateId] = keccak256(abi.encode(u));
            _totalReserved += p.reserve;
        }
        emit StateUpdated(
            updateId,
            firstBlock,
            firstBlock + count - 1,
            headers[count - 1].newState,
            prover,
            p.turnProver,
            transition,
            p.provingFees,
            p.proverReward,
            p.reserve,
            uint64(block.timestamp)
        );
    }

    /// @dev Credits each block's proposer its fees beyond the proving fee plus an equal share of the block rewards
    ///      released; returns the proving fees and, as the prover's first part, the rewards' rounding dust.
    function _payBlocks(
        BlockHeader[] calldata headers,
        address[] memory proposers,
        uint256 firstBlock
    ) internal returns (Paid memory p) {
        p.proverReward = _release(_blockReward * headers.length);
        uint256 perBlock = p.proverReward / headers.length;
        p.proverReward -= perBlock * headers.length;
        uint256 feeEpoch = type(uint256).max;
        uint256 fee;
        for (uint256 i = 0; i < headers.length; ++i) {
            uint256 epoch = uint256(headers[i].slot) / _epochSlots;
            if (epoch != feeEpoch) {
                feeEpoch = epoch;
                fee = _epochFees[epoch];
            }
            (uint256 proving, uint256 amount) = _creditProposer(
                headers[i],
                proposers[i],
                firstBlock + i,
                fee,
                perBlock
            );
            p.provingFees += proving;
            p.credited += amount;
        }
        _totalOwed += p.credited;
    }

    /// @dev Credits block `blockNumber`'s proposer its fees beyond the proving fee (txCount × its epoch's `fee`) plus
    ///      `perBlock`; returns the proving fee and the amount credited (`_totalOwed` is the caller's to update).
    function _creditProposer(
        BlockHeader calldata h,
        address proposer,
        uint256 blockNumber,
        uint256 fee,
        uint256 perBlock
    ) internal returns (uint256 proving, uint256 amount) {
        proving = uint256(h.txCount) * fee;
        // The rollup refused any proposal whose fees fall short of its epoch's proving fee; the cap only guards an
        // epoch never rolled (none is), so a proposer is never charged more than it escrowed.
        if (proving > h.fees) proving = h.fees;
        amount = h.fees - proving + perBlock;
        if (amount != 0) {
            _owed[proposer] += amount;
            emit ProposerRewarded(blockNumber, proposer, amount);
        }
    }

    /// @dev Verifies an epoch proof over `headers` (the verifier checks the chain of states); returns the address
    ///      the proof is bound to.
    function _verify(BlockHeader[] calldata headers, bytes calldata proof) internal view returns (address) {
        uint256 count = headers.length;
        BlockCommitment[] memory blocks = new BlockCommitment[](count);
        for (uint256 i = 0; i < count; ++i) {
            blocks[i] = BlockCommitment(headers[i].prevState, headers[i].newState, headers[i].txsCommitment);
        }
        return _verifier.verifyEpochProof(headers[0].prevState, headers[count - 1].newState, blocks, proof);
    }

    function _requireRecord(uint256 updateId, StateUpdate calldata update) internal view {
        bytes32 stored = _updates[updateId];
        if (stored == bytes32(0) || stored != keccak256(abi.encode(update))) revert OpenRace__UnknownUpdate(updateId);
    }

    /// @dev Records that `account` had a proof accepted in `epoch`.
    function _markActive(address account, uint256 epoch) internal {
        Activity storage a = _activity[account];
        uint256 age = epoch - a.lastEpoch;
        uint64 mask = age >= 64 ? 0 : uint64(uint256(a.mask) << age);
        a.mask = mask | 1;
        // Epochs fit 64 bits for longer than the chain will run.
        a.lastEpoch = uint64(epoch);
    }

    /// @dev Epochs of the last ACTIVITY_WINDOW_EPOCHS (`epoch` included) with a proof accepted from the address.
    function _activeCount(Activity storage a, uint256 epoch) internal view returns (uint256) {
        uint256 age = epoch - a.lastEpoch;
        if (age >= ACTIVITY_WINDOW_EPOCHS) return 0;
        return LibBit.popCount((uint256(a.mask) << age) & ((1 << ACTIVITY_WINDOW_EPOCHS) - 1));
    }

    /// @dev Draws up to `amount` from the reward pool (what it holds).
    function _release(uint256 amount) internal returns (uint256 released) {
        uint256 before = _token.balanceOf(address(this));
        released = _pool.release(amount);
        uint256 received = _token.balanceOf(address(this)) - before;
        if (received != released) revert OpenRace__TransferShort(released, received);
    }

    function _credit(address account, uint256 amount) internal {
        _owed[account] += amount;
        _totalOwed += amount;
    }

    function _validate(OpenRaceConfig memory cfg, uint256 finalDeadlineSlots) internal view {
        if (cfg.minProvingBaseFee == 0 || cfg.minProvingBaseFee > MAX_PROVING_BASE_FEE) {
            revert OpenRace__InvalidConfig("minProvingBaseFee");
        }
        if (cfg.initialProvingBaseFee < cfg.minProvingBaseFee || cfg.initialProvingBaseFee > MAX_PROVING_BASE_FEE) {
            revert OpenRace__InvalidConfig("initialProvingBaseFee");
        }
        if (cfg.targetLagSlots == 0) revert OpenRace__InvalidConfig("targetLagSlots");
        if (cfg.redundancyWindow == 0) revert OpenRace__InvalidConfig("redundancyWindow");
        if (cfg.redundancyShare > BPS) revert OpenRace__InvalidConfig("redundancyShare");
        if (cfg.turnPeriod == 0) revert OpenRace__InvalidConfig("turnPeriod");
        // Every turn must come before the stalled blocks' final deadline (they are pruned then).
        if (
            cfg.idlePeriod == 0 ||
            uint256(cfg.idlePeriod) + TURN_PROVERS * cfg.turnPeriod > finalDeadlineSlots * _slotDuration
        ) revert OpenRace__InvalidConfig("idlePeriod");
        if (cfg.flagQuorum == 0) revert OpenRace__InvalidConfig("flagQuorum");
        if (cfg.minActiveEpochs == 0 || cfg.minActiveEpochs > ACTIVITY_WINDOW_EPOCHS) {
            revert OpenRace__InvalidConfig("minActiveEpochs");
        }
    }
}
