/* eslint-disable @typescript-eslint/no-explicit-any -- JSON-RPC answers are untyped JSON, checked field by field with expect(). */
// The job server's JSON-RPC 2.0 protocol over real sockets, with real Groth16 proofs and a real lmdb store: envelope and
// batch rules, registration (signed, expiring, unreplayable), assignment, leases, late and duplicate results, invalid
// proofs and the circuit breaker, retries, WebSocket pushes, rate limits, metrics, and state kept across a restart.
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { Wallet, type Signer } from "ethers";
import WebSocket from "ws";
import { proveChunk, releaseProver, type ChunkProof } from "@blockage/circuits";
import { chunkProofHash, signChunkResult, signWorkerRegistration } from "@blockage/client";
import { chunkJob } from "./job-board";
import { createJobServer, type JobServer, type JobServerOptions } from "./job-server";
import { JOB_ERRORS, RPC_ERRORS } from "./errors";
import type { JobRecord, Witness } from "./store";

const OTHER = "0x3C44CdDdB6a900fa2b585dd299e03d12FA4293BC";
const txsOf = (tag: number) => Array.from({ length: 16 }, (_, i) => BigInt(tag * 1000 + i + 1));

let dir: string;
let jd: JobServer;
let options: JobServerOptions;
/** Valid proofs of synthetic chunks 0..3 (bound to the JD) and one of chunk 0 bound to another address. */
const proofs: ChunkProof[] = [];
let foreign: ChunkProof;

function syntheticJobs(epoch: string, count: number, prover: string): { jobs: JobRecord[]; witnesses: Witness[] } {
  const made = Array.from({ length: count }, (_, c) =>
    chunkJob({ epoch, chunkId: c, prevState: BigInt(c), txs: txsOf(c), prover }),
  );
  return { jobs: made.map((m) => m.job), witnesses: made.map((m) => m.witness) };
}

async function rpc(body: unknown, raw = false): Promise<{ status: number; json: any }> {
  const res = await fetch(jd.httpUrl, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: raw ? (body as string) : JSON.stringify(body),
  });
  const text = await res.text();
  return { status: res.status, json: text === "" ? null : JSON.parse(text) };
}

let nextId = 1;
async function call(method: string, params?: unknown): Promise<any> {
  const { json } = await rpc({ jsonrpc: "2.0", id: nextId++, method, params });
  return json;
}

async function registered(wallet: Signer): Promise<string> {
  const { registration, signature } = await signWorkerRegistration(wallet, { chainId: jd.chainId, jd: jd.address });
  const answer = await call("register_worker", {
    registration: { ...registration, expiresAt: registration.expiresAt.toString() },
    signature,
  });
  expect(answer.error).toBeUndefined();
  return answer.result.sessionId;
}

async function result(wallet: Signer, sessionId: string, jobId: string, chunkId: number, chunk: ChunkProof) {
  const proofHash = chunkProofHash(chunk);
  const signature = await signChunkResult(wallet, {
    chainId: jd.chainId,
    result: { jd: jd.address, worker: await wallet.getAddress(), jobId, chunkId: BigInt(chunkId), proofHash },
  });
  return { sessionId, jobId, chunkId, proof: chunk.proof, publicInputs: chunk.publicSignals, signature };
}

async function startJd(extra: Partial<JobServerOptions> = {}): Promise<JobServer> {
  return createJobServer({ ...options, ...extra });
}

beforeAll(async () => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), "jd-test-"));
  options = {
    address: Wallet.createRandom().address,
    chainId: 31337n,
    dataDir: dir,
    leaseMs: 60_000,
    maxInFlight: 2,
    maxRetries: 1,
    pollMs: 200,
    tickMs: 100,
    verifierThreads: 1,
    breaker: { threshold: 3, windowMs: 60_000, cooldownMs: 60_000 },
  };
  jd = await startJd();
  for (let c = 0; c < 4; c++) {
    proofs.push(await proveChunk({ prevState: BigInt(c), txs: txsOf(c), prover: jd.address }));
  }
  foreign = await proveChunk({ prevState: 0n, txs: txsOf(0), prover: OTHER });
  await releaseProver();
}, 240_000);

afterAll(async () => {
  await jd?.stop();
  if (dir) fs.rmSync(dir, { recursive: true, force: true });
});

describe("JSON-RPC 2.0 envelope", () => {
  it("answers a parse error, an invalid request, an unknown method and bad params with the spec's codes", async () => {
    const parse = await rpc("{not json", true);
    expect(parse.json).toMatchObject({ jsonrpc: "2.0", id: null, error: { code: RPC_ERRORS.ParseError } });
    const version = await rpc({ jsonrpc: "1.0", id: 7, method: "get_status" });
    expect(version.json).toMatchObject({ id: 7, error: { code: RPC_ERRORS.InvalidRequest } });
    const noMethod = await rpc({ jsonrpc: "2.0", id: 8 });
    expect(noMethod.json.error.code).toBe(RPC_ERRORS.InvalidRequest);
    const numberMethod = await rpc({ jsonrpc: "2.0", id: 9, method: 5 });
    expect(numberMethod.json.error.code).toBe(RPC_ERRORS.InvalidRequest);
    const unknown = await call("mine_bitcoin", {});
    expect(unknown.error.code).toBe(RPC_ERRORS.MethodNotFound);
    const positional = await call("get_receipts", ["0x00"]);
    expect(positional.error.code).toBe(RPC_ERRORS.InvalidParams);
    const badWorker = await call("get_receipts", { worker: 42 });
    expect(badWorker.error.code).toBe(RPC_ERRORS.InvalidParams);
    const badRegistration = await call("register_worker", { registration: { jd: "nope" }, signature: "0x" });
    expect(badRegistration.error.code).toBe(RPC_ERRORS.InvalidParams);
  });

  it("answers batches with arrays, and notifications with nothing", async () => {
    const batch = await rpc([
      { jsonrpc: "2.0", id: 1, method: "get_status" },
      { jsonrpc: "2.0", method: "get_status" },
      { jsonrpc: "2.0", id: 2, method: "nope" },
      null,
    ]);
    expect(batch.json).toHaveLength(3);
    expect(batch.json[0]).toMatchObject({ id: 1, result: { jd: jd.address } });
    expect(batch.json[1]).toMatchObject({ id: 2, error: { code: RPC_ERRORS.MethodNotFound } });
    expect(batch.json[2]).toMatchObject({ id: null, error: { code: RPC_ERRORS.InvalidRequest } });
    const one = await rpc([{ jsonrpc: "2.0", id: 3, method: "get_status" }]);
    expect(Array.isArray(one.json)).toBe(true);
    expect(one.json).toHaveLength(1);
    const empty = await rpc([]);
    expect(empty.json).toMatchObject({ id: null, error: { code: RPC_ERRORS.InvalidRequest } });
    const notifications = await rpc([{ jsonrpc: "2.0", method: "get_status" }]);
    expect(notifications.status).toBe(204);
    expect((await rpc({ jsonrpc: "2.0", method: "get_status" })).status).toBe(204);
  });

  it("serves Prometheus metrics and a health check on the same port", async () => {
    const metrics = await (await fetch(`${jd.httpUrl}/metrics`)).text();
    expect(metrics).toContain("# TYPE blockage_jd_jobs gauge");
    expect(metrics).toContain('blockage_jd_rpc_calls_total{method="get_status"}');
    expect(await (await fetch(`${jd.httpUrl}/healthz`)).text()).toBe("ok");
    expect((await fetch(`${jd.httpUrl}/nothing`)).status).toBe(404);
  });
});

describe("registration", () => {
  it("opens a session for a signed registration and refuses bad, foreign, expired and replayed ones", async () => {
    const worker = Wallet.createRandom();
    const { registration, signature } = await signWorkerRegistration(worker, { chainId: jd.chainId, jd: jd.address });
    const params = { registration: { ...registration, expiresAt: registration.expiresAt.toString() }, signature };
    const ok = await call("register_worker", params);
    expect(ok.result).toMatchObject({
      worker: worker.address,
      jd: jd.address,
      chainId: jd.chainId.toString(),
      maxInFlight: 2,
    });
    const replay = await call("register_worker", params);
    expect(replay.error.code).toBe(JOB_ERRORS.InvalidSignature);

    const forged = await signWorkerRegistration(Wallet.createRandom(), { chainId: jd.chainId, jd: jd.address });
    const impostor = await call("register_worker", {
      registration: {
        ...forged.registration,
        worker: worker.address,
        expiresAt: forged.registration.expiresAt.toString(),
      },
      signature: forged.signature,
    });
    expect(impostor.error.code).toBe(JOB_ERRORS.InvalidSignature);

    const otherJd = await signWorkerRegistration(worker, { chainId: jd.chainId, jd: OTHER });
    const foreignJd = await call("register_worker", {
      registration: { ...otherJd.registration, expiresAt: otherJd.registration.expiresAt.toString() },
      signature: otherJd.signature,
    });
    expect(foreignJd.error.code).toBe(JOB_ERRORS.InvalidSignature);

    const otherChain = await signWorkerRegistration(worker, { chainId: 1n, jd: jd.address });
    const foreignChain = await call("register_worker", {
      registration: { ...otherChain.registration, expiresAt: otherChain.registration.expiresAt.toString() },
      signature: otherChain.signature,
    });
    expect(foreignChain.error.code).toBe(JOB_ERRORS.InvalidSignature);

    const old = await signWorkerRegistration(worker, {
      chainId: jd.chainId,
      jd: jd.address,
      now: Date.now() - 3_600_000,
    });
    const expired = await call("register_worker", {
      registration: { ...old.registration, expiresAt: old.registration.expiresAt.toString() },
      signature: old.signature,
    });
    expect(expired.error.code).toBe(JOB_ERRORS.InvalidSignature);

    const noSession = await call("get_job", { sessionId: "0x" + "00".repeat(32) });
    expect(noSession.error.code).toBe(JOB_ERRORS.NotRegistered);
    expect((await call("get_job", {})).error.code).toBe(JOB_ERRORS.NotRegistered);
  });
});

describe("jobs, leases and results", () => {
  const a = Wallet.createRandom();
  const b = Wallet.createRandom();
  let sa: string;
  let sb: string;

  beforeAll(async () => {
    const { jobs, witnesses } = syntheticJobs("1000", 4, jd.address);
    await jd.board.addJobs(jobs, witnesses);
    sa = await registered(a);
    sb = await registered(b);
  });

  it("leases jobs with their witness, at most maxInFlight per worker", async () => {
    const first = (await call("get_job", { sessionId: sa })).result.job;
    expect(first).toMatchObject({
      jobId: "1000:0",
      chunkId: 0,
      epoch: "1000",
      witnessData: { prevState: "0", prover: jd.address },
    });
    expect(first.witnessData.txs).toEqual(txsOf(0).map(String));
    expect(first.deadline).toBeGreaterThan(Date.now());
    const second = (await call("get_job", { sessionId: sa })).result.job;
    expect(second.jobId).toBe("1000:1");
    const third = (await call("get_job", { sessionId: sa })).result;
    expect(third).toMatchObject({ job: null });
    expect(third.retryAfterMs).toBeGreaterThan(0);
    const forB = (await call("get_job", { sessionId: sb })).result.job;
    expect(forB.jobId).toBe("1000:2");
  });

  it("refuses someone else's job, a proof bound to another address, a tampered proof and a bad signature", async () => {
    const before = jd.status() as any;
    const notYours = await call("submit_result", await result(b, sb, "1000:0", 0, proofs[0]!));
    expect(notYours.error.code).toBe(JOB_ERRORS.NotYourJob);
    const unknown = await call("submit_result", await result(a, sa, "1000:99", 99, proofs[0]!));
    expect(unknown.error.code).toBe(JOB_ERRORS.UnknownJob);
    const bound = await call("submit_result", await result(a, sa, "1000:0", 0, foreign));
    expect(bound.error.code).toBe(JOB_ERRORS.InvalidProof);
    const tampered = {
      ...proofs[0]!,
      proof: { ...proofs[0]!.proof, pi_a: [proofs[0]!.proof.pi_c[0]!, proofs[0]!.proof.pi_c[1]!, "1"] },
    };
    const invalid = await call("submit_result", await result(a, sa, "1000:0", 0, tampered));
    expect(invalid.error.code).toBe(JOB_ERRORS.InvalidProof);
    const signedByB = await result(b, sa, "1000:0", 0, proofs[0]!);
    const badSignature = await call("submit_result", signedByB);
    expect(badSignature.error.code).toBe(JOB_ERRORS.InvalidSignature);
    const wrongTypes = await call("submit_result", {
      ...(await result(a, sa, "1000:0", 0, proofs[0]!)),
      chunkId: "zero",
    });
    expect(wrongTypes.error.code).toBe(RPC_ERRORS.InvalidParams);
    const after = jd.status() as any;
    expect(after.queue).toEqual(before.queue);
    expect(after.counters.accepted).toBe(before.counters.accepted);
    expect(after.counters.invalid).toBe(before.counters.invalid + 2);
  });

  it("accepts a valid result once, hands back the next job, and answers a duplicate AlreadyDone", async () => {
    const ok = await call("submit_result", await result(a, sa, "1000:0", 0, proofs[0]!));
    expect(ok.result).toMatchObject({ accepted: true, jobId: "1000:0", chunkId: 0 });
    expect(ok.result.nextJob.jobId).toBe("1000:3");
    const again = await call("submit_result", await result(a, sa, "1000:0", 0, proofs[0]!));
    expect(again.error.code).toBe(JOB_ERRORS.AlreadyDone);
    const stored = jd.store.results.get("1000:0")!;
    expect(stored.worker).toBe(a.address);
    const status = jd.status() as any;
    expect(status.counters).toMatchObject({ accepted: 1, duplicates: 1 });
    expect(status.workers.find((w: any) => w.worker === a.address)).toMatchObject({ done: 1, invalid: 2, inFlight: 2 });
    // Every job it holds, for the dashboard's timelines: the proven one with who proved it and when, the leased ones
    // with their lease; each worker's last service time gives the LRP order.
    const jobs = new Map<string, any>(status.jobs.map((j: any) => [j.jobId, j]));
    expect(jobs.get("1000:0")).toMatchObject({
      epoch: "1000",
      chunkId: 0,
      status: "done",
      lease: null,
      holders: [a.address],
      doneBy: a.address,
      acceptedAt: stored.acceptedAt,
    });
    expect(jobs.get("1000:3")).toMatchObject({ status: "leased", lease: { worker: a.address }, doneBy: null });
    expect(jobs.get("1000:2")).toMatchObject({ status: "leased", lease: { worker: b.address }, holders: [b.address] });
    const served = status.workers.find((w: any) => w.worker === a.address).lastServedAt;
    expect(served).toBe(jobs.get("1000:3").lease.grantedAt);
  });

  it("extends leases on heartbeat, and takes back a handed-back lease", async () => {
    const before = jd.board.leasesOf(a.address).map((j) => j.lease!.deadline);
    await new Promise((r) => setTimeout(r, 20));
    const hb = (await call("heartbeat", { sessionId: sa })).result;
    expect(hb.leases).toHaveLength(2);
    expect(hb.leases[0].deadline).toBeGreaterThan(before[0]!);
    const lease = hb.leases.find((l: any) => l.jobId === "1000:3");
    expect((await call("release_job", { sessionId: sa, jobId: "1000:3", leaseId: lease.leaseId })).result).toEqual({
      released: true,
    });
    expect(jd.board.job("1000:3")!.status).toBe("queued");
    const stale = await call("release_job", { sessionId: sa, jobId: "1000:3", leaseId: lease.leaseId });
    expect(stale.error.code).toBe(JOB_ERRORS.LeaseExpired);
  });

  it("answers a heartbeat whose lease is settled while the heartbeat is being stored", async () => {
    const raced = (await call("get_job", { sessionId: sa })).result.job;
    const live = (await call("heartbeat", { sessionId: sa })).result.leases;
    const lease = live.find((l: any) => l.jobId === raced.jobId);
    // One batch: the server runs both at once, so the release lands while the heartbeat's store commit is in flight.
    const { json } = await rpc([
      { jsonrpc: "2.0", id: nextId++, method: "heartbeat", params: { sessionId: sa } },
      {
        jsonrpc: "2.0",
        id: nextId++,
        method: "release_job",
        params: { sessionId: sa, jobId: raced.jobId, leaseId: lease.leaseId },
      },
    ]);
    const [hb, released] = json as any[];
    expect(hb.error).toBeUndefined();
    expect(released.result).toEqual({ released: true });
    expect(hb.result.leases.map((l: any) => l.jobId).sort()).toEqual(live.map((l: any) => l.jobId).sort());
    expect(jd.board.job(raced.jobId)!.status).toBe("queued");
  });

  it("suspends a worker after repeated invalid proofs (circuit breaker)", async () => {
    const c = Wallet.createRandom();
    const sc = await registered(c);
    await call("heartbeat", { sessionId: sb });
    const job = (await call("get_job", { sessionId: sc })).result.job;
    expect(job.jobId).toBe("1000:3");
    for (let i = 0; i < 3; i++) {
      const answer = await call("submit_result", await result(c, sc, job.jobId, job.chunkId, proofs[0]!));
      expect(answer.error.code).toBe(JOB_ERRORS.InvalidProof);
    }
    const suspended = await call("get_job", { sessionId: sc });
    expect(suspended.error.code).toBe(JOB_ERRORS.Suspended);
    expect(suspended.error.data.until).toBeGreaterThan(Date.now());
  });
});

describe("timeouts and retries", () => {
  let short: JobServer;
  let saved: JobServer;

  beforeAll(async () => {
    saved = jd;
    short = await startJd({
      dataDir: path.join(dir, "short"), // inside the suite's directory, removed with it
      leaseMs: 400,
      maxRetries: 1,
    });
    jd = short;
    const { jobs, witnesses } = syntheticJobs("2000", 2, short.address);
    await short.board.addJobs(jobs, witnesses);
  });

  afterAll(async () => {
    jd = saved;
    await short.stop();
  });

  it("reassigns a job whose lease ran out, takes a late valid result while it is open, and never pays twice", async () => {
    const a = Wallet.createRandom();
    const b = Wallet.createRandom();
    const sa = await registered(a);
    const sb = await registered(b);
    const job = (await call("get_job", { sessionId: sa })).result.job;
    expect(job.jobId).toBe("2000:0");
    await new Promise((r) => setTimeout(r, 1200));
    expect(short.board.job("2000:0")).toMatchObject({ status: "queued", retries: 1 });
    const again = (await call("get_job", { sessionId: sb })).result.job;
    expect(again.jobId).toBe("2000:0");
    const late = await call("submit_result", await result(a, sa, "2000:0", 0, proofs[0]!));
    expect(late.result).toMatchObject({ accepted: true, nextJob: { jobId: "2000:1" } });
    const second = await call("submit_result", await result(b, sb, "2000:0", 0, proofs[0]!));
    expect(second.error.code).toBe(JOB_ERRORS.AlreadyDone);
    expect(short.board.job("2000:0")!.doneBy).toBe(a.address);
  });

  it("surfaces a job that exhausts its retries as failed", async () => {
    // Job 2000:1 went to the first worker with its late result (nextJob); its lease runs out, then the next one's.
    await new Promise((r) => setTimeout(r, 1200));
    expect(short.board.job("2000:1")).toMatchObject({ status: "queued", retries: 1 });
    const c = Wallet.createRandom();
    const sc = await registered(c);
    const job = (await call("get_job", { sessionId: sc })).result.job;
    expect(job.jobId).toBe("2000:1");
    await new Promise((r) => setTimeout(r, 1200));
    expect(short.board.job("2000:1")).toMatchObject({ status: "failed", retries: 2 });
    const status = short.status() as any;
    expect(status.queue.failed).toBe(1);
    // At least: 2000:0's first lease, and 2000:1's two (a slow verification under load may add one more).
    expect(status.counters.timedOut).toBeGreaterThanOrEqual(3);
    expect(status.counters.failed).toBeGreaterThanOrEqual(1);
    expect((await call("get_job", { sessionId: sc })).result.job).toBeNull();
  });
});

describe("batched verification", () => {
  let batched: JobServer;
  let saved: JobServer;

  beforeAll(async () => {
    saved = jd;
    batched = await startJd({
      dataDir: path.join(dir, "batched"), // inside the suite's directory, removed with it
      maxInFlight: 4,
      verifierThreads: 1,
      verifierMaxBatch: 8,
    });
    jd = batched;
    const { jobs, witnesses } = syntheticJobs("4000", 4, batched.address);
    await batched.board.addJobs(jobs, witnesses);
  });

  afterAll(async () => {
    jd = saved;
    await batched.stop();
  });

  it("finds the one bad proof of a batch: it is refused with InvalidProof, the good ones of the batch are accepted", async () => {
    const w = Wallet.createRandom();
    const sw = await registered(w);
    for (let c = 0; c < 4; c++) expect((await call("get_job", { sessionId: sw })).result.job.jobId).toBe(`4000:${c}`);
    // Chunk 2's own public inputs (so it gets past their check) with a valid point that is not its proof's.
    const bad = { ...proofs[2]!, proof: { ...proofs[2]!.proof, pi_a: [...proofs[3]!.proof.pi_a.slice(0, 2), "1"] } };
    const before = (jd.status() as any).verifier;
    expect(before).toMatchObject({ threads: 1, maxBatch: 8 });
    // One JSON-RPC batch: the first result finds the thread idle and goes alone, the three others wait and are
    // verified together in one batch with the bad proof among them.
    const params = [
      await result(w, sw, "4000:0", 0, proofs[0]!),
      await result(w, sw, "4000:1", 1, proofs[1]!),
      await result(w, sw, "4000:2", 2, bad),
      await result(w, sw, "4000:3", 3, proofs[3]!),
    ];
    const { json } = await rpc(
      params.map((p, i) => ({ jsonrpc: "2.0", id: 100 + i, method: "submit_result", params: p })),
    );
    const answers = new Map<number, any>((json as any[]).map((a) => [a.id, a]));
    expect(answers.get(100).result).toMatchObject({ accepted: true, jobId: "4000:0" });
    expect(answers.get(101).result).toMatchObject({ accepted: true, jobId: "4000:1" });
    expect(answers.get(102).error).toMatchObject({ code: JOB_ERRORS.InvalidProof, data: { jobId: "4000:2" } });
    expect(answers.get(103).result).toMatchObject({ accepted: true, jobId: "4000:3" });
    const after = (jd.status() as any).verifier;
    expect(after.verified - before.verified).toBe(4);
    expect(after.batches - before.batches).toBe(2);
    expect(jd.board.job("4000:2")!.status).not.toBe("done");
    expect(jd.store.results.get("4000:3")!.worker).toBe(w.address);
    // Resubmitted with its real proof, it is accepted.
    const fixed = await call("submit_result", await result(w, sw, "4000:2", 2, proofs[2]!));
    expect(fixed.result).toMatchObject({ accepted: true, jobId: "4000:2" });
  });
});

describe("WebSocket", () => {
  it("pushes a queued job to an idle registered worker and chains the next one in submit_result", async () => {
    const w = Wallet.createRandom();
    const ws = new WebSocket(jd.wsUrl);
    const inbox: any[] = [];
    const waiters: ((m: any) => void)[] = [];
    ws.on("message", (data) => {
      const m = JSON.parse(data.toString());
      const waiter = waiters.shift();
      if (waiter) waiter(m);
      else inbox.push(m);
    });
    await new Promise((r) => ws.once("open", r));
    const next = () =>
      new Promise<any>((resolve) => (inbox.length > 0 ? resolve(inbox.shift()) : waiters.push(resolve)));
    try {
      const { registration, signature } = await signWorkerRegistration(w, { chainId: jd.chainId, jd: jd.address });
      ws.send(
        JSON.stringify({
          jsonrpc: "2.0",
          id: 1,
          method: "register_worker",
          params: { registration: { ...registration, expiresAt: registration.expiresAt.toString() }, signature },
        }),
      );
      expect((await next()).result.worker).toBe(w.address);
      const { jobs, witnesses } = syntheticJobs("3000", 2, jd.address);
      await jd.board.addJobs(jobs, witnesses);
      const push = await next();
      expect(push).toMatchObject({ jsonrpc: "2.0", method: "job", params: { jobId: "3000:0", chunkId: 0 } });
      expect(push.id).toBeUndefined();
      const params = await result(w, "", "3000:0", 0, proofs[0]!);
      ws.send(
        JSON.stringify({ jsonrpc: "2.0", id: 2, method: "submit_result", params: { ...params, sessionId: undefined } }),
      );
      const answer = await next();
      expect(answer).toMatchObject({ id: 2, result: { accepted: true, nextJob: { jobId: "3000:1" } } });
      ws.send("]");
      expect((await next()).error.code).toBe(RPC_ERRORS.ParseError);
    } finally {
      ws.terminate();
    }
  });

  it("limits request rates per connection", async () => {
    const ws = new WebSocket(jd.wsUrl);
    await new Promise((r) => ws.once("open", r));
    const answers: any[] = [];
    ws.on("message", (d) => answers.push(JSON.parse(d.toString())));
    const batch = Array.from({ length: 450 }, (_, i) => ({ jsonrpc: "2.0", id: i, method: "heartbeat", params: {} }));
    ws.send(JSON.stringify(batch));
    await new Promise((r) => setTimeout(r, 1000));
    ws.terminate();
    const all = answers.flat();
    const limited = all.filter((m) => m.error?.code === JOB_ERRORS.RateLimited);
    expect(limited.length).toBeGreaterThan(0);
    expect(limited[0].error.data.retryAfterMs).toBeGreaterThan(0);
  });
});

describe("durability", () => {
  it("keeps jobs, leases, results and worker statistics across a restart", async () => {
    const before = jd.status() as any;
    const stored = jd.store.results.get("1000:0")!;
    await jd.stop();
    jd = await startJd();
    const after = jd.status() as any;
    expect(after.queue).toEqual(before.queue);
    expect(jd.store.results.get("1000:0")).toEqual(stored);
    const stats = (s: any) => s.workers.map((w: any) => [w.worker, w.done, w.invalid, w.inFlight]).sort();
    expect(stats(after)).toEqual(stats(before));
    // Sessions do not survive: a worker registers again.
    expect((await call("heartbeat", { sessionId: "0x" + "11".repeat(32) })).error.code).toBe(JOB_ERRORS.NotRegistered);
  });
});
