// SPDX-License-Identifier: MIT
pragma solidity 0.8.28;

import {IERC20} from "@openzeppelin/contracts/token/ERC20/IERC20.sol";
import {SafeERC20} from "@openzeppelin/contracts/token/ERC20/utils/SafeERC20.sol";
import {EIP712} from "@openzeppelin/contracts/utils/cryptography/EIP712.sol";
import {ECDSA} from "@openzeppelin/contracts/utils/cryptography/ECDSA.sol";
import {Math} from "@openzeppelin/contracts/utils/math/Math.sol";
import {ReentrancyGuardTransient} from "@openzeppelin/contracts/utils/ReentrancyGuardTransient.sol";
import {INodeRegistry} from "../interfaces/INodeRegistry.sol";
import {BlockCommitment, IProofVerifier} from "../interfaces/IProofVerifier.sol";
import {
    ClaimStatus,
    CoordinatorConfig,
    EpochClaim,
    IProverCoordinator,
    Quote
} from "../interfaces/IProverCoordinator.sol";
import {IRewardPool} from "../interfaces/IRewardPool.sol";
import {IRollupCoordinator} from "../interfaces/IRollupCoordinator.sol";
import {BlockHeader, IRollup, RollupConfig} from "../interfaces/IRollup.sol";
import {LotteryParams} from "../lottery/LotteryLib.sol";
import {ProverLottery} from "../lottery/ProverLottery.sol";
import {RewardPool} from "../rollup/RewardPool.sol";

/// @title ProverCoordinator
/// @notice Prover coordination for one `Rollup` (see `IProverCoordinator`): the prover lottery, proof-right claims
///         with bonds, epoch proofs and the rewards they pay.
/// @dev Claims live in a ring of `claimRingSize()` entries indexed by epoch (2 words each), reused once an epoch is
///      past its final deadline, so a claim rewrites warm-able words instead of creating new ones. An entry still
///      `Claimed` when it is reused belongs to an epoch past its final deadline that was never proven: it is
///      slashed on the spot, exactly as `slashMissedClaim` would. Tokens: the coordinator holds exactly the bonds in
///      force and the credited balances (`totalBonds + totalOwed`); inflows are measured by balance difference;
///      every function that moves tokens is `nonReentrant` and updates its accounting before the transfer.
contract ProverCoordinator is ProverLottery, EIP712, ReentrancyGuardTransient, IProverCoordinator {
    using SafeERC20 for IERC20;

    /// @dev Where burned tokens go (OpenZeppelin's ERC-20 refuses transfers to the zero address).
    address internal constant BURN_ADDRESS = 0x000000000000000000000000000000000000dEaD;
    uint256 internal constant BPS = 10_000;

    bytes32 internal constant QUOTE_TYPEHASH = keccak256(
        "Quote(address prover,uint256 epoch,uint16 basisPointFee,uint256 bond,uint64 validUntilSlot)"
    );
    bytes32 internal constant ACCEPTANCE_TYPEHASH = keccak256(
        "QuoteAcceptance(Quote quote,uint64 slot)"
        "Quote(address prover,uint256 epoch,uint16 basisPointFee,uint256 bond,uint64 validUntilSlot)"
    );

    /// @dev One claim of the ring (2 words).
    struct StoredClaim {
        address prover;
        uint96 bond;
        address proposer;
        uint16 basisPointFee;
        ClaimStatus status;
        uint64 epoch;
    }

    /// @dev What an epoch proof pays.
    struct Payout {
        address prover;
        uint256 proverFeeBps;
        uint256 rewards;
        uint256 proverFee;
        uint256 submitterFee;
        uint256 firstBlock;
    }

    IRollup public immutable rollup;
    IERC20 internal immutable _token;
    IRewardPool internal immutable _pool;
    IProofVerifier internal immutable _verifier;
    uint256 internal immutable _blockReward;
    uint256 internal immutable _minBond;
    uint256 internal immutable _claimRingSize;
    uint16 internal immutable _defaultProverFee;
    uint16 internal immutable _maxQuoteFee;
    uint16 internal immutable _submitterShare;
    uint16 internal immutable _rescueShare;
    uint16 internal immutable _feeSplit;
    uint32 internal immutable _priorityWindowSlots;
    uint32 internal immutable _claimWindowSlots;
    uint32 internal immutable _proofDeadlineSlots;
    uint32 internal immutable _finalDeadlineSlots;

    mapping(uint256 ringIndex => StoredClaim) internal _claims;
    mapping(address account => uint256) internal _owed;
    uint256 internal _totalBonds;
    uint256 internal _totalOwed;

    /// @param registry_ The rollup's node registry.
    /// @param lotteryParams α, β, γ, A_max of the prover lottery.
    /// @param commitRevealFallback_ Whether provers may enter with commit-reveal instead of a VRF proof.
    /// @param rollup_ The rollup; it must name this contract as its coordinator.
    /// @param cfg The coordinator's parameters.
    constructor(
        INodeRegistry registry_,
        LotteryParams memory lotteryParams,
        bool commitRevealFallback_,
        IRollup rollup_,
        CoordinatorConfig memory cfg
    ) ProverLottery(registry_, lotteryParams, commitRevealFallback_) EIP712("blockage ProverCoordinator", "1") {
        if (address(rollup_).code.length == 0 || rollup_.coordinator() != address(this)) {
            revert ProverCoordinator__InvalidConfig("rollup");
        }
        if (address(rollup_.registry()) != address(registry_)) revert ProverCoordinator__InvalidConfig("registry");
        RollupConfig memory rc = rollup_.config();
        // Based blocks and epochs must be checked against the same circuit.
        if (cfg.proofVerifier != rc.proofVerifier) revert ProverCoordinator__InvalidConfig("proofVerifier");
        _validate(cfg, rc.finalDeadlineSlots);
        rollup = rollup_;
        _token = IERC20(rollup_.stakeToken());
        _pool = IRewardPool(address(new RewardPool(_token)));
        _verifier = cfg.proofVerifier;
        _blockReward = cfg.blockReward;
        _minBond = cfg.minBond;
        _defaultProverFee = cfg.defaultProverFee;
        _maxQuoteFee = cfg.maxQuoteFee;
        _submitterShare = cfg.submitterShare;
        _rescueShare = cfg.rescueShare;
        _feeSplit = rc.feeSplit;
        _priorityWindowSlots = cfg.priorityWindowSlots;
        _claimWindowSlots = cfg.claimWindowSlots;
        _proofDeadlineSlots = cfg.proofDeadlineSlots;
        _finalDeadlineSlots = rc.finalDeadlineSlots;
        // A claim for epoch e is settled by e's final deadline, (e+1)·S + final; its entry is reused by epoch
        // e + ringSize, whose claims open at (e + ringSize + 1)·S, later than that.
        _claimRingSize = rc.finalDeadlineSlots / _epochSlots + 2;
    }

    /*//////////////////////////////////////////////////////////////
                                 CLAIMS
    //////////////////////////////////////////////////////////////*/

    /// @inheritdoc IProverCoordinator
    function claimAsDesignatedProver(uint256 epoch, bytes32 pid, bytes32 salt) external nonReentrant {
        _requireOperator(pid, salt);
        if (pid == bytes32(0) || _bestProverTicket[epoch].pid != pid) {
            revert ProverCoordinator__NotDesignatedProver(epoch, pid);
        }
        uint256 opens = (epoch + 1) * _epochSlots;
        _requireClaimPhase(epoch, opens, opens + _priorityWindowSlots);
        StoredClaim storage claim = _freeClaimEntry(epoch);
        (uint64 provenBlock, uint64 pendingBlock, , uint64 oldestUnprovenSlot, ) = rollup.syncTips();
        _requireNextToProve(epoch, provenBlock, pendingBlock, oldestUnprovenSlot);
        _recordClaim(claim, epoch, msg.sender, msg.sender, _minBond, _defaultProverFee, true);
    }

    /// @inheritdoc IProverCoordinator
    function claimProofRight(
        Quote calldata quote,
        bytes calldata proverSignature,
        bytes calldata proposerSignature
    ) external nonReentrant {
        uint256 epoch = quote.epoch;
        uint256 opens = (epoch + 1) * _epochSlots;
        // 1. the epoch is in its claim phase (after the priority window), and 5. it is the previous epoch
        _requireClaimPhase(epoch, opens + _priorityWindowSlots, opens + _claimWindowSlots);
        // 2. nobody claimed it, and it has blocks to prove with every earlier block proven
        StoredClaim storage claim = _freeClaimEntry(epoch);
        // 3. the proposer of the current slot countersigned it for this slot
        address proposer = _countersignedByProposer(epoch, quote, proposerSignature);
        // 4. the prover sends it and signed it (plus: not expired, and a fee within `maxQuoteFee`)
        _checkQuote(quote, proverSignature, currentSlot());
        // 6. the bond arrives
        if (quote.bond < _minBond || quote.bond > type(uint96).max) {
            revert ProverCoordinator__BondOutOfRange(quote.bond, _minBond);
        }
        _recordClaim(claim, epoch, msg.sender, proposer, quote.bond, quote.basisPointFee, false);
    }

    /*//////////////////////////////////////////////////////////////
                                 PROOFS
    //////////////////////////////////////////////////////////////*/

    /// @inheritdoc IProverCoordinator
    function submitEpochProof(
        uint256 epoch,
        BlockHeader[] calldata headers,
        bytes calldata proof
    ) external nonReentrant {
        uint256 current = currentEpoch();
        if (epoch >= current) revert ProverCoordinator__EpochNotOver(epoch, current);
        uint256 count = headers.length;
        if (count == 0) revert ProverCoordinator__NoHeaders();
        _pokeBeacon();
        (address[] memory proposers, uint256 firstBlock, address beneficiary) = _markProvenAndVerify(
            epoch,
            headers,
            proof
        );
        Payout memory p = _settleClaim(epoch, beneficiary);
        p.firstBlock = firstBlock;
        _pay(epoch, headers, proposers, p, beneficiary);
        emit EpochProven(
            epoch,
            p.firstBlock,
            p.firstBlock + count - 1,
            headers[count - 1].newState,
            p.prover,
            beneficiary,
            p.rewards,
            p.proverFee,
            p.submitterFee
        );
    }

    /// @inheritdoc IProverCoordinator
    function slashMissedClaim(uint256 epoch) external nonReentrant {
        rollup.syncTips();
        StoredClaim storage claim = _claims[epoch % _claimRingSize];
        uint256 finalDeadline = (epoch + 1) * _epochSlots + _finalDeadlineSlots;
        ClaimStatus status = claim.epoch == epoch ? claim.status : ClaimStatus.None;
        if (status != ClaimStatus.Claimed || currentSlot() < finalDeadline) {
            revert ProverCoordinator__NotSlashable(epoch, status, finalDeadline);
        }
        _slashBond(epoch, claim, address(_pool));
    }

    /// @inheritdoc IProverCoordinator
    function withdrawRewards(address to) external nonReentrant returns (uint256 amount) {
        if (to == address(0)) revert ProverCoordinator__ZeroAddress();
        amount = _owed[msg.sender];
        if (amount == 0) revert ProverCoordinator__NoRewards(msg.sender);
        _owed[msg.sender] = 0;
        _totalOwed -= amount;
        emit RewardsWithdrawn(msg.sender, to, amount);
        _token.safeTransfer(to, amount);
    }

    /*//////////////////////////////////////////////////////////////
                               FOR THE ROLLUP
    //////////////////////////////////////////////////////////////*/

    /// @inheritdoc IRollupCoordinator
    function rewardBasedBlock(address submitter) external nonReentrant returns (uint256 reward) {
        if (msg.sender != address(rollup)) revert ProverCoordinator__NotRollup(msg.sender);
        uint256 before = _token.balanceOf(address(this));
        reward = _pool.release(_blockReward);
        uint256 received = _token.balanceOf(address(this)) - before;
        if (received != reward) revert ProverCoordinator__TransferShort(reward, received);
        if (reward != 0) _credit(submitter, reward);
        emit BasedBlockRewarded(submitter, reward);
    }

    /// @inheritdoc IRollupCoordinator
    function voidClaim(uint256 epoch) external nonReentrant {
        if (msg.sender != address(rollup)) revert ProverCoordinator__NotRollup(msg.sender);
        StoredClaim storage claim = _claims[epoch % _claimRingSize];
        if (claim.epoch != epoch || claim.status != ClaimStatus.Claimed) return;
        uint256 bond = claim.bond;
        address prover = claim.prover;
        delete _claims[epoch % _claimRingSize];
        _totalBonds -= bond;
        _credit(prover, bond);
        emit BondReleased(epoch, prover, bond);
    }

    /*//////////////////////////////////////////////////////////////
                                 VIEWS
    //////////////////////////////////////////////////////////////*/

    /// @inheritdoc IProverCoordinator
    function config() external view returns (CoordinatorConfig memory cfg) {
        cfg.proofVerifier = _verifier;
        cfg.blockReward = _blockReward;
        cfg.minBond = _minBond;
        cfg.defaultProverFee = _defaultProverFee;
        cfg.maxQuoteFee = _maxQuoteFee;
        cfg.submitterShare = _submitterShare;
        cfg.rescueShare = _rescueShare;
        cfg.priorityWindowSlots = _priorityWindowSlots;
        cfg.claimWindowSlots = _claimWindowSlots;
        cfg.proofDeadlineSlots = _proofDeadlineSlots;
    }

    /// @inheritdoc IProverCoordinator
    function epochClaim(uint256 epoch) external view returns (EpochClaim memory c) {
        StoredClaim storage s = _claims[epoch % _claimRingSize];
        if (s.epoch != epoch || s.status == ClaimStatus.None) return c;
        return EpochClaim(s.prover, s.proposer, s.bond, s.basisPointFee, s.status);
    }

    /// @inheritdoc IProverCoordinator
    function epochWindows(
        uint256 epoch
    )
        external
        view
        returns (
            uint256 claimOpens,
            uint256 priorityEnds,
            uint256 claimCloses,
            uint256 proofDeadline,
            uint256 finalDeadline
        )
    {
        claimOpens = (epoch + 1) * _epochSlots;
        priorityEnds = claimOpens + _priorityWindowSlots;
        claimCloses = claimOpens + _claimWindowSlots;
        proofDeadline = claimOpens + _proofDeadlineSlots;
        finalDeadline = claimOpens + _finalDeadlineSlots;
    }

    /// @inheritdoc IProverCoordinator
    function rewardsOf(address account) external view returns (uint256) {
        return _owed[account];
    }

    /// @inheritdoc IProverCoordinator
    function totalBonds() external view returns (uint256) {
        return _totalBonds;
    }

    /// @inheritdoc IProverCoordinator
    function totalOwed() external view returns (uint256) {
        return _totalOwed;
    }

    /// @inheritdoc IProverCoordinator
    function quoteDigest(Quote calldata quote) public view returns (bytes32) {
        return _hashTypedDataV4(_quoteStructHash(quote));
    }

    /// @inheritdoc IProverCoordinator
    function acceptanceDigest(Quote calldata quote, uint64 slot) public view returns (bytes32) {
        return _hashTypedDataV4(keccak256(abi.encode(ACCEPTANCE_TYPEHASH, _quoteStructHash(quote), slot)));
    }

    /// @inheritdoc IProverCoordinator
    function rewardPool() external view returns (address) {
        return address(_pool);
    }

    /// @inheritdoc IProverCoordinator
    function claimRingSize() external view returns (uint256) {
        return _claimRingSize;
    }

    /*//////////////////////////////////////////////////////////////
                               INTERNALS
    //////////////////////////////////////////////////////////////*/

    /// @dev Has the rollup check the headers against its chain (all of the epoch's blocks from the first unproven
    ///      one), mark them proven and hand over their escrowed fees, then verifies the proof (a bad proof reverts
    ///      all of it). Returns each block's proposer, the first block's number and the address the proof is bound
    ///      to (its beneficiary).
    function _markProvenAndVerify(
        uint256 epoch,
        BlockHeader[] calldata headers,
        bytes calldata proof
    ) internal returns (address[] memory proposers, uint256 firstBlock, address beneficiary) {
        uint256 before = _token.balanceOf(address(this));
        uint256 fees;
        (proposers, fees, firstBlock) = rollup.markProven(epoch, headers);
        uint256 received = _token.balanceOf(address(this)) - before;
        if (received != fees) revert ProverCoordinator__TransferShort(fees, received);
        uint256 count = headers.length;
        BlockCommitment[] memory blocks = new BlockCommitment[](count);
        for (uint256 i = 0; i < count; ++i) {
            blocks[i] = BlockCommitment(headers[i].prevState, headers[i].newState, headers[i].txsCommitment);
        }
        beneficiary = _verifier.verifyEpochProof(headers[0].prevState, headers[count - 1].newState, blocks, proof);
    }

    /// @dev Reverts unless `epoch` is the previous epoch and the current slot is in [opens, closes).
    function _requireClaimPhase(uint256 epoch, uint256 opens, uint256 closes) internal view {
        uint256 current = currentEpoch();
        if (current != epoch + 1) revert ProverCoordinator__NotPreviousEpoch(epoch, current);
        uint256 slot = currentSlot();
        if (slot < opens || slot >= closes) revert ProverCoordinator__NotInClaimPhase(epoch, slot, opens, closes);
    }

    /// @dev `epoch`'s ring entry, after checking nobody claimed `epoch`; an entry still held by an older epoch's
    ///      unsettled claim (past its final deadline by the ring's size) is slashed first.
    function _freeClaimEntry(uint256 epoch) internal returns (StoredClaim storage claim) {
        claim = _claims[epoch % _claimRingSize];
        if (claim.epoch == epoch && claim.status != ClaimStatus.None) {
            revert ProverCoordinator__AlreadyClaimed(epoch, claim.prover);
        }
        if (claim.status == ClaimStatus.Claimed) _slashBond(claim.epoch, claim, address(_pool));
    }

    /// @dev Reverts unless `epoch` is the epoch of the oldest unproven block.
    function _requireNextToProve(
        uint256 epoch,
        uint64 provenBlock,
        uint64 pendingBlock,
        uint64 oldestUnprovenSlot
    ) internal view {
        if (pendingBlock == provenBlock) revert ProverCoordinator__NothingToProve(epoch);
        uint256 oldest = uint256(oldestUnprovenSlot) / _epochSlots;
        if (oldest < epoch) revert ProverCoordinator__EarlierEpochUnproven(epoch, oldest);
        if (oldest > epoch) revert ProverCoordinator__NothingToProve(epoch);
    }

    /// @dev Checks that `epoch` is next to prove (on the pruned chain) and that the operator of the current slot's
    ///      proposal countersigned `quote` for this slot; returns that operator.
    function _countersignedByProposer(
        uint256 epoch,
        Quote calldata quote,
        bytes calldata signature
    ) internal returns (address proposer) {
        (
            uint64 provenBlock,
            uint64 pendingBlock,
            uint64 tipSlot,
            uint64 oldestUnprovenSlot,
            address tipProposer
        ) = rollup.syncTips();
        _requireNextToProve(epoch, provenBlock, pendingBlock, oldestUnprovenSlot);
        uint256 slot = currentSlot();
        if (tipSlot != slot || pendingBlock == provenBlock) revert ProverCoordinator__NoProposerForSlot(slot);
        // Slots fit 64 bits for longer than the chain will run.
        address signer = _recover(acceptanceDigest(quote, uint64(slot)), signature);
        if (signer != tipProposer) revert ProverCoordinator__NotCurrentProposer(signer, tipProposer);
        return tipProposer;
    }

    /// @dev Seed 003's fourth check (the prover sends and signed the quote), the expiry and the fee bound.
    function _checkQuote(Quote calldata quote, bytes calldata signature, uint256 slot) internal view {
        if (quote.prover != msg.sender) revert ProverCoordinator__ProverNotSender(quote.prover, msg.sender);
        address signer = _recover(quoteDigest(quote), signature);
        if (signer != quote.prover) revert ProverCoordinator__InvalidProverSignature(signer, quote.prover);
        if (slot > quote.validUntilSlot) revert ProverCoordinator__QuoteExpired(quote.validUntilSlot, slot);
        if (quote.basisPointFee > _maxQuoteFee) revert ProverCoordinator__FeeTooHigh(quote.basisPointFee, _maxQuoteFee);
    }

    /// @dev Stores a claim, takes its bond from the caller and emits it.
    function _recordClaim(
        StoredClaim storage claim,
        uint256 epoch,
        address prover,
        address proposer,
        uint256 bond,
        uint16 basisPointFee,
        bool designated
    ) internal {
        claim.prover = prover;
        // Bonds are at most type(uint96).max (checked by the caller, or `minBond` checked at deployment); epochs
        // fit 64 bits for longer than the chain will run.
        claim.bond = uint96(bond);
        claim.proposer = proposer;
        claim.basisPointFee = basisPointFee;
        claim.status = ClaimStatus.Claimed;
        claim.epoch = uint64(epoch);
        _totalBonds += bond;
        _pokeBeacon();
        emit ProofRightClaimed(epoch, prover, proposer, basisPointFee, bond, designated);
        uint256 before = _token.balanceOf(address(this));
        _token.safeTransferFrom(msg.sender, address(this), bond);
        uint256 received = _token.balanceOf(address(this)) - before;
        if (received != bond) revert ProverCoordinator__TransferShort(bond, received);
    }

    /// @dev Who is paid the prover fee, at which rate, and what happens to the bond. A claim in force by its
    ///      deadline: the claimant at its quoted fee, bond released. A claim past its deadline: the bond is slashed
    ///      (rescue share to the proof's beneficiary, rest burned) and the beneficiary is paid as in an open race.
    ///      No claim: an open race after the claim window, at the default fee, won by the beneficiary. Never
    ///      `msg.sender`: a relay, or a copier of someone's proof, is paid nothing.
    function _settleClaim(uint256 epoch, address beneficiary) internal returns (Payout memory p) {
        StoredClaim storage claim = _claims[epoch % _claimRingSize];
        bool claimed = claim.epoch == epoch && claim.status == ClaimStatus.Claimed;
        uint256 claimOpens = (epoch + 1) * _epochSlots;
        uint256 slot = currentSlot();
        if (claimed && slot < claimOpens + _proofDeadlineSlots) {
            p.prover = claim.prover;
            p.proverFeeBps = claim.basisPointFee;
            uint256 bond = claim.bond;
            claim.status = ClaimStatus.Proven;
            _totalBonds -= bond;
            _credit(p.prover, bond);
            emit BondReleased(epoch, p.prover, bond);
            return p;
        }
        if (claimed) {
            _slashBond(epoch, claim, beneficiary);
        } else if (slot < claimOpens + _claimWindowSlots) {
            revert ProverCoordinator__ProofRaceNotOpen(epoch, claimOpens + _claimWindowSlots);
        }
        p.prover = beneficiary;
        p.proverFeeBps = _defaultProverFee;
    }

    /// @dev Splits a missed claim's bond: the rescue share to `rescuer` (credited, or sent when it is the reward
    ///      pool), the rest burned.
    function _slashBond(uint256 epoch, StoredClaim storage claim, address rescuer) internal {
        uint256 bond = claim.bond;
        uint256 rescued = (bond * _rescueShare) / BPS;
        uint256 burned = bond - rescued;
        claim.status = ClaimStatus.Slashed;
        _totalBonds -= bond;
        emit BondSlashed(epoch, claim.prover, rescuer, rescued, burned);
        if (rescuer != address(_pool)) {
            if (rescued != 0) _credit(rescuer, rescued);
        } else if (rescued != 0) {
            _token.safeTransfer(rescuer, rescued);
        }
        if (burned != 0) _token.safeTransfer(BURN_ADDRESS, burned);
    }

    /// @dev Credits an epoch's rewards. The pot is the block rewards the pool pays plus each block's shared fees
    ///      (FEE_SPLIT); the prover takes its fee and the submitter its share of the pot; the proposers share the
    ///      rest in proportion to what their blocks brought (block reward + shared fees) and keep the unshared part
    ///      of their fees. The submitter share and the rounding dust go to the proof's beneficiary (the address it is
    ///      bound to), whoever sent it. Everything that came in (released rewards, shared and kept fees) ends up
    ///      credited.
    function _pay(
        uint256 epoch,
        BlockHeader[] calldata headers,
        address[] memory proposers,
        Payout memory p,
        address beneficiary
    ) internal {
        (uint256[] memory owed, uint256 dust) = _blockShares(headers, p);
        _creditProposers(epoch, proposers, owed);
        if (p.proverFee != 0) _credit(p.prover, p.proverFee);
        uint256 submitterTotal = p.submitterFee + dust;
        if (submitterTotal != 0) _credit(beneficiary, submitterTotal);
    }

    /// @dev Draws the block rewards from the pool, fills in the pot's prover and submitter fees, and returns what
    ///      each block's proposer is owed (pot share plus kept fees) and the rounding dust.
    function _blockShares(
        BlockHeader[] calldata headers,
        Payout memory p
    ) internal returns (uint256[] memory owed, uint256 dust) {
        uint256 count = headers.length;
        owed = new uint256[](count);
        uint256[] memory contribution = new uint256[](count);
        uint256 totalContribution;
        uint256 shared;
        for (uint256 i = 0; i < count; ++i) {
            uint256 blockFees = headers[i].fees;
            uint256 blockShared = (blockFees * _feeSplit) / BPS;
            shared += blockShared;
            owed[i] = blockFees - blockShared;
            contribution[i] = _blockReward + blockShared;
            totalContribution += contribution[i];
        }
        uint256 before = _token.balanceOf(address(this));
        uint256 released = _pool.release(_blockReward * count);
        uint256 received = _token.balanceOf(address(this)) - before;
        if (received != released) revert ProverCoordinator__TransferShort(released, received);
        p.rewards = released + shared;
        p.proverFee = (p.rewards * p.proverFeeBps) / BPS;
        p.submitterFee = (p.rewards * _submitterShare) / BPS;
        uint256 pot = p.rewards - p.proverFee - p.submitterFee;
        dust = pot;
        if (totalContribution != 0) {
            for (uint256 i = 0; i < count; ++i) {
                uint256 share = Math.mulDiv(pot, contribution[i], totalContribution);
                dust -= share;
                owed[i] += share;
            }
        }
    }

    /// @dev One credit per distinct proposer, in the order of their first blocks. Each block's proposer is looked up
    ///      among the distinct proposers found so far: O(blocks × distinct proposers), bounded by an epoch's blocks
    ///      (at most `epochSlots`), and linear when a few nodes propose the whole epoch.
    function _creditProposers(uint256 epoch, address[] memory proposers, uint256[] memory owed) internal {
        uint256 count = proposers.length;
        address[] memory distinct = new address[](count);
        uint256[] memory amounts = new uint256[](count);
        uint256 found;
        for (uint256 i = 0; i < count; ++i) {
            address proposer = proposers[i];
            uint256 k;
            while (k < found && distinct[k] != proposer) ++k;
            if (k == found) {
                distinct[k] = proposer;
                ++found;
            }
            amounts[k] += owed[i];
        }
        for (uint256 k = 0; k < found; ++k) {
            uint256 amount = amounts[k];
            if (amount != 0) {
                _credit(distinct[k], amount);
                emit ProposerRewarded(epoch, distinct[k], amount);
            }
        }
    }

    function _credit(address account, uint256 amount) internal {
        _owed[account] += amount;
        _totalOwed += amount;
    }

    function _quoteStructHash(Quote calldata q) internal pure returns (bytes32) {
        return keccak256(abi.encode(QUOTE_TYPEHASH, q.prover, q.epoch, q.basisPointFee, q.bond, q.validUntilSlot));
    }

    /// @dev The signer of `digest`, or zero for a malformed signature.
    function _recover(bytes32 digest, bytes calldata signature) internal pure returns (address signer) {
        (signer, , ) = ECDSA.tryRecover(digest, signature);
    }

    function _validate(CoordinatorConfig memory cfg, uint256 finalDeadlineSlots) internal view {
        if (address(cfg.proofVerifier).code.length == 0) revert ProverCoordinator__InvalidConfig("proofVerifier");
        if (cfg.minBond == 0 || cfg.minBond > type(uint96).max) revert ProverCoordinator__InvalidConfig("minBond");
        if (uint256(cfg.defaultProverFee) + cfg.submitterShare > BPS) {
            revert ProverCoordinator__InvalidConfig("defaultProverFee");
        }
        if (uint256(cfg.maxQuoteFee) + cfg.submitterShare > BPS) revert ProverCoordinator__InvalidConfig("maxQuoteFee");
        if (cfg.rescueShare > BPS) revert ProverCoordinator__InvalidConfig("rescueShare");
        if (
            cfg.claimWindowSlots == 0 ||
            cfg.claimWindowSlots > _epochSlots ||
            cfg.priorityWindowSlots > cfg.claimWindowSlots ||
            cfg.claimWindowSlots > cfg.proofDeadlineSlots ||
            cfg.proofDeadlineSlots > finalDeadlineSlots
        ) revert ProverCoordinator__InvalidConfig("windows");
    }
}
