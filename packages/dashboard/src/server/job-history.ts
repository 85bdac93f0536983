// CrowdProve jobs as a timeline per worker. A JD's `get_status` shows each job's state now (and forgets an epoch's
// jobs once it is paid); the book turns successive statuses into each job's history — leased to whom from when,
// proven, handed to another worker (reassigned), failed — and marks invalid proofs on the worker that sent them.
import type { JdStatus, JobHistory, JobSegment, WorkerFeed } from "../feed";

/** How much history the book keeps. */
export interface JobHistoryLimits {
  /** Epochs kept per JD (the most recent). Default 6. */
  epochsPerJd?: number;
}

const keyOf = (jd: string, jobId: string) => `${jd}\u0000${jobId}`;

/** The jobs of every JD the dashboard follows, and each JD's workers in least-recently-served order. */
export class JobHistoryBook {
  private readonly jobs = new Map<string, JobHistory>();
  private readonly invalidSeen = new Map<string, number>();
  private readonly workersByJd = new Map<string, WorkerFeed[]>();
  private readonly epochsPerJd: number;

  constructor(limits: JobHistoryLimits = {}) {
    this.epochsPerJd = limits.epochsPerJd ?? 6;
  }

  /**
   * Takes in one status of the JD embedded in node `jd`, seen at `now` (unix ms).
   *
   * @param jd - The node's name.
   * @param status - Its `blockage_jdStatus`.
   * @param now - When it was read.
   */
  observe(jd: string, status: JdStatus, now: number): void {
    for (const job of status.jobs ?? []) {
      const key = keyOf(jd, job.jobId);
      let h = this.jobs.get(key);
      if (h === undefined) {
        h = {
          jd,
          jobId: job.jobId,
          epoch: job.epoch,
          chunkId: job.chunkId,
          status: job.status,
          queuedAt: now,
          segments: [],
          followedUntil: null,
        };
        this.jobs.set(key, h);
        // Seen for the first time after it moved: rebuild what its record still tells.
        for (const worker of job.holders) {
          if (worker !== job.lease?.worker && worker !== job.doneBy) {
            h.segments.push({ worker, from: now, to: now, outcome: "reassigned" });
          }
        }
      }
      const open = h.segments.find((s) => s.to === null);
      const close = (segment: JobSegment, at: number, outcome: JobSegment["outcome"]) => {
        segment.to = Math.max(segment.from, at);
        segment.outcome = outcome;
      };
      if (job.status === "leased" && job.lease !== null) {
        const { worker, grantedAt } = job.lease;
        if (open !== undefined && (open.worker !== worker || open.from !== grantedAt)) {
          close(open, Math.min(now, grantedAt), "reassigned");
        }
        if (open === undefined || open.worker !== worker || open.from !== grantedAt) {
          h.segments.push({ worker, from: grantedAt, to: null, outcome: "leased" });
        }
      } else if (job.status === "queued") {
        if (open !== undefined) close(open, now, "reassigned");
      } else if (job.status === "done" && job.doneBy !== null) {
        const at = job.acceptedAt ?? now;
        if (open !== undefined && open.worker === job.doneBy) close(open, at, "proven");
        else {
          if (open !== undefined) close(open, at, "reassigned");
          // A late result from an earlier holder, or a job first seen done.
          if (!h.segments.some((s) => s.outcome === "proven")) {
            const last = [...h.segments].reverse().find((s) => s.worker === job.doneBy);
            if (last !== undefined && last.outcome === "reassigned") last.outcome = "proven";
            else h.segments.push({ worker: job.doneBy, from: at - (job.provingMs ?? 0), to: at, outcome: "proven" });
          }
        }
      } else if (job.status === "failed") {
        if (open !== undefined) close(open, now, "failed");
      }
      h.status = job.status;
      h.followedUntil = null;
    }

    // Invalid proofs: counted per worker by the JD; marked on the job the worker holds (or last held).
    for (const w of status.workers) {
      const seenKey = keyOf(jd, w.worker);
      const before = this.invalidSeen.get(seenKey);
      this.invalidSeen.set(seenKey, w.invalid);
      if (before === undefined || w.invalid <= before) continue;
      const mine = [...this.jobs.values()].filter((j) => j.jd === jd && j.segments.some((s) => s.worker === w.worker));
      const held = mine.find((j) => j.segments.some((s) => s.worker === w.worker && s.to === null)) ?? mine.at(-1);
      if (held !== undefined) {
        for (let i = before; i < w.invalid; i++)
          held.segments.push({ worker: w.worker, from: now, to: now, outcome: "invalid" });
      }
    }

    // Least recently served first: a worker never served (no lastServedAt) is served before any other.
    const ordered = [...status.workers].sort((a, b) => (a.lastServedAt ?? 0) - (b.lastServedAt ?? 0));
    this.workersByJd.set(
      jd,
      ordered.map((w, i) => ({
        jd,
        worker: w.worker,
        lrpRank: i + 1,
        connected: w.connected,
        inFlight: w.inFlight,
        done: w.done,
        invalid: w.invalid,
        timedOut: w.timedOut,
        meanProvingMs: w.meanProvingMs,
        suspended: w.suspendedUntil !== null,
        lastServedAt: w.lastServedAt ?? null,
      })),
    );
    this.prune(jd);
  }

  /**
   * The JD of node `jd` is no longer followed (its node stopped or went silent) as of `at`: its open leases end there,
   * as leased, so that the timeline stops growing.
   */
  freeze(jd: string, at: number): void {
    for (const job of this.jobs.values()) {
      if (job.jd !== jd) continue;
      job.followedUntil = at;
      for (const s of job.segments) if (s.to === null) s.to = Math.max(s.from, at);
    }
    for (const w of this.workersByJd.get(jd) ?? []) w.connected = false;
  }

  /** Keeps the most recent epochs of a JD. */
  private prune(jd: string): void {
    const epochs = [...new Set([...this.jobs.values()].filter((j) => j.jd === jd).map((j) => BigInt(j.epoch)))].sort(
      (a, b) => (a < b ? 1 : a > b ? -1 : 0),
    );
    const kept = new Set(epochs.slice(0, this.epochsPerJd).map(String));
    for (const [key, job] of this.jobs) if (job.jd === jd && !kept.has(job.epoch)) this.jobs.delete(key);
  }

  /** Every job kept, by JD, epoch and chunk. */
  jobsList(): JobHistory[] {
    return [...this.jobs.values()].sort(
      (a, b) =>
        a.jd.localeCompare(b.jd) ||
        (BigInt(a.epoch) < BigInt(b.epoch) ? -1 : BigInt(a.epoch) > BigInt(b.epoch) ? 1 : 0) ||
        a.chunkId - b.chunkId,
    );
  }

  /** Every JD's workers, each JD's in least-recently-served order. */
  workers(): WorkerFeed[] {
    return [...this.workersByJd.keys()].sort().flatMap((jd) => this.workersByJd.get(jd)!);
  }
}
