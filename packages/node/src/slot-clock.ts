// The node's sense of time: the rollup's current slot as the chain's latest block says (slot = (timestamp − genesis)
// / slotDuration, the contracts' own rule), and how many wall-clock milliseconds a slot actually lasts — the slot
// duration on a live chain, less on a devnet whose clock is moved forward — which the safety rails turn slots into
// time with.
import type { Provider } from "ethers";

/** Timing facts of the deployment. */
export interface SlotTiming {
  genesisTime: bigint;
  slotDuration: bigint;
  epochSlots: bigint;
}

/** Follows the chain's slots. */
export class SlotClock {
  private lastSlot: bigint | null = null;
  private lastChangeAt = 0;
  private msPerSlotEma: number;

  constructor(
    private readonly provider: Provider,
    readonly timing: SlotTiming,
    private readonly now: () => number = Date.now,
  ) {
    this.msPerSlotEma = Number(timing.slotDuration) * 1000;
  }

  /** The slot of a block timestamp (−1 before genesis). */
  slotAt(timestamp: bigint): bigint {
    if (timestamp < this.timing.genesisTime) return -1n;
    return (timestamp - this.timing.genesisTime) / this.timing.slotDuration;
  }

  epochOf(slot: bigint): bigint {
    return slot < 0n ? -1n : slot / this.timing.epochSlots;
  }

  /** Reads the latest block and returns the current slot, updating the measured slot length. */
  async read(): Promise<{ slot: bigint; blockNumber: number; timestamp: bigint }> {
    const block = await this.provider.getBlock("latest");
    if (block === null) throw new Error("the chain has no latest block");
    const timestamp = BigInt(block.timestamp);
    const slot = this.slotAt(timestamp);
    const t = this.now();
    if (this.lastSlot !== null && slot > this.lastSlot) {
      const observed = (t - this.lastChangeAt) / Number(slot - this.lastSlot);
      // An exponential moving average over the last few slot changes.
      this.msPerSlotEma = 0.7 * this.msPerSlotEma + 0.3 * observed;
    }
    if (this.lastSlot === null || slot !== this.lastSlot) this.lastChangeAt = t;
    this.lastSlot = slot;
    return { slot, blockNumber: block.number, timestamp };
  }

  /** Wall-clock milliseconds per slot, as measured (the slot duration until slots have been seen to change). */
  msPerSlot(): number {
    return this.msPerSlotEma;
  }
}
