// Open race: who may update the proven state now. Anyone, until no update for the idle period; then turns of the
// stalled epoch's best prover-lottery tickets, in order; after them anyone again.
import type { BigNumberish } from "ethers";
import { ZeroAddress } from "ethers";
import { readContract } from "../transaction";
import type { OpenRaceCoordinator } from "../typechain";
import { checkedUint } from "../validate";

/** Result of {@link getProofRight}. */
export interface GetProofRightReturnType {
  /** Whether anyone may update now (the open race). */
  open: boolean;
  /** The turn's prover while a fallback turn runs (else undefined). */
  turnProver?: string;
  /** When the turn ends (L1 seconds; 0 in the open race). */
  turnEndsAt: bigint;
  /** Where the stall counts from: the last update, or the oldest unproven block's slot if newer. */
  stallStart: bigint;
  /** When turns begin if nothing is proven before (stallStart + idlePeriod). */
  turnsBeginAt: bigint;
}

/**
 * Who may update the proven state now.
 *
 * @param coordinator - The open-race coordinator (any runner with a provider).
 * @returns Open, or the turn's prover and when its turn ends; and the stall's timing.
 * @throws {ContractCallError} If the chain cannot be read.
 */
export async function getProofRight(coordinator: OpenRaceCoordinator): Promise<GetProofRightReturnType> {
  const [right, cfg] = await readContract("OpenRaceCoordinator.proofRight", () =>
    Promise.all([coordinator.proofRight(), coordinator.config()]),
  );
  const open = right.turnProver === ZeroAddress;
  return {
    open,
    turnProver: open ? undefined : right.turnProver,
    turnEndsAt: right.turnEndsAt,
    stallStart: right.stallStart,
    turnsBeginAt: right.stallStart + cfg.idlePeriod,
  };
}

/** One place of an epoch's turn order. */
export interface TurnPlace {
  pid: string;
  /** The node's operator: who may update in its turn, and the epoch's turn prover when first. */
  operator: string;
  raceTime: bigint;
}

/**
 * An epoch's turn order: its best prover-lottery tickets, best first (at most `TURN_PROVERS`). The first is the epoch's
 * turn prover for redundancy.
 *
 * @param coordinator - The open-race coordinator (any runner with a provider).
 * @param params - The epoch.
 * @returns The places, best first.
 * @throws {InvalidParameterError} If the epoch is not an unsigned integer.
 * @throws {ContractCallError} If the chain cannot be read.
 */
export async function getTurnOrder(
  coordinator: OpenRaceCoordinator,
  params: { epoch: BigNumberish },
): Promise<TurnPlace[]> {
  const epoch = checkedUint(params?.epoch, "epoch");
  const order = await readContract("OpenRaceCoordinator.turnOrder", () => coordinator.turnOrder(epoch));
  return order.map((t) => ({ pid: t.pid, operator: t.operator, raceTime: t.raceTime }));
}
