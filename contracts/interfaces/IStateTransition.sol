// SPDX-License-Identifier: MIT
pragma solidity 0.8.28;

/// @title The rollup's state transition, executed on-chain
/// @notice Re-executes a block the way the chunk circuit defines it (DESIGN §6), so that a block whose header
///         declares a wrong `newState` or `txsCommitment` can be shown invalid on-chain (`IRollup.challengeBlock`).
interface IStateTransition {
    /// @notice `txs` is not a positive multiple of the chunk size.
    error StateTransition__BadTxCount(uint256 count);
    /// @notice A state or transaction is not a BN254 field element.
    error StateTransition__NotInField(uint256 value);

    /// @notice The block's end state and transactions commitment: per chunk of 16 txs,
    ///         `state ← fold(state, chunk)` and `c_j = fold(0, chunk)` with circomlib's two-input Poseidon, then
    ///         `txsCommitment = keccak256(abi.encodePacked(c_0, …))`.
    function execute(
        uint256 prevState,
        uint256[] calldata txs
    ) external view returns (uint256 newState, bytes32 txsCommitment);
}
