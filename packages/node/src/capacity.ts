// The first safety rail: never claim an epoch that cannot be proven in time. Like Boundless's broker, which checks a
// request's deadline against its own proving rate before it locks the request, the node compares the time an epoch's
// chunks need — at the proving rate its job distributor measured, times the workers connected to it — with the time
// left before the proof deadline, with a safety margin for assembly, submission and a worker dropping out.

/** A worker as the embedded job distributor reports it. */
export interface WorkerRate {
  connected: boolean;
  /** Mean milliseconds per accepted chunk proof, or `null` before its first. */
  meanProvingMs: number | null;
}

/** Inputs of {@link provingCapacity}. */
export interface CapacityQuestion {
  /** Chunk proofs the epoch needs. */
  chunks: number;
  /** Slots left before the proof deadline. */
  slotsLeft: bigint;
  /** Wall-clock milliseconds per slot (measured). */
  msPerSlot: number;
  workers: readonly WorkerRate[];
  /** Milliseconds per chunk assumed for a worker not yet measured. */
  defaultProvingMs: number;
  /** How much faster than strictly needed the node must be (≥ 1; default 1.5). */
  margin?: number;
  /** Fixed time for assembling and submitting the epoch proof, in milliseconds (default 2000). */
  submitMs?: number;
}

/** The answer of {@link provingCapacity}. */
export interface CapacityAnswer {
  ok: boolean;
  /** Connected workers. */
  workers: number;
  /** Measured proving rate of the connected workers, chunks per second. */
  chunksPerSecond: number;
  /** Milliseconds the epoch needs, margin included (Infinity without a worker). */
  needMs: number;
  /** Milliseconds left before the deadline. */
  haveMs: number;
}

/**
 * Whether the node can prove `chunks` chunks before its deadline: capacity = Σ over connected workers of their
 * measured rate (1 / mean proving time), needed time = chunks / capacity × margin + submission time.
 *
 * @example
 * provingCapacity({ chunks: 8, slotsLeft: 20n, msPerSlot: 12_000, workers, defaultProvingMs: 2000 }).ok
 */
export function provingCapacity(q: CapacityQuestion): CapacityAnswer {
  const margin = Math.max(1, q.margin ?? 1.5);
  const connected = q.workers.filter((w) => w.connected);
  const chunksPerSecond = connected.reduce(
    (sum, w) => sum + 1000 / Math.max(1, w.meanProvingMs ?? q.defaultProvingMs),
    0,
  );
  const needMs = q.chunks === 0 ? 0 : chunksPerSecond === 0 ? Infinity : (q.chunks / chunksPerSecond) * 1000 * margin;
  const total = needMs + (q.chunks === 0 ? 0 : (q.submitMs ?? 2000));
  const haveMs = Number(q.slotsLeft > 0n ? q.slotsLeft : 0n) * q.msPerSlot;
  return { ok: total <= haveMs, workers: connected.length, chunksPerSecond, needMs: total, haveMs };
}
