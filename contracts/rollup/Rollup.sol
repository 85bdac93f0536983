// SPDX-License-Identifier: MIT
pragma solidity 0.8.28;

import {IERC20} from "@openzeppelin/contracts/token/ERC20/IERC20.sol";
import {SafeERC20} from "@openzeppelin/contracts/token/ERC20/utils/SafeERC20.sol";
import {MessageHashUtils} from "@openzeppelin/contracts/utils/cryptography/MessageHashUtils.sol";
import {ECDSA} from "@openzeppelin/contracts/utils/cryptography/ECDSA.sol";
import {Math} from "@openzeppelin/contracts/utils/math/Math.sol";
import {SafeCast} from "@openzeppelin/contracts/utils/math/SafeCast.sol";
import {ReentrancyGuardTransient} from "@openzeppelin/contracts/utils/ReentrancyGuardTransient.sol";
import {EcVrfHints} from "../interfaces/IEcVrfVerifier.sol";
import {RandomnessSource} from "../interfaces/ILotteryBase.sol";
import {INodeRegistry, LotteryInputs, NodeInfo} from "../interfaces/INodeRegistry.sol";
import {BlockCommitment, IProofVerifier} from "../interfaces/IProofVerifier.sol";
import {IOpenRaceCoordinator} from "../interfaces/IOpenRaceCoordinator.sol";
import {IRollupCoordinator} from "../interfaces/IRollupCoordinator.sol";
import {IStateTransition} from "../interfaces/IStateTransition.sol";
import {
    BlockHeader,
    BlockProposal,
    BlockRecord,
    ChainTips,
    IRollup,
    PREFIX_PROOF,
    ProverMechanism,
    RollupConfig
} from "../interfaces/IRollup.sol";
import {LotteryBase} from "../lottery/LotteryBase.sol";
import {LotteryLib, LotteryParams} from "../lottery/LotteryLib.sol";

/// @title Rollup
/// @notice Block production over the lottery (see `IRollup`); proving goes through the `ProverCoordinator`.
/// @dev Storage layout (the ring holds `BlockRecord`s, 4 words each), chosen for the gas of the hot paths:
///      - the pending chain is a ring of `ringSize()` block records indexed by block number; a record is only
///        overwritten once its block is proven (older than the proven tip) or pruned, so in steady state every
///        proposal rewrites four warm-able words instead of creating new ones (as Aztec's rollup does with its
///        circular block log). The ring holds every block that may still be proven: at most one per slot from the
///        oldest unproven epoch's start to its final deadline, plus the proven tip.
///      - the chain's counters share one word (`_chain`); the tip's state and its parent's state are two words.
///      Tokens: the rollup holds exactly the fees escrowed for unproven blocks (`totalEscrowedFees`); slashed stake
///      passes through within the transaction. Every inflow is measured by balance difference, and every function
///      that moves tokens is `nonReentrant` and updates its accounting before the transfer.
contract Rollup is LotteryBase, ReentrancyGuardTransient, IRollup {
    using SafeERC20 for IERC20;

    /// @dev Where burned tokens go (OpenZeppelin's ERC-20 refuses transfers to the zero address).
    address internal constant BURN_ADDRESS = 0x000000000000000000000000000000000000dEaD;
    uint256 internal constant BPS = 10_000;
    uint256 internal constant TXS_PER_CHUNK = 16;
    /// @dev The largest block a challenge can re-execute with headroom: `challengeBlock` hashes twice with Poseidon
    ///      per transaction on-chain, and a whole challenge of a block this size stays under 15,000,000 gas
    ///      (`challengeMaxBlockGas` in bench/rollup.json), below EIP-7825's 2^24 per-transaction cap. A larger
    ///      block could never be proven invalid, so `maxTxsPerBlock` is bounded by it at deployment.
    uint256 internal constant MAX_CHALLENGEABLE_TXS = 256;
    uint256 internal constant FIELD_MODULUS =
        21888242871839275222246405745257275088548364400416034343698204186575808495617;
    bytes32 internal constant INVALID_BLOCK = "INVALID_BLOCK";

    /// @dev EIP-712 domain `{name: "blockage Rollup", version: "1", chainId, verifyingContract}`. Built here with
    ///      OpenZeppelin's `MessageHashUtils` rather than its `EIP712` base, whose ERC-5267 getter and short-string
    ///      machinery would push the rollup past the 24 KiB code limit; the digests are the same.
    bytes32 internal constant DOMAIN_TYPEHASH = keccak256(
        "EIP712Domain(string name,string version,uint256 chainId,address verifyingContract)"
    );
    bytes32 internal constant DOMAIN_NAME_HASH = keccak256("blockage Rollup");
    bytes32 internal constant DOMAIN_VERSION_HASH = keccak256("1");
    bytes32 internal constant BUILDER_BID_TYPEHASH = keccak256(
        "BuilderBid(uint64 slot,bytes32 headerHash,address builder,uint256 bid)"
    );

    /// @dev Who paid a builder block's escrowed fees (1 word), for its refund; `blockNumber` tells a live entry
    ///      from a stale one of an older block at the same ring index.
    struct FeePayer {
        address payer;
        uint64 blockNumber;
    }

    /// @dev The chain's counters (1 word).
    struct Chain {
        uint64 provenBlock;
        uint64 pendingBlock;
        uint64 tipSlot;
        /// @dev Slot of block `provenBlock + 1` while `pendingBlock > provenBlock`.
        uint64 oldestUnprovenSlot;
    }

    IERC20 internal immutable _token;
    address internal immutable _coordinator;
    IProofVerifier internal immutable _verifier;
    IStateTransition internal immutable _stateTransition;
    uint256 internal immutable _ringSize;
    uint256 internal immutable _maxEpochChunks;
    uint256 internal immutable _genesisState;
    uint256 internal immutable _invalidBlockSlash;
    uint16 internal immutable _feeSplit;
    uint16 internal immutable _reporterShare;
    uint32 internal immutable _finalDeadlineSlots;
    uint32 internal immutable _basedDelaySlots;
    uint32 internal immutable _maxTxsPerBlock;
    uint32 internal immutable _voteRoundSlots;
    uint32 internal immutable _voteThreshold;
    /// @dev The prover mechanism. Cooperative: proposers choose FEE_SPLIT and prover seeds are kept. Open race:
    ///      proposals pay the coordinator's proving base fee and proofs may end at any checkpoint.
    ProverMechanism internal immutable _mechanism;

    Chain internal _chain;
    uint256 internal _tipState;
    uint256 internal _tipParentState;
    uint256 internal _provenState;
    uint256 internal _totalEscrowedFees;
    mapping(uint256 ringIndex => BlockRecord) internal _ring;
    mapping(uint256 round => mapping(bytes32 payload => uint256)) internal _votes;
    /// @dev Written only for blocks whose fees a builder escrowed; deleted when they are refunded.
    mapping(uint256 ringIndex => FeePayer) internal _feePayers;
    /// @dev Cooperative only: each ring entry's prover seed (written with the entry's record).
    mapping(uint256 ringIndex => bytes32) internal _proverSeeds;

    /// @param registry_ The node registry (its beacon is the clock; its stake token is the rollup's token).
    /// @param lotteryParams α, β, γ, A_max of the sequencer and prover lotteries.
    /// @param commitRevealFallback_ Whether nodes may enter with commit-reveal instead of a VRF proof.
    /// @param cfg The rollup's parameters (see `RollupConfig`).
    constructor(
        INodeRegistry registry_,
        LotteryParams memory lotteryParams,
        bool commitRevealFallback_,
        RollupConfig memory cfg
    ) LotteryBase(registry_, lotteryParams, commitRevealFallback_) {
        _validate(cfg);
        // An epoch is proven by one proof: it may hold no more chunks than the verifier takes.
        _maxEpochChunks = cfg.proofVerifier.maxChunks();
        if (_maxEpochChunks == 0 || _maxEpochChunks > type(uint32).max) revert Rollup__InvalidConfig("proofVerifier");
        if (cfg.maxTxsPerBlock / TXS_PER_CHUNK > _maxEpochChunks) revert Rollup__InvalidConfig("maxTxsPerBlock");
        // A node leaving the lottery proposes its last block in epoch x − 1 (x its exit epoch), whose final deadline
        // is x·S + finalDeadlineSlots; it may withdraw from epoch x + unbondingPeriodEpochs. Until the final deadline
        // its blocks can be challenged and its stake slashed, so it must not be able to withdraw before then.
        if (registry_.unbondingPeriodEpochs() * _epochSlots < cfg.finalDeadlineSlots) {
            revert Rollup__InvalidConfig("unbondingPeriodEpochs");
        }
        _token = IERC20(registry_.stakeToken());
        _coordinator = cfg.coordinator;
        _verifier = cfg.proofVerifier;
        _stateTransition = cfg.stateTransition;
        _genesisState = cfg.genesisState;
        _invalidBlockSlash = cfg.invalidBlockSlash;
        _feeSplit = cfg.feeSplit;
        _reporterShare = cfg.reporterShare;
        _finalDeadlineSlots = cfg.finalDeadlineSlots;
        _basedDelaySlots = cfg.basedDelaySlots;
        _maxTxsPerBlock = cfg.maxTxsPerBlock;
        _voteRoundSlots = cfg.voteRoundSlots;
        _voteThreshold = cfg.voteThreshold;
        _mechanism = cfg.mechanism;
        // Every block that may still be proven: one per slot from the oldest unproven epoch's first slot to its
        // final deadline (2 epochs + the final deadline), plus the proven tip, plus one of margin.
        _ringSize = 2 * _epochSlots + cfg.finalDeadlineSlots + 2;

        BlockHeader memory genesis;
        genesis.newState = cfg.genesisState;
        _ring[0].headerHash = keccak256(abi.encode(genesis));
        _tipState = cfg.genesisState;
        _provenState = cfg.genesisState;
    }

    /*//////////////////////////////////////////////////////////////
                            BLOCK PRODUCTION
    //////////////////////////////////////////////////////////////*/

    /// @inheritdoc IRollup
    function propose(
        BlockProposal calldata proposal,
        uint256[] calldata txs,
        bytes calldata vrfProof,
        EcVrfHints calldata hints
    ) external nonReentrant returns (uint256 blockNumber) {
        _requireOperator(proposal.pid, proposal.salt);
        return _proposeWithVrf(proposal, txs, vrfProof, hints, msg.sender);
    }

    /// @inheritdoc IRollup
    function proposeWithReveal(
        BlockProposal calldata proposal,
        uint256[] calldata txs,
        bytes32 secret
    ) external nonReentrant returns (uint256 blockNumber) {
        _requireCommitReveal();
        _requireOperator(proposal.pid, proposal.salt);
        (uint256 epoch, bytes32 sigma) = _checkSlot(proposal.header.slot);
        LotteryInputs memory inputs = _eligibleInputs(proposal.pid, epoch, ROLE_SEQUENCER);
        bytes32 output = _revealOutput(proposal.pid, epoch, sigma, secret);
        int256 raceTime = LotteryLib.raceTime(output, _weightOf(inputs, proposal.pid, epoch));
        return _acceptBlock(proposal, txs, msg.sender, raceTime, sigma, output, RandomnessSource.CommitReveal);
    }

    /// @inheritdoc IRollup
    function proposeViaBuilder(
        BlockProposal calldata proposal,
        uint256[] calldata txs,
        bytes calldata vrfProof,
        EcVrfHints calldata hints,
        uint256 bid,
        bytes calldata operatorSignature
    ) external nonReentrant returns (uint256 blockNumber) {
        bytes32 digest = builderBidDigest(proposal.header.slot, headerHash(proposal.header), msg.sender, bid);
        address operator = _recover(digest, operatorSignature);
        if (operator == address(0) || keccak256(abi.encode(operator, proposal.salt)) != proposal.pid) {
            revert Rollup__InvalidBuilderSignature(operator);
        }
        blockNumber = _proposeWithVrf(proposal, txs, vrfProof, hints, operator);
        // The builder escrowed the fees (`_acceptBlock` pulls them from the sender): a refund goes back to it.
        if (proposal.header.fees != 0) {
            _feePayers[blockNumber % _ringSize] = FeePayer(msg.sender, uint64(blockNumber));
        }
        if (bid != 0) {
            // Straight from the builder to the operator: the rollup never holds the bid.
            _token.safeTransferFrom(msg.sender, operator, bid);
        }
        emit BuilderBidPaid(proposal.header.slot, msg.sender, operator, bid);
    }

    /// @inheritdoc IRollup
    function proposeBased(
        BlockHeader calldata header,
        uint256[] calldata txs,
        bytes calldata proof
    ) external nonReentrant returns (uint256 blockNumber) {
        Chain memory c = _pruneIfDue(_chain);
        if (c.pendingBlock != c.provenBlock) revert Rollup__BasedModeUnprovenBlocks(c.provenBlock, c.pendingBlock);
        uint256 slot = currentSlot();
        if (header.slot != slot) revert Rollup__WrongSlot(header.slot, slot);
        uint256 opensAt = uint256(c.tipSlot) + _basedDelaySlots + 1;
        if (slot < opensAt) revert Rollup__BasedModeNotOpen(slot, opensAt);
        _checkBody(header, txs);
        _checkParent(header, _record(c.pendingBlock).headerHash, _tipState);
        _pokeBeacon();

        BlockCommitment[] memory blocks = new BlockCommitment[](1);
        blocks[0] = BlockCommitment(header.prevState, header.newState, header.txsCommitment);
        // The block's proposer, prover and submitter is the address its proof is bound to, whoever sends it.
        address prover = _verifier.verifyEpochProof(header.prevState, header.newState, blocks, proof);

        blockNumber = uint256(c.pendingBlock) + 1;
        bytes32 hash = headerHash(header);
        _claimRingEntry(blockNumber, c);
        // A based block's fees stay with its prover (it is proposer, prover and submitter at once): nothing is
        // escrowed, and the record says so.
        _ring[blockNumber % _ringSize] = BlockRecord({
            headerHash: hash,
            pid: bytes32(0),
            proposer: prover,
            raceTime: 0,
            slot: uint64(slot),
            blockNumber: uint64(blockNumber),
            fees: 0,
            epochChunks: 0
        });
        // Block numbers and slots fit 64 bits for longer than the chain will run (one block per slot).
        _chain = Chain({
            provenBlock: uint64(blockNumber),
            pendingBlock: uint64(blockNumber),
            tipSlot: uint64(slot),
            oldestUnprovenSlot: 0
        });
        _tipParentState = header.prevState;
        _tipState = header.newState;
        _provenState = header.newState;
        // No upgrade vote: a based block comes from no staked, lottery-ranked proposal, so anyone could post them.
        emit BasedBlockProven(blockNumber, slot, prover, hash);
        IRollupCoordinator(_coordinator).rewardBasedBlock(prover);
    }

    /// @inheritdoc IRollup
    function prune() external returns (bool pruned) {
        Chain memory c = _chain;
        // `_pruneIfDue` updates `c` in place: compare with the pending tip read before.
        uint64 before = c.pendingBlock;
        pruned = _pruneIfDue(c).pendingBlock != before;
    }

    /// @inheritdoc IRollup
    function syncTips()
        external
        returns (
            uint64 provenBlock,
            uint64 pendingBlock,
            uint64 tipSlot,
            uint64 oldestUnprovenSlot,
            address tipProposer
        )
    {
        Chain memory c = _pruneIfDue(_chain);
        return (c.provenBlock, c.pendingBlock, c.tipSlot, c.oldestUnprovenSlot, _record(c.pendingBlock).proposer);
    }

    /// @inheritdoc IRollup
    function challengeBlock(
        uint256 blockNumber,
        BlockHeader calldata header,
        uint256[] calldata txs
    ) external nonReentrant {
        Chain memory c = _pruneIfDue(_chain);
        if (blockNumber <= c.provenBlock || blockNumber > c.pendingBlock) revert Rollup__NotChallengeable(blockNumber);
        BlockRecord storage b = _record(blockNumber);
        if (b.blockNumber != blockNumber || b.headerHash != headerHash(header)) {
            revert Rollup__HeaderMismatch(0, blockNumber);
        }
        bytes32 da = keccak256(abi.encodePacked(txs));
        if (da != header.daCommitment) revert Rollup__DaCommitmentMismatch(da, header.daCommitment);
        // No try/catch: the transactions passed `_checkBody` and `prevState` is the parent's checked state, so
        // execution cannot fail on its own; a failure (say, too little gas) must never read as evidence.
        (uint256 newState, bytes32 txsCommitment) = _stateTransition.execute(header.prevState, txs);
        if (newState == header.newState && txsCommitment == header.txsCommitment)
            revert Rollup__BlockValid(blockNumber);
        bytes32 pid = b.pid;
        uint256 epoch = uint256(b.slot) / _epochSlots;

        // Drop the block and its descendants; the tip is its parent (unproven or the proven tip).
        uint256 dropped = c.pendingBlock;
        uint256 kept = blockNumber - 1;
        c.pendingBlock = uint64(kept);
        c.tipSlot = _record(kept).slot;
        _chain = c;
        _tipState = header.prevState;
        emit PendingChainPruned(kept, dropped, true);
        _slashInvalid(blockNumber, pid);
        IRollupCoordinator(_coordinator).voidClaim(epoch);
    }

    /// @inheritdoc IRollup
    function refundPrunedFees(uint256 blockNumber) external {
        Chain memory c = _pruneIfDue(_chain);
        BlockRecord storage b = _record(blockNumber);
        if (b.blockNumber != blockNumber || blockNumber <= c.pendingBlock || b.fees == 0) {
            revert Rollup__NothingToRefund(blockNumber);
        }
        _refundFees(b);
    }

    /*//////////////////////////////////////////////////////////////
                           PROVEN BLOCKS
    //////////////////////////////////////////////////////////////*/

    /// @inheritdoc IRollup
    function markProven(
        uint256 epoch,
        BlockHeader[] calldata headers
    ) external nonReentrant returns (address[] memory proposers, uint256 fees, uint256 first) {
        if (msg.sender != _coordinator) revert Rollup__NotCoordinator(msg.sender);
        Chain memory c = _pruneIfDue(_chain);
        bool prefix = epoch == PREFIX_PROOF;
        uint256 oldest =
            c.pendingBlock == c.provenBlock ? type(uint256).max : uint256(c.oldestUnprovenSlot) / _epochSlots;
        if (!prefix && oldest != epoch) revert Rollup__NotNextEpoch(epoch, oldest);
        uint256 count = headers.length;
        if (count == 0) revert Rollup__NoHeaders();

        // The headers must be exactly the epoch's blocks (or a prefix's) from the first unproven one.
        first = uint256(c.provenBlock) + 1;
        uint256 last = first + count - 1;
        if (last > c.pendingBlock) revert Rollup__HeaderMismatch(count - 1, last);
        proposers = new address[](count);
        for (uint256 i = 0; i < count; ++i) {
            BlockHeader calldata h = headers[i];
            BlockRecord storage b = _record((first + i));
            if (b.headerHash != headerHash(h)) revert Rollup__HeaderMismatch(i, first + i);
            if (!prefix && uint256(h.slot) / _epochSlots != epoch) revert Rollup__HeaderOutsideEpoch(i, epoch);
            proposers[i] = b.proposer;
            fees += h.fees;
            _countVote(h);
        }
        if (last < c.pendingBlock) {
            uint64 nextSlot = _record((last + 1)).slot;
            if (!prefix && uint256(nextSlot) / _epochSlots == epoch) revert Rollup__IncompleteEpoch(epoch, last + 1);
            c.oldestUnprovenSlot = nextSlot;
        } else if (prefix && c.tipSlot >= currentSlot()) {
            // The tip's slot is still open: a better proposal may replace it, so it is no checkpoint yet.
            revert Rollup__NotCheckpoint(last);
        }
        if (prefix) epoch = uint256(headers[count - 1].slot) / _epochSlots;
        // The headers match their stored hashes, so their fees are what was escrowed for them.
        c.provenBlock = uint64(last);
        _chain = c;
        uint256 newState = headers[count - 1].newState;
        _provenState = newState;
        _totalEscrowedFees -= fees;
        emit BlocksProven(epoch, first, last, newState);
        if (fees != 0) _token.safeTransfer(msg.sender, fees);
    }

    /*//////////////////////////////////////////////////////////////
                                 VIEWS
    //////////////////////////////////////////////////////////////*/

    /// @inheritdoc IRollup
    function config() external view returns (RollupConfig memory cfg) {
        cfg.proofVerifier = _verifier;
        cfg.stateTransition = _stateTransition;
        cfg.coordinator = _coordinator;
        cfg.genesisState = _genesisState;
        cfg.invalidBlockSlash = _invalidBlockSlash;
        cfg.feeSplit = _feeSplit;
        cfg.reporterShare = _reporterShare;
        cfg.finalDeadlineSlots = _finalDeadlineSlots;
        cfg.basedDelaySlots = _basedDelaySlots;
        cfg.maxTxsPerBlock = _maxTxsPerBlock;
        cfg.voteRoundSlots = _voteRoundSlots;
        cfg.voteThreshold = _voteThreshold;
        cfg.mechanism = _mechanism;
    }

    /// @inheritdoc IRollup
    function tips() public view returns (ChainTips memory) {
        Chain memory c = _chain;
        BlockRecord storage tip = _record(c.pendingBlock);
        return
            ChainTips({
                provenBlock: c.provenBlock,
                pendingBlock: c.pendingBlock,
                tipSlot: c.tipSlot,
                provenState: _provenState,
                tipState: _tipState,
                tipHash: tip.headerHash,
                oldestUnprovenSlot: c.oldestUnprovenSlot,
                tipProposer: tip.proposer
            });
    }

    /// @inheritdoc IRollup
    function blockRecord(uint256 blockNumber) external view returns (BlockRecord memory r) {
        BlockRecord storage b = _record(blockNumber);
        if (b.blockNumber != blockNumber || b.headerHash == bytes32(0)) return r;
        r = b;
        // Fees of proven blocks were paid out; the record keeps the escrow figure only until then.
        if (blockNumber <= _chain.provenBlock) r.fees = 0;
    }

    /// @inheritdoc IRollup
    function totalEscrowedFees() external view returns (uint256) {
        return _totalEscrowedFees;
    }

    /// @inheritdoc IRollup
    function upgradeVotes(uint256 round, bytes32 payload) external view returns (uint256) {
        return _votes[round][payload];
    }

    /// @inheritdoc IRollup
    function blockProverSeed(uint256 blockNumber) external view returns (bytes32 hash, bytes32 seed) {
        // The entry's own words only (two reads: this sits on every chunk submission's gas budget); the caller compares
        // the hash with its header's, which pins the block (see IRollup).
        uint256 index = blockNumber % _ringSize;
        return (_ring[index].headerHash, _proverSeeds[index]);
    }

    /// @inheritdoc IRollup
    function headerHash(BlockHeader calldata header) public pure returns (bytes32) {
        return keccak256(abi.encode(header));
    }

    /// @inheritdoc IRollup
    function builderBidDigest(
        uint64 slot,
        bytes32 headerHash_,
        address builder,
        uint256 bid
    ) public view returns (bytes32) {
        return
            MessageHashUtils.toTypedDataHash(
                domainSeparator(),
                keccak256(abi.encode(BUILDER_BID_TYPEHASH, slot, headerHash_, builder, bid))
            );
    }

    /// @inheritdoc IRollup
    function domainSeparator() public view returns (bytes32) {
        // Computed per call (≈ 300 gas) so that it follows the chain id after a fork.
        return
            keccak256(abi.encode(DOMAIN_TYPEHASH, DOMAIN_NAME_HASH, DOMAIN_VERSION_HASH, block.chainid, address(this)));
    }

    /// @inheritdoc IRollup
    function coordinator() external view returns (address) {
        return _coordinator;
    }

    /// @inheritdoc IRollup
    function stakeToken() external view returns (address) {
        return address(_token);
    }

    /// @inheritdoc IRollup
    function ringSize() external view returns (uint256) {
        return _ringSize;
    }

    /*//////////////////////////////////////////////////////////////
                               INTERNALS
    //////////////////////////////////////////////////////////////*/

    /// @dev The VRF draw for a proposal whose operator is `proposer` (already authenticated), then the block.
    function _proposeWithVrf(
        BlockProposal calldata proposal,
        uint256[] calldata txs,
        bytes calldata vrfProof,
        EcVrfHints calldata hints,
        address proposer
    ) internal returns (uint256) {
        (int256 raceTime, bytes32 sigma, bytes32 output) = _vrfRaceTime(proposal, vrfProof, hints);
        return _acceptBlock(proposal, txs, proposer, raceTime, sigma, output, RandomnessSource.Vrf);
    }

    /// @dev The proposal's race time from its VRF proof for `σ(epoch, slot, 1) ‖ "SEQUENCER"`, σ and the output.
    function _vrfRaceTime(
        BlockProposal calldata proposal,
        bytes calldata vrfProof,
        EcVrfHints calldata hints
    ) internal view returns (int256 raceTime, bytes32 sigma, bytes32 output) {
        uint256 epoch;
        (epoch, sigma) = _checkSlot(proposal.header.slot);
        LotteryInputs memory inputs = _eligibleInputs(proposal.pid, epoch, ROLE_SEQUENCER);
        output = _vrfOutput(
            proposal.pid,
            epoch,
            proposal.header.slot,
            inputs.vrfKey,
            _vrfInput(sigma, ROLE_SEQUENCER),
            vrfProof,
            hints
        );
        raceTime = LotteryLib.raceTime(output, _weightOf(inputs, proposal.pid, epoch));
    }

    /// @dev Puts a ranked proposal on the pending chain: a new block for a new slot, or the slot's block replaced
    ///      by a better entry. The header is checked against the tip and the published transactions; declared fees
    ///      are escrowed from `msg.sender` (the operator, or the builder). Cooperative: the race time is divided by
    ///      1 + the header's FEE_SPLIT, and the block's prover seed (σ mixed with the VRF `output`, so different
    ///      proposals lead to different prover selections, seed 001; never the block hash) is kept for the chunk
    ///      provers' tickets.
    // solhint-disable-next-line function-max-lines
    function _acceptBlock(
        BlockProposal calldata proposal,
        uint256[] calldata txs,
        address proposer,
        int256 raceTime,
        bytes32 sigma,
        bytes32 output,
        RandomnessSource source
    ) internal returns (uint256 blockNumber) {
        BlockHeader calldata h = proposal.header;
        _checkBody(h, txs);
        if (_mechanism == ProverMechanism.Cooperative) raceTime = LotteryLib.boostedRaceTime(raceTime, h.feeSplit);
        if (_mechanism == ProverMechanism.OpenRace) {
            // The block pays its transactions' proving at the epoch's base fee out of its escrowed fees.
            uint256 required = uint256(h.txCount) * IOpenRaceCoordinator(_coordinator).rollProvingBaseFee();
            if (h.fees < required) revert Rollup__ProvingFeeShort(h.fees, required);
        }
        _pokeBeacon();
        Chain memory c = _pruneIfDue(_chain);
        uint256 slot = h.slot;
        bytes32 replaced;
        uint32 epochChunks;
        if (c.tipSlot == slot && c.pendingBlock != 0) {
            // The slot already has a block: only a better entry replaces it, on the same parent.
            if (c.pendingBlock == c.provenBlock) revert Rollup__SlotTaken(slot);
            blockNumber = c.pendingBlock;
            _checkParent(h, _record((blockNumber - 1)).headerHash, _tipParentState);
            epochChunks = _epochChunks(blockNumber - 1, c.provenBlock, slot, txs.length);
            BlockRecord storage incumbent = _record(blockNumber);
            replaced = incumbent.pid;
            _requireBeats(proposal.pid, raceTime, sigma, replaced, incumbent.raceTime);
            if (incumbent.fees != 0) _refundFees(incumbent);
        } else {
            blockNumber = uint256(c.pendingBlock) + 1;
            _checkParent(h, _record(c.pendingBlock).headerHash, _tipState);
            epochChunks = _epochChunks(c.pendingBlock, c.provenBlock, slot, txs.length);
            _claimRingEntry(blockNumber, c);
            if (c.pendingBlock == c.provenBlock) c.oldestUnprovenSlot = uint64(slot);
            c.pendingBlock = uint64(blockNumber);
            c.tipSlot = uint64(slot);
            _chain = c;
            _tipParentState = _tipState;
        }
        _tipState = h.newState;
        bytes32 hash = headerHash(h);
        _ring[blockNumber % _ringSize] = BlockRecord({
            headerHash: hash,
            pid: proposal.pid,
            proposer: proposer,
            // ln t of a weight ≥ 1 and u ∈ (2^-64, 1] lies within ±10^21: far inside int96 (SafeCast checks).
            raceTime: SafeCast.toInt96(raceTime),
            slot: uint64(slot),
            blockNumber: uint64(blockNumber),
            fees: h.fees,
            epochChunks: epochChunks
        });
        if (_mechanism == ProverMechanism.Cooperative)
            _proverSeeds[blockNumber % _ringSize] = keccak256(abi.encode(sigma, output));
        if (h.fees != 0) _escrow(h.fees);
        emit BlockProposed(blockNumber, slot, proposal.pid, hash, raceTime, replaced, source);
    }

    /// @dev The header's own fields and the published transactions: FEE_SPLIT, states in the field, the count, each
    ///      transaction in the field, and the DA commitment over them.
    function _checkBody(BlockHeader calldata h, uint256[] calldata txs) internal view {
        // Sidecar: exactly the deployment's FEE_SPLIT. Cooperative: the proposer's, from the deployment's minimum up.
        if (
            _mechanism == ProverMechanism.Cooperative
                ? h.feeSplit < _feeSplit || h.feeSplit > BPS
                : h.feeSplit != _feeSplit
        ) {
            revert Rollup__WrongFeeSplit(h.feeSplit, _feeSplit);
        }
        if (h.newState >= FIELD_MODULUS) revert Rollup__StateNotInField(h.newState);
        uint256 count = txs.length;
        if (count == 0 || count % TXS_PER_CHUNK != 0 || count > _maxTxsPerBlock || count != h.txCount) {
            revert Rollup__BadTxCount(count, h.txCount);
        }
        for (uint256 i = 0; i < count; ++i) {
            if (txs[i] >= FIELD_MODULUS) revert Rollup__TxNotInField(i);
        }
        bytes32 da = keccak256(abi.encodePacked(txs));
        if (da != h.daCommitment) revert Rollup__DaCommitmentMismatch(da, h.daCommitment);
    }

    /// @dev Block `blockNumber`'s entry of the ring (one place reads the ring's size: each use of an immutable
    ///      embeds it in the code, and the rollup is close to the 24 KiB limit).
    function _record(uint256 blockNumber) internal view returns (BlockRecord storage) {
        return _ring[blockNumber % _ringSize];
    }

    /// @dev The unproven chunks of `slot`'s epoch once a block of `txCount` transactions is added on block
    ///      `parent`: the parent's count when it is an unproven block of the same epoch, plus the block's own.
    function _epochChunks(
        uint256 parent,
        uint256 provenBlock,
        uint256 slot,
        uint256 txCount
    ) internal view returns (uint32) {
        uint256 epoch = slot / _epochSlots;
        uint256 chunks = txCount / TXS_PER_CHUNK;
        BlockRecord storage p = _record(parent);
        if (parent > provenBlock && uint256(p.slot) / _epochSlots == epoch) chunks += p.epochChunks;
        if (chunks > _maxEpochChunks) revert Rollup__EpochFull(epoch, chunks, _maxEpochChunks);
        // At most `_maxEpochChunks`, which the constructor bounds by type(uint32).max.
        return uint32(chunks);
    }

    /// @dev The header extends the block with hash `parentHash` and state `parentState`.
    function _checkParent(BlockHeader calldata h, bytes32 parentHash, uint256 parentState) internal pure {
        if (h.parent != parentHash) revert Rollup__WrongParent(h.parent, parentHash);
        if (h.prevState != parentState) revert Rollup__WrongPrevState(h.prevState, parentState);
    }

    /// @dev Frees ring entry `blockNumber % ringSize` for a new block: its occupant must be older than the proven
    ///      tip (proven, fees paid) or pruned (its escrowed fees are refunded now).
    function _claimRingEntry(uint256 blockNumber, Chain memory c) internal {
        BlockRecord storage b = _record(blockNumber);
        uint256 occupant = b.blockNumber;
        if (occupant > c.pendingBlock) {
            if (b.fees != 0) _refundFees(b);
        } else if (occupant >= c.provenBlock && b.headerHash != bytes32(0)) {
            revert Rollup__PendingChainFull(blockNumber);
        }
    }

    /// @dev Drops every unproven block once the oldest one's epoch is past its final deadline. Returns the chain
    ///      as it now stands (written back only when something was pruned).
    function _pruneIfDue(Chain memory c) internal returns (Chain memory) {
        if (c.pendingBlock == c.provenBlock) return c;
        uint256 oldestEpoch = uint256(c.oldestUnprovenSlot) / _epochSlots;
        if (currentSlot() < (oldestEpoch + 1) * _epochSlots + _finalDeadlineSlots) return c;
        uint256 dropped = c.pendingBlock;
        c.pendingBlock = c.provenBlock;
        c.tipSlot = _record(c.provenBlock).slot;
        c.oldestUnprovenSlot = 0;
        _chain = c;
        _tipState = _provenState;
        emit PendingChainPruned(c.provenBlock, dropped, false);
        return c;
    }

    /// @dev Slashes the proposer of invalid block `blockNumber` through the registry: the reporter's share goes
    ///      to the caller, the rest is burned.
    function _slashInvalid(uint256 blockNumber, bytes32 pid) internal {
        uint256 slashed = _slashableStake(pid);
        uint256 reward;
        if (slashed != 0) {
            reward = (slashed * _reporterShare) / BPS;
            uint256 before = _token.balanceOf(address(this));
            registry.slash(pid, slashed, INVALID_BLOCK);
            uint256 received = _token.balanceOf(address(this)) - before;
            if (received != slashed) revert Rollup__TransferShort(slashed, received);
        }
        emit InvalidBlockSlashed(blockNumber, pid, msg.sender, slashed, reward);
        if (reward != 0) _token.safeTransfer(msg.sender, reward);
        if (slashed > reward) _token.safeTransfer(BURN_ADDRESS, slashed - reward);
    }

    /// @dev Counts a proven block's upgrade vote in its slot's round.
    function _countVote(BlockHeader calldata h) internal {
        bytes32 payload = h.upgradeVote;
        if (payload == bytes32(0)) return;
        uint256 round = uint256(h.slot) / _voteRoundSlots;
        uint256 votes = ++_votes[round][payload];
        emit UpgradeVoteCounted(round, payload, votes);
        if (votes == _voteThreshold) emit UpgradePayloadReady(round, payload);
    }

    /// @dev Sends `b`'s escrowed fees back to whoever paid them: the builder of a builder block, else its proposer
    ///      (a plain ERC-20 transfer: the recipient cannot refuse it or run code, so it cannot block the proposal
    ///      that triggers it).
    function _refundFees(BlockRecord storage b) internal {
        uint256 fees = b.fees;
        uint64 number = b.blockNumber;
        address payer = b.proposer;
        FeePayer storage builder = _feePayers[number % _ringSize];
        if (builder.blockNumber == number && builder.payer != address(0)) {
            payer = builder.payer;
            delete _feePayers[number % _ringSize];
        }
        b.fees = 0;
        _totalEscrowedFees -= fees;
        emit FeesRefunded(number, payer, fees);
        _token.safeTransfer(payer, fees);
    }

    /// @dev Escrows `amount` of fees: counted first, then pulled from `msg.sender` (exactly that amount arrives).
    function _escrow(uint256 amount) internal {
        _totalEscrowedFees += amount;
        uint256 before = _token.balanceOf(address(this));
        _token.safeTransferFrom(msg.sender, address(this), amount);
        uint256 received = _token.balanceOf(address(this)) - before;
        if (received != amount) revert Rollup__TransferShort(amount, received);
    }

    /// @dev What the registry lets the rollup slash from `pid`, capped at `invalidBlockSlash`.
    function _slashableStake(bytes32 pid) internal view returns (uint256) {
        NodeInfo memory n = registry.node(pid);
        uint256 total = n.selfStake + n.delegatedStake + n.unbondingDelegatedStake;
        return Math.min(total, _invalidBlockSlash);
    }

    /// @dev The signer of `digest`, or zero for a malformed signature.
    function _recover(bytes32 digest, bytes calldata signature) internal pure returns (address signer) {
        (signer, , ) = ECDSA.tryRecover(digest, signature);
    }

    function _validate(RollupConfig memory cfg) internal view {
        if (address(cfg.proofVerifier).code.length == 0) revert Rollup__InvalidConfig("proofVerifier");
        if (address(cfg.stateTransition).code.length == 0) revert Rollup__InvalidConfig("stateTransition");
        if (cfg.coordinator == address(0)) revert Rollup__InvalidConfig("coordinator");
        if (cfg.genesisState >= FIELD_MODULUS) revert Rollup__InvalidConfig("genesisState");
        if (cfg.feeSplit > BPS) revert Rollup__InvalidConfig("feeSplit");
        if (cfg.reporterShare > BPS) revert Rollup__InvalidConfig("reporterShare");
        if (
            cfg.maxTxsPerBlock == 0 ||
            cfg.maxTxsPerBlock % TXS_PER_CHUNK != 0 ||
            cfg.maxTxsPerBlock > MAX_CHALLENGEABLE_TXS
        ) revert Rollup__InvalidConfig("maxTxsPerBlock");
        if (cfg.voteRoundSlots == 0 || cfg.voteThreshold == 0) revert Rollup__InvalidConfig("votes");
    }
}
