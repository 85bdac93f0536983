// A pool of worker threads that check results off the event loop — the signature over the result (recovered) and the
// chunk proof (`verifyChunk`, four public signals) — each thread one check at a time on one core; requests go to the
// least busy thread.
import os from "node:os";
import { Worker } from "node:worker_threads";
import { PROVER_THREAD_WORKER_DATA, type Groth16Proof } from "@blockage/circuits";

/** Where the thread's script is: beside this module once built; the built one when running from source (tests). */
function threadScript(): URL {
  const here = import.meta.url;
  return new URL(here.endsWith(".ts") ? "../dist/verifier-thread.js" : "./verifier-thread.js", here);
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

interface Pending {
  resolve(verdict: CheckVerdict): void;
  reject(error: Error): void;
}

interface Thread {
  worker: Worker;
  busy: number;
}

/** Verifies chunk proofs in `size` worker threads. */
export class VerifierPool {
  private readonly threads: Thread[] = [];
  private readonly pending = new Map<number, Pending & { thread: Thread }>();
  private nextId = 0;
  private closed = false;
  /** Verifications done. */
  verified = 0;

  /** @param size - Threads (default: the machine's available parallelism). */
  constructor(readonly size: number = os.availableParallelism()) {
    for (let i = 0; i < Math.max(1, size); i++) this.threads.push(this.spawn());
  }

  private spawn(): Thread {
    const thread: Thread = { worker: new Worker(threadScript(), { workerData: PROVER_THREAD_WORKER_DATA }), busy: 0 };
    thread.worker.on("message", (m: { id: number; valid: boolean; signer: string | null }) => {
      const p = this.pending.get(m.id);
      if (p === undefined) return;
      this.pending.delete(m.id);
      p.thread.busy--;
      this.verified++;
      p.resolve({ signer: m.signer ?? null, valid: m.valid === true });
    });
    thread.worker.on("error", (error) => this.fail(thread, error));
    thread.worker.on("exit", (code) => {
      if (!this.closed) this.fail(thread, new Error(`a verifier thread exited (code ${code})`));
    });
    return thread;
  }

  /** A thread died: its requests fail (the submitter may retry) and a new thread takes its place. */
  private fail(thread: Thread, error: Error): void {
    for (const [id, p] of this.pending) {
      if (p.thread !== thread) continue;
      this.pending.delete(id);
      p.reject(error);
    }
    const index = this.threads.indexOf(thread);
    if (index >= 0 && !this.closed) this.threads[index] = this.spawn();
  }

  /** Verifies a chunk proof against its public signals; false for an invalid or malformed proof. */
  async verify(proof: Groth16Proof, publicSignals: readonly string[]): Promise<boolean> {
    return (await this.check(proof, publicSignals)).valid;
  }

  /**
   * Checks a result in a thread: recovers who signed it (EIP-712 ChunkResult over the proof's hash) and, only when
   * that is `signed.worker`, verifies the proof.
   */
  check(proof: Groth16Proof, publicSignals: readonly string[], signed?: SignedResult): Promise<CheckVerdict> {
    if (this.closed) return Promise.reject(new Error("the verifier pool is closed"));
    const thread = this.threads.reduce((a, b) => (b.busy < a.busy ? b : a));
    const id = this.nextId++;
    thread.busy++;
    const message =
      signed === undefined
        ? undefined
        : { ...signed, chainId: String(signed.chainId), chunkId: String(signed.chunkId) };
    return new Promise<CheckVerdict>((resolve, reject) => {
      this.pending.set(id, { resolve, reject, thread });
      thread.worker.postMessage({ id, proof, publicSignals, signed: message });
    });
  }

  /** Verifications waiting or running. */
  get queued(): number {
    return this.pending.size;
  }

  /** Stops every thread. */
  async close(): Promise<void> {
    this.closed = true;
    for (const p of this.pending.values()) p.reject(new Error("the verifier pool is closed"));
    this.pending.clear();
    await Promise.all(this.threads.map((t) => t.worker.terminate()));
  }
}
