// Each epoch's draws, shared by the three mechanisms so that they play the same world (common random numbers): the
// blocks proposed, which provers are online, each prover's prover-lottery VRF draw, its proving-time jitter, whether it
// drops out during work, and the chunk tickets' stream.
import type { SimulationConfig } from "./config";
import { createRandom, type Random } from "./random";

/** A block proposed in a slot. */
export interface BlockDraw {
  /** Its slot (absolute). */
  slot: number;
  /** Its transactions: 16 per chunk. */
  txCount: number;
  /** Its proposer (sequencer index). */
  proposer: number;
  /** Whether its proposer is in the cartel with the colluding provers. */
  cartel: boolean;
}

/** One epoch's draws. */
export interface EpochDraws {
  epoch: number;
  blocks: BlockDraw[];
  /** 1 when the prover is online this epoch. */
  online: Uint8Array;
  /** Whether the prover drops out during work it takes on (it never finishes it); drawn on first use. */
  dropout(prover: number): boolean;
  /** The prover's prover-lottery draw u ∈ (0, 1]: the top bits of its VRF output for the epoch. */
  lotteryU: Float64Array;
  /**
   * A uniform draw per prover (and per `salt`, e.g. a race's start slot) for ties: which of equal quotes a proposer
   * sees first, which of two proofs landing in the same slot L1 orders first.
   */
  tieBreak(prover: number, salt?: number): number;
  /** The factor on the prover's proving time this epoch (log-normal, σ 0.2); drawn on first use. */
  jitter(prover: number): number;
  /** Whether the proposer countersigning the Sidecar claim window's quotes is in the cartel. */
  claimSlotCartel: boolean;
  /** The stream of the epoch's chunk tickets (Cooperative). */
  chunkRandom: Random;
}

/** Transactions per chunk (the circuit's fixed chunk size; `CooperativeCoordinator.TXS_PER_CHUNK`). */
export const TXS_PER_CHUNK = 16;

/** Slots per epoch and seconds per slot (the rollup's defaults). */
export const EPOCH_SLOTS = 32;
export const SLOT_SECONDS = 12;

/**
 * Draws epoch `epoch`. `offline` lists provers forced offline for the whole run (the fault scenarios).
 *
 * @param config - The seed and the chain's load.
 * @param provers - The provers' reliabilities.
 * @param epoch - The epoch.
 * @param offline - 1 for a prover that is offline throughout (optional).
 * @returns The epoch's draws.
 */
export function drawEpoch(
  config: Pick<
    SimulationConfig,
    "seed" | "sequencers" | "cartelProposerShare" | "missedSlotShare" | "twoChunkBlockShare"
  >,
  provers: readonly { reliability: number }[],
  epoch: number,
  offline?: Uint8Array,
): EpochDraws {
  const random = createRandom(config.seed, "epoch", epoch);
  const cartelSequencers = Math.round(config.sequencers * config.cartelProposerShare);
  const blocks: BlockDraw[] = [];
  for (let i = 0; i < EPOCH_SLOTS; i++) {
    const missed = random.uniform() < config.missedSlotShare;
    const proposer = Math.floor(random.uniform() * config.sequencers);
    const chunks = random.uniform() < config.twoChunkBlockShare ? 2 : 1;
    if (missed) continue;
    blocks.push({
      slot: epoch * EPOCH_SLOTS + i,
      txCount: chunks * TXS_PER_CHUNK,
      proposer,
      cartel: proposer < cartelSequencers,
    });
  }
  const n = provers.length;
  const online = new Uint8Array(n);
  const lotteryU = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    online[i] = random.uint32() / 4294967296 < provers[i].reliability && !(offline && offline[i]) ? 1 : 0;
    lotteryU[i] = random.positive();
  }
  // Jitter and dropout are read for the few provers that work: drawn on demand from a counter-based hash of the
  // epoch's key and the prover, so that they do not depend on the order of the reads.
  const key = random.uint32();
  const jitters = new Float64Array(n).fill(NaN);
  return {
    epoch,
    blocks,
    online,
    lotteryU,
    dropout: (prover) => hashUniform(key, 4 * prover) < (1 - provers[prover].reliability) / 2,
    tieBreak: (prover, salt = 0) => hashUniform((key ^ Math.imul(salt + 1, 0x27d4eb2d)) >>> 0, 4 * prover + 3),
    jitter: (prover) => {
      let j = jitters[prover];
      if (Number.isNaN(j)) {
        const u1 = 1 - hashUniform(key, 4 * prover + 1);
        const u2 = hashUniform(key, 4 * prover + 2);
        j = Math.exp(0.2 * Math.sqrt(-2 * Math.log(u1)) * Math.cos(2 * Math.PI * u2));
        jitters[prover] = j;
      }
      return j;
    },
    claimSlotCartel: random.uniform() < config.cartelProposerShare,
    chunkRandom: createRandom(config.seed, "chunks", epoch),
  };
}

/** A uniform draw in [0, 1) from two 32-bit words (murmur3's finalizer over their mix). */
function hashUniform(a: number, b: number): number {
  let h = (a ^ Math.imul(b + 1, 0x9e3779b1)) >>> 0;
  h = Math.imul(h ^ (h >>> 16), 0x85ebca6b);
  h = Math.imul(h ^ (h >>> 13), 0xc2b2ae35);
  h ^= h >>> 16;
  return (h >>> 0) / 4294967296;
}
