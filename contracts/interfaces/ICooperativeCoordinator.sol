// SPDX-License-Identifier: MIT
pragma solidity 0.8.28;

import {EcVrfHints} from "./IEcVrfVerifier.sol";
import {ChunkProof} from "./IChunkProofVerifier.sol";
import {ILotteryBase} from "./ILotteryBase.sol";
import {IProofVerifier} from "./IProofVerifier.sol";
import {BlockHeader, IRollup} from "./IRollup.sol";
import {IRollupCoordinator} from "./IRollupCoordinator.sol";

/// @notice The Cooperative coordinator's parameters.
struct CooperativeConfig {
    /// @notice Verifies epoch proofs (the open-race fallback); as an `IChunkProofVerifier` it names the chunk
    ///         circuit's verifier, which checks single chunk proofs.
    IProofVerifier proofVerifier;
    /// @notice Reward per proven block, paid from the `RewardPool` while it lasts; split by the block's FEE_SPLIT
    ///         like its fees.
    uint256 blockReward;
    /// @notice Chunk proofs of epoch e are taken until slot `(e+1)·epochSlots + provingWindowSlots`; then the epoch
    ///         finalizes (every chunk holds a proof) or falls back to the open race until the final deadline.
    uint32 provingWindowSlots;
}

/// @notice A chunk proof kept on-chain (1 word).
struct KeptProof {
    /// @notice The prover: the operator of the ticket's node, and the address the proof is bound to (zero: empty).
    address prover;
    /// @notice The ticket's race time boosted by `feeBurn` (ln t − ln(1 + feeBurn), 18 decimals): lower is better.
    int80 score;
    /// @notice FEE_BURN in basis points: the share of its reward the prover gives up (burned).
    uint16 feeBurn;
}

/// @notice One chunk proof submission.
struct ChunkSubmission {
    /// @notice The block's number on the pending chain: where the rollup's ring holds it (the header pins the block).
    uint256 blockNumber;
    /// @notice The block's header (checked against the rollup's stored hash).
    BlockHeader header;
    /// @notice The Poseidon txs commitments of the block's chunks, in order (they hash to `header.txsCommitment`).
    uint256[] chunkCommitments;
    /// @notice The chunk's index in the block.
    uint256 chunk;
    /// @notice The salt the prover's node was registered with: the node is `keccak256(abi.encode(msg.sender, salt))`,
    ///         so only its operator can enter it (a pid is not sent: it follows from the sender and the salt).
    bytes32 salt;
    /// @notice FEE_BURN in basis points (0–10,000): boosts the ticket, burns that share of the reward.
    uint16 feeBurn;
    /// @notice The chunk's Groth16 proof, bound to `msg.sender`.
    ChunkProof proof;
}

/// @title ICooperativeCoordinator
/// @notice Cooperative proving (seed 001, DESIGN §9) for one `Rollup` deployed with `ProverMechanism.Cooperative`.
///         For chunk k of block b, a staked prover's ticket is its VRF proof over
///         `chunkSeed = keccak256(abi.encode(blockSeed, k))` ‖ "CHUNK", where `blockSeed` (the rollup's
///         `blockProverSeed`) mixes the slot's seed σ, drawn from the epoch's beacon seed, with the block proposer's
///         VRF output, so that different proposals lead to different prover selections (never the block hash). The
///         ticket is ranked by the age-weighted race and boosted by its FEE_BURN. The best
///         `PROOFS_PER_NODE = 3` proofs per chunk are kept as they arrive (a better one replaces the worst; one per
///         prover). After the proving window the epoch finalizes when every chunk holds a proof; otherwise it falls
///         back to the open race and, past the final deadline, the rollup's pruning.
///         Seed 001's proof tree is adapted to our flat one: the "nodes" of a block are its chunks (each a leaf
///         under the rollup's on-chain bundle check, no recursive merge proofs), so `NUM_NODES` is the block's chunk
///         count. Seed 001's competing roots reduce to the kept set: a chunk's statement is pinned before its proof
///         is taken (chunk 0 starts at the header's state, chunk k at chunk k−1's end, the last one ends at the
///         header's; each carries the commitment the header commits to), so every valid proof of a chunk proves the
///         same statement, and the only freedom left — which proofs a root includes — is settled on-chain by keeping
///         the best three: the kept set is the heaviest root by construction.
///         Rewards per block: `network = (fees + blockReward) × FEE_SPLIT`; each kept proof i earns
///         `network × (1 − FEE_BURN(i)) / (chunks × PROOFS_PER_NODE)`; the FEE_BURN parts and the shares of missing
///         proofs are burned; the proposer is credited the rest of the block's value.
/// @dev Credits are withdrawn with `withdrawRewards`; the coordinator's token balance always equals `totalOwed()`.
interface ICooperativeCoordinator is ILotteryBase, IRollupCoordinator {
    // ------------------------------------------------------------------ errors

    /// @notice A deployment parameter is out of range (`what` names it).
    error CooperativeCoordinator__InvalidConfig(string what);
    /// @notice Only the rollup may do this.
    error CooperativeCoordinator__NotRollup(address caller);
    /// @notice Fewer tokens than declared arrived (fee-on-transfer tokens are not supported).
    error CooperativeCoordinator__TransferShort(uint256 expected, uint256 received);
    /// @notice FEE_BURN above 10,000 basis points.
    error CooperativeCoordinator__FeeBurnOutOfRange(uint256 feeBurn);
    /// @notice The header is not block `blockNumber` of the pending chain (unknown, replaced, pruned or dropped).
    error CooperativeCoordinator__UnknownBlock(uint256 blockNumber, bytes32 headerHash);
    /// @notice Chunk proofs for a block are taken once its slot is over (`opensAt`).
    error CooperativeCoordinator__ProvingNotOpen(uint256 blockNumber, uint256 currentSlot, uint256 opensAt);
    /// @notice Epoch `epoch`'s proving window closed at slot `closesAt`.
    error CooperativeCoordinator__ProvingWindowClosed(uint256 epoch, uint256 currentSlot, uint256 closesAt);
    /// @notice Epoch `epoch`'s proving window is open until slot `closesAt`: it cannot be finalized or raced yet.
    error CooperativeCoordinator__ProvingWindowOpen(uint256 epoch, uint256 currentSlot, uint256 closesAt);
    /// @notice The chunk commitments are not the block's (`given` of them, the header has `expected` chunks, or
    ///         they do not hash to its txs commitment).
    error CooperativeCoordinator__ChunkCommitmentsMismatch(uint256 given, uint256 expected);
    /// @notice The chunk index is not one of the block's chunks.
    error CooperativeCoordinator__ChunkOutOfRange(uint256 chunk, uint256 chunks);
    /// @notice Chunk `chunk`'s proof is for another statement (`which`: 0 start state, 1 end state, 2 commitment).
    error CooperativeCoordinator__WrongStatement(uint256 chunk, uint256 which, uint256 expected, uint256 given);
    /// @notice Chunk `chunk − 1` holds no proof yet: chunk `chunk`'s start state is not pinned.
    error CooperativeCoordinator__PreviousChunkUnproven(uint256 chunk);
    /// @notice The chunk's Groth16 proof does not verify for its public signals.
    error CooperativeCoordinator__InvalidChunkProof();
    /// @notice Less gas left than one chunk's Groth16 check needs (`CHUNK_VERIFY_GAS`): send more gas.
    error CooperativeCoordinator__InsufficientGas(uint256 gasLeft);
    /// @notice The proof is bound to `bound`, not to the sender: a prover submits its own proof.
    error CooperativeCoordinator__ProofNotBoundToSender(uint256 bound, address sender);
    /// @notice `prover` already holds one of the chunk's kept proofs.
    error CooperativeCoordinator__DuplicateProver(uint256 blockNumber, uint256 chunk, address prover);
    /// @notice The chunk holds three proofs, all better than this one (score `score`, worst kept `worstScore`).
    error CooperativeCoordinator__NotKept(int256 score, int256 worstScore);
    /// @notice Chunk `chunk` of header `blockIndex` holds no proof: the epoch cannot finalize (the open race can
    ///         prove it).
    error CooperativeCoordinator__ChunkUnproven(uint256 blockIndex, uint256 chunk);
    /// @notice Every chunk of the epoch holds a proof: it finalizes with `finalizeEpoch`, not in the open race.
    error CooperativeCoordinator__EpochFinalizable(uint256 epoch);
    /// @notice An epoch needs at least one header.
    error CooperativeCoordinator__NoHeaders();
    /// @notice Nothing to withdraw.
    error CooperativeCoordinator__NoRewards(address account);
    /// @notice `allocateRing` over entries `[fromIndex, fromIndex + count)`: empty, or past the ring's `ringSize`.
    error CooperativeCoordinator__InvalidRingRange(uint256 fromIndex, uint256 count, uint256 ringSize);
    /// @notice The node's weight does not fit an entry (`enterChunkRace`); its tickets still count, read from the
    ///         registry on each submission.
    error CooperativeCoordinator__WeightTooLarge(bytes32 pid, uint256 weight);
    /// @notice Zero address.
    error CooperativeCoordinator__ZeroAddress();

    // ------------------------------------------------------------------ events

    /// @notice `prover` now holds a kept proof of chunk `chunk` of the block with header hash `headerHash` (see
    ///         `keptProofs`), with `score` and `feeBurn`, replacing `replaced`'s (zero if a place was free). The
    ///         rollup's `BlockProposed` event maps the hash to the block's number.
    /// @notice Node `pid` (operated by `operator`) entered epoch `epoch`'s chunk race with `weight`: its lottery
    ///         inputs for the epoch are kept (`enterChunkRace`).
    /// @notice Ring entries `[fromIndex, fromIndex + count)` were allocated (`allocateRing`).
    event RingAllocated(uint256 fromIndex, uint256 count);
    event ChunkRaceEntered(uint256 indexed epoch, bytes32 indexed pid, address indexed operator, uint256 weight);
    event ChunkProofKept(
        uint256 indexed epoch,
        bytes32 indexed headerHash,
        uint256 chunk,
        address indexed prover,
        int256 score,
        uint16 feeBurn,
        address replaced
    );
    /// @notice Epoch `epoch` finalized from its kept chunk proofs: blocks `fromBlock..toBlock`, state `newState`;
    ///         of `rewards` (fees plus block rewards), `proverRewards` were credited to provers, `burned` burned and
    ///         the rest credited to proposers.
    event EpochFinalized(
        uint256 indexed epoch,
        uint256 fromBlock,
        uint256 toBlock,
        uint256 newState,
        uint256 rewards,
        uint256 proverRewards,
        uint256 burned
    );
    /// @notice `prover` was credited `reward` for its kept proof of chunk `chunk` of block `blockNumber`; `burned` is
    ///         its FEE_BURN part.
    event ChunkProverRewarded(
        uint256 indexed epoch,
        uint256 indexed blockNumber,
        uint256 chunk,
        address indexed prover,
        uint256 reward,
        uint256 burned
    );
    /// @notice The open race proved epoch `epoch` (blocks `fromBlock..toBlock`, state `newState`): `beneficiary`, the
    ///         address the proof is bound to, was credited `proverReward` (every block's prover-network share).
    event EpochProvenInRace(
        uint256 indexed epoch,
        uint256 fromBlock,
        uint256 toBlock,
        uint256 newState,
        address indexed beneficiary,
        uint256 rewards,
        uint256 proverReward
    );
    /// @notice `proposer` was credited `amount`: its block's value beyond the prover network's share.
    event ProposerRewarded(uint256 indexed epoch, address indexed proposer, uint256 amount);
    /// @notice `submitter` was credited `reward` (the block reward, capped by the pool's reserve) for a based block.
    event BasedBlockRewarded(address indexed submitter, uint256 reward);
    /// @notice `account` withdrew `amount` of its credited rewards to `to`.
    event RewardsWithdrawn(address indexed account, address indexed to, uint256 amount);

    // ------------------------------------------------------------------ actions

    /// @notice Allocates ring entries `[fromIndex, fromIndex + count)` ahead of use: writes a placeholder into each of
    ///         their storage words still zero (block words, and per chunk up to the rollup's `maxTxsPerBlock` its three
    ///         places and its pin). A kept submission then rewrites used words from the ring's first lap on (5k gas each
    ///         instead of 22.1k fresh). Optional and permissionless: whoever deploys a rollup pays once what its first
    ///         ringSize blocks' provers would pay for fresh words. Placeholders are never read as records (their tag
    ///         is no header's); words in use are left as they are. About 22k gas per word (`1 + 4 × chunks` per
    ///         entry): allocate the ring in batches that fit a block.
    function allocateRing(uint256 fromIndex, uint256 count) external;

    /// @notice Entries of the ring (the rollup's `ringSize`): block `n`'s records sit at `n % ringSize()`.
    function ringSize() external view returns (uint256);

    /// @notice Enters the sender's node (`keccak256(abi.encode(msg.sender, salt))`) in epoch `epoch`'s chunk race: its
    ///         lottery inputs for the epoch (weight and VRF key, which the registry fixes before the epoch starts and
    ///         never changes after) are read and checked once (Active, prover role, nonzero weight) and kept, so that
    ///         each of its chunk submissions in the epoch reads two storage words instead of calling the registry
    ///         (~15k gas less each). Optional: a node that has not entered is read from the registry on every
    ///         submission. Kept in a ring of four epochs per node, so an entry rewrites the node's words of four epochs
    ///         before. Idempotent.
    /// @return weight The node's weight in the epoch.
    function enterChunkRace(bytes32 salt, uint256 epoch) external returns (uint256 weight);

    /// @notice Whether node `pid` entered epoch `epoch`'s chunk race (`enterChunkRace`), and its weight then.
    function chunkRaceEntry(bytes32 pid, uint256 epoch) external view returns (bool entered, uint256 weight);

    /// @notice Submits a chunk proof with the prover's ticket: the VRF proof of node
    ///         `keccak256(abi.encode(msg.sender, s.salt))` (Active with the prover role in the block's epoch) over `chunkSeed(…) ‖ "CHUNK"`. Kept when a place
    ///         is free or it beats the worst kept proof (which it replaces); refused otherwise, or when the sender
    ///         already holds one of the chunk's places.
    /// @return score The ticket's boosted race time.
    function submitChunkProof(
        ChunkSubmission calldata s,
        bytes calldata vrfProof,
        EcVrfHints calldata hints
    ) external returns (int256 score);

    /// @notice After the proving window, proves epoch `epoch` from its kept chunk proofs: `headers` are all its
    ///         blocks from the first unproven one, in order, and every chunk of each must hold a proof. Credits the
    ///         provers, the proposers, and burns the rest (seed 001's formula). Anyone may call it.
    function finalizeEpoch(uint256 epoch, BlockHeader[] calldata headers) external;

    /// @notice The open race, for an epoch that cannot finalize (a chunk with no proof) after its proving window:
    ///         the first valid epoch proof marks it proven and its beneficiary (the address it is bound to) is
    ///         credited every block's prover-network share.
    function submitEpochProof(uint256 epoch, BlockHeader[] calldata headers, bytes calldata proof) external;

    /// @notice Withdraws the caller's credited rewards to `to`.
    function withdrawRewards(address to) external returns (uint256 amount);

    // ------------------------------------------------------------------ views

    function config() external view returns (CooperativeConfig memory);

    /// @notice Seed 001's `PROOFS_PER_NODE`: proofs kept per chunk.
    function PROOFS_PER_NODE() external view returns (uint256);

    /// @notice Epoch `epoch`'s windows in absolute slots: chunk proofs until `provingCloses`, then finalization or
    ///         the open race until `finalDeadline`, when the rollup prunes.
    function epochWindows(uint256 epoch) external view returns (uint256 provingCloses, uint256 finalDeadline);

    /// @notice The seed of chunk `chunk` of block `blockNumber`'s tickets (zero unless the rollup holds the block: `blockRecord`).
    function chunkSeed(uint256 blockNumber, uint256 chunk) external view returns (bytes32);

    /// @notice The kept proofs of chunk `chunk` of block `blockNumber` with header hash `headerHash`, in their places
    ///         (empty places have a zero prover), and the chunk's end state once its first proof pinned it; all zero
    ///         unless the rollup holds that block (`blockRecord`) and the coordinator proofs of it (another block's,
    ///         a pruned one's or a past lap's records are never returned: the records are a ring tagged with the
    ///         header hash).
    function keptProofs(
        uint256 blockNumber,
        bytes32 headerHash,
        uint256 chunk
    ) external view returns (KeptProof[3] memory kept, uint256 endState);

    /// @notice The most chunks a block may have under this coordinator (its records count kept proofs per chunk in
    ///         one word per block): the rollup's `maxTxsPerBlock` must stay within it.
    function MAX_BLOCK_CHUNKS() external view returns (uint256);

    /// @notice Seed 001's `PROVER_REWARD(i)` for a block whose prover network gets `networkReward`, with `chunks`
    ///         chunks (`NUM_NODES`), for a proof with `feeBurn`; and what that proof's FEE_BURN burns.
    function proverReward(
        uint256 networkReward,
        uint256 chunks,
        uint256 feeBurn
    ) external pure returns (uint256 reward, uint256 burned);

    /// @notice The credited balance of `account`.
    function rewardsOf(address account) external view returns (uint256);

    /// @notice Credited balances not yet withdrawn (the coordinator's token balance).
    function totalOwed() external view returns (uint256);

    function rollup() external view returns (IRollup);

    function rewardPool() external view returns (address);
}
