// A pool of worker threads that check results off the event loop — the signature over the result (recovered) and the
// chunk proof (four public signals) — each thread on one core. Requests wait in one queue; a thread that is idle takes
// up to `maxBatch` of them at once and verifies their proofs together (`verifyChunkBatch`: one batched pairing, each
// request still answered with its own verdict). A request that finds a thread idle is sent at once, alone: batches
// form only from requests that had to wait anyway.
import os from "node:os";
import { Worker } from "node:worker_threads";
import { PROVER_THREAD_WORKER_DATA, type Groth16Proof } from "@blockage/circuits";

/** Where the thread's script is: beside this module once built; the built one when running from source (tests). */
function threadScript(): URL {
  const here = import.meta.url;
  return new URL(here.endsWith(".ts") ? "../dist/verifier-thread.js" : "./verifier-thread.js", here);
}

/**
 * Results a verifier thread checks at once by default. Measured (bench/jd.bench.ts, bench/jd-details.json), one core
 * verifies about 2.5× as many proofs per second in batches of 4 as one by one, 4× in batches of 16 and 4.4× in
 * batches of 32 (a batch's n + 3 pairings share one final exponentiation and one multi-exponentiation). Batches only
 * form from results that are waiting anyway, so a larger one also answers them sooner; what it costs is the bisection
 * when it holds an invalid proof (one more level per doubling).
 */
export const DEFAULT_VERIFIER_MAX_BATCH = 32;

/** Options of a {@link VerifierPool}. */
export interface VerifierPoolOptions {
  /**
   * Most results one thread checks in one batch (default {@link DEFAULT_VERIFIER_MAX_BATCH}); 1 verifies them one by one. A
   * thread never waits for a batch to fill: it takes what is queued when it becomes idle.
   */
  maxBatch?: number;
}

/** A check's verdict: who signed the result (`null` if unsigned or unrecoverable) and whether its proof verifies. */
export interface CheckVerdict {
  signer: string | null;
  valid: boolean;
}

/** The signed result of a check (its proof hash is computed in the thread). */
export interface SignedResult {
  chainId: bigint;
  jd: string;
  worker: string;
  jobId: string;
  chunkId: number;
  signature: string;
}

/** A request as a thread receives it. */
interface CheckMessage {
  id: number;
  proof: Groth16Proof;
  publicSignals: readonly string[];
  signed?: Omit<SignedResult, "chainId" | "chunkId"> & { chainId: string; chunkId: string };
}

interface Request {
  message: CheckMessage;
  resolve(verdict: CheckVerdict): void;
  reject(error: Error): void;
}

interface Thread {
  worker: Worker;
  /** The batch it is checking; null when idle. */
  batch: Request[] | null;
}

/** A thread's answer to a batch: one verdict per request, by id. */
interface BatchAnswer {
  verdicts: { id: number; valid: boolean; signer: string | null }[];
}

/** Verifies chunk proofs in `size` worker threads, in batches of up to `maxBatch`. */
export class VerifierPool {
  private readonly threads: Thread[] = [];
  private readonly waiting: Request[] = [];
  private nextId = 0;
  private closed = false;
  /** Most results one thread checks at once. */
  readonly maxBatch: number;
  /** Verifications done. */
  verified = 0;
  /** Batches handed to threads (`verified / batches`: the mean batch size). */
  batches = 0;

  /**
   * @param size - Threads (default: the machine's available parallelism).
   * @param options - Batching.
   */
  constructor(
    readonly size: number = os.availableParallelism(),
    options: VerifierPoolOptions = {},
  ) {
    this.maxBatch = Math.max(1, Math.floor(options.maxBatch ?? DEFAULT_VERIFIER_MAX_BATCH));
    for (let i = 0; i < Math.max(1, size); i++) this.threads.push(this.spawn());
  }

  private spawn(): Thread {
    const thread: Thread = {
      worker: new Worker(threadScript(), { workerData: PROVER_THREAD_WORKER_DATA }),
      batch: null,
    };
    thread.worker.on("message", (answer: BatchAnswer) => {
      const batch = thread.batch;
      if (batch === null) return;
      thread.batch = null;
      const verdicts = new Map(answer.verdicts.map((v) => [v.id, v]));
      for (const request of batch) {
        const v = verdicts.get(request.message.id);
        if (v === undefined) {
          request.reject(new Error("the verifier thread gave no verdict for a result"));
          continue;
        }
        this.verified++;
        request.resolve({ signer: v.signer ?? null, valid: v.valid === true });
      }
      this.dispatch();
    });
    thread.worker.on("error", (error) => this.fail(thread, error));
    thread.worker.on("exit", (code) => {
      if (!this.closed) this.fail(thread, new Error(`a verifier thread exited (code ${code})`));
    });
    return thread;
  }

  /** A thread died: its requests fail (the submitter may retry) and a new thread takes its place. */
  private fail(thread: Thread, error: Error): void {
    const batch = thread.batch ?? [];
    thread.batch = null;
    for (const request of batch) request.reject(error);
    const index = this.threads.indexOf(thread);
    if (index >= 0 && !this.closed) {
      this.threads[index] = this.spawn();
      this.dispatch();
    }
  }

  /** Hands what waits to the idle threads, up to `maxBatch` each, oldest first. */
  private dispatch(): void {
    if (this.closed) return;
    for (const thread of this.threads) {
      if (this.waiting.length === 0) return;
      if (thread.batch !== null) continue;
      const batch = this.waiting.splice(0, this.maxBatch);
      thread.batch = batch;
      this.batches++;
      thread.worker.postMessage(batch.map((r) => r.message));
    }
  }

  /** Verifies a chunk proof against its public signals; false for an invalid or malformed proof. */
  async verify(proof: Groth16Proof, publicSignals: readonly string[]): Promise<boolean> {
    return (await this.check(proof, publicSignals)).valid;
  }

  /**
   * Checks a result in a thread: recovers who signed it (EIP-712 ChunkResult over the proof's hash) and, only when
   * that is `signed.worker`, verifies the proof (in a batch with the other results the thread takes at once).
   */
  check(proof: Groth16Proof, publicSignals: readonly string[], signed?: SignedResult): Promise<CheckVerdict> {
    if (this.closed) return Promise.reject(new Error("the verifier pool is closed"));
    const message: CheckMessage = {
      id: this.nextId++,
      proof,
      publicSignals,
      signed:
        signed === undefined
          ? undefined
          : { ...signed, chainId: String(signed.chainId), chunkId: String(signed.chunkId) },
    };
    return new Promise<CheckVerdict>((resolve, reject) => {
      this.waiting.push({ message, resolve, reject });
      this.dispatch();
    });
  }

  /** Verifications waiting or running. */
  get queued(): number {
    return this.waiting.length + this.threads.reduce((n, t) => n + (t.batch?.length ?? 0), 0);
  }

  /** Stops every thread. */
  async close(): Promise<void> {
    this.closed = true;
    const error = new Error("the verifier pool is closed");
    for (const request of this.waiting.splice(0)) request.reject(error);
    for (const thread of this.threads) {
      for (const request of thread.batch ?? []) request.reject(error);
      thread.batch = null;
    }
    await Promise.all(this.threads.map((t) => t.worker.terminate()));
  }
}
