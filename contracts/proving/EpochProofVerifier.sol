// SPDX-License-Identifier: MIT
pragma solidity 0.8.28;

import {ChunkGroth16Verifier} from "@blockage/circuits/build/ChunkGroth16Verifier.sol";
// The chunk circuit's verifying key as file-level CHUNK_VK_* constants: only the assembly below reads them, which
// solhint does not look into.
// solhint-disable no-unused-import
import {
    CHUNK_VK_ALPHA_NEG_Y,
    CHUNK_VK_ALPHA_X,
    CHUNK_VK_BETA_X_IM,
    CHUNK_VK_BETA_X_RE,
    CHUNK_VK_BETA_Y_IM,
    CHUNK_VK_BETA_Y_RE,
    CHUNK_VK_DELTA_X_IM,
    CHUNK_VK_DELTA_X_RE,
    CHUNK_VK_DELTA_Y_IM,
    CHUNK_VK_DELTA_Y_RE,
    CHUNK_VK_GAMMA_X_IM,
    CHUNK_VK_GAMMA_X_RE,
    CHUNK_VK_GAMMA_Y_IM,
    CHUNK_VK_GAMMA_Y_RE,
    CHUNK_VK_IC0_NEG_Y,
    CHUNK_VK_IC0_X,
    CHUNK_VK_IC1_NEG_Y,
    CHUNK_VK_IC1_X,
    CHUNK_VK_IC2_NEG_Y,
    CHUNK_VK_IC2_X,
    CHUNK_VK_IC3_NEG_Y,
    CHUNK_VK_IC3_X,
    CHUNK_VK_IC4_NEG_Y,
    CHUNK_VK_IC4_X
} from "@blockage/circuits/build/ChunkVerifyingKey.sol";
// solhint-enable no-unused-import
import {
    CHUNK_VERIFY_GAS as CHUNK_GAS,
    IChunkGroth16Verifier,
    IChunkProofVerifier
} from "../interfaces/IChunkProofVerifier.sol";
import {BlockCommitment, IProofVerifier} from "../interfaces/IProofVerifier.sol";

/// @title The epoch proof verifier of blockage's reference L2
/// @notice An epoch proof is the ordered bundle of the Groth16 chunk proofs of every block of the epoch
///         (package circuits): each chunk proves `newState = fold(prevState, txs)` and
///         `txsCommitment = fold(0, txs)` with Poseidon, for a fixed number of private transactions. This contract
///         checks that the chunks' states chain from the epoch's previous state through every block boundary to its
///         new state, that each block's chunks carry exactly the transactions its header commits to, that every
///         chunk is bound to one and the same prover address, which it returns (the caller pays that address, never
///         whoever sent the proof, so a proof copied from the mempool earns its copier nothing), and then every
///         chunk's Groth16 proof, all of them in ONE pairing check. Wrong, reordered, missing or extra chunks, or
///         chunks bound to different provers, revert with a named error; nothing is ever accepted silently.
///
///         **The batched check.** Chunk i's Groth16 equation, with proof (A_i, B_i, C_i) and public signals x_i, is
///         `e(A_i, B_i) = e(α, β) · e(L_i, γ) · e(C_i, δ)` with `L_i = IC_0 + Σ_j x_ij · IC_j`. With weights r_i
///         the n equations are checked as one:
///         `Π_i e(r_i·A_i, B_i) · e(−(Σ_i r_i)·α, β) · e(−Σ_i r_i·L_i, γ) · e(−Σ_i r_i·C_i, δ) = 1`,
///         n + 3 pairings in one call of the ecPairing precompile instead of 4n in n calls. The public signals are
///         folded per input index first, `Σ_i r_i·L_i = s_0·IC_0 + Σ_j s_j·IC_j` with `s_0 = Σ_i r_i` and
///         `s_j = Σ_i r_i·x_ij` (mod r), so that sum costs five multiplications whatever the chunk count. Each
///         further chunk costs one pairing, two multiplications (r_i·A_i, r_i·C_i) and an addition, plus its
///         calldata.
///
///         **Soundness.** Write D_i for chunk i's equation as an element of the pairing's target group G_T (order
///         r, prime): D_i = 1 exactly when proof i verifies on its own, and the batched product is Π_i D_i^{r_i}
///         (bilinearity; every point is checked to be in its group, see below). If some D_j ≠ 1 with j ≥ 1, then
///         for any fixed values of the other weights exactly one r_j mod r makes the product 1, so a uniformly
///         random r_j passes an invalid bundle with probability 1/r. r_0 = 1 (it saves two multiplications): if
///         D_0 is the only one ≠ 1, the product is D_0 ≠ 1 and the bundle fails, always. The weights are
///         Fiat–Shamir challenges: r_i = keccak256(seed ‖ i) mod r for i ≥ 1, where the seed is keccak256 of a
///         domain tag and the WHOLE proof bytes (every chunk's A, B, C and public signals and the chunk counts), so
///         they are fixed only once every proof and input is: a prover cannot choose them, it can only change its
///         proofs and get fresh, unrelated weights. Modelling keccak256 as a random oracle, each attempt passes an
///         invalid bundle with probability at most 6/2^256 < 2^-253 (a 256-bit hash reduced mod r ≈ 2^253.6 takes
///         no value more than 6 times), so a prover who hashes 2^80 candidate bundles succeeds with probability
///         below 2^-173. The statement itself (states, commitments, prover) is checked exactly, not batched.
///         Points: the precompiles refuse any G1 point off the curve (BN254's G1 has prime order, so on the curve
///         is in the group) and any G2 point off the twist or outside its order-r subgroup; coordinates must be
///         below the base field modulus q and public signals below r, checked here explicitly, so an encoding
///         cannot alias another point or signal.
///
///         **Naming the culprit.** When the batched check fails, batched checks of halves narrow it down to the first
///         invalid chunk (left half first), the generated verifier confirms it, and the revert names it:
///         `InvalidChunkProof(chunkIndex)`. The transaction reverts anyway; the search costs a failing call (or an
///         `eth_call`) about as much again as the batched check.
/// @dev Proof encoding: `abi.encode(uint256[] chunkCounts, ChunkProof[] chunks)`, `chunkCounts[i]` the number of
///      chunks of block i. Only the canonical encoding is accepted, checked before anything else so that malformed
///      bytes get `MalformedProof` (or `TooManyBlocks` / `TooManyChunks` for a length over MAX_CHUNKS) instead of a
///      bare revert; the proofs are then read straight from calldata. Calldata that is not a valid call of
///      `verifyEpochProof` at all (e.g. a truncated `blocks` array) is refused by the ABI decoder before this
///      contract runs, without an error name.
contract EpochProofVerifier is IProofVerifier, IChunkProofVerifier {
    /// @notice Most chunks (and so blocks) in one epoch proof: bounds every loop. A 64-chunk epoch proof costs about
    ///         3.9M gas to verify with the batched check (a whole `submitEpochProof` 4.4M, bench/rollup.json), far under
    ///         EIP-7825's 2^24 (16,777,216) gas cap per transaction; naming the bad chunk of an invalid one (bisection)
    ///         costs about as much again.
    uint256 public constant MAX_CHUNKS = 64;
    /// @notice Gas one chunk's own verification needs (see `CHUNK_VERIFY_GAS` in IChunkProofVerifier.sol), checked
    ///         before the named culprit of a failed batched check is confirmed with the generated verifier.
    uint256 public constant CHUNK_VERIFY_GAS = CHUNK_GAS;
    /// @notice Public signals per chunk proof.
    uint256 public constant CHUNK_PUBLIC_SIGNALS = 4;
    /// @notice Gas the batched check needs left before it starts: BATCH_VERIFY_GAS_BASE + BATCH_VERIFY_GAS_PER_CHUNK
    ///         per chunk (`batchVerifyGas`). Its precompile calls cost 171,600 + 46,150 per chunk at EIP-1108's prices
    ///         (ecMul 6,000, ecAdd 150, ecPairing 45,000 + 34,000 per pair; chunk 0's weight 1 saves two ecMul), plus
    ///         the weights, copies and memory; the rest is headroom, including the 1/64 of the gas left that the
    ///         final pairing call must leave behind. A call short of it fails as such, never as an invalid proof.
    uint256 public constant BATCH_VERIFY_GAS_BASE = 240_000;
    /// @notice See BATCH_VERIFY_GAS_BASE.
    uint256 public constant BATCH_VERIFY_GAS_PER_CHUNK = 52_000;
    /// @notice Domain tag hashed ahead of the proof bytes into the seed of the batch's weights.
    bytes32 public constant BATCH_DOMAIN = keccak256("blockage.EpochProofVerifier.batch.v1");

    /// @dev BN254's scalar field modulus r (the order of G1, G2 and G_T): public signals and weights live mod r.
    uint256 private constant R = 21888242871839275222246405745257275088548364400416034343698204186575808495617;
    /// @dev BN254's base field modulus q: every point coordinate is below it.
    uint256 private constant Q = 21888242871839275222246405745257275088696311157297823662689037894645226208583;
    /// @dev Bytes of one ChunkProof in the ABI encoding: a (2 words), b (4), c (2), publicSignals (4), all static.
    uint256 private constant CHUNK_BYTES = 384;
    /// @dev Offsets in a chunk's encoding: b, c and the public signals.
    uint256 private constant B_AT = 64;
    uint256 private constant C_AT = 192;
    uint256 private constant SIGNALS_AT = 256;
    /// @dev Bytes of one pair of the pairing precompile's input: a G1 point (2 words) and a G2 point (4 words).
    uint256 private constant PAIR_BYTES = 192;
    /// @dev Gas forwarded to each precompile call: twice its EIP-1108 price, so a fork that raises the prices up to
    ///      twofold does not break the check (a call only ever pays its price), while a call that fails on a bad point
    ///      burns at most twice its price (what it is given), never all the gas left, so the search for the invalid
    ///      chunk can go on.
    uint256 private constant ECADD_GAS = 300;
    uint256 private constant ECMUL_GAS = 12_000;
    uint256 private constant PAIRING_BASE_GAS = 90_000;
    uint256 private constant PAIRING_PAIR_GAS = 68_000;

    /// @notice The generated Groth16 verifier of the chunk circuit (the verifying key's other form): it confirms a
    ///         named invalid chunk, and coordinators that check chunk proofs one at a time use it.
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
    /// @notice Less gas left than the batched check of the proofs needs (`batchVerifyGas(chunks)`): send more gas.
    ///         `chunkIndex` is where the check would start: always 0 (every chunk is checked in the one batch).
    error EpochProofVerifier__InsufficientGas(uint256 chunkIndex, uint256 gasLeft);
    /// @notice The batched check failed, and too little gas was left to name the invalid chunk (the search had
    ///         narrowed it to chunk `chunkIndex` or after): the bundle is invalid; more gas, or an `eth_call`, names it.
    error EpochProofVerifier__BatchCheckFailed(uint256 chunkIndex);
    /// @notice The chunk verifier given to the constructor has no code.
    error EpochProofVerifier__NoVerifierCode(address verifier);
    /// @notice The chunk verifier given to the constructor is not the ChunkGroth16Verifier this contract is built
    ///         with (its code hash is `codehash`): its verifying key could differ from ChunkVerifyingKey.sol's.
    error EpochProofVerifier__UnknownVerifier(address verifier, bytes32 codehash);
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

    /// @param verifier The deployed generated verifier (`ChunkGroth16Verifier`), of the same verifying key as
    ///        ChunkVerifyingKey.sol (both are generated from build/chunk.zkey together): its code is checked.
    constructor(ChunkGroth16Verifier verifier) {
        if (address(verifier).code.length == 0) revert EpochProofVerifier__NoVerifierCode(address(verifier));
        // The batched check reads the key compiled in here (ChunkVerifyingKey.sol); the generated verifier, which
        // confirms a named chunk and checks single chunks for the Cooperative coordinator, must hold the same key:
        // only the very code it is compiled from is accepted (both are generated from one zkey).
        if (address(verifier).codehash != keccak256(type(ChunkGroth16Verifier).runtimeCode)) {
            revert EpochProofVerifier__UnknownVerifier(address(verifier), address(verifier).codehash);
        }
        chunkVerifier = IChunkGroth16Verifier(address(verifier));
    }

    /// @inheritdoc IProofVerifier
    function maxChunks() external pure returns (uint256) {
        return MAX_CHUNKS;
    }

    /// @notice Gas the batched check of `chunks` chunk proofs needs left when it starts.
    function batchVerifyGas(uint256 chunks) public pure returns (uint256) {
        return BATCH_VERIFY_GAS_BASE + BATCH_VERIFY_GAS_PER_CHUNK * chunks;
    }

    /// @notice The weights of the batched check of `proof` (an epoch proof's bytes): `r_0 = 1`, then
    ///         `r_i = keccak256(seed ‖ i) mod r` with `seed = keccak256(BATCH_DOMAIN ‖ proof)`. For auditors and
    ///         off-chain mirrors (`epochProofBatchWeights` in package circuits); `count` of them.
    function batchWeights(bytes calldata proof, uint256 count) external pure returns (uint256[] memory weights) {
        if (count > MAX_CHUNKS) revert EpochProofVerifier__TooManyChunks(count, MAX_CHUNKS);
        bytes32 seed = _batchSeed(proof);
        weights = new uint256[](count);
        for (uint256 i; i < count; ++i) weights[i] = _batchWeight(seed, i);
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
        (uint256 counts, uint256 chunks, uint256 chunkCount) = _layout(proof);
        _checkCounts(counts, blockCount, chunkCount);
        // The statement: states chain, commitments match, one prover. Exact checks, before any pairing. The block
        // count is at most MAX_CHUNKS (_layout), and so are the chunks of all of them (_checkCounts): bounded loops.
        uint256 state = prevState;
        uint256 chunk;
        for (uint256 i; i < blockCount; ++i) {
            uint256 count = _cd(counts + 32 * i);
            (state, prover) = _checkBlock(blocks[i], i, chunks, chunk, count, state, prover);
            chunk += count;
        }
        if (state != newState) revert EpochProofVerifier__EpochStateMismatch(newState, state);

        // The proofs: one pairing check for all of them; if it fails, name the first invalid chunk.
        if (gasleft() < batchVerifyGas(chunkCount)) revert EpochProofVerifier__InsufficientGas(0, gasleft());
        bytes32 seed = _batchSeed(proof);
        uint256 input = _batchMemory(chunkCount);
        if (!_batchCheck(seed, chunks, 0, chunkCount, input)) _nameInvalidChunk(seed, chunks, chunkCount, input);
    }

    /// @notice A block's transactions commitment from its chunks' Poseidon txs commitments, in order.
    function blockTxsCommitment(uint256[] calldata chunkTxsCommitments) external pure returns (bytes32) {
        return keccak256(abi.encodePacked(chunkTxsCommitments));
    }

    /// @dev Checks the chunk counts at calldata `counts`: one per block, each in [1, MAX_CHUNKS], adding up to the
    ///      proof's `chunkCount` chunks.
    function _checkCounts(uint256 counts, uint256 blockCount, uint256 chunkCount) private pure {
        if (_cd(counts - 32) != blockCount) revert EpochProofVerifier__BlockCountMismatch(blockCount, _cd(counts - 32));
        uint256 totalChunks;
        for (uint256 i; i < blockCount; ++i) {
            uint256 count = _cd(counts + 32 * i);
            if (count == 0) revert EpochProofVerifier__EmptyBlock(i);
            // Each count is at most MAX_CHUNKS and there are at most MAX_CHUNKS of them: the sum cannot overflow.
            if (count > MAX_CHUNKS) revert EpochProofVerifier__TooManyChunks(count, MAX_CHUNKS);
            totalChunks += count;
        }
        if (totalChunks != chunkCount) revert EpochProofVerifier__ChunkCountMismatch(totalChunks, chunkCount);
    }

    /// @dev Checks block `i` (`header`) against its `count` chunks from chunk `first`: it starts in `state`, its
    ///      chunks chain through it to its new state, carry its transactions and are bound to `prover` (any
    ///      nonzero address for chunk 0). Returns the block's new state and the bound prover.
    function _checkBlock(
        BlockCommitment calldata header,
        uint256 i,
        uint256 chunks,
        uint256 first,
        uint256 count,
        uint256 state,
        address prover
    ) private pure returns (uint256, address) {
        if (header.prevState != state) revert EpochProofVerifier__BlockChainBroken(i, state, header.prevState);
        for (uint256 chunk = first; chunk < first + count; ++chunk) {
            uint256 signals = chunks + CHUNK_BYTES * chunk + SIGNALS_AT;
            if (_cd(signals) != state) revert EpochProofVerifier__ChunkChainBroken(chunk, state, _cd(signals));
            prover = _boundProver(chunk, _cd(signals + 96), prover);
            state = _cd(signals + 32);
        }
        if (state != header.newState) revert EpochProofVerifier__BlockStateMismatch(i, header.newState, state);
        bytes32 chunksCommitment = _chunksCommitment(chunks, first, count);
        if (chunksCommitment != header.txsCommitment) {
            revert EpochProofVerifier__TxsCommitmentMismatch(i, header.txsCommitment, chunksCommitment);
        }
        return (state, prover);
    }

    /// @dev Memory for batched checks of up to `n` chunks: the pairing input ((n + 3) pairs of PAIR_BYTES), then a
    ///      4-word scratch, the running Σ r_i·C_i (2 words) and the folded scalars s_0..s_4 (5 words).
    function _batchMemory(uint256 n) private pure returns (uint256 input) {
        // Moves the free memory pointer past the region, so the blocks that use it own it. n ≤ 64: no overflow.
        assembly ("memory-safe") {
            input := mload(0x40)
            mstore(0x40, add(input, add(mul(add(n, 3), PAIR_BYTES), 352)))
        }
    }

    /// @dev The batched pairing check (see the contract's NatSpec) of chunks [lo, hi) at calldata `chunks`, with the
    ///      bundle's weights, in memory from `input` (_batchMemory(≥ hi − lo)): true when it holds. False, never a
    ///      revert, for a point the precompiles refuse or a coordinate or signal out of its field. A sub-range is
    ///      sound on its own: its equation is a random combination of its own chunks' equations.
    function _batchCheck(
        bytes32 seed,
        uint256 chunks,
        uint256 lo,
        uint256 hi,
        uint256 input
    ) private view returns (bool) {
        // An empty range proves nothing (never asked for: every epoch has a chunk, and bisection halves are not empty).
        if (hi <= lo) return false;
        uint256 n = hi - lo;
        uint256 scratch = input + PAIR_BYTES * (n + 3);
        // The accumulator starts at the point at infinity (0, 0) and s_0..s_4 at zero (the region may hold a
        // previous check's words): 7 words cleared by copying from past the end of calldata (zeros).
        assembly ("memory-safe") {
            calldatacopy(add(scratch, 128), calldatasize(), 224)
        }
        for (uint256 i = lo; i < hi; ++i) {
            uint256 pair = input + PAIR_BYTES * (i - lo);
            if (!_foldChunk(chunks + CHUNK_BYTES * i, _batchWeight(seed, i), pair, scratch)) return false;
        }
        return _finalPairs(input, n, scratch);
    }

    /// @dev Adds the chunk at calldata `p` with weight `r` to the batch: `pair` = (r·A, B), the accumulator
    ///      (scratch + 128) += r·C, s_0 += r and s_j += r·x_j (scratch + 192 …). False when a coordinate is ≥ q, a
    ///      signal ≥ r or a precompile refuses a point. Weight 1 (chunk 0) skips both multiplications: the pairing
    ///      checks A and the ecAdd checks C.
    // solhint-disable-next-line function-max-lines
    function _foldChunk(uint256 p, uint256 r, uint256 pair, uint256 scratch) private view returns (bool ok) {
        // Reads 12 calldata words at p (inside the proof, _layout checked its length); writes only the memory
        // _batchMemory allocated: the 6-word pair, the 4-word scratch, the accumulator and the scalars. Every
        // precompile call gets twice its EIP-1108 price (ECMUL_GAS, ECADD_GAS), so a refused point costs that, not all
        // the gas left.
        // addmod/mulmod reduce mod r: no overflow.
        assembly ("memory-safe") {
            ok := 1
            // Coordinates of A, B and C below q.
            for {
                let k := 0
            } lt(k, 8) {
                k := add(k, 1)
            } {
                if iszero(lt(calldataload(add(p, mul(k, 32))), Q)) {
                    ok := 0
                }
            }
            // Public signals below r, folded into s_0..s_4.
            let s := add(scratch, 192)
            mstore(s, addmod(mload(s), r, R))
            for {
                let j := 0
            } lt(j, 4) {
                j := add(j, 1)
            } {
                let x := calldataload(add(p, add(SIGNALS_AT, mul(j, 32))))
                if iszero(lt(x, R)) {
                    ok := 0
                }
                let sj := add(s, mul(add(j, 1), 32))
                mstore(sj, addmod(mload(sj), mulmod(r, x, R), R))
            }
            // B as it is (the pairing checks it is on the twist and in the subgroup).
            calldatacopy(add(pair, 64), add(p, B_AT), 128)
            // r·A straight into the pair.
            switch eq(r, 1)
            case 1 {
                calldatacopy(pair, p, 64)
            }
            default {
                calldatacopy(scratch, p, 64)
                mstore(add(scratch, 64), r)
                if iszero(staticcall(ECMUL_GAS, 7, scratch, 96, pair, 64)) {
                    ok := 0
                }
            }
            // acc += r·C.
            calldatacopy(scratch, add(p, C_AT), 64)
            if iszero(eq(r, 1)) {
                mstore(add(scratch, 64), r)
                if iszero(staticcall(ECMUL_GAS, 7, scratch, 96, scratch, 64)) {
                    ok := 0
                }
            }
            let acc := add(scratch, 128)
            mstore(add(scratch, 64), mload(acc))
            mstore(add(scratch, 96), mload(add(acc, 32)))
            if iszero(staticcall(ECADD_GAS, 6, scratch, 128, acc, 64)) {
                ok := 0
            }
        }
    }

    /// @dev Writes the last three pairs after the n chunk pairs at `input` — (−s_0·α, β), (−Σ r_i·L_i, γ),
    ///      (−Σ r_i·C_i, δ) — and runs the pairing check over all n + 3 pairs.
    function _finalPairs(uint256 input, uint256 n, uint256 scratch) private view returns (bool ok) {
        uint256 pair = input + PAIR_BYTES * n;
        ok = _alphaAndInputPairs(pair, scratch);
        // Writes the (−Σ r_i·C_i, δ) pair (6 words inside the input _batchMemory allocated) and calls the pairing
        // precompile with twice its EIP-1108 price. The only negation computed here is the accumulated C's:
        // y → (q − y) mod q, which keeps the point at infinity (0, 0).
        assembly ("memory-safe") {
            let c := add(pair, mul(2, PAIR_BYTES))
            let acc := add(scratch, 128)
            mstore(c, mload(acc))
            mstore(add(c, 32), mod(sub(Q, mload(add(acc, 32))), Q))
            mstore(add(c, 64), CHUNK_VK_DELTA_X_IM)
            mstore(add(c, 96), CHUNK_VK_DELTA_X_RE)
            mstore(add(c, 128), CHUNK_VK_DELTA_Y_IM)
            mstore(add(c, 160), CHUNK_VK_DELTA_Y_RE)
            // One pairing check over the n + 3 pairs; the answer overwrites the input's first word.
            let pairs := add(n, 3)
            let success := staticcall(
                add(PAIRING_BASE_GAS, mul(PAIRING_PAIR_GAS, pairs)),
                8,
                input,
                mul(pairs, PAIR_BYTES),
                input,
                32
            )
            ok := and(ok, and(success, mload(input)))
        }
    }

    /// @dev Writes (−s_0·α, β) at `pair` and (−(s_0·IC_0 + Σ_j s_j·IC_j), γ) after it, from the folded scalars at
    ///      scratch + 192. False when a precompile call fails (it cannot for these points, short of gas).
    // solhint-disable-next-line function-max-lines
    function _alphaAndInputPairs(uint256 pair, uint256 scratch) private view returns (bool ok) {
        // Writes 12 words at `pair` (inside the input _batchMemory allocated) and uses the scratch; the precompiles
        // get twice their EIP-1108 prices (ECMUL_GAS, ECADD_GAS). −α and −IC_j are the key's negated points (CHUNK_VK_*_NEG_Y).
        assembly ("memory-safe") {
            let s := add(scratch, 192)
            let s0 := mload(s)
            ok := mulTo(scratch, pair, CHUNK_VK_ALPHA_X, CHUNK_VK_ALPHA_NEG_Y, s0)
            mstore(add(pair, 64), CHUNK_VK_BETA_X_IM)
            mstore(add(pair, 96), CHUNK_VK_BETA_X_RE)
            mstore(add(pair, 128), CHUNK_VK_BETA_Y_IM)
            mstore(add(pair, 160), CHUNK_VK_BETA_Y_RE)
            let l := add(pair, PAIR_BYTES)
            ok := and(ok, mulTo(scratch, l, CHUNK_VK_IC0_X, CHUNK_VK_IC0_NEG_Y, s0))
            ok := and(ok, addTerm(scratch, l, CHUNK_VK_IC1_X, CHUNK_VK_IC1_NEG_Y, mload(add(s, 32))))
            ok := and(ok, addTerm(scratch, l, CHUNK_VK_IC2_X, CHUNK_VK_IC2_NEG_Y, mload(add(s, 64))))
            ok := and(ok, addTerm(scratch, l, CHUNK_VK_IC3_X, CHUNK_VK_IC3_NEG_Y, mload(add(s, 96))))
            ok := and(ok, addTerm(scratch, l, CHUNK_VK_IC4_X, CHUNK_VK_IC4_NEG_Y, mload(add(s, 128))))
            mstore(add(l, 64), CHUNK_VK_GAMMA_X_IM)
            mstore(add(l, 96), CHUNK_VK_GAMMA_X_RE)
            mstore(add(l, 128), CHUNK_VK_GAMMA_Y_IM)
            mstore(add(l, 160), CHUNK_VK_GAMMA_Y_RE)

            // out = k·(x, y); k = 1 (a one-chunk batch) copies the point instead of paying for an ecMul.
            function mulTo(t, out, x, y, k) -> good {
                switch eq(k, 1)
                case 1 {
                    mstore(out, x)
                    mstore(add(out, 32), y)
                    good := 1
                }
                default {
                    mstore(t, x)
                    mstore(add(t, 32), y)
                    mstore(add(t, 64), k)
                    good := staticcall(ECMUL_GAS, 7, t, 96, out, 64)
                }
            }
            // acc_ += k·(x, y): ecMul into the scratch, then ecAdd with acc_ into acc_.
            function addTerm(t, acc_, x, y, k) -> good {
                mstore(t, x)
                mstore(add(t, 32), y)
                mstore(add(t, 64), k)
                good := staticcall(ECMUL_GAS, 7, t, 96, t, 64)
                mstore(add(t, 64), mload(acc_))
                mstore(add(t, 96), mload(add(acc_, 32)))
                good := and(good, staticcall(ECADD_GAS, 6, t, 128, acc_, 64))
            }
        }
    }

    /// @dev The batched check of all n chunks failed: bisects with batched checks of halves (the left one first, so
    ///      the first invalid chunk is found), about n + 3·log2(n) pairings for n chunks after the failed check's n + 3
    ///      (~4M gas more for 64), then
    ///      confirms the chunk left with the generated verifier and reverts naming it. Only reverts. If too little
    ///      gas is left for a step, or the chunk left verifies on its own (the algebra rules it out: valid proofs
    ///      always pass the batched equation), the revert is BatchCheckFailed: the bundle is still refused.
    function _nameInvalidChunk(bytes32 seed, uint256 chunks, uint256 n, uint256 input) private view {
        uint256 lo;
        uint256 hi = n;
        // Invariant: chunks [lo, hi) fail the batched check. At most log2(64) = 6 rounds.
        while (hi - lo > 1) {
            uint256 mid = (lo + hi) / 2;
            if (gasleft() < batchVerifyGas(mid - lo)) revert EpochProofVerifier__BatchCheckFailed(lo);
            if (_batchCheck(seed, chunks, lo, mid, input)) lo = mid;
            else hi = mid;
        }
        if (gasleft() < CHUNK_VERIFY_GAS) revert EpochProofVerifier__BatchCheckFailed(lo);
        uint256 p = chunks + CHUNK_BYTES * lo;
        uint256[2] memory a = [_cd(p), _cd(p + 32)];
        uint256[2][2] memory b = [[_cd(p + B_AT), _cd(p + B_AT + 32)], [_cd(p + B_AT + 64), _cd(p + B_AT + 96)]];
        uint256[2] memory c = [_cd(p + C_AT), _cd(p + C_AT + 32)];
        uint256 x = p + SIGNALS_AT;
        uint256[4] memory signals = [_cd(x), _cd(x + 32), _cd(x + 64), _cd(x + 96)];
        // The batched check refuses a coordinate ≥ q; the generated verifier would reduce A's negated y mod q.
        if (!_validCoordinates(a, b, c) || !chunkVerifier.verifyProof(a, b, c, signals)) {
            revert EpochProofVerifier__InvalidChunkProof(lo);
        }
        revert EpochProofVerifier__BatchCheckFailed(lo);
    }

    /// @dev Every coordinate below q.
    function _validCoordinates(
        uint256[2] memory a,
        uint256[2][2] memory b,
        uint256[2] memory c
    ) private pure returns (bool) {
        return a[0] < Q && a[1] < Q && b[0][0] < Q && b[0][1] < Q && b[1][0] < Q && b[1][1] < Q && c[0] < Q && c[1] < Q;
    }

    /// @dev The seed of the batch's weights: keccak256(BATCH_DOMAIN ‖ proof), over every byte of the proof.
    function _batchSeed(bytes calldata proof) private pure returns (bytes32) {
        return keccak256(abi.encodePacked(BATCH_DOMAIN, proof));
    }

    /// @dev Weight i of the batch: 1 for i = 0, else keccak256(seed ‖ i) mod r.
    function _batchWeight(bytes32 seed, uint256 i) private pure returns (uint256) {
        if (i == 0) return 1;
        return uint256(keccak256(abi.encode(seed, i))) % R;
    }

    /// @dev keccak256 of the txs commitments (signal 2) of chunks [first, first + count), packed: what a block's
    ///      header commits to.
    function _chunksCommitment(uint256 chunks, uint256 first, uint256 count) private pure returns (bytes32 hash) {
        // Writes `count` words (≤ MAX_CHUNKS) at the free memory pointer without moving it: scratch that nothing
        // else uses before the hash is taken. Reads calldata words inside the proof (_layout checked its length).
        assembly ("memory-safe") {
            let m := mload(0x40)
            let p := add(add(chunks, mul(first, CHUNK_BYTES)), add(SIGNALS_AT, 64))
            for {
                let j := 0
            } lt(j, count) {
                j := add(j, 1)
            } {
                mstore(add(m, mul(j, 32)), calldataload(add(p, mul(j, CHUNK_BYTES))))
            }
            hash := keccak256(m, mul(count, 32))
        }
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
    ///      (head offsets 0x40 and 0x40 + 32·(1 + blocks), lengths that fill the bytes exactly) and returns the
    ///      absolute calldata positions of the first chunk count and the first chunk, and the chunk count.
    function _layout(bytes calldata proof) private pure returns (uint256 counts, uint256 chunks, uint256 chunkCount) {
        if (proof.length < 0x80) revert EpochProofVerifier__MalformedProof();
        if (_word(proof, 0) != 0x40) revert EpochProofVerifier__MalformedProof();
        uint256 countsLength = _word(proof, 0x40);
        // Bounded before any arithmetic on it: no block count above MAX_CHUNKS is valid anyway.
        if (countsLength > MAX_CHUNKS) revert EpochProofVerifier__TooManyBlocks(countsLength, MAX_CHUNKS);
        uint256 chunksOffset = 0x60 + 32 * countsLength;
        if (_word(proof, 0x20) != chunksOffset || proof.length < chunksOffset + 32) {
            revert EpochProofVerifier__MalformedProof();
        }
        chunkCount = _word(proof, chunksOffset);
        if (chunkCount > MAX_CHUNKS) revert EpochProofVerifier__TooManyChunks(chunkCount, MAX_CHUNKS);
        if (proof.length != chunksOffset + 32 + CHUNK_BYTES * chunkCount) revert EpochProofVerifier__MalformedProof();
        counts = _offset(proof) + 0x60;
        chunks = _offset(proof) + chunksOffset + 32;
    }

    function _word(bytes calldata data, uint256 offset) private pure returns (uint256) {
        return uint256(bytes32(data[offset:offset + 32]));
    }

    /// @dev Where `data` starts in calldata.
    function _offset(bytes calldata data) private pure returns (uint256 offset) {
        // Reads a calldata offset; touches no memory.
        assembly ("memory-safe") {
            offset := data.offset
        }
    }

    /// @dev The calldata word at absolute position `at` (callers stay inside the proof, whose layout _layout checked).
    function _cd(uint256 at) private pure returns (uint256 value) {
        // Reads one calldata word; touches no memory.
        assembly ("memory-safe") {
            value := calldataload(at)
        }
    }
}
