// Withdrawing a node's credited rewards, for either mechanism's coordinator: each of the node's keys whose credit
// reaches the policy's threshold withdraws it, and the node's ledger records the withdrawal.
import { errorReason, getRewards, withdrawRewards, type RewardsCoordinator } from "@blockage/client";
import { short, type NodeContext } from "../context";
import type { SerialSigner } from "../serial-signer";

/**
 * Withdraws what `coordinator` credits each of `accounts`, when it is at least `atLeast` (and not zero), and records
 * it in the node's ledger. A withdrawal that fails is logged at debug level and tried again next time: the node's job
 * distributor may have withdrawn the same credits a moment ago to fund its workers' payouts.
 */
export async function withdrawCredits(
  ctx: NodeContext,
  coordinator: RewardsCoordinator,
  accounts: readonly SerialSigner[],
  atLeast: bigint,
): Promise<void> {
  const { store, log } = ctx;
  for (const account of accounts) {
    const owed = await getRewards(coordinator, { account: account.address });
    if (owed === 0n || owed < atLeast) continue;
    try {
      const { amount, receipt } = await withdrawRewards(coordinator.connect(account) as RewardsCoordinator);
      const ledger = store.ledger();
      await store.commit(() =>
        store.meta.put("ledger", {
          owed: "0",
          withdrawn: (BigInt(ledger.withdrawn) + amount).toString(),
          withdrawals: [
            ...ledger.withdrawals.slice(-99),
            { txHash: receipt.hash, amount: amount.toString(), at: Date.now() },
          ],
        }),
      );
      log("info", "withdrawn", `withdrew ${amount} of rewards to ${short(account.address)}`, {
        amount,
        account: account.address,
        gas: receipt.gasUsed,
      });
    } catch (error) {
      log("debug", "withdraw-skipped", errorReason(error));
    }
  }
}
