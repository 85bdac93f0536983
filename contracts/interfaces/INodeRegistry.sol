// SPDX-License-Identifier: MIT
pragma solidity 0.8.28;

import {ISeedBeacon} from "./ISeedBeacon.sol";

/// @notice A node's state (seed 000 §1). `None` means never registered.
enum NodeStatus {
    None,
    Pending,
    Active,
    Unbonding,
    Exited
}

/// @notice Deployment parameters of a `NodeRegistry`. The clock (genesis, slot duration, epoch length) is the
///         beacon's.
struct RegistryConfig {
    /// @notice Any ERC-20 without transfer fees.
    address stakeToken;
    ISeedBeacon beacon;
    /// @notice Holder of `DEFAULT_ADMIN_ROLE`, who binds the slasher (grants `ROLLUP_ROLE` to the rollup contract,
    ///         once) and should then renounce the role (see `slasher`).
    address admin;
    uint256 minStake;
    uint256 entryDelayEpochs;
    uint256 unbondingPeriodEpochs;
    /// @notice A_max.
    uint256 ageCap;
}

/// @notice A node as it is now (its state machine), not as any lottery sees it.
struct NodeInfo {
    address operator;
    NodeStatus status;
    /// @notice 1 sequencer, 2 prover, 3 both.
    uint8 roles;
    /// @notice Position of the node's leaf in the active-set tree (fixed for the pid's lifetime).
    uint32 leafIndex;
    /// @notice Epoch of the latest `register`.
    uint64 registeredEpoch;
    /// @notice First epoch the node is Active in the lottery (0 until activated).
    uint64 activationEpoch;
    /// @notice First epoch the node is no longer Active in the lottery (0 until unbonded).
    uint64 exitEpoch;
    /// @notice First epoch `withdraw` is allowed (0 until unbonded).
    uint64 withdrawableEpoch;
    /// @notice The operator's own stake.
    uint256 selfStake;
    /// @notice Stake delegated to the node and not undelegated.
    uint256 delegatedStake;
    /// @notice Undelegated stake waiting for its unbonding period (still slashable).
    uint256 unbondingDelegatedStake;
    /// @notice Compressed SEC1 secp256k1 VRF key (33 bytes) as of the latest rotation.
    bytes vrfKey;
    /// @notice Communication key as of the latest rotation.
    bytes32 commKey;
}

/// @notice A node's lottery inputs for one epoch, fixed before that epoch's seed is known.
struct LotteryInputs {
    NodeStatus status;
    /// @notice Self-stake plus delegated stake.
    uint256 stake;
    /// @notice Whole epochs continuously Active, capped at `ageCap` (frozen once unbonding, 0 otherwise).
    uint256 age;
    /// @notice First epoch of the current Active run (0 if never active).
    uint64 activationEpoch;
    /// @notice Compressed SEC1 secp256k1 VRF key (33 bytes; empty if the node did not exist).
    bytes vrfKey;
    uint8 roles;
}

/// @notice A delegator's position with one node.
struct DelegationInfo {
    /// @notice Shares of the node's delegation pool.
    uint256 shares;
    /// @notice What those shares are worth now.
    uint256 stake;
    /// @notice Undelegated stake waiting for `withdrawableEpoch`.
    uint256 unbondingStake;
    uint64 withdrawableEpoch;
}

/// @notice EIP-712 `Join`: the operator asks to register (seed 000 §4); a relayer may submit it.
struct Join {
    address operator;
    bytes32 salt;
    uint256 stake;
    bytes vrfKey;
    bytes32 commKey;
    uint8 roles;
    uint256 nonce;
    uint256 deadline;
}

/// @notice EIP-712 `Leave`: the operator of `pid` asks to unbond during `epoch`.
struct Leave {
    bytes32 pid;
    uint256 epoch;
    uint256 nonce;
    uint256 deadline;
}

/// @notice EIP-712 `Delegate`: `delegator` delegates `amount` to `validatorPid`.
struct Delegate {
    address delegator;
    bytes32 validatorPid;
    uint256 amount;
    uint256 nonce;
    uint256 deadline;
}

/// @title INodeRegistry
/// @notice Sequencer and prover nodes: stake, delegation, block-age, keys, and the per-epoch lottery inputs with a
///         Merkle root of the active set.
/// @dev Anti-grinding: every change made during epoch c (activation, unbonding, stake, delegation, slashing, key
///      rotation, withdrawal) takes effect in the lottery from epoch `c + inputLag()`, the first epoch whose seed
///      mixing window starts after epoch c ends, so the inputs of an epoch are fixed strictly before any L1 block
///      that can influence its seed. The state machine itself (`node(pid).status`) changes at once.
///      Invariant: the registry's token balance equals the sum of every node's self-stake plus every node's
///      delegated and unbonding-delegated stake.
///      Active-set tree: a fixed-depth (20) Merkle tree in storage with one leaf per pid,
///      `keccak256(bytes.concat(keccak256(abi.encode(pid, stake, activationEpoch, vrfKey, roles))))` while the
///      node is Active in the lottery and zero otherwise, nodes hashed with OpenZeppelin's commutative keccak (so
///      `MerkleProof.verify` checks a leaf). Each change rewrites one path: the same gas with 10 or 10⁶ nodes.
interface INodeRegistry {
    // ------------------------------------------------------------------ errors

    /// @notice A zero address was given for `what` (1 token, 2 beacon, 3 admin, 4 slasher).
    error NodeRegistry__ZeroAddress(uint8 what);
    /// @notice The age cap must be positive, and the unbonding period and the entry delay at least one epoch (and at
    ///         most 10⁶).
    error NodeRegistry__InvalidParameter(uint256 ageCap, uint256 unbondingPeriodEpochs, uint256 entryDelayEpochs);
    /// @notice The stake is below the minimum.
    error NodeRegistry__StakeBelowMinimum(uint256 stake, uint256 minimum);
    /// @notice Roles must be 1 (sequencer), 2 (prover) or 3 (both).
    error NodeRegistry__InvalidRoles(uint8 roles);
    /// @notice The VRF key is not a compressed (33-byte) or uncompressed (65-byte) secp256k1 point.
    error NodeRegistry__InvalidVrfKey(bytes vrfKey);
    /// @notice The VRF key's proof of possession is not a signature by that key over `VrfKeyPossession(pid, vrfKey)`.
    error NodeRegistry__InvalidVrfKeyProof(bytes32 pid);
    /// @notice The communication key is zero.
    error NodeRegistry__InvalidCommKey();
    /// @notice The pid is registered and not Exited.
    error NodeRegistry__AlreadyRegistered(bytes32 pid, NodeStatus status);
    /// @notice No node was ever registered under this pid.
    error NodeRegistry__UnknownNode(bytes32 pid);
    /// @notice The node is not in the state the action needs.
    error NodeRegistry__WrongStatus(bytes32 pid, NodeStatus expected, NodeStatus actual);
    /// @notice Only the node's operator may do this.
    error NodeRegistry__NotOperator(bytes32 pid, address caller, address operator);
    /// @notice `activate` before `entryDelayEpochs` epoch boundaries have passed since registration.
    error NodeRegistry__ActivationTooEarly(bytes32 pid, uint256 allowedFromEpoch, uint256 currentEpoch);
    /// @notice `withdraw` before the unbonding period has passed.
    error NodeRegistry__WithdrawalTooEarly(bytes32 pid, uint256 allowedFromEpoch, uint256 currentEpoch);
    /// @notice An amount of zero.
    error NodeRegistry__ZeroAmount();
    /// @notice The token moved a different amount than asked (fee-on-transfer tokens are not supported).
    error NodeRegistry__TransferMismatch(uint256 expected, uint256 received);
    /// @notice Delegating, adding stake and rotating keys need a Pending or Active node.
    error NodeRegistry__NotPendingOrActive(bytes32 pid, NodeStatus status);
    /// @notice The delegator has less delegated stake than it asked to undelegate.
    error NodeRegistry__InsufficientDelegation(bytes32 pid, address delegator, uint256 requested, uint256 available);
    /// @notice Nothing is waiting to be withdrawn.
    error NodeRegistry__NothingToWithdraw(bytes32 pid, address delegator);
    /// @notice The undelegated stake is still in its unbonding period.
    error NodeRegistry__DelegationLocked(bytes32 pid, uint256 allowedFromEpoch, uint256 currentEpoch);
    /// @notice The signed message's deadline has passed.
    error NodeRegistry__SignatureExpired(uint256 deadline, uint256 blockTimestamp);
    /// @notice The signature is not `signer`'s over the typed message.
    error NodeRegistry__InvalidSignature(address signer);
    /// @notice The signed message's nonce is not the signer's next nonce (replayed or out of order).
    error NodeRegistry__InvalidNonce(address signer, uint256 expected, uint256 provided);
    /// @notice A signed `Leave` is only valid during its epoch.
    error NodeRegistry__WrongEpoch(uint256 expected, uint256 actual);
    /// @notice The active-set tree has no free leaf.
    error NodeRegistry__TreeFull(uint256 capacity);
    /// @notice A slash larger than the node's slashable stake.
    error NodeRegistry__SlashExceedsStake(bytes32 pid, uint256 amount, uint256 slashable);
    /// @notice A slash must record a reason.
    error NodeRegistry__MissingSlashReason();
    /// @notice The lottery inputs of `epoch` can still change: only epochs up to `lastFixedEpoch` are fixed.
    error NodeRegistry__InputsNotFixed(uint256 epoch, uint256 lastFixedEpoch);
    /// @notice A stake amount does not fit the lottery's 208-bit checkpoints.
    error NodeRegistry__StakeOverflow(uint256 stake);
    /// @notice `ROLLUP_ROLE` is bound to `slasher` for good: it cannot be granted again, to `account` or to anyone
    ///         (not even to `slasher` a second time).
    error NodeRegistry__SlasherAlreadyBound(address slasher, address account);
    /// @notice `ROLLUP_ROLE` can never be revoked or renounced (asked for `account`; the slasher is `slasher`, zero if
    ///         none is bound yet).
    error NodeRegistry__SlasherIrrevocable(address slasher, address account);

    // ------------------------------------------------------------------ events

    /// @notice A node registered (or re-registered after exiting) and is Pending.
    event NodeRegistered(
        bytes32 indexed pid,
        address indexed operator,
        uint256 stake,
        bytes vrfKey,
        bytes32 commKey,
        uint8 roles,
        uint32 leafIndex
    );
    /// @notice A node became Active; it enters the lottery at `effectiveEpoch`.
    event NodeActivated(bytes32 indexed pid, uint256 effectiveEpoch);
    /// @notice A node began unbonding; it leaves the lottery at `effectiveEpoch`.
    event NodeUnbonded(bytes32 indexed pid, uint256 effectiveEpoch, uint256 withdrawableEpoch);
    /// @notice A node exited and its operator received its self-stake.
    event NodeWithdrawn(bytes32 indexed pid, address indexed operator, uint256 amount);
    /// @notice The operator added self-stake, counted in the lottery from `effectiveEpoch`.
    event StakeIncreased(bytes32 indexed pid, uint256 amount, uint256 selfStake, uint256 effectiveEpoch);
    /// @notice New keys, used by the lottery from `effectiveEpoch`.
    event KeysRotated(bytes32 indexed pid, bytes vrfKey, bytes32 commKey, uint256 effectiveEpoch);
    /// @notice `delegator` delegated `amount` (as `shares`), counted in the lottery from `effectiveEpoch`.
    event Delegated(
        bytes32 indexed pid,
        address indexed delegator,
        uint256 amount,
        uint256 shares,
        uint256 effectiveEpoch
    );
    /// @notice `delegator` undelegated `amount` (burning `shares`); withdrawable from `withdrawableEpoch`.
    event Undelegated(
        bytes32 indexed pid,
        address indexed delegator,
        uint256 amount,
        uint256 shares,
        uint256 withdrawableEpoch
    );
    /// @notice `delegator` received its undelegated stake.
    event DelegationWithdrawn(bytes32 indexed pid, address indexed delegator, uint256 amount);
    /// @notice The node was slashed by `slasher` (which received the tokens), pro rata over self-stake,
    ///         delegated and unbonding-delegated stake.
    event Slashed(
        bytes32 indexed pid,
        address indexed slasher,
        bytes32 indexed reason,
        uint256 amount,
        uint256 selfCut,
        uint256 delegatedCut,
        uint256 unbondingCut
    );
    /// @notice The node's leaf changed (zero when it left the active set); `root` is the tree's new root.
    event ActiveSetLeafUpdated(bytes32 indexed pid, uint32 leafIndex, bytes32 leaf, bytes32 root);
    /// @notice `root` is the active-set root of every epoch from `fromEpoch` until the next record.
    event ActiveSetRootRecorded(uint256 indexed fromEpoch, bytes32 root);
    /// @notice Epoch `epoch` began: its epoch seed (`seedFor(epoch, firstSlot, 0)`, a fallback seed if nothing was
    ///         poked in its window; zero only if the beacon call fails) and its active-set root.
    /// @dev Emitted by the epoch's first registry transaction (or `rollEpoch`); epochs without any have none.
    event EpochStart(uint256 indexed epoch, bytes32 seed, bytes32 activeSetRoot);

    // ------------------------------------------------------------------ node lifecycle

    /// @notice Registers the caller as the operator of node `pidOf(msg.sender, salt)`, locking `stake`.
    /// @dev An Exited pid may register again: same leaf, age from zero, and its delegation pool as it was (delegators
    ///      who never undelegated back it again from the new registration's first lottery epoch).
    /// @param salt Any value; lets one operator run several nodes.
    /// @param stake Self-stake pulled from the caller (needs an ERC-20 allowance), at least `minStake`.
    /// @param vrfKey secp256k1 VRF public key, compressed (33 bytes) or uncompressed (65 bytes).
    /// @param vrfKeyProof Proof of possession: the 65-byte ECDSA signature by the VRF secret key over the EIP-712
    ///        message `VrfKeyPossession(bytes32 pid, bytes vrfKey)` (this registry's domain, `vrfKey` as given).
    /// @param commKey The node's communication key (non-zero).
    /// @param roles 1 sequencer, 2 prover, 3 both.
    /// @return pid The node's persistent identity.
    function register(
        bytes32 salt,
        uint256 stake,
        bytes calldata vrfKey,
        bytes calldata vrfKeyProof,
        bytes32 commKey,
        uint8 roles
    ) external returns (bytes32 pid);

    /// @notice Registers on behalf of `join.operator`, who signed `join` (EIP-712); stake is pulled from the operator.
    /// @param vrfKeyProof The proof of possession of `join.vrfKey` (see `register`).
    function registerWithSignature(
        Join calldata join,
        bytes calldata vrfKeyProof,
        bytes calldata signature
    ) external returns (bytes32 pid);

    /// @notice Pending → Active, allowed from `registeredEpoch + entryDelayEpochs`.
    function activate(bytes32 pid) external;

    /// @notice Active → Unbonding: the node leaves the lottery at `currentEpoch() + inputLag()` and may withdraw
    ///         `unbondingPeriodEpochs` after that.
    function unbond(bytes32 pid) external;

    /// @notice `unbond` on behalf of the operator, who signed `leave` (EIP-712).
    function unbondWithSignature(Leave calldata leave, bytes calldata signature) external;

    /// @notice Unbonding → Exited after the unbonding period; sends the self-stake to the operator.
    function withdraw(bytes32 pid) external;

    /// @notice Adds self-stake to a Pending or Active node.
    function increaseStake(bytes32 pid, uint256 amount) external;

    /// @notice Replaces the node's keys; the lottery uses the new VRF key from `currentEpoch() + inputLag()`.
    /// @param vrfKeyProof The proof of possession of `vrfKey` (see `register`).
    function rotateKeys(bytes32 pid, bytes calldata vrfKey, bytes calldata vrfKeyProof, bytes32 commKey) external;

    // ------------------------------------------------------------------ delegation

    /// @notice Delegates `amount` of the caller's tokens to a Pending or Active node.
    /// @return shares Pool shares minted.
    function delegate(bytes32 pid, uint256 amount) external returns (uint256 shares);

    /// @notice `delegate` on behalf of `d.delegator`, who signed `d` (EIP-712); tokens are pulled from the delegator.
    function delegateWithSignature(Delegate calldata d, bytes calldata signature) external returns (uint256 shares);

    /// @notice Starts unbonding `amount` of the caller's delegation (`type(uint256).max` for all of it). A second
    ///         undelegation adds to the first and restarts its unbonding period.
    /// @return withdrawableEpoch First epoch `withdrawDelegation` succeeds.
    function undelegate(bytes32 pid, uint256 amount) external returns (uint256 withdrawableEpoch);

    /// @notice Sends the caller its undelegated stake once the unbonding period has passed.
    function withdrawDelegation(bytes32 pid) external returns (uint256 amount);

    // ------------------------------------------------------------------ slashing

    /// @notice Takes `amount` from the node, pro rata from self-stake, delegated and unbonding-delegated stake,
    ///         and sends it to the caller. Only the slasher (the one holder of `ROLLUP_ROLE`, see `slasher`). A node
    ///         left below `minStake` leaves the lottery as if it had unbonded.
    /// @dev Trust: the slasher can take any node's stake, so it is bound once and frozen (see `slasher`); the admin
    ///      cannot add, replace or remove it.
    /// @param reason Why (non-zero; e.g. a keccak256 of a reason string or an evidence hash).
    function slash(bytes32 pid, uint256 amount, bytes32 reason) external;

    // ------------------------------------------------------------------ epochs

    /// @notice Begins the current epoch if no transaction has yet: records the active-set root and emits
    ///         `EpochStart`. Every state-changing call does this first.
    /// @dev Every call (this one and every state-changing one) also records the block's randomness in the beacon
    ///      while an epoch's seed window is open (`ISeedBeacon.pokeInWindow`), and the first one of an epoch pokes
    ///      the beacon in any case; a failing beacon call is ignored, so the beacon can never stop the registry.
    /// @return epoch The current epoch.
    function rollEpoch() external returns (uint256 epoch);

    // ------------------------------------------------------------------ views

    /// @notice `keccak256(abi.encode(operator, salt))`.
    function pidOf(address operator, bytes32 salt) external pure returns (bytes32);

    /// @notice The node's current state.
    function node(bytes32 pid) external view returns (NodeInfo memory);

    /// @notice The node's lottery inputs for `epoch` (any past epoch, or up to `currentEpoch() + inputLag() − 1`).
    function nodeAt(bytes32 pid, uint256 epoch) external view returns (LotteryInputs memory);

    /// @notice The leaf the node has in the active-set tree for `epoch` (zero unless Active then).
    function leafAt(bytes32 pid, uint256 epoch) external view returns (bytes32);

    /// @notice A delegator's position with a node.
    function delegation(bytes32 pid, address delegator) external view returns (DelegationInfo memory);

    /// @notice The active-set root the lottery of `epoch` uses (fixed up to `currentEpoch() + inputLag() − 1`).
    function activeSetRootAt(uint256 epoch) external view returns (bytes32);

    /// @notice The tree's root now: the active set of epoch `currentEpoch() + inputLag()` as it stands.
    function activeSetRoot() external view returns (bytes32);

    /// @notice The rollup epoch at this block.
    function currentEpoch() external view returns (uint256);

    /// @notice The absolute rollup slot at this block.
    function currentSlot() external view returns (uint256);

    /// @notice Changes made now take effect in the lottery `inputLag()` epochs later (at least 2).
    function inputLag() external view returns (uint256);

    /// @notice The last epoch begun by `rollEpoch` (or any state-changing call).
    function lastRolledEpoch() external view returns (uint256);

    /// @notice The signer's next nonce for Join, Leave and Delegate messages.
    function nonces(address signer) external view returns (uint256);

    /// @notice The slasher: the one account holding `ROLLUP_ROLE`, the only one that may `slash` (zero until bound).
    /// @dev One-shot binding. `DEFAULT_ADMIN_ROLE` binds it with `grantRole(ROLLUP_ROLE, rollup)`; from then on every
    ///      `grantRole(ROLLUP_ROLE, ·)` reverts `NodeRegistry__SlasherAlreadyBound` (even for the slasher itself), and
    ///      `revokeRole` / `renounceRole` of `ROLLUP_ROLE` always revert `NodeRegistry__SlasherIrrevocable`.
    ///      Invariant: `ROLLUP_ROLE` has at most one holder, `slasher()`, which never changes once non-zero.
    ///      What the admin can still do afterwards: grant, revoke and renounce `DEFAULT_ADMIN_ROLE` itself, and grant
    ///      role ids the registry never checks. Nothing else in the registry is restricted to a role: no parameter,
    ///      pause, upgrade, rescue or token path exists, so the admin has no power over stake once the slasher is
    ///      bound. Before that it has one: binding any account, itself included, as the slasher. The deployment
    ///      therefore binds the rollup and right after renounces `DEFAULT_ADMIN_ROLE` (the SDK's `deployRollup` and
    ///      `deploy/rollup.ts` do by default), leaving no admin at all; stakers should check `slasher()` first.
    function slasher() external view returns (address);

    /// @notice Number of pids that ever registered (= leaves in use).
    function nodeCount() external view returns (uint256);

    /// @notice Sum of everything the registry owes: self-stakes plus delegated and unbonding-delegated stake.
    function totalOwed() external view returns (uint256);

    /// @notice The stake token (any ERC-20 without transfer fees).
    function stakeToken() external view returns (address);

    /// @notice The seed beacon; the registry shares its clock.
    function beacon() external view returns (ISeedBeacon);

    /// @notice Minimum self-stake to register.
    function minStake() external view returns (uint256);

    /// @notice Epoch boundaries between `register` and `activate`.
    function entryDelayEpochs() external view returns (uint256);

    /// @notice Epochs between leaving the lottery and `withdraw` (also for undelegations).
    function unbondingPeriodEpochs() external view returns (uint256);

    /// @notice A_max, the cap on block-age.
    function ageCap() external view returns (uint256);
}
