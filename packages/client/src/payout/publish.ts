// A job distributor's operator funds and publishes an epoch's payout: the Merkle root of what each worker earned, the
// payees themselves (logged, so that any worker can rebuild the tree), and the total pulled from the operator.
import type { BigNumberish, ContractTransactionReceipt } from "ethers";
import { readContract, sendTransaction, signerOf } from "../transaction";
import { checkedUint } from "../validate";
import { approveIfShort } from "../rollup/allowance";
import { PENDING } from "../rollup/chain";
import type { PayoutDistributor } from "../typechain";
import { payoutTree, type PayoutPayee } from "./tree";

/** Parameters of {@link publishPayout}. */
export interface PublishPayoutParameters {
  /** The epoch the payout is for (one distribution per operator and epoch). */
  epoch: BigNumberish;
  /** What each worker earned (e.g. `shareEpochPayout(...).payees`); a worker listed twice is merged. */
  payees: readonly PayoutPayee[];
  /** Approve the distributor for the total first when the allowance is lower (default true). */
  approve?: boolean;
}

/** Result of {@link publishPayout}. */
export interface PublishPayoutReturnType {
  epoch: bigint;
  /** The published root. */
  root: string;
  /** What was pulled from the operator. */
  total: bigint;
  /** The payees as published (merged, checksummed). */
  payees: PayoutPayee[];
  receipt: ContractTransactionReceipt;
  /** The approval sent first, or `null`. */
  approveReceipt: ContractTransactionReceipt | null;
}

/**
 * Funds and publishes the signer's payout for an epoch: builds the tree ({@link payoutTree}), approves the total if
 * the allowance is short (after a dry run shows the allowance is all that is missing), and sends `publish`.
 *
 * @param distributor - The payout distributor, connected to the job distributor operator's signer.
 * @param params - Epoch and payees.
 * @returns The root, the total, the payees and the receipts.
 * @throws {InvalidParameterError} For malformed payees (none, a bad address, a zero amount) or a distributor without a
 *   signer.
 * @throws {ContractRevertError} `PayoutDistributor__AlreadyPublished`, `__TransferShort`, `ERC20InsufficientBalance`.
 * @throws {ContractCallError} For any other failure.
 * @example
 * const { payees } = shareEpochPayout({ earned, operatorCutBps: 1_000, chunks });
 * const { root, total } = await publishPayout(distributor.connect(operator), { epoch, payees });
 */
export async function publishPayout(
  distributor: PayoutDistributor,
  params: PublishPayoutParameters,
): Promise<PublishPayoutReturnType> {
  const signer = signerOf(distributor, "publishPayout");
  const epoch = checkedUint(params.epoch, "epoch");
  const tree = payoutTree(params.payees);
  const { root, total, payees } = tree;
  const { approveReceipt, nonce } = await approveIfShort(signer, {
    token: () => readContract("PayoutDistributor.token", () => distributor.token()),
    spender: await distributor.getAddress(),
    amount: total,
    enabled: params.approve !== false,
    action: "publish",
    dryRun: () => distributor.publish.staticCall(epoch, root, payees, PENDING),
  });
  const receipt = await sendTransaction("publish", () => distributor.publish(epoch, root, payees, { nonce }));
  return { epoch, root, total, payees, receipt, approveReceipt };
}
