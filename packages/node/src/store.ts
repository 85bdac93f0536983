// The node's durable state in lmdb: what it proposed, the tickets it entered, the bids it made and the quotes it
// countersigned, the claims it holds (with their bonds and deadlines), what it is owed and withdrew, and its circuit
// breaker. An intent is committed before its transaction is sent and the transaction's hash right after, so a node
// killed at any moment finds on restart every claim it made or may have made, and never sends one twice.
import { open, type Database, type RootDatabase } from "lmdb";

/** A block this node proposed. */
export interface ProposalRecord {
  slot: string;
  epoch: string;
  headerHash: string;
  raceTime: string;
  txs: number;
  txHash: string | null;
  /** `sending`: committed before the transaction; `sent`: accepted by the chain; `failed`: it reverted. */
  status: "sending" | "sent" | "failed";
  note?: string;
}

/** A prover ticket this node entered. */
export interface TicketRecord {
  epoch: string;
  raceTime: string;
  txHash: string | null;
  status: "sending" | "sent" | "failed";
}

/** A bid: a quote this node's prover key signed (seed 003's `submitEpochProofBid`). */
export interface BidRecord {
  epoch: string;
  basisPointFee: number;
  bond: string;
  validUntilSlot: string;
  prover: string;
  signature: string;
  createdAt: number;
  /** Where the bid came from: the node's JSON-RPC, or its automatic bidding policy. */
  source: "rpc" | "auto";
}

/** A quote this node countersigned as the slot's proposer. */
export interface CountersignRecord {
  slot: string;
  epoch: string;
  prover: string;
  basisPointFee: number;
  bond: string;
}

/**
 * A chunk of a Cooperative rollup's block this node considered proving (seed 001). `skipped`: its ticket was unlikely
 * to be kept; `proving`: its JD is proving it (`chunkId` there); `sending`: committed before the submission (`txHash`
 * once sent); `kept`: the coordinator kept the proof (a better one may still replace it); `refused`: the submission
 * was not kept (`note` says why); `rewarded`: the epoch finalized and paid the proof (`reward`, `burned`).
 */
export interface ChunkRecord {
  epoch: string;
  blockNumber: string;
  headerHash: string;
  chunk: number;
  score: string;
  keepProbability: number;
  feeBurn: number;
  status: "skipped" | "proving" | "sending" | "kept" | "refused" | "rewarded";
  chunkId?: number;
  txHash?: string | null;
  replaced?: string | null;
  reward?: string;
  burned?: string;
  note?: string;
  updatedAt: number;
}

/**
 * A Cooperative epoch this node handed to its job distributor for the open race (seed 001's fallback): after the
 * proving window a chunk held no kept proof, so the epoch could not finalize and only a whole-epoch proof can prove
 * it, until its final deadline. Committed once the JD holds the epoch, so a restart never hands it over twice; what
 * became of the race is the JD's `race` record's (`blockage_jdStatus`).
 */
export interface RaceRecord {
  epoch: string;
  /** Why it could not finalize (the `finalizeEpoch` refusal, e.g. `CooperativeCoordinator__ChunkUnproven`). */
  reason: string;
  /** The slot the epoch was handed over in. */
  slot: string;
  /** The race's end: from this slot the epoch's unproven blocks are pruned. */
  finalDeadline: string;
  servedAt: number;
}

/**
 * A prefix of the unproven chain this node proves for an open-race state update (seed 004), keyed by its first block.
 * `proving`: its JD proves the blocks' chunks (`chunkIds` per block, results under `${epoch}:${chunkId}`); `sending`:
 * committed before `submitStateUpdate` (`txHash` once sent); `updated`: the update landed (`updateId`, `earned`);
 * `lost`: another update proved its first block first (its chunks are wasted work unless proven again).
 */
export interface PrefixRecord {
  fromBlock: string;
  toBlock: string;
  blocks: { blockNumber: string; headerHash: string; epoch: string; txCount: number; chunkIds: number[] }[];
  status: "proving" | "sending" | "updated" | "lost";
  slot: string;
  txHash?: string | null;
  updateId?: string;
  earned?: string;
  note?: string;
  updatedAt: number;
}

/**
 * An open-race redundancy reserve that concerns this node, keyed by the update's number. `owed`: this node is the
 * update's turn prover, so it proves the same headers (`chunkIds` per block once served) and sends
 * `submitRedundantProof` within the window (`status` `pending` → `proving` → `sending` → `rewarded`, or `missed`);
 * `held`: the update is this node's and its reserve waits for the turn prover until the window closes, then this node
 * settles it (`settled`; `rewarded` when the turn prover earned it).
 */
export interface RedundancyRecord {
  updateId: string;
  kind: "owed" | "held";
  status: "pending" | "proving" | "sending" | "rewarded" | "missed" | "held" | "settled";
  fromBlock: string;
  toBlock: string;
  /** The update's record (`StateUpdate`), amounts and time as decimal strings. */
  update: { transition: string; prover: string; turnProver: string; reserve: string; time: string };
  /** The epoch of the update's last block (what the reserve pays the workers of). */
  epoch: string;
  closesAt: string;
  /** Once served: each block with its chunks' ids at the JD. */
  blocks?: PrefixRecord["blocks"];
  txHash?: string | null;
  note?: string;
  updatedAt: number;
}

/**
 * What this node's open-race work earned for an epoch's blocks (its updates' prover rewards split by transactions, and
 * the redundancy reserves it earned or was released), and whether its JD's workers were paid from it.
 */
export interface EpochEarningsRecord {
  epoch: string;
  earned: string;
  /** The last transaction that earned it. */
  tx: string | null;
  settled: boolean;
}

/** An open-race "price too low" flag (the L1 signal) this node sent, keyed by epoch. */
export interface FlagRecord {
  epoch: string;
  fee: string;
  cost: string;
  status: "sending" | "sent" | "failed";
  txHash: string | null;
  note?: string;
}

/** How this node came to hold (or try for) an epoch's proof right. */
export type ClaimKind = "designated" | "quote" | "rescue";

/**
 * An epoch this node claimed or is proving. `claiming`: the intent is committed, the transaction may or may not have
 * been sent (`txHash` says); `claimed`: the chain records the claim; `proving`: its JD is proving it; `proven`: the
 * proof landed; `slashed`: the bond was lost; `lost`: someone else proved it first (rescues) or the claim failed.
 */
export interface ClaimRecord {
  epoch: string;
  kind: ClaimKind;
  status: "claiming" | "claimed" | "proving" | "proven" | "slashed" | "lost";
  txHash: string | null;
  bond: string;
  basisPointFee: number;
  proofDeadline: string;
  finalDeadline: string;
  chunks: number;
  updatedAt: number;
  note?: string;
  proofTx?: string;
  earned?: string;
}

/** The circuit breaker: after one of the node's bonds is slashed it claims nothing until the operator resets it. */
export interface BreakerRecord {
  open: boolean;
  reason: string | null;
  since: number | null;
}

/** Withdrawn rewards, and the last known credit (what the node is owed on the coordinator). */
export interface LedgerRecord {
  owed: string;
  withdrawn: string;
  withdrawals: { txHash: string; amount: string; at: number }[];
}

/** The node's database. */
export class NodeStore {
  private readonly root: RootDatabase;
  readonly proposals: Database<ProposalRecord, string>;
  readonly tickets: Database<TicketRecord, string>;
  readonly bids: Database<BidRecord, string>;
  readonly countersigned: Database<CountersignRecord, string>;
  readonly claims: Database<ClaimRecord, string>;
  /** Cooperative chunks, by `chunkKey`. */
  readonly chunks: Database<ChunkRecord, string>;
  /** Cooperative epochs handed to the JD for the open race, by `key(epoch)`. */
  readonly races: Database<RaceRecord, string>;
  /** Open-race prefixes this node proves or proved, by `key(fromBlock)`. */
  readonly prefixes: Database<PrefixRecord, string>;
  /** Open-race redundancy reserves owed to or held for this node, by `key(updateId)`. */
  readonly redundancy: Database<RedundancyRecord, string>;
  /** Open-race earnings per epoch, by `key(epoch)`. */
  readonly earnings: Database<EpochEarningsRecord, string>;
  /** Open-race flags, by `key(epoch)`. */
  readonly flags: Database<FlagRecord, string>;
  readonly meta: Database<unknown, string>;

  constructor(path: string) {
    // separateFlushed: a commit resolves once it is visible and survives the process being killed; the fsync follows.
    this.root = open({ path, compression: false, separateFlushed: true, maxDbs: 32 });
    this.proposals = this.root.openDB({ name: "proposals" });
    this.tickets = this.root.openDB({ name: "tickets" });
    this.bids = this.root.openDB({ name: "bids" });
    this.countersigned = this.root.openDB({ name: "countersigned" });
    this.claims = this.root.openDB({ name: "claims" });
    this.chunks = this.root.openDB({ name: "chunks" });
    this.races = this.root.openDB({ name: "races" });
    this.prefixes = this.root.openDB({ name: "prefixes" });
    this.redundancy = this.root.openDB({ name: "redundancy" });
    this.earnings = this.root.openDB({ name: "earnings" });
    this.flags = this.root.openDB({ name: "flags" });
    this.meta = this.root.openDB({ name: "meta" });
  }

  /** Runs `writes` as one transaction; resolves once committed. */
  commit(writes: () => void): Promise<void> {
    return this.root.transaction(writes) as Promise<void>;
  }

  breaker(): BreakerRecord {
    return (this.meta.get("breaker") as BreakerRecord | undefined) ?? { open: false, reason: null, since: null };
  }

  ledger(): LedgerRecord {
    return (this.meta.get("ledger") as LedgerRecord | undefined) ?? { owed: "0", withdrawn: "0", withdrawals: [] };
  }

  /** Every record of a database, in key order. */
  static all<T>(db: Database<T, string>): T[] {
    return [...db.getRange()].map(({ value }) => value);
  }

  async close(): Promise<void> {
    await this.root.close();
  }
}

/** Keys sort numerically: epochs and slots are zero-padded to 20 digits. */
export const key = (n: bigint | string | number): string => BigInt(n).toString().padStart(20, "0");

/** The key of a Cooperative chunk record: its epoch, block and index, sorting in that order. */
export const chunkKey = (epoch: bigint | string, blockNumber: bigint | string, chunk: number): string =>
  `${key(epoch)}:${key(blockNumber)}:${String(chunk).padStart(4, "0")}`;
