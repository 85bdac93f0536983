// SPDX-License-Identifier: MIT
pragma solidity 0.8.28;

import {IERC20} from "@openzeppelin/contracts/token/ERC20/IERC20.sol";
import {SafeERC20} from "@openzeppelin/contracts/token/ERC20/utils/SafeERC20.sol";
import {EIP712} from "@openzeppelin/contracts/utils/cryptography/EIP712.sol";
import {ECDSA} from "@openzeppelin/contracts/utils/cryptography/ECDSA.sol";
import {MerkleProof} from "@openzeppelin/contracts/utils/cryptography/MerkleProof.sol";
import {SafeCast} from "@openzeppelin/contracts/utils/math/SafeCast.sol";
import {ReentrancyGuardTransient} from "@openzeppelin/contracts/utils/ReentrancyGuardTransient.sol";
import {ChunkReceipt, Claim, IPayoutDistributor, Payee} from "../interfaces/IPayoutDistributor.sol";

/// @title PayoutDistributor
/// @notice CrowdProve payouts (see `IPayoutDistributor`): per-epoch Merkle distributions funded by job distributor
///         operators and claimed by their workers.
/// @dev A distribution takes two words: its root, then its funded total and claimed amount packed together, so a claim
///      rewrites one warm-able word besides setting its worker's flag. The root is never zero once published, which is
///      how "published" is told. Tokens: the balance is exactly Σ (total − claimed); inflows are measured by balance
///      difference; every function that moves tokens is `nonReentrant` and updates its accounting before the transfer.
contract PayoutDistributor is EIP712, ReentrancyGuardTransient, IPayoutDistributor {
    using SafeERC20 for IERC20;

    bytes32 internal constant CHUNK_RECEIPT_TYPEHASH = keccak256(
        "ChunkReceipt(uint256 epoch,uint256 chunkId,address worker,uint256 amount)"
    );

    /// @dev One distribution (2 words). `claimed ≤ total` always; both fit 128 bits because `total` is checked to.
    struct Distribution {
        bytes32 root;
        uint128 total;
        uint128 claimed;
    }

    IERC20 internal immutable _token;

    mapping(address operator => mapping(uint256 epoch => Distribution)) internal _distributions;
    mapping(address operator => mapping(uint256 epoch => mapping(address worker => bool))) internal _claimed;

    /// @param token_ The token every distribution is funded and paid in (without transfer fees).
    constructor(IERC20 token_) EIP712("blockage PayoutDistributor", "1") {
        if (address(token_).code.length == 0) revert PayoutDistributor__InvalidToken(address(token_));
        _token = token_;
    }

    /*//////////////////////////////////////////////////////////////
                                PUBLISHING
    //////////////////////////////////////////////////////////////*/

    /// @inheritdoc IPayoutDistributor
    function publish(uint256 epoch, bytes32 root, Payee[] calldata payees) external nonReentrant {
        Distribution storage d = _distributions[msg.sender][epoch];
        if (d.root != bytes32(0)) revert PayoutDistributor__AlreadyPublished(msg.sender, epoch);
        if (root == bytes32(0)) revert PayoutDistributor__EmptyRoot();
        uint256 count = payees.length;
        if (count == 0) revert PayoutDistributor__NoPayees();
        // Bounded, and no DoS vector: the loop runs over the caller's own calldata and touches no storage, so only
        // the caller pays for its length (a few thousand gas per payee with the calldata and the event's copy) and
        // nobody else can make it longer; one transaction's gas limit bounds it.
        uint256 total;
        for (uint256 i = 0; i < count; ++i) {
            Payee calldata payee = payees[i];
            if (payee.worker == address(0) || payee.amount == 0) revert PayoutDistributor__InvalidPayee(i);
            total += payee.amount;
        }
        d.root = root;
        d.total = SafeCast.toUint128(total);
        emit PayoutPublished(msg.sender, epoch, root, total, payees);
        uint256 before = _token.balanceOf(address(this));
        _token.safeTransferFrom(msg.sender, address(this), total);
        uint256 received = _token.balanceOf(address(this)) - before;
        if (received != total) revert PayoutDistributor__TransferShort(total, received);
    }

    /*//////////////////////////////////////////////////////////////
                                 CLAIMS
    //////////////////////////////////////////////////////////////*/

    /// @inheritdoc IPayoutDistributor
    function claim(
        address operator,
        uint256 epoch,
        address worker,
        uint256 amount,
        bytes32[] calldata proof
    ) external nonReentrant {
        _record(operator, epoch, worker, amount, proof);
        _token.safeTransfer(worker, amount);
    }

    /// @inheritdoc IPayoutDistributor
    function claimMany(Claim[] calldata claims) external nonReentrant {
        // Both loops run over the caller's own calldata: the caller pays for every entry, and no entry costs anyone
        // else anything. Every claim is recorded before any token moves.
        uint256 count = claims.length;
        for (uint256 i = 0; i < count; ++i) {
            Claim calldata c = claims[i];
            _record(c.operator, c.epoch, c.worker, c.amount, c.proof);
        }
        uint256 next = 0;
        while (next < count) {
            address worker = claims[next].worker;
            uint256 amount;
            // One transfer per run of consecutive claims of the same worker (a worker claiming its epochs).
            while (next < count && claims[next].worker == worker) {
                amount += claims[next].amount;
                ++next;
            }
            _token.safeTransfer(worker, amount);
        }
    }

    /*//////////////////////////////////////////////////////////////
                                 VIEWS
    //////////////////////////////////////////////////////////////*/

    /// @inheritdoc IPayoutDistributor
    function token() external view returns (IERC20) {
        return _token;
    }

    /// @inheritdoc IPayoutDistributor
    function distribution(
        address operator,
        uint256 epoch
    ) external view returns (bytes32 root, uint256 total, uint256 claimed) {
        Distribution storage d = _distributions[operator][epoch];
        return (d.root, d.total, d.claimed);
    }

    /// @inheritdoc IPayoutDistributor
    function isClaimed(address operator, uint256 epoch, address worker) external view returns (bool) {
        return _claimed[operator][epoch][worker];
    }

    /// @inheritdoc IPayoutDistributor
    function receiptDigest(ChunkReceipt calldata receipt) public view returns (bytes32) {
        return
            _hashTypedDataV4(
                keccak256(
                    abi.encode(CHUNK_RECEIPT_TYPEHASH, receipt.epoch, receipt.chunkId, receipt.worker, receipt.amount)
                )
            );
    }

    /// @inheritdoc IPayoutDistributor
    function receiptSigner(ChunkReceipt calldata receipt, bytes calldata signature) external view returns (address) {
        return ECDSA.recover(receiptDigest(receipt), signature);
    }

    /*//////////////////////////////////////////////////////////////
                                INTERNAL
    //////////////////////////////////////////////////////////////*/

    /// @dev Checks one claim and records it (the worker's flag and the distribution's claimed amount), then emits it.
    ///      The caller transfers the tokens afterwards.
    function _record(
        address operator,
        uint256 epoch,
        address worker,
        uint256 amount,
        bytes32[] calldata proof
    ) internal {
        Distribution storage d = _distributions[operator][epoch];
        bytes32 root = d.root;
        if (root == bytes32(0)) revert PayoutDistributor__NotPublished(operator, epoch);
        mapping(address worker => bool) storage claimed = _claimed[operator][epoch];
        if (claimed[worker]) revert PayoutDistributor__AlreadyClaimed(operator, epoch, worker);
        // The OpenZeppelin StandardMerkleTree leaf of ["address","uint256"]: hashed twice, so that no 64-byte inner
        // node can pass for a leaf.
        bytes32 leaf = keccak256(bytes.concat(keccak256(abi.encode(worker, amount))));
        if (!MerkleProof.verifyCalldata(proof, root, leaf)) {
            revert PayoutDistributor__InvalidProof(operator, epoch, worker, amount);
        }
        uint128 total = d.total;
        uint128 paid = d.claimed;
        uint256 remaining;
        // `paid ≤ total` is the distribution's invariant (only this function raises `paid`, never past `total`).
        unchecked {
            remaining = total - paid;
        }
        if (amount > remaining) revert PayoutDistributor__ExceedsFunding(operator, epoch, amount, remaining);
        claimed[worker] = true;
        // `amount ≤ remaining = total − paid`, so `paid + amount ≤ total < 2^128`: no overflow, and the cast is exact.
        unchecked {
            d.claimed = paid + uint128(amount);
        }
        emit PayoutClaimed(operator, epoch, worker, amount);
    }
}
