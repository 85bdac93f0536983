// SPDX-License-Identifier: MIT
pragma solidity 0.8.28;

/// @notice Values computed off-chain (by `toVerifierInput` in `@blockage/vrf`) that let the verifier replace scalar
///         multiplications and square roots with cheap checks. None is trusted: each is checked on-chain, and a
///         wrong one makes `verify` return `valid == false`.
/// @dev Points are affine secp256k1 coordinates `[x, y]`. The canonical value of every field is unique, so any
///      change to a hint is rejected.
struct EcVrfHints {
    /// @notice U = s·B − c·Y, bound to the `ecrecover` output by its address.
    uint256[2] u;
    /// @notice s·H, bound to the `ecrecover` output by its address.
    uint256[2] sH;
    /// @notice c·Γ, bound to the `ecrecover` output by its address.
    uint256[2] cGamma;
    /// @notice Slope λ < p of the chord through s·H and −c·Γ, so V = s·H − c·Γ needs no field inversion.
    uint256 vSlope;
    /// @notice One entry per try-and-increment counter that produced no curve point, in order: the even square
    ///         root of −(x³ + 7) mod p (which proves x³ + 7 is not a square, as p ≡ 3 mod 4), or 0 when x ≥ p.
    ///         Its length is the counter of the first valid candidate, so it is at most 255.
    uint256[] nonResidues;
}

/// @title IEcVrfVerifier
/// @notice Verifies ECVRF-SECP256K1-SHA256-TAI proofs: RFC 9381's construction on secp256k1 with suite string
///         0xFE, SHA-256, 16-byte challenges and compressed SEC1 points.
interface IEcVrfVerifier {
    /// @notice Verifies a VRF proof and returns its output.
    /// @dev Never reverts on malformed values: every bad key, proof, encoding or hint yields `(false, 0)`. The only
    ///      inputs rejected although the off-chain verifier would accept them are keys, Γ or H whose x-coordinate lies
    ///      in [n, p) (the `ecrecover` precompile requires r < n); no one can produce a valid proof for such a key,
    ///      and hitting one by hashing takes ~2^128 work.
    /// @param pk The public key Y as a 33-byte compressed SEC1 string (`point_to_string(Y)`).
    /// @param pi The 81-byte proof `point_to_string(Γ) ‖ c (16 bytes) ‖ s (32 bytes)`.
    /// @param alpha The VRF input.
    /// @param hints Helper values from `toVerifierInput`; each is checked.
    /// @return valid Whether `pi` is a valid proof for `alpha` under `pk`.
    /// @return beta The VRF output `proof_to_hash(pi)` when valid, zero otherwise.
    function verify(
        bytes calldata pk,
        bytes calldata pi,
        bytes calldata alpha,
        EcVrfHints calldata hints
    ) external view returns (bool valid, bytes32 beta);
}
