import type { BytesLike, ContractTransactionReceipt } from "ethers";
import type { INodeRegistry } from "../typechain";
import { receiptEvent, sendTransaction, signerOf, sendWithEpochHeadroom } from "../transaction";
import { checkedBytes } from "../validate";

/** Parameters of {@link unbond}. */
export interface UnbondParameters {
  /** The node. */
  pid: BytesLike;
}

/** Result of {@link unbond}. */
export interface UnbondReturnType {
  /** First epoch the node is no longer in the lottery. */
  effectiveEpoch: bigint;
  /** First epoch `withdraw` succeeds. */
  withdrawableEpoch: bigint;
  /** Receipt of `unbond`. */
  receipt: ContractTransactionReceipt;
}

/**
 * Active → Unbonding: the node stops accruing age and leaves the lottery at `effectiveEpoch`; its self-stake can be
 * withdrawn from `withdrawableEpoch`.
 *
 * @param registry - The registry, connected to the node operator's signer.
 * @param params - The pid.
 * @returns The effective and withdrawable epochs and the receipt.
 * @throws {ContractRevertError} E.g. `NodeRegistry__WrongStatus`, `NodeRegistry__NotOperator`.
 * @throws {ContractCallError} For any other failure.
 * @example
 * const { withdrawableEpoch } = await unbond(registry, { pid });
 */
export async function unbond(registry: INodeRegistry, params: UnbondParameters): Promise<UnbondReturnType> {
  signerOf(registry, "unbond");
  const pid = checkedBytes(params.pid, "pid", 32);
  const receipt = await sendTransaction("unbond", () => sendWithEpochHeadroom(registry.unbond, [pid]));
  const event = receiptEvent(registry, receipt, "NodeUnbonded");
  return {
    effectiveEpoch: event.args.effectiveEpoch,
    withdrawableEpoch: event.args.withdrawableEpoch,
    receipt,
  };
}
