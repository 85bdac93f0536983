// SPDX-License-Identifier: MIT
pragma solidity 0.8.28;

/// @notice Values computed off-chain (by `toVerifierInput` in `@blockage/vrf`) that let the verifier replace scalar
///         multiplications and square roots with cheap checks. None is trusted: each is checked on-chain, and a
///         wrong one makes `verify` return `valid == false`.
/// @dev Points are affine secp256k1 coordinates `[x, y]`. Every field has exactly one accepted value, so any
///      change to a hint is rejected.
struct EcVrfHints {
    /// @notice x-coordinate of U = s·B − c·Y.
    uint256 uX;
    /// @notice Parity of U's y-coordinate: 0 even, 1 odd (the SEC1 prefix is 0x02 + uParity).
    uint256 uParity;
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
    /// @dev Never reverts on malformed values: every bad key, proof, encoding or hint yields `(false, 0)`. Valid
    ///      proofs the off-chain verifier accepts but this contract rejects exist only where a value is degenerate
    ///      for `ecrecover` or the chord: Y, Γ, H or U with x in [n, p) (the precompile needs r < n), c = 0, s = 0,
    ///      or s·H = ±c·Γ. Each has probability ~2^-128 for an honest proof and cannot be steered into by anyone
    ///      without breaking SHA-256 or the discrete logarithm.
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
