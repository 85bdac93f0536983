// The JD's durable state in lmdb (an embedded, memory-mapped database with prebuilt binaries): jobs and their
// leases, witnesses, accepted results, epochs, worker statistics, receipts, payout proofs and registration nonces.
// Every change that an answer or a transaction depends on is committed before the answer is sent or the transaction
// is made, and every multi-record change is one lmdb transaction: `kill -9` at any moment loses or duplicates nothing.
import { open, type Database, type RootDatabase } from "lmdb";
import type { Groth16Proof } from "@blockage/circuits";

/** A chunk job's lease: who may submit its result under it, until when. */
export interface Lease {
  leaseId: string;
  worker: string;
  /** Unix ms. */
  deadline: number;
  /** Unix ms, when the lease was granted (proving latency is measured from here). */
  grantedAt: number;
}

/** What a job's proof must show: the chunk's transition, computed by the JD from its witness. */
export interface ExpectedSignals {
  prevState: string;
  newState: string;
  txsCommitment: string;
  /** The prover signal: the JD's payout address as a decimal integer. */
  prover: string;
}

/** A chunk job (metadata only: the witness and the result live in their own tables). */
export interface JobRecord {
  /** `${recordKey}:${chunkId}`: the key its accepted result is stored under. */
  jobId: string;
  /** The epoch (decimal: workers are sent it as is). */
  epoch: string;
  /**
   * The key of the epoch record the job belongs to when it is not the epoch itself (a `race` record's
   * `${epoch}:race`): an epoch's race jobs and its `chunks` jobs are kept, shown and dropped apart.
   */
  record?: string;
  chunkId: number;
  status: "queued" | "leased" | "done" | "failed";
  /** Leases that ended without a result. */
  retries: number;
  lease: Lease | null;
  /** Every worker that held a lease on the job: each may still send a late valid result while it is open. */
  holders: string[];
  doneBy: string | null;
  expected: ExpectedSignals;
}

/** A job's witness (PROTOCOL.md `witnessData`). */
export interface Witness {
  prevState: string;
  txs: string[];
  prover: string;
}

/** An accepted result: the evidence of who produced what. */
export interface ResultRecord {
  jobId: string;
  epoch: string;
  chunkId: number;
  worker: string;
  proof: Groth16Proof;
  publicInputs: [string, string, string, string];
  /** The worker's EIP-712 ChunkResult signature. */
  signature: string;
  acceptedAt: number;
  provingMs: number | null;
}

/** A block of an epoch, as submitted: its header (numbers as decimal strings) and its chunk ids. */
export interface EpochBlock {
  header: Record<string, string | number | boolean>;
  firstChunk: number;
  chunkCount: number;
}

/**
 * An epoch the JD serves, through proving, submission, settlement and payout. Stored under {@link recordKey}: an
 * epoch's `race` record has a key of its own, so it lives beside the same epoch's `chunks` record.
 */
export interface EpochRecord {
  epoch: string;
  /**
   * `epoch` (absent: the same): the whole epoch's chunks, assembled and submitted as one epoch proof (Sidecar).
   * `chunks`: only the chunks its node chose, each proof handed back to the node, which submits it on its own and
   * reports what the epoch paid (Cooperative, seed 001).
   * `race`: the whole epoch of a Cooperative rollup, assembled and submitted to its coordinator's open race (after the
   * proving window, with a chunk holding no kept proof); paid like `epoch`.
   */
  mode?: "epoch" | "chunks" | "race";
  status: "proving" | "submitted" | "proven" | "settled" | "published" | "abandoned";
  /** The address every chunk proof is bound to (the JD's). */
  prover: string;
  chunkCount: number;
  blocks: EpochBlock[];
  createdAt: number;
  submitTx?: string;
  /** What the JD was credited for the proof (prover fee and submitter share that went to its address). */
  earned?: string;
  perChunk?: string;
  total?: string;
  root?: string;
  publishTx?: string;
  note?: string;
}

/** A worker's statistics. */
export interface WorkerRecord {
  worker: string;
  done: number;
  invalid: number;
  timedOut: number;
  provingMsTotal: number;
  /** Unix ms of its last lease (least-recently-served ordering). */
  lastServedAt: number;
  /** Unix ms of its recent invalid proofs (circuit breaker). */
  recentInvalid: number[];
  suspendedUntil: number;
}

/** A signed ChunkReceipt. */
export interface ReceiptRecord {
  epoch: string;
  chunkId: number;
  worker: string;
  amount: string;
  signature: string;
}

/** A worker's leaf in an epoch's published payout tree. */
export interface PayoutRecord {
  epoch: string;
  worker: string;
  amount: string;
  proof: string[];
  root: string;
}

/** The JD's database. */
export class JobStore {
  readonly root: RootDatabase;
  readonly jobs: Database<JobRecord, string>;
  readonly witnesses: Database<Witness, string>;
  readonly results: Database<ResultRecord, string>;
  readonly epochs: Database<EpochRecord, string>;
  readonly workers: Database<WorkerRecord, string>;
  readonly receipts: Database<ReceiptRecord, string>;
  readonly payouts: Database<PayoutRecord, string>;
  readonly nonces: Database<number, string>;
  readonly meta: Database<unknown, string>;

  constructor(path: string) {
    // separateFlushed: a commit resolves once it is committed and visible (it then survives the process being killed:
    // after a crash on the same boot lmdb restarts from the latest commit); the disk flush follows in the background
    // (`flushed`), so answers wait for the commit, not for fsync. A power loss can lose the last moments of commits.
    this.root = open({ path, compression: false, separateFlushed: true });
    this.jobs = this.root.openDB({ name: "jobs" });
    this.witnesses = this.root.openDB({ name: "witnesses" });
    this.results = this.root.openDB({ name: "results" });
    this.epochs = this.root.openDB({ name: "epochs" });
    this.workers = this.root.openDB({ name: "workers" });
    this.receipts = this.root.openDB({ name: "receipts" });
    this.payouts = this.root.openDB({ name: "payouts" });
    this.nonces = this.root.openDB({ name: "nonces" });
    this.meta = this.root.openDB({ name: "meta" });
  }

  /**
   * Runs `writes` as one transaction and resolves once it is committed to disk: all of it or none of it survives a
   * crash.
   */
  commit(writes: () => void): Promise<void> {
    return this.root.transaction(writes) as Promise<void>;
  }

  /** Closes the database (pending commits are flushed first). */
  async close(): Promise<void> {
    await this.root.flushed;
    await this.root.close();
  }
}

/**
 * The key of an epoch record in `epochs`, and of its jobs and results (`${recordKey}:${chunkId}`): the epoch for an
 * `epoch` or `chunks` record (as before `race` records existed: stored records keep their keys), `${epoch}:race` for a
 * `race` one.
 */
export const recordKey = (record: Pick<EpochRecord, "epoch" | "mode">): string =>
  record.mode === "race" ? raceKey(record.epoch) : record.epoch;

/** How an epoch record is named in the log: a race record says so (its epoch may also have a `chunks` record). */
export const recordLabel = (record: Pick<EpochRecord, "epoch" | "mode">): string =>
  `epoch ${record.epoch}${record.mode === "race" ? " (open race)" : ""}`;

/** The key of epoch `epoch`'s `race` record. */
export const raceKey = (epoch: bigint | string): string => `${String(epoch)}:race`;

/** The key of a receipt or a payout leaf. */
export const epochKey = (epoch: string, rest: string | number): string => `${epoch.padStart(20, "0")}:${rest}`;
