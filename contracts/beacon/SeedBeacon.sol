// SPDX-License-Identifier: MIT
pragma solidity 0.8.28;

import {Checkpoints} from "@openzeppelin/contracts/utils/structs/Checkpoints.sol";
import {SafeCast} from "@openzeppelin/contracts/utils/math/SafeCast.sol";
import {ISeedBeacon, SeedInputs} from "../interfaces/ISeedBeacon.sol";

/// @title SeedBeacon
/// @notice Stores L1 randomness in a ring buffer and fixes every rollup epoch's seed `lookbackBlocks` L1 blocks
///         before the epoch starts, mixing every snapshot of a window before that cutoff, or, when the window holds
///         none, a fallback from the latest snapshot before it. See `ISeedBeacon`.
/// @dev Invariant: after a poke at time T, the inputs of every epoch whose cutoff is before T are recorded; so an
///      epoch not yet recorded whose cutoff has passed has seen no poke since its cutoff, and its anchor — the
///      latest snapshot at or before the cutoff, in the window or not — is the latest snapshot: the view computes
///      exactly what the next poke records, and the ring buffer always still holds what it needs.
contract SeedBeacon is ISeedBeacon {
    using Checkpoints for Checkpoints.Trace208;

    // ------------------------------------------------------------------ constants and immutables

    /// @dev Ring buffer size. The window may span at most `CAPACITY − 1` seconds, so it always fits even with one
    ///      snapshot per second, and the snapshot before it (for the XOR prefix) is still stored.
    uint256 private constant CAPACITY = 256;
    /// @dev Ethereum has 32 slots per epoch; the anchor's block number stands in for its slot.
    uint256 private constant L1_EPOCH_BLOCKS = 32;
    uint8 private constant ROLE_SEQUENCER = 1;
    uint8 private constant ROLE_PROVER = 2;
    /// @dev Domain tag of a fallback's `beaconRand`: its preimage is 96 bytes and a normal one's 32, so a fallback
    ///      seed equals a normal one only through a keccak256 collision.
    bytes32 private constant FALLBACK_DOMAIN = keccak256("blockage.SeedBeacon.fallback");

    uint256 private immutable _genesisTime;
    uint256 private immutable _slotDuration;
    uint256 private immutable _epochSlots;
    uint256 private immutable _epochDuration;
    uint256 private immutable _lookbackBlocks;
    uint256 private immutable _windowBlocks;
    uint256 private immutable _l1BlockTime;
    uint256 private immutable _lookbackSeconds;
    uint256 private immutable _windowSeconds;

    // ------------------------------------------------------------------ storage

    struct Snapshot {
        uint64 number;
        uint64 timestamp;
        bytes32 prevrandao;
        bytes32 parentHash;
        /// @dev XOR of `keccak256(prevrandao, number)` over this and every earlier snapshot, so the mix of any run
        ///      of consecutive snapshots is two reads.
        bytes32 mixPrefix;
    }

    Snapshot[CAPACITY] private _ring;
    /// @dev Snapshots stored so far, and the latest one's block number and timestamp: one word, so that the hot
    ///      paths' `pokeInWindow` decides with a single storage read.
    uint128 private _count;
    uint64 private _lastNumber;
    uint64 private _lastTimestamp;
    /// @dev Recorded seed inputs; `_recordFrom` maps the first epoch of each run of epochs to its record.
    SeedInputs[] private _records;
    Checkpoints.Trace208 private _recordFrom;
    /// @dev The first epoch whose inputs are not recorded yet.
    uint256 private _nextUnrecorded;

    /// @param genesisTime_ Start of rollup slot 0; 0 means this block. Not later than this block.
    /// @param slotDuration_ Seconds per slot.
    /// @param epochSlots_ Slots per epoch.
    /// @param lookbackBlocks_ L1 blocks between an epoch's seed cutoff and its start (≥ 1).
    /// @param windowBlocks_ L1 blocks of randomness mixed into each seed, ending at the cutoff (≥ 1).
    /// @param l1BlockTime_ Seconds per L1 block (12 on Ethereum).
    constructor(
        uint256 genesisTime_,
        uint256 slotDuration_,
        uint256 epochSlots_,
        uint256 lookbackBlocks_,
        uint256 windowBlocks_,
        uint256 l1BlockTime_
    ) {
        if (genesisTime_ == 0) genesisTime_ = block.timestamp;
        if (genesisTime_ > block.timestamp) revert SeedBeacon__GenesisInFuture(genesisTime_, block.timestamp);
        if (slotDuration_ == 0 || epochSlots_ == 0 || slotDuration_ > type(uint32).max || epochSlots_ > 1e6) {
            revert SeedBeacon__InvalidClock(slotDuration_, epochSlots_);
        }
        if (lookbackBlocks_ == 0 || l1BlockTime_ == 0 || l1BlockTime_ > 1 days || lookbackBlocks_ > 1e6) {
            revert SeedBeacon__InvalidLookback(lookbackBlocks_, l1BlockTime_);
        }
        uint256 windowSeconds_ = windowBlocks_ * l1BlockTime_;
        if (windowBlocks_ == 0 || windowSeconds_ > CAPACITY - 1 || windowSeconds_ > slotDuration_ * epochSlots_) {
            revert SeedBeacon__InvalidWindow(windowSeconds_, slotDuration_ * epochSlots_, CAPACITY);
        }
        _genesisTime = genesisTime_;
        _slotDuration = slotDuration_;
        _epochSlots = epochSlots_;
        _epochDuration = slotDuration_ * epochSlots_;
        _lookbackBlocks = lookbackBlocks_;
        _windowBlocks = windowBlocks_;
        _l1BlockTime = l1BlockTime_;
        _lookbackSeconds = lookbackBlocks_ * l1BlockTime_;
        _windowSeconds = windowSeconds_;

        // Epochs whose cutoff is already past had no snapshot in their window: they fall back to this one.
        _store();
        uint256 last = _lastEpochCutBefore(block.timestamp);
        _record(0, last, _inputs(0, _cutoff(0)));
        _nextUnrecorded = last + 1;
    }

    // ------------------------------------------------------------------ actions

    /// @inheritdoc ISeedBeacon
    function poke() external returns (bool stored) {
        return _pokeOnce();
    }

    /// @inheritdoc ISeedBeacon
    function pokeInWindow() external returns (bool stored) {
        if (inSeedWindow() || _epochAnchorDue()) return _pokeOnce();
        return false;
    }

    /// @inheritdoc ISeedBeacon
    function inSeedWindow() public view returns (bool) {
        // t ∈ (cutoff(e) − W, cutoff(e)] for some e ⇔ y = t + lookback − genesis ∈ (e·D − W, e·D]: y mod D is 0 or
        // above D − W (W ≤ D, checked at deployment; t ≥ genesis, so y ≥ 0).
        uint256 r = (block.timestamp + _lookbackSeconds - _genesisTime) % _epochDuration;
        return r == 0 || r > _epochDuration - _windowSeconds;
    }

    // ------------------------------------------------------------------ views

    /// @inheritdoc ISeedBeacon
    function seedFor(uint256 rollupEpoch, uint256 slot, uint8 role) external view returns (bytes32) {
        if (role > ROLE_PROVER) revert SeedBeacon__UnknownRole(role);
        if (slot / _epochSlots != rollupEpoch) revert SeedBeacon__SlotNotInEpoch(slot, rollupEpoch);
        // The epoch seed and the prover lottery are per epoch: one seed each, at the epoch's first slot.
        if (role != ROLE_SEQUENCER && slot % _epochSlots != 0) {
            revert SeedBeacon__NotFirstSlot(slot, rollupEpoch * _epochSlots, role);
        }
        SeedInputs memory inputs = seedInputs(rollupEpoch);
        return
            keccak256(
                abi.encode(block.chainid, inputs.l1Epoch, inputs.beaconRand, inputs.blockHash, rollupEpoch, slot, role)
            );
    }

    /// @inheritdoc ISeedBeacon
    function seedInputs(uint256 rollupEpoch) public view returns (SeedInputs memory) {
        if (rollupEpoch < _nextUnrecorded) {
            return _records[_recordFrom.upperLookupRecent(SafeCast.toUint48(rollupEpoch))];
        }
        uint256 cutoff = _cutoff(rollupEpoch);
        if (block.timestamp <= cutoff) revert SeedBeacon__SeedNotFixed(rollupEpoch, cutoff);
        // No poke since the cutoff (it would have recorded this epoch): the latest snapshot is the anchor, in the
        // window or, for a fallback, before it.
        return _inputs(_count - 1, cutoff);
    }

    /// @inheritdoc ISeedBeacon
    function seedFixedAfter(uint256 rollupEpoch) external view returns (uint256) {
        return _cutoff(rollupEpoch);
    }

    /// @inheritdoc ISeedBeacon
    function isSeedFixed(uint256 rollupEpoch) external view returns (bool) {
        return rollupEpoch < _nextUnrecorded || block.timestamp > _cutoff(rollupEpoch);
    }

    /// @inheritdoc ISeedBeacon
    function currentEpoch() external view returns (uint256) {
        return (block.timestamp - _genesisTime) / _epochDuration;
    }

    /// @inheritdoc ISeedBeacon
    function currentSlot() external view returns (uint256) {
        return (block.timestamp - _genesisTime) / _slotDuration;
    }

    /// @inheritdoc ISeedBeacon
    function epochStart(uint256 rollupEpoch) external view returns (uint256) {
        return _genesisTime + rollupEpoch * _epochDuration;
    }

    /// @inheritdoc ISeedBeacon
    function genesisTime() external view returns (uint256) {
        return _genesisTime;
    }

    /// @inheritdoc ISeedBeacon
    function slotDuration() external view returns (uint256) {
        return _slotDuration;
    }

    /// @inheritdoc ISeedBeacon
    function epochSlots() external view returns (uint256) {
        return _epochSlots;
    }

    /// @inheritdoc ISeedBeacon
    function epochDuration() external view returns (uint256) {
        return _epochDuration;
    }

    /// @inheritdoc ISeedBeacon
    function lookbackBlocks() external view returns (uint256) {
        return _lookbackBlocks;
    }

    /// @inheritdoc ISeedBeacon
    function windowBlocks() external view returns (uint256) {
        return _windowBlocks;
    }

    /// @inheritdoc ISeedBeacon
    function l1BlockTime() external view returns (uint256) {
        return _l1BlockTime;
    }

    /// @inheritdoc ISeedBeacon
    function capacity() external pure returns (uint256) {
        return CAPACITY;
    }

    /// @inheritdoc ISeedBeacon
    function snapshotCount() external view returns (uint256) {
        return _count;
    }

    // ------------------------------------------------------------------ internals

    /// @dev Whether this epoch still lacks a snapshot taken after its first two L1 blocks: the hot paths store one
    ///      (the epoch's anchor snapshot), so that every later epoch's fallback anchor comes after the point where
    ///      that epoch's lottery inputs froze (see `ISeedBeacon`, "Knowing it early"). The two-block margin: a
    ///      prevrandao is known to the previous block's proposer.
    function _epochAnchorDue() private view returns (bool) {
        uint256 margin = 2 * _l1BlockTime;
        uint256 intoEpoch = (block.timestamp - _genesisTime) % _epochDuration;
        if (intoEpoch < margin) return false;
        // block.timestamp − intoEpoch + margin is this epoch's start plus the margin (≤ block.timestamp).
        return _lastTimestamp < block.timestamp - intoEpoch + margin;
    }

    /// @dev Records the pending epochs and stores this block's snapshot, once per block.
    function _pokeOnce() private returns (bool) {
        if (_lastNumber == block.number) return false;
        _recordPending();
        _store();
        return true;
    }

    /// @dev Appends this block's snapshot.
    function _store() private {
        uint256 count = _count;
        bytes32 prevrandao = bytes32(block.prevrandao);
        bytes32 parentHash = blockhash(block.number - 1);
        bytes32 previousPrefix = count == 0 ? bytes32(0) : _ring[(count - 1) % CAPACITY].mixPrefix;
        _ring[count % CAPACITY] = Snapshot({
            number: uint64(block.number),
            timestamp: uint64(block.timestamp),
            prevrandao: prevrandao,
            parentHash: parentHash,
            mixPrefix: previousPrefix ^ keccak256(abi.encode(prevrandao, block.number))
        });
        // A count, a block number and a timestamp fit their widths for longer than any chain will run.
        _count = uint128(count + 1);
        _lastNumber = uint64(block.number);
        _lastTimestamp = uint64(block.timestamp);
        emit Poked(block.number, prevrandao, parentHash);
    }

    /// @dev Records the inputs of every epoch whose cutoff is before this block. All share the latest snapshot as
    ///      anchor; the one whose window reaches back to it gets its own record (at most one: windows are no longer
    ///      than an epoch), the rest have empty windows and share one fallback record.
    function _recordPending() private {
        uint256 epoch = _nextUnrecorded;
        if (block.timestamp <= _cutoff(epoch)) return;
        uint256 last = _lastEpochCutBefore(block.timestamp);
        uint256 anchor = _count - 1;
        uint256 anchorTime = _ring[anchor % CAPACITY].timestamp;
        while (epoch <= last && _cutoff(epoch) < anchorTime + _windowSeconds) {
            _record(epoch, epoch, _inputs(anchor, _cutoff(epoch)));
            ++epoch;
        }
        if (epoch <= last) _record(epoch, last, _inputs(anchor, _cutoff(epoch)));
        _nextUnrecorded = last + 1;
    }

    function _record(uint256 fromEpoch, uint256 toEpoch, SeedInputs memory inputs) private {
        _recordFrom.push(SafeCast.toUint48(fromEpoch), uint208(_records.length));
        _records.push(inputs);
        emit SeedFixed(
            fromEpoch,
            toEpoch,
            inputs.l1Epoch,
            inputs.anchorBlock,
            inputs.beaconRand,
            inputs.blockHash,
            inputs.isFallback
        );
    }

    /// @dev Seed inputs for cutoff `cutoff`, given `anchor`: the global index of the latest snapshot with
    ///      timestamp ≤ cutoff (or of the deployment snapshot, for the epochs whose cutoff preceded deployment).
    ///      Normal: the window is every snapshot with timestamp in (cutoff − windowSeconds, cutoff]; the anchor is its
    ///      latest. `blockHash` is the parent hash of the last snapshot before the window (of the first snapshot
    ///      ever if there is none), a block made before any of the window's RANDAO reveals, so its producer cannot
    ///      grind its contents against the mix.
    ///      Fallback (empty window): the same rule with the window shrunk to the anchor alone, its term hashed under
    ///      `FALLBACK_DOMAIN`. Only the latest snapshot: every value fixed by the cutoff is a function of snapshots
    ///      at or before it, and an older one is only public longer; mixing older ones in would add nothing an
    ///      adversary does not already know. The bias this allows is argued in `ISeedBeacon`.
    function _inputs(uint256 anchor, uint256 cutoff) private view returns (SeedInputs memory inputs) {
        uint256 windowStart = cutoff > _windowSeconds ? cutoff - _windowSeconds : 0;
        Snapshot storage a = _ring[anchor % CAPACITY];
        if (a.timestamp <= windowStart || a.timestamp > cutoff) {
            Snapshot storage beforeAnchor = _ring[(anchor == 0 ? 0 : anchor - 1) % CAPACITY];
            return
                SeedInputs({
                    l1Epoch: uint64(a.number / L1_EPOCH_BLOCKS),
                    anchorBlock: a.number,
                    isFallback: true,
                    beaconRand: keccak256(abi.encode(FALLBACK_DOMAIN, a.prevrandao, a.number)),
                    blockHash: beforeAnchor.parentHash
                });
        }
        uint256 first = _firstAfter(anchor, windowStart);
        Snapshot storage previous = _ring[(first == 0 ? 0 : first - 1) % CAPACITY];
        bytes32 before = first == 0 ? bytes32(0) : previous.mixPrefix;
        inputs = SeedInputs({
            l1Epoch: uint64(a.number / L1_EPOCH_BLOCKS),
            anchorBlock: a.number,
            isFallback: false,
            beaconRand: keccak256(abi.encode(a.mixPrefix ^ before)),
            blockHash: previous.parentHash
        });
    }

    /// @dev The first stored snapshot index in [oldest + 1, anchor] with timestamp > `time` (the anchor's is).
    ///      Binary search over at most `CAPACITY` entries (8 steps). Starting one above the oldest stored snapshot
    ///      keeps the snapshot before the result readable; the window fits (`windowSeconds < CAPACITY`), so this
    ///      never cuts a window short.
    function _firstAfter(uint256 anchor, uint256 time) private view returns (uint256) {
        uint256 low = _count > CAPACITY ? _count - CAPACITY + 1 : 0;
        uint256 high = anchor;
        while (low < high) {
            uint256 mid = (low + high) / 2;
            if (_ring[mid % CAPACITY].timestamp > time) high = mid;
            else low = mid + 1;
        }
        return low;
    }

    /// @dev `epochStart(e) − lookbackSeconds`, or 0 when that is before the Unix epoch.
    function _cutoff(uint256 epoch) private view returns (uint256) {
        uint256 start = _genesisTime + epoch * _epochDuration;
        return start > _lookbackSeconds ? start - _lookbackSeconds : 0;
    }

    /// @dev The last epoch whose cutoff is before `time` (`_cutoff(e) < time`); callers ensure epoch 0 qualifies.
    function _lastEpochCutBefore(uint256 time) private view returns (uint256) {
        // cutoff(e) < time ⇔ genesis + e·D < time + lookback.
        uint256 limit = time + _lookbackSeconds;
        if (limit <= _genesisTime) return 0;
        return (limit - _genesisTime - 1) / _epochDuration;
    }
}
