import { describe, expect, it } from "vitest";
import type { JdJob, JdStatus, JdWorker } from "../feed";
import { JobHistoryBook } from "./job-history";

const worker = (address: string, patch: Partial<JdWorker> = {}): JdWorker => ({
  worker: address,
  connected: true,
  inFlight: 0,
  done: 0,
  invalid: 0,
  timedOut: 0,
  meanProvingMs: null,
  suspendedUntil: null,
  lastServedAt: null,
  ...patch,
});

const job = (patch: Partial<JdJob>): JdJob => ({
  jobId: "7:0",
  epoch: "7",
  chunkId: 0,
  status: "queued",
  retries: 0,
  lease: null,
  holders: [],
  doneBy: null,
  acceptedAt: null,
  provingMs: null,
  ...patch,
});

const status = (jobs: JdJob[], workers: JdWorker[] = [worker("0xa"), worker("0xb")]): JdStatus => ({
  jd: "0xjd",
  chainId: "31337",
  queue: { queued: 0, inFlight: 0, done: 0, failed: 0 },
  counters: {},
  workers,
  jobs,
});

describe("JobHistoryBook", () => {
  it("follows a job through a lease that runs out, its reassignment and its proof", () => {
    const book = new JobHistoryBook();
    book.observe("node-0", status([job({})]), 1000);
    book.observe(
      "node-0",
      status([job({ status: "leased", lease: { worker: "0xa", grantedAt: 1100, deadline: 9000 }, holders: ["0xa"] })]),
      1200,
    );
    book.observe("node-0", status([job({ status: "queued", retries: 1, holders: ["0xa"] })]), 5000);
    book.observe(
      "node-0",
      status([
        job({
          status: "leased",
          retries: 1,
          lease: { worker: "0xb", grantedAt: 5100, deadline: 9000 },
          holders: ["0xa", "0xb"],
        }),
      ]),
      5200,
    );
    book.observe(
      "node-0",
      status([
        job({ status: "done", retries: 1, holders: ["0xa", "0xb"], doneBy: "0xb", acceptedAt: 7000, provingMs: 1800 }),
      ]),
      7100,
    );
    const [history] = book.jobsList();
    expect(history).toMatchObject({ jd: "node-0", jobId: "7:0", status: "done", queuedAt: 1000 });
    expect(history!.segments).toEqual([
      { worker: "0xa", from: 1100, to: 5000, outcome: "reassigned" },
      { worker: "0xb", from: 5100, to: 7000, outcome: "proven" },
    ]);
  });

  it("rebuilds what a job seen for the first time once done still tells", () => {
    const book = new JobHistoryBook();
    book.observe(
      "node-1",
      status([job({ status: "done", holders: ["0xa", "0xb"], doneBy: "0xb", acceptedAt: 9000, provingMs: 2000 })]),
      9500,
    );
    expect(book.jobsList()[0]!.segments).toEqual([
      { worker: "0xa", from: 9500, to: 9500, outcome: "reassigned" },
      { worker: "0xb", from: 7000, to: 9000, outcome: "proven" },
    ]);
  });

  it("marks an invalid proof on the job its worker holds, and a failed job", () => {
    const book = new JobHistoryBook();
    const leased = job({ status: "leased", lease: { worker: "0xa", grantedAt: 100, deadline: 900 }, holders: ["0xa"] });
    book.observe("n", status([leased]), 150);
    book.observe("n", status([leased], [worker("0xa", { invalid: 1 }), worker("0xb")]), 300);
    book.observe(
      "n",
      status([job({ status: "failed", retries: 3, holders: ["0xa"] })], [worker("0xa", { invalid: 1 })]),
      900,
    );
    expect(book.jobsList()[0]!.segments).toEqual([
      { worker: "0xa", from: 100, to: 900, outcome: "failed" },
      { worker: "0xa", from: 300, to: 300, outcome: "invalid" },
    ]);
  });

  it("orders each JD's workers least recently served first, and freezes a JD no longer followed", () => {
    const book = new JobHistoryBook();
    const workers = [worker("0xa", { lastServedAt: 500 }), worker("0xb", { lastServedAt: 200 }), worker("0xc")];
    book.observe(
      "n",
      status([job({ status: "leased", lease: { worker: "0xa", grantedAt: 500, deadline: 900 } })], workers),
      600,
    );
    expect(book.workers().map((w) => [w.worker, w.lrpRank])).toEqual([
      ["0xc", 1],
      ["0xb", 2],
      ["0xa", 3],
    ]);
    book.freeze("n", 700);
    const [history] = book.jobsList();
    expect(history!.followedUntil).toBe(700);
    expect(history!.segments).toEqual([{ worker: "0xa", from: 500, to: 700, outcome: "leased" }]);
    expect(book.workers().every((w) => !w.connected)).toBe(true);
  });

  it("keeps the most recent epochs of each JD", () => {
    const book = new JobHistoryBook({ epochsPerJd: 2 });
    for (const epoch of ["8", "9", "10"]) {
      book.observe("n", status([job({ jobId: `${epoch}:0`, epoch })]), 1);
    }
    expect(book.jobsList().map((j) => j.epoch)).toEqual(["9", "10"]);
  });
});
