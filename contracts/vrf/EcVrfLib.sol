// SPDX-License-Identifier: MIT
pragma solidity 0.8.28;

import {EcVrfHints} from "../interfaces/IEcVrfVerifier.sol";

/// @title EcVrfLib
/// @notice Verification of ECVRF-SECP256K1-SHA256-TAI proofs (RFC 9381 rules on secp256k1, suite string 0xFE).
/// @dev How each step of RFC 9381 §5.3 is done without on-chain scalar multiplication or square roots:
///      - The `ecrecover` precompile returns the address of r⁻¹·(sig·R − z·G), where R is the point with x = r and
///        the given y parity. Choosing (z, r, sig) turns it into the point operations we need (3000 gas each):
///          U − s·B  with R = U, z = s·U.x,  sig = U.x      (must equal −c·Y)
///          −c·Y     with R = Y, z = 0,      sig = −c·Y.x
///          s·H      with R = H, z = 0,      sig = s·H.x
///          c·Γ      with R = Γ, z = 0,      sig = c·Γ.x     (all mod n)
///        `ecrecover` also proves that Y, Γ, H and U decompress to curve points, so none of their y-coordinates
///        is needed. s·H and c·Γ are supplied as hint points and bound to the recovered addresses.
///      - V = s·H − c·Γ is the chord sum of the two bound points; the hinted slope λ is checked by one
///        multiplication instead of computing a field inverse.
///      - H is recomputed by try-and-increment with the SHA-256 precompile. A counter whose candidate x has
///        x³ + 7 a non-square is proven rejected by a root of −(x³ + 7) (−1 is a non-square since p ≡ 3 mod 4); the
///        first candidate that is a square is proven valid by the `ecrecover` for s·H.
///      - The challenge and beta are SHA-256 over the RFC's exact strings.
///      Why every bound point depends on c: an address is only 160 bits, so binding a point the prover can fix in
///      advance would fall to a ~2^80 birthday search. U itself is such a point for the key holder (U = k·B), so U
///      is never bound by its own address; instead U − s·B and −c·Y, which both move with c, must coincide, as must
///      s·H = (k + c·x)·H and c·Γ with their hints. Since c is the hash of the very values being checked, a false
///      hint must hit an address fixed only after it is chosen: a 2^-160 event per attempt.
library EcVrfLib {
    /*//////////////////////////////////////////////////////////////
                                CONSTANTS
    //////////////////////////////////////////////////////////////*/

    /// @dev secp256k1 field prime p.
    uint256 internal constant P = 0xFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFEFFFFFC2F;
    /// @dev secp256k1 group order n (q in RFC 9381).
    uint256 internal constant N = 0xFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFEBAAEDCE6AF48A03BBFD25E8CD0364141;
    /// @dev Suite string of ECVRF-SECP256K1-SHA256-TAI.
    uint8 internal constant SUITE_STRING = 0xFE;
    /// @dev Try-and-increment counters are one byte, so at most 256 candidates exist.
    uint256 internal constant MAX_REJECTED_CANDIDATES = 255;

    uint256 private constant PK_LENGTH = 33;
    uint256 private constant PROOF_LENGTH = 81;

    /// @dev The decoded statement being verified; kept in memory to stay clear of the stack limit.
    struct Statement {
        uint256 yX;
        uint256 yOdd;
        uint256 gammaX;
        uint256 gammaOdd;
        uint256 c;
        uint256 s;
        uint256 hX;
    }

    /*//////////////////////////////////////////////////////////////
                              VERIFICATION
    //////////////////////////////////////////////////////////////*/

    /// @notice Verifies `pi` for `alpha` under `pk` (RFC 9381 §5.3) using checked hints.
    /// @dev Returns `(false, 0)` instead of reverting for every malformed or invalid input.
    ///      `pk` and `alpha` are memory so that callers can pass a key read from the registry and an alpha built
    ///      on-chain (the lottery's σ ‖ "SEQUENCER").
    /// @param pk 33-byte compressed public key.
    /// @param pi 81-byte proof Γ ‖ c ‖ s.
    /// @param alpha The VRF input.
    /// @param hints Off-chain helper values; all are checked.
    /// @return valid Whether the proof is valid.
    /// @return beta `proof_to_hash(pi)` when valid, zero otherwise.
    function verify(
        bytes memory pk,
        bytes calldata pi,
        bytes memory alpha,
        EcVrfHints calldata hints
    ) internal view returns (bool valid, bytes32 beta) {
        Statement memory st;
        if (!_decode(pk, pi, st)) return (false, 0);

        bool ok;
        (ok, st.hX) = _hashToCurve(pk, alpha, hints.nonResidues);
        if (!ok) return (false, 0);

        if (!_isU(st, hints.uX, hints.uParity)) return (false, 0);
        // s·H (H has even y by construction) and c·Γ.
        if (!_recovers(0, st.hX, 0, mulmod(st.s, st.hX, N), hints.sH)) return (false, 0);
        if (!_recovers(0, st.gammaX, st.gammaOdd, mulmod(st.c, st.gammaX, N), hints.cGamma)) return (false, 0);

        (bool vOk, uint256 vX, uint256 vOdd) = _chordDifference(hints.sH, hints.cGamma, hints.vSlope);
        if (!vOk) return (false, 0);

        if (_challenge(st, pi, hints, vX, vOdd) != st.c) return (false, 0);
        return (true, _proofToHash(pi));
    }

    /*//////////////////////////////////////////////////////////////
                                DECODING
    //////////////////////////////////////////////////////////////*/

    /// @dev string_to_point for the x-coordinate and parity of Y and Γ (curve membership is proven later by
    ///      `ecrecover`), and decode_proof's split and s < q check.
    function _decode(bytes memory pk, bytes calldata pi, Statement memory st) private pure returns (bool) {
        if (pk.length != PK_LENGTH || pi.length != PROOF_LENGTH) return false;
        bool ok;
        (ok, st.yX, st.yOdd) = _decodeCompressedKey(pk);
        if (!ok) return false;
        (ok, st.gammaX, st.gammaOdd) = _decodeCompressed(pi[0:33]);
        if (!ok) return false;
        st.c = uint128(bytes16(pi[33:49]));
        st.s = uint256(bytes32(pi[49:81]));
        return st.s < N;
    }

    /// @dev `_decodeCompressed` for the 33-byte key in memory (its length is checked by the caller).
    function _decodeCompressedKey(bytes memory point) private pure returns (bool ok, uint256 x, uint256 odd) {
        uint8 prefix = uint8(point[0]);
        if (prefix != 2 && prefix != 3) return (false, 0, 0);
        assembly ("memory-safe") {
            // Safe: `point` is 33 bytes long (checked by `_decode`), so bytes 1..32 of its data are in bounds.
            x := mload(add(point, 0x21))
        }
        return (x < P, x, prefix - 2);
    }

    /// @dev Accepts only the canonical compressed form: prefix 0x02/0x03 and x < p.
    function _decodeCompressed(bytes calldata point) private pure returns (bool ok, uint256 x, uint256 odd) {
        uint8 prefix = uint8(point[0]);
        if (prefix != 2 && prefix != 3) return (false, 0, 0);
        x = uint256(bytes32(point[1:33]));
        return (x < P, x, prefix - 2);
    }

    /*//////////////////////////////////////////////////////////////
                              HASH TO CURVE
    //////////////////////////////////////////////////////////////*/

    /// @dev ECVRF_encode_to_curve_try_and_increment (RFC 9381 §5.4.1.1) with encode_to_curve_salt = pk. Returns the
    ///      x-coordinate of H (whose y is even). Every rejected counter must come with its non-residue witness; the
    ///      accepted candidate is checked to be on the curve by the caller's `ecrecover`.
    function _hashToCurve(
        bytes memory pk,
        bytes memory alpha,
        uint256[] calldata nonResidues
    ) private view returns (bool ok, uint256 hX) {
        uint256 rejected = nonResidues.length;
        if (rejected > MAX_REJECTED_CANDIDATES) return (false, 0);
        // suite_string ‖ 0x01 ‖ PK_string ‖ alpha_string ‖ ctr_string ‖ 0x00, built once; only ctr_string changes.
        bytes memory input = abi.encodePacked(SUITE_STRING, uint8(0x01), pk, alpha, uint8(0), uint8(0));
        for (uint256 ctr; ctr < rejected; ++ctr) {
            uint256 x = _sha256WithCounter(input, ctr);
            uint256 witness = nonResidues[ctr];
            if (x >= P) {
                // Not a field element: rejected by string_to_point; the only canonical witness is 0.
                if (witness != 0) return (false, 0);
                continue;
            }
            // x³ + 7 is a non-square iff −(x³ + 7) is a square; the witness must be its even root.
            uint256 minusRhs = P - addmod(mulmod(mulmod(x, x, P), x, P), 7, P);
            if (witness >= P || witness & 1 != 0 || mulmod(witness, witness, P) != minusRhs) return (false, 0);
        }
        hX = _sha256WithCounter(input, rejected);
        return (hX < P, hX);
    }

    /// @dev SHA-256 of `input` after setting its second-to-last byte (ctr_string) to `ctr` (< 256).
    function _sha256WithCounter(bytes memory input, uint256 ctr) private view returns (uint256 digest) {
        assembly ("memory-safe") {
            let data := add(input, 0x20)
            let len := mload(input)
            // Safe: len ≥ 2 by construction, so the counter byte lies inside `input`.
            mstore8(add(data, sub(len, 2)), ctr)
            // The SHA-256 precompile (0x02) cannot fail except by running out of gas.
            if iszero(staticcall(gas(), 0x02, data, len, 0x00, 0x20)) {
                revert(0x00, 0x00)
            }
            digest := mload(0x00)
        }
    }

    /*//////////////////////////////////////////////////////////////
                           POINT ARITHMETIC
    //////////////////////////////////////////////////////////////*/

    /// @dev True iff the point U = (uX, parity uParity) is s·B − c·Y, checked as U − s·B = −c·Y by comparing the
    ///      two recovered addresses (c < 2^128 < n, so n − c ∈ (0, n]; s < n).
    function _isU(Statement memory st, uint256 uX, uint256 uParity) private view returns (bool) {
        if (uParity > 1 || uX >= P) return false;
        address uMinusSB = _ecrecover(mulmod(st.s, uX, N), uX, uParity, uX);
        return uMinusSB != address(0) && uMinusSB == _ecrecover(0, st.yX, st.yOdd, mulmod(N - st.c, st.yX, N));
    }

    /// @dev True iff `point` is r⁻¹·(sig·R − z·G) for R = (rX, parity rOdd), i.e. the point `ecrecover` computes.
    function _recovers(
        uint256 z,
        uint256 rX,
        uint256 rOdd,
        uint256 sig,
        uint256[2] calldata point
    ) private view returns (bool) {
        address recovered = _ecrecover(z, rX, rOdd, sig);
        return recovered != address(0) && recovered == _pointAddress(point);
    }

    /// @dev The address of r⁻¹·(sig·R − z·G) for R = (rX, parity rOdd), or address(0) when `ecrecover` fails:
    ///      rX not on the curve, rX ∉ [1, n), sig ∉ [1, n) or a result at infinity. `rOdd` must be 0 or 1.
    function _ecrecover(uint256 z, uint256 rX, uint256 rOdd, uint256 sig) private view returns (address recovered) {
        assembly ("memory-safe") {
            // Safe: the 128-byte input is written past the free-memory pointer and never read after the call.
            let m := mload(0x40)
            mstore(m, z)
            mstore(add(m, 0x20), add(27, rOdd))
            mstore(add(m, 0x40), rX)
            mstore(add(m, 0x60), sig)
            // On failure the precompile returns no data, so the cleared scratch word reads as address(0).
            mstore(0x00, 0)
            // The precompile (0x01) cannot fail except by running out of gas.
            if iszero(staticcall(gas(), 0x01, m, 0x80, 0x00, 0x20)) {
                revert(0x00, 0x00)
            }
            recovered := mload(0x00)
        }
    }

    /// @dev The Ethereum address of an affine point: the low 160 bits of keccak256(x ‖ y).
    function _pointAddress(uint256[2] calldata point) private pure returns (address a) {
        assembly ("memory-safe") {
            // Scratch space 0x00–0x3f is reserved for exactly this kind of short hashing.
            calldatacopy(0x00, point, 0x40)
            a := and(keccak256(0x00, 0x40), 0xffffffffffffffffffffffffffffffffffffffff)
        }
    }

    /// @dev V = P1 − P2 for bound curve points P1 = s·H and P2 = c·Γ, via the chord through P1 and −P2 with the
    ///      hinted slope λ. Fails when x1 = x2 (V would be the identity or a doubling; neither occurs for a valid
    ///      proof except with negligible probability, and when P1 = −P2 every λ would satisfy the chord equation,
    ///      so the hint would not be unique) or when λ is not the unique slope in [0, p).
    function _chordDifference(
        uint256[2] calldata p1,
        uint256[2] calldata p2,
        uint256 lambda
    ) private pure returns (bool ok, uint256 x3, uint256 odd3) {
        uint256 x1 = p1[0];
        uint256 y1 = p1[1];
        uint256 x2 = p2[0];
        uint256 negY2 = P - (p2[1] % P); // in [1, p]: every later use reduces mod p
        if (lambda >= P || x1 == x2) return (false, 0, 0);
        if (mulmod(lambda, addmod(x2, P - x1, P), P) != addmod(negY2, P - y1, P)) return (false, 0, 0);
        x3 = addmod(mulmod(lambda, lambda, P), P - addmod(x1, x2, P), P);
        uint256 y3 = addmod(mulmod(lambda, addmod(x1, P - x3, P), P), P - y1, P);
        return (true, x3, y3 & 1);
    }

    /*//////////////////////////////////////////////////////////////
                                 HASHES
    //////////////////////////////////////////////////////////////*/

    /// @dev ECVRF_challenge_generation(Y, H, Γ, U, V) (RFC 9381 §5.4.3): the first 16 bytes of
    ///      SHA-256(0xFE ‖ 0x02 ‖ Y ‖ H ‖ Γ ‖ U ‖ V ‖ 0x00), as an integer. Y and Γ are already canonical, so Y is
    ///      re-encoded from its decoded x and parity (the only encoding `_decode` accepts).
    function _challenge(
        Statement memory st,
        bytes calldata pi,
        EcVrfHints calldata hints,
        uint256 vX,
        uint256 vOdd
    ) private view returns (uint256 c) {
        uint256 uX = hints.uX;
        uint256 uOdd = hints.uParity;
        uint256 yX = st.yX;
        uint256 yOdd = st.yOdd;
        uint256 hX = st.hX;
        assembly ("memory-safe") {
            // Safe: the 168-byte string is written past the free-memory pointer and only read by the precompile.
            // Layout: FE 02 | Y (33) | 02 hX (33) | Γ (33) | 02+uOdd uX (33) | 02+vOdd vX (33) | 00
            let m := mload(0x40)
            mstore8(m, 0xFE)
            mstore8(add(m, 1), 0x02)
            mstore8(add(m, 2), add(2, yOdd))
            mstore(add(m, 3), yX)
            mstore8(add(m, 35), 0x02)
            mstore(add(m, 36), hX)
            calldatacopy(add(m, 68), pi.offset, 33)
            mstore8(add(m, 101), add(2, uOdd))
            mstore(add(m, 102), uX)
            mstore8(add(m, 134), add(2, vOdd))
            mstore(add(m, 135), vX)
            mstore8(add(m, 167), 0x00)
            if iszero(staticcall(gas(), 0x02, m, 168, 0x00, 0x20)) {
                revert(0x00, 0x00)
            }
            // cLen = 16: the challenge is the first 16 bytes of the digest.
            c := shr(128, mload(0x00))
        }
    }

    /// @dev ECVRF_proof_to_hash (RFC 9381 §5.2) with cofactor 1: SHA-256(0xFE ‖ 0x03 ‖ Γ ‖ 0x00).
    function _proofToHash(bytes calldata pi) private pure returns (bytes32) {
        return sha256(abi.encodePacked(SUITE_STRING, uint8(0x03), pi[0:33], uint8(0)));
    }
}
