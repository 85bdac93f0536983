// SPDX-License-Identifier: MIT
pragma solidity 0.8.28;

import {MerkleProof} from "@openzeppelin/contracts/utils/cryptography/MerkleProof.sol";

/// @title MerkleProofHarness
/// @notice TEST ONLY. Exposes OpenZeppelin's `MerkleProof.verify` to check active-set proofs built off-chain.
contract MerkleProofHarness {
    /// @notice Whether `leaf` is in the tree of `root` with siblings `proof`.
    function verify(bytes32[] calldata proof, bytes32 root, bytes32 leaf) external pure returns (bool) {
        return MerkleProof.verifyCalldata(proof, root, leaf);
    }
}
