// The jobs of the epochs the JD serves, their leases and the workers' standing: least-recently-served assignment
// (seed 000's LRP), at most `maxInFlight` leases per worker, lease deadlines extended by heartbeats, reassignment after a
// lease runs out with a bounded retry count (a job that exhausts it is surfaced as failed, never requeued forever), and a
// circuit breaker that suspends a worker sending invalid proofs. Job metadata lives in memory and in the store;
// witnesses and results only in the store.
import { randomBytes } from "node:crypto";
import { computeChunk } from "@blockage/circuits";
import { EventEmitter } from "node:events";
import { jobError } from "./errors";
import type { JobRecord, JobStore, Lease, ResultRecord, Witness, WorkerRecord } from "./store";

/** The JD's assignment rules. */
export interface JobBoardOptions {
  /** A lease's length, renewed by each heartbeat (ms). */
  leaseMs: number;
  /** Live leases a worker may hold at once (anti-hoarding). */
  maxInFlight: number;
  /** Leases a job may lose (run out or be handed back by a dead worker) before it is surfaced as failed. */
  maxRetries: number;
  /** Invalid proofs within `breakerWindowMs` that suspend a worker. */
  breakerThreshold: number;
  breakerWindowMs: number;
  /** How long a suspension lasts (ms). */
  breakerCooldownMs: number;
  /** Clock (unix ms); tests move it. */
  now?: () => number;
}

/** A job as handed to a worker (PROTOCOL.md `Job`). */
export interface JobAssignment {
  jobId: string;
  chunkId: number;
  epoch: string;
  leaseId: string;
  deadline: number;
  witnessData: Witness;
}

/** Events: `queued` (jobs became available), `expired` (a lease ran out), `failed` (a job exhausted its retries). */
export interface JobBoardEvents {
  queued: [];
  expired: [job: JobRecord, lease: Lease];
  failed: [job: JobRecord];
  accepted: [job: JobRecord, result: ResultRecord];
}

/** What {@link chunkJob} makes a job of. */
export interface ChunkJobInput {
  epoch: string;
  /** The key of the epoch record the job belongs to, when it is not the epoch (a race record's `${epoch}:race`). */
  record?: string;
  /** The chunk's index in the epoch. */
  chunkId: number;
  prevState: bigint;
  txs: readonly bigint[];
  /** The address the proof must be bound to (the JD's). */
  prover: string;
  /** The chunk's transition when the caller already folded it (else computed here). */
  transition?: { newState: bigint; txsCommitment: bigint };
}

/**
 * A queued chunk job and its witness. The expected public signals are kept with the job, so a result is checked
 * against them before its proof is verified.
 */
export function chunkJob(input: ChunkJobInput): { job: JobRecord; witness: Witness } {
  const { epoch, record, chunkId, prevState, txs, prover } = input;
  const { newState, txsCommitment } = input.transition ?? computeChunk({ prevState, txs });
  const job: JobRecord = {
    jobId: `${record ?? epoch}:${chunkId}`,
    epoch,
    ...(record !== undefined && record !== epoch && { record }),
    chunkId,
    status: "queued",
    retries: 0,
    lease: null,
    holders: [],
    doneBy: null,
    expected: {
      prevState: prevState.toString(),
      newState: newState.toString(),
      txsCommitment: txsCommitment.toString(),
      prover: BigInt(prover).toString(),
    },
  };
  return { job, witness: { prevState: prevState.toString(), txs: txs.map(String), prover } };
}

/** The key of the epoch record a job belongs to (see `recordKey`). */
export const jobGroup = (job: Pick<JobRecord, "epoch" | "record">): string => job.record ?? job.epoch;

const emptyWorker = (worker: string): WorkerRecord => ({
  worker,
  done: 0,
  invalid: 0,
  timedOut: 0,
  provingMsTotal: 0,
  lastServedAt: 0,
  recentInvalid: [],
  suspendedUntil: 0,
});

/** The JD's jobs and workers. */
export class JobBoard extends EventEmitter<JobBoardEvents> {
  private readonly jobs = new Map<string, JobRecord>();
  private readonly queue: string[] = [];
  private readonly workers = new Map<string, WorkerRecord>();
  private readonly now: () => number;
  /** Jobs whose result is being verified: a second result for one waits for the first's verdict. */
  private readonly verifying = new Set<string>();
  /** Live leases by worker: the hot path (get_job, heartbeat) never scans every job. */
  private readonly leasedBy = new Map<string, Set<string>>();
  /** Counters since start (for status and metrics). */
  readonly counters = { accepted: 0, retried: 0, timedOut: 0, invalid: 0, failed: 0, duplicates: 0 };

  constructor(
    private readonly store: JobStore,
    readonly options: JobBoardOptions,
  ) {
    super();
    this.now = options.now ?? Date.now;
    for (const { value } of store.workers.getRange()) this.workers.set(value.worker, value);
    for (const { value } of store.jobs.getRange()) {
      this.jobs.set(value.jobId, value);
      if (value.status === "queued") this.queue.push(value.jobId);
      if (value.status === "leased") this.track(value.lease!.worker, value.jobId, true);
    }
    this.sortQueue();
  }

  private track(worker: string, jobId: string, leased: boolean): void {
    let set = this.leasedBy.get(worker);
    if (set === undefined) this.leasedBy.set(worker, (set = new Set()));
    if (leased) set.add(jobId);
    else set.delete(jobId);
  }

  private sortQueue(): void {
    const order = (id: string) => this.jobs.get(id)!;
    this.queue.sort((a, b) => {
      const ja = order(a);
      const jb = order(b);
      if (ja.epoch !== jb.epoch) return BigInt(ja.epoch) < BigInt(jb.epoch) ? -1 : 1;
      // An epoch's jobs of two records (its chunks and its race) alternate by chunk id, each record's in order.
      return ja.chunkId - jb.chunkId || jobGroup(ja).localeCompare(jobGroup(jb));
    });
  }

  /** Adds an epoch's jobs with their witnesses (already committed by the caller's transaction `writes`). */
  async addJobs(jobs: JobRecord[], witnesses: Witness[], extraWrites: () => void = () => {}): Promise<void> {
    await this.store.commit(() => {
      jobs.forEach((job, i) => {
        this.store.jobs.put(job.jobId, job);
        this.store.witnesses.put(job.jobId, witnesses[i]!);
      });
      extraWrites();
    });
    for (const job of jobs) {
      this.jobs.set(job.jobId, job);
      if (job.status === "queued") this.queue.push(job.jobId);
    }
    this.sortQueue();
    this.emit("queued");
  }

  /** A job by id. */
  job(jobId: string): JobRecord | undefined {
    return this.jobs.get(jobId);
  }

  /** Every job of an epoch record (its key: `recordKey`; the epoch for all but a race record), by chunk id. */
  jobsOf(record: string): JobRecord[] {
    return [...this.jobs.values()].filter((j) => jobGroup(j) === record).sort((a, b) => a.chunkId - b.chunkId);
  }

  /** Every job the board holds (epochs not yet dropped), by epoch then chunk id. */
  allJobs(): JobRecord[] {
    return [...this.jobs.values()].sort(
      (a, b) =>
        (BigInt(a.epoch) < BigInt(b.epoch) ? -1 : BigInt(a.epoch) > BigInt(b.epoch) ? 1 : 0) ||
        jobGroup(a).localeCompare(jobGroup(b)) ||
        a.chunkId - b.chunkId,
    );
  }

  /**
   * Forgets an epoch record's jobs (after it is proven and paid, or abandoned; `record` is its key); their witnesses
   * go, results stay. The same epoch's jobs of another record (its chunks, its race) stay.
   */
  async dropEpoch(record: string): Promise<void> {
    const ids = this.jobsOf(record).map((j) => j.jobId);
    await this.store.commit(() => {
      for (const id of ids) {
        this.store.jobs.remove(id);
        this.store.witnesses.remove(id);
      }
    });
    for (const id of ids) {
      const lease = this.jobs.get(id)!.lease;
      if (lease !== null) this.track(lease.worker, id, false);
      this.jobs.delete(id);
    }
    const kept = this.queue.filter((id) => this.jobs.has(id));
    this.queue.splice(0, this.queue.length, ...kept);
  }

  /** A worker's record (a fresh one for a new worker). */
  worker(address: string): WorkerRecord {
    let w = this.workers.get(address);
    if (w === undefined) {
      w = emptyWorker(address);
      this.workers.set(address, w);
    }
    return w;
  }

  /** Every worker seen. */
  allWorkers(): WorkerRecord[] {
    return [...this.workers.values()];
  }

  /** The worker's live leases. */
  leasesOf(worker: string): JobRecord[] {
    const live: JobRecord[] = [];
    for (const id of this.leasedBy.get(worker) ?? []) {
      const job = this.jobs.get(id);
      // A job is the worker's only while its live lease is: one leased again to another worker, done or dropped
      // meanwhile is forgotten here (a heartbeat must never touch another worker's lease, or a lease gone).
      if (job !== undefined && job.status === "leased" && job.lease?.worker === worker) live.push(job);
      else this.track(worker, id, false);
    }
    return live;
  }

  /** Jobs by state. */
  depth(): { queued: number; inFlight: number; done: number; failed: number } {
    const d = { queued: 0, inFlight: 0, done: 0, failed: 0 };
    for (const j of this.jobs.values()) {
      if (j.status === "queued") d.queued++;
      else if (j.status === "leased") d.inFlight++;
      else if (j.status === "done") d.done++;
      else d.failed++;
    }
    return d;
  }

  /** Queued jobs. */
  get queuedCount(): number {
    return this.queue.length;
  }

  /**
   * Throws unless the worker may take a job now: suspended by the circuit breaker (`Suspended`).
   */
  checkEligible(worker: string): void {
    const w = this.worker(worker);
    if (w.suspendedUntil > this.now()) {
      throw jobError(
        "Suspended",
        `${worker} sent too many invalid proofs: suspended until ${new Date(w.suspendedUntil).toISOString()}`,
        {
          until: w.suspendedUntil,
        },
      );
    }
  }

  /** Whether the worker could take one more lease (not suspended, below `maxInFlight`). */
  canTake(worker: string): boolean {
    const w = this.worker(worker);
    return w.suspendedUntil <= this.now() && this.leasesOf(worker).length < this.options.maxInFlight;
  }

  /**
   * Leases the next queued job to `worker` (checked eligible by the caller) and commits the lease before returning
   * it; `null` if no job is queued or the worker holds `maxInFlight` leases.
   */
  async lease(worker: string): Promise<JobAssignment | null> {
    if (!this.canTake(worker)) return null;
    let jobId: string | undefined;
    // Skip stale queue entries (a job done by a late result, or queued twice): only a queued job is leased.
    do jobId = this.queue.shift();
    while (jobId !== undefined && this.jobs.get(jobId)?.status !== "queued");
    if (jobId === undefined) return null;
    const job = this.jobs.get(jobId)!;
    const now = this.now();
    const lease: Lease = {
      leaseId: `0x${randomBytes(16).toString("hex")}`,
      worker,
      deadline: now + this.options.leaseMs,
      grantedAt: now,
    };
    job.status = "leased";
    job.lease = lease;
    this.track(worker, jobId, true);
    if (!job.holders.includes(worker)) job.holders.push(worker);
    const w = this.worker(worker);
    w.lastServedAt = now;
    await this.store.commit(() => {
      this.store.jobs.put(job.jobId, job);
      this.store.workers.put(worker, w);
    });
    const witnessData = this.store.witnesses.get(jobId)!;
    return {
      jobId,
      chunkId: job.chunkId,
      epoch: job.epoch,
      leaseId: lease.leaseId,
      deadline: lease.deadline,
      witnessData,
    };
  }

  /**
   * Extends every live lease of the worker by `leaseMs` from now, and returns each extended lease with its job id, read
   * before the store commit is awaited (a lease may be settled while the commit is in flight).
   */
  async heartbeat(worker: string): Promise<Array<{ jobId: string; lease: Lease }>> {
    const leased = this.leasesOf(worker);
    const deadline = this.now() + this.options.leaseMs;
    const extended = leased.map((job) => {
      job.lease!.deadline = deadline;
      return { jobId: job.jobId, lease: { ...job.lease! } };
    });
    if (leased.length > 0) await this.store.commit(() => leased.forEach((j) => this.store.jobs.put(j.jobId, j)));
    return extended;
  }

  /** Hands a lease back: the job is queued again at once, without a retry counted. */
  async release(worker: string, jobId: string, leaseId: string): Promise<void> {
    const job = this.jobs.get(jobId);
    if (job === undefined) throw jobError("UnknownJob", `no job ${jobId}`, { jobId });
    if (job.status === "done") throw jobError("AlreadyDone", `job ${jobId} is already done`, { jobId });
    if (job.status !== "leased" || job.lease!.leaseId !== leaseId) {
      throw jobError("LeaseExpired", `lease ${leaseId} of job ${jobId} is not live`, { jobId, leaseId });
    }
    if (job.lease!.worker !== worker)
      throw jobError("NotYourJob", `job ${jobId} is leased to another worker`, { jobId });
    job.status = "queued";
    job.lease = null;
    this.track(worker, jobId, false);
    await this.store.commit(() => this.store.jobs.put(job.jobId, job));
    this.queue.unshift(jobId);
    this.emit("queued");
  }

  /**
   * Ends every lease past its deadline: the job is queued again with a retry counted, or surfaced as failed once it
   * has run out of retries.
   *
   * @returns The jobs whose lease ended.
   */
  async expireLeases(): Promise<JobRecord[]> {
    const now = this.now();
    const expired = [...this.jobs.values()].filter((j) => j.status === "leased" && j.lease!.deadline <= now);
    if (expired.length === 0) return [];
    const touched: WorkerRecord[] = [];
    const leases = new Map<string, Lease>();
    for (const job of expired) {
      leases.set(job.jobId, job.lease!);
      const w = this.worker(job.lease!.worker);
      w.timedOut++;
      touched.push(w);
      job.retries++;
      this.track(job.lease!.worker, job.jobId, false);
      job.lease = null;
      job.status = job.retries > this.options.maxRetries ? "failed" : "queued";
    }
    await this.store.commit(() => {
      for (const job of expired) this.store.jobs.put(job.jobId, job);
      for (const w of touched) this.store.workers.put(w.worker, w);
    });
    for (const job of expired) {
      this.counters.timedOut++;
      this.emit("expired", job, leases.get(job.jobId)!);
      if (job.status === "failed") {
        this.counters.failed++;
        this.emit("failed", job);
      } else {
        this.counters.retried++;
        this.queue.unshift(job.jobId);
      }
    }
    this.sortQueue();
    this.emit("queued");
    return expired;
  }

  /** Puts failed jobs back in the queue with fresh retries (an operator's `retry`, or a late result path). */
  async requeueFailed(record: string): Promise<number> {
    const failed = this.jobsOf(record).filter((j) => j.status === "failed");
    for (const job of failed) {
      job.status = "queued";
      job.retries = 0;
    }
    await this.store.commit(() => failed.forEach((j) => this.store.jobs.put(j.jobId, j)));
    this.queue.push(...failed.map((j) => j.jobId));
    this.sortQueue();
    if (failed.length > 0) this.emit("queued");
    return failed.length;
  }

  /**
   * Checks that `worker` may send a result for `jobId` now, and marks the job as being verified (call
   * {@link settleVerification} after). A result is taken under a live lease, or late from a worker that held a lease on
   * the job while the job is still open.
   *
   * @throws UnknownJob, AlreadyDone, NotYourJob (as PROTOCOL.md says).
   */
  beginSubmission(worker: string, jobId: string, chunkId: number): JobRecord {
    const job = this.jobs.get(jobId);
    if (job === undefined || job.chunkId !== chunkId) {
      throw jobError("UnknownJob", `no job ${jobId} with chunk ${chunkId}`, { jobId, chunkId });
    }
    if (job.status === "done") {
      this.counters.duplicates++;
      throw jobError("AlreadyDone", `job ${jobId} is already done`, { jobId, doneBy: job.doneBy });
    }
    if (!job.holders.includes(worker)) {
      throw jobError("NotYourJob", `job ${jobId} was never leased to ${worker}`, { jobId });
    }
    if (this.verifying.has(jobId)) {
      throw jobError("AlreadyDone", `a result for job ${jobId} is being verified`, { jobId });
    }
    this.verifying.add(jobId);
    return job;
  }

  /** Ends a submission's verification (whatever its verdict). */
  settleVerification(jobId: string): void {
    this.verifying.delete(jobId);
  }

  /**
   * Records an accepted result: the job is done, the result stored, the worker credited; committed before it
   * returns (the answer to the worker follows).
   */
  async accept(job: JobRecord, result: ResultRecord): Promise<void> {
    const w = this.worker(result.worker);
    const queuedAt = this.queue.indexOf(job.jobId);
    job.status = "done";
    job.doneBy = result.worker;
    if (job.lease !== null) this.track(job.lease.worker, job.jobId, false);
    job.lease = null;
    w.done++;
    if (result.provingMs !== null) w.provingMsTotal += result.provingMs;
    await this.store.commit(() => {
      this.store.jobs.put(job.jobId, job);
      this.store.results.put(job.jobId, result);
      this.store.workers.put(w.worker, w);
    });
    if (queuedAt >= 0) this.queue.splice(queuedAt, 1);
    this.counters.accepted++;
    this.emit("accepted", job, result);
  }

  /** Counts an invalid proof against a worker; suspends it when the breaker trips. */
  async recordInvalid(worker: string): Promise<void> {
    const w = this.worker(worker);
    const now = this.now();
    w.invalid++;
    w.recentInvalid = [...w.recentInvalid.filter((t) => t > now - this.options.breakerWindowMs), now];
    if (w.recentInvalid.length >= this.options.breakerThreshold) {
      w.suspendedUntil = now + this.options.breakerCooldownMs;
      w.recentInvalid = [];
    }
    this.counters.invalid++;
    await this.store.commit(() => this.store.workers.put(worker, w));
  }

  /** The next deadline of a live lease (for the expiry timer), or `null`. */
  nextDeadline(): number | null {
    let next: number | null = null;
    for (const j of this.jobs.values()) {
      if (j.status === "leased" && (next === null || j.lease!.deadline < next)) next = j.lease!.deadline;
    }
    return next;
  }
}
