// createWorker against a fake job distributor on 127.0.0.1: real Groth16 proofs (about 2 s each), real sockets, every
// signature and proof checked by the fake JD (its `problems` must stay empty).
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { proveChunk, releaseProver, type ChunkProof } from "@blockage/circuits";
import { Wallet } from "ethers";
import { afterAll, afterEach, describe, expect, it } from "vitest";
import { ProofStore } from "./proof-store";
import { JD_ERROR } from "./protocol";
import { FakeJd, fakeJob, type FakeJdOptions } from "./testing/fake-jd";
import { createWorker, reconnectDelayMs } from "./worker";
import type { CreateWorkerParameters, ProverWorker, WorkerEvents } from "./worker-types";

/** Hardhat's account #1: the worker. */
const signer = new Wallet("0x59c6995e998f97a5a0044966f0945389dc9e86dae88c7a8412f4603b6b78690d");

const cleanups: (() => unknown)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});
afterAll(releaseProver);

async function fakeJd(options: FakeJdOptions = {}): Promise<FakeJd> {
  const jd = await FakeJd.start(options);
  cleanups.push(() => jd.close());
  return jd;
}

function temporaryDir(): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "blockage-worker-test-"));
  cleanups.push(() => fs.rmSync(dir, { recursive: true, force: true }));
  return dir;
}

function worker(params: Pick<CreateWorkerParameters, "jdUrl"> & Partial<CreateWorkerParameters>): ProverWorker {
  const created = createWorker({ signer, dataDir: temporaryDir(), receiptsPollMs: 200, ...params });
  cleanups.push(() => created.stop({ handBack: true }));
  return created;
}

/** The next `event` whose arguments satisfy `accept`. */
function next<E extends keyof WorkerEvents>(
  w: ProverWorker,
  event: E,
  accept: (...args: WorkerEvents[E]) => boolean = () => true,
): Promise<WorkerEvents[E]> {
  return new Promise((resolve) => {
    const listener = (...args: WorkerEvents[E]) => {
      if (!accept(...args)) return;
      w.off(event, listener);
      resolve(args);
    };
    w.on(event, listener);
  });
}

async function eventually(check: () => boolean, timeoutMs = 30_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!check()) {
    if (Date.now() > deadline) throw new Error("timed out waiting for a condition");
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
}

const keptFiles = (dir: string) => fs.readdirSync(dir).filter((name) => name.endsWith(".proof.json"));

/** A real chunk proof for tests that only resubmit one: the first the fake JDs accepted, else a fresh one. */
let someProof: ChunkProof | undefined;
async function aChunkProof(prover: string): Promise<ChunkProof> {
  someProof ??= await proveChunk({ prevState: 1n, txs: Array.from({ length: 16 }, (_, i) => BigInt(i)), prover });
  return someProof;
}

describe("createWorker", () => {
  it("proves a job pushed over WebSocket, then the nextJob handed back with its result, signed", async () => {
    const jd = await fakeJd({ serveGetJob: false, maxInFlight: 2, heartbeatMs: 500 });
    jd.addJob(fakeJob(7, 0, jd.jd));
    jd.addJob(fakeJob(7, 1, jd.jd));
    const dataDir = temporaryDir();
    const w = worker({ jdUrl: jd.wsUrl, dataDir });
    const taken: [string, string][] = [];
    w.on("job", (job, source) => taken.push([job.jobId, source]));

    await w.start();
    await eventually(() => w.status().jobsDone === 2);

    expect(jd.problems).toEqual([]);
    expect(taken).toEqual([
      ["7:0", "push"],
      ["7:1", "nextJob"],
    ]);
    expect(jd.state.accepted.map((a) => a.jobId)).toEqual(["7:0", "7:1"]);
    expect(jd.state.accepted.every((a) => BigInt(a.publicInputs[3]) === BigInt(jd.jd))).toBe(true);
    someProof ??= { proof: jd.state.accepted[0]!.proof, publicSignals: jd.state.accepted[0]!.publicInputs };
    // Both results were accepted: nothing is kept, and the receipts say what was earned.
    expect(keptFiles(dataDir)).toEqual([]);
    await eventually(() => w.status().earnings === 2000n);
    const status = w.status();
    expect(status).toMatchObject({ connection: "registered", jd: jd.jd, chainId: 31337n, keptProofs: 0 });
    expect(status.counters).toMatchObject({ proven: 2, accepted: 2, resubmitted: 0 });
    expect(status.lastProvingMs).toBeGreaterThan(0);
    expect(status.limits).toEqual({ maxInFlight: 2, heartbeatMs: 500, leaseMs: 60_000 });
    // Leases held for seconds were heartbeaten.
    expect(jd.callsOf("heartbeat").length).toBeGreaterThanOrEqual(2);
  });

  it("polls get_job over HTTP as retryAfterMs says, re-registers on NotRegistered, proves the job it gets", async () => {
    const jd = await fakeJd({ retryAfterMs: 100, maxInFlight: 1 });
    const w = worker({ jdUrl: jd.httpUrl });
    await w.start();
    await eventually(() => jd.callsOf("get_job").length >= 2);
    jd.forgetSessions();
    await eventually(() => jd.callsOf("register_worker").length === 2);
    const job = fakeJob(8, 2, jd.jd);
    jd.addJob(job);
    const taken = next(w, "job");
    const [submitted] = await next(w, "submitted");

    expect(jd.problems).toEqual([]);
    expect((await taken)[1]).toBe("get_job");
    expect(submitted).toEqual({ jobId: "8:2", epoch: "8", chunkId: 2, outcome: "accepted", resubmitted: false });
    expect(w.status().counters.notRegistered).toBe(1);
    expect(jd.calls.every((c) => c.transport === "http")).toBe(true);
    // Over HTTP every session method carries the sessionId.
    const sessionCalls = jd.calls.filter((c) => !["get_status", "register_worker", "get_receipts"].includes(c.method));
    expect(sessionCalls.every((c) => typeof c.params.sessionId === "string")).toBe(true);
  });

  it("keeps the proof when the JD goes away mid-job, reconnects and resubmits it without proving again", async () => {
    const first = await fakeJd();
    first.addJob(fakeJob(9, 0, first.jd));
    const dataDir = temporaryDir();
    const w = worker({ jdUrl: first.wsUrl, dataDir });
    const proving = next(w, "proving");
    await w.start();
    await proving;
    await first.close();
    const proven = next(w, "proven");
    await proven;
    expect(keptFiles(dataDir)).toHaveLength(1);
    expect(w.status().connection).not.toBe("registered");

    // The JD comes back on the same port with its state (a real JD keeps it in its database).
    const resubmitted = next(w, "submitted", (r) => r.resubmitted);
    const second = await fakeJd({ port: first.portNumber, jd: first.jd, state: first.state });
    const [result] = await resubmitted;

    expect(result).toMatchObject({ jobId: "9:0", outcome: "accepted" });
    expect(second.problems).toEqual([]);
    expect(second.callsOf("register_worker")).toHaveLength(1);
    expect(second.state.accepted.map((a) => a.jobId)).toEqual(["9:0"]);
    expect(keptFiles(dataDir)).toEqual([]);
    expect(w.status().counters).toMatchObject({ proven: 1, accepted: 1, resubmitted: 1 });
    expect(w.status().counters.reconnects).toBeGreaterThanOrEqual(1);
  });

  it("waits as RateLimited and Suspended say before asking for jobs again", async () => {
    const jd = await fakeJd({
      refusals: {
        get_job: [
          { code: JD_ERROR.RateLimited, data: { retryAfterMs: 50 } },
          { code: JD_ERROR.Suspended, data: () => ({ until: Date.now() + 600 }) },
        ],
      },
    });
    const w = worker({ jdUrl: jd.httpUrl });
    const warned = next(w, "warning");
    await w.start();
    await eventually(() => jd.callsOf("get_job").length === 2);
    expect((await warned)[0]).toMatch(/^the job distributor suspended this worker for 1 s$/);
    expect(w.status().suspendedUntil).toBeGreaterThan(Date.now());
    await eventually(() => jd.callsOf("get_job").length === 3);

    const [limited, suspended, after] = jd.callsOf("get_job").map((call) => call.at);
    expect(suspended! - limited!).toBeGreaterThanOrEqual(50);
    expect(after! - suspended!).toBeGreaterThanOrEqual(590);
    expect(w.status()).toMatchObject({ suspendedUntil: null, counters: { rateLimited: 1, suspended: 1 } });
  });

  it("hands back a malformed job instead of proving it", async () => {
    const jd = await fakeJd({ retryAfterMs: 5_000 });
    const malformed = fakeJob(14, 0, jd.jd);
    malformed.witnessData.txs = malformed.witnessData.txs.slice(0, 3);
    jd.addJob(malformed);
    const w = worker({ jdUrl: jd.httpUrl });
    const warned = next(w, "warning");
    await w.start();
    await eventually(() => jd.callsOf("release_job").length === 1);

    expect((await warned)[0]).toBe(
      "a malformed job from get_job: the job distributor sent a job's witnessData.txs that is not an array of 16 " +
        `transactions: ${JSON.stringify(malformed.witnessData.txs)}`,
    );
    expect(jd.callsOf("release_job")[0]!.params).toMatchObject({ jobId: "14:0" });
    expect(w.status().counters).toMatchObject({ released: 1, proven: 0 });
  });

  it("stop({ handBack: true }) hands back the job being proven with release_job", async () => {
    const jd = await fakeJd();
    jd.addJob(fakeJob(10, 0, jd.jd));
    const w = worker({ jdUrl: jd.wsUrl });
    const proving = next(w, "proving");
    await w.start();
    const [chunk] = await proving;
    const leaseId = jd.state.leases.get("10:0")!.job.leaseId;

    await w.stop({ handBack: true });

    expect(chunk).toMatchObject({ jobId: "10:0", state: "proving" });
    expect(jd.callsOf("release_job").map((c) => c.params)).toEqual([
      { jobId: "10:0", leaseId, sessionId: expect.any(String) },
    ]);
    expect(jd.state.queue.map((job) => job.jobId)).toEqual(["10:0"]);
    expect(w.status()).toMatchObject({ connection: "stopped", current: [], counters: { proven: 0, released: 1 } });
  });

  it("deletes a kept proof the JD answers AlreadyDone, and keeps one for another JD", async () => {
    const jd = await fakeJd();
    jd.state.done.add("11:0");
    const dataDir = temporaryDir();
    const store = new ProofStore(dataDir);
    await store.open();
    const chunk = await aChunkProof(jd.jd);
    const kept = {
      jd: jd.jd,
      chainId: "31337",
      jobId: "11:0",
      chunkId: 0,
      epoch: "11",
      leaseId: "0x01",
      proof: chunk.proof,
      publicSignals: [...chunk.publicSignals] as [string, string, string, string],
      provingMs: 1000,
      provenAt: Date.now(),
    };
    await store.save(kept);
    await store.save({ ...kept, jd: Wallet.createRandom().address, jobId: "3:1" });
    const w = worker({ jdUrl: jd.httpUrl, dataDir });
    const submitted = next(w, "submitted");

    await w.start();
    const [result] = await submitted;

    expect(result).toEqual({ jobId: "11:0", epoch: "11", chunkId: 0, outcome: "AlreadyDone", resubmitted: true });
    expect(keptFiles(dataDir)).toEqual([path.basename(store.fileOf("3:1"))]);
    expect(w.status()).toMatchObject({ jobsDone: 0, keptProofs: 1, counters: { alreadyDone: 1, proven: 0 } });
    expect(jd.callsOf("submit_result")).toHaveLength(1);
  });
});

describe("reconnectDelayMs", () => {
  it("doubles from 250 ms to 10 s, half of it jitter", () => {
    expect([0, 1, 2, 3, 4, 5, 6, 10].map((attempt) => reconnectDelayMs(attempt, 0.999999))).toEqual([
      250, 500, 1000, 2000, 4000, 8000, 10_000, 10_000,
    ]);
    expect([0, 1, 6].map((attempt) => reconnectDelayMs(attempt, 0))).toEqual([125, 250, 5000]);
  });
});

describe("ProofStore", () => {
  it("writes atomically into a 0700 directory, one safe file name per job id", async () => {
    const dir = path.join(temporaryDir(), "nested", "worker");
    const store = new ProofStore(dir);
    await store.open();
    expect(fs.statSync(dir).mode & 0o777).toBe(0o700);
    expect(path.basename(store.fileOf("7:3"))).toBe("7%3A3.proof.json");
    expect(path.basename(store.fileOf("../x"))).toBe("%2e%2e%2Fx.proof.json");
    expect(await store.list()).toEqual([]);
    fs.writeFileSync(path.join(dir, "broken.proof.json"), "{");
    const bad: string[] = [];
    expect(await store.list((file) => bad.push(file))).toEqual([]);
    expect(bad).toEqual([path.join(dir, "broken.proof.json")]);
  });
});
