// SPDX-License-Identifier: MIT
pragma solidity 0.8.28;

/// @notice One block of an epoch as its header commits to it.
struct BlockCommitment {
    /// @notice The L2 state before the block (a BN254 field element).
    uint256 prevState;
    /// @notice The L2 state after the block (a BN254 field element).
    uint256 newState;
    /// @notice The block's transactions commitment: `keccak256(abi.encodePacked(c_0, …, c_{k-1}))` over the
    ///         Poseidon txs commitments `c_j` of its k chunks, in order (`blockTxsCommitment` in package circuits).
    bytes32 txsCommitment;
}

/// @title The rollup's epoch proof verifier
/// @notice Checks an epoch proof: that the epoch's blocks, in order, take the L2 state from `prevState` (the last
///         proven state) to `newState`, each block executing exactly the transactions its header commits to.
///         The proof's encoding belongs to the implementation.
interface IProofVerifier {
    /// @notice Returns the address the proof is bound to when `proof` proves the epoch; otherwise reverts with a
    ///         custom error naming the failed condition. Never returns for an invalid proof.
    /// @dev Every prover-side payout for the proof goes to the returned address, never to whoever sent it: the
    ///      binding is part of what the proof proves, so a proof copied from the mempool pays its author only.
    /// @param prevState The last proven state the epoch starts from.
    /// @param newState The state the epoch ends in.
    /// @param blocks The epoch's blocks in order, as their headers commit to them.
    /// @param proof The epoch proof.
    /// @return prover The nonzero address every part of the proof is bound to.
    function verifyEpochProof(
        uint256 prevState,
        uint256 newState,
        BlockCommitment[] calldata blocks,
        bytes calldata proof
    ) external view returns (address prover);

    /// @notice The most chunk proofs one epoch proof may hold: an epoch with more chunks than this can never be
    ///         proven, so the rollup keeps every epoch within it.
    function maxChunks() external view returns (uint256);
}
