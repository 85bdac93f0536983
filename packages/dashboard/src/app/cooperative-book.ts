// What a Cooperative coordinator's events say, folded as they are read: each chunk's kept proofs (a `ChunkProofKept`
// adds its prover and drops the one it replaced, so the set after the last event is the set the coordinator holds),
// the latest kept proofs, each epoch's finalization with what every kept proof was paid, or its open-race winner.
// Pure (no chain access): the Cooperative reader feeds it, the tests drive it directly.

/** A `ChunkProofKept` event. */
export interface KeptProofEvent {
  epoch: bigint;
  /** The block's header hash (the coordinator's key of its chunks' records). */
  headerHash: string;
  chunk: number;
  prover: string;
  /** The ticket's boosted race time (ln t − ln(1 + FEE_BURN), 18 decimals): lower is better. */
  score: bigint;
  /** FEE_BURN in basis points. */
  feeBurn: number;
  /** The prover whose kept proof this one replaced, or null when a place was free. */
  replaced: string | null;
  tx: string;
}

/** An `EpochFinalized` event: the epoch settled from its kept chunk proofs. */
export interface EpochFinalization {
  epoch: bigint;
  fromBlock: bigint;
  toBlock: bigint;
  /** Fees plus block rewards of the epoch's blocks. */
  rewards: bigint;
  /** What the kept proofs were credited. */
  proverRewards: bigint;
  /** The FEE_BURN parts, the shares of empty places and the rounding dust. */
  burned: bigint;
  tx: string;
}

/** An `EpochProvenInRace` event: a chunk held no proof after the window, and the first valid epoch proof won. */
export interface EpochRaceWin {
  epoch: bigint;
  fromBlock: bigint;
  toBlock: bigint;
  /** The address the winning proof is bound to. */
  beneficiary: string;
  /** Fees plus block rewards of the epoch's blocks. */
  rewards: bigint;
  /** What the beneficiary was credited: every block's prover-network share. */
  proverReward: bigint;
  tx: string;
}

/** A `ChunkProverRewarded` event: one kept proof paid at its epoch's finalization. */
export interface ChunkProverReward {
  epoch: bigint;
  blockNumber: bigint;
  chunk: number;
  prover: string;
  reward: bigint;
  burned: bigint;
}

/** How far a block's chunks are proven. */
export interface ChunkProgress {
  /** Its chunks holding at least one kept proof. */
  provenChunks: number;
  /** Its kept proofs, at most three per chunk. */
  keptProofs: number;
}

/** What a block's kept proofs were paid at finalization. */
export interface BlockPayment {
  /** Kept proofs paid (each kept proof is credited, also with a zero reward). */
  proofs: number;
  reward: bigint;
  burned: bigint;
}

const ZERO_ADDRESS = `0x${"0".repeat(40)}`;

/** The zero address (a free place) as null, any other address lower-cased. */
export const replacedProver = (address: string): string | null =>
  address.toLowerCase() === ZERO_ADDRESS ? null : address.toLowerCase();

/** The coordinator's events, folded. Feed events in chain order. */
export class CooperativeBook {
  /** `headerHash/chunk` → the provers holding its kept proofs (lower case). */
  private readonly kept = new Map<string, Set<string>>();
  /** Every kept proof, oldest first. */
  private readonly keptEvents: KeptProofEvent[] = [];
  private readonly finalizations = new Map<string, EpochFinalization>();
  private readonly raceWins = new Map<string, EpochRaceWin>();
  /** `epoch/blockNumber` → what its kept proofs were paid. */
  private readonly payments = new Map<string, BlockPayment>();
  /** Events folded so far: what the reader's caches key on. */
  events = 0;

  addKeptProof(e: KeptProofEvent): void {
    const key = `${e.headerHash.toLowerCase()}/${e.chunk}`;
    const provers = this.kept.get(key) ?? new Set<string>();
    if (e.replaced !== null) provers.delete(e.replaced.toLowerCase());
    provers.add(e.prover.toLowerCase());
    this.kept.set(key, provers);
    this.keptEvents.push(e);
    this.events++;
  }

  addFinalization(e: EpochFinalization): void {
    this.finalizations.set(e.epoch.toString(), e);
    this.events++;
  }

  addRaceWin(e: EpochRaceWin): void {
    this.raceWins.set(e.epoch.toString(), e);
    this.events++;
  }

  addReward(e: ChunkProverReward): void {
    const key = `${e.epoch}/${e.blockNumber}`;
    const paid = this.payments.get(key) ?? { proofs: 0, reward: 0n, burned: 0n };
    this.payments.set(key, { proofs: paid.proofs + 1, reward: paid.reward + e.reward, burned: paid.burned + e.burned });
    this.events++;
  }

  /** The provers holding a chunk's kept proofs, per the events. */
  keptBy(headerHash: string, chunk: number): string[] {
    return [...(this.kept.get(`${headerHash.toLowerCase()}/${chunk}`) ?? [])];
  }

  /** How far the block with `headerHash` and `chunks` chunks is proven, per the events. */
  progress(headerHash: string, chunks: number): ChunkProgress {
    let provenChunks = 0;
    let keptProofs = 0;
    for (let k = 0; k < chunks; k++) {
      const n = this.kept.get(`${headerHash.toLowerCase()}/${k}`)?.size ?? 0;
      if (n > 0) provenChunks++;
      keptProofs += n;
    }
    return { provenChunks, keptProofs };
  }

  /** The latest kept proofs, newest first. */
  latest(count: number): KeptProofEvent[] {
    return this.keptEvents.slice(-count).reverse();
  }

  finalization(epoch: bigint): EpochFinalization | null {
    return this.finalizations.get(epoch.toString()) ?? null;
  }

  raceWin(epoch: bigint): EpochRaceWin | null {
    return this.raceWins.get(epoch.toString()) ?? null;
  }

  /** What block `blockNumber`'s kept proofs were paid when epoch `epoch` finalized, or null before. */
  payment(epoch: bigint, blockNumber: bigint): BlockPayment | null {
    return this.payments.get(`${epoch}/${blockNumber}`) ?? null;
  }
}
