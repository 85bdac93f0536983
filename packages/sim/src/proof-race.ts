// A race to prove the same statement (Sidecar's and Cooperative's backup, the open race's state updates): the entrants
// are the fastest willing provers online (a slower one expects to lose and stays out), each works from its start, the
// first proof to land wins and is paid; the others' work up to that moment is wasted.
import type { EpochDraws } from "./epoch-draws";
import type { RunContext } from "./run-context";

/**
 * Slots from starting to prove `chunks` chunks to the proof landing on L1: the proving time at the prover's speed
 * and the epoch's jitter, rounded up to whole slots, plus the slot of its transaction.
 *
 * @param ctx - The run.
 * @param draws - The epoch's draws (jitter).
 * @param prover - The prover.
 * @param chunks - Chunks to prove.
 * @returns Slots.
 */
export function provingSlots(ctx: RunContext, draws: EpochDraws, prover: number, chunks: number): number {
  return Math.ceil((chunks / ctx.population.provers[prover].speed) * draws.jitter(prover)) + 1;
}

/** The slots a prover expects to need (no jitter): what it plans with. */
export function expectedProvingSlots(ctx: RunContext, prover: number, chunks: number): number {
  return Math.ceil(chunks / ctx.population.provers[prover].speed) + 1;
}

/**
 * The fastest `count` provers online, not dropping out of the epoch, that `willing` accepts.
 *
 * @param ctx - The run.
 * @param draws - The epoch's draws.
 * @param count - How many.
 * @param willing - Whether a prover enters.
 * @returns Prover ids, fastest first.
 */
export function fastestWilling(
  ctx: RunContext,
  draws: EpochDraws,
  count: number,
  willing: (prover: number) => boolean,
): number[] {
  const chosen: number[] = [];
  for (const prover of ctx.bySpeed) {
    if (chosen.length >= count) break;
    if (draws.online[prover] && willing(prover)) chosen.push(prover);
  }
  return chosen;
}

/** One entrant of a race. */
export interface RaceEntrant {
  prover: number;
  /** Slot it starts proving. */
  start: number;
  /** Slot its proof lands (Infinity when it never does). */
  landing: number;
  /** Chunks of its statement. */
  chunks: number;
  /** Orders proofs landing in the same slot (lower first); entrants without one keep their order. */
  tie?: number;
}

/** The outcome of {@link settleRace}. */
export interface RaceOutcome {
  /** The entrant whose proof landed first by the deadline, or null. */
  winner: RaceEntrant | null;
  /** Chunks proven by the losers up to the winner's landing (or the deadline): wasted. */
  wastedChunks: number;
}

/**
 * Settles a race: the earliest landing by `deadline` wins (ties: the lower `tie`, else the earlier entrant); every other
 * entrant stops when the winner lands (or at the deadline) and its work so far is wasted.
 *
 * @param entrants - The entrants, in the order that breaks ties.
 * @param deadline - The last slot a proof may land.
 * @returns The winner and the wasted chunks.
 */
export function settleRace(entrants: readonly RaceEntrant[], deadline: number): RaceOutcome {
  let winner: RaceEntrant | null = null;
  for (const e of entrants) {
    if (e.landing > deadline) continue;
    if (
      winner === null ||
      e.landing < winner.landing ||
      (e.landing === winner.landing && (e.tie ?? Infinity) < (winner.tie ?? Infinity))
    ) {
      winner = e;
    }
  }
  const end = winner ? winner.landing : deadline;
  let wastedChunks = 0;
  for (const e of entrants) {
    if (e === winner) continue;
    const span = e.landing - e.start;
    const done = Number.isFinite(span) && span > 0 ? Math.min(1, Math.max(0, (end - e.start) / span)) : 0.5;
    wastedChunks += e.chunks * done;
  }
  return { winner, wastedChunks };
}
