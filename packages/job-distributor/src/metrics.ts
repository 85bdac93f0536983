// The JD's Prometheus metrics (`GET /metrics`), through prom-client: queue depth and jobs by state, counters of
// retried, timed-out, invalid and accepted results, per-worker accepted chunks and the proving latency histogram.
import { Counter, Gauge, Histogram, Registry } from "prom-client";
import type { JobBoard } from "./job-board";

/** The JD's metrics registry and the instruments the distributor updates. */
export class JdMetrics {
  readonly registry = new Registry();
  readonly accepted: Counter<"worker">;
  readonly invalid: Counter<"worker">;
  readonly provingSeconds: Histogram;
  readonly rpcCalls: Counter<"method">;

  constructor(board: JobBoard) {
    const registers = [this.registry];
    new Gauge({
      name: "blockage_jd_jobs",
      help: "Chunk jobs by state (queued = queue depth, leased = in flight).",
      labelNames: ["state"] as const,
      registers,
      collect() {
        const d = board.depth();
        this.set({ state: "queued" }, d.queued);
        this.set({ state: "leased" }, d.inFlight);
        this.set({ state: "done" }, d.done);
        this.set({ state: "failed" }, d.failed);
      },
    });
    for (const [name, help, key] of [
      ["blockage_jd_jobs_retried_total", "Jobs queued again after a lease ran out.", "retried"],
      ["blockage_jd_leases_timed_out_total", "Leases that ran out without a result.", "timedOut"],
      ["blockage_jd_jobs_failed_total", "Jobs that exhausted their retries.", "failed"],
      ["blockage_jd_duplicate_results_total", "Results for jobs already done (answered AlreadyDone).", "duplicates"],
    ] as const) {
      new Gauge({
        name,
        help,
        registers,
        collect() {
          this.set(board.counters[key]);
        },
      });
    }
    this.accepted = new Counter({
      name: "blockage_jd_results_accepted_total",
      help: "Verified results accepted, by worker.",
      labelNames: ["worker"] as const,
      registers,
    });
    this.invalid = new Counter({
      name: "blockage_jd_results_invalid_total",
      help: "Results refused as invalid proofs, by worker.",
      labelNames: ["worker"] as const,
      registers,
    });
    this.provingSeconds = new Histogram({
      name: "blockage_jd_proving_seconds",
      help: "Time from lease to accepted result.",
      buckets: [0.5, 1, 2, 4, 8, 16, 32, 64, 128],
      registers,
    });
    this.rpcCalls = new Counter({
      name: "blockage_jd_rpc_calls_total",
      help: "JSON-RPC calls, by method.",
      labelNames: ["method"] as const,
      registers,
    });
  }

  /** The Prometheus text exposition. */
  text(): Promise<string> {
    return this.registry.metrics();
  }
}
