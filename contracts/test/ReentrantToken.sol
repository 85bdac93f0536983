// SPDX-License-Identifier: MIT
pragma solidity 0.8.28;

import {ERC20} from "@openzeppelin/contracts/token/ERC20/ERC20.sol";

/// @title ReentrantToken
/// @notice TEST ONLY. An ERC-20 that, once armed, calls back into a target during `transfer`/`transferFrom` and
///         bubbles up any revert — to check that the registry refuses re-entrancy through its token.
contract ReentrantToken is ERC20 {
    address private _target;
    bytes private _callData;

    constructor() ERC20("Reentrant", "RE") {}

    /// @notice Mints test tokens to anyone.
    function mint(address to, uint256 amount) external {
        _mint(to, amount);
    }

    /// @notice Arms the hook: the next token movement calls `target` with `callData` (once).
    function arm(address target, bytes calldata callData) external {
        _target = target;
        _callData = callData;
    }

    function _update(address from, address to, uint256 value) internal override {
        super._update(from, to, value);
        address target = _target;
        if (target != address(0) && from != address(0)) {
            _target = address(0);
            // A raw call is the point of this test token: it replays arbitrary calldata into the registry.
            // solhint-disable-next-line avoid-low-level-calls
            (bool ok, bytes memory returned) = target.call(_callData);
            if (!ok) {
                // Bubble the callee's revert data unchanged so the test sees the registry's own error.
                assembly ("memory-safe") {
                    revert(add(returned, 0x20), mload(returned))
                }
            }
        }
    }
}
