// Pruning (seed 002 backup): past the oldest unproven epoch's final deadline the pending chain rolls back to the
// proven tip; the fees escrowed for the dropped blocks go back to whoever escrowed them.
import type { BigNumberish, ContractTransactionReceipt } from "ethers";
import { receiptEvent, receiptEvents, sendTransaction, signerOf } from "../transaction";
import { checkedUint } from "../validate";
import type { Rollup } from "../typechain";

/** Result of {@link prune}. */
export interface PruneReturnType {
  /** Whether anything was dropped. */
  pruned: boolean;
  /** The block the chain was rolled back to (the proven tip), when pruned. */
  keptBlock: bigint | null;
  /** The last block dropped, when pruned. */
  droppedTo: bigint | null;
  receipt: ContractTransactionReceipt;
}

/**
 * Drops the pending chain back to the proven tip once its oldest unproven block's epoch is past its final deadline.
 * Every rollup and coordinator action does it first, so this is only needed to settle the chain without another
 * action. Harmless (and `pruned: false`) when nothing is due.
 *
 * @param rollup - The rollup, connected to any signer.
 * @returns Whether it pruned, and the range dropped.
 * @throws {ContractCallError} If the transaction fails.
 * @example
 * const { pruned, droppedTo } = await prune(rollup.connect(anyone));
 */
export async function prune(rollup: Rollup): Promise<PruneReturnType> {
  signerOf(rollup, "prune");
  const receipt = await sendTransaction("prune", () => rollup.prune());
  const [log] = receiptEvents(rollup, receipt, "PendingChainPruned");
  return log === undefined
    ? { pruned: false, keptBlock: null, droppedTo: null, receipt }
    : { pruned: true, keptBlock: log.args.keptBlock, droppedTo: log.args.droppedTo, receipt };
}

/** Parameters of {@link refundPrunedFees}. */
export interface RefundPrunedFeesParameters {
  /** The pruned block's number. */
  blockNumber: BigNumberish;
}

/** Result of {@link refundPrunedFees}. */
export interface RefundPrunedFeesReturnType {
  blockNumber: bigint;
  /** Who got the fees back: whoever escrowed them (the builder of a builder block, else the block's proposer). */
  payer: string;
  amount: bigint;
  receipt: ContractTransactionReceipt;
}

/**
 * Sends the fees escrowed for a pruned block back to whoever escrowed them (anyone may send it; a later block at the same
 * ring position refunds it too).
 *
 * @param rollup - The rollup, connected to any signer.
 * @param params - The pruned block's number.
 * @returns The refund and the receipt.
 * @throws {ContractRevertError} `Rollup__NothingToRefund` if the block is not pruned or has no fees left.
 * @throws {ContractCallError} For any other failure.
 * @example
 * await refundPrunedFees(rollup.connect(anyone), { blockNumber: 7n });
 */
export async function refundPrunedFees(
  rollup: Rollup,
  params: RefundPrunedFeesParameters,
): Promise<RefundPrunedFeesReturnType> {
  signerOf(rollup, "refundPrunedFees");
  const blockNumber = checkedUint(params.blockNumber, "blockNumber");
  const receipt = await sendTransaction("refundPrunedFees", () => rollup.refundPrunedFees(blockNumber));
  const log = receiptEvent(rollup, receipt, "FeesRefunded");
  return { blockNumber, payer: log.args.payer, amount: log.args.amount, receipt };
}
