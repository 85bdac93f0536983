// SPDX-License-Identifier: MIT
pragma solidity 0.8.28;

/// @notice The L1 inputs of one rollup epoch's seed, fixed `lookbackBlocks` L1 blocks before the epoch starts.
struct SeedInputs {
    /// @notice The anchor snapshot's L1 block number divided by 32 (32 blocks per L1 epoch when no slot is missed).
    uint64 l1Epoch;
    /// @notice The anchor snapshot's L1 block number: the latest snapshot at or before the cutoff (never 0).
    uint64 anchorBlock;
    /// @notice Whether the epoch's window held no snapshot, so that these are the fallback inputs of the anchor
    ///         alone (see `ISeedBeacon`).
    bool isFallback;
    /// @notice keccak256 of the XOR of `keccak256(prevrandao, number)` over every snapshot in the mixing window; for
    ///         a fallback, `keccak256(abi.encode(keccak256("blockage.SeedBeacon.fallback"), prevrandao, number))` of
    ///         the anchor.
    bytes32 beaconRand;
    /// @notice The parent hash of the last snapshot before the window — before the anchor, for a fallback (binds σ
    ///         to the L1 chain; adds no entropy).
    bytes32 blockHash;
}

/// @title ISeedBeacon
/// @notice Snapshots L1 randomness (`block.prevrandao` and the parent block hash) into a ring buffer and derives the
///         lottery seed σ of every rollup epoch, slot and role from the snapshots taken before the epoch's seed
///         cutoff, so the seed is fixed and public ahead of the epoch (Aztec's "constraining RANDAO").
/// @dev The rollup clock: epoch e starts at `genesisTime + e·epochDuration()`; slots are absolute
///      (`slot = (t − genesisTime) / slotDuration`) and slot s belongs to epoch `s / epochSlots`.
///      The seed cutoff of epoch e is `epochStart(e) − lookbackBlocks·l1BlockTime` and its window is
///      `(cutoff − windowBlocks·l1BlockTime, cutoff]`. Its inputs:
///      - window: every snapshot with a timestamp in the window, mixed by XOR of `keccak256(prevrandao, number)`
///        and hashed into `beaconRand`;
///      - anchor: the latest window snapshot — the one at the cutoff block or, when that block was not poked, the
///        latest earlier one in the window (`l1Epoch` is its block number / 32);
///      - blockHash: the parent hash of the last snapshot before the window.
///      An epoch whose window holds no snapshot gets the fallback below instead (`seedFor` never fails for it).
///      Bias bound: every input of σ that carries entropy is a window prevrandao, each the RANDAO mix after one more
///      proposer's reveal, which its proposer cannot choose, only withhold (by missing its slot). An adversary that
///      decides for k blocks of the window whether they exist or carry a snapshot — its own proposals it may
///      withhold, or blocks no one else pokes — selects among at most 2^k seeds, so a lottery outcome of
///      probability p it wants happens with probability at most 1 − (1 − p)^(2^k) ≤ 2^k·p. One withheld block is
///      k = 1 (at most doubling p), as with a single prevrandao; but a single-value scheme hands that choice to
///      whoever proposes the one predictable block, while here it only moves one term of a mix whose other terms
///      come after it. The block hash is taken before the window so that no block producer can grind block
///      contents against the mix. Poking every L1 block (any contract may) keeps k at the adversary's own blocks.
///
///      Fallback: an epoch whose window holds no snapshot still gets a seed, so the chain never stalls on one. Its
///      inputs are those of a window shrunk to the anchor alone — the latest snapshot at or before the cutoff, i.e.
///      before the window (the deployment snapshot for epochs whose cutoff preceded deployment) — with the anchor's
///      term hashed under a domain tag (`isFallback` is set and `SeedFixed` says so). Fixed by the cutoff like any
///      seed, so nothing later than the cutoff can move it. What it costs and what it gives, with W = windowBlocks,
///      F the end of the epoch whose changes are the last to count for this one (NodeRegistry: the start of epoch
///      `e − inputLag + 1`) and the usual two-block margin for a prevrandao known to the previous proposer:
///      - Forcing it: no snapshot in any of the W L1 blocks of the window. Every hot-path entry point (proposals,
///        tickets, claims, proofs, registry operations) and every keeper pokes there, so each of the W blocks must
///        be missed or exclude all of them: the adversary proposes or bribes W consecutive L1 slots (16 by default,
///        192 s) and stalls the rollup's own transactions meanwhile. With that power it already selects among 2^W
///        normal seeds (it chooses which of its blocks carry a poke); the fallback is the empty choice, which before
///        it existed meant "no seed". The choice count stays 2^W.
///      - Choosing it: the fallback is the latest snapshot before the window. Outside windows the hot paths store
///        one snapshot per rollup epoch (`pokeInWindow`, after the epoch's first two L1 blocks), the registry's
///        epoch roll and explicit `poke` calls store others. So whoever pokes last between the previous snapshot
///        and the window start picks the fallback among those blocks' values: with m such blocks after F + 2
///        blocks, at most 2^W + m candidates in all, a negligible gain over 2^W.
///      - Knowing it early: if no snapshot lands in (F + 2 blocks, window start], the fallback's value is known (to
///        all, or within the margin to the proposer of the block before the anchor) while the adversary can still
///        change its lottery inputs for the epoch (keys, stake, activation). Then the 2^k bound does not hold: each
///        VRF key it could rotate to is a fresh ticket against a known seed, so it grinds offline and wins the
///        prover lottery, and any sequencer slots it grinds for, nearly at will. Every epoch from F on takes an
///        anchor snapshot at its first hot-path call after its first two L1 blocks, so this needs every hot-path
///        call and poke censored from F + 2 blocks to the cutoff, not only in the window: with the default
///        parameters (8-block lookback, 16-block window, 32-block epochs, inputLag 2) 22 consecutive L1 blocks
///        instead of 16, and in general (inputLag − 1) epochs less the lookback and two blocks, which holds the
///        window. Keepers that poke once per epoch in that stretch keep it so when the rollup is idle.
interface ISeedBeacon {
    // ------------------------------------------------------------------ errors

    /// @notice The genesis time is later than the deployment block.
    error SeedBeacon__GenesisInFuture(uint256 genesisTime, uint256 blockTimestamp);
    /// @notice A slot duration or an epoch length of zero.
    error SeedBeacon__InvalidClock(uint256 slotDuration, uint256 epochSlots);
    /// @notice The lookback must be at least one L1 block and the L1 block time non-zero.
    error SeedBeacon__InvalidLookback(uint256 lookbackBlocks, uint256 l1BlockTime);
    /// @notice The mixing window must be at least one L1 block, no longer than an epoch, and fit the ring buffer
    ///         even at one block per second (`windowSeconds < capacity`).
    error SeedBeacon__InvalidWindow(uint256 windowSeconds, uint256 epochDuration, uint256 capacity);
    /// @notice The seed of `rollupEpoch` is not fixed yet: it is fixed once a block has `timestamp > fixedAfter`.
    error SeedBeacon__SeedNotFixed(uint256 rollupEpoch, uint256 fixedAfter);
    /// @notice `slot` is not a slot of `rollupEpoch`.
    error SeedBeacon__SlotNotInEpoch(uint256 slot, uint256 rollupEpoch);
    /// @notice The epoch (0) and prover (2) seeds are per epoch and use its first slot, `firstSlot`.
    error SeedBeacon__NotFirstSlot(uint256 slot, uint256 firstSlot, uint8 role);
    /// @notice `role` is not 0 (epoch), 1 (sequencer) or 2 (prover).
    error SeedBeacon__UnknownRole(uint8 role);

    // ------------------------------------------------------------------ events

    /// @notice L1 randomness was stored.
    /// @param number The L1 block number of the snapshot.
    /// @param prevrandao `block.prevrandao` of that block.
    /// @param parentHash `blockhash(number − 1)`.
    event Poked(uint256 indexed number, bytes32 prevrandao, bytes32 parentHash);

    /// @notice The seed inputs of rollup epochs `fromEpoch..toEpoch` were recorded (by the first poke after their
    ///         cutoffs) and can no longer change; `isFallback` when their windows held no snapshot (a run of such
    ///         epochs shares one record).
    event SeedFixed(
        uint256 indexed fromEpoch,
        uint256 toEpoch,
        uint64 l1Epoch,
        uint64 anchorBlock,
        bytes32 beaconRand,
        bytes32 blockHash,
        bool isFallback
    );

    // ------------------------------------------------------------------ actions

    /// @notice Stores this block's `prevrandao` and parent hash (once per block; later calls in the same block do
    ///         nothing) and records the seed inputs of every epoch whose cutoff has passed.
    /// @dev Bounded: at most two records per call whatever the gap since the last poke.
    /// @return stored Whether a new snapshot was written.
    function poke() external returns (bool stored);

    /// @notice `poke`, but only while the current time lies inside some epoch's mixing window
    ///         `(cutoff − windowSeconds, cutoff]`, or once per rollup epoch after its first two L1 blocks (the
    ///         epoch's anchor snapshot): what the hot-path entry points of the registry, the lotteries, the rollup and
    ///         its coordinator call, so that an epoch's window gets a snapshot whenever anything happens on the rollup
    ///         during it, and a fallback seed is never known before the lottery inputs it draws on are frozen.
    /// @dev Inside a window it costs one storage read when this block already has its snapshot; outside, one storage
    ///      read (the latest snapshot's time, packed with the count) once the epoch has its anchor snapshot.
    /// @return stored Whether a new snapshot was written.
    function pokeInWindow() external returns (bool stored);

    /// @notice Whether the current time lies inside some epoch's mixing window (where `pokeInWindow` stores).
    function inSeedWindow() external view returns (bool);

    // ------------------------------------------------------------------ views

    /// @notice σ = keccak256(abi.encode(chainId, l1Epoch, beaconRand, blockHash, rollupEpoch, slot, role)).
    /// @dev Reverts `SeedBeacon__SeedNotFixed` before the epoch's cutoff has passed, and never after: an epoch whose
    ///      window holds no snapshot gets its fallback seed (`seedInputs(rollupEpoch).isFallback`).
    /// @param rollupEpoch The rollup epoch.
    /// @param slot An absolute slot of `rollupEpoch`; the epoch's first slot for the epoch and prover seeds.
    /// @param role 0 for the epoch seed (`EpochStart`), 1 for the sequencer lottery, 2 for the prover lottery.
    /// @return The seed σ.
    function seedFor(uint256 rollupEpoch, uint256 slot, uint8 role) external view returns (bytes32);

    /// @notice The L1 inputs of `rollupEpoch`'s seed, flagged `isFallback` when its window held no snapshot.
    /// @dev Reverts `SeedBeacon__SeedNotFixed` before the epoch's cutoff has passed. Once the cutoff has passed the
    ///      result never changes: before the first poke that records it, it is what that poke will record.
    function seedInputs(uint256 rollupEpoch) external view returns (SeedInputs memory);

    /// @notice The cutoff of `rollupEpoch`: its seed is fixed by the first block with a later timestamp.
    function seedFixedAfter(uint256 rollupEpoch) external view returns (uint256 timestamp);

    /// @notice Whether `rollupEpoch`'s seed is fixed at this block.
    function isSeedFixed(uint256 rollupEpoch) external view returns (bool);

    /// @notice The rollup epoch at this block.
    function currentEpoch() external view returns (uint256);

    /// @notice The absolute rollup slot at this block.
    function currentSlot() external view returns (uint256);

    /// @notice The start time of rollup epoch `rollupEpoch`.
    function epochStart(uint256 rollupEpoch) external view returns (uint256);

    /// @notice Timestamp of rollup slot 0.
    function genesisTime() external view returns (uint256);

    /// @notice Seconds per rollup slot.
    function slotDuration() external view returns (uint256);

    /// @notice Slots per rollup epoch.
    function epochSlots() external view returns (uint256);

    /// @notice Seconds per rollup epoch (`slotDuration · epochSlots`).
    function epochDuration() external view returns (uint256);

    /// @notice How many L1 blocks before an epoch starts its seed is fixed.
    function lookbackBlocks() external view returns (uint256);

    /// @notice How many L1 blocks before the cutoff the mixing window reaches.
    function windowBlocks() external view returns (uint256);

    /// @notice The L1 block time assumed to turn block counts into seconds (12 on Ethereum).
    function l1BlockTime() external view returns (uint256);

    /// @notice Ring buffer capacity in snapshots.
    function capacity() external view returns (uint256);

    /// @notice Number of snapshots ever stored.
    function snapshotCount() external view returns (uint256);
}
