// SPDX-License-Identifier: MIT
pragma solidity 0.8.28;

import {ChunkGroth16Verifier} from "@blockage/circuits/build/ChunkGroth16Verifier.sol";
import {
    CHUNK_VERIFY_GAS as CHUNK_GAS,
    ChunkProof,
    IChunkGroth16Verifier,
    IChunkProofVerifier
} from "../interfaces/IChunkProofVerifier.sol";
import {BlockCommitment, IProofVerifier} from "../interfaces/IProofVerifier.sol";

/// @title The epoch proof verifier of blockage's reference L2
/// @notice An epoch proof is the ordered bundle of the Groth16 chunk proofs of every block of the epoch
///         (package circuits): each chunk proves `newState = fold(prevState, txs)` and
///         `txsCommitment = fold(0, txs)` with Poseidon, for a fixed number of private transactions. This contract
///         checks every chunk proof with the generated verifier, that the chunks' states chain from the epoch's
///         previous state through every block boundary to its new state, and that each block's chunks carry
///         exactly the transactions its header commits to, and that every chunk is bound to one and the same
///         prover address, which it returns: the caller pays that address, never whoever sent the proof, so a proof
///         copied from the mempool earns its copier nothing. Wrong, reordered, missing or extra chunks, or chunks
///         bound to different provers, revert with a named error; nothing is ever accepted silently.
/// @dev Proof encoding: `abi.encode(uint256[] chunkCounts, ChunkProof[] chunks)`, `chunkCounts[i]` the number of
///      chunks of block i. Only the canonical encoding is accepted, checked before decoding so that malformed bytes
///      get `MalformedProof` (or `TooManyBlocks` / `TooManyChunks` for a length over MAX_CHUNKS) instead of a bare
///      revert. Calldata that is not a valid call of `verifyEpochProof` at all (e.g. a truncated `blocks` array)
///      is refused by the ABI decoder before this contract runs, without an error name.
contract EpochProofVerifier is IProofVerifier, IChunkProofVerifier {
    /// @notice Most chunks (and so blocks) in one epoch proof: bounds every loop, and keeps a whole epoch proof
    ///         (~216k gas per chunk, bench/circuits.json) under the 2^24 (16,777,216) gas cap per transaction of
    ///         EIP-7825 with room to spare. Larger epochs need aggregation.
    uint256 public constant MAX_CHUNKS = 64;
    /// @notice Gas a chunk's verification needs (see `CHUNK_VERIFY_GAS` in IChunkProofVerifier.sol), checked before
    ///         each chunk.
    uint256 public constant CHUNK_VERIFY_GAS = CHUNK_GAS;
    /// @notice Public signals per chunk proof.
    uint256 public constant CHUNK_PUBLIC_SIGNALS = 4;

    /// @dev 32-byte words of one ChunkProof in the ABI encoding: 2 + 4 + 2 + 4, all static.
    uint256 private constant CHUNK_WORDS = 12;

    /// @notice The generated Groth16 verifier of the chunk circuit.
    IChunkGroth16Verifier public immutable chunkVerifier;

    /// @notice The epoch has no blocks.
    error EpochProofVerifier__NoBlocks();
    /// @notice The proof bytes are not the canonical `abi.encode(uint256[], ChunkProof[])`.
    error EpochProofVerifier__MalformedProof();
    /// @notice The proof gives chunk counts for `given` blocks; the epoch has `expected`.
    error EpochProofVerifier__BlockCountMismatch(uint256 expected, uint256 given);
    /// @notice A block must be proven by at least one chunk.
    error EpochProofVerifier__EmptyBlock(uint256 blockIndex);
    /// @notice The chunk counts add up to `expected` chunks but the proof carries `given` (a missing or extra chunk).
    error EpochProofVerifier__ChunkCountMismatch(uint256 expected, uint256 given);
    /// @notice More than MAX_CHUNKS chunks in the proof, or claimed for one block.
    error EpochProofVerifier__TooManyChunks(uint256 chunks, uint256 max);
    /// @notice More than MAX_CHUNKS blocks (each needs a chunk).
    error EpochProofVerifier__TooManyBlocks(uint256 blocks, uint256 max);
    /// @notice Less than CHUNK_VERIFY_GAS left before verifying chunk `chunkIndex`: send more gas.
    error EpochProofVerifier__InsufficientGas(uint256 chunkIndex, uint256 gasLeft);
    /// @notice The chunk verifier given to the constructor has no code.
    error EpochProofVerifier__NoVerifierCode(address verifier);
    /// @notice Block `blockIndex` does not start where the previous block (or the epoch) ends.
    error EpochProofVerifier__BlockChainBroken(uint256 blockIndex, uint256 expectedPrevState, uint256 prevState);
    /// @notice The last block does not end in the epoch's new state.
    error EpochProofVerifier__EpochStateMismatch(uint256 expectedNewState, uint256 newState);
    /// @notice Chunk `chunkIndex` does not start where the previous chunk ends.
    error EpochProofVerifier__ChunkChainBroken(uint256 chunkIndex, uint256 expectedPrevState, uint256 prevState);
    /// @notice Block `blockIndex`'s chunks do not end in the state its header claims.
    error EpochProofVerifier__BlockStateMismatch(uint256 blockIndex, uint256 expectedNewState, uint256 newState);
    /// @notice Block `blockIndex`'s chunks do not carry the transactions its header commits to.
    error EpochProofVerifier__TxsCommitmentMismatch(uint256 blockIndex, bytes32 expected, bytes32 chunksCommitment);
    /// @notice Chunk `chunkIndex`'s Groth16 proof does not verify for its public signals.
    error EpochProofVerifier__InvalidChunkProof(uint256 chunkIndex);
    /// @notice Chunk `chunkIndex` is bound to `prover`, which is not a nonzero address (below 2^160).
    error EpochProofVerifier__InvalidProver(uint256 chunkIndex, uint256 prover);
    /// @notice Chunk `chunkIndex` is bound to `prover`, the epoch's first chunk to `expected`: one epoch proof pays
    ///         one prover.
    error EpochProofVerifier__MixedProvers(uint256 chunkIndex, address expected, address prover);

    /// @param verifier The deployed generated verifier (`ChunkGroth16Verifier`).
    constructor(ChunkGroth16Verifier verifier) {
        if (address(verifier).code.length == 0) revert EpochProofVerifier__NoVerifierCode(address(verifier));
        chunkVerifier = IChunkGroth16Verifier(address(verifier));
    }

    /// @inheritdoc IProofVerifier
    function maxChunks() external pure returns (uint256) {
        return MAX_CHUNKS;
    }

    /// @inheritdoc IProofVerifier
    function verifyEpochProof(
        uint256 prevState,
        uint256 newState,
        BlockCommitment[] calldata blocks,
        bytes calldata proof
    ) external view returns (address prover) {
        uint256 blockCount = blocks.length;
        if (blockCount == 0) revert EpochProofVerifier__NoBlocks();
        (uint256[] memory chunkCounts, ChunkProof[] memory chunks) = _decode(proof);
        if (chunkCounts.length != blockCount) {
            revert EpochProofVerifier__BlockCountMismatch(blockCount, chunkCounts.length);
        }
        // The block count now equals chunkCounts.length and the chunk count is chunks.length, both at most
        // MAX_CHUNKS (_decode), so every loop below is bounded.
        uint256 totalChunks;
        for (uint256 i; i < blockCount; ++i) {
            if (chunkCounts[i] == 0) revert EpochProofVerifier__EmptyBlock(i);
            // Each count is at most MAX_CHUNKS and there are at most MAX_CHUNKS of them: the sum cannot overflow.
            if (chunkCounts[i] > MAX_CHUNKS) revert EpochProofVerifier__TooManyChunks(chunkCounts[i], MAX_CHUNKS);
            totalChunks += chunkCounts[i];
        }
        if (totalChunks != chunks.length) revert EpochProofVerifier__ChunkCountMismatch(totalChunks, chunks.length);

        uint256 state = prevState;
        uint256 chunk;
        for (uint256 i; i < blockCount; ++i) {
            BlockCommitment calldata header = blocks[i];
            if (header.prevState != state) revert EpochProofVerifier__BlockChainBroken(i, state, header.prevState);
            uint256 count = chunkCounts[i];
            uint256[] memory commitments = new uint256[](count);
            for (uint256 j; j < count; ++j) {
                ChunkProof memory p = chunks[chunk];
                if (p.publicSignals[0] != state) {
                    revert EpochProofVerifier__ChunkChainBroken(chunk, state, p.publicSignals[0]);
                }
                prover = _boundProver(chunk, p.publicSignals[3], prover);
                if (gasleft() < CHUNK_VERIFY_GAS) revert EpochProofVerifier__InsufficientGas(chunk, gasleft());
                if (!chunkVerifier.verifyProof(p.a, p.b, p.c, p.publicSignals)) {
                    revert EpochProofVerifier__InvalidChunkProof(chunk);
                }
                state = p.publicSignals[1];
                commitments[j] = p.publicSignals[2];
                ++chunk;
            }
            if (state != header.newState) revert EpochProofVerifier__BlockStateMismatch(i, header.newState, state);
            bytes32 chunksCommitment = keccak256(abi.encodePacked(commitments));
            if (chunksCommitment != header.txsCommitment) {
                revert EpochProofVerifier__TxsCommitmentMismatch(i, header.txsCommitment, chunksCommitment);
            }
        }
        if (state != newState) revert EpochProofVerifier__EpochStateMismatch(newState, state);
    }

    /// @notice A block's transactions commitment from its chunks' Poseidon txs commitments, in order.
    function blockTxsCommitment(uint256[] calldata chunkTxsCommitments) external pure returns (bytes32) {
        return keccak256(abi.encodePacked(chunkTxsCommitments));
    }

    /// @dev The address chunk `chunk` is bound to (its `prover` signal): a nonzero address, the same as every
    ///      earlier chunk's (`prover`, unset for chunk 0). Checked before the pairing, so a bad binding costs little.
    function _boundProver(uint256 chunk, uint256 signal, address prover) private pure returns (address) {
        if (signal == 0 || signal > type(uint160).max) revert EpochProofVerifier__InvalidProver(chunk, signal);
        address bound = address(uint160(signal));
        if (chunk != 0 && bound != prover) revert EpochProofVerifier__MixedProvers(chunk, prover, bound);
        return bound;
    }

    /// @dev Checks that `proof` is exactly the canonical encoding of `(uint256[] chunkCounts, ChunkProof[] chunks)`
    ///      (head offsets 0x40 and 0x40 + 32·(1 + blocks), lengths that fill the bytes exactly), then decodes it.
    function _decode(
        bytes calldata proof
    ) private pure returns (uint256[] memory chunkCounts, ChunkProof[] memory chunks) {
        if (proof.length < 0x80) revert EpochProofVerifier__MalformedProof();
        if (_word(proof, 0) != 0x40) revert EpochProofVerifier__MalformedProof();
        uint256 countsLength = _word(proof, 0x40);
        // Bounded before any arithmetic on it: no block count above MAX_CHUNKS is valid anyway.
        if (countsLength > MAX_CHUNKS) revert EpochProofVerifier__TooManyBlocks(countsLength, MAX_CHUNKS);
        uint256 chunksOffset = 0x60 + 32 * countsLength;
        if (_word(proof, 0x20) != chunksOffset || proof.length < chunksOffset + 32) {
            revert EpochProofVerifier__MalformedProof();
        }
        uint256 chunksLength = _word(proof, chunksOffset);
        if (chunksLength > MAX_CHUNKS) revert EpochProofVerifier__TooManyChunks(chunksLength, MAX_CHUNKS);
        if (proof.length != chunksOffset + 32 + 32 * CHUNK_WORDS * chunksLength) {
            revert EpochProofVerifier__MalformedProof();
        }
        return abi.decode(proof, (uint256[], ChunkProof[]));
    }

    function _word(bytes calldata data, uint256 offset) private pure returns (uint256) {
        return uint256(bytes32(data[offset:offset + 32]));
    }
}
