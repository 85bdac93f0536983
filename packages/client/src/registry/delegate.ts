import { MaxUint256, type BigNumberish, type BytesLike, type ContractTransactionReceipt } from "ethers";
import type { INodeRegistry } from "../typechain";
import {
  sendStakeTransaction,
  readContract,
  receiptEvent,
  sendTransaction,
  signerOf,
  sendWithEpochHeadroom,
} from "../transaction";
import { checkedAmount, checkedBytes } from "../validate";

/** Parameters of {@link delegate}. */
export interface DelegateParameters {
  /** The node (validator) to delegate to; it must be Pending or Active. */
  pid: BytesLike;
  /** Tokens in base units. */
  amount: BigNumberish;
  /** Approve the registry first when the allowance is lower (default `true`). */
  approve?: boolean;
}

/** Result of {@link delegate}. */
export interface DelegateReturnType {
  /** Pool shares minted. */
  shares: bigint;
  /** First epoch the lottery counts the delegation in the node's stake. */
  effectiveEpoch: bigint;
  /** Receipt of `delegate`. */
  receipt: ContractTransactionReceipt;
  /** Receipt of the `approve` sent first, or `null`. */
  approveReceipt: ContractTransactionReceipt | null;
}

/**
 * Delegates the signer's tokens to a node (seed 000 §4), approving the registry first if needed. The delegation
 * adds to the node's lottery stake from `effectiveEpoch` and is slashed pro rata with it.
 *
 * @param registry - The registry, connected to the delegator's signer.
 * @param params - The node and amount.
 * @returns The shares, the effective epoch and the receipts.
 * @throws {ContractRevertError} E.g. `NodeRegistry__NotPendingOrActive`, `NodeRegistry__ZeroAmount`,
 *   `ERC20InsufficientBalance`.
 * @throws {ContractCallError} For any other failure.
 * @example
 * const { shares } = await delegate(registry.connect(delegator), { pid, amount: parseEther("250") });
 */
export async function delegate(registry: INodeRegistry, params: DelegateParameters): Promise<DelegateReturnType> {
  const pid = checkedBytes(params.pid, "pid", 32);
  const amount = checkedAmount(params.amount, "amount");
  const { receipt, approveReceipt } = await sendStakeTransaction(
    registry,
    "delegate",
    registry.delegate,
    [pid, amount],
    amount,
    params.approve ?? true,
  );
  const event = receiptEvent(registry, receipt, "Delegated");
  return {
    shares: event.args.shares,
    effectiveEpoch: event.args.effectiveEpoch,
    receipt,
    approveReceipt,
  };
}

/** Parameters of {@link undelegate}. */
export interface UndelegateParameters {
  /** The node. */
  pid: BytesLike;
  /** Tokens in base units, or `"all"` for the whole delegation. */
  amount: BigNumberish | "all";
}

/** Result of {@link undelegate}. */
export interface UndelegateReturnType {
  /** Tokens that started unbonding. */
  amount: bigint;
  /** Pool shares burnt. */
  shares: bigint;
  /** First epoch `withdrawDelegation` succeeds. */
  withdrawableEpoch: bigint;
  /** Receipt of `undelegate`. */
  receipt: ContractTransactionReceipt;
}

/**
 * Starts unbonding (part of) the signer's delegation to a node. A second undelegation adds to the first and restarts
 * its unbonding period; the stake stays slashable until withdrawn.
 *
 * @param registry - The registry, connected to the delegator's signer.
 * @param params - The node and amount (or `"all"`).
 * @returns The amount, shares and withdrawable epoch, and the receipt.
 * @throws {ContractRevertError} E.g. `NodeRegistry__InsufficientDelegation`, `NodeRegistry__ZeroAmount`.
 * @throws {ContractCallError} For any other failure.
 */
export async function undelegate(registry: INodeRegistry, params: UndelegateParameters): Promise<UndelegateReturnType> {
  signerOf(registry, "undelegate");
  const pid = checkedBytes(params.pid, "pid", 32);
  const amount = params.amount === "all" ? MaxUint256 : checkedAmount(params.amount, "amount");
  const receipt = await sendTransaction("undelegate", () => sendWithEpochHeadroom(registry.undelegate, [pid, amount]));
  const event = receiptEvent(registry, receipt, "Undelegated");
  return {
    amount: event.args.amount,
    shares: event.args.shares,
    withdrawableEpoch: event.args.withdrawableEpoch,
    receipt,
  };
}

/** Parameters of {@link withdrawDelegation}. */
export interface WithdrawDelegationParameters {
  /** The node. */
  pid: BytesLike;
}

/** Result of {@link withdrawDelegation}. */
export interface WithdrawDelegationReturnType {
  /** Tokens sent to the delegator. */
  amount: bigint;
  /** Receipt of `withdrawDelegation`. */
  receipt: ContractTransactionReceipt;
}

/**
 * Sends the signer its undelegated stake once the unbonding period has passed.
 *
 * @param registry - The registry, connected to the delegator's signer.
 * @param params - The node.
 * @returns The amount and the receipt.
 * @throws {ContractRevertError} E.g. `NodeRegistry__DelegationLocked`, `NodeRegistry__NothingToWithdraw`.
 * @throws {ContractCallError} For any other failure.
 */
export async function withdrawDelegation(
  registry: INodeRegistry,
  params: WithdrawDelegationParameters,
): Promise<WithdrawDelegationReturnType> {
  signerOf(registry, "withdrawDelegation");
  const pid = checkedBytes(params.pid, "pid", 32);
  const receipt = await sendTransaction("withdrawDelegation", () =>
    sendWithEpochHeadroom(registry.withdrawDelegation, [pid]),
  );
  const event = receiptEvent(registry, receipt, "DelegationWithdrawn");
  return { amount: event.args.amount, receipt };
}

/** Parameters of {@link getDelegation}. */
export interface GetDelegationParameters {
  /** The node. */
  pid: BytesLike;
  /** The delegator. */
  delegator: string;
}

/** Result of {@link getDelegation}. */
export interface GetDelegationReturnType {
  /** Pool shares held. */
  shares: bigint;
  /** What the shares are worth now, in base units. */
  stake: bigint;
  /** Undelegated stake waiting for `withdrawableEpoch`. */
  unbondingStake: bigint;
  /** First epoch `withdrawDelegation` succeeds (0 if nothing is unbonding). */
  withdrawableEpoch: bigint;
}

/**
 * A delegator's position with a node.
 *
 * @param registry - The registry (any runner).
 * @param params - The node and delegator.
 * @returns Shares, stake, unbonding stake and withdrawable epoch.
 * @throws {ContractCallError} If the read fails.
 */
export async function getDelegation(
  registry: INodeRegistry,
  params: GetDelegationParameters,
): Promise<GetDelegationReturnType> {
  const pid = checkedBytes(params.pid, "pid", 32);
  const info = await readContract("NodeRegistry.delegation", () => registry.delegation(pid, params.delegator));
  return {
    shares: info.shares,
    stake: info.stake,
    unbondingStake: info.unbondingStake,
    withdrawableEpoch: info.withdrawableEpoch,
  };
}
