// The open proof race (seed 002 backup): whether an epoch's proof may be submitted now, by whom, and who is paid the
// prover fee — read from the epoch's status.
import type { BigNumberish } from "ethers";
import type { ProverCoordinator } from "../typechain";
import { getEpochStatus, type EpochStatus } from "./epoch-status";

/** An epoch's open proof race ({@link getProofRace}). */
export interface ProofRace {
  epoch: bigint;
  /** Whether the open race runs now: anyone's valid proof wins the prover fee (at the default fee). */
  open: boolean;
  /** The slot the open race starts (`claimCloses` unclaimed, `proofDeadline` claimed), or `null` once settled. */
  opensAt: bigint | null;
  /** The slot it ends: the final deadline, when the epoch's blocks are pruned. */
  closesAt: bigint;
  /**
   * Whether `submitEpochProof` would be accepted now from any sender: the epoch is over, next to prove, and either
   * its claimant is within its deadline (the fee still goes to the claimant) or the race is open.
   */
  submitNow: boolean;
  /**
   * Who the prover fee goes to if a proof lands now: the claimant, the proof's beneficiary (the address it is bound
   * to, whoever sends it), or nobody (`null`).
   */
  proverFeeTo: "claimant" | "beneficiary" | null;
  /** Whether a proof now also slashes the claimant's bond, with the rescue share to the proof's beneficiary. */
  rescue: boolean;
  /** Why a proof cannot be submitted now (`null` when it can). */
  reason: string | null;
}

/**
 * The open-race view of an epoch's status: pure.
 *
 * @param status - From {@link getEpochStatus}.
 * @returns The race.
 */
export function proofRaceOf(status: EpochStatus): ProofRace {
  const { epoch, phase, windows } = status;
  const race = (
    fields: Pick<ProofRace, "open" | "submitNow" | "proverFeeTo" | "rescue" | "reason"> & { opensAt?: bigint | null },
  ): ProofRace => ({
    epoch,
    opensAt: status.status === "Claimed" ? windows.proofDeadline : windows.claimCloses,
    closesAt: windows.finalDeadline,
    ...fields,
  });
  const closed = { open: false, submitNow: false, proverFeeTo: null, rescue: false } as const;
  if (phase === "proposing") return race({ ...closed, reason: `epoch ${epoch} is not over` });
  if (phase === "proven" || phase === "settled" || phase === "slashable") {
    return race({ ...closed, opensAt: null, reason: `epoch ${epoch} has nothing left to prove (${phase})` });
  }
  if (phase === "priority" || phase === "claim") {
    return race({ ...closed, reason: `epoch ${epoch} may still be claimed until slot ${windows.claimCloses}` });
  }
  const waiting = status.nextToProve ? null : `an earlier epoch must be proven before epoch ${epoch}`;
  if (phase === "proving") {
    return race({ open: false, submitNow: waiting === null, proverFeeTo: "claimant", rescue: false, reason: waiting });
  }
  return race({
    open: true,
    submitNow: waiting === null,
    proverFeeTo: "beneficiary",
    rescue: status.status === "Claimed",
    reason: waiting,
  });
}

/** Parameters of {@link getProofRace}. */
export interface GetProofRaceParameters {
  /** The epoch. */
  epoch: BigNumberish;
}

/** Result of {@link getProofRace}. */
export type GetProofRaceReturnType = ProofRace;

/**
 * Whether an epoch's proof race is open and who may submit its proof now (`submitEpochProof`), with who would be
 * paid the prover fee.
 *
 * @param coordinator - The prover coordinator (any runner with a provider).
 * @param params - The epoch.
 * @returns The race.
 * @throws {InvalidParameterError} If the epoch is not an unsigned integer.
 * @throws {ContractCallError} If the chain cannot be read.
 * @example
 * const race = await getProofRace(coordinator, { epoch });
 * if (race.open && race.submitNow) await submitEpochProof(coordinator.connect(me), { epoch, proof });
 */
export async function getProofRace(
  coordinator: ProverCoordinator,
  params: GetProofRaceParameters,
): Promise<GetProofRaceReturnType> {
  return proofRaceOf(await getEpochStatus(coordinator, { epoch: params.epoch }));
}
