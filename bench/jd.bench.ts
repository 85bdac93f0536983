/* eslint-disable @typescript-eslint/no-explicit-any -- JSON-RPC answers are untyped JSON. */
/**
 * `npm run bench` (CrowdProve part): the job distributor under load, on loopback. Writes bench/jd.json as
 * `{ "assignRoundTripsPerSec", "assignP99Ms", "acceptedPerSec", "verifyPerSecSingleCore",
 *    "verifyPerSecSingleCoreBatched", "cores", "epochWallMs": { "1", "2", "4" }, "rssMbAt10kJobs" }` (other tooling reads these keys) and bench/jd-details.json.
 *
 * - Assignment path: a job server in its own process (bench/jd-server.mjs) with 10,000 queued chunk jobs; 100
 *   simulated workers, each on its own WebSocket, register, then send get_job and heartbeat alternately at
 *   ASSIGN_RATE requests per second each (paced, as real workers are: 2,500 per second offered) for ASSIGN_SECONDS.
 *   Round trips answered per second and the 99th percentile of their latency.
 * - rssMbAt10kJobs: the server process's resident memory (its get_status) with the 10,000 jobs queued and the 100
 *   workers connected and registered, and again after the loop; the larger.
 * - Acceptance path: a fresh server whose jobs cycle through 8 chunks proven beforehand (real Groth16 proofs bound to
 *   the server's address; results signed beforehand too), verifier threads = cores; 4 workers keep 4 submissions each
 *   in flight until every job is accepted. Every result is verified (four public signals, worker thread) before it is
 *   accepted. acceptedPerSec = accepted / wall time.
 * - verifyPerSecSingleCore: one verifier thread (the same code the server runs) checking those proofs one after the
 *   other for VERIFY_SECONDS, in this process, while the server is idle: one core's one-by-one rate. The target is
 *   acceptedPerSec ≥ 0.8 × cores × verifyPerSecSingleCore. The details add `cores` threads verifying and nothing
 *   else (verifyPerSecAllCores): the machine's own ceiling, since its cores do not scale linearly (coreScaling).
 * - verifyPerSecSingleCoreBatched: one verifier thread with maxBatch = the pool's default (DEFAULT_VERIFIER_MAX_BATCH),
 *   kept busy (2 × maxBatch requests in flight) for BATCH_SECONDS: one core's rate with batched verification
 *   (verifyChunkBatch). The details give it for every size of BATCH_SIZES (batchedVerifyPerSecSingleCore; size 1 is
 *   the one-by-one rate measured the same way) and for `cores` batching threads (verifyPerSecAllCoresBatched). The
 *   acceptance server runs the default too: its mean batch size is in the details. The same thread at the default
 *   when one proof in maxBatch is invalid (batchedOneInvalidPerBatchPerSecSingleCore: each batch holding one is
 *   bisected) and when all are (batchedAllInvalidPerSecSingleCore, against oneByOneAllInvalidPerSecSingleCore). The
 *   acceptance path is run twice, one by one (verifierMaxBatch 1, in the details' `oneByOne`) then at the default:
 *   acceptedPerSec is the default's.
 * - epochWallMs: one 8-chunk epoch (two blocks of 64 transactions) on a local Hardhat node, proven by a real
 *   `blockage-jd` process and 1, 2 or 4 `blockage-worker` processes (one proof at a time each) on this machine: from
 *   the moment the epoch's proof race opens (every process already up, every worker registered) to its proof
 *   accepted on-chain — the JD's discovery, the proving, the verification and the submission.
 */
import { spawn, type ChildProcess } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { performance } from "node:perf_hooks";
import { randomBytes } from "node:crypto";
import { Wallet, type HDNodeWallet } from "ethers";
import type { ChunkProof } from "@blockage/circuits";
import WebSocket from "ws";

const ROOT = path.resolve(__dirname, "..");
const ASSIGN_WORKERS = 100;
const ASSIGN_SECONDS = 8;
/** Requests per second each simulated worker sends (100 workers: 2,500 round trips per second offered). */
const ASSIGN_RATE = 25;
const VERIFY_SECONDS = 6;
/** Batch sizes whose one-core rate is measured, and for how long each. */
const BATCH_SIZES = [1, 4, 8, 16, 32];
const BATCH_SECONDS = 5;
const ACCEPT_JOBS = 320;
const CHAIN_ID = 31337n;
const cores = os.availableParallelism();

const percentile = (xs: number[], p: number) =>
  [...xs].sort((a, b) => a - b)[Math.min(xs.length - 1, Math.floor((p / 100) * xs.length))]!;
const randomField = () => (BigInt(`0x${randomBytes(32).toString("hex")}`) >> 8n).toString();

/** A JSON-RPC client on one WebSocket. */
class Rpc {
  private nextId = 1;
  private readonly pending = new Map<number, (answer: { result?: any; error?: any }) => void>();
  /** Jobs the server pushed (`job` notifications). */
  readonly pushed: any[] = [];
  constructor(readonly ws: WebSocket) {
    ws.on("message", (data) => {
      const m = JSON.parse(data.toString());
      if (m.method === "job") this.pushed.push(m.params);
      if (m.id === undefined) return;
      this.pending.get(m.id)?.(m);
      this.pending.delete(m.id);
    });
  }
  static async open(url: string): Promise<Rpc> {
    const ws = new WebSocket(url);
    await new Promise((resolve, reject) => ws.once("open", resolve).once("error", reject));
    return new Rpc(ws);
  }
  call(method: string, params: unknown): Promise<{ result?: any; error?: any }> {
    const id = this.nextId++;
    return new Promise((resolve) => {
      this.pending.set(id, resolve);
      this.ws.send(JSON.stringify({ jsonrpc: "2.0", id, method, params }));
    });
  }
}

interface Server {
  port: number;
  process: ChildProcess;
  stop(): Promise<void>;
}

/** Starts bench/jd-server.mjs with a spec; resolves once it listens. */
async function startServer(spec: Record<string, unknown>): Promise<Server> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "jd-bench-"));
  const file = path.join(dir, "spec.json");
  fs.writeFileSync(file, JSON.stringify({ ...spec, dataDir: path.join(dir, "store") }));
  const profile = process.env.BENCH_JD_PROFILE ? ["--cpu-prof", "--cpu-prof-dir", process.env.BENCH_JD_PROFILE] : [];
  const child = spawn(process.execPath, [...profile, path.join(ROOT, "bench", "jd-server.mjs"), file], {
    stdio: ["ignore", "pipe", "inherit"],
  });
  const port = await new Promise<number>((resolve, reject) => {
    let out = "";
    child.stdout!.on("data", (d) => {
      out += d;
      const line = out.split("\n")[0];
      if (out.includes("\n")) resolve(JSON.parse(line!).port);
    });
    child.once("exit", (code) => reject(new Error(`the job server exited (${code}) before listening`)));
  });
  return {
    port,
    process: child,
    async stop() {
      if (child.exitCode === null) {
        const exited = new Promise((r) => child.once("exit", r));
        child.kill("SIGTERM");
        await exited;
      }
      fs.rmSync(dir, { recursive: true, force: true });
    },
  };
}

async function registerOn(rpc: Rpc, wallet: HDNodeWallet, jd: string): Promise<void> {
  const { signWorkerRegistration } = await import("@blockage/client");
  const { registration, signature } = await signWorkerRegistration(wallet, { chainId: CHAIN_ID, jd });
  const answer = await rpc.call("register_worker", {
    registration: { ...registration, expiresAt: registration.expiresAt.toString() },
    signature,
  });
  if (answer.error) throw new Error(`register_worker: ${answer.error.message}`);
}

async function rssOf(rpc: Rpc): Promise<number> {
  return (await rpc.call("get_status", {})).result.memory.rssMb;
}

async function assignment() {
  const jd = Wallet.createRandom().address;
  const contents = Array.from({ length: 16 }, () => ({
    prevState: randomField(),
    txs: Array.from({ length: 16 }, randomField),
  }));
  const server = await startServer({
    address: jd,
    chainId: CHAIN_ID.toString(),
    count: 10_000,
    contents,
    verifierThreads: 1,
    maxInFlight: 2,
  });
  try {
    const url = `ws://127.0.0.1:${server.port}`;
    const rpcs = await Promise.all(Array.from({ length: ASSIGN_WORKERS }, () => Rpc.open(url)));
    const wallets = rpcs.map(() => Wallet.createRandom());
    await Promise.all(rpcs.map((rpc, i) => registerOn(rpc, wallets[i]!, jd)));
    const rssBefore = await rssOf(rpcs[0]!);
    // Paced (open-loop) load, as workers make it: each worker sends a request every 1000 / ASSIGN_RATE ms whether or
    // not the last one was answered, alternating get_job and heartbeat; latency is measured per request.
    const latencies: number[] = [];
    const start = performance.now();
    const end = start + ASSIGN_SECONDS * 1000;
    await Promise.all(
      rpcs.map(async (rpc, w) => {
        const sent: Promise<void>[] = [];
        for (let i = 0; ; i++) {
          const due = start + (w / rpcs.length + i) * (1000 / ASSIGN_RATE);
          if (due >= end) break;
          await new Promise((r) => setTimeout(r, Math.max(0, due - performance.now())));
          const t = performance.now();
          sent.push(
            rpc.call(i % 2 === 0 ? "get_job" : "heartbeat", {}).then((answer) => {
              latencies.push(performance.now() - t);
              if (answer.error) throw new Error(`assignment: ${answer.error.message}`);
            }),
          );
        }
        await Promise.all(sent);
      }),
    );
    const seconds = (performance.now() - start) / 1000;
    const rssAfter = await rssOf(rpcs[0]!);
    rpcs.forEach((r) => r.ws.terminate());
    return {
      assignRoundTripsPerSec: Math.round(latencies.length / seconds),
      assignP99Ms: Number(percentile(latencies, 99).toFixed(2)),
      rssMbAt10kJobs: Math.max(rssBefore, rssAfter),
      details: {
        workers: ASSIGN_WORKERS,
        ratePerWorker: ASSIGN_RATE,
        seconds: Number(seconds.toFixed(2)),
        roundTrips: latencies.length,
        p50Ms: Number(percentile(latencies, 50).toFixed(2)),
        rssBefore,
        rssAfter,
      },
    };
  } finally {
    await server.stop();
  }
}

async function acceptance() {
  const { proveChunk, releaseProver } = await import("@blockage/circuits");
  const { chunkProofHash, signChunkResult } = await import("@blockage/client");
  const { DEFAULT_VERIFIER_MAX_BATCH, VerifierPool } = await import("@blockage/job-distributor");
  const jd = Wallet.createRandom().address;
  const contents = Array.from({ length: 8 }, () => ({
    prevState: randomField(),
    txs: Array.from({ length: 16 }, randomField),
  }));
  const proofs: ChunkProof[] = [];
  for (const c of contents)
    proofs.push(await proveChunk({ prevState: BigInt(c.prevState), txs: c.txs.map(BigInt), prover: jd }));
  await releaseProver();

  // One core's rate: one verifier thread, one verification at a time.
  const single = new VerifierPool(1, { maxBatch: 1 });
  await single.verify(proofs[0]!.proof, proofs[0]!.publicSignals);
  let verified = 0;
  const vStart = performance.now();
  while (performance.now() - vStart < VERIFY_SECONDS * 1000) {
    const p = proofs[verified % proofs.length]!;
    if (!(await single.verify(p.proof, p.publicSignals))) throw new Error("a valid proof did not verify");
    verified++;
  }
  const verifyPerSecSingleCore = verified / ((performance.now() - vStart) / 1000);
  await single.close();
  // One core's rate in batches: one verifier thread with maxBatch `size`, 2 × size requests kept in flight (so a full
  // batch always waits when the thread finishes one); `isBad(i)`: the i-th request is an invalid proof (another
  // chunk's signals), which must be found.
  const invalid = { proof: proofs[0]!.proof, publicSignals: proofs[1]!.publicSignals };
  const oneCoreRate = async (size: number, isBad: (i: number) => boolean) => {
    const pool = new VerifierPool(1, { maxBatch: size });
    await pool.verify(proofs[0]!.proof, proofs[0]!.publicSignals);
    let done = 0;
    const bStart = performance.now();
    const loop = async (lane: number) => {
      for (let i = lane; performance.now() - bStart < BATCH_SECONDS * 1000; i += 2 * size) {
        const bad = isBad(i);
        const p = bad ? invalid : proofs[i % proofs.length]!;
        if ((await pool.verify(p.proof, p.publicSignals)) === bad) throw new Error("a wrong verdict");
        done++;
      }
    };
    await Promise.all(Array.from({ length: 2 * size }, (_, lane) => loop(lane)));
    const rate = Number((done / ((performance.now() - bStart) / 1000)).toFixed(1));
    await pool.close();
    return rate;
  };
  const batchedPerSec: Record<string, number> = {};
  for (const size of BATCH_SIZES) {
    batchedPerSec[String(size)] = await oneCoreRate(size, () => false);
    console.log(`one core, batches of ${size}: ${batchedPerSec[String(size)]} verifications/s`);
  }
  const verifyPerSecSingleCoreBatched = batchedPerSec[String(DEFAULT_VERIFIER_MAX_BATCH)]!;
  // Invalid proofs cost a bisection of each batch holding one: one in each batch's worth, then all of them (the worst
  // case, against one by one).
  const oneInvalidPerBatch = await oneCoreRate(DEFAULT_VERIFIER_MAX_BATCH, (i) => i % DEFAULT_VERIFIER_MAX_BATCH === 5);
  const allInvalidBatched = await oneCoreRate(DEFAULT_VERIFIER_MAX_BATCH, () => true);
  const allInvalidOneByOne = await oneCoreRate(1, () => true);
  console.log(
    `one core, batches of ${DEFAULT_VERIFIER_MAX_BATCH}: ${oneInvalidPerBatch}/s with one invalid proof in ` +
      `${DEFAULT_VERIFIER_MAX_BATCH}, ${allInvalidBatched}/s all invalid (one by one: ${allInvalidOneByOne}/s)`,
  );
  // The machine's own ceiling: `cores` verifier threads and nothing else (two vCPUs are rarely two whole cores), one
  // by one, then in batches of the default size.
  /** `cores` threads with `maxBatch`, given about 3 s of work at `perCoreRate` all at once: verifications per second. */
  const allCores = async (maxBatch: number, perCoreRate: number) => {
    const pool = new VerifierPool(cores, { maxBatch });
    await Promise.all(Array.from({ length: cores }, () => pool.verify(proofs[0]!.proof, proofs[0]!.publicSignals)));
    const start = performance.now();
    const n = Math.ceil(perCoreRate * cores * 3);
    await Promise.all(
      Array.from({ length: n }, (_, i) =>
        pool.verify(proofs[i % proofs.length]!.proof, proofs[i % proofs.length]!.publicSignals),
      ),
    );
    const rate = n / ((performance.now() - start) / 1000);
    await pool.close();
    return rate;
  };
  const verifyPerSecAllCores = await allCores(1, verifyPerSecSingleCore);
  const verifyPerSecAllCoresBatched = await allCores(DEFAULT_VERIFIER_MAX_BATCH, verifyPerSecSingleCoreBatched);

  const workers = Array.from({ length: 4 }, () => Wallet.createRandom());
  const signed = new Map<string, string>();
  for (const w of workers) {
    for (let i = 0; i < ACCEPT_JOBS; i++) {
      const proofHash = chunkProofHash(proofs[i % proofs.length]!);
      const result = { jd, worker: w.address, jobId: `1:${i}`, chunkId: BigInt(i), proofHash };
      signed.set(`${w.address}/${i}`, await signChunkResult(w, { chainId: CHAIN_ID, result }));
    }
  }
  /** A fresh server with `verifierMaxBatch`, its jobs all accepted: how fast, and at what cost. */
  const acceptRun = async (verifierMaxBatch: number) => {
    const server = await startServer({
      address: jd,
      chainId: CHAIN_ID.toString(),
      count: ACCEPT_JOBS,
      contents,
      verifierThreads: cores,
      verifierMaxBatch,
      maxInFlight: 4,
    });
    try {
      const url = `ws://127.0.0.1:${server.port}`;
      const rpcs = await Promise.all(workers.map(() => Rpc.open(url)));
      await Promise.all(rpcs.map((rpc, i) => registerOn(rpc, workers[i]!, jd)));
      let accepted = 0;
      const submitMs: number[] = [];
      const cpuOf = async () => {
        const { userMs, systemMs } = (await rpcs[0]!.call("get_status", {})).result.cpu;
        return userMs + systemMs;
      };
      const serverCpu0 = await cpuOf();
      const clientCpu0 = process.cpuUsage();
      const start = performance.now();
      const loop = async (rpc: Rpc, w: HDNodeWallet) => {
        const deadline = performance.now() + 300_000;
        while (accepted < ACCEPT_JOBS && performance.now() < deadline) {
          let job = rpc.pushed.shift() ?? (await rpc.call("get_job", {})).result?.job;
          if (!job) {
            await new Promise((r) => setTimeout(r, 20));
            continue;
          }
          while (job) {
            const p = proofs[job.chunkId % proofs.length]!;
            const sentAt = performance.now();
            const answer = await rpc.call("submit_result", {
              jobId: job.jobId,
              chunkId: job.chunkId,
              leaseId: job.leaseId,
              proof: p.proof,
              publicInputs: p.publicSignals,
              signature: signed.get(`${w.address}/${job.chunkId}`),
            });
            if (answer.error) throw new Error(`submit_result: ${answer.error.message}`);
            submitMs.push(performance.now() - sentAt);
            accepted++;
            job = answer.result.nextJob ?? rpc.pushed.shift();
          }
        }
      };
      await Promise.all(rpcs.flatMap((rpc, i) => Array.from({ length: 4 }, () => loop(rpc, workers[i]!))));
      const seconds = (performance.now() - start) / 1000;
      const serverCpuMs = (await cpuOf()) - serverCpu0;
      const verifier = (await rpcs[0]!.call("get_status", {})).result.verifier;
      const clientCpu = process.cpuUsage(clientCpu0);
      rpcs.forEach((r) => r.ws.terminate());
      if (accepted !== ACCEPT_JOBS) throw new Error(`${accepted} of ${ACCEPT_JOBS} results accepted`);
      return {
        acceptedPerSec: accepted / seconds,
        seconds: Number(seconds.toFixed(2)),
        submitP50Ms: Number(percentile(submitMs, 50).toFixed(1)),
        serverCpuMsPerAccepted: Number((serverCpuMs / accepted).toFixed(2)),
        serverMeanBatch: Number((verifier.verified / verifier.batches).toFixed(2)),
        clientCpuMsPerAccepted: Number(((clientCpu.user + clientCpu.system) / 1000 / accepted).toFixed(2)),
      };
    } finally {
      await server.stop();
    }
  };
  // One by one first (as before batching), then the default: the same jobs, results and signatures.
  const oneByOne = await acceptRun(1);
  const run = await acceptRun(DEFAULT_VERIFIER_MAX_BATCH);
  const { acceptedPerSec } = run;
  return {
    acceptedPerSec: Number(acceptedPerSec.toFixed(1)),
    verifyPerSecSingleCore: Number(verifyPerSecSingleCore.toFixed(1)),
    verifyPerSecSingleCoreBatched,
    details: {
      jobs: ACCEPT_JOBS,
      seconds: run.seconds,
      verifierThreads: cores,
      verifierMaxBatch: DEFAULT_VERIFIER_MAX_BATCH,
      serverMeanBatch: run.serverMeanBatch,
      submitP50Ms: run.submitP50Ms,
      serverCpuMsPerAccepted: run.serverCpuMsPerAccepted,
      benchClientCpuMsPerAccepted: run.clientCpuMsPerAccepted,
      oneByOne: {
        acceptedPerSec: Number(oneByOne.acceptedPerSec.toFixed(1)),
        seconds: oneByOne.seconds,
        submitP50Ms: oneByOne.submitP50Ms,
        serverCpuMsPerAccepted: oneByOne.serverCpuMsPerAccepted,
      },
      singleCoreMsPerVerify: Number((1000 / verifyPerSecSingleCore).toFixed(2)),
      verifyPerSecAllCores: Number(verifyPerSecAllCores.toFixed(1)),
      coreScaling: Number((verifyPerSecAllCores / verifyPerSecSingleCore).toFixed(2)),
      batchedVerifyPerSecSingleCore: batchedPerSec,
      batchedOneInvalidPerBatchPerSecSingleCore: oneInvalidPerBatch,
      batchedAllInvalidPerSecSingleCore: allInvalidBatched,
      oneByOneAllInvalidPerSecSingleCore: allInvalidOneByOne,
      batchedSpeedupSingleCore: Number((verifyPerSecSingleCoreBatched / verifyPerSecSingleCore).toFixed(2)),
      verifyPerSecAllCoresBatched: Number(verifyPerSecAllCoresBatched.toFixed(1)),
      ratioToAllCoresVerifying: Number((acceptedPerSec / verifyPerSecAllCores).toFixed(3)),
      ratioToCoresTimesSingleCore: Number((acceptedPerSec / (cores * verifyPerSecSingleCore)).toFixed(3)),
    },
  };
}

/** One 8-chunk epoch proven by a `blockage-jd` process and `n` `blockage-worker` processes, per n: wall ms. */
async function epochWall(
  counts: number[],
): Promise<{ wall: Record<string, number>; details: Record<string, unknown> }> {
  const { startLocalRollup, hardhatKey } = await import("../deploy/local-rollup");
  const { JD_BIN, WORKER_BIN, keyFile, startProcess, stopAll } = await import("../deploy/processes");
  const { freePort } = await import("../deploy/local-chain");
  const { deployPayoutDistributor } = await import("@blockage/client/deploy");
  const t = await startLocalRollup();
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "jd-bench-epoch-"));
  const wall: Record<string, number> = {};
  try {
    const { distributor } = await deployPayoutDistributor(t.signers[0], { token: await t.registry.stakeToken() });
    const jdKey = keyFile(dir, "jd.key", hardhatKey(7));
    for (const n of counts) {
      const port = await freePort();
      const jdArgs = ["start", "--rpc", t.chain.url, "--key-file", jdKey, "--port", String(port)];
      jdArgs.push("--data-dir", path.join(dir, `jd-${n}`), "--rollup", t.rollupAddress);
      jdArgs.push("--payout-distributor", await distributor.getAddress(), "--from-block", String(t.rollupBlock));
      const jd = startProcess("jd", JD_BIN, jdArgs, dir);
      const status = () =>
        fetch(`http://127.0.0.1:${port}`, {
          method: "POST",
          body: JSON.stringify({ jsonrpc: "2.0", id: 1, method: "get_status" }),
        })
          .then((r) => r.json() as Promise<any>)
          .then((a) => a.result)
          .catch(() => null);
      // Workers refuse to start against a JD that does not answer yet.
      while ((await status()) === null) await new Promise((r) => setTimeout(r, 50));
      const workers = Array.from({ length: n }, (_, i) => {
        const file = keyFile(dir, `w-${n}-${i}.key`, hardhatKey(10 + i));
        const args = ["start", "--jd", `ws://127.0.0.1:${port}`, "--key-file", file];
        return startProcess(`worker-${i}`, WORKER_BIN, [...args, "--data-dir", path.join(dir, `w-${n}-${i}`)], dir);
      });
      while (((await status())?.workers ?? []).filter((w: any) => w.connected).length < n) {
        await new Promise((r) => setTimeout(r, 50));
      }
      // Every process is up and every worker registered: the clock starts when the epoch's proof race opens.
      const epoch = await t.epochInOpenRace(2, 64, 100 + n);
      const start = performance.now();
      for (;;) {
        const e = (await status())?.epochs?.find((x: any) => x.epoch === String(epoch));
        if (e && e.chunks !== 8) throw new Error(`epoch ${epoch} has ${e.chunks} chunks, not 8`);
        if (e && ["proven", "settled", "published"].includes(e.status)) break;
        if (performance.now() - start > (process.env.BENCH_JD_PART ? 90_000 : 600_000)) {
          const outputs = [jd, ...workers].map((p) => `--- ${p.name}\n${p.output.slice(-3000)}`).join("\n");
          throw new Error(`epoch ${epoch} was not proven in 10 minutes\n${outputs}`);
        }
        await new Promise((r) => setTimeout(r, 100));
      }
      wall[String(n)] = Math.round(performance.now() - start);
      console.log(`epoch of 8 chunks with ${n} worker(s): ${wall[String(n)]} ms`);
      await Promise.all([...workers, jd].map((p) => p.stop()));
    }
  } finally {
    await stopAll();
    await t.stop();
    fs.rmSync(dir, { recursive: true, force: true });
  }
  return {
    wall,
    details: {
      chunks: 8,
      blocks: 2,
      txsPerBlock: 64,
      concurrencyPerWorker: 1,
      speedup2: Number((wall["1"]! / wall["2"]!).toFixed(2)),
      speedup4: Number((wall["1"]! / wall["4"]!).toFixed(2)),
    },
  };
}

async function main(): Promise<void> {
  if (process.env.BENCH_JD_PART === "accept") {
    console.log(JSON.stringify(await acceptance()));
    return;
  }
  if (process.env.BENCH_JD_PART === "epoch") {
    console.log(JSON.stringify(await epochWall([1])));
    return;
  }
  const a = await assignment();
  console.log(
    `assignment: ${a.assignRoundTripsPerSec} round trips/s, p99 ${a.assignP99Ms} ms, RSS ${a.rssMbAt10kJobs} MB`,
  );
  const b = await acceptance();
  console.log(
    `acceptance: ${b.acceptedPerSec}/s accepted; one core verifies ${b.verifyPerSecSingleCore}/s (ratio ${b.details.ratioToCoresTimesSingleCore})`,
  );
  const c = await epochWall([1, 2, 4]);
  console.log(`epoch wall: 2 workers ${c.details.speedup2}× faster than 1, 4 workers ${c.details.speedup4}×`);
  const summary = {
    assignRoundTripsPerSec: a.assignRoundTripsPerSec,
    assignP99Ms: a.assignP99Ms,
    acceptedPerSec: b.acceptedPerSec,
    verifyPerSecSingleCore: b.verifyPerSecSingleCore,
    verifyPerSecSingleCoreBatched: b.verifyPerSecSingleCoreBatched,
    cores,
    epochWallMs: c.wall,
    rssMbAt10kJobs: a.rssMbAt10kJobs,
  };
  fs.writeFileSync(path.join(ROOT, "bench", "jd.json"), `${JSON.stringify(summary, null, 2)}\n`);
  fs.writeFileSync(
    path.join(ROOT, "bench", "jd-details.json"),
    `${JSON.stringify({ assignment: a.details, acceptance: b.details, epochWall: c.details }, null, 2)}\n`,
  );
}

main().then(
  () => process.exit(0),
  (error) => {
    console.error(error);
    process.exit(1);
  },
);
