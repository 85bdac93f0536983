// Proving off the event loop: `size` node:worker_threads, each on its own single-threaded BN254 curve
// (useSingleThreadedProver), one chunk proof at a time, so `size` proofs run side by side on `size` cores while the
// main thread keeps heartbeating and answering the job distributor.
import { createRequire } from "node:module";
import { pathToFileURL } from "node:url";
import { Worker } from "node:worker_threads";
import { PROVER_THREAD_WORKER_DATA, type ChunkProof } from "@blockage/circuits";
import { BlockageError } from "@blockage/client";
import type { WitnessData } from "./protocol";

/** A proof could not be made (bad witness, a thread that died) or was abandoned (the pool was closed). */
export class ProvingError extends BlockageError {
  override name = "ProvingError" as const;
  override readonly code = "Proving" as const;
}

/** A finished proof and how long its thread took, in ms. */
export interface ProvenChunk {
  chunk: ChunkProof;
  provingMs: number;
}

// Each thread loads @blockage/circuits (the URL the main thread resolved), makes its curve single-threaded once and
// proves what it is sent. It is CommonJS evaluated from a string, so the package needs no separate thread file in
// dist/ and runs the same from source under vitest, from the library build and from the CLI bundle.
const THREAD_SOURCE = `
const { parentPort, workerData } = require("node:worker_threads");
const ready = import(workerData.circuits).then(async (circuits) => {
  await circuits.useSingleThreadedProver();
  return circuits;
});
ready.catch(() => undefined);
parentPort.on("message", async ({ id, prevState, txs, prover }) => {
  try {
    const circuits = await ready;
    const started = performance.now();
    const chunk = await circuits.proveChunk({ prevState: BigInt(prevState), txs: txs.map(BigInt), prover });
    parentPort.postMessage({ id, chunk, provingMs: performance.now() - started });
  } catch (error) {
    parentPort.postMessage({ id, error: String((error && error.message) || error) });
  }
});
`;

/** Options of {@link ProverPool.prove}. */
export interface ProveTaskOptions {
  /** Takes the task out of the queue if it has not started (a started proof runs to its end). */
  signal?: AbortSignal;
  /** Called when a thread starts the proof. */
  onStart?: () => void;
}

interface Task extends ProveTaskOptions {
  id: number;
  witness: WitnessData;
  resolve(result: ProvenChunk): void;
  reject(error: ProvingError): void;
}

interface Slot {
  thread: Worker;
  task: Task | null;
}

type Answer = { id: number; chunk: ChunkProof; provingMs: number } | { id: number; error: string };

/**
 * The URL the threads import @blockage/circuits from: resolved here, in the main thread, because an evaluated thread
 * has no module of its own to resolve from.
 */
function circuitsUrl(): string {
  return pathToFileURL(createRequire(import.meta.url).resolve("@blockage/circuits")).href;
}

/** A fixed set of proving threads with a queue in front of them. */
export class ProverPool {
  private readonly slots: Slot[] = [];
  private readonly queue: Task[] = [];
  private readonly circuits = circuitsUrl();
  private nextId = 1;
  private closed: Promise<void> | null = null;

  /**
   * @param size - Number of threads (proofs side by side).
   */
  constructor(readonly size: number) {
    for (let i = 0; i < size; i++) this.slots.push(this.spawn());
  }

  /**
   * Proves a chunk on the next free thread.
   *
   * @param witness - The job's witness data (decimal strings).
   * @param options - Cancellation of a queued task, start notification.
   * @returns The proof and its proving time.
   * @throws {ProvingError} If proving fails, the task is cancelled before it starts, or the pool is closed first.
   */
  prove(witness: WitnessData, options: ProveTaskOptions = {}): Promise<ProvenChunk> {
    if (this.closed !== null) return Promise.reject(new ProvingError("the prover pool is closed"));
    if (options.signal?.aborted) return Promise.reject(new ProvingError("proving was cancelled before it started"));
    return new Promise((resolve, reject) => {
      const task: Task = { ...options, id: this.nextId++, witness, resolve, reject };
      this.queue.push(task);
      options.signal?.addEventListener(
        "abort",
        () => {
          const index = this.queue.indexOf(task);
          if (index < 0) return;
          this.queue.splice(index, 1);
          reject(new ProvingError("proving was cancelled before it started"));
        },
        { once: true },
      );
      this.dispatch();
    });
  }

  /**
   * Ends every thread; proofs not finished yet reject with ProvingError.
   */
  close(): Promise<void> {
    this.closed ??= (async () => {
      const abandoned = new ProvingError("proving was abandoned: the worker is stopping");
      for (const task of this.queue.splice(0)) task.reject(abandoned);
      await Promise.all(
        this.slots.map(async (slot) => {
          slot.task?.reject(abandoned);
          slot.task = null;
          await slot.thread.terminate();
        }),
      );
    })();
    return this.closed;
  }

  private spawn(): Slot {
    const thread = new Worker(THREAD_SOURCE, {
      eval: true,
      workerData: { ...PROVER_THREAD_WORKER_DATA, circuits: this.circuits },
    });
    const slot: Slot = { thread, task: null };
    thread.on("message", (answer: Answer) => {
      const task = slot.task;
      if (task === null || task.id !== answer.id) return;
      slot.task = null;
      if ("error" in answer) task.reject(new ProvingError(`proving job failed: ${answer.error}`));
      else task.resolve({ chunk: answer.chunk, provingMs: answer.provingMs });
      this.dispatch();
    });
    const died = (reason: string) => {
      if (this.closed !== null) return;
      slot.task?.reject(new ProvingError(`a proving thread ${reason}`));
      slot.task = null;
      // Replace the thread, so the pool keeps its size.
      const index = this.slots.indexOf(slot);
      if (index >= 0) this.slots[index] = this.spawn();
      this.dispatch();
    };
    thread.on("error", (error) => died(`failed: ${error.message}`));
    thread.on("exit", (code) => died(`exited with code ${code}`));
    return slot;
  }

  private dispatch(): void {
    for (const slot of this.slots) {
      if (this.queue.length === 0) return;
      if (slot.task !== null) continue;
      const task = this.queue.shift()!;
      slot.task = task;
      const { prevState, txs, prover } = task.witness;
      slot.thread.postMessage({ id: task.id, prevState, txs, prover });
      task.onStart?.();
    }
  }
}
