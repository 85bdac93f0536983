// SPDX-License-Identifier: MIT
pragma solidity 0.8.28;

import {IEcVrfVerifier, EcVrfHints} from "../interfaces/IEcVrfVerifier.sol";
import {EcVrfLib} from "./EcVrfLib.sol";

/// @title EcVrfVerifier
/// @notice Stateless, permissionless verifier for ECVRF-SECP256K1-SHA256-TAI proofs. The SDK function
///         `toVerifierInput(pk, pi, alpha)` builds its arguments.
contract EcVrfVerifier is IEcVrfVerifier {
    /// @inheritdoc IEcVrfVerifier
    function verify(
        bytes calldata pk,
        bytes calldata pi,
        bytes calldata alpha,
        EcVrfHints calldata hints
    ) external view returns (bool valid, bytes32 beta) {
        return EcVrfLib.verify(pk, pi, alpha, hints);
    }
}
