// createJobServer: the JD's job service without the chain — the store, the job board, the sessions, the verifier
// pool, the methods and the JSON-RPC server, with the periodic lease expiry and session sweep. The job distributor
// (`createJobDistributor`) adds the chain: epochs in, epoch proofs and payouts out.
import os from "node:os";
import { getAddress } from "ethers";
import { errorReason } from "@blockage/client";
import { JobBoard } from "./job-board";
import { JdMetrics } from "./metrics";
import { JobMethods } from "./methods";
import { RpcServer, type RateLimit } from "./rpc-server";
import { Sessions } from "./sessions";
import { JobStore } from "./store";
import { VerifierPool } from "./verifier-pool";

/** A log sink. */
export type Log = (level: "info" | "warn" | "error", message: string) => void;

/** Options of {@link createJobServer}. */
export interface JobServerOptions {
  /** The JD's address: workers' registrations and results are bound to it, and so is every job's proof. */
  address: string;
  /** The chain the JD proves for (bound into every signature). */
  chainId: bigint;
  /** Where lmdb keeps the state. */
  dataDir: string;
  /** Interface to listen on (default 127.0.0.1). */
  host?: string;
  /** Port (default 0: a free one). */
  port?: number;
  /** Lease length in ms, renewed by heartbeats (default 60 000). */
  leaseMs?: number;
  /** Heartbeat interval suggested to workers (default leaseMs / 3). */
  heartbeatMs?: number;
  /** Leases one worker may hold (default 2). */
  maxInFlight?: number;
  /** Leases a job may lose before it is surfaced as failed (default 3). */
  maxRetries?: number;
  /** How long a worker that found no job waits (default 1000 ms). */
  pollMs?: number;
  /** Circuit breaker: invalid proofs within `windowMs` that suspend a worker for `cooldownMs` (3 in 10 min → 5 min). */
  breaker?: { threshold: number; windowMs: number; cooldownMs: number };
  /** Verifier threads (default: available parallelism). */
  verifierThreads?: number;
  /** Most results a verifier thread checks in one batched verification (default DEFAULT_VERIFIER_MAX_BATCH, 32; 1: one by one). */
  verifierMaxBatch?: number;
  /** Requests per second per connection / remote address (default 200, burst 400). */
  rateLimit?: RateLimit;
  /** Period of the work loop (default 1000 ms). */
  tickMs?: number;
  /** Log sink (default: nothing). */
  log?: Log;
  /** Clock (unix ms). */
  now?: () => number;
}

/** A running job server. */
export interface JobServer {
  address: string;
  chainId: bigint;
  port: number;
  httpUrl: string;
  wsUrl: string;
  board: JobBoard;
  store: JobStore;
  /** What `get_status` answers. */
  status(): Record<string, unknown>;
  /** Adds to what `get_status` answers (the distributor adds its epochs and warnings). */
  extendStatus(extra: () => Record<string, unknown>): void;
  /** Adds work to each pass of the loop (the distributor follows the chain). */
  onTick(work: () => Promise<void>): void;
  /** Runs one pass of the work loop now. */
  tick(): Promise<void>;
  /** Stops the loop, closes the connections, the verifier threads and the database. */
  stop(): Promise<void>;
}

/**
 * Starts a job server: opens (or recovers) its database and listens for workers.
 *
 * @example
 * const server = await createJobServer({ address: jd, chainId: 31337n, dataDir: "/tmp/jd" });
 */
export async function createJobServer(options: JobServerOptions): Promise<JobServer> {
  const address = getAddress(options.address);
  const { chainId } = options;
  const now = options.now ?? Date.now;
  const log: Log = options.log ?? (() => {});
  const leaseMs = options.leaseMs ?? 60_000;
  const breaker = options.breaker ?? { threshold: 3, windowMs: 600_000, cooldownMs: 300_000 };
  const host = options.host ?? "127.0.0.1";

  const store = new JobStore(options.dataDir);
  const board = new JobBoard(store, {
    leaseMs,
    maxInFlight: options.maxInFlight ?? 2,
    maxRetries: options.maxRetries ?? 3,
    breakerThreshold: breaker.threshold,
    breakerWindowMs: breaker.windowMs,
    breakerCooldownMs: breaker.cooldownMs,
    now,
  });
  board.on("failed", (job) =>
    log("error", `job ${job.jobId} failed: its lease ran out ${job.retries} times (retries exhausted)`),
  );
  board.on("expired", (job, lease) => log("warn", `job ${job.jobId}: the lease of ${lease.worker} ran out; requeued`));
  board.on("accepted", (job, result) =>
    log(
      "info",
      `job ${job.jobId} accepted from ${result.worker}${result.provingMs === null ? "" : ` (proved in ${(result.provingMs / 1000).toFixed(1)} s)`}`,
    ),
  );
  const sessions = new Sessions(store, address, chainId, 10 * leaseMs, now);
  const verifier = new VerifierPool(options.verifierThreads ?? os.availableParallelism(), {
    maxBatch: options.verifierMaxBatch,
  });
  const metrics = new JdMetrics(board);
  const extras: (() => Record<string, unknown>)[] = [];
  const work: (() => Promise<void>)[] = [];

  const status = (): Record<string, unknown> => ({
    jd: address,
    chainId: chainId.toString(),
    queue: board.depth(),
    counters: { ...board.counters },
    verifier: {
      threads: verifier.size,
      maxBatch: verifier.maxBatch,
      queued: verifier.queued,
      verified: verifier.verified,
      batches: verifier.batches,
    },
    memory: { rssMb: Math.round(process.memoryUsage().rss / 2 ** 20) },
    /** CPU time of the whole process (event loop, verifier threads, lmdb), in ms. */
    cpu: (({ user, system }) => ({ userMs: Math.round(user / 1000), systemMs: Math.round(system / 1000) }))(
      process.cpuUsage(),
    ),
    workers: board.allWorkers().map((w) => ({
      worker: w.worker,
      connected: methods.connected(w.worker),
      inFlight: board.leasesOf(w.worker).length,
      done: w.done,
      invalid: w.invalid,
      timedOut: w.timedOut,
      meanProvingMs: w.done === 0 ? null : Math.round(w.provingMsTotal / w.done),
      suspendedUntil: w.suspendedUntil > now() ? w.suspendedUntil : null,
      /** When it was last handed a job (unix ms): the least recently served worker is served first. */
      lastServedAt: w.lastServedAt === 0 ? null : w.lastServedAt,
    })),
    /** Every job of the epochs still held: its state, its live lease, who held it and who proved it. */
    jobs: board.allJobs().map((j) => {
      const result = j.status === "done" ? store.results.get(j.jobId) : undefined;
      return {
        jobId: j.jobId,
        epoch: j.epoch,
        chunkId: j.chunkId,
        status: j.status,
        retries: j.retries,
        lease:
          j.lease === null
            ? null
            : { worker: j.lease.worker, grantedAt: j.lease.grantedAt, deadline: j.lease.deadline },
        holders: j.holders,
        doneBy: j.doneBy,
        acceptedAt: result?.acceptedAt ?? null,
        provingMs: result?.provingMs ?? null,
      };
    }),
    ...Object.assign({}, ...extras.map((extra) => extra())),
  });

  const methods: JobMethods = new JobMethods({
    jd: address,
    chainId,
    board,
    sessions,
    store,
    verifier,
    metrics,
    pollMs: options.pollMs ?? 1000,
    heartbeatMs: options.heartbeatMs ?? Math.floor(leaseMs / 3),
    status,
    log,
    now,
  });
  const server = new RpcServer(methods.rpc, {
    host,
    port: options.port ?? 0,
    rateLimit: options.rateLimit ?? { perSecond: 200, burst: 400 },
    metrics: () => metrics.text(),
    onSocketClosed: (socket) => methods.socketClosed(socket),
  });
  let port: number;
  try {
    port = await server.listen();
  } catch (error) {
    await verifier.close();
    await store.close();
    throw error;
  }

  let ticks = 0;
  let running: Promise<void> | null = null;
  const pass = async () => {
    await board.expireLeases();
    if (ticks++ % 30 === 0) await sessions.sweep();
    for (const w of work) await w();
  };
  const tick = () => {
    running ??= pass()
      .catch((error) => log("warn", `work loop: ${errorReason(error)} (will retry)`))
      .finally(() => {
        running = null;
      });
    return running;
  };
  const timer = setInterval(() => void tick(), options.tickMs ?? 1000);
  log("info", `job server ${address} (chain ${chainId}) listening on ${host}:${port}`);

  return {
    address,
    chainId,
    port,
    httpUrl: `http://${host}:${port}`,
    wsUrl: `ws://${host}:${port}`,
    board,
    store,
    status,
    extendStatus: (extra) => void extras.push(extra),
    onTick: (w) => void work.push(w),
    tick,
    async stop() {
      clearInterval(timer);
      await running;
      await server.close();
      await verifier.close();
      await store.close();
    },
  };
}
