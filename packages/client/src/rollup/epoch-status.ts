// Where an epoch's proof stands: its claim (who, bond, fee, status), its windows in slots, whether it still has
// unproven blocks, and the phase of seed 002/003's timeline the current slot is in.
import { ZeroAddress, ZeroHash, type BigNumberish } from "ethers";
import { contractAt } from "../contracts";
import { readContract } from "../transaction";
import { checkedUint } from "../validate";
import { ISeedBeacon__factory, type ProverCoordinator } from "../typechain";
import { CLAIM_STATUS_NAMES, type ClaimStatusName } from "./claim-status";

/**
 * The phase of an epoch's proof at the current slot (windows of {@link EpochWindows}):
 * - `proposing`: the epoch is not over (slot < claimOpens): its blocks are still being proposed.
 * - `priority`: unclaimed, in the designated prover's priority window.
 * - `claim`: unclaimed, after the priority window: a prover may claim with a countersigned quote.
 * - `proving`: claimed, before the claimant's proof deadline.
 * - `openRace`: nobody claimed by the end of the claim window, or the claimant missed its proof deadline (its bond
 *   goes to whoever proves): the first valid proof wins the prover fee.
 * - `proven`: the claim was honoured (status Proven).
 * - `slashable`: the final deadline passed with the claim still in force: its blocks are pruned and
 *   `slashMissedClaim` takes the bond.
 * - `settled`: no unproven block of the epoch is left (proven without a claim, e.g. in an open race or by a based
 *   block; pruned; or the epoch had no block).
 */
export type EpochPhase =
  "proposing" | "priority" | "claim" | "proving" | "openRace" | "proven" | "slashable" | "settled";

/** An epoch's windows, in absolute slots (`epochWindows` of the coordinator). */
export interface EpochWindows {
  /** First slot of the claim phase (the next epoch's first slot) and of the priority window. */
  claimOpens: bigint;
  /** End (exclusive) of the designated prover's priority window. */
  priorityEnds: bigint;
  /** End (exclusive) of the claim window; an unclaimed epoch's open race starts here. */
  claimCloses: bigint;
  /** The claimant must prove before this slot; a missed claim's open race starts here. */
  proofDeadline: bigint;
  /** From this slot the epoch's unproven blocks are pruned. */
  finalDeadline: bigint;
}

/** The status of an epoch's proof ({@link getEpochStatus}). */
export interface EpochStatus {
  epoch: bigint;
  /** The current slot the status is computed at. */
  currentSlot: bigint;
  /** The claimant (`null` if unclaimed or the claim was voided). */
  claimedBy: string | null;
  /** The proposer that countersigned the claim (the claimant itself for a designated claim). */
  countersignedBy: string | null;
  status: ClaimStatusName;
  /** The bond held (or that was held) by the claim; 0 without a claim. */
  bond: bigint;
  /** The prover fee in basis points: the claim's, or the default fee of designated claims and open races. */
  basisPointFee: bigint;
  /** The epoch's designated prover (best prover ticket so far), or `null`. */
  designatedProver: string | null;
  windows: EpochWindows;
  /** Whether the epoch still has unproven blocks on the pending chain (after any pruning now due). */
  awaitingProof: boolean;
  /** Whether it is the oldest epoch with unproven blocks (epochs are proven in order). */
  nextToProve: boolean;
  phase: EpochPhase;
}

/** Parameters of {@link getEpochStatus}. */
export interface GetEpochStatusParameters {
  /** The epoch. */
  epoch: BigNumberish;
}

/** Result of {@link getEpochStatus}. */
export type GetEpochStatusReturnType = EpochStatus;

/**
 * The status of an epoch's proof: claim, bond, fee, designated prover, windows, and the phase at the current slot.
 * Reads the coordinator (claim, windows, ticket) and the rollup's counters as the next action would see them
 * (`syncTips`, simulated: an overdue pruning counts as done).
 *
 * @param coordinator - The prover coordinator (any runner with a provider).
 * @param params - The epoch.
 * @returns The status.
 * @throws {InvalidParameterError} If the epoch is not an unsigned integer.
 * @throws {ContractCallError} If the chain cannot be read.
 * @example
 * const status = await getEpochStatus(coordinator, { epoch });
 * if (status.phase === "claim") console.log(`claim before slot ${status.windows.claimCloses}`);
 */
export async function getEpochStatus(
  coordinator: ProverCoordinator,
  params: GetEpochStatusParameters,
): Promise<GetEpochStatusReturnType> {
  const e = checkedUint(params.epoch, "epoch");
  const rollup = contractAt(
    "Rollup",
    await readContract("ProverCoordinator.rollup", () => coordinator.rollup()),
    coordinator.runner,
  );
  const [claim, w, slot, ticket, synced, config, epochSlots] = await readContract("epoch status", () =>
    Promise.all([
      coordinator.epochClaim(e),
      coordinator.epochWindows(e),
      coordinator.currentSlot(),
      coordinator.designatedProver(e),
      rollup.syncTips.staticCall(),
      coordinator.config(),
      coordinator.beacon().then((b) => ISeedBeacon__factory.connect(b, coordinator.runner).epochSlots()),
    ]),
  );
  const windows: EpochWindows = {
    claimOpens: w.claimOpens,
    priorityEnds: w.priorityEnds,
    claimCloses: w.claimCloses,
    proofDeadline: w.proofDeadline,
    finalDeadline: w.finalDeadline,
  };
  const status = CLAIM_STATUS_NAMES[Number(claim.status)] ?? "None";
  const { awaitingProof, nextToProve } = epochAwaitingProof(e, synced, epochSlots);
  const claimed = claim.prover !== ZeroAddress;
  return {
    epoch: e,
    currentSlot: slot,
    claimedBy: claimed ? claim.prover : null,
    countersignedBy: claimed ? claim.proposer : null,
    status,
    bond: claim.bond,
    basisPointFee: claimed ? claim.basisPointFee : config.defaultProverFee,
    designatedProver: ticket.pid === ZeroHash ? null : ticket.pid,
    windows,
    awaitingProof,
    nextToProve,
    phase: epochPhase(slot, windows, status, awaitingProof),
  };
}

/**
 * Whether an epoch still has unproven blocks on the pending chain, and whether it is the oldest such epoch (the next
 * to prove: epochs are proven in order), from the rollup's counters (`syncTips`); pure.
 *
 * @param epoch - The epoch.
 * @param tips - `Rollup.syncTips` (its result, as the next action will see the chain).
 * @param epochSlots - Slots per epoch.
 * @returns Both flags.
 */
export function epochAwaitingProof(
  epoch: bigint,
  tips: { provenBlock: bigint; pendingBlock: bigint; tipSlot: bigint; oldestUnprovenSlot: bigint },
  epochSlots: bigint,
): { awaitingProof: boolean; nextToProve: boolean } {
  const oldestEpoch = tips.oldestUnprovenSlot / epochSlots;
  const awaitingProof =
    tips.pendingBlock > tips.provenBlock && oldestEpoch <= epoch && epoch <= tips.tipSlot / epochSlots;
  return { awaitingProof, nextToProve: awaitingProof && oldestEpoch === epoch };
}

/**
 * The phase of an epoch at a slot (see {@link EpochPhase}); pure.
 *
 * @param slot - The slot.
 * @param windows - The epoch's windows.
 * @param status - Its claim's status.
 * @param awaitingProof - Whether it still has unproven blocks.
 * @returns The phase.
 */
export function epochPhase(
  slot: bigint,
  windows: EpochWindows,
  status: ClaimStatusName,
  awaitingProof: boolean,
): EpochPhase {
  if (slot < windows.claimOpens) return "proposing";
  if (status === "Proven") return "proven";
  if (status === "Claimed" && slot >= windows.finalDeadline) return "slashable";
  if (!awaitingProof || slot >= windows.finalDeadline) return "settled";
  if (status === "Claimed") return slot < windows.proofDeadline ? "proving" : "openRace";
  if (slot < windows.priorityEnds) return "priority";
  if (slot < windows.claimCloses) return "claim";
  return "openRace";
}
