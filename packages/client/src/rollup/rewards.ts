// Credited balances at any coordinator (rewards, fee shares, released bonds, rescue shares; a Cooperative rollup's
// proposer and chunk-prover credits; an open-race rollup's proposer, prover and redundancy credits) and their withdrawal; slashing a claim that missed its epoch's final deadline.
import type { BigNumberish, ContractTransactionReceipt } from "ethers";
import { readContract, receiptEvent, sendTransaction, signerOf } from "../transaction";
import { checkedAddress, checkedUint } from "../validate";
import type { CooperativeCoordinator, OpenRaceCoordinator, ProverCoordinator } from "../typechain";

/**
 * A coordinator that credits rewards: a Sidecar rollup's `ProverCoordinator`, a Cooperative rollup's
 * `CooperativeCoordinator` or an open-race rollup's `OpenRaceCoordinator` (all `rewardsOf` / `withdrawRewards` with
 * the same `RewardsWithdrawn` event).
 */
export type RewardsCoordinator = ProverCoordinator | CooperativeCoordinator | OpenRaceCoordinator;

/** Parameters of {@link withdrawRewards}. */
export interface WithdrawRewardsParameters {
  /** Where to send the tokens (default the sender). */
  to?: string;
}

/** Result of {@link withdrawRewards}. */
export interface WithdrawRewardsReturnType {
  /** Who received the tokens. */
  to: string;
  amount: bigint;
  receipt: ContractTransactionReceipt;
}

/**
 * Withdraws everything the coordinator credited to the sender: with a `ProverCoordinator` block rewards, fee shares,
 * prover and submitter fees, released bonds, rescue shares; with a `CooperativeCoordinator` proposer shares, chunk
 * provers' rewards and open-race shares.
 *
 * @param coordinator - Either coordinator ({@link RewardsCoordinator}), connected to the account's signer.
 * @param params - Where to send the tokens (default the sender).
 * @returns The amount and the receipt.
 * @throws {ContractRevertError} `ProverCoordinator__NoRewards` / `CooperativeCoordinator__NoRewards` when nothing is
 *   credited.
 * @throws {ContractCallError} For any other failure.
 * @example
 * const { amount } = await withdrawRewards(coordinator.connect(operator));
 */
export async function withdrawRewards(
  coordinator: RewardsCoordinator,
  params: WithdrawRewardsParameters = {},
): Promise<WithdrawRewardsReturnType> {
  const signer = signerOf(coordinator, "withdrawRewards");
  const to = checkedAddress(params.to ?? (await signer.getAddress()), "to");
  const receipt = await sendTransaction("withdrawRewards", () => coordinator.withdrawRewards(to));
  const log = receiptEvent<RewardsCoordinator, "RewardsWithdrawn">(coordinator, receipt, "RewardsWithdrawn");
  return { to, amount: log.args.amount, receipt };
}

/** Parameters of {@link getRewards}. */
export interface GetRewardsParameters {
  /** The account. */
  account: string;
}

/** Result of {@link getRewards}: the credited balance in base units. */
export type GetRewardsReturnType = bigint;

/**
 * What the coordinator has credited to an account and not yet paid out.
 *
 * @param coordinator - Either coordinator ({@link RewardsCoordinator}; any runner).
 * @param params - The account.
 * @returns The credited balance in base units.
 * @throws {InvalidParameterError} If the account is not an address.
 * @throws {ContractCallError} If it cannot be read.
 * @example
 * const credited = await getRewards(coordinator, { account: operator.address });
 */
export async function getRewards(
  coordinator: RewardsCoordinator,
  params: GetRewardsParameters,
): Promise<GetRewardsReturnType> {
  const a = checkedAddress(params.account, "account");
  return readContract("coordinator.rewardsOf", () => coordinator.rewardsOf(a));
}

/** Parameters of {@link slashMissedClaim}. */
export interface SlashMissedClaimParameters {
  /** The epoch whose claim missed its final deadline. */
  epoch: BigNumberish;
}

/** Result of {@link slashMissedClaim}. */
export interface SlashMissedClaimReturnType {
  epoch: bigint;
  /** The claimant that lost its bond. */
  prover: string;
  /** Sent to the reward pool. */
  rescued: bigint;
  burned: bigint;
  receipt: ContractTransactionReceipt;
}

/**
 * Slashes the bond of a claim whose epoch was never proven, once the epoch's final deadline has passed (its blocks
 * are pruned): the rescue share goes to the reward pool, the rest is burned. Anyone may send it.
 *
 * @param coordinator - The prover coordinator, connected to any signer.
 * @param params - The epoch.
 * @returns The split and the receipt.
 * @throws {ContractRevertError} `ProverCoordinator__NotSlashable` (no claim in force, or before the final deadline).
 * @throws {ContractCallError} For any other failure.
 * @example
 * await slashMissedClaim(coordinator.connect(anyone), { epoch });
 */
export async function slashMissedClaim(
  coordinator: ProverCoordinator,
  params: SlashMissedClaimParameters,
): Promise<SlashMissedClaimReturnType> {
  signerOf(coordinator, "slashMissedClaim");
  const epoch = checkedUint(params.epoch, "epoch");
  const receipt = await sendTransaction("slashMissedClaim", () => coordinator.slashMissedClaim(epoch));
  const log = receiptEvent(coordinator, receipt, "BondSlashed");
  return {
    epoch,
    prover: log.args.prover,
    rescued: log.args.rescued,
    burned: log.args.burned,
    receipt,
  };
}
