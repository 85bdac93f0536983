// SPDX-License-Identifier: MIT
pragma solidity 0.8.28;

import {PoseidonT3} from "poseidon-solidity/PoseidonT3.sol";
import {IStateTransition} from "../interfaces/IStateTransition.sol";

/// @title ChunkStateTransition
/// @notice `IStateTransition` for the chunk circuit (`packages/circuits/circuits/chunk.circom`): the same fold,
///         computed with the `poseidon-solidity` PoseidonT3 library (circomlib's parameters, so its outputs equal
///         the circuit's and `poseidon-lite`'s; the differential test checks it). Used only as evidence against
///         an invalid block, so its cost (≈ 32 Poseidon hashes per chunk) is paid by the challenger, never on the
///         normal path.
/// @dev PoseidonT3 is an external library: deployments link it.
contract ChunkStateTransition is IStateTransition {
    uint256 public constant TXS_PER_CHUNK = 16;
    uint256 internal constant FIELD_MODULUS =
        21888242871839275222246405745257275088548364400416034343698204186575808495617;

    /// @inheritdoc IStateTransition
    function execute(
        uint256 prevState,
        uint256[] calldata txs
    ) external pure returns (uint256 newState, bytes32 txsCommitment) {
        uint256 count = txs.length;
        if (count == 0 || count % TXS_PER_CHUNK != 0) revert StateTransition__BadTxCount(count);
        if (prevState >= FIELD_MODULUS) revert StateTransition__NotInField(prevState);
        uint256 chunks = count / TXS_PER_CHUNK;
        uint256[] memory commitments = new uint256[](chunks);
        newState = prevState;
        for (uint256 c = 0; c < chunks; ++c) {
            uint256 commitment = 0;
            for (uint256 i = c * TXS_PER_CHUNK; i < (c + 1) * TXS_PER_CHUNK; ++i) {
                uint256 tx_ = txs[i];
                if (tx_ >= FIELD_MODULUS) revert StateTransition__NotInField(tx_);
                newState = PoseidonT3.hash([newState, tx_]);
                commitment = PoseidonT3.hash([commitment, tx_]);
            }
            commitments[c] = commitment;
        }
        txsCommitment = keccak256(abi.encodePacked(commitments));
    }
}
