// SPDX-License-Identifier: MIT
pragma solidity 0.8.28;

import {Hashes} from "@openzeppelin/contracts/utils/cryptography/Hashes.sol";

/// @title ActiveSetTreeLib
/// @notice A fixed-depth Merkle tree kept whole in storage, so any leaf can be set without a caller-supplied proof
///         (which a concurrent transaction could make stale) and every update costs the same whatever the number
///         of leaves: one read of a sibling and one write per level.
/// @dev Nodes are OpenZeppelin's commutative keccak of their children, so `MerkleProof.verify` checks a leaf
///      against the root with the 20 siblings. Nodes are stored by heap index (root 1, children of i are 2i and
///      2i + 1, leaves from 2^DEPTH); a stored zero means "the empty subtree of this level", whose hash is
///      z(0) = 0, z(l + 1) = H(z(l), z(l)). An emptied subtree is stored back as zero (refunding its slot).
library ActiveSetTreeLib {
    /// @dev 2^20 leaves: a million nodes.
    uint256 internal constant DEPTH = 20;
    uint256 internal constant CAPACITY = 1 << DEPTH;

    struct Tree {
        mapping(uint256 heapIndex => bytes32) nodes;
    }

    /// @notice Sets leaf `index` to `value` (zero to clear it) and returns the new root.
    /// @dev `index < CAPACITY` is the caller's invariant.
    function update(Tree storage tree, uint256 index, bytes32 value) internal returns (bytes32 newRoot) {
        // Heap index of the leaf; cannot overflow since index < 2^20.
        uint256 position = CAPACITY + index;
        bytes32 zero = bytes32(0);
        bytes32 node = value;
        for (uint256 level = 0; level < DEPTH; ++level) {
            tree.nodes[position] = node == zero ? bytes32(0) : node;
            bytes32 sibling = tree.nodes[position ^ 1];
            if (sibling == bytes32(0)) sibling = zero;
            node = Hashes.commutativeKeccak256(node, sibling);
            zero = Hashes.commutativeKeccak256(zero, zero);
            position >>= 1;
        }
        tree.nodes[1] = node == zero ? bytes32(0) : node;
        return node;
    }

    /// @notice Leaf `index` (zero when empty).
    function leaf(Tree storage tree, uint256 index) internal view returns (bytes32) {
        return tree.nodes[CAPACITY + index];
    }

    /// @notice The current root.
    function root(Tree storage tree) internal view returns (bytes32) {
        bytes32 stored = tree.nodes[1];
        return stored == bytes32(0) ? emptyRoot() : stored;
    }

    /// @notice The root of the tree with every leaf zero: z(DEPTH).
    function emptyRoot() internal pure returns (bytes32 zero) {
        for (uint256 level = 0; level < DEPTH; ++level) {
            zero = Hashes.commutativeKeccak256(zero, zero);
        }
    }
}
