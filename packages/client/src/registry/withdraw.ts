import type { BytesLike, ContractTransactionReceipt } from "ethers";
import type { INodeRegistry } from "../typechain";
import { receiptEvent, sendTransaction, signerOf, sendWithEpochHeadroom } from "../transaction";
import { checkedBytes } from "../validate";

/** Parameters of {@link withdraw}. */
export interface WithdrawParameters {
  /** The node. */
  pid: BytesLike;
}

/** Result of {@link withdraw}. */
export interface WithdrawReturnType {
  /** Self-stake sent to the operator, in base units. */
  amount: bigint;
  /** Who received it. */
  operator: string;
  /** Receipt of `withdraw`. */
  receipt: ContractTransactionReceipt;
}

/**
 * Unbonding → Exited once the unbonding period has passed; sends the node's self-stake to its operator.
 *
 * @param registry - The registry, connected to the node operator's signer.
 * @param params - The pid.
 * @returns The amount withdrawn and the receipt.
 * @throws {ContractRevertError} E.g. `NodeRegistry__WithdrawalTooEarly`, `NodeRegistry__WrongStatus`.
 * @throws {ContractCallError} For any other failure.
 * @example
 * const { amount } = await withdraw(registry, { pid });
 */
export async function withdraw(registry: INodeRegistry, params: WithdrawParameters): Promise<WithdrawReturnType> {
  signerOf(registry, "withdraw");
  const pid = checkedBytes(params.pid, "pid", 32);
  const receipt = await sendTransaction("withdraw", () => sendWithEpochHeadroom(registry.withdraw, [pid]));
  const event = receiptEvent(registry, receipt, "NodeWithdrawn");
  return { amount: event.args.amount, operator: event.args.operator, receipt };
}
