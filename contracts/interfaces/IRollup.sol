// SPDX-License-Identifier: MIT
pragma solidity 0.8.28;

import {EcVrfHints} from "./IEcVrfVerifier.sol";
import {ILotteryBase, RandomnessSource} from "./ILotteryBase.sol";
import {IProofVerifier} from "./IProofVerifier.sol";
import {IStateTransition} from "./IStateTransition.sol";

/// @notice How the rollup's blocks are proven (DESIGN §9), chosen at deployment; the coordinator contract deployed
///         with the rollup plays it.
enum ProverMechanism {
    /// @notice Seeds 002/003: a designated prover or a countersigned quote claims each epoch with a bond; open race
    ///         as backup (`ProverCoordinator`). Every header states the deployment's FEE_SPLIT.
    Sidecar,
    /// @notice Seed 001: each proposal declares its own FEE_SPLIT (at least the deployment's) and ranks by its race
    ///         time ÷ (1 + FEE_SPLIT); chunk proofs are ranked per chunk by VRF tickets (`CooperativeCoordinator`).
    Cooperative,
    /// @notice Seed 004's example: each proposal pays a per-transaction proving base fee (EIP-1559 per epoch, with
    ///         an L1 signal); anyone proves any prefix of the unproven chain ending at a checkpoint, the first valid
    ///         proof is paid, the epoch's turn prover earns a redundancy reward, and after an idle period the right
    ///         falls back to turns (`OpenRaceCoordinator`). Every header states the deployment's FEE_SPLIT.
    OpenRace
}

/// @dev `markProven`'s epoch argument for a prefix proof (open race): any blocks from the first unproven one to a
///      checkpoint, across epochs.
uint256 constant PREFIX_PROOF = type(uint256).max;

/// @notice A rollup block header. Its hash, `keccak256(abi.encode(header))`, is what the pending chain stores.
struct BlockHeader {
    /// @notice The parent block's header hash: the pending chain's tip when the block is proposed.
    bytes32 parent;
    /// @notice The slot the block is proposed in.
    uint64 slot;
    /// @notice Number of transactions: a positive multiple of the chunk size (16), at most `maxTxsPerBlock`.
    uint32 txCount;
    /// @notice FEE_SPLIT in basis points. Sidecar: the deployment's (the share of `fees` that goes into the epoch's
    ///         rewards), which the header must state, so a block commits to the split it pays. Cooperative: the
    ///         proposer's own choice in [deployment's minimum, 10,000], the share of the block's fees and reward
    ///         that goes to its chunks' provers; it also boosts the proposal's rank.
    uint16 feeSplit;
    /// @notice Fees the block declares, in the stake token; escrowed from the proposer when the block is proposed.
    uint96 fees;
    /// @notice The L2 state before the block: the parent's `newState` (a BN254 field element).
    uint256 prevState;
    /// @notice The L2 state after the block (a BN254 field element).
    uint256 newState;
    /// @notice `keccak256` of the block's chunk txs commitments (`blockTxsCommitment` in `@blockage/circuits`).
    bytes32 txsCommitment;
    /// @notice `keccak256(abi.encodePacked(txs))` over the block's transactions, published with the proposal.
    bytes32 daCommitment;
    /// @notice The upgrade payload the proposer votes for (zero: no vote).
    bytes32 upgradeVote;
}

/// @notice A sequencer's block proposal: the node that enters the slot's lottery and its block.
struct BlockProposal {
    /// @notice The proposing node; its operator signs (builder path) or sends (direct path) the proposal.
    bytes32 pid;
    /// @notice The salt the node was registered with (`pid == keccak256(abi.encode(operator, salt))`).
    bytes32 salt;
    BlockHeader header;
}

/// @notice One block on the pending chain (kept while it may still be needed: proving, pruning, refunds).
struct BlockRecord {
    bytes32 headerHash;
    /// @notice The proposing node (zero for the genesis block and based blocks).
    bytes32 pid;
    /// @notice Who receives the block's rewards and fee refunds: the node's operator, or a based block's submitter.
    address proposer;
    /// @notice The proposal's race time (ln t, 18 decimals).
    int96 raceTime;
    uint64 slot;
    uint64 blockNumber;
    /// @notice Fees still escrowed for the block (zero once paid out or refunded).
    uint96 fees;
    /// @notice Chunks (16 transactions each) of the block's epoch still to prove, up to and including this block:
    ///         an epoch's proof holds every one of them, so it is kept within the verifier's `maxChunks()`.
    uint32 epochChunks;
}

/// @notice The pending and proven tips.
struct ChainTips {
    /// @notice Number of the last proven block (0 is genesis).
    uint64 provenBlock;
    /// @notice Number of the last block on the pending chain (≥ provenBlock).
    uint64 pendingBlock;
    /// @notice Slot of the pending tip.
    uint64 tipSlot;
    /// @notice The proven tip's state.
    uint256 provenState;
    /// @notice The pending tip's state: the `prevState` the next block must declare.
    uint256 tipState;
    /// @notice The pending tip's header hash: the `parent` the next block must declare.
    bytes32 tipHash;
    /// @notice Slot of the oldest unproven block (meaningful while `pendingBlock > provenBlock`).
    uint64 oldestUnprovenSlot;
    /// @notice Who receives the pending tip's rewards: its node's operator (zero for genesis).
    address tipProposer;
}

/// @notice The rollup's block-production parameters (the proving ones are `CoordinatorConfig`'s).
struct RollupConfig {
    /// @notice Verifies based blocks' proofs (the coordinator verifies epoch proofs with the same verifier).
    IProofVerifier proofVerifier;
    /// @notice Re-executes a block for invalid-block evidence (`challengeBlock`).
    IStateTransition stateTransition;
    /// @notice The prover coordinator: its address is fixed before either contract is deployed (CREATE address),
    ///         and its constructor checks that this rollup names it.
    address coordinator;
    /// @notice The genesis block's state.
    uint256 genesisState;
    /// @notice Stake slashed from a node whose block is shown invalid (capped at what the node has).
    uint256 invalidBlockSlash;
    /// @notice FEE_SPLIT. Sidecar: basis points of each block's fees shared into its epoch's rewards, stated by every
    ///         header. Cooperative: the least FEE_SPLIT a proposal may declare.
    uint16 feeSplit;
    /// @notice Share of slashed stake (basis points) for the reporter of an invalid block; the rest is burned.
    uint16 reporterShare;
    /// @notice Slots after epoch e ends after which its unproven blocks are pruned. At most the registry's unbonding
    ///         period (`unbondingPeriodEpochs × epochSlots`): a proposer must not be able to withdraw its stake while
    ///         one of its blocks may still be challenged.
    uint32 finalDeadlineSlots;
    /// @notice Slots without a block, on a fully proven chain, after which anyone may add a block with its proof.
    uint32 basedDelaySlots;
    /// @notice Most transactions in one block (a positive multiple of 16), at most 256: `challengeBlock` re-executes a
    ///         block on-chain (two Poseidon hashes per transaction, ~38k gas), and the largest block's challenge must
    ///         fit a transaction with headroom (~10.2M gas measured, under 15M and EIP-7825's 2^24 cap).
    uint32 maxTxsPerBlock;
    /// @notice Slots per upgrade voting round.
    uint32 voteRoundSlots;
    /// @notice Votes of proven blocks in one round that make a payload ready.
    uint32 voteThreshold;
    /// @notice The prover mechanism; `coordinator` must be a coordinator of that mechanism.
    ProverMechanism mechanism;
}

/// @title IRollup
/// @notice Block production (DESIGN §5, seed 002): per slot, sequencers enter the lottery with a block; the best
///         entry when the slot ends is the slot's block on the pending chain. Blocks are proven epoch by epoch
///         through the prover coordinator (`IProverCoordinator`: claims, bonds, proofs, rewards), which tells the
///         rollup when an epoch's blocks are proven. Backup modes kept here: based blocks when the chain stalls,
///         pruning at an epoch's final deadline, invalid-block evidence.
/// @dev Times are slots of the registry's clock; epoch e's final deadline counts from the first slot of epoch e+1.
///      The rollup holds only the fees escrowed for unproven blocks: its token balance equals
///      `totalEscrowedFees()`.
interface IRollup is ILotteryBase {
    // ------------------------------------------------------------------ errors

    /// @notice A deployment parameter is out of range (`what` names it).
    error Rollup__InvalidConfig(string what);
    /// @notice The header's slot is not the proposal's slot or the current slot.
    error Rollup__WrongSlot(uint256 headerSlot, uint256 currentSlot);
    /// @notice The header's `parent` is not the pending tip's hash.
    error Rollup__WrongParent(bytes32 parent, bytes32 expected);
    /// @notice The header's `prevState` is not the pending tip's state.
    error Rollup__WrongPrevState(uint256 prevState, uint256 expected);
    /// @notice A state is not a BN254 field element.
    error Rollup__StateNotInField(uint256 state);
    /// @notice The header's `feeSplit` is not the deployment's FEE_SPLIT (Sidecar), or is below the deployment's
    ///         minimum or above 10,000 (Cooperative; `expected` is the minimum).
    error Rollup__WrongFeeSplit(uint16 feeSplit, uint16 expected);
    /// @notice The block's transaction count is zero, not a multiple of 16, above `maxTxsPerBlock`, or not the
    ///         header's `txCount`.
    error Rollup__BadTxCount(uint256 count, uint256 headerCount);
    /// @notice Transaction `index` is not a BN254 field element.
    error Rollup__TxNotInField(uint256 index);
    /// @notice The published transactions do not hash to the header's DA commitment.
    error Rollup__DaCommitmentMismatch(bytes32 computed, bytes32 declared);
    /// @notice The slot's block is a proven based block; it cannot be contested.
    error Rollup__SlotTaken(uint256 slot);
    /// @notice The ring of pending blocks is full (the oldest unproven block is not yet prunable).
    error Rollup__PendingChainFull(uint256 blockNumber);
    /// @notice Only the prover coordinator may do this.
    error Rollup__NotCoordinator(address caller);
    /// @notice The epoch has no unproven block, or an earlier epoch still has some (epochs are proven in order).
    error Rollup__NotNextEpoch(uint256 epoch, uint256 oldestUnprovenEpoch);
    /// @notice Fewer tokens than declared arrived (fee-on-transfer tokens are not supported).
    error Rollup__TransferShort(uint256 expected, uint256 received);
    /// @notice The builder's bid is not signed by the operator of the proposing node.
    error Rollup__InvalidBuilderSignature(address signer);
    /// @notice Based mode needs a fully proven chain.
    error Rollup__BasedModeUnprovenBlocks(uint256 provenBlock, uint256 pendingBlock);
    /// @notice Based mode opens `basedDelaySlots` after the last block's slot.
    error Rollup__BasedModeNotOpen(uint256 currentSlot, uint256 opensAt);
    /// @notice An epoch proof needs at least one header.
    error Rollup__NoHeaders();
    /// @notice Header `index` is not the pending chain's block `blockNumber`.
    error Rollup__HeaderMismatch(uint256 index, uint256 blockNumber);
    /// @notice Header `index` is not in epoch `epoch`.
    error Rollup__HeaderOutsideEpoch(uint256 index, uint256 epoch);
    /// @notice Block `nextBlock` is also in the epoch: an epoch proof covers all its blocks.
    error Rollup__IncompleteEpoch(uint256 epoch, uint256 nextBlock);
    /// @notice Block `blockNumber` is not (or no longer) a pruned block with escrowed fees.
    error Rollup__NothingToRefund(uint256 blockNumber);
    /// @notice The block is not an unproven block of the pending chain.
    error Rollup__NotChallengeable(uint256 blockNumber);
    /// @notice The re-executed block matches its header: the evidence shows no fault.
    error Rollup__BlockValid(uint256 blockNumber);
    /// @notice The block would take its epoch's unproven chunks past what one epoch proof may hold.
    error Rollup__EpochFull(uint256 epoch, uint256 chunks, uint256 maxChunks);
    /// @notice Open race: the block declares fees `fees`, less than its transactions' proving fee `required`
    ///         (txCount × the epoch's proving base fee).
    error Rollup__ProvingFeeShort(uint256 fees, uint256 required);
    /// @notice A prefix proof must end at a checkpoint: block `blockNumber` is the pending tip and its slot is still
    ///         open (a better proposal may replace it).
    error Rollup__NotCheckpoint(uint256 blockNumber);

    // ------------------------------------------------------------------ events

    /// @notice Block `blockNumber` of slot `slot` is now `pid`'s block, replacing `replacedPid`'s (zero if none).
    event BlockProposed(
        uint256 indexed blockNumber,
        uint256 indexed slot,
        bytes32 indexed pid,
        bytes32 headerHash,
        int256 raceTime,
        bytes32 replacedPid,
        RandomnessSource source
    );
    /// @notice `builder` submitted slot `slot`'s proposal for `proposer` and paid it `bid`.
    event BuilderBidPaid(uint256 indexed slot, address indexed builder, address indexed proposer, uint256 bid);
    /// @notice Block `blockNumber` was added with its proof (based mode); it is proven. `prover` is the address the
    ///         proof is bound to (whoever sent it): the block's proposer of record, credited its block reward.
    event BasedBlockProven(
        uint256 indexed blockNumber,
        uint256 indexed slot,
        address indexed prover,
        bytes32 headerHash
    );
    /// @notice Epoch `epoch`'s blocks `fromBlock..toBlock` are proven (reported by the coordinator).
    event BlocksProven(uint256 indexed epoch, uint256 fromBlock, uint256 toBlock, uint256 newState);
    /// @notice Fees escrowed for block `blockNumber` were sent back to `payer` (replaced or pruned block): whoever
    ///         escrowed them, the builder of a builder block, else the block's proposer.
    event FeesRefunded(uint256 indexed blockNumber, address indexed payer, uint256 amount);
    /// @notice Pending blocks after `keptBlock` (up to `droppedTo`) were dropped; the tip is `keptBlock`.
    event PendingChainPruned(uint256 keptBlock, uint256 droppedTo, bool invalidBlock);
    /// @notice Block `blockNumber` was shown invalid by `reporter`; `pid` lost `slashed`, `reward` went to the
    ///         reporter and the rest was burned.
    event InvalidBlockSlashed(
        uint256 indexed blockNumber,
        bytes32 indexed pid,
        address indexed reporter,
        uint256 slashed,
        uint256 reward
    );
    /// @notice A proven block of round `round` voted for `payload`, which now has `votes` votes.
    event UpgradeVoteCounted(uint256 indexed round, bytes32 indexed payload, uint256 votes);
    /// @notice `payload` reached the vote threshold in round `round`.
    event UpgradePayloadReady(uint256 indexed round, bytes32 indexed payload);

    // ------------------------------------------------------------------ block production

    /// @notice Enters the current slot's lottery with a block. `msg.sender` must be the node's operator; the VRF
    ///         proof is for `σ(epoch, slot, 1) ‖ "SEQUENCER"`. The header must extend the pending tip, state a valid
    ///         FEE_SPLIT (the deployment's; in a Cooperative deployment, the proposer's, which divides its race time
    ///         by 1 + FEE_SPLIT), and commit to `txs` (`daCommitment`); `header.fees` is escrowed from the caller.
    ///         The best entry when the slot ends is the slot's block.
    /// @return blockNumber The block's number on the pending chain.
    function propose(
        BlockProposal calldata proposal,
        uint256[] calldata txs,
        bytes calldata vrfProof,
        EcVrfHints calldata hints
    ) external returns (uint256 blockNumber);

    /// @notice `propose` with the commit-reveal fallback.
    function proposeWithReveal(
        BlockProposal calldata proposal,
        uint256[] calldata txs,
        bytes32 secret
    ) external returns (uint256 blockNumber);

    /// @notice PBS (seed 000 §6): a builder submits the winning node's block with the operator's EIP-712
    ///         signature over `BuilderBid(slot, headerHash, builder, bid)`; `bid` (and the declared fees) are paid
    ///         by the builder, the bid straight to the operator. Rewards go to the operator; a refund of the fees
    ///         (the block replaced or pruned) goes back to the builder, who paid them.
    function proposeViaBuilder(
        BlockProposal calldata proposal,
        uint256[] calldata txs,
        bytes calldata vrfProof,
        EcVrfHints calldata hints,
        uint256 bid,
        bytes calldata operatorSignature
    ) external returns (uint256 blockNumber);

    /// @notice Based mode (seed 002 backup): when every block is proven and no block came for `basedDelaySlots`
    ///         slots, anyone may add a block for the current slot together with its proof. The block is proven at
    ///         once; its block reward (credited by the coordinator) goes to the address the proof is bound to, never
    ///         to the sender merely for sending it, and its fees are not escrowed. It casts no upgrade vote: it comes
    ///         from no staked, lottery-ranked proposal, so anyone could post such blocks on an idle chain.
    function proposeBased(
        BlockHeader calldata header,
        uint256[] calldata txs,
        bytes calldata proof
    ) external returns (uint256 blockNumber);

    /// @notice Drops the pending chain back to the proven tip once the oldest unproven block's epoch is past its
    ///         final deadline (every action, here and in the coordinator, does it first). Returns whether anything
    ///         was pruned.
    function prune() external returns (bool pruned);

    /// @notice `prune()`, then the chain's counters as the next action will see them, and the operator of the
    ///         pending tip (the current slot's proposer when `tipSlot` is the current slot and the tip is unproven).
    function syncTips()
        external
        returns (
            uint64 provenBlock,
            uint64 pendingBlock,
            uint64 tipSlot,
            uint64 oldestUnprovenSlot,
            address tipProposer
        );

    /// @notice Invalid-block evidence: re-executes block `blockNumber` (its header and published `txs`) with the
    ///         state transition; if its declared `newState` or `txsCommitment` is wrong, the block and its
    ///         descendants are dropped, a claim on its epoch is voided, and the proposer's stake is slashed through
    ///         the registry (the reporter's share is sent to the caller, the rest burned).
    function challengeBlock(uint256 blockNumber, BlockHeader calldata header, uint256[] calldata txs) external;

    /// @notice Sends the fees escrowed for a pruned block back to its proposer.
    function refundPrunedFees(uint256 blockNumber) external;

    // ------------------------------------------------------------------ for the prover coordinator

    /// @notice Marks epoch `epoch`'s blocks proven: `headers` must be all its blocks from the first unproven one,
    ///         in order (checked against the stored hashes). With `epoch == PREFIX_PROOF` (open race), `headers` are
    ///         any blocks from the first unproven one to a checkpoint (a block continued by a later one, or the tip
    ///         once its slot has passed), across epochs; the event names the last block's epoch. Counts their upgrade votes and sends their escrowed
    ///         fees to the coordinator. Only the coordinator, after it verified the proof.
    /// @return proposers Each block's reward recipient.
    /// @return fees The fees escrowed for those blocks (now the coordinator's).
    /// @return firstBlock The number of the first proven block (`headers[0]`).
    function markProven(
        uint256 epoch,
        BlockHeader[] calldata headers
    ) external returns (address[] memory proposers, uint256 fees, uint256 firstBlock);

    // ------------------------------------------------------------------ views

    function config() external view returns (RollupConfig memory);

    function tips() external view returns (ChainTips memory);

    /// @notice The record of block `blockNumber` (all zero if it is not held any more or never existed).
    function blockRecord(uint256 blockNumber) external view returns (BlockRecord memory);

    /// @notice Fees escrowed for blocks not yet proven or refunded (the rollup's token balance).
    function totalEscrowedFees() external view returns (uint256);

    /// @notice Votes counted for `payload` in `round`.
    function upgradeVotes(uint256 round, bytes32 payload) external view returns (uint256);

    /// @notice The header hash and prover seed held in the ring entry of block `blockNumber`; the prover seed is kept
    ///         in a Cooperative deployment only (zero otherwise): `keccak256(abi.encode(σ, output))`, the slot's seed
    ///         σ(epoch, slot, 1) (drawn from the epoch's beacon seed) mixed with the proposer's VRF output (the reveal
    ///         output for a commit-reveal entry). The chunk provers' tickets are drawn from it, so different proposals
    ///         lead to different prover selections (seed 001), and nobody can steer it (never the block hash).
    /// @dev The entry may hold another block (one a ring's length away, or a pruned one): compare `headerHash` with
    ///      the hash of the header you expect; a match pins the block (headers carry their slot). `blockRecord` says
    ///      which block the entry holds.
    function blockProverSeed(uint256 blockNumber) external view returns (bytes32 headerHash, bytes32 seed);

    /// @notice `keccak256(abi.encode(header))`.
    function headerHash(BlockHeader calldata header) external pure returns (bytes32);

    /// @notice The EIP-712 digest a winning operator signs for a builder.
    function builderBidDigest(
        uint64 slot,
        bytes32 headerHash_,
        address builder,
        uint256 bid
    ) external view returns (bytes32);

    /// @notice The EIP-712 domain separator (name "blockage Rollup", version "1", this chain, this contract).
    function domainSeparator() external view returns (bytes32);

    function coordinator() external view returns (address);

    function stakeToken() external view returns (address);

    /// @notice How many block records the ring keeps (every block that may still be proven or refunded).
    function ringSize() external view returns (uint256);
}
