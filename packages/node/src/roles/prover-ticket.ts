// Entering an epoch's prover lottery (either the Sidecar's designated prover or the open race's turn order): the
// node draws its VRF ticket once per epoch and submits it when it clears the policy's win probability and is not
// already beaten; the decision is committed to lmdb before the transaction and its outcome after, so a restart never
// enters twice (a ticket left `sending` by a killed process is checked again once).
import {
  checkEligibility,
  errorReason,
  submitProverTicket,
  type LotteryEntryReturnType,
  type OpenRaceCoordinator,
  type ProverCoordinator,
} from "@blockage/client";
import type { NodeContext } from "../context";
import { key } from "../store";
import { epochEligibility } from "./eligibility";

/** What {@link enterProverTicket} needs besides the node. */
export interface ProverTicketOptions {
  /** Enter only with a ticket whose win probability is at least this (0…1). */
  minWinProbability: number;
  /**
   * Whether the ticket (its ln race time) cannot be taken anyway: beaten by the epoch's designated prover (Sidecar), or
   * by the last of a full turn order (open race).
   */
  beaten(raceTime: bigint): Promise<boolean>;
  /** Epochs this process has dealt with (a `sending` record is looked at again once per process). */
  tried: Set<bigint>;
}

/**
 * Enters epoch `epoch`'s prover lottery when the node's ticket is worth it (once per epoch).
 *
 * @returns The accepted entry, or `null` when no ticket was sent or it was refused (logged).
 */
export async function enterProverTicket(
  ctx: NodeContext,
  lottery: ProverCoordinator | OpenRaceCoordinator,
  epoch: bigint,
  options: ProverTicketOptions,
): Promise<LotteryEntryReturnType | null> {
  const { identity, store, log, validator } = ctx;
  const known = store.tickets.get(key(epoch));
  // A ticket left `sending` by an earlier process (killed before it knew the outcome) is tried again: if it had landed,
  // the `beaten` check finds it (a node never beats its own ticket) and nothing is sent.
  if (known !== undefined && !(known.status === "sending" && !options.tried.has(epoch))) return null;
  options.tried.add(epoch);
  const context = await epochEligibility(ctx, lottery, epoch, "prover");
  if (context === null) {
    await store.commit(() =>
      store.tickets.put(key(epoch), { epoch: epoch.toString(), raceTime: "0", txHash: null, status: "failed" }),
    );
    return null;
  }
  const ticket = await checkEligibility(lottery, {
    node: { pid: identity.pid, vrfSecretKey: identity.vrfSecretKey },
    epoch,
    role: "prover",
    context,
    minWinProbability: options.minWinProbability,
  });
  const record = {
    epoch: epoch.toString(),
    raceTime: ticket.raceTime.toString(),
    txHash: null,
    status: "sending" as const,
  };
  await store.commit(() => store.tickets.put(key(epoch), record));
  if (ticket.args === null || (await options.beaten(ticket.raceTime))) {
    await store.commit(() => store.tickets.put(key(epoch), { ...record, status: "failed" }));
    return null;
  }
  try {
    const entered = await submitProverTicket(lottery.connect(validator), { entry: ticket.args, salt: identity.salt });
    await store.commit(() =>
      store.tickets.put(key(epoch), { ...record, txHash: entered.receipt.hash, status: "sent" }),
    );
    const place = entered.turnPosition === undefined ? "" : `, turn place ${entered.turnPosition}`;
    log(
      "info",
      "ticket",
      `epoch ${epoch}: entered the prover lottery (win probability ${ticket.winProbability.toFixed(3)}${place})`,
      {
        epoch,
        winProbability: ticket.winProbability,
        ...(entered.turnPosition !== undefined && { turnPosition: entered.turnPosition }),
        gas: entered.receipt.gasUsed,
      },
    );
    return entered;
  } catch (error) {
    await store.commit(() => store.tickets.put(key(epoch), { ...record, status: "failed" }));
    log("info", "ticket-refused", `epoch ${epoch}: prover ticket not taken (${errorReason(error)})`, { epoch });
    return null;
  }
}
