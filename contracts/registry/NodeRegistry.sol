// SPDX-License-Identifier: MIT
pragma solidity 0.8.28;

import {AccessControl} from "@openzeppelin/contracts/access/AccessControl.sol";
import {IERC20} from "@openzeppelin/contracts/token/ERC20/IERC20.sol";
import {SafeERC20} from "@openzeppelin/contracts/token/ERC20/utils/SafeERC20.sol";
import {ECDSA} from "@openzeppelin/contracts/utils/cryptography/ECDSA.sol";
import {EIP712} from "@openzeppelin/contracts/utils/cryptography/EIP712.sol";
import {SignatureChecker} from "@openzeppelin/contracts/utils/cryptography/SignatureChecker.sol";
import {Math} from "@openzeppelin/contracts/utils/math/Math.sol";
import {ReentrancyGuardTransient} from "@openzeppelin/contracts/utils/ReentrancyGuardTransient.sol";
import {Checkpoints} from "@openzeppelin/contracts/utils/structs/Checkpoints.sol";
import {ISeedBeacon} from "../interfaces/ISeedBeacon.sol";
import {
    INodeRegistry,
    NodeStatus,
    NodeInfo,
    LotteryInputs,
    DelegationInfo,
    Join,
    Leave,
    Delegate,
    RegistryConfig
} from "../interfaces/INodeRegistry.sol";
import {ActiveSetTreeLib} from "./ActiveSetTreeLib.sol";
import {VrfKeyLib} from "./VrfKeyLib.sol";

/// @title NodeRegistry
/// @notice Sequencer and prover nodes: lifecycle, stake, delegation, block-age, keys, per-epoch lottery inputs and
///         the active-set Merkle root. See `INodeRegistry` for the rules.
/// @dev Every state-changing entry point first begins the epoch (`_roll`), then checks, then writes, then moves
///      tokens; those that move tokens are `nonReentrant`. Nothing loops over nodes.
contract NodeRegistry is INodeRegistry, AccessControl, EIP712, ReentrancyGuardTransient {
    using SafeERC20 for IERC20;
    using Checkpoints for Checkpoints.Trace208;
    using ActiveSetTreeLib for ActiveSetTreeLib.Tree;

    // ------------------------------------------------------------------ constants and immutables

    /// @notice The rollup contract's role: the only one allowed to slash. Bound once, then frozen (see `slasher`).
    bytes32 public constant ROLLUP_ROLE = keccak256("ROLLUP_ROLE");

    bytes32 private constant JOIN_TYPEHASH = keccak256(
        "Join(address operator,bytes32 salt,uint256 stake,bytes vrfKey,bytes32 commKey,uint8 roles,uint256 nonce,uint256 deadline)"
    );
    bytes32 private constant LEAVE_TYPEHASH = keccak256(
        "Leave(bytes32 pid,uint256 epoch,uint256 nonce,uint256 deadline)"
    );
    bytes32 private constant VRF_KEY_TYPEHASH = keccak256("VrfKeyPossession(bytes32 pid,bytes vrfKey)");
    bytes32 private constant DELEGATE_TYPEHASH = keccak256(
        "Delegate(address delegator,bytes32 validatorPid,uint256 amount,uint256 nonce,uint256 deadline)"
    );

    IERC20 private immutable _token;
    ISeedBeacon private immutable _beacon;
    uint256 private immutable _minStake;
    uint256 private immutable _entryDelayEpochs;
    uint256 private immutable _unbondingPeriodEpochs;
    uint256 private immutable _ageCap;
    uint256 private immutable _genesisTime;
    uint256 private immutable _slotDuration;
    uint256 private immutable _epochSlots;
    uint256 private immutable _epochDuration;
    uint256 private immutable _inputLag;

    // ------------------------------------------------------------------ storage

    struct Node {
        address operator;
        NodeStatus status;
        uint8 roles;
        uint32 leafIndex;
        uint48 registeredEpoch;
        uint48 activationEpoch;
        uint48 exitEpoch;
        uint48 withdrawableEpoch;
        uint32 keyVersion;
        uint8 vrfKeyPrefix;
        uint256 selfStake;
        bytes32 commKey;
    }

    /// @dev A node's delegation pools, as shares: slashing lowers the assets and so every share's value at once.
    ///      A slash that empties a pool starts a new era of it: the old shares are worth nothing and are voided,
    ///      so the share count cannot compound over repeated full slashes.
    struct Pool {
        uint256 activeAssets;
        uint256 activeShares;
        uint256 unbondingAssets;
        uint256 unbondingShares;
        uint64 activeEra;
        uint64 unbondingEra;
    }

    /// @dev Shares count only in the era they were minted in.
    struct Position {
        uint256 shares;
        uint256 unbondingShares;
        uint48 withdrawableEpoch;
        uint64 activeEra;
        uint64 unbondingEra;
    }

    mapping(bytes32 pid => Node) private _nodes;
    mapping(bytes32 pid => Pool) private _pools;
    mapping(bytes32 pid => mapping(address delegator => Position)) private _positions;
    /// @dev Lottery stake (self + delegated) by the first epoch it applies to.
    mapping(bytes32 pid => Checkpoints.Trace208) private _stakeAt;
    /// @dev Packed status, roles, activation epoch, exit epoch, key version and VRF key prefix by the first epoch
    ///      they apply to.
    mapping(bytes32 pid => Checkpoints.Trace208) private _profileAt;
    /// @dev x-coordinate of each VRF key a node has had (the prefix lives in the node and its profile).
    mapping(bytes32 pid => mapping(uint256 version => bytes32 x)) private _vrfKeyX;
    mapping(address signer => uint256) private _nonces;

    ActiveSetTreeLib.Tree private _tree;
    /// @dev Recorded roots; `_rootFrom` maps the first epoch of each run to its root.
    bytes32[] private _roots;
    Checkpoints.Trace208 private _rootFrom;
    uint256 private _lastRolled;
    uint256 private _nodeCount;
    uint256 private _totalOwed;
    /// @dev The one holder of `ROLLUP_ROLE` (zero until bound; never changes afterwards).
    address private _slasher;

    // ------------------------------------------------------------------ constructor

    /// @param cfg Token, beacon, admin and the registry's parameters.
    constructor(RegistryConfig memory cfg) EIP712("blockage NodeRegistry", "1") {
        if (cfg.stakeToken == address(0)) revert NodeRegistry__ZeroAddress(1);
        if (address(cfg.beacon) == address(0)) revert NodeRegistry__ZeroAddress(2);
        if (cfg.admin == address(0)) revert NodeRegistry__ZeroAddress(3);
        if (
            cfg.ageCap == 0 ||
            cfg.unbondingPeriodEpochs == 0 ||
            cfg.unbondingPeriodEpochs > 1e6 ||
            cfg.entryDelayEpochs == 0 ||
            cfg.entryDelayEpochs > 1e6
        ) {
            revert NodeRegistry__InvalidParameter(cfg.ageCap, cfg.unbondingPeriodEpochs, cfg.entryDelayEpochs);
        }
        _token = IERC20(cfg.stakeToken);
        _beacon = cfg.beacon;
        _minStake = cfg.minStake;
        _entryDelayEpochs = cfg.entryDelayEpochs;
        _unbondingPeriodEpochs = cfg.unbondingPeriodEpochs;
        _ageCap = cfg.ageCap;
        _genesisTime = cfg.beacon.genesisTime();
        _slotDuration = cfg.beacon.slotDuration();
        _epochSlots = cfg.beacon.epochSlots();
        uint256 epochDuration = cfg.beacon.epochDuration();
        _epochDuration = epochDuration;
        // Anti-grinding: a change in epoch c must precede every L1 block whose randomness enters the seed of its
        // effective epoch f = c + lag. That seed mixes snapshots from (cutoff − window, cutoff] with cutoff =
        // start(f) − lookback, and a block's prevrandao is known to the previous proposer up to two L1 blocks early,
        // so we need start(c + 1) ≤ start(f) − lookback − window − 2·l1BlockTime.
        uint256 l1BlockTime = cfg.beacon.l1BlockTime();
        uint256 seedLead = (cfg.beacon.lookbackBlocks() + cfg.beacon.windowBlocks() + 2) * l1BlockTime;
        _inputLag = 1 + Math.ceilDiv(seedLead, epochDuration);

        _grantRole(DEFAULT_ADMIN_ROLE, cfg.admin);
        uint256 epoch = _currentEpoch();
        _lastRolled = epoch;
        _rootFrom.push(0, 0);
        _roots.push(ActiveSetTreeLib.emptyRoot());
        emit ActiveSetRootRecorded(0, _roots[0]);
    }

    // ------------------------------------------------------------------ node lifecycle

    /// @inheritdoc INodeRegistry
    function register(
        bytes32 salt,
        uint256 stake,
        bytes calldata vrfKey,
        bytes calldata vrfKeyProof,
        bytes32 commKey,
        uint8 roles
    ) external nonReentrant returns (bytes32 pid) {
        _roll();
        return _register(msg.sender, salt, stake, vrfKey, vrfKeyProof, commKey, roles);
    }

    /// @inheritdoc INodeRegistry
    function registerWithSignature(
        Join calldata join,
        bytes calldata vrfKeyProof,
        bytes calldata signature
    ) external nonReentrant returns (bytes32 pid) {
        _roll();
        bytes32 structHash = keccak256(
            abi.encode(
                JOIN_TYPEHASH,
                join.operator,
                join.salt,
                join.stake,
                keccak256(join.vrfKey),
                join.commKey,
                join.roles,
                join.nonce,
                join.deadline
            )
        );
        _useSignature(join.operator, structHash, join.nonce, join.deadline, signature);
        return _register(join.operator, join.salt, join.stake, join.vrfKey, vrfKeyProof, join.commKey, join.roles);
    }

    /// @inheritdoc INodeRegistry
    function activate(bytes32 pid) external {
        uint256 epoch = _roll();
        Node storage n = _operatedNode(pid, msg.sender);
        _requireStatus(pid, n, NodeStatus.Pending);
        uint256 allowedFrom = uint256(n.registeredEpoch) + _entryDelayEpochs;
        if (epoch < allowedFrom) revert NodeRegistry__ActivationTooEarly(pid, allowedFrom, epoch);
        if (n.selfStake < _minStake) revert NodeRegistry__StakeBelowMinimum(n.selfStake, _minStake);
        uint256 effective = epoch + _inputLag;
        n.status = NodeStatus.Active;
        n.activationEpoch = uint48(effective);
        emit NodeActivated(pid, effective);
        _checkpoint(pid, n);
    }

    /// @inheritdoc INodeRegistry
    function unbond(bytes32 pid) external {
        _roll();
        _unbond(pid, _operatedNode(pid, msg.sender));
    }

    /// @inheritdoc INodeRegistry
    function unbondWithSignature(Leave calldata leave, bytes calldata signature) external {
        uint256 epoch = _roll();
        Node storage n = _existingNode(leave.pid);
        if (leave.epoch != epoch) revert NodeRegistry__WrongEpoch(leave.epoch, epoch);
        bytes32 structHash = keccak256(abi.encode(LEAVE_TYPEHASH, leave.pid, leave.epoch, leave.nonce, leave.deadline));
        _useSignature(n.operator, structHash, leave.nonce, leave.deadline, signature);
        _unbond(leave.pid, n);
    }

    /// @inheritdoc INodeRegistry
    function withdraw(bytes32 pid) external nonReentrant {
        uint256 epoch = _roll();
        Node storage n = _operatedNode(pid, msg.sender);
        _requireStatus(pid, n, NodeStatus.Unbonding);
        if (epoch < n.withdrawableEpoch) revert NodeRegistry__WithdrawalTooEarly(pid, n.withdrawableEpoch, epoch);
        uint256 amount = n.selfStake;
        n.selfStake = 0;
        n.status = NodeStatus.Exited;
        _totalOwed -= amount;
        emit NodeWithdrawn(pid, n.operator, amount);
        _checkpoint(pid, n);
        if (amount != 0) _token.safeTransfer(n.operator, amount);
    }

    /// @inheritdoc INodeRegistry
    function increaseStake(bytes32 pid, uint256 amount) external nonReentrant {
        uint256 epoch = _roll();
        Node storage n = _operatedNode(pid, msg.sender);
        _requireLive(pid, n);
        if (amount == 0) revert NodeRegistry__ZeroAmount();
        n.selfStake += amount;
        _totalOwed += amount;
        emit StakeIncreased(pid, amount, n.selfStake, epoch + _inputLag);
        _checkpoint(pid, n);
        _pull(msg.sender, amount);
    }

    /// @inheritdoc INodeRegistry
    function rotateKeys(bytes32 pid, bytes calldata vrfKey, bytes calldata vrfKeyProof, bytes32 commKey) external {
        uint256 epoch = _roll();
        Node storage n = _operatedNode(pid, msg.sender);
        _requireLive(pid, n);
        _setKeys(pid, n, vrfKey, vrfKeyProof, commKey);
        emit KeysRotated(pid, _vrfKeyOf(pid, n), commKey, epoch + _inputLag);
        _checkpoint(pid, n);
    }

    // ------------------------------------------------------------------ delegation

    /// @inheritdoc INodeRegistry
    function delegate(bytes32 pid, uint256 amount) external nonReentrant returns (uint256 shares) {
        _roll();
        return _delegate(msg.sender, pid, amount);
    }

    /// @inheritdoc INodeRegistry
    function delegateWithSignature(
        Delegate calldata d,
        bytes calldata signature
    ) external nonReentrant returns (uint256 shares) {
        _roll();
        bytes32 structHash = keccak256(
            abi.encode(DELEGATE_TYPEHASH, d.delegator, d.validatorPid, d.amount, d.nonce, d.deadline)
        );
        _useSignature(d.delegator, structHash, d.nonce, d.deadline, signature);
        return _delegate(d.delegator, d.validatorPid, d.amount);
    }

    /// @inheritdoc INodeRegistry
    function undelegate(bytes32 pid, uint256 amount) external returns (uint256 withdrawableEpoch) {
        uint256 epoch = _roll();
        Node storage n = _existingNode(pid);
        Pool storage pool = _pools[pid];
        Position storage position = _syncedPosition(pool, _positions[pid][msg.sender]);
        uint256 shares;
        if (amount == type(uint256).max) {
            shares = position.shares;
            amount = _toAssets(shares, pool.activeAssets, pool.activeShares);
        } else {
            shares =
                pool.activeShares == 0
                    ? amount
                    : Math.mulDiv(amount, pool.activeShares + 1, pool.activeAssets + 1, Math.Rounding.Ceil);
        }
        if (amount == 0) revert NodeRegistry__ZeroAmount();
        if (shares > position.shares) {
            revert NodeRegistry__InsufficientDelegation(
                pid,
                msg.sender,
                amount,
                _toAssets(position.shares, pool.activeAssets, pool.activeShares)
            );
        }
        // shares ≤ activeShares and the rounding (floor to assets, ceil to shares) keep amount ≤ activeAssets.
        pool.activeAssets -= amount;
        pool.activeShares -= shares;
        position.shares -= shares;
        uint256 unbondingShares = _toShares(amount, pool.unbondingAssets, pool.unbondingShares);
        if (unbondingShares == 0) revert NodeRegistry__ZeroAmount();
        pool.unbondingAssets += amount;
        pool.unbondingShares += unbondingShares;
        position.unbondingShares += unbondingShares;
        withdrawableEpoch = epoch + _inputLag + _unbondingPeriodEpochs;
        position.withdrawableEpoch = uint48(withdrawableEpoch);
        emit Undelegated(pid, msg.sender, amount, shares, withdrawableEpoch);
        _checkpoint(pid, n);
    }

    /// @inheritdoc INodeRegistry
    function withdrawDelegation(bytes32 pid) external nonReentrant returns (uint256 amount) {
        uint256 epoch = _roll();
        Pool storage pool = _pools[pid];
        Position storage position = _syncedPosition(pool, _positions[pid][msg.sender]);
        uint256 shares = position.unbondingShares;
        if (shares == 0) revert NodeRegistry__NothingToWithdraw(pid, msg.sender);
        if (epoch < position.withdrawableEpoch) {
            revert NodeRegistry__DelegationLocked(pid, position.withdrawableEpoch, epoch);
        }
        amount = _toAssets(shares, pool.unbondingAssets, pool.unbondingShares);
        pool.unbondingAssets -= amount;
        pool.unbondingShares -= shares;
        position.unbondingShares = 0;
        position.withdrawableEpoch = 0;
        _totalOwed -= amount;
        emit DelegationWithdrawn(pid, msg.sender, amount);
        if (amount != 0) _token.safeTransfer(msg.sender, amount);
    }

    // ------------------------------------------------------------------ slashing

    /// @inheritdoc INodeRegistry
    function slash(bytes32 pid, uint256 amount, bytes32 reason) external nonReentrant onlyRole(ROLLUP_ROLE) {
        _roll();
        if (reason == bytes32(0)) revert NodeRegistry__MissingSlashReason();
        if (amount == 0) revert NodeRegistry__ZeroAmount();
        Node storage n = _existingNode(pid);
        Pool storage pool = _pools[pid];
        uint256 self = n.selfStake;
        uint256 total = self + pool.activeAssets + pool.unbondingAssets;
        if (amount > total) revert NodeRegistry__SlashExceedsStake(pid, amount, total);
        uint256 delegatedCut = Math.mulDiv(amount, pool.activeAssets, total);
        uint256 unbondingCut = Math.mulDiv(amount, pool.unbondingAssets, total);
        uint256 selfCut = amount - delegatedCut - unbondingCut;
        if (selfCut > self) {
            // Flooring the two pool cuts can leave the self cut 1 wei above the self-stake
            // (selfCut < amount·self/total + 2 and amount ≤ total); the pools have that room because amount ≤ total.
            uint256 excess = selfCut - self;
            selfCut = self;
            uint256 fromActive = Math.min(excess, pool.activeAssets - delegatedCut);
            delegatedCut += fromActive;
            unbondingCut += excess - fromActive;
        }
        n.selfStake = self - selfCut;
        pool.activeAssets -= delegatedCut;
        pool.unbondingAssets -= unbondingCut;
        if (pool.activeAssets == 0 && pool.activeShares != 0) {
            pool.activeShares = 0;
            ++pool.activeEra;
        }
        if (pool.unbondingAssets == 0 && pool.unbondingShares != 0) {
            pool.unbondingShares = 0;
            ++pool.unbondingEra;
        }
        _totalOwed -= amount;
        emit Slashed(pid, msg.sender, reason, amount, selfCut, delegatedCut, unbondingCut);
        // A node left with less than the minimum self-stake leaves the lottery, as if it had unbonded.
        if (n.status == NodeStatus.Active && n.selfStake < _minStake) _unbond(pid, n);
        else _checkpoint(pid, n);
        _token.safeTransfer(msg.sender, amount);
    }

    // ------------------------------------------------------------------ access control

    /// @dev Binds the slasher: the first grant of `ROLLUP_ROLE` is the only one (see `INodeRegistry.slasher`).
    ///      Checked here rather than in `grantRole` so that no path to `_grantRole` can add a second slasher.
    function _grantRole(bytes32 role, address account) internal override returns (bool) {
        if (role == ROLLUP_ROLE) {
            address bound = _slasher;
            if (bound != address(0)) revert NodeRegistry__SlasherAlreadyBound(bound, account);
            if (account == address(0)) revert NodeRegistry__ZeroAddress(4);
            _slasher = account;
        }
        return super._grantRole(role, account);
    }

    /// @dev `ROLLUP_ROLE` is never taken away (by `revokeRole` or `renounceRole`): an admin that could remove the
    ///      slasher could not re-bind it, but could still stop slashing, and with it the rollup's penalties.
    function _revokeRole(bytes32 role, address account) internal override returns (bool) {
        if (role == ROLLUP_ROLE) revert NodeRegistry__SlasherIrrevocable(_slasher, account);
        return super._revokeRole(role, account);
    }

    // ------------------------------------------------------------------ epochs

    /// @inheritdoc INodeRegistry
    function rollEpoch() external returns (uint256 epoch) {
        return _roll();
    }

    // ------------------------------------------------------------------ views

    /// @inheritdoc INodeRegistry
    function pidOf(address operator, bytes32 salt) public pure returns (bytes32) {
        return keccak256(abi.encode(operator, salt));
    }

    /// @inheritdoc INodeRegistry
    function node(bytes32 pid) external view returns (NodeInfo memory info) {
        Node storage n = _nodes[pid];
        Pool storage pool = _pools[pid];
        info = NodeInfo({
            operator: n.operator,
            status: n.status,
            roles: n.roles,
            leafIndex: n.leafIndex,
            registeredEpoch: n.registeredEpoch,
            activationEpoch: n.activationEpoch,
            exitEpoch: n.exitEpoch,
            withdrawableEpoch: n.withdrawableEpoch,
            selfStake: n.selfStake,
            delegatedStake: pool.activeAssets,
            unbondingDelegatedStake: pool.unbondingAssets,
            vrfKey: n.status == NodeStatus.None ? bytes("") : _vrfKeyOf(pid, n),
            commKey: n.commKey
        });
    }

    /// @inheritdoc INodeRegistry
    function nodeAt(bytes32 pid, uint256 epoch) public view returns (LotteryInputs memory inputs) {
        _requireFixed(epoch);
        uint48 key = uint48(epoch);
        uint256 profile = _valueAt(_profileAt[pid], key);
        inputs.status = NodeStatus(uint8(profile));
        inputs.roles = uint8(profile >> 8);
        inputs.activationEpoch = uint48(profile >> 16);
        uint256 exitEpoch = uint48(profile >> 64);
        if (inputs.status == NodeStatus.None) return inputs;
        inputs.stake = _valueAt(_stakeAt[pid], key);
        if (inputs.status == NodeStatus.Active) {
            inputs.age = Math.min(epoch - inputs.activationEpoch, _ageCap);
        } else if (inputs.status == NodeStatus.Unbonding) {
            inputs.age = Math.min(exitEpoch - inputs.activationEpoch, _ageCap);
        }
        inputs.vrfKey = VrfKeyLib.compressed(uint8(profile >> 144), _vrfKeyX[pid][uint32(profile >> 112)]);
    }

    /// @inheritdoc INodeRegistry
    function leafAt(bytes32 pid, uint256 epoch) external view returns (bytes32) {
        LotteryInputs memory inputs = nodeAt(pid, epoch);
        if (inputs.status != NodeStatus.Active) return bytes32(0);
        return _leaf(pid, inputs.stake, inputs.activationEpoch, inputs.vrfKey, inputs.roles);
    }

    /// @inheritdoc INodeRegistry
    function delegation(bytes32 pid, address delegator) external view returns (DelegationInfo memory) {
        Pool storage pool = _pools[pid];
        Position storage position = _positions[pid][delegator];
        uint256 shares = position.activeEra == pool.activeEra ? position.shares : 0;
        uint256 unbondingShares = position.unbondingEra == pool.unbondingEra ? position.unbondingShares : 0;
        return
            DelegationInfo({
                shares: shares,
                stake: _toAssets(shares, pool.activeAssets, pool.activeShares),
                unbondingStake: _toAssets(unbondingShares, pool.unbondingAssets, pool.unbondingShares),
                withdrawableEpoch: unbondingShares == 0 ? 0 : position.withdrawableEpoch
            });
    }

    /// @inheritdoc INodeRegistry
    function activeSetRootAt(uint256 epoch) public view returns (bytes32) {
        _requireFixed(epoch);
        // Not begun yet this epoch: nothing changed since the end of `_lastRolled`, so the epochs from its
        // effective epoch on have the tree as it stands.
        if (epoch >= _lastRolled + _inputLag) return _tree.root();
        return _roots[_rootFrom.upperLookupRecent(uint48(epoch))];
    }

    /// @inheritdoc INodeRegistry
    function activeSetRoot() external view returns (bytes32) {
        return _tree.root();
    }

    /// @inheritdoc INodeRegistry
    function currentEpoch() external view returns (uint256) {
        return _currentEpoch();
    }

    /// @inheritdoc INodeRegistry
    function currentSlot() external view returns (uint256) {
        return (block.timestamp - _genesisTime) / _slotDuration;
    }

    /// @inheritdoc INodeRegistry
    function inputLag() external view returns (uint256) {
        return _inputLag;
    }

    /// @inheritdoc INodeRegistry
    function lastRolledEpoch() external view returns (uint256) {
        return _lastRolled;
    }

    /// @inheritdoc INodeRegistry
    function nonces(address signer) external view returns (uint256) {
        return _nonces[signer];
    }

    /// @inheritdoc INodeRegistry
    function slasher() external view returns (address) {
        return _slasher;
    }

    /// @inheritdoc INodeRegistry
    function nodeCount() external view returns (uint256) {
        return _nodeCount;
    }

    /// @inheritdoc INodeRegistry
    function totalOwed() external view returns (uint256) {
        return _totalOwed;
    }

    /// @inheritdoc INodeRegistry
    function stakeToken() external view returns (address) {
        return address(_token);
    }

    /// @inheritdoc INodeRegistry
    function beacon() external view returns (ISeedBeacon) {
        return _beacon;
    }

    /// @inheritdoc INodeRegistry
    function minStake() external view returns (uint256) {
        return _minStake;
    }

    /// @inheritdoc INodeRegistry
    function entryDelayEpochs() external view returns (uint256) {
        return _entryDelayEpochs;
    }

    /// @inheritdoc INodeRegistry
    function unbondingPeriodEpochs() external view returns (uint256) {
        return _unbondingPeriodEpochs;
    }

    /// @inheritdoc INodeRegistry
    function ageCap() external view returns (uint256) {
        return _ageCap;
    }

    // ------------------------------------------------------------------ internals: epochs

    function _currentEpoch() private view returns (uint256) {
        return (block.timestamp - _genesisTime) / _epochDuration;
    }

    /// @dev Begins the current epoch if needed: the tree as it stands is the state at the end of `_lastRolled`,
    ///      i.e. the active set of every epoch from `_lastRolled + lag`; record it before this call's own change.
    ///      Every call also records this block's beacon snapshot while a seed window is open (`pokeInWindow`; a
    ///      roll pokes anyway, to fix the seeds whose cutoff has passed), so that a window with any registry
    ///      activity has a seed. No beacon call may stop the registry: each is in a try/catch.
    function _roll() private returns (uint256 epoch) {
        epoch = _currentEpoch();
        uint256 last = _lastRolled;
        if (epoch == last) {
            try _beacon.pokeInWindow() {} catch {} // solhint-disable-line no-empty-blocks
            return epoch;
        }
        bytes32 root = _tree.root();
        uint256 from = last + _inputLag;
        _rootFrom.push(uint48(from), uint208(_roots.length));
        _roots.push(root);
        _lastRolled = epoch;
        emit ActiveSetRootRecorded(from, root);
        // Neither call may stop the registry: a failing beacon announces a zero seed (an epoch whose window got no
        // snapshot has a fallback seed, not none).
        try _beacon.poke() {} catch {} // solhint-disable-line no-empty-blocks
        bytes32 seed;
        try _beacon.seedFor(epoch, epoch * _epochSlots, 0) returns (bytes32 s) {
            seed = s;
        } catch {} // solhint-disable-line no-empty-blocks
        emit EpochStart(epoch, seed, activeSetRootAt(epoch));
    }

    function _requireFixed(uint256 epoch) private view {
        uint256 firstOpen = _currentEpoch() + _inputLag;
        if (epoch >= firstOpen) revert NodeRegistry__InputsNotFixed(epoch, firstOpen - 1);
    }

    // ------------------------------------------------------------------ internals: nodes

    function _register(
        address operator,
        bytes32 salt,
        uint256 stake,
        bytes calldata vrfKey,
        bytes calldata vrfKeyProof,
        bytes32 commKey,
        uint8 roles
    ) private returns (bytes32 pid) {
        if (roles == 0 || roles > 3) revert NodeRegistry__InvalidRoles(roles);
        if (stake < _minStake || stake == 0) revert NodeRegistry__StakeBelowMinimum(stake, _minStake);
        pid = pidOf(operator, salt);
        Node storage n = _nodes[pid];
        NodeStatus status = n.status;
        if (status != NodeStatus.None && status != NodeStatus.Exited) {
            revert NodeRegistry__AlreadyRegistered(pid, status);
        }
        if (status == NodeStatus.None) {
            uint256 index = _nodeCount;
            if (index == ActiveSetTreeLib.CAPACITY) revert NodeRegistry__TreeFull(ActiveSetTreeLib.CAPACITY);
            _nodeCount = index + 1;
            n.operator = operator;
            n.leafIndex = uint32(index);
        }
        _setKeys(pid, n, vrfKey, vrfKeyProof, commKey);
        n.status = NodeStatus.Pending;
        n.roles = roles;
        n.registeredEpoch = uint48(_currentEpoch());
        n.activationEpoch = 0;
        n.exitEpoch = 0;
        n.withdrawableEpoch = 0;
        n.selfStake = stake;
        _totalOwed += stake;
        emit NodeRegistered(pid, operator, stake, vrfKey, commKey, roles, n.leafIndex);
        _checkpoint(pid, n);
        _pull(operator, stake);
    }

    function _unbond(bytes32 pid, Node storage n) private {
        _requireStatus(pid, n, NodeStatus.Active);
        uint256 effective = _currentEpoch() + _inputLag;
        uint256 withdrawable = effective + _unbondingPeriodEpochs;
        n.status = NodeStatus.Unbonding;
        n.exitEpoch = uint48(effective);
        n.withdrawableEpoch = uint48(withdrawable);
        emit NodeUnbonded(pid, effective, withdrawable);
        _checkpoint(pid, n);
    }

    function _delegate(address delegator, bytes32 pid, uint256 amount) private returns (uint256 shares) {
        Node storage n = _existingNode(pid);
        _requireLive(pid, n);
        if (amount == 0) revert NodeRegistry__ZeroAmount();
        Pool storage pool = _pools[pid];
        shares = _toShares(amount, pool.activeAssets, pool.activeShares);
        if (shares == 0) revert NodeRegistry__ZeroAmount();
        pool.activeAssets += amount;
        pool.activeShares += shares;
        _syncedPosition(pool, _positions[pid][delegator]).shares += shares;
        _totalOwed += amount;
        emit Delegated(pid, delegator, amount, shares, _currentEpoch() + _inputLag);
        _checkpoint(pid, n);
        _pull(delegator, amount);
    }

    /// @dev The VRF key must come with a proof of possession: an ECDSA signature by the VRF secret key over the
    ///      EIP-712 `VrfKeyPossession(pid, vrfKey)`. Without it anyone could register someone else's key, get the
    ///      same VRF output for every seed (α has no pid) and replay that node's proofs as its own.
    function _setKeys(
        bytes32 pid,
        Node storage n,
        bytes calldata vrfKey,
        bytes calldata vrfKeyProof,
        bytes32 commKey
    ) private {
        (uint8 prefix, bytes32 x) = _checkedVrfKey(pid, vrfKey, vrfKeyProof);
        if (commKey == bytes32(0)) revert NodeRegistry__InvalidCommKey();
        uint32 version = n.keyVersion + 1;
        n.keyVersion = version;
        n.vrfKeyPrefix = prefix;
        n.commKey = commKey;
        _vrfKeyX[pid][version] = x;
    }

    /// @dev Validates the key and its proof of possession; returns the compressed form's prefix and x.
    function _checkedVrfKey(
        bytes32 pid,
        bytes calldata vrfKey,
        bytes calldata vrfKeyProof
    ) private view returns (uint8 prefix, bytes32 x) {
        bool ok;
        uint256 y;
        (ok, prefix, x, y) = VrfKeyLib.parse(vrfKey);
        if (!ok) revert NodeRegistry__InvalidVrfKey(vrfKey);
        bytes32 digest = _hashTypedDataV4(keccak256(abi.encode(VRF_KEY_TYPEHASH, pid, keccak256(vrfKey))));
        (address signer, ECDSA.RecoverError error, ) = ECDSA.tryRecoverCalldata(digest, vrfKeyProof);
        if (error != ECDSA.RecoverError.NoError || signer != VrfKeyLib.signerAddress(x, y)) {
            revert NodeRegistry__InvalidVrfKeyProof(pid);
        }
    }

    /// @dev Appends `value` from epoch `key` on, unless it is already the latest value (an unchanged input needs no
    ///      entry; this keeps each history to the epochs in which the input really changed).
    function _record(Checkpoints.Trace208 storage trace, uint48 key, uint208 value) private {
        uint256 length = trace.length();
        if (length != 0 && trace.latest() == value) return;
        trace.push(key, value);
    }

    /// @dev The value of `trace` at epoch `key`. Entries are one per epoch, with keys up to `currentEpoch + inputLag`,
    ///      so for any epoch from the current one on the answer is among the last `inputLag + 1` entries: scanning
    ///      those first makes the lottery's lookups cost the same however long a node's history grows. Older epochs
    ///      fall back to OpenZeppelin's binary search.
    function _valueAt(Checkpoints.Trace208 storage trace, uint48 key) private view returns (uint256) {
        uint256 length = trace.length();
        uint256 scan = length < _inputLag + 1 ? length : _inputLag + 1;
        for (uint256 i = 1; i <= scan; ++i) {
            Checkpoints.Checkpoint208 memory checkpoint = trace.at(uint32(length - i));
            if (checkpoint._key <= key) return checkpoint._value;
        }
        if (scan == length) return 0;
        return trace.upperLookupRecent(key);
    }

    /// @dev Writes the node's lottery inputs for `currentEpoch + lag` and its leaf in the tree, which always holds
    ///      the active set of that epoch as it stands.
    function _checkpoint(bytes32 pid, Node storage n) private {
        uint48 effective = uint48(_currentEpoch() + _inputLag);
        uint256 stake = n.selfStake + _pools[pid].activeAssets;
        if (stake > type(uint208).max) revert NodeRegistry__StakeOverflow(stake);
        _record(_stakeAt[pid], effective, uint208(stake));
        uint256 profile =
            uint256(uint8(n.status)) |
                (uint256(n.roles) << 8) |
                (uint256(n.activationEpoch) << 16) |
                (uint256(n.exitEpoch) << 64) |
                (uint256(n.keyVersion) << 112) |
                (uint256(n.vrfKeyPrefix) << 144);
        _record(_profileAt[pid], effective, uint208(profile));
        bytes32 leaf =
            n.status == NodeStatus.Active
                ? _leaf(pid, stake, n.activationEpoch, _vrfKeyOf(pid, n), n.roles)
                : bytes32(0);
        uint32 index = n.leafIndex;
        if (_tree.leaf(index) != leaf) {
            bytes32 root = _tree.update(index, leaf);
            emit ActiveSetLeafUpdated(pid, index, leaf, root);
        }
    }

    function _leaf(
        bytes32 pid,
        uint256 stake,
        uint64 activationEpoch,
        bytes memory vrfKey,
        uint8 roles
    ) private pure returns (bytes32) {
        return keccak256(bytes.concat(keccak256(abi.encode(pid, stake, activationEpoch, vrfKey, roles))));
    }

    /// @dev The node's current VRF key, compressed.
    function _vrfKeyOf(bytes32 pid, Node storage n) private view returns (bytes memory) {
        return VrfKeyLib.compressed(n.vrfKeyPrefix, _vrfKeyX[pid][n.keyVersion]);
    }

    function _existingNode(bytes32 pid) private view returns (Node storage n) {
        n = _nodes[pid];
        if (n.status == NodeStatus.None) revert NodeRegistry__UnknownNode(pid);
    }

    function _operatedNode(bytes32 pid, address caller) private view returns (Node storage n) {
        n = _existingNode(pid);
        if (n.operator != caller) revert NodeRegistry__NotOperator(pid, caller, n.operator);
    }

    function _requireStatus(bytes32 pid, Node storage n, NodeStatus expected) private view {
        if (n.status != expected) revert NodeRegistry__WrongStatus(pid, expected, n.status);
    }

    /// @dev Pending or Active (the states that can still change stake and keys).
    function _requireLive(bytes32 pid, Node storage n) private view {
        if (n.status != NodeStatus.Pending && n.status != NodeStatus.Active) {
            revert NodeRegistry__NotPendingOrActive(pid, n.status);
        }
    }

    // ------------------------------------------------------------------ internals: tokens and signatures

    /// @dev Pulls exactly `amount` from `from`, refusing tokens that deliver less (transfer fees) or misreport.
    function _pull(address from, uint256 amount) private {
        uint256 before = _token.balanceOf(address(this));
        _token.safeTransferFrom(from, address(this), amount);
        uint256 afterwards = _token.balanceOf(address(this));
        uint256 received = afterwards > before ? afterwards - before : 0;
        if (received != amount) revert NodeRegistry__TransferMismatch(amount, received);
    }

    /// @dev Virtual share and asset of 1 (as in OpenZeppelin's ERC-4626) so a fully slashed pool or a tiny first
    ///      deposit cannot make later shares worthless or unbounded.
    ///      A pool without shares (new, emptied by withdrawals, or in a new era) mints one share per token; any dust
    ///      its assets held goes to that first depositor rather than to nobody.
    function _toShares(uint256 assets, uint256 totalAssets, uint256 totalShares) private pure returns (uint256) {
        if (totalShares == 0) return assets;
        return Math.mulDiv(assets, totalShares + 1, totalAssets + 1);
    }

    /// @dev Voids a position's shares from an earlier era of its pool.
    function _syncedPosition(Pool storage pool, Position storage position) private returns (Position storage) {
        if (position.activeEra != pool.activeEra) {
            position.shares = 0;
            position.activeEra = pool.activeEra;
        }
        if (position.unbondingEra != pool.unbondingEra) {
            position.unbondingShares = 0;
            position.unbondingEra = pool.unbondingEra;
        }
        return position;
    }

    function _toAssets(uint256 shares, uint256 totalAssets, uint256 totalShares) private pure returns (uint256) {
        return Math.mulDiv(shares, totalAssets + 1, totalShares + 1);
    }

    /// @dev Checks deadline, nonce (then consumes it) and the signer's EIP-712 signature (EOA or ERC-1271).
    function _useSignature(
        address signer,
        bytes32 structHash,
        uint256 nonce,
        uint256 deadline,
        bytes calldata signature
    ) private {
        if (block.timestamp > deadline) revert NodeRegistry__SignatureExpired(deadline, block.timestamp);
        uint256 expected = _nonces[signer];
        if (nonce != expected) revert NodeRegistry__InvalidNonce(signer, expected, nonce);
        if (!SignatureChecker.isValidSignatureNowCalldata(signer, _hashTypedDataV4(structHash), signature)) {
            revert NodeRegistry__InvalidSignature(signer);
        }
        _nonces[signer] = expected + 1;
    }
}
