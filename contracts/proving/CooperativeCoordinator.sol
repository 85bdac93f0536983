// SPDX-License-Identifier: MIT
pragma solidity 0.8.28;

import {IERC20} from "@openzeppelin/contracts/token/ERC20/IERC20.sol";
import {SafeERC20} from "@openzeppelin/contracts/token/ERC20/utils/SafeERC20.sol";
import {Math} from "@openzeppelin/contracts/utils/math/Math.sol";
import {ReentrancyGuardTransient} from "@openzeppelin/contracts/utils/ReentrancyGuardTransient.sol";
import {EcVrfHints} from "../interfaces/IEcVrfVerifier.sol";
import {
    CHUNK_VERIFY_GAS,
    ChunkProof,
    IChunkGroth16Verifier,
    IChunkProofVerifier
} from "../interfaces/IChunkProofVerifier.sol";
import {
    ChunkSubmission,
    CooperativeConfig,
    ICooperativeCoordinator,
    KeptProof
} from "../interfaces/ICooperativeCoordinator.sol";
import {INodeRegistry, LotteryInputs} from "../interfaces/INodeRegistry.sol";
import {BlockCommitment, IProofVerifier} from "../interfaces/IProofVerifier.sol";
import {IRewardPool} from "../interfaces/IRewardPool.sol";
import {IRollupCoordinator} from "../interfaces/IRollupCoordinator.sol";
import {BlockHeader, IRollup, ProverMechanism, RollupConfig} from "../interfaces/IRollup.sol";
import {LotteryBase} from "../lottery/LotteryBase.sol";
import {LotteryLib, LotteryParams} from "../lottery/LotteryLib.sol";
import {RewardPool} from "../rollup/RewardPool.sol";

/// @title CooperativeCoordinator
/// @notice Cooperative proving (seed 001) for one `Rollup` (see `ICooperativeCoordinator`): per-chunk VRF tickets,
///         the best three proofs per chunk kept on-chain, finalization with seed 001's rewards and burns, and the
///         open race as backup.
/// @dev Storage is a ring, like the rollup's: block `n`'s records sit at `n % ringSize` (the rollup's ring size, so a
///      place is reused only once the rollup has reused its own, i.e. once block `n` is proven or pruned). Each entry
///      has one block word — the high 192 bits of the block's header hash as its tag, and 2 bits per chunk counting
///      the chunk's kept proofs — and per chunk three places (one word each) and the pinned end state. A block word
///      whose tag is not the block's own (a past lap's block, a pruned or replaced one: another header has another
///      hash) counts nothing, so stale places are never read as kept, and the first proof of the new block takes the
///      entry over. Rewriting a used word costs 5k gas where a fresh one costs 22.1k: once the ring has gone round,
///      a kept submission writes no fresh word. Tokens: the coordinator holds exactly the credited balances (`totalOwed`); inflows are
///      measured by balance difference; every function that moves tokens is `nonReentrant` and updates its
///      accounting before the transfer. Every loop is bounded by the epoch's chunks (the verifier's `maxChunks`).
contract CooperativeCoordinator is LotteryBase, ReentrancyGuardTransient, ICooperativeCoordinator {
    using SafeERC20 for IERC20;

    /// @inheritdoc ICooperativeCoordinator
    uint256 public constant PROOFS_PER_NODE = 3;

    /// @dev Where burned tokens go (OpenZeppelin's ERC-20 refuses transfers to the zero address).
    address internal constant BURN_ADDRESS = 0x000000000000000000000000000000000000dEaD;
    uint256 internal constant BPS = 10_000;
    uint256 internal constant TXS_PER_CHUNK = 16;
    /// @inheritdoc ICooperativeCoordinator
    uint256 public constant MAX_BLOCK_CHUNKS = 32;
    /// @dev A block word's tag bits (the high 192 bits of a header hash) and its count bits (2 per chunk, the low 64).
    uint256 internal constant TAG_MASK = ~uint256(type(uint64).max);
    /// @dev `allocateRing`'s placeholders: a block word whose tag is 1 (no header hash's high 192 bits, but for a
    ///      2^-192 chance), a place held by address 1 and a pin of 1, all counted by no block word.
    uint256 internal constant PLACEHOLDER_BLOCK_WORD = 1 << 64;
    address internal constant PLACEHOLDER_PROVER = address(1);
    /// @dev Epochs of race entries kept per node: submissions of an epoch run until its proving window closes, which is
    ///      before its final deadline, so at most a few epochs are live at once.
    uint256 internal constant RACE_ENTRY_RING = 4;

    /// @dev One chunk's kept proofs and, for every chunk but a block's last, its end state once pinned.
    struct ChunkRecord {
        KeptProof[3] kept;
        uint256 endState;
    }

    /// @dev A node's lottery inputs for one epoch of the chunk race (`enterChunkRace`): 2 words.
    struct RaceEntry {
        /// The epoch plus one (zero: no entry).
        uint48 epochPlusOne;
        /// The compressed VRF key's SEC1 prefix (0x02 or 0x03) and its x-coordinate.
        uint8 vrfKeyPrefix;
        uint200 weight;
        bytes32 vrfKeyX;
    }

    /// @dev What an epoch's settlement moved, for its event.
    struct Settlement {
        uint256 rewards;
        uint256 proverRewards;
        uint256 burned;
    }

    IRollup public immutable rollup;
    IERC20 internal immutable _token;
    IRewardPool internal immutable _pool;
    IProofVerifier internal immutable _verifier;
    IChunkGroth16Verifier internal immutable _chunkVerifier;
    uint256 internal immutable _blockReward;
    uint32 internal immutable _provingWindowSlots;
    uint32 internal immutable _finalDeadlineSlots;
    uint256 internal immutable _ringSize;
    /// @dev The most chunks a block of the rollup has (its `maxTxsPerBlock` / 16).
    uint256 internal immutable _maxBlockChunks;

    /// @dev Per ring index: the tag of the block whose records the entry holds and its chunks' kept counts.
    mapping(uint256 index => uint256) internal _blockWords;
    mapping(uint256 index => mapping(uint256 chunk => ChunkRecord)) internal _chunks;
    /// @dev Per node, its race entries of four epochs (index `epoch % RACE_ENTRY_RING`).
    mapping(bytes32 pid => RaceEntry[RACE_ENTRY_RING]) internal _raceEntries;
    mapping(address account => uint256) internal _owed;
    uint256 internal _totalOwed;

    /// @param registry_ The rollup's node registry.
    /// @param lotteryParams α, β, γ, A_max of the chunk provers' race.
    /// @param commitRevealFallback_ The rollup's flag (chunk tickets are VRF proofs either way; a node committed to
    ///        reveal for an epoch cannot enter its chunks).
    /// @param rollup_ The rollup; it must be a Cooperative deployment naming this contract as its coordinator.
    /// @param cfg The coordinator's parameters.
    constructor(
        INodeRegistry registry_,
        LotteryParams memory lotteryParams,
        bool commitRevealFallback_,
        IRollup rollup_,
        CooperativeConfig memory cfg
    ) LotteryBase(registry_, lotteryParams, commitRevealFallback_) {
        if (address(rollup_).code.length == 0 || rollup_.coordinator() != address(this)) {
            revert CooperativeCoordinator__InvalidConfig("rollup");
        }
        if (address(rollup_.registry()) != address(registry_)) revert CooperativeCoordinator__InvalidConfig("registry");
        RollupConfig memory rc = rollup_.config();
        if (rc.mechanism != ProverMechanism.Cooperative) revert CooperativeCoordinator__InvalidConfig("mechanism");
        // Based blocks, epochs and chunks must be checked against the same circuit.
        if (cfg.proofVerifier != rc.proofVerifier) revert CooperativeCoordinator__InvalidConfig("proofVerifier");
        // Finalization or the open race needs at least one slot between the window's close and the final deadline.
        if (cfg.provingWindowSlots == 0 || cfg.provingWindowSlots >= rc.finalDeadlineSlots) {
            revert CooperativeCoordinator__InvalidConfig("provingWindowSlots");
        }
        // A block word counts kept proofs for at most MAX_BLOCK_CHUNKS chunks (the rollup's own bound, 256
        // transactions, is below it; checked here so that the word's layout never depends on it).
        if (rc.maxTxsPerBlock > MAX_BLOCK_CHUNKS * TXS_PER_CHUNK) {
            revert CooperativeCoordinator__InvalidConfig("maxTxsPerBlock");
        }
        rollup = rollup_;
        _token = IERC20(rollup_.stakeToken());
        _pool = IRewardPool(address(new RewardPool(_token)));
        _verifier = cfg.proofVerifier;
        _chunkVerifier = IChunkProofVerifier(address(cfg.proofVerifier)).chunkVerifier();
        if (address(_chunkVerifier).code.length == 0) revert CooperativeCoordinator__InvalidConfig("chunkVerifier");
        _blockReward = cfg.blockReward;
        _provingWindowSlots = cfg.provingWindowSlots;
        _finalDeadlineSlots = rc.finalDeadlineSlots;
        _ringSize = rollup_.ringSize();
        _maxBlockChunks = rc.maxTxsPerBlock / TXS_PER_CHUNK;
    }

    /// @inheritdoc ICooperativeCoordinator
    function allocateRing(uint256 fromIndex, uint256 count) external {
        if (count == 0 || fromIndex >= _ringSize || count > _ringSize - fromIndex) {
            revert CooperativeCoordinator__InvalidRingRange(fromIndex, count, _ringSize);
        }
        // Bounded: at most ringSize entries of (1 + 4 · maxBlockChunks) words, and the caller picks the range.
        for (uint256 i = fromIndex; i < fromIndex + count; ++i) {
            if (_blockWords[i] == 0) _blockWords[i] = PLACEHOLDER_BLOCK_WORD;
            for (uint256 k = 0; k < _maxBlockChunks; ++k) {
                ChunkRecord storage r = _chunks[i][k];
                for (uint256 p = 0; p < PROOFS_PER_NODE; ++p) {
                    if (r.kept[p].prover == address(0)) r.kept[p] = KeptProof(PLACEHOLDER_PROVER, 0, 0);
                }
                if (r.endState == 0) r.endState = 1;
            }
        }
        emit RingAllocated(fromIndex, count);
    }

    /*//////////////////////////////////////////////////////////////
                              CHUNK PROOFS
    //////////////////////////////////////////////////////////////*/

    /// @inheritdoc ICooperativeCoordinator
    function enterChunkRace(bytes32 salt, uint256 epoch) external returns (uint256 weight) {
        _pokeBeacon();
        bytes32 pid = keccak256(abi.encode(msg.sender, salt));
        // The registry answers only once the epoch's inputs are fixed, and they never change after: the entry is
        // exactly what each submission would read.
        LotteryInputs memory inputs = _eligibleInputs(pid, epoch, ROLE_PROVER);
        weight = _weightOf(inputs, pid, epoch);
        if (weight > type(uint200).max) revert CooperativeCoordinator__WeightTooLarge(pid, weight);
        bytes memory key = inputs.vrfKey;
        bytes32 x;
        // Safe: a registered node's key is 33 bytes (VrfKeyLib.compressed: prefix ‖ x); this reads bytes 1..32.
        assembly ("memory-safe") {
            x := mload(add(key, 33))
        }
        _raceEntries[pid][epoch % RACE_ENTRY_RING] = RaceEntry(uint48(epoch + 1), uint8(key[0]), uint200(weight), x);
        emit ChunkRaceEntered(epoch, pid, msg.sender, weight);
    }

    /// @inheritdoc ICooperativeCoordinator
    function submitChunkProof(
        ChunkSubmission calldata s,
        bytes calldata vrfProof,
        EcVrfHints calldata hints
    ) external returns (int256 score) {
        // The sender's node: only its operator can name it (the registry's pid rule).
        bytes32 pid = keccak256(abi.encode(msg.sender, s.salt));
        if (s.feeBurn > BPS) revert CooperativeCoordinator__FeeBurnOutOfRange(s.feeBurn);
        bytes32 hash = keccak256(abi.encode(s.header));
        (bytes32 stored, bytes32 blockSeed) = rollup.blockProverSeed(s.blockNumber);
        if (stored != hash || hash == bytes32(0)) revert CooperativeCoordinator__UnknownBlock(s.blockNumber, hash);
        uint256 epoch = _checkProvingWindow(s.blockNumber, s.header.slot);
        // No beacon poke here, unlike every other entry point: chunk submissions are the hot path (each must stay
        // within its gas budget), and the proposals, finalizations and claims of the same epochs poke it.
        uint256 index = s.blockNumber % _ringSize;
        uint256 word = _blockWords[index];
        // Another block's entry (a past lap's, a pruned or replaced block's): this block starts with no kept proof.
        if (word & TAG_MASK != uint256(hash) & TAG_MASK) word = uint256(hash) & TAG_MASK;
        ChunkRecord storage record = _chunks[index][s.chunk];
        _checkStatement(s, index, word);
        uint256 count = _keptCount(word, s.chunk);
        {
            uint256 bound = s.proof.publicSignals[3];
            if (bound != uint256(uint160(msg.sender))) {
                revert CooperativeCoordinator__ProofNotBoundToSender(bound, msg.sender);
            }
        }
        bytes32 seed = keccak256(abi.encode(blockSeed, s.chunk));
        score = _ticket(s, pid, epoch, seed, vrfProof, hints);
        uint256 place = _place(record, count, s, score, seed);
        // The statement and the ticket are settled; the pairing check is the costly part, so it comes last.
        _verifyChunk(s.proof);

        // A free place holds a past lap's proof, if any: nothing is replaced.
        address replaced = place < count ? record.kept[place].prover : address(0);
        // |score| ≤ ~10^21 < 2^79 (see LotteryLib); the instant-win sentinel maps to int80's minimum, still the best.
        record.kept[place] = KeptProof(msg.sender, _toInt80(score), s.feeBurn);
        if (count == 0) record.endState = s.proof.publicSignals[1];
        if (place == count) {
            // count < PROOFS_PER_NODE = 3 here, so the chunk's 2-bit counter does not carry into the next chunk's.
            _blockWords[index] = word + (1 << (2 * s.chunk));
        }
        emit ChunkProofKept(epoch, hash, s.chunk, msg.sender, score, s.feeBurn, replaced);
    }

    /*//////////////////////////////////////////////////////////////
                              SETTLEMENT
    //////////////////////////////////////////////////////////////*/

    /// @inheritdoc ICooperativeCoordinator
    function finalizeEpoch(uint256 epoch, BlockHeader[] calldata headers) external nonReentrant {
        _requireWindowClosed(epoch);
        uint256 count = headers.length;
        if (count == 0) revert CooperativeCoordinator__NoHeaders();
        _pokeBeacon();
        // The rollup checks the headers against its chain first, which gives their block numbers (a revert below
        // undoes it and the fees' transfer).
        (address[] memory proposers, uint256 fees, uint256 firstBlock) = _markProven(epoch, headers);
        bytes32[] memory hashes = new bytes32[](count);
        for (uint256 i = 0; i < count; ++i) {
            hashes[i] = keccak256(abi.encode(headers[i]));
            (bool held, uint256 k) = _chunksHeld(firstBlock + i, hashes[i], headers[i].txCount / TXS_PER_CHUNK);
            if (!held) revert CooperativeCoordinator__ChunkUnproven(i, k);
        }
        uint256[] memory values = _blockValues(headers, fees, count);
        Settlement memory st;
        for (uint256 i = 0; i < count; ++i) {
            uint256 network = (values[i] * headers[i].feeSplit) / BPS;
            st.rewards += values[i];
            _creditProposer(epoch, proposers[i], values[i] - network);
            (uint256 paid, uint256 burned) = _payChunkProvers(epoch, firstBlock + i, headers[i], network);
            st.proverRewards += paid;
            st.burned += burned;
        }
        emit EpochFinalized(
            epoch,
            firstBlock,
            firstBlock + count - 1,
            headers[count - 1].newState,
            st.rewards,
            st.proverRewards,
            st.burned
        );
        if (st.burned != 0) _token.safeTransfer(BURN_ADDRESS, st.burned);
    }

    /// @inheritdoc ICooperativeCoordinator
    function submitEpochProof(
        uint256 epoch,
        BlockHeader[] calldata headers,
        bytes calldata proof
    ) external nonReentrant {
        _requireWindowClosed(epoch);
        uint256 count = headers.length;
        if (count == 0) revert CooperativeCoordinator__NoHeaders();
        _pokeBeacon();
        (address[] memory proposers, uint256 fees, uint256 firstBlock) = _markProven(epoch, headers);
        if (_allChunksHeld(headers, firstBlock)) revert CooperativeCoordinator__EpochFinalizable(epoch);
        BlockCommitment[] memory blocks = new BlockCommitment[](count);
        for (uint256 i = 0; i < count; ++i) {
            blocks[i] = BlockCommitment(headers[i].prevState, headers[i].newState, headers[i].txsCommitment);
        }
        // The beneficiary is the address the proof is bound to, never `msg.sender` (a relay or a copier).
        address beneficiary = _verifier.verifyEpochProof(
            headers[0].prevState,
            headers[count - 1].newState,
            blocks,
            proof
        );
        uint256[] memory values = _blockValues(headers, fees, count);
        uint256 rewards;
        uint256 networkReward;
        for (uint256 i = 0; i < count; ++i) {
            uint256 network = (values[i] * headers[i].feeSplit) / BPS;
            rewards += values[i];
            networkReward += network;
            _creditProposer(epoch, proposers[i], values[i] - network);
        }
        if (networkReward != 0) _credit(beneficiary, networkReward);
        emit EpochProvenInRace(
            epoch,
            firstBlock,
            firstBlock + count - 1,
            headers[count - 1].newState,
            beneficiary,
            rewards,
            networkReward
        );
    }

    /// @inheritdoc ICooperativeCoordinator
    function withdrawRewards(address to) external nonReentrant returns (uint256 amount) {
        if (to == address(0)) revert CooperativeCoordinator__ZeroAddress();
        amount = _owed[msg.sender];
        if (amount == 0) revert CooperativeCoordinator__NoRewards(msg.sender);
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
        if (msg.sender != address(rollup)) revert CooperativeCoordinator__NotRollup(msg.sender);
        reward = _release(_blockReward);
        if (reward != 0) _credit(submitter, reward);
        emit BasedBlockRewarded(submitter, reward);
    }

    /// @inheritdoc IRollupCoordinator
    /// @dev Nothing is bonded or claimed here: the dropped block's records are tagged with its header hash, so the
    ///      block that next takes its number (another header) finds them empty.
    function voidClaim(uint256) external view {
        if (msg.sender != address(rollup)) revert CooperativeCoordinator__NotRollup(msg.sender);
    }

    /*//////////////////////////////////////////////////////////////
                                 VIEWS
    //////////////////////////////////////////////////////////////*/

    /// @inheritdoc ICooperativeCoordinator
    function config() external view returns (CooperativeConfig memory cfg) {
        cfg.proofVerifier = _verifier;
        cfg.blockReward = _blockReward;
        cfg.provingWindowSlots = _provingWindowSlots;
    }

    /// @inheritdoc ICooperativeCoordinator
    function epochWindows(uint256 epoch) external view returns (uint256 provingCloses, uint256 finalDeadline) {
        uint256 end = (epoch + 1) * _epochSlots;
        return (end + _provingWindowSlots, end + _finalDeadlineSlots);
    }

    /// @inheritdoc ICooperativeCoordinator
    function chunkSeed(uint256 blockNumber, uint256 chunk) external view returns (bytes32) {
        if (rollup.blockRecord(blockNumber).headerHash == bytes32(0)) return bytes32(0);
        (, bytes32 blockSeed) = rollup.blockProverSeed(blockNumber);
        return keccak256(abi.encode(blockSeed, chunk));
    }

    /// @inheritdoc ICooperativeCoordinator
    function ringSize() external view returns (uint256) {
        return _ringSize;
    }

    /// @inheritdoc ICooperativeCoordinator
    function chunkRaceEntry(bytes32 pid, uint256 epoch) external view returns (bool entered, uint256 weight) {
        RaceEntry storage entry = _raceEntries[pid][epoch % RACE_ENTRY_RING];
        if (entry.epochPlusOne != epoch + 1) return (false, 0);
        return (true, entry.weight);
    }

    /// @inheritdoc ICooperativeCoordinator
    function keptProofs(
        uint256 blockNumber,
        bytes32 headerHash,
        uint256 chunk
    ) external view returns (KeptProof[3] memory kept, uint256 endState) {
        uint256 index = blockNumber % _ringSize;
        uint256 word = _blockWords[index];
        if (chunk >= MAX_BLOCK_CHUNKS || word & TAG_MASK != uint256(headerHash) & TAG_MASK) return (kept, 0);
        // A pruned block's records stay until the block taking its number gets a proof: only the rollup's block counts.
        if (rollup.blockRecord(blockNumber).headerHash != headerHash) return (kept, 0);
        ChunkRecord storage r = _chunks[index][chunk];
        uint256 count = _keptCount(word, chunk);
        for (uint256 i = 0; i < count; ++i) kept[i] = r.kept[i];
        if (count != 0) endState = r.endState;
    }

    /// @inheritdoc ICooperativeCoordinator
    function proverReward(
        uint256 networkReward,
        uint256 chunks,
        uint256 feeBurn
    ) public pure returns (uint256 reward, uint256 burned) {
        if (feeBurn > BPS) revert CooperativeCoordinator__FeeBurnOutOfRange(feeBurn);
        // One place's full share, then the prover's part of it: both rounded down, so Σ rewards ≤ networkReward.
        uint256 share = networkReward / (chunks * PROOFS_PER_NODE);
        reward = Math.mulDiv(share, BPS - feeBurn, BPS);
        burned = share - reward;
    }

    /// @inheritdoc ICooperativeCoordinator
    function rewardsOf(address account) external view returns (uint256) {
        return _owed[account];
    }

    /// @inheritdoc ICooperativeCoordinator
    function totalOwed() external view returns (uint256) {
        return _totalOwed;
    }

    /// @inheritdoc ICooperativeCoordinator
    function rewardPool() external view returns (address) {
        return address(_pool);
    }

    /*//////////////////////////////////////////////////////////////
                               INTERNALS
    //////////////////////////////////////////////////////////////*/

    /// @dev Chunk proofs of block `blockNumber` (in `slot`) are taken from the slot after it until the epoch's
    ///      proving window closes; returns the epoch.
    function _checkProvingWindow(uint256 blockNumber, uint256 slot) internal view returns (uint256 epoch) {
        uint256 current = currentSlot();
        if (current <= slot) revert CooperativeCoordinator__ProvingNotOpen(blockNumber, current, slot + 1);
        epoch = slot / _epochSlots;
        uint256 closes = (epoch + 1) * _epochSlots + _provingWindowSlots;
        if (current >= closes) revert CooperativeCoordinator__ProvingWindowClosed(epoch, current, closes);
    }

    /// @dev Reverts while epoch `epoch`'s proving window is open.
    function _requireWindowClosed(uint256 epoch) internal view {
        uint256 closes = (epoch + 1) * _epochSlots + _provingWindowSlots;
        uint256 current = currentSlot();
        if (current < closes) revert CooperativeCoordinator__ProvingWindowOpen(epoch, current, closes);
    }

    /// @dev Checks the proof's statement against the chain: the chunk commitments are the header's, the proof
    ///      carries its chunk's, starts where the chunk must start (the header's state, or the pinned end of the
    ///      previous chunk) and, for the block's last chunk, ends at the header's state. `word` is the block's word (this
    ///      block's tag).
    function _checkStatement(ChunkSubmission calldata s, uint256 index, uint256 word) internal view {
        uint256 chunks = uint256(s.header.txCount) / TXS_PER_CHUNK;
        uint256[] calldata commitments = s.chunkCommitments;
        if (commitments.length != chunks || keccak256(abi.encodePacked(commitments)) != s.header.txsCommitment) {
            revert CooperativeCoordinator__ChunkCommitmentsMismatch(commitments.length, chunks);
        }
        uint256 k = s.chunk;
        if (k >= chunks) revert CooperativeCoordinator__ChunkOutOfRange(k, chunks);
        uint256[4] calldata signals = s.proof.publicSignals;
        uint256 start = s.header.prevState;
        if (k != 0) {
            if (_keptCount(word, k - 1) == 0) revert CooperativeCoordinator__PreviousChunkUnproven(k);
            start = _chunks[index][k - 1].endState;
        }
        if (signals[0] != start) revert CooperativeCoordinator__WrongStatement(k, 0, start, signals[0]);
        // The last chunk ends at the header's state. A middle chunk's end is not checked: its start and its
        // transactions (their Poseidon commitment) are pinned, and the circuit's end state is a function of the two
        // (newState = PoseidonFold(prevState, txs)), so every sound proof of the chunk ends in the same state, which
        // its first kept proof pins for the next chunk (and reading the pin again would cost every later proof 2.1k).
        if (k == chunks - 1 && signals[1] != s.header.newState) {
            revert CooperativeCoordinator__WrongStatement(k, 1, s.header.newState, signals[1]);
        }
        if (signals[2] != commitments[k])
            revert CooperativeCoordinator__WrongStatement(k, 2, commitments[k], signals[2]);
    }

    /// @dev The ticket: node `pid`'s VRF output over `seed ‖ "CHUNK"`, its race time with the node's weight in the
    ///      epoch, boosted by FEE_BURN: the score.
    function _ticket(
        ChunkSubmission calldata s,
        bytes32 pid,
        uint256 epoch,
        bytes32 seed,
        bytes calldata vrfProof,
        EcVrfHints calldata hints
    ) internal view returns (int256 score) {
        (uint256 weight, bytes memory vrfKey) = _raceInputs(pid, epoch);
        bytes32 output = _vrfOutput(
            pid,
            epoch,
            s.header.slot,
            vrfKey,
            abi.encodePacked(seed, "CHUNK"),
            vrfProof,
            hints
        );
        score = LotteryLib.boostedRaceTime(LotteryLib.raceTime(output, weight), s.feeBurn);
    }

    /// @dev Node `pid`'s weight and VRF key in `epoch`: its race entry if it entered, else the registry's (checked).
    function _raceInputs(bytes32 pid, uint256 epoch) internal view returns (uint256 weight, bytes memory vrfKey) {
        RaceEntry storage entry = _raceEntries[pid][epoch % RACE_ENTRY_RING];
        if (entry.epochPlusOne == epoch + 1) return (entry.weight, abi.encodePacked(entry.vrfKeyPrefix, entry.vrfKeyX));
        LotteryInputs memory inputs = _eligibleInputs(pid, epoch, ROLE_PROVER);
        return (_weightOf(inputs, pid, epoch), inputs.vrfKey);
    }

    /// @dev The place the proof takes among the chunk's `count` kept ones: the first free one, else the worst kept
    ///      one if the proof beats it. Reverts if the sender already holds a place, or the proof beats none.
    function _place(
        ChunkRecord storage record,
        uint256 count,
        ChunkSubmission calldata s,
        int256 score,
        bytes32 seed
    ) internal view returns (uint256) {
        uint256 worst;
        KeptProof memory worstKept;
        for (uint256 i = 0; i < count; ++i) {
            KeptProof memory kept = record.kept[i];
            if (kept.prover == msg.sender) {
                revert CooperativeCoordinator__DuplicateProver(s.blockNumber, s.chunk, msg.sender);
            }
            if (i == 0 || _beats(worstKept.score, worstKept.prover, kept.score, kept.prover, seed)) {
                (worst, worstKept) = (i, kept);
            }
        }
        if (count < PROOFS_PER_NODE) return count;
        if (!_beats(score, msg.sender, worstKept.score, worstKept.prover, seed)) {
            revert CooperativeCoordinator__NotKept(score, worstKept.score);
        }
        return worst;
    }

    /// @dev Whether prover `a`'s score ranks ahead of prover `b`'s: `LotteryLib.beats` (the lower score; equal ones by
    ///      the provers' tie-breaks over the chunk seed), with the tie-breaks hashed only for equal scores.
    function _beats(int256 scoreA, address a, int256 scoreB, address b, bytes32 seed) internal pure returns (bool) {
        if (scoreA != scoreB) return scoreA < scoreB;
        return
            LotteryLib.tieBreak(bytes32(uint256(uint160(a))), seed) <
            LotteryLib.tieBreak(bytes32(uint256(uint160(b))), seed);
    }

    /// @dev The Groth16 check of one chunk proof, called on the circuit's verifier directly (its statement and binding
    ///      are checked by the caller). Enough gas is checked first: the generated verifier answers `false`, not a
    ///      revert, when a precompile runs out of gas, and that must never read as an invalid proof.
    function _verifyChunk(ChunkProof calldata p) internal view {
        if (gasleft() < CHUNK_VERIFY_GAS) revert CooperativeCoordinator__InsufficientGas(gasleft());
        if (!_chunkVerifier.verifyProof(p.a, p.b, p.c, p.publicSignals)) {
            revert CooperativeCoordinator__InvalidChunkProof();
        }
    }

    /// @dev Whether every chunk of every header (block `firstBlock` onwards) holds a kept proof.
    function _allChunksHeld(BlockHeader[] calldata headers, uint256 firstBlock) internal view returns (bool) {
        for (uint256 i = 0; i < headers.length; ++i) {
            bytes32 hash = keccak256(abi.encode(headers[i]));
            (bool held, ) = _chunksHeld(firstBlock + i, hash, headers[i].txCount / TXS_PER_CHUNK);
            if (!held) return false;
        }
        return true;
    }

    /// @dev Whether each of the `chunks` chunks of block `blockNumber` (header hash `hash`) holds a kept proof; if
    ///      not, the first that does not.
    function _chunksHeld(uint256 blockNumber, bytes32 hash, uint256 chunks) internal view returns (bool, uint256) {
        uint256 word = _blockWords[blockNumber % _ringSize];
        if (word & TAG_MASK != uint256(hash) & TAG_MASK) return (false, 0);
        for (uint256 k = 0; k < chunks; ++k) {
            if (_keptCount(word, k) == 0) return (false, k);
        }
        return (true, 0);
    }

    /// @dev Chunk `chunk`'s kept proofs in block word `word` (chunk < MAX_BLOCK_CHUNKS: the rollup's maxTxsPerBlock).
    function _keptCount(uint256 word, uint256 chunk) internal pure returns (uint256) {
        return (word >> (2 * chunk)) & 3;
    }

    /// @dev Has the rollup check the headers against its chain (all of the epoch's blocks from the first unproven
    ///      one), mark them proven and hand over their escrowed fees, which must arrive in full.
    function _markProven(
        uint256 epoch,
        BlockHeader[] calldata headers
    ) internal returns (address[] memory proposers, uint256 fees, uint256 firstBlock) {
        uint256 before = _token.balanceOf(address(this));
        (proposers, fees, firstBlock) = rollup.markProven(epoch, headers);
        uint256 received = _token.balanceOf(address(this)) - before;
        if (received != fees) revert CooperativeCoordinator__TransferShort(fees, received);
    }

    /// @dev Each block's value: its fees plus its share of the block rewards the pool releases (the remainder of an
    ///      uneven release goes to the first block, so the values add up to everything that came in).
    function _blockValues(
        BlockHeader[] calldata headers,
        uint256 fees,
        uint256 count
    ) internal returns (uint256[] memory values) {
        uint256 released = _release(_blockReward * count);
        uint256 each = released / count;
        values = new uint256[](count);
        uint256 sum;
        for (uint256 i = 0; i < count; ++i) {
            values[i] = headers[i].fees + each;
            sum += values[i];
        }
        // Σ fees == `fees` (the rollup escrowed exactly the headers' fees), so this adds released % count.
        values[0] += fees + released - sum;
    }

    /// @dev Credits each kept proof of the block's chunks its reward; returns what was paid and what was burned (the
    ///      FEE_BURN parts, the shares of empty places and the rounding dust of the block's network reward).
    function _payChunkProvers(
        uint256 epoch,
        uint256 blockNumber,
        BlockHeader calldata header,
        uint256 network
    ) internal returns (uint256 paid, uint256 burned) {
        uint256 chunks = header.txCount / TXS_PER_CHUNK;
        uint256 index = blockNumber % _ringSize;
        // The block's tag was checked by the caller (`_chunksHeld`).
        uint256 word = _blockWords[index];
        for (uint256 k = 0; k < chunks; ++k) {
            ChunkRecord storage record = _chunks[index][k];
            uint256 count = _keptCount(word, k);
            for (uint256 i = 0; i < count; ++i) {
                KeptProof memory kept = record.kept[i];
                (uint256 reward, uint256 burnedPart) = proverReward(network, chunks, kept.feeBurn);
                if (reward != 0) _credit(kept.prover, reward);
                paid += reward;
                emit ChunkProverRewarded(epoch, blockNumber, k, kept.prover, reward, burnedPart);
            }
        }
        burned = network - paid;
    }

    function _creditProposer(uint256 epoch, address proposer, uint256 amount) internal {
        if (amount == 0) return;
        _credit(proposer, amount);
        emit ProposerRewarded(epoch, proposer, amount);
    }

    /// @dev Draws up to `amount` from the reward pool; exactly what it reports must arrive.
    function _release(uint256 amount) internal returns (uint256 released) {
        uint256 before = _token.balanceOf(address(this));
        released = _pool.release(amount);
        uint256 received = _token.balanceOf(address(this)) - before;
        if (received != released) revert CooperativeCoordinator__TransferShort(released, received);
    }

    function _credit(address account, uint256 amount) internal {
        _owed[account] += amount;
        _totalOwed += amount;
    }

    /// @dev A race time as int80: every finite race time is within ±10^21 (LotteryLib), far inside int80's ±6·10^23;
    ///      the instant-win sentinel (int256's minimum) becomes int80's minimum, which still beats every other.
    function _toInt80(int256 score) internal pure returns (int80) {
        if (score < type(int80).min) return type(int80).min;
        if (score > type(int80).max) return type(int80).max;
        return int80(score);
    }
}
