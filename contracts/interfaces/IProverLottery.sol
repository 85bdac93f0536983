// SPDX-License-Identifier: MIT
pragma solidity 0.8.28;

import {EcVrfHints} from "./IEcVrfVerifier.sol";
import {ILotteryBase, RandomnessSource} from "./ILotteryBase.sol";

/// @notice The best prover ticket of an epoch so far: its node is the epoch's designated prover.
struct ProverTicket {
    /// @notice The node (zero while the epoch has no ticket).
    bytes32 pid;
    /// @notice ln(race time), 18 decimals; lower wins.
    int256 raceTime;
}

/// @title IProverLottery
/// @notice The prover lottery (DESIGN §4): per epoch, eligible provers enter with a VRF proof (or a commit-reveal
///         secret); the best ticket's node is the epoch's designated prover.
interface IProverLottery is ILotteryBase {
    /// @notice Prover tickets for `epoch` are accepted only until `epoch` ends.
    error Lottery__TicketWindowClosed(uint256 epoch, uint256 currentEpoch);

    /// @notice `pid` now holds the best prover ticket of `epoch`, replacing `replacedPid` (zero if none).
    event ProverTicketAccepted(
        uint256 indexed epoch,
        bytes32 indexed pid,
        int256 raceTime,
        bytes32 replacedPid,
        RandomnessSource source
    );

    /// @notice Enters the prover lottery of `epoch` with a VRF proof for `σ(epoch, firstSlot, 2) ‖ "PROVER"`.
    ///         Accepted from the moment the epoch's seed is fixed (before the epoch starts) until the epoch ends.
    ///         Only the node's operator may enter it (`pid == keccak256(abi.encode(msg.sender, salt))`): being the
    ///         designated prover is a commitment, so no one else may take it on for the node, here or by replaying
    ///         the ticket in another deployment over the same registry.
    /// @return raceTime The ticket's race time (ln t).
    function submitProverTicket(
        uint256 epoch,
        bytes32 pid,
        bytes32 salt,
        bytes calldata vrfProof,
        EcVrfHints calldata hints
    ) external returns (int256 raceTime);

    /// @notice `submitProverTicket` with the commit-reveal fallback.
    function submitProverTicketWithReveal(
        uint256 epoch,
        bytes32 pid,
        bytes32 salt,
        bytes32 secret
    ) external returns (int256 raceTime);

    /// @notice The best prover ticket of `epoch` so far (pid zero if none): the designated prover.
    function designatedProver(uint256 epoch) external view returns (ProverTicket memory);
}
