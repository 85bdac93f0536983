// The keeper: stores L1 randomness in the seed beacon while some epoch's seed window is open (so that every epoch's
// seed mixes fresh randomness even when nothing else happens on the rollup), and rolls the registry into a new epoch
// (its `EpochStart` fixes the epoch's seed and active-set root) when nobody has yet.
import { errorReason } from "@blockage/client";
import type { NodeContext } from "../context";

export class Keeper {
  /** The chain time of this keeper's last poke. */
  private lastPokeAt = -1n;

  constructor(
    private readonly ctx: NodeContext,
    /** Seconds between two pokes of this keeper (default: one L1 block). */
    private readonly pokeEverySeconds: bigint,
  ) {}

  async onSlot(slot: bigint, timestamp: bigint): Promise<void> {
    const { beacon, registry, log } = this.ctx;
    const epoch = this.ctx.clock.epochOf(slot);
    try {
      if (timestamp - this.lastPokeAt >= this.pokeEverySeconds && (await beacon.inSeedWindow())) {
        const receipt = await (await beacon.connect(this.ctx.validator).pokeInWindow()).wait();
        this.lastPokeAt = timestamp;
        log("debug", "poked", `poked the seed beacon (block ${receipt?.blockNumber})`, { slot, gas: receipt?.gasUsed });
      }
      if ((await registry.lastRolledEpoch()) < epoch) {
        const receipt = await (await registry.connect(this.ctx.validator).rollEpoch()).wait();
        log("info", "rolled", `rolled the registry into epoch ${epoch}`, { epoch, gas: receipt?.gasUsed });
      }
    } catch (error) {
      // Another keeper may have done it in the same block: nothing is lost, the next slot looks again.
      log("debug", "keeper-skipped", `keeper: ${errorReason(error)}`, { slot });
    }
  }
}
