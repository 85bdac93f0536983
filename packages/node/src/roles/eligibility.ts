// A node's standing in one epoch's lottery (sequencer or prover), read once per epoch: the public total weight W of
// the role and the node's own inputs, or `null` when the node cannot enter (not active, role missing, no weight).
import {
  NotEligibleError,
  getActiveSetWeight,
  prepareEligibility,
  type EligibilityContext,
  type LotteryDraw,
  type LotteryRole,
} from "@blockage/client";
import type { NodeContext } from "../context";

export async function epochEligibility(
  ctx: NodeContext,
  lottery: LotteryDraw,
  epoch: bigint,
  role: LotteryRole,
): Promise<EligibilityContext | null> {
  const { identity, deployment, log } = ctx;
  try {
    const { totalWeight } = await getActiveSetWeight(lottery, { epoch, role, fromBlock: deployment.fromBlock });
    return await prepareEligibility(lottery, {
      node: { pid: identity.pid, vrfSecretKey: identity.vrfSecretKey },
      epoch,
      role,
      totalWeight,
      fromBlock: deployment.fromBlock,
    });
  } catch (error) {
    if (!(error instanceof NotEligibleError)) throw error;
    log("info", "not-eligible", `not in epoch ${epoch}'s ${role} lottery (${error.reason})`, { epoch, role });
    return null;
  }
}
