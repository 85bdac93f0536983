// SPDX-License-Identifier: MIT
pragma solidity 0.8.28;

import {Math} from "@openzeppelin/contracts/utils/math/Math.sol";

/// @title VrfKeyLib
/// @notice Validates a secp256k1 public key given as SEC1 bytes and returns its compressed form.
library VrfKeyLib {
    /// @dev secp256k1 field prime.
    uint256 private constant P = 0xFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFEFFFFFC2F;
    /// @dev (P + 1) / 4: since P ≡ 3 (mod 4), a^((P+1)/4) is a square root of a whenever one exists.
    uint256 private constant SQRT_EXPONENT = (P + 1) / 4;

    /// @notice Parses a compressed (33-byte, 0x02/0x03) or uncompressed (65-byte, 0x04) key.
    /// @return ok Whether `key` encodes a point on secp256k1 (never the point at infinity, which has no SEC1
    ///         encoding of these lengths).
    /// @return prefix 0x02 (even y) or 0x03 (odd y).
    /// @return x The x-coordinate.
    /// @return y The y-coordinate.
    function parse(bytes calldata key) internal view returns (bool ok, uint8 prefix, bytes32 x, uint256 y) {
        if (key.length == 33) {
            prefix = uint8(key[0]);
            x = bytes32(key[1:33]);
            if ((prefix != 2 && prefix != 3) || uint256(x) >= P) return (false, 0, 0, 0);
            uint256 rhs = _curveRhs(uint256(x));
            y = Math.modExp(rhs, SQRT_EXPONENT, P);
            if (mulmod(y, y, P) != rhs) return (false, 0, 0, 0);
            // Both roots y and P − y exist (y ≠ 0: 7 is not a cube's negative mod P); take the prefix's parity.
            if (y & 1 != prefix & 1) y = P - y;
            return (true, prefix, x, y);
        }
        if (key.length == 65) {
            if (uint8(key[0]) != 4) return (false, 0, 0, 0);
            x = bytes32(key[1:33]);
            y = uint256(bytes32(key[33:65]));
            if (uint256(x) >= P || y >= P || mulmod(y, y, P) != _curveRhs(uint256(x))) return (false, 0, 0, 0);
            return (true, uint8(2 + (y & 1)), x, y);
        }
        return (false, 0, 0, 0);
    }

    /// @notice The Ethereum address of the key (x, y): who signs with its secret key, as `ecrecover` reports it.
    function signerAddress(bytes32 x, uint256 y) internal pure returns (address) {
        return address(uint160(uint256(keccak256(abi.encodePacked(x, y)))));
    }

    /// @notice The 33-byte compressed encoding.
    function compressed(uint8 prefix, bytes32 x) internal pure returns (bytes memory) {
        return abi.encodePacked(prefix, x);
    }

    /// @dev x³ + 7 mod P.
    function _curveRhs(uint256 x) private pure returns (uint256) {
        return addmod(mulmod(mulmod(x, x, P), x, P), 7, P);
    }
}
