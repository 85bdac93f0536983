// SPDX-License-Identifier: MIT
pragma solidity 0.8.28;

import {BlockHeader, IRollup} from "./IRollup.sol";
import {IProofVerifier} from "./IProofVerifier.sol";
import {IProverLottery} from "./IProverLottery.sol";
import {IRollupCoordinator} from "./IRollupCoordinator.sol";

/// @notice An EIP-712 proof quote (seed 003 plus the bond offered and an expiry).
struct Quote {
    /// @notice The prover; it signs the quote and must send the claim.
    address prover;
    /// @notice The epoch to prove: the one before the current epoch.
    uint256 epoch;
    /// @notice The prover's fee, in basis points of the epoch's rewards.
    uint16 basisPointFee;
    /// @notice The bond the prover puts up (stake token), at least `minBond`.
    uint256 bond;
    /// @notice The last slot in which the quote may be used.
    uint64 validUntilSlot;
}

/// @notice Where an epoch's proof right stands.
enum ClaimStatus {
    /// @notice Not claimed.
    None,
    /// @notice Claimed; the bond is held until the epoch is proven or the claim is slashed.
    Claimed,
    /// @notice Proven by the proof deadline; the bond was released.
    Proven,
    /// @notice Missed the proof deadline; the bond was split between a rescuer (or the reward pool) and a burn.
    Slashed
}

/// @notice An epoch's proof claim.
struct EpochClaim {
    /// @notice The claimant (zero if none).
    address prover;
    /// @notice The proposer that countersigned the quote (the claimant itself for a designated claim).
    address proposer;
    /// @notice The bond held.
    uint96 bond;
    /// @notice The claimant's fee in basis points of the epoch's rewards.
    uint16 basisPointFee;
    ClaimStatus status;
}

/// @notice The prover coordinator's parameters.
struct CoordinatorConfig {
    /// @notice Verifies epoch proofs.
    IProofVerifier proofVerifier;
    /// @notice Reward per proven block, paid from the `RewardPool` while it lasts.
    uint256 blockReward;
    /// @notice The least bond a quote may offer; also the designated prover's bond.
    uint256 minBond;
    /// @notice The prover's fee (basis points of the epoch's rewards) for designated claims and open races.
    uint16 defaultProverFee;
    /// @notice The highest fee (basis points of the epoch's rewards) a countersigned quote may ask. One slot's
    ///         proposer countersigns the quote that sets the whole epoch's prover fee, so this bounds what a proposer
    ///         colluding with a prover can take from the epoch's other proposers (at most `submitterShare` short of
    ///         10,000; 5,000 by default in the SDK).
    uint16 maxQuoteFee;
    /// @notice The submitter's share of the epoch's rewards (basis points).
    uint16 submitterShare;
    /// @notice Share of a slashed bond (basis points) for whoever proves the epoch instead; the rest is burned.
    uint16 rescueShare;
    /// @notice Slots at the start of epoch e+1 reserved for the designated prover of epoch e.
    uint32 priorityWindowSlots;
    /// @notice Slots at the start of epoch e+1 in which epoch e's proof right may be claimed (≥ priority window).
    uint32 claimWindowSlots;
    /// @notice Slots after epoch e ends by which a claimed epoch must be proven (≤ the rollup's final deadline).
    uint32 proofDeadlineSlots;
}

/// @title IProverCoordinator
/// @notice Prover coordination (DESIGN §5, seed 003): who proves each epoch, with what bond, for what fee, and
///         who is paid when the proof lands. For epoch e, at the start of epoch e+1: the epoch's designated prover
///         (best prover ticket) may claim in the priority window at the default fee with `minBond`; then any prover
///         may claim with a quote countersigned by the current slot's proposer. `submitEpochProof` verifies the
///         proof, marks the blocks proven on the rollup and credits the rewards: the block rewards from the
///         `RewardPool` plus the blocks' shared fees (FEE_SPLIT), of which the prover takes its fee, the submitter
///         its share, and the proposers the rest; the proposers also keep the unshared part of their fees.
///         Backups: no claim by the end of the claim window → an open race at the default fee; a claimant that
///         misses its proof deadline loses its bond (rescue share to whoever proves instead, rest burned; to the
///         reward pool if the epoch is pruned unproven).
/// @dev Credits are withdrawn with `withdrawRewards`; the coordinator's token balance always equals
///      `totalBonds() + totalOwed()`.
interface IProverCoordinator is IProverLottery, IRollupCoordinator {
    // ------------------------------------------------------------------ errors

    /// @notice A deployment parameter is out of range (`what` names it).
    error ProverCoordinator__InvalidConfig(string what);
    /// @notice Only the rollup may do this.
    error ProverCoordinator__NotRollup(address caller);
    /// @notice Fewer tokens than declared arrived (fee-on-transfer tokens are not supported).
    error ProverCoordinator__TransferShort(uint256 expected, uint256 received);
    /// @notice An epoch proof needs at least one header.
    error ProverCoordinator__NoHeaders();
    /// @notice The quote's epoch is not the previous epoch.
    error ProverCoordinator__NotPreviousEpoch(uint256 epoch, uint256 currentEpoch);
    /// @notice Epoch `epoch`'s claim phase runs over slots [opens, closes) (`designated` for the priority window).
    error ProverCoordinator__NotInClaimPhase(uint256 epoch, uint256 currentSlot, uint256 opens, uint256 closes);
    /// @notice The epoch's proof right is already claimed.
    error ProverCoordinator__AlreadyClaimed(uint256 epoch, address prover);
    /// @notice The current slot has no proposal yet, so nobody can countersign for it.
    error ProverCoordinator__NoProposerForSlot(uint256 slot);
    /// @notice The countersignature is not from the operator of the current slot's best proposal.
    error ProverCoordinator__NotCurrentProposer(address signer, address proposer);
    /// @notice The quote's prover signature does not recover to `quote.prover`.
    error ProverCoordinator__InvalidProverSignature(address signer, address prover);
    /// @notice `msg.sender` is not the quote's prover.
    error ProverCoordinator__ProverNotSender(address prover, address sender);
    /// @notice The quote expired.
    error ProverCoordinator__QuoteExpired(uint256 validUntilSlot, uint256 currentSlot);
    /// @notice The quote's bond is below `minBond` (or above 2^96).
    error ProverCoordinator__BondOutOfRange(uint256 bond, uint256 minBond);
    /// @notice The quote asks more than the deployment's `maxQuoteFee` (basis points).
    error ProverCoordinator__FeeTooHigh(uint256 basisPointFee, uint256 maxFee);
    /// @notice The caller is not the operator of the epoch's designated prover (or there is none).
    error ProverCoordinator__NotDesignatedProver(uint256 epoch, bytes32 pid);
    /// @notice Epoch `epoch` has not ended.
    error ProverCoordinator__EpochNotOver(uint256 epoch, uint256 currentEpoch);
    /// @notice Nobody claimed the epoch and its claim window is open: the open race starts at slot `opensAt`.
    error ProverCoordinator__ProofRaceNotOpen(uint256 epoch, uint256 opensAt);
    /// @notice The claim cannot be slashed: it is not in force or its final deadline has not passed.
    error ProverCoordinator__NotSlashable(uint256 epoch, ClaimStatus status, uint256 finalDeadlineSlot);
    /// @notice Nothing to withdraw.
    error ProverCoordinator__NoRewards(address account);
    /// @notice Zero address.
    error ProverCoordinator__ZeroAddress();
    /// @notice An earlier epoch still has unproven blocks (epochs are proven in order).
    error ProverCoordinator__EarlierEpochUnproven(uint256 epoch, uint256 unprovenEpoch);
    /// @notice The epoch has no unproven block (already proven, pruned, or empty).
    error ProverCoordinator__NothingToProve(uint256 epoch);

    // ------------------------------------------------------------------ events

    /// @notice `prover` holds epoch `epoch`'s proof right at `basisPointFee`, with `bond` (countersigned by
    ///         `proposer`; `designated` for the priority-window claim of the epoch's prover-lottery winner).
    event ProofRightClaimed(
        uint256 indexed epoch,
        address indexed prover,
        address indexed proposer,
        uint16 basisPointFee,
        uint256 bond,
        bool designated
    );
    /// @notice Epoch `epoch`'s blocks `fromBlock..toBlock` are proven (state `newState`); `rewards` were credited:
    ///         `proverFee` to `prover`, `submitterFee` (plus rounding dust) to `beneficiary` (the address the proof is
    ///         bound to, whoever sent it), the rest to proposers.
    event EpochProven(
        uint256 indexed epoch,
        uint256 fromBlock,
        uint256 toBlock,
        uint256 newState,
        address indexed prover,
        address indexed beneficiary,
        uint256 rewards,
        uint256 proverFee,
        uint256 submitterFee
    );
    /// @notice `proposer` was credited `amount` for its blocks in epoch `epoch` (its reward share plus the fees it
    ///         keeps).
    event ProposerRewarded(uint256 indexed epoch, address indexed proposer, uint256 amount);
    /// @notice The claimant of epoch `epoch` missed its deadline: `rescued` went to `rescuer` (the beneficiary of
    ///         the proof that rescued the epoch, or the reward pool if nobody proved) and `burned` to the burn address.
    event BondSlashed(
        uint256 indexed epoch,
        address indexed prover,
        address indexed rescuer,
        uint256 rescued,
        uint256 burned
    );
    /// @notice The bond of epoch `epoch`'s claim was credited back to `prover`.
    event BondReleased(uint256 indexed epoch, address indexed prover, uint256 bond);
    /// @notice `submitter` was credited `reward` (the block reward, capped by the pool's reserve) for a based block.
    event BasedBlockRewarded(address indexed submitter, uint256 reward);
    /// @notice `account` withdrew `amount` of its credited rewards to `to`.
    event RewardsWithdrawn(address indexed account, address indexed to, uint256 amount);

    // ------------------------------------------------------------------ actions

    /// @notice The priority window: the operator of epoch `epoch`'s designated prover (best prover ticket) claims
    ///         the proof right at `defaultProverFee`, putting up `minBond`.
    function claimAsDesignatedProver(uint256 epoch, bytes32 pid, bytes32 salt) external;

    /// @notice Claims the previous epoch's proof right with a quote signed by the prover (`msg.sender`) and
    ///         countersigned (`QuoteAcceptance(quote, slot)`) by the operator of the current slot's best proposal;
    ///         transfers the bond. Seed 003's six checks, each with its own error, plus epochs in order.
    function claimProofRight(
        Quote calldata quote,
        bytes calldata proverSignature,
        bytes calldata proposerSignature
    ) external;

    /// @notice Proves epoch `epoch`: `headers` are all its blocks from the first unproven one, in order; the proof
    ///         is checked by the proof verifier. Credits the prover fee (the claimant's, or the default fee to the
    ///         proof's beneficiary in an open race or a rescue), the submitter's share (to the beneficiary), the
    ///         proposers' shares, and releases or slashes the bond (a rescue share to the beneficiary).
    /// @dev The beneficiary is the address every chunk of `proof` is bound to (a public input of the chunk circuit),
    ///      never `msg.sender`: anyone may relay a proof, and its author is paid.
    function submitEpochProof(uint256 epoch, BlockHeader[] calldata headers, bytes calldata proof) external;

    /// @notice Slashes the bond of a claim whose epoch was never proven, once the final deadline has passed: the
    ///         rescue share goes to the reward pool, the rest is burned.
    function slashMissedClaim(uint256 epoch) external;

    /// @notice Withdraws the caller's credited rewards, fee refunds and released bonds to `to`.
    function withdrawRewards(address to) external returns (uint256 amount);

    // ------------------------------------------------------------------ views

    function config() external view returns (CoordinatorConfig memory);

    function epochClaim(uint256 epoch) external view returns (EpochClaim memory);

    /// @notice Epoch `epoch`'s windows in absolute slots: priority window [claimOpens, priorityEnds), claims until
    ///         `claimCloses`, the claimant's proof deadline, and the final deadline after which the rollup prunes.
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
        );

    /// @notice The credited balance of `account`.
    function rewardsOf(address account) external view returns (uint256);

    /// @notice Bonds held for claims in force.
    function totalBonds() external view returns (uint256);

    /// @notice Credited balances not yet withdrawn.
    function totalOwed() external view returns (uint256);

    /// @notice The EIP-712 digests signed by provers and by countersigning proposers.
    function quoteDigest(Quote calldata quote) external view returns (bytes32);

    function acceptanceDigest(Quote calldata quote, uint64 slot) external view returns (bytes32);

    function rollup() external view returns (IRollup);

    function rewardPool() external view returns (address);

    /// @notice How many epochs' claims the claim ring keeps (enough to cover an epoch's final deadline).
    function claimRingSize() external view returns (uint256);
}
