// A CrowdProve community prover: registers with a job distributor, takes chunk jobs (pushed over a WebSocket, or
// polled over HTTP), proves them in worker threads, keeps each finished proof on disk and submits it signed, and
// reconnects with backoff when the JD goes away, resubmitting what it kept before it takes new work.
import { EventEmitter } from "node:events";
import { setTimeout as sleep } from "node:timers/promises";
import {
  chunkProofHash,
  errorReason,
  InvalidParameterError,
  signChunkResult,
  signWorkerRegistration,
} from "@blockage/client";
import { getAddress, type Signer } from "ethers";
import { openConnection, transportOf, type JdConnection, type Transport } from "./connection";
import { defaultDataDir, ProofStore, type KeptProof } from "./proof-store";
import {
  JD_ERROR,
  JdProtocolError,
  JdRequestError,
  JdUnreachableError,
  parseJob,
  parseJobAnswer,
  parseRegistration,
  parseStatus,
  parseSubmitAnswer,
  refusalWaitMs,
  sumReceipts,
  type Job,
  type Registration,
} from "./protocol";
import { ProverPool, ProvingError } from "./prover-pool";
import type {
  ConnectionState,
  CreateWorkerParameters,
  CurrentChunk,
  ProverWorker,
  StopOptions,
  SubmitOutcome,
  WorkerCounters,
  WorkerEvents,
  WorkerLog,
  WorkerStatus,
} from "./worker-types";

/** Reconnection delays: 250 ms doubling up to 10 s. */
export const RECONNECT_MIN_MS = 250;
export const RECONNECT_MAX_MS = 10_000;

/** A worker idle on a WebSocket waits for the JD's push; it polls anyway this rarely, in case a push got lost. */
const IDLE_PUSH_POLL_MS = 30_000;
/** Wait after an unexpected failure of `get_job` before asking again. */
const RETRY_MS = 5_000;
/** Attempts of one request refused with RateLimited or NotRegistered before the refusal is final. */
const REQUEST_ATTEMPTS = 4;
/** Longest wait of one RateLimited retry, in ms. */
const RATE_LIMIT_WAIT_MAX_MS = 10_000;

/**
 * The delay before reconnection attempt `attempt` (0-based): 250 ms doubling to 10 s, with jitter (half of it
 * random), so that workers that lost the same JD do not all come back in the same millisecond.
 *
 * @param attempt - Attempts already made.
 * @param random - A number in [0, 1).
 * @returns Milliseconds.
 */
export function reconnectDelayMs(attempt: number, random: number = Math.random()): number {
  const ceiling = Math.min(RECONNECT_MAX_MS, RECONNECT_MIN_MS * 2 ** Math.min(attempt, 16));
  return Math.round(ceiling / 2 + (ceiling / 2) * random);
}

interface Held {
  job: Job;
  /** The JD and chain the lease is from (a kept proof is only ever submitted there). */
  jd: string;
  chainId: bigint;
  state: CurrentChunk["state"];
  since: number;
  /** Aborts the job while it waits for a thread. */
  cancel: AbortController;
  /** Settles when the job is over (submitted, kept or handed back); never rejects. */
  done: Promise<void>;
}

const COUNTER_OF: Partial<Record<number, keyof WorkerCounters>> = {
  [JD_ERROR.AlreadyDone]: "alreadyDone",
  [JD_ERROR.UnknownJob]: "unknownJob",
  [JD_ERROR.InvalidProof]: "invalidProof",
  [JD_ERROR.LeaseExpired]: "leaseExpired",
  [JD_ERROR.NotYourJob]: "notYourJob",
  [JD_ERROR.RateLimited]: "rateLimited",
  [JD_ERROR.JobFailed]: "jobFailed",
  [JD_ERROR.NotRegistered]: "notRegistered",
};

/** Refusals after which a kept proof can never be accepted: it is deleted. */
const FINAL_REFUSALS = new Set<number>([JD_ERROR.AlreadyDone, JD_ERROR.UnknownJob, JD_ERROR.InvalidProof]);

const sameAddress = (a: string, b: string) => a.toLowerCase() === b.toLowerCase();
const chunkOf = (job: Job) => ({ jobId: job.jobId, epoch: job.epoch, chunkId: job.chunkId });

class CrowdProveWorker implements ProverWorker {
  private readonly emitter = new EventEmitter();
  private readonly signer: Signer;
  private readonly jdUrl: string;
  private readonly transport: Transport;
  private readonly concurrency: number;
  private readonly log: WorkerLog;
  private readonly requestTimeoutMs: number;
  private readonly receiptsPollMs: number;
  private readonly dataDir: string | undefined;

  private address: string | null = null;
  private store: ProofStore | null = null;
  private pool: ProverPool | null = null;
  private conn: JdConnection | null = null;
  private jd: { jd: string; chainId: bigint } | null = null;
  private session: Registration | null = null;
  private registering: Promise<Registration> | null = null;
  private state: ConnectionState = "idle";

  private readonly held = new Map<string, Held>();
  private readonly kept = new Map<string, KeptProof>();
  private readonly submitting = new Set<string>();
  private readonly releases: Promise<void>[] = [];
  private filling = false;
  private suspendedUntil: number | null = null;

  private started = false;
  private lifecycle: Promise<void> | null = null;
  /** Resubmission of the kept proofs and the first job requests after a registration. */
  private registered: Promise<void> = Promise.resolve();
  private stopping: Promise<void> | null = null;
  private handingBack = false;
  private readonly halt = new AbortController();
  private pollTimer: NodeJS.Timeout | null = null;
  private heartbeatTimer: NodeJS.Timeout | null = null;
  private receiptsTimer: NodeJS.Timeout | null = null;

  private jobsDone = 0;
  private provingTotalMs = 0;
  private lastProvingMs: number | null = null;
  private earnings: bigint | null = null;
  private readonly counters: WorkerCounters = {
    proven: 0,
    accepted: 0,
    resubmitted: 0,
    alreadyDone: 0,
    unknownJob: 0,
    invalidProof: 0,
    leaseExpired: 0,
    notYourJob: 0,
    suspended: 0,
    rateLimited: 0,
    jobFailed: 0,
    notRegistered: 0,
    released: 0,
    provingFailed: 0,
    reconnects: 0,
  };

  constructor(params: CreateWorkerParameters) {
    if (params === null || typeof params !== "object") throw new InvalidParameterError("params must be an object");
    if (typeof params.jdUrl !== "string") throw new InvalidParameterError("jdUrl must be a string");
    try {
      this.transport = transportOf(params.jdUrl);
    } catch (error) {
      throw new InvalidParameterError(`invalid jdUrl: ${(error as Error).message}`);
    }
    const concurrency = params.concurrency ?? 1;
    if (!Number.isSafeInteger(concurrency) || concurrency < 1) {
      throw new InvalidParameterError(`concurrency must be a positive integer, got ${String(concurrency)}`);
    }
    if (typeof params.signer?.signTypedData !== "function") {
      throw new InvalidParameterError("signer must be an ethers Signer");
    }
    this.jdUrl = params.jdUrl;
    this.signer = params.signer;
    this.concurrency = concurrency;
    this.dataDir = params.dataDir;
    this.log = params.log ?? (() => undefined);
    this.requestTimeoutMs = params.requestTimeoutMs ?? 30_000;
    this.receiptsPollMs = params.receiptsPollMs ?? 15_000;
  }

  on<E extends keyof WorkerEvents>(event: E, listener: (...args: WorkerEvents[E]) => void): this {
    this.emitter.on(event, listener as (...args: unknown[]) => void);
    return this;
  }

  off<E extends keyof WorkerEvents>(event: E, listener: (...args: WorkerEvents[E]) => void): this {
    this.emitter.off(event, listener as (...args: unknown[]) => void);
    return this;
  }

  private emit<E extends keyof WorkerEvents>(event: E, ...args: WorkerEvents[E]): void {
    try {
      this.emitter.emit(event, ...args);
    } catch (error) {
      // A listener's bug must not break the worker.
      this.log("error", `a "${event}" listener threw: ${(error as Error)?.message ?? String(error)}`);
    }
  }

  private warn(message: string): void {
    this.log("warn", message);
    this.emit("warning", message);
  }

  private setState(state: ConnectionState): void {
    if (this.state === state) return;
    this.state = state;
    this.log("debug", `connection: ${state}`);
    this.emit("connection", state);
  }

  // ---------------------------------------------------------------------------------------------------------------
  // Lifecycle
  // ---------------------------------------------------------------------------------------------------------------

  async start(): Promise<void> {
    if (this.started) throw new InvalidParameterError("the worker was already started");
    this.started = true;
    this.address = getAddress(await this.signer.getAddress());
    this.store = new ProofStore(this.dataDir ?? defaultDataDir(this.address));
    await this.store.open();
    for (const kept of await this.store.list((file) => this.warn(`skipping an unreadable kept proof: ${file}`))) {
      this.kept.set(kept.jobId, kept);
    }
    if (this.kept.size > 0) this.log("info", `${this.kept.size} kept proof(s) in ${this.store.dir}`);
    this.setState("connecting");
    try {
      await this.connect();
    } catch (error) {
      this.setState("stopped");
      throw error;
    }
    if (this.halt.signal.aborted) {
      // stop() came while connecting: it found nothing to close yet.
      this.conn?.close();
      this.conn = null;
      this.session = null;
      await this.stopping;
      this.setState("stopped");
      return;
    }
    this.pool ??= new ProverPool(this.concurrency);
    this.lifecycle = this.serve().catch((error: unknown) => {
      this.log("error", `the connection loop failed: ${(error as Error)?.message ?? String(error)}`);
    });
  }

  stop(options: StopOptions = {}): Promise<void> {
    // Never started, or start() failed: nothing runs.
    if (this.stopping === null && (!this.started || this.state === "stopped")) return Promise.resolve();
    this.stopping ??= this.shutdown();
    if (options.handBack) this.handBackRunning();
    return this.stopping;
  }

  /** Opens a connection, learns the JD's address and chain, and registers. */
  private async connect(): Promise<void> {
    const conn = await openConnection({
      url: this.jdUrl,
      timeoutMs: this.requestTimeoutMs,
      onJob: (params) => this.onPush(params),
    });
    try {
      const jd = parseStatus(await conn.request("get_status", {}));
      if (this.jd !== null && (!sameAddress(this.jd.jd, jd.jd) || this.jd.chainId !== jd.chainId)) {
        this.warn(`the job distributor at ${this.jdUrl} is now ${jd.jd} on chain ${jd.chainId}`);
      }
      this.jd = jd;
      this.conn = conn;
      await this.register();
    } catch (error) {
      conn.close();
      if (this.conn === conn) this.conn = null;
      throw error;
    }
  }

  /** Holds the connection; when it is lost, reconnects with backoff until stopped. */
  private async serve(): Promise<void> {
    const halted = new Promise<void>((resolve) => this.halt.signal.addEventListener("abort", () => resolve()));
    while (this.stopping === null) {
      const conn = this.conn!;
      this.setState("registered");
      this.startTimers();
      this.registered = this.afterRegistration().catch((error: unknown) => {
        this.warn(`resubmitting kept proofs failed: ${errorReason(error)}`);
      });
      const lost = await Promise.race([conn.lost, halted]);
      this.stopTimers();
      if (this.stopping !== null) return;
      this.warn(`lost the job distributor: ${lost!.shortMessage}; reconnecting`);
      this.conn = null;
      this.session = null;
      conn.close();
      for (let attempt = 0; this.conn === null; attempt++) {
        this.setState("disconnected");
        await sleep(reconnectDelayMs(attempt), undefined, { signal: this.halt.signal }).catch(() => undefined);
        if (this.stopping !== null) return;
        this.setState("connecting");
        try {
          await this.connect();
          this.counters.reconnects++;
        } catch (error) {
          this.log("info", `reconnection failed: ${errorReason(error)}`);
        }
      }
    }
  }

  private async afterRegistration(): Promise<void> {
    await this.resubmitKept();
    await this.fill();
    await this.pollReceipts();
  }

  private startTimers(): void {
    const session = this.session!;
    this.heartbeatTimer = setInterval(() => void this.heartbeat(), session.heartbeatMs);
    this.receiptsTimer = setInterval(() => void this.pollReceipts(), this.receiptsPollMs);
    this.receiptsTimer.unref();
  }

  private stopTimers(): void {
    if (this.heartbeatTimer) clearInterval(this.heartbeatTimer);
    if (this.receiptsTimer) clearInterval(this.receiptsTimer);
    if (this.pollTimer) clearTimeout(this.pollTimer);
    this.heartbeatTimer = this.receiptsTimer = this.pollTimer = null;
  }

  private async shutdown(): Promise<void> {
    this.setState("stopping");
    this.halt.abort();
    if (this.pollTimer) clearTimeout(this.pollTimer);
    this.pollTimer = null;
    // Jobs no thread has started go back at once; running proofs finish (and are submitted) unless handed back.
    for (const held of [...this.held.values()]) if (held.state === "queued") this.handBack(held, "stopping");
    await Promise.all([...this.held.values()].map((held) => held.done));
    if (!this.handingBack) await this.registered;
    while (this.releases.length > 0) await Promise.all(this.releases.splice(0));
    await this.lifecycle;
    this.stopTimers();
    this.conn?.close();
    this.conn = null;
    this.session = null;
    await this.pool?.close();
    this.setState("stopped");
  }

  /** Hands back every lease that is not proven yet, abandoning the running proofs. */
  private handBackRunning(): void {
    if (this.handingBack) return;
    this.handingBack = true;
    for (const held of [...this.held.values()]) if (held.state !== "submitting") this.handBack(held, "handed back");
    void this.pool?.close();
  }

  private handBack(held: Held, reason: string): void {
    held.cancel.abort();
    this.held.delete(held.job.jobId);
    this.releases.push(this.release(held.job, reason));
  }

  // ---------------------------------------------------------------------------------------------------------------
  // Requests
  // ---------------------------------------------------------------------------------------------------------------

  /** Registers on the current connection (one registration at a time). */
  private register(): Promise<Registration> {
    this.registering ??= (async () => {
      const conn = this.conn;
      const jd = this.jd;
      if (conn === null || jd === null) throw new JdUnreachableError("not connected to the job distributor");
      const { registration, signature } = await signWorkerRegistration(this.signer, jd);
      const answer = await conn.request("register_worker", {
        registration: { ...registration, expiresAt: Number(registration.expiresAt) },
        signature,
      });
      const session = parseRegistration(answer);
      if (!sameAddress(session.worker, this.address!) || !sameAddress(session.jd, jd.jd)) {
        throw new JdProtocolError(
          `the job distributor registered worker ${session.worker} at ${session.jd}, not ${this.address} at ${jd.jd}`,
        );
      }
      if (this.conn === conn) {
        this.session = session;
        if (this.stopping === null) this.setState("registered");
      }
      this.log(
        "info",
        `registered with ${session.jd} (chain ${session.chainId}): maxInFlight ${session.maxInFlight}, ` +
          `heartbeat ${session.heartbeatMs} ms, lease ${session.leaseMs} ms`,
      );
      this.emit("registered", session);
      return session;
    })().finally(() => (this.registering = null));
    return this.registering;
  }

  /**
   * Calls a session method on the current connection: re-registers and retries on NotRegistered, waits and retries
   * on RateLimited.
   */
  private async call(method: string, params: object, withSession = true): Promise<unknown> {
    for (let attempt = 1; ; attempt++) {
      const conn = this.conn;
      if (conn === null) throw new JdUnreachableError("not connected to the job distributor");
      const session = withSession ? (this.session ?? (await this.register())) : null;
      try {
        return await conn.request(method, session ? { ...params, sessionId: session.sessionId } : params);
      } catch (error) {
        if (!(error instanceof JdRequestError) || attempt >= REQUEST_ATTEMPTS) throw error;
        if (error.rpcCode === JD_ERROR.NotRegistered && withSession) {
          this.counters.notRegistered++;
          this.log("info", `${method}: not registered, registering again`);
          if (this.session === session) this.session = null;
        } else if (error.rpcCode === JD_ERROR.RateLimited) {
          this.counters.rateLimited++;
          await sleep(Math.min(RATE_LIMIT_WAIT_MAX_MS, refusalWaitMs(error, Date.now(), 1000)));
        } else {
          throw error;
        }
      }
    }
  }

  private async heartbeat(): Promise<void> {
    if (this.held.size === 0 || this.conn === null) return;
    try {
      const answer = (await this.call("heartbeat", {})) as { leases?: { jobId?: unknown; deadline?: unknown }[] };
      for (const lease of Array.isArray(answer?.leases) ? answer.leases : []) {
        const held = typeof lease?.jobId === "string" ? this.held.get(lease.jobId) : undefined;
        if (held && typeof lease.deadline === "number") held.job = { ...held.job, deadline: lease.deadline };
      }
    } catch (error) {
      this.log("debug", `heartbeat failed: ${errorReason(error)}`);
    }
  }

  private async pollReceipts(): Promise<void> {
    if (this.conn === null || this.address === null) return;
    try {
      const earnings = sumReceipts(await this.call("get_receipts", { worker: this.address }, false));
      if (earnings !== this.earnings) {
        this.earnings = earnings;
        this.emit("earnings", earnings);
      }
    } catch (error) {
      this.log("debug", `get_receipts failed: ${errorReason(error)}`);
    }
  }

  private async release(job: Pick<Job, "jobId" | "leaseId"> & Partial<Job>, reason: string): Promise<void> {
    this.counters.released++;
    this.log("info", `handing back job ${job.jobId} (${reason})`);
    this.emit("released", { jobId: job.jobId, epoch: job.epoch, chunkId: job.chunkId, reason });
    try {
      await this.call("release_job", { jobId: job.jobId, leaseId: job.leaseId });
    } catch (error) {
      this.log("info", `release_job ${job.jobId} failed (the lease will expire): ${errorReason(error)}`);
    }
  }

  // ---------------------------------------------------------------------------------------------------------------
  // Jobs
  // ---------------------------------------------------------------------------------------------------------------

  /** Jobs held at once: one per thread, and no more than the JD allows. */
  private capacity(): number {
    return Math.min(this.concurrency, this.session?.maxInFlight ?? this.concurrency);
  }

  private canAskForJobs(): boolean {
    return this.stopping === null && this.session !== null && this.conn !== null;
  }

  private onPush(params: unknown): void {
    const take = () => {
      this.takeReceived(params, "push");
      void this.fill();
    };
    // A push can overtake the answer to register_worker (both in one read from the socket): the lease is taken
    // once the session it belongs to is known.
    if (this.registering !== null) void this.registering.then(take, take);
    else take();
  }

  /** Asks for jobs until every slot is taken or the JD has none. */
  private async fill(): Promise<void> {
    if (this.filling || !this.canAskForJobs()) return;
    const until = this.suspendedUntil;
    if (until !== null) {
      if (until > Date.now()) {
        if (this.pollTimer === null) this.schedulePoll(until - Date.now());
        return;
      }
      // The suspension is over: what it refused is submitted again.
      this.suspendedUntil = null;
      void this.resubmitKept();
    }
    this.filling = true;
    if (this.pollTimer) clearTimeout(this.pollTimer);
    this.pollTimer = null;
    try {
      while (this.canAskForJobs() && this.held.size < this.capacity()) {
        const { job, retryAfterMs } = parseJobAnswer(await this.call("get_job", {}));
        if (job === null || !this.takeReceived(job, "get_job")) {
          // Over a WebSocket an idle worker gets the next job pushed; one with a lease polls for its free slots.
          const idleOnPush = this.transport === "ws" && this.held.size === 0;
          this.schedulePoll(idleOnPush ? Math.max(IDLE_PUSH_POLL_MS, retryAfterMs) : retryAfterMs);
          return;
        }
      }
    } catch (error) {
      if (error instanceof JdUnreachableError) return; // the connection loop takes over
      if (error instanceof JdRequestError && error.rpcCode === JD_ERROR.Suspended) {
        this.suspend(error);
      } else {
        this.warn(`get_job failed: ${errorReason(error)}`);
        this.schedulePoll(RETRY_MS);
      }
    } finally {
      this.filling = false;
    }
  }

  private schedulePoll(ms: number): void {
    if (this.stopping !== null) return;
    if (this.pollTimer) clearTimeout(this.pollTimer);
    this.pollTimer = setTimeout(() => {
      this.pollTimer = null;
      void this.fill();
    }, ms);
  }

  private suspend(error: JdRequestError): void {
    this.counters.suspended++;
    const waitMs = refusalWaitMs(error, Date.now(), RETRY_MS);
    this.suspendedUntil = Date.now() + waitMs;
    this.warn(`the job distributor suspended this worker for ${Math.ceil(waitMs / 1000)} s`);
    this.schedulePoll(waitMs);
  }

  /**
   * Takes a job as the JD sent it: checked first, and a malformed one (whose lease is ours all the same) is handed
   * back when it at least names its job and lease.
   *
   * @returns Whether it was a job.
   */
  private takeReceived(value: unknown, source: WorkerEvents["job"][1]): boolean {
    let job: Job;
    try {
      job = parseJob(value);
    } catch (error) {
      this.warn(`a malformed job from ${source}: ${errorReason(error)}`);
      const { jobId, leaseId } = (value ?? {}) as { jobId?: unknown; leaseId?: unknown };
      if (typeof jobId === "string" && typeof leaseId === "string") {
        this.releases.push(this.release({ jobId, leaseId }, "malformed job"));
      }
      return false;
    }
    this.take(job, source);
    return true;
  }

  /** Takes a lease: proves the job, or hands it back when the worker is full or stopping. */
  private take(job: Job, source: WorkerEvents["job"][1]): void {
    const already = this.held.get(job.jobId);
    if (already !== undefined) {
      // Leased to this worker again (a JD that lost track of the lease): the result goes under the new lease.
      already.job = { ...already.job, leaseId: job.leaseId, deadline: job.deadline };
      return;
    }
    const jd = this.jd!;
    if (this.stopping !== null || this.held.size >= this.capacity()) {
      this.emit("job", job, source);
      this.releases.push(this.release(job, this.stopping !== null ? "stopping" : "no free thread"));
      return;
    }
    const held: Held = {
      job,
      jd: jd.jd,
      chainId: jd.chainId,
      state: "queued",
      since: Date.now(),
      cancel: new AbortController(),
      done: Promise.resolve(),
    };
    this.held.set(job.jobId, held);
    this.log("info", `job ${job.jobId} (epoch ${job.epoch}, chunk ${job.chunkId}) from ${source}`);
    this.emit("job", job, source);
    held.done = this.run(held);
  }

  private async run(held: Held): Promise<void> {
    const { job } = held;
    const mine = () => this.held.get(job.jobId) === held;
    try {
      let kept = this.kept.get(job.jobId);
      // A job proven before (the JD lost the result and leased the job again) is not proven twice.
      const provenBefore = kept !== undefined && sameAddress(kept.jd, held.jd) && kept.chainId === String(held.chainId);
      if (kept === undefined || !provenBefore) {
        this.pool ??= new ProverPool(this.concurrency);
        const { chunk, provingMs } = await this.pool.prove(job.witnessData, {
          signal: held.cancel.signal,
          onStart: () => {
            held.state = "proving";
            held.since = Date.now();
            this.emit("proving", this.current(held));
          },
        });
        if (!mine()) return;
        this.counters.proven++;
        this.lastProvingMs = provingMs;
        this.provingTotalMs += provingMs;
        kept = {
          jd: held.jd,
          chainId: String(held.chainId),
          jobId: job.jobId,
          chunkId: job.chunkId,
          epoch: job.epoch,
          leaseId: job.leaseId,
          proof: chunk.proof,
          publicSignals: [...chunk.publicSignals],
          provingMs,
          provenAt: Date.now(),
        };
        await this.keep(kept);
        this.emit("proven", { ...chunkOf(job), provingMs });
      }
      if (kept.leaseId !== held.job.leaseId) {
        kept = { ...kept, leaseId: held.job.leaseId };
        await this.keep(kept);
      }
      held.state = "submitting";
      held.since = Date.now();
      const next = await this.submit(kept, false);
      this.held.delete(job.jobId);
      if (next !== null) this.takeReceived(next, "nextJob");
    } catch (error) {
      if (!mine()) return; // handed back meanwhile
      this.held.delete(job.jobId);
      if (error instanceof ProvingError) this.counters.provingFailed++;
      this.warn(`job ${job.jobId} failed: ${errorReason(error)}`);
      this.releases.push(this.release(job, "proving failed"));
    } finally {
      void this.fill();
    }
  }

  private async keep(kept: KeptProof): Promise<void> {
    this.kept.set(kept.jobId, kept);
    try {
      await this.store!.save(kept);
    } catch (error) {
      // Submitting still beats throwing the proof away; it just would not survive a restart.
      this.warn(`could not keep the proof of job ${kept.jobId} on disk: ${errorReason(error)}`);
    }
  }

  private async forget(jobId: string): Promise<void> {
    this.kept.delete(jobId);
    try {
      await this.store!.remove(jobId);
    } catch (error) {
      this.warn(`could not delete the kept proof of job ${jobId}: ${errorReason(error)}`);
    }
  }

  /** Submits every kept proof of this JD that no job is submitting, oldest first. */
  private async resubmitKept(): Promise<void> {
    for (const kept of [...this.kept.values()]) {
      // A suspension refuses results too: fill() resubmits once it is over.
      if (this.handingBack || this.conn === null || this.suspendedUntil !== null) return;
      if (this.held.has(kept.jobId) || !this.kept.has(kept.jobId)) continue;
      const next = await this.submit(kept, true);
      if (next !== null) this.takeReceived(next, "nextJob");
    }
  }

  /**
   * Signs and submits a kept proof. Never throws: the outcome is counted, and the proof deleted once the JD has
   * accepted it or said that it never will.
   *
   * @returns The next job the JD handed over with its answer, as received (`null` for none).
   */
  private async submit(kept: KeptProof, resubmitted: boolean): Promise<unknown> {
    const jd = this.jd;
    if (this.submitting.has(kept.jobId) || this.conn === null || jd === null) return null;
    if (!sameAddress(jd.jd, kept.jd) || String(jd.chainId) !== kept.chainId) return null;
    this.submitting.add(kept.jobId);
    if (resubmitted) this.counters.resubmitted++;
    let outcome: SubmitOutcome = "error";
    try {
      const proofHash = chunkProofHash({ proof: kept.proof, publicSignals: kept.publicSignals });
      const signature = await signChunkResult(this.signer, {
        chainId: kept.chainId,
        result: { jd: kept.jd, worker: this.address!, jobId: kept.jobId, chunkId: BigInt(kept.chunkId), proofHash },
      });
      const answer = parseSubmitAnswer(
        await this.call("submit_result", {
          jobId: kept.jobId,
          chunkId: kept.chunkId,
          leaseId: kept.leaseId,
          proof: kept.proof,
          publicInputs: kept.publicSignals,
          signature,
        }),
      );
      if (!answer.accepted) {
        outcome = "refused";
        this.warn(`the job distributor did not accept job ${kept.jobId}; the proof is kept`);
        return answer.nextJob;
      }
      await this.forget(kept.jobId);
      outcome = "accepted";
      this.counters.accepted++;
      this.jobsDone++;
      return answer.nextJob;
    } catch (error) {
      if (error instanceof JdRequestError) {
        outcome = error.codeName ?? `error ${error.rpcCode}`;
        const counter = COUNTER_OF[error.rpcCode];
        if (counter) this.counters[counter]++;
        if (FINAL_REFUSALS.has(error.rpcCode)) await this.forget(kept.jobId);
        if (error.rpcCode === JD_ERROR.Suspended) this.suspend(error);
        const level = error.rpcCode === JD_ERROR.AlreadyDone ? "info" : "warn";
        const message = `job ${kept.jobId}: ${error.shortMessage}`;
        if (level === "warn") this.warn(message);
        else this.log(level, message);
      } else if (error instanceof JdUnreachableError) {
        outcome = "unreachable";
        this.log("info", `job ${kept.jobId}: no answer, the proof is kept for resubmission`);
      } else {
        this.warn(`submitting job ${kept.jobId} failed: ${errorReason(error)}`);
      }
      return null;
    } finally {
      this.submitting.delete(kept.jobId);
      this.emit("submitted", {
        jobId: kept.jobId,
        epoch: kept.epoch,
        chunkId: kept.chunkId,
        outcome,
        resubmitted,
      });
    }
  }

  // ---------------------------------------------------------------------------------------------------------------
  // Status
  // ---------------------------------------------------------------------------------------------------------------

  private current(held: Held): CurrentChunk {
    const { jobId, epoch, chunkId, deadline } = held.job;
    return { jobId, epoch, chunkId, state: held.state, since: held.since, deadline };
  }

  status(): WorkerStatus {
    const session = this.session;
    return {
      worker: this.address,
      jdUrl: this.jdUrl,
      jd: this.jd?.jd ?? null,
      chainId: this.jd?.chainId ?? null,
      connection: this.state,
      limits: session
        ? { maxInFlight: session.maxInFlight, heartbeatMs: session.heartbeatMs, leaseMs: session.leaseMs }
        : null,
      jobsDone: this.jobsDone,
      current: [...this.held.values()].map((held) => this.current(held)),
      lastProvingMs: this.lastProvingMs,
      meanProvingMs: this.counters.proven === 0 ? null : this.provingTotalMs / this.counters.proven,
      earnings: this.earnings,
      keptProofs: this.kept.size,
      suspendedUntil: this.suspendedUntil !== null && this.suspendedUntil > Date.now() ? this.suspendedUntil : null,
      counters: { ...this.counters },
    };
  }
}

/**
 * Creates a CrowdProve worker for a job distributor. Nothing happens until `start()`.
 *
 * @param params - The JD's URL, the signing key, the number of proving threads, where proofs are kept.
 * @returns The worker.
 * @throws {InvalidParameterError} For a URL that is not ws(s):// or http(s)://, a concurrency that is not a positive
 *   integer, or a signer that cannot sign typed data.
 * @example
 * const worker = createWorker({ jdUrl: "ws://127.0.0.1:8700", signer: new Wallet(key), concurrency: 2 });
 * worker.on("submitted", (r) => console.log(r.jobId, r.outcome));
 * await worker.start();
 * process.once("SIGINT", () => void worker.stop());
 */
export function createWorker(params: CreateWorkerParameters): ProverWorker {
  return new CrowdProveWorker(params);
}
