// The job protocol's methods (PROTOCOL.md) over the JD's board, sessions, verifier pool and store.
import { JSONRPCServer, JSONRPCErrorException, createJSONRPCErrorResponse } from "json-rpc-2.0";
import { RPC_ERRORS, jobError } from "./errors";
import type { JobAssignment, JobBoard } from "./job-board";
import type { JdMetrics } from "./metrics";
import {
  addressField,
  integerField,
  optionalString,
  paramsObject,
  proofField,
  publicInputsField,
  stringField,
  uintField,
} from "./params";
import type { CallContext, SocketState } from "./rpc-server";
import type { Session, Sessions } from "./sessions";
import { epochKey, type JobStore, type ResultRecord } from "./store";
import type { VerifierPool } from "./verifier-pool";

/** What the methods work on. */
export interface MethodDeps {
  jd: string;
  chainId: bigint;
  board: JobBoard;
  sessions: Sessions;
  store: JobStore;
  verifier: VerifierPool;
  metrics: JdMetrics;
  /** How long a worker that finds no job should wait before asking again (ms). */
  pollMs: number;
  heartbeatMs: number;
  status: () => Record<string, unknown>;
  log: (level: "info" | "warn" | "error", message: string) => void;
  now: () => number;
}

/** The job methods, plus the WebSocket pushes of jobs to idle workers (least recently served first). */
export class JobMethods {
  readonly rpc: JSONRPCServer<CallContext>;
  /** Registered WebSocket connections, by worker. */
  private readonly sockets = new Map<string, Set<SocketState>>();
  /** Workers polling for jobs (HTTP or WebSocket `get_job`) and when they last asked. */
  private readonly waiting = new Map<string, number>();
  private dispatching = false;

  constructor(private readonly d: MethodDeps) {
    this.rpc = new JSONRPCServer<CallContext>({
      errorListener: (message, data) => {
        if (!(data instanceof JSONRPCErrorException))
          d.log("error", `${message} ${String((data as Error)?.stack ?? data)}`);
      },
    });
    this.rpc.mapErrorToJSONRPCErrorResponse = (id, error) =>
      error instanceof JSONRPCErrorException
        ? createJSONRPCErrorResponse(id, error.code, error.message, error.data)
        : createJSONRPCErrorResponse(id, RPC_ERRORS.InternalError, "Internal error");
    const add = (name: string, fn: (p: Record<string, unknown>, c: CallContext) => unknown) =>
      this.rpc.addMethod(name, async (params, context) => {
        d.metrics.rpcCalls.inc({ method: name });
        return fn(paramsObject(params), context);
      });
    add("register_worker", (p, c) => this.register(p, c));
    add("get_job", (p, c) => this.getJob(p, c));
    add("submit_result", (p, c) => this.submitResult(p, c));
    add("heartbeat", (p, c) => this.heartbeat(p, c));
    add("release_job", (p, c) => this.releaseJob(p, c));
    add("get_receipts", (p) => this.getReceipts(p));
    add("get_status", () => d.status());
    d.board.on("queued", () => void this.dispatch());
  }

  private session(p: Record<string, unknown>, c: CallContext): Session {
    return this.d.sessions.get(p.sessionId ?? c.socket?.sessionId);
  }

  private async register(p: Record<string, unknown>, c: CallContext) {
    const session = await this.d.sessions.register(p);
    if (c.socket !== undefined) {
      c.socket.sessionId = session.sessionId;
      let set = this.sockets.get(session.worker);
      if (set === undefined) this.sockets.set(session.worker, (set = new Set()));
      set.add(c.socket);
    }
    this.d.log("info", `worker ${session.worker} registered over ${c.transport}`);
    const { leaseMs, maxInFlight } = this.d.board.options;
    setImmediate(() => void this.dispatch());
    return {
      sessionId: session.sessionId,
      worker: session.worker,
      jd: this.d.jd,
      chainId: this.d.chainId.toString(),
      leaseMs,
      heartbeatMs: this.d.heartbeatMs,
      maxInFlight,
    };
  }

  /** A WebSocket connection closed: it no longer receives pushes. */
  socketClosed(socket: SocketState): void {
    for (const set of this.sockets.values()) set.delete(socket);
  }

  /** Whether a worker is connected (an open WebSocket, or a poll within the last few poll intervals). */
  connected(worker: string): boolean {
    const open = [...(this.sockets.get(worker) ?? [])].some((s) => s.open);
    return open || this.d.now() - (this.waiting.get(worker) ?? 0) < 4 * this.d.pollMs;
  }

  /**
   * Least-recently-served: a worker asking for a job gets one unless other idle workers, served less recently, are
   * waiting for the few jobs there are.
   */
  private async assignTo(worker: string): Promise<JobAssignment | null> {
    const { board } = this.d;
    if (board.queuedCount === 0 || !board.canTake(worker)) return null;
    const mine = board.worker(worker).lastServedAt;
    let before = 0;
    for (const other of this.idleWorkers()) {
      if (other !== worker && board.worker(other).lastServedAt < mine) before++;
    }
    if (board.queuedCount <= before) {
      // The jobs go to those workers: push them to the ones on a WebSocket (pollers ask again soon).
      setImmediate(() => void this.dispatch());
      return null;
    }
    return board.lease(worker);
  }

  /** Workers without a lease that are waiting for work (an open WebSocket, or a recent poll). */
  private idleWorkers(): string[] {
    const now = this.d.now();
    const idle = new Set<string>();
    for (const [worker, at] of this.waiting) if (now - at < 2 * this.d.pollMs) idle.add(worker);
    for (const [worker, set] of this.sockets) if ([...set].some((s) => s.open)) idle.add(worker);
    return [...idle].filter((w) => this.d.board.leasesOf(w).length === 0 && this.d.board.canTake(w));
  }

  /** Pushes queued jobs to idle WebSocket workers, least recently served first. */
  async dispatch(): Promise<void> {
    if (this.dispatching) return;
    this.dispatching = true;
    try {
      const { board } = this.d;
      while (board.queuedCount > 0) {
        const idle = [...this.sockets.keys()]
          .filter((w) => [...this.sockets.get(w)!].some((s) => s.open && s.sessionId !== undefined))
          .filter((w) => board.leasesOf(w).length === 0 && board.canTake(w))
          .sort((a, b) => board.worker(a).lastServedAt - board.worker(b).lastServedAt);
        const worker = idle[0];
        if (worker === undefined) break;
        const job = await board.lease(worker);
        if (job === null) break;
        const socket = [...this.sockets.get(worker)!].find((s) => s.open);
        socket?.notify("job", job);
      }
    } finally {
      this.dispatching = false;
    }
  }

  private async getJob(p: Record<string, unknown>, c: CallContext) {
    const { worker } = this.session(p, c);
    this.d.board.checkEligible(worker);
    this.waiting.set(worker, this.d.now());
    const job = await this.assignTo(worker);
    if (job !== null) this.waiting.delete(worker);
    return { job, retryAfterMs: job === null ? this.d.pollMs : 0 };
  }

  private async heartbeat(p: Record<string, unknown>, c: CallContext) {
    const { worker } = this.session(p, c);
    const leases = await this.d.board.heartbeat(worker);
    return {
      leases: leases.map(({ jobId, lease }) => ({ jobId, leaseId: lease.leaseId, deadline: lease.deadline })),
      serverTime: this.d.now(),
    };
  }

  private async releaseJob(p: Record<string, unknown>, c: CallContext) {
    const { worker } = this.session(p, c);
    const jobId = stringField(p, "jobId");
    const leaseId = stringField(p, "leaseId", 66);
    await this.d.board.release(worker, jobId, leaseId);
    return { released: true };
  }

  private async submitResult(p: Record<string, unknown>, c: CallContext) {
    const { worker } = this.session(p, c);
    const jobId = stringField(p, "jobId");
    const chunkId = integerField(p, "chunkId");
    optionalString(p, "leaseId", 66);
    const proof = proofField(p, "proof");
    const publicInputs = publicInputsField(p, "publicInputs");
    const signature = stringField(p, "signature", 200);
    const { board } = this.d;
    const job = board.beginSubmission(worker, jobId, chunkId);
    try {
      const e = job.expected;
      const expected = [e.prevState, e.newState, e.txsCommitment, e.prover];
      if (publicInputs.some((s, i) => s !== expected[i])) {
        await this.invalid(worker, jobId);
        const what = publicInputs[3] !== e.prover ? "bound to another address" : "not this job's chunk transition";
        throw jobError("InvalidProof", `the public inputs are ${what}`, { jobId, expected });
      }
      // The signature and the proof are checked in a verifier thread, the signature first.
      const verdict = await this.d.verifier.check(proof, publicInputs, {
        chainId: this.d.chainId,
        jd: this.d.jd,
        worker,
        jobId,
        chunkId,
        signature,
      });
      if (verdict.signer !== worker) {
        throw jobError(
          "InvalidSignature",
          verdict.signer === null
            ? "the result's signature is malformed"
            : `the result is signed by ${verdict.signer}, not by ${worker}`,
        );
      }
      if (!verdict.valid) {
        await this.invalid(worker, jobId);
        throw jobError("InvalidProof", "the proof does not verify", { jobId });
      }
      const lease = job.lease;
      const now = this.d.now();
      const result: ResultRecord = {
        jobId,
        epoch: job.epoch,
        chunkId,
        worker,
        proof,
        publicInputs,
        signature,
        acceptedAt: now,
        provingMs: lease !== null && lease.worker === worker ? now - lease.grantedAt : null,
      };
      await board.accept(job, result);
      this.d.metrics.accepted.inc({ worker });
      if (result.provingMs !== null) this.d.metrics.provingSeconds.observe(result.provingMs / 1000);
    } finally {
      board.settleVerification(jobId);
    }
    const nextJob = await this.assignTo(worker);
    return { accepted: true, jobId, chunkId, nextJob };
  }

  private async invalid(worker: string, jobId: string): Promise<void> {
    await this.d.board.recordInvalid(worker);
    this.d.metrics.invalid.inc({ worker });
    this.d.log("warn", `worker ${worker} sent an invalid proof for job ${jobId}`);
  }

  private getReceipts(p: Record<string, unknown>) {
    const worker = addressField(p, "worker");
    const epoch = p.epoch === undefined ? undefined : uintField(p, "epoch").toString();
    const { store } = this.d;
    const range = epoch === undefined ? {} : { start: epochKey(epoch, ""), end: epochKey(epoch, "~") };
    const receipts = [...store.receipts.getRange(range)].map((e) => e.value).filter((r) => r.worker === worker);
    const payouts = [...store.payouts.getRange(range)].map((e) => e.value).filter((r) => r.worker === worker);
    return { receipts, payouts };
  }
}
