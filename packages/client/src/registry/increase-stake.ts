import type { BigNumberish, BytesLike, ContractTransactionReceipt } from "ethers";
import type { INodeRegistry } from "../typechain";
import { receiptEvent, sendStakeTransaction } from "../transaction";
import { checkedAmount, checkedBytes } from "../validate";

/** Parameters of {@link increaseStake}. */
export interface IncreaseStakeParameters {
  /** The node. */
  pid: BytesLike;
  /** Tokens to add, in base units. */
  amount: BigNumberish;
  /** Approve the registry first when the allowance is lower (default `true`). */
  approve?: boolean;
}

/** Result of {@link increaseStake}. */
export interface IncreaseStakeReturnType {
  /** The node's self-stake afterwards. */
  selfStake: bigint;
  /** First epoch the lottery counts the new stake. */
  effectiveEpoch: bigint;
  /** Receipt of `increaseStake`. */
  receipt: ContractTransactionReceipt;
  /** Receipt of the `approve` sent first, or `null`. */
  approveReceipt: ContractTransactionReceipt | null;
}

/**
 * Adds self-stake to a Pending or Active node, approving the registry first if needed.
 *
 * @param registry - The registry, connected to the node operator's signer.
 * @param params - The pid and amount.
 * @returns The new self-stake, the effective epoch and the receipts.
 * @throws {ContractRevertError} E.g. `NodeRegistry__ZeroAmount`, `NodeRegistry__WrongStatus`,
 *   `ERC20InsufficientBalance`.
 * @throws {ContractCallError} For any other failure.
 */
export async function increaseStake(
  registry: INodeRegistry,
  params: IncreaseStakeParameters,
): Promise<IncreaseStakeReturnType> {
  const pid = checkedBytes(params.pid, "pid", 32);
  const amount = checkedAmount(params.amount, "amount");
  const { receipt, approveReceipt } = await sendStakeTransaction(
    registry,
    "increaseStake",
    registry.increaseStake,
    [pid, amount],
    amount,
    params.approve ?? true,
  );
  const event = receiptEvent(registry, receipt, "StakeIncreased");
  return {
    selfStake: event.args.selfStake,
    effectiveEpoch: event.args.effectiveEpoch,
    receipt,
    approveReceipt,
  };
}
