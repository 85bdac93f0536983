// SPDX-License-Identifier: MIT
pragma solidity 0.8.28;

import {IERC20} from "@openzeppelin/contracts/token/ERC20/IERC20.sol";

/// @notice What one community-prover worker earned in one distribution: a leaf of its Merkle tree.
struct Payee {
    /// @notice The worker: its payout address, the address its chunk results were signed with.
    address worker;
    /// @notice What it earned, in base units of the distributor's token.
    uint256 amount;
}

/// @notice One claim of `claimMany`: the arguments of `claim`.
struct Claim {
    /// @notice The job distributor's operator that published the distribution.
    address operator;
    /// @notice The distribution's epoch.
    uint256 epoch;
    /// @notice The worker paid.
    address worker;
    /// @notice The worker's amount, as in its leaf.
    uint256 amount;
    /// @notice The leaf's Merkle proof (siblings, bottom-up).
    bytes32[] proof;
}

/// @notice A job distributor's signed receipt for one accepted chunk (EIP-712
///         `ChunkReceipt(uint256 epoch,uint256 chunkId,address worker,uint256 amount)`, field order fixed).
struct ChunkReceipt {
    /// @notice The epoch the chunk belongs to.
    uint256 epoch;
    /// @notice The chunk's id within the epoch's jobs.
    uint256 chunkId;
    /// @notice The worker whose sub-proof was accepted.
    address worker;
    /// @notice What the chunk earns the worker, in base units of the distributor's token.
    uint256 amount;
}

/// @title IPayoutDistributor
/// @notice CrowdProve payouts (DESIGN §7): after its epoch proof is accepted, a job distributor's operator funds a
///         distribution for that epoch and publishes the Merkle root of what each of its community-prover workers
///         earned; each worker claims its share with a proof, once. A distribution is keyed by (operator, epoch); its
///         leaves are OpenZeppelin StandardMerkleTree leaves of `["address","uint256"]`:
///         `keccak256(bytes.concat(keccak256(abi.encode(worker, amount))))`. Anyone may send a claim; the worker is
///         paid. There is no admin and no reclaim: funds put into a distribution only ever leave to its workers.
/// @dev Invariant: the distributor's token balance equals Σ (total − claimed) over all distributions. The contract does
///      not recompute the root from the published payees (that would cost a hash per leaf): a root that lists more
///      than was funded lets workers claim only up to the distribution's funded `total`, first come first served, so a
///      wrong root can short its own workers but never reach another distribution's funds. Each worker can claim once
///      per distribution, so a worker listed twice can claim one of its leaves only: the SDK merges such entries.
interface IPayoutDistributor {
    // ------------------------------------------------------------------ errors

    /// @notice The token is not a contract.
    error PayoutDistributor__InvalidToken(address token);
    /// @notice `operator` has already published its distribution for `epoch`.
    error PayoutDistributor__AlreadyPublished(address operator, uint256 epoch);
    /// @notice The root is zero (zero marks an unpublished distribution).
    error PayoutDistributor__EmptyRoot();
    /// @notice A distribution needs at least one payee.
    error PayoutDistributor__NoPayees();
    /// @notice Payee `index` has a zero worker or a zero amount.
    error PayoutDistributor__InvalidPayee(uint256 index);
    /// @notice Fewer tokens than declared arrived (fee-on-transfer tokens are not supported).
    error PayoutDistributor__TransferShort(uint256 expected, uint256 received);
    /// @notice `operator` has published no distribution for `epoch`.
    error PayoutDistributor__NotPublished(address operator, uint256 epoch);
    /// @notice `worker` has already claimed from `operator`'s distribution for `epoch`.
    error PayoutDistributor__AlreadyClaimed(address operator, uint256 epoch, address worker);
    /// @notice The proof does not connect the leaf of (`worker`, `amount`) to the distribution's root.
    error PayoutDistributor__InvalidProof(address operator, uint256 epoch, address worker, uint256 amount);
    /// @notice The claim asks more than the distribution has left (its root lists more than was funded).
    error PayoutDistributor__ExceedsFunding(address operator, uint256 epoch, uint256 requested, uint256 remaining);

    // ------------------------------------------------------------------ events

    /// @notice `operator` funded its distribution for `epoch` with `total` and published `root`, the Merkle root of
    ///         `payees`: with this event alone anyone can rebuild the tree and every worker's proof.
    event PayoutPublished(address indexed operator, uint256 indexed epoch, bytes32 root, uint256 total, Payee[] payees);
    /// @notice `worker` was paid `amount` from `operator`'s distribution for `epoch`.
    event PayoutClaimed(address indexed operator, uint256 indexed epoch, address indexed worker, uint256 amount);

    // ------------------------------------------------------------------ actions

    /// @notice Publishes the caller's distribution for `epoch`: stores `root` and pulls the sum of the payees'
    ///         amounts from the caller (approve it first).
    /// @dev `payees` must be the leaves of `root`; this is not checked on-chain (see the interface's `@dev`).
    function publish(uint256 epoch, bytes32 root, Payee[] calldata payees) external;

    /// @notice Pays `worker` its `amount` from `operator`'s distribution for `epoch`, once, given the leaf's proof.
    ///         Anyone may send it; the tokens go to `worker`.
    function claim(address operator, uint256 epoch, address worker, uint256 amount, bytes32[] calldata proof) external;

    /// @notice `claim` for each entry of `claims`, in order; one transfer per run of consecutive claims of one worker.
    ///         All or nothing: one failing claim reverts them all.
    function claimMany(Claim[] calldata claims) external;

    // ------------------------------------------------------------------ views

    /// @notice The token paid out.
    function token() external view returns (IERC20);

    /// @notice `operator`'s distribution for `epoch`: its root (zero if unpublished), what was funded and what has
    ///         been claimed so far.
    function distribution(
        address operator,
        uint256 epoch
    ) external view returns (bytes32 root, uint256 total, uint256 claimed);

    /// @notice Whether `worker` has claimed from `operator`'s distribution for `epoch`.
    function isClaimed(address operator, uint256 epoch, address worker) external view returns (bool);

    /// @notice The EIP-712 digest of a chunk receipt in this contract's domain (name "blockage PayoutDistributor",
    ///         version "1"): what a job distributor signs for each accepted chunk.
    function receiptDigest(ChunkReceipt calldata receipt) external view returns (bytes32);

    /// @notice The signer of a chunk receipt (ECDSA recovery of `receiptDigest`), so that anyone can check a job
    ///         distributor's receipt on-chain. Reverts on a malformed signature.
    function receiptSigner(ChunkReceipt calldata receipt, bytes calldata signature) external view returns (address);
}
