// The prover lottery of an epoch (DESIGN §4): each online prover evaluates its ticket and submits it only when its
// chance of being among the best is worth a transaction, `P(win | t) = exp(−(W − w)·t) ≥ 10^-4` (a float filter on the
// drawn u); the submitted tickets are then ranked exactly as the contract ranks them, with the SDK's `raceTime`,
// `tieBreak` and `compareTickets`. Sidecar's designated prover is the best ticket; the open race keeps the best four
// (its turns and its turn prover).
import { compareTickets, raceTime, tieBreak, type LotteryTicket } from "@blockage/client/lottery";
import type { EpochDraws } from "./epoch-draws";
import type { Population } from "./population";
import { vrfOutputOf } from "./vrf-output";

/** A submitted prover-lottery ticket. */
export interface ProverTicket extends LotteryTicket {
  prover: number;
}

/** The least win chance at which a prover submits its ticket. */
export const TICKET_SUBMIT_CHANCE = 1e-4;

function bytes32Of(value: number): Uint8Array {
  const bytes = new Uint8Array(32);
  new DataView(bytes.buffer).setUint32(28, value);
  return bytes;
}

/**
 * The epoch's submitted tickets, best first.
 *
 * @param population - The provers and their weights.
 * @param draws - The epoch's draws (online provers, lottery draws).
 * @returns Every submitted ticket, best first.
 */
export function proverLottery(population: Population, draws: EpochDraws): ProverTicket[] {
  const n = population.provers.length;
  const weights = population.floatWeights(draws.epoch);
  let total = 0;
  for (let i = 0; i < n; i++) total += weights[i];
  const threshold = -Math.log(TICKET_SUBMIT_CHANCE);
  const sigma = bytes32Of(draws.epoch);
  const tickets: ProverTicket[] = [];
  for (let i = 0; i < n; i++) {
    if (!draws.online[i]) continue;
    const t = -Math.log(draws.lotteryU[i]) / weights[i];
    if ((total - weights[i]) * t > threshold) continue;
    tickets.push({
      prover: i,
      raceTime: raceTime(vrfOutputOf(draws.lotteryU[i]), population.weight(i, draws.epoch)),
      tieBreak: tieBreak(bytes32Of(i + 1), sigma),
    });
  }
  return tickets.sort(compareTickets);
}
