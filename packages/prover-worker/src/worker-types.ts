// The public shapes of a worker: its parameters, status, events and methods.
import type { Signer } from "ethers";
import type { Job, Registration } from "./protocol";

/** Severity of a log line. */
export type WorkerLogLevel = "debug" | "info" | "warn" | "error";

/** Where the worker logs; nothing is logged by default. */
export type WorkerLog = (level: WorkerLogLevel, message: string) => void;

/** Parameters of {@link createWorker}. */
export interface CreateWorkerParameters {
  /** The JD's URL: `ws://` / `wss://` (jobs are pushed) or `http://` / `https://` (the worker polls `get_job`). */
  jdUrl: string;
  /** The worker's key: it signs the registration and every result, and its address is the payout address. */
  signer: Signer;
  /** Proofs side by side, one worker thread (one core) each (default 1). */
  concurrency?: number;
  /** Where finished proofs are kept until the JD answers for them (default `~/.blockage/worker/<address>/`). */
  dataDir?: string;
  /** Log lines (default: none). */
  log?: WorkerLog;
  /** How long one request to the JD may take before the connection counts as lost, in ms (default 30 000). */
  requestTimeoutMs?: number;
  /** How often earnings are read with `get_receipts`, in ms (default 15 000). */
  receiptsPollMs?: number;
}

/** The state of the worker's link to its JD. */
export type ConnectionState = "idle" | "connecting" | "registered" | "disconnected" | "stopping" | "stopped";

/** A job the worker holds a lease for. */
export interface CurrentChunk {
  jobId: string;
  epoch: string;
  chunkId: number;
  /** `queued`: waiting for a thread; `proving`; `submitting`: proven, waiting for the JD's answer. */
  state: "queued" | "proving" | "submitting";
  /** Unix ms when it entered `state`. */
  since: number;
  /** The lease's deadline, unix ms (as of the last heartbeat). */
  deadline: number;
}

/** How often each thing happened since `start()`. */
export interface WorkerCounters {
  /** Proofs made. */
  proven: number;
  /** Results the JD accepted (resubmissions included). */
  accepted: number;
  /** Kept proofs submitted again after a reconnection or a restart. */
  resubmitted: number;
  /** Refusals, by the protocol's error name. */
  alreadyDone: number;
  unknownJob: number;
  invalidProof: number;
  leaseExpired: number;
  notYourJob: number;
  suspended: number;
  rateLimited: number;
  jobFailed: number;
  notRegistered: number;
  /** Leases handed back (`release_job`). */
  released: number;
  /** Jobs whose proof could not be made. */
  provingFailed: number;
  /** Connections re-established after a loss. */
  reconnects: number;
}

/** What {@link ProverWorker.status} reports. */
export interface WorkerStatus {
  /** The worker's (payout) address, once started. */
  worker: string | null;
  jdUrl: string;
  /** The JD's address and chain, once known. */
  jd: string | null;
  chainId: bigint | null;
  connection: ConnectionState;
  /** The JD's limits from `register_worker`. */
  limits: { maxInFlight: number; heartbeatMs: number; leaseMs: number } | null;
  /** Results accepted by the JD. */
  jobsDone: number;
  /** The jobs held now. */
  current: CurrentChunk[];
  lastProvingMs: number | null;
  meanProvingMs: number | null;
  /** Sum of the amounts of the JD's receipts for this worker (payout token base units); null until first read. */
  earnings: bigint | null;
  /** Finished proofs on disk waiting for the JD's answer. */
  keptProofs: number;
  /** Unix ms until which the JD refuses work (Suspended), or null. */
  suspendedUntil: number | null;
  counters: WorkerCounters;
}

/** How a submission ended: accepted, refused (the protocol's error name), or without an answer. */
export type SubmitOutcome = "accepted" | "refused" | "unreachable" | "error" | string;

/** Events of a worker and their arguments. */
export interface WorkerEvents {
  /** The link to the JD changed. */
  connection: [state: ConnectionState];
  /** A session was opened (at start and after every reconnection). */
  registered: [registration: Registration];
  /** A lease was taken: pushed (`push`), fetched (`get_job`) or handed back with a result (`nextJob`). */
  job: [job: Job, source: "push" | "get_job" | "nextJob"];
  /** A thread started proving a job. */
  proving: [job: CurrentChunk];
  /** A proof was made and kept. */
  proven: [proof: { jobId: string; epoch: string; chunkId: number; provingMs: number }];
  /** The JD answered a submission (or did not). */
  submitted: [result: { jobId: string; epoch: string; chunkId: number; outcome: SubmitOutcome; resubmitted: boolean }];
  /** A lease was handed back. */
  released: [job: { jobId: string; epoch?: string; chunkId?: number; reason: string }];
  /** The sum of the receipts changed. */
  earnings: [amount: bigint];
  /** Something went wrong that the worker works around (it goes on). */
  warning: [message: string];
}

/** Options of {@link ProverWorker.stop}. */
export interface StopOptions {
  /**
   * Hand back every lease not yet proven, running proofs included (they are abandoned), instead of finishing the
   * running proofs and submitting them. Either way jobs no thread has started are handed back.
   */
  handBack?: boolean;
}

/** A running worker. */
export interface ProverWorker {
  /**
   * Connects, registers and starts taking jobs.
   *
   * @throws {JdUnreachableError} If the JD cannot be reached.
   * @throws {JdRequestError} If the JD refuses the registration.
   * @throws {JdProtocolError} If the JD answers something the protocol does not allow.
   */
  start(): Promise<void>;
  /**
   * Stops taking jobs, hands back the jobs not started, finishes (or with `handBack` abandons and hands back) the
   * running proofs, submits what is proven, then closes the connection and the threads. Calling it again with
   * `handBack: true` while a graceful stop runs hands back the running proofs at once.
   */
  stop(options?: StopOptions): Promise<void>;
  /** A snapshot of what the worker is doing. */
  status(): WorkerStatus;
  /** Adds a listener. */
  on<E extends keyof WorkerEvents>(event: E, listener: (...args: WorkerEvents[E]) => void): ProverWorker;
  /** Removes a listener. */
  off<E extends keyof WorkerEvents>(event: E, listener: (...args: WorkerEvents[E]) => void): ProverWorker;
}
