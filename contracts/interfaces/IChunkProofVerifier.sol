// SPDX-License-Identifier: MIT
pragma solidity 0.8.28;

/// @notice A Groth16 proof of one chunk, with its public signals `[prevState, newState, txsCommitment, prover]`:
///         `prover` is the address the proof is bound to (every payout for it goes there), as a field element.
/// @dev `b` is in the verifier's order: each G2 coordinate as `[imaginary, real]` (the reverse of snarkjs's
///      `pi_b`); `encodeEpochProof` in package circuits does the swap.
struct ChunkProof {
    uint256[2] a;
    uint256[2][2] b;
    uint256[2] c;
    uint256[4] publicSignals;
}

// Gas one chunk's Groth16 check needs: the generated verifier's precompile calls (4 ecMul, 4 ecAdd and a 4-pair
// pairing, ~207k) and its own work, grossed up for the 63/64 a call may forward. A caller checks it before each chunk,
// so that a call short of gas fails as such and never as an invalid proof (the generated verifier answers `false`,
// not a revert, when a precompile runs out of gas).
uint256 constant CHUNK_VERIFY_GAS = 232_000;

/// @title IChunkGroth16Verifier
/// @notice The chunk circuit's Groth16 verifier as snarkjs generates it (`ChunkGroth16Verifier` in package circuits):
///         whether `(a, b, c)` proves the chunk statement `publicSignals` (`ChunkProof.publicSignals`).
interface IChunkGroth16Verifier {
    function verifyProof(
        uint256[2] calldata a,
        uint256[2][2] calldata b,
        uint256[2] calldata c,
        uint256[4] calldata publicSignals
    ) external view returns (bool);
}

/// @title IChunkProofVerifier
/// @notice An epoch proof verifier built on single chunk proofs exposes the chunk circuit's verifier, so that a
///         mechanism ranking proofs per chunk (Cooperative, seed 001) checks each chunk proof on its own, directly
///         (one call, not two: chunk submissions are its hot path). The caller checks the statement
///         (`publicSignals[0..3]`) against the chain.
interface IChunkProofVerifier {
    /// @notice The chunk circuit's Groth16 verifier.
    function chunkVerifier() external view returns (IChunkGroth16Verifier);
}
