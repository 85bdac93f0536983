// The quotes a proposer may countersign: every valid quote heard on the make topic (or made by this node), kept per
// epoch until its claim window closes. The best is the cheapest (lowest fee) among those bonded enough, then the
// highest bond, then the first heard.
import type { MakeMessage, TakeMessage } from "./gossip/messages";

/** A prover's signed quote: the make topic's message. */
export type SignedQuote = MakeMessage;

/** A quote countersigned by a slot's proposer: the take topic's message. */
export type AcceptedQuote = TakeMessage;

export class QuoteBook {
  private readonly byEpoch = new Map<bigint, SignedQuote[]>();
  /** Provers passed over for an epoch: countersigned without claiming, or unable to put up their bond. */
  private readonly excluded = new Map<bigint, Set<string>>();

  /** Passes over a prover's quotes for an epoch from now on. */
  exclude(epoch: bigint, prover: string): void {
    const set = this.excluded.get(epoch) ?? new Set<string>();
    set.add(prover.toLowerCase());
    this.excluded.set(epoch, set);
  }

  /** Adds a quote (a later quote of the same prover for the same epoch replaces its earlier one). */
  add(q: SignedQuote): void {
    const list = (this.byEpoch.get(q.quote.epoch) ?? []).filter(
      (o) => o.quote.prover.toLowerCase() !== q.quote.prover.toLowerCase(),
    );
    list.push(q);
    this.byEpoch.set(q.quote.epoch, list);
  }

  /** The quotes of an epoch, in the order heard. */
  quotes(epoch: bigint): readonly SignedQuote[] {
    return this.byEpoch.get(epoch) ?? [];
  }

  /**
   * The quote to countersign at `slot`: still valid then, bonded at least `minBond`, asking at most `maxFee`; the
   * lowest fee, then the highest bond, then the first heard.
   */
  best(epoch: bigint, slot: bigint, minBond: bigint, maxFee: bigint): SignedQuote | null {
    let best: SignedQuote | null = null;
    const excluded = this.excluded.get(epoch);
    for (const q of this.quotes(epoch)) {
      if (excluded?.has(q.quote.prover.toLowerCase())) continue;
      const { validUntilSlot, bond, basisPointFee } = q.quote;
      if (validUntilSlot < slot || bond < minBond || basisPointFee > maxFee) continue;
      if (
        best === null ||
        basisPointFee < best.quote.basisPointFee ||
        (basisPointFee === best.quote.basisPointFee && bond > best.quote.bond)
      ) {
        best = q;
      }
    }
    return best;
  }

  /** Forgets the epochs before `epoch`. */
  prune(epoch: bigint): void {
    for (const e of this.byEpoch.keys()) if (e < epoch) this.byEpoch.delete(e);
    for (const e of this.excluded.keys()) if (e < epoch) this.excluded.delete(e);
  }
}
