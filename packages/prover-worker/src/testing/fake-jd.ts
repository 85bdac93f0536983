// A small job distributor for the worker's tests: PROTOCOL.md's methods over HTTP and WebSocket on one port of
// 127.0.0.1, with just enough state (a queue, leases, finished jobs) to check what a worker sends. It verifies every
// signature and proof the way a real JD must and records each violation in `problems`, which a test expects empty.
// Not the job distributor: @blockage/job-distributor is written separately from the same protocol.
import http from "node:http";
import type { AddressInfo } from "node:net";
import { TXS_PER_CHUNK, verifyChunk, type Groth16Proof } from "@blockage/circuits";
import { chunkProofHash, recoverChunkResult, recoverWorkerRegistration } from "@blockage/client";
import { getAddress, hexlify, randomBytes, Wallet } from "ethers";
import { JSONRPCErrorException, JSONRPCServer, type JSONRPCRequest } from "json-rpc-2.0";
import { WebSocketServer, type WebSocket } from "ws";
import { JD_ERROR, type Job } from "../protocol";

/** One request the fake JD received. */
export interface FakeJdCall {
  method: string;
  params: Record<string, unknown>;
  transport: "ws" | "http";
  /** Unix ms when it arrived. */
  at: number;
}

/** What survives a restart (a real JD keeps it in its database). */
export interface FakeJdState {
  queue: Job[];
  leases: Map<string, { job: Job; worker: string }>;
  done: Set<string>;
  accepted: { jobId: string; worker: string; proof: Groth16Proof; publicInputs: [string, string, string, string] }[];
  nonces: Set<string>;
}

/** Options of {@link FakeJd.start}. */
export interface FakeJdOptions {
  /** Port on 127.0.0.1 (default 0: any free port). */
  port?: number;
  /** The JD's address (default a random one). */
  jd?: string;
  chainId?: bigint;
  maxInFlight?: number;
  heartbeatMs?: number;
  leaseMs?: number;
  /** Jobs queued at start. */
  jobs?: Job[];
  /** Whether `get_job` hands out jobs (default true); when false, jobs come only by push and `nextJob`. */
  serveGetJob?: boolean;
  /** `retryAfterMs` of an empty `get_job` answer (default 200). */
  retryAfterMs?: number;
  /** State to start from (a restart). */
  state?: FakeJdState;
  /** Amount of each receipt (default 1000). */
  receiptAmount?: bigint;
  /** Errors to answer, in order, to the first calls of a method (then it answers normally); `data` may be computed. */
  refusals?: Record<string, { code: number; data?: unknown | (() => unknown) }[]>;
}

interface Context {
  socket?: WebSocket;
  transport: "ws" | "http";
}

let nextTx = 1n;

/**
 * A job of the fake JD: chunk `chunkId` of `epoch`, fresh transactions, bound to `prover`.
 *
 * @param epoch - The epoch.
 * @param chunkId - The chunk's index.
 * @param prover - The address the proof must be bound to.
 * @returns The job (its lease id and deadline are set when it is leased).
 */
export function fakeJob(epoch: number, chunkId: number, prover: string): Job {
  const txs = Array.from({ length: TXS_PER_CHUNK }, () => String(nextTx++));
  return {
    jobId: `${epoch}:${chunkId}`,
    chunkId,
    epoch: String(epoch),
    leaseId: "",
    deadline: 0,
    witnessData: { prevState: String(1000 + chunkId), txs, prover },
  };
}

/** A fake job distributor on 127.0.0.1. */
export class FakeJd {
  readonly calls: FakeJdCall[] = [];
  /** Everything the worker sent that a JD must refuse. */
  readonly problems: string[] = [];
  readonly state: FakeJdState;
  readonly jd: string;
  readonly chainId: bigint;
  // Refusals are answers, not errors to log.
  private readonly rpc = new JSONRPCServer<Context>({ errorListener: () => undefined });
  private readonly sessions = new Map<string, { worker: string; socket?: WebSocket }>();
  private readonly sockets = new Set<WebSocket>();
  private port = 0;

  private constructor(
    private readonly options: FakeJdOptions,
    private readonly server: http.Server,
    private readonly wss: WebSocketServer,
  ) {
    this.jd = getAddress(options.jd ?? Wallet.createRandom().address);
    this.chainId = options.chainId ?? 31337n;
    this.state = options.state ?? {
      queue: [...(options.jobs ?? [])],
      leases: new Map(),
      done: new Set(),
      accepted: [],
      nonces: new Set(),
    };
    this.addMethods();
  }

  /**
   * Starts a fake JD.
   *
   * @param options - Port, limits, jobs, state.
   * @returns The running JD.
   */
  static async start(options: FakeJdOptions = {}): Promise<FakeJd> {
    const server = http.createServer();
    const wss = new WebSocketServer({ server });
    const jd = new FakeJd(options, server, wss);
    server.on("request", (request, response) => jd.onHttp(request, response));
    wss.on("connection", (socket) => jd.onSocket(socket));
    await new Promise<void>((resolve, reject) => {
      server.once("error", reject);
      server.listen(options.port ?? 0, "127.0.0.1", () => resolve());
    });
    jd.port = (server.address() as AddressInfo).port;
    return jd;
  }

  get wsUrl(): string {
    return `ws://127.0.0.1:${this.port}`;
  }

  get httpUrl(): string {
    return `http://127.0.0.1:${this.port}`;
  }

  get portNumber(): number {
    return this.port;
  }

  /** The calls of one method. */
  callsOf(method: string): FakeJdCall[] {
    return this.calls.filter((call) => call.method === method);
  }

  /** Queues a job (and pushes it to an idle WebSocket worker). */
  addJob(job: Job): void {
    this.state.queue.push(job);
    this.pushToIdle();
  }

  /** Forgets every session (a JD that expired them): the next session call is answered NotRegistered. */
  forgetSessions(): void {
    this.sessions.clear();
  }

  /** Stops listening and drops every connection. */
  async close(): Promise<void> {
    for (const socket of this.sockets) socket.terminate();
    this.wss.close();
    this.server.closeAllConnections();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }

  private problem(text: string, code: number = JD_ERROR.InvalidProof): never {
    this.problems.push(text);
    throw new JSONRPCErrorException(text, code);
  }

  private onHttp(request: http.IncomingMessage, response: http.ServerResponse): void {
    const chunks: Buffer[] = [];
    request.on("data", (chunk: Buffer) => chunks.push(chunk));
    request.on("end", () => {
      void this.rpc
        .receive(JSON.parse(Buffer.concat(chunks).toString()) as JSONRPCRequest, { transport: "http" })
        .then((answer) => {
          response.writeHead(answer ? 200 : 204, { "content-type": "application/json" });
          response.end(answer ? JSON.stringify(answer) : undefined);
        });
    });
  }

  private onSocket(socket: WebSocket): void {
    this.sockets.add(socket);
    socket.on("close", () => {
      this.sockets.delete(socket);
      for (const [id, session] of this.sessions) if (session.socket === socket) this.sessions.delete(id);
    });
    socket.on("message", (data) => {
      void this.rpc
        .receive(JSON.parse(data.toString()) as JSONRPCRequest, { socket, transport: "ws" })
        .then((answer) => {
          if (answer) socket.send(JSON.stringify(answer));
        });
    });
  }

  private worker(params: Record<string, unknown>, context: Context): string {
    const bySocket = [...this.sessions.values()].find((s) => s.socket !== undefined && s.socket === context.socket);
    const session = typeof params.sessionId === "string" ? this.sessions.get(params.sessionId) : bySocket;
    if (session === undefined) throw new JSONRPCErrorException("not registered", JD_ERROR.NotRegistered);
    return session.worker;
  }

  private leasesOf(worker: string): Job[] {
    return [...this.state.leases.values()].filter((l) => l.worker === worker).map((l) => l.job);
  }

  private lease(worker: string): Job | null {
    if (this.leasesOf(worker).length >= (this.options.maxInFlight ?? 2)) return null;
    const queued = this.state.queue.shift();
    if (queued === undefined) return null;
    const job = {
      ...queued,
      leaseId: hexlify(randomBytes(16)),
      deadline: Date.now() + (this.options.leaseMs ?? 60_000),
    };
    this.state.leases.set(job.jobId, { job, worker });
    return job;
  }

  private pushToIdle(): void {
    for (const session of this.sessions.values()) {
      if (session.socket === undefined || this.leasesOf(session.worker).length > 0) continue;
      const job = this.lease(session.worker);
      if (job === null) return;
      session.socket.send(JSON.stringify({ jsonrpc: "2.0", method: "job", params: job }));
    }
  }

  private addMethods(): void {
    const method = (name: string, handler: (params: Record<string, unknown>, context: Context) => unknown) => {
      this.rpc.addMethod(name, (params: unknown, context: Context) => {
        const p = (params ?? {}) as Record<string, unknown>;
        this.calls.push({ method: name, params: p, transport: context.transport, at: Date.now() });
        const refusal = this.options.refusals?.[name]?.shift();
        if (refusal) {
          const data = typeof refusal.data === "function" ? (refusal.data as () => unknown)() : refusal.data;
          throw new JSONRPCErrorException("refused", refusal.code, data);
        }
        return handler(p, context);
      });
    };

    method("get_status", () => ({
      jd: this.jd,
      chainId: String(this.chainId),
      epochs: [],
      queue: {
        queued: this.state.queue.length,
        inFlight: this.state.leases.size,
        done: this.state.done.size,
        failed: 0,
      },
      counters: { retried: 0, timedOut: 0, invalid: 0, accepted: this.state.accepted.length },
      workers: [],
      warnings: [],
    }));

    method("register_worker", (params, context) => {
      const { registration, signature } = params as {
        registration: { jd: string; worker: string; nonce: string; expiresAt: number };
        signature: string;
      };
      const signed = { ...registration, expiresAt: BigInt(registration.expiresAt) };
      if (recoverWorkerRegistration(this.chainId, signed, signature) !== getAddress(registration.worker)) {
        this.problem("the registration does not recover to its worker", JD_ERROR.InvalidSignature);
      }
      if (getAddress(registration.jd) !== this.jd)
        this.problem("the registration is for another JD", JD_ERROR.InvalidSignature);
      const now = Date.now() / 1000;
      if (registration.expiresAt < now || registration.expiresAt > now + 3600)
        this.problem("the registration's expiry is out of range", JD_ERROR.InvalidSignature);
      if (this.state.nonces.has(registration.nonce))
        this.problem("the registration's nonce was used before", JD_ERROR.InvalidSignature);
      this.state.nonces.add(registration.nonce);
      const sessionId = hexlify(randomBytes(32));
      const worker = getAddress(registration.worker);
      this.sessions.set(sessionId, { worker, socket: context.socket });
      if (context.socket) setImmediate(() => this.pushToIdle());
      return {
        sessionId,
        worker,
        jd: this.jd,
        chainId: String(this.chainId),
        leaseMs: this.options.leaseMs ?? 60_000,
        heartbeatMs: this.options.heartbeatMs ?? 20_000,
        maxInFlight: this.options.maxInFlight ?? 2,
      };
    });

    method("get_job", (params, context) => {
      const worker = this.worker(params, context);
      const job = this.options.serveGetJob === false ? null : this.lease(worker);
      return { job, retryAfterMs: this.options.retryAfterMs ?? 200 };
    });

    method("heartbeat", (params, context) => {
      const worker = this.worker(params, context);
      return {
        leases: this.leasesOf(worker).map(({ jobId, leaseId, deadline }) => ({ jobId, leaseId, deadline })),
        serverTime: Date.now(),
      };
    });

    method("release_job", (params, context) => {
      const worker = this.worker(params, context);
      const lease = this.state.leases.get(String(params.jobId));
      if (lease === undefined || lease.worker !== worker || lease.job.leaseId !== params.leaseId) {
        throw new JSONRPCErrorException("no such lease", JD_ERROR.LeaseExpired);
      }
      this.state.leases.delete(lease.job.jobId);
      this.state.queue.unshift({ ...lease.job, leaseId: "", deadline: 0 });
      return { released: true };
    });

    method("get_receipts", (params) => {
      const worker = getAddress(String(params.worker));
      const amount = String(this.options.receiptAmount ?? 1000n);
      return {
        receipts: this.state.accepted
          .filter((a) => a.worker === worker)
          .map((a) => ({ epoch: a.jobId.split(":")[0], chunkId: a.jobId.split(":")[1], worker, amount })),
        payouts: [],
      };
    });

    method("submit_result", async (params, context) => {
      const worker = this.worker(params, context);
      const { jobId, chunkId, proof, publicInputs, signature } = params as {
        jobId: string;
        chunkId: number;
        proof: Groth16Proof;
        publicInputs: [string, string, string, string];
        signature: string;
      };
      if (this.state.done.has(jobId)) throw new JSONRPCErrorException("already done", JD_ERROR.AlreadyDone);
      const lease = this.state.leases.get(jobId);
      if (lease === undefined) throw new JSONRPCErrorException("no such job", JD_ERROR.UnknownJob);
      if (lease.worker !== worker) throw new JSONRPCErrorException("not yours", JD_ERROR.NotYourJob);
      const proofHash = chunkProofHash({ proof, publicSignals: publicInputs });
      const result = { jd: this.jd, worker, jobId, chunkId: BigInt(chunkId), proofHash };
      if (recoverChunkResult(this.chainId, result, signature) !== worker) {
        this.problem("the chunk result does not recover to the worker", JD_ERROR.InvalidSignature);
      }
      if (chunkId !== lease.job.chunkId) this.problem(`chunkId ${chunkId} is not the job's`);
      if (BigInt(publicInputs[3]) !== BigInt(lease.job.witnessData.prover)) {
        this.problem("publicInputs[3] is not the job's prover");
      }
      if (publicInputs[0] !== lease.job.witnessData.prevState) this.problem("publicInputs[0] is not the prevState");
      if (!(await verifyChunk(proof, publicInputs))) this.problem("the proof does not verify");
      this.state.leases.delete(jobId);
      this.state.done.add(jobId);
      this.state.accepted.push({ jobId, worker, proof, publicInputs });
      const nextJob = this.lease(worker);
      return { accepted: true, jobId, chunkId, nextJob };
    });
  }
}
