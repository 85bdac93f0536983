// Reading published payouts from `PayoutPublished` logs, and claiming everything a worker is owed: each distribution's
// tree is rebuilt from its logged payees and checked against the published root before anything is claimed from it.
import type { ContractTransactionReceipt } from "ethers";
import { errorReason } from "../errors";
import { readContract, sendTransaction, signerOf } from "../transaction";
import { checkedAddress } from "../validate";
import type { PayoutDistributor } from "../typechain";
import type { ClaimStruct } from "../typechain/contracts/payout/PayoutDistributor";
import { payoutTree, type PayoutPayee } from "./tree";

/** Parameters of {@link getPublishedPayouts}. */
export interface GetPublishedPayoutsParameters {
  /** Only this operator's distributions. */
  operator?: string;
  /** Only distributions that list this worker among their payees. */
  worker?: string;
  /** First block to read (default 0; the distributor's deployment block is enough). */
  fromBlock?: number;
}

/** A distribution as its `PayoutPublished` event logged it. */
export interface PublishedPayout {
  operator: string;
  epoch: bigint;
  root: string;
  /** What the operator funded. */
  total: bigint;
  /** The payees, as logged. */
  payees: PayoutPayee[];
  blockNumber: number;
  transactionHash: string;
}

/** Result of {@link getPublishedPayouts}: the distributions, oldest first. */
export type GetPublishedPayoutsReturnType = PublishedPayout[];

/**
 * The distributions published on a payout distributor, oldest first, read from its `PayoutPublished` logs.
 *
 * @param distributor - The payout distributor (any runner with a provider).
 * @param params - Filters: operator, worker, first block.
 * @returns The distributions.
 * @throws {InvalidParameterError} For a malformed operator or worker address.
 * @throws {ContractCallError} If the logs cannot be read.
 * @example
 * const mine = await getPublishedPayouts(distributor, { worker: wallet.address, fromBlock: deploymentBlock });
 */
export async function getPublishedPayouts(
  distributor: PayoutDistributor,
  params: GetPublishedPayoutsParameters = {},
): Promise<GetPublishedPayoutsReturnType> {
  const operator = params.operator === undefined ? undefined : checkedAddress(params.operator, "operator");
  const worker = params.worker === undefined ? undefined : checkedAddress(params.worker, "worker");
  const fromBlock = params.fromBlock ?? 0;
  const events = await readContract(`reading PayoutPublished events since block ${fromBlock}`, () =>
    distributor.queryFilter(distributor.filters.PayoutPublished(operator), fromBlock, "latest"),
  );
  const published = events.map((event) => ({
    operator: event.args.operator,
    epoch: event.args.epoch,
    root: event.args.root,
    total: event.args.total,
    payees: event.args.payees.map((p) => ({ worker: p.worker, amount: p.amount })),
    blockNumber: event.blockNumber,
    transactionHash: event.transactionHash,
  }));
  if (worker === undefined) return published;
  return published.filter((p) => p.payees.some((payee) => payee.worker === worker));
}

/** Parameters of {@link claimPayouts}. */
export interface ClaimPayoutsParameters {
  /** The worker to claim for (default the signer); the tokens go to the worker whoever sends. */
  worker?: string;
  /** First block to read `PayoutPublished` events from (default 0). */
  fromBlock?: number;
}

/** One distribution claimed by {@link claimPayouts}. */
export interface ClaimedPayout {
  operator: string;
  epoch: bigint;
  amount: bigint;
}

/** A distribution {@link claimPayouts} left alone because its logged payees do not give its published root. */
export interface PayoutMismatch {
  operator: string;
  epoch: bigint;
  /** The root on-chain. */
  publishedRoot: string;
  /** The root of the tree rebuilt from the logged payees, or `null` if they do not make a tree. */
  rebuiltRoot: string | null;
  /** Why, in one line. */
  reason: string;
  transactionHash: string;
}

/** Result of {@link claimPayouts}. */
export interface ClaimPayoutsReturnType {
  /** Who was paid. */
  worker: string;
  /** The distributions claimed in this call. */
  claimed: ClaimedPayout[];
  /** Σ claimed amounts. */
  total: bigint;
  /** The `claimMany` receipt, or `null` if there was nothing to claim. */
  receipt: ContractTransactionReceipt | null;
  /** Distributions naming the worker whose logged payees do not rebuild their root: not claimable with this SDK. */
  mismatched: PayoutMismatch[];
}

/** The worker's claim on a published distribution, or why there is none. */
function claimIn(p: PublishedPayout, worker: string): ClaimStruct | PayoutMismatch {
  const mismatch = (rebuiltRoot: string | null, reason: string): PayoutMismatch => ({
    operator: p.operator,
    epoch: p.epoch,
    publishedRoot: p.root,
    rebuiltRoot,
    reason,
    transactionHash: p.transactionHash,
  });
  let tree;
  try {
    tree = payoutTree(p.payees);
  } catch (error) {
    return mismatch(null, `the logged payees do not make a tree: ${errorReason(error)}`);
  }
  if (tree.root !== p.root.toLowerCase()) {
    return mismatch(tree.root, `the logged payees give root ${tree.root}, not the published ${p.root}`);
  }
  const { amount, proof } = tree.proofOf(worker);
  return { operator: p.operator, epoch: p.epoch, worker, amount, proof };
}

/**
 * Claims everything a worker is owed in one `claimMany`: every distribution that lists it, whose tree rebuilt from the
 * logged payees gives the published root, and that it has not claimed yet. A distribution whose payees do not rebuild
 * its root is skipped and reported in `mismatched`, never allowed to spoil the other claims.
 *
 * @param distributor - The payout distributor, connected to the signer that sends (the worker, or a relayer).
 * @param params - The worker (default the signer) and the first block to read.
 * @returns What was claimed, the total, the receipt (or `null`) and the mismatched distributions.
 * @throws {InvalidParameterError} For a malformed worker or a distributor without a signer.
 * @throws {ContractRevertError} If `claimMany` reverts (e.g. `PayoutDistributor__AlreadyClaimed` when another claim
 *   for the worker landed first: call again).
 * @throws {ContractCallError} For any other failure.
 * @example
 * const { claimed, total, mismatched } = await claimPayouts(distributor.connect(worker), { fromBlock });
 */
export async function claimPayouts(
  distributor: PayoutDistributor,
  params: ClaimPayoutsParameters = {},
): Promise<ClaimPayoutsReturnType> {
  const signer = signerOf(distributor, "claimPayouts");
  const worker = checkedAddress(
    params.worker ?? (await readContract("signer address", () => signer.getAddress())),
    "worker",
  );
  const published = await getPublishedPayouts(distributor, { worker, fromBlock: params.fromBlock });
  const candidates: ClaimStruct[] = [];
  const mismatched: PayoutMismatch[] = [];
  for (const p of published) {
    const found = claimIn(p, worker);
    if ("reason" in found) mismatched.push(found);
    else candidates.push(found);
  }
  const done = await readContract("PayoutDistributor.isClaimed", () =>
    Promise.all(candidates.map((c) => distributor.isClaimed(c.operator, c.epoch, worker))),
  );
  const claims = candidates.filter((_, i) => !done[i]);
  const claimed = claims.map((c) => ({
    operator: String(c.operator),
    epoch: BigInt(c.epoch),
    amount: BigInt(c.amount),
  }));
  const total = claimed.reduce((sum, c) => sum + c.amount, 0n);
  if (claims.length === 0) return { worker, claimed, total, receipt: null, mismatched };
  const receipt = await sendTransaction("claimMany", () => distributor.claimMany(claims));
  return { worker, claimed, total, receipt, mismatched };
}
