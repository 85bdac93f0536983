// What a mechanism's run records: per epoch when it was proven, the chunks proven for pay and wasted, the L1 gas, each
// prover's revenue, the value that came in and where it went (for the conservation check), and event counts.
import type { MechanismName } from "./config";

const WEI_PER_TOKEN = 1e18;

/** A mechanism's run, filled in epoch by epoch. */
export class MechanismRecord {
  readonly mechanism: MechanismName;
  /** 1 when the epoch had blocks (an epoch without blocks has nothing to prove and is left out of the figures). */
  readonly hasBlocks: Uint8Array;
  /** Slots from the epoch's end to the proof of its last block landing; NaN while (or if never) proven. */
  readonly provenAfter: Float64Array;
  /** Chunk proofs made and paid for. */
  paidChunks = 0;
  /** Chunk proofs made (or the share of one made) and paid nothing. */
  wastedChunks = 0;
  /** L1 gas of the proving side (tickets, claims, chunk proofs, proofs, flags, settlements). */
  provingGas = 0;
  /** L1 gas of the proposals. */
  proposalGas = 0;
  /** Revenue of each prover, in tokens. */
  readonly revenue: Float64Array;
  /** Wei that came in: block rewards released, fees, slashed bonds. */
  valueIn = 0n;
  /** Wei credited to proposers and provers. */
  credited = 0n;
  /** Wei burned. */
  burned = 0n;
  /** Wei sent back to the reward pool (a missed claim's rescue share when nobody rescued the epoch). */
  returnedToPool = 0n;
  /** Counts of the mechanism's events (claims, races, slashes, ...). */
  readonly events: Record<string, number> = {};
  /** Per-epoch series for the charts (e.g. the open race's proving base fee). */
  readonly series: Record<string, number[]> = {};

  /**
   * @param mechanism - The mechanism.
   * @param epochs - Epochs of the run.
   * @param provers - Provers in the population.
   * @param events - The events it counts (reported as 0 when they never happen, so the report's keys are stable).
   */
  constructor(mechanism: MechanismName, epochs: number, provers: number, events: readonly string[] = []) {
    this.mechanism = mechanism;
    for (const event of events) this.events[event] = 0;
    this.hasBlocks = new Uint8Array(epochs);
    this.provenAfter = new Float64Array(epochs).fill(NaN);
    this.revenue = new Float64Array(provers);
  }

  /** Counts an event. */
  count(event: string, by = 1): void {
    this.events[event] = (this.events[event] ?? 0) + by;
  }

  /** Credits a prover `amount` wei. */
  creditProver(prover: number, amount: bigint): void {
    this.revenue[prover] += Number(amount) / WEI_PER_TOKEN;
    this.credited += amount;
  }

  /** Credits someone else (a proposer) `amount` wei. */
  creditOther(amount: bigint): void {
    this.credited += amount;
  }
}

/** Tokens (a float) as wei. */
export function toWei(tokens: number): bigint {
  return BigInt(Math.round(tokens * 1e6)) * 10n ** 12n;
}
