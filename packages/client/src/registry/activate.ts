import type { BytesLike, ContractTransactionReceipt } from "ethers";
import type { INodeRegistry } from "../typechain";
import { receiptEvent, sendTransaction, signerOf, sendWithEpochHeadroom } from "../transaction";
import { checkedBytes } from "../validate";

/** Parameters of {@link activate}. */
export interface ActivateParameters {
  /** The node. */
  pid: BytesLike;
}

/** Result of {@link activate}. */
export interface ActivateReturnType {
  /** First epoch the node is Active in the lottery (`currentEpoch + inputLag`). */
  effectiveEpoch: bigint;
  /** Receipt of `activate`. */
  receipt: ContractTransactionReceipt;
}

/**
 * Pending → Active, allowed from `registeredEpoch + entryDelayEpochs`. The status changes at once; the node enters
 * the lottery at `effectiveEpoch` (anti-grinding).
 *
 * @param registry - The registry, connected to the node operator's signer.
 * @param params - The pid.
 * @returns The effective epoch and the receipt.
 * @throws {ContractRevertError} E.g. `NodeRegistry__ActivationTooEarly`, `NodeRegistry__WrongStatus`,
 *   `NodeRegistry__NotOperator`.
 * @throws {ContractCallError} For any other failure.
 * @example
 * const { effectiveEpoch } = await activate(registry, { pid });
 */
export async function activate(registry: INodeRegistry, params: ActivateParameters): Promise<ActivateReturnType> {
  signerOf(registry, "activate");
  const pid = checkedBytes(params.pid, "pid", 32);
  const receipt = await sendTransaction("activate", () => sendWithEpochHeadroom(registry.activate, [pid]));
  const event = receiptEvent(registry, receipt, "NodeActivated");
  return { effectiveEpoch: event.args.effectiveEpoch, receipt };
}
