/* eslint-disable @typescript-eslint/no-explicit-any -- JSON-RPC answers are untyped JSON, checked with expect(). */
// The job distributor end to end on a real local chain: it follows the chain to an epoch in the open race, splits it
// into chunk jobs bound to its address, two workers prove them (real Groth16 proofs) over JSON-RPC, the JD submits
// the epoch proof, shares what it earned, signs receipts, funds and publishes the payout root, and each worker claims
// on-chain exactly what its receipts say. On a Cooperative rollup deployed beside it: single chunks for the node, and a
// whole epoch with an unproven chunk proven in the Cooperative open race, its race record kept beside the epoch's
// chunks record (also across a restart).
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { JsonRpcSigner } from "ethers";
import { computeBlock, proveChunk, releaseProver } from "@blockage/circuits";
import {
  buildChunkSubmission,
  chunkProofHash,
  chunkSeed,
  chunkTicket,
  claimPayouts,
  finalizeEpoch,
  getBlockProverSeed,
  getCooperativeEpochStatus,
  getEpochBlocks,
  getEpochStatus,
  payoutDomain,
  recoverChunkReceipt,
  signChunkResult,
  signWorkerRegistration,
  submitChunkProof,
  type CooperativeCoordinator,
  type PayoutDistributor,
  type ProposedBlock,
} from "@blockage/client";
import { deployPayoutDistributor } from "@blockage/client/deploy";
import { createJobDistributor, type JobDistributor, type JobDistributorOptions } from "./distributor";
import { EpochNotOverError } from "./errors";
import {
  deployCooperativeRollup,
  startLocalRollup,
  type CooperativeTestRollup,
  type TestChain,
} from "../../../deploy/local-rollup";

let t: TestChain;
let jd: JobDistributor;
let distributor: PayoutDistributor;
let dir: string;
const logs: string[] = [];

/** A worker in this process: registers over HTTP, then proves and submits jobs until none is left. */
async function work(signer: JsonRpcSigner, stopWhen: () => boolean): Promise<number> {
  let id = 1;
  const call = async (method: string, params: unknown) => {
    const res = await fetch(jd.httpUrl, {
      method: "POST",
      body: JSON.stringify({ jsonrpc: "2.0", id: id++, method, params }),
    });
    const answer = (await res.json()) as { result?: any; error?: { message: string } };
    if (answer.error) throw new Error(`${method}: ${answer.error.message}`);
    return answer.result;
  };
  const { registration, signature } = await signWorkerRegistration(signer, { chainId: jd.chainId, jd: jd.address });
  const { sessionId } = await call("register_worker", {
    registration: { ...registration, expiresAt: registration.expiresAt.toString() },
    signature,
  });
  let proven = 0;
  let job = null;
  while (!stopWhen()) {
    job ??= (await call("get_job", { sessionId })).job;
    if (job === null) {
      await new Promise((r) => setTimeout(r, 200));
      continue;
    }
    const w = job.witnessData;
    const chunk = await proveChunk({ prevState: BigInt(w.prevState), txs: w.txs.map(BigInt), prover: w.prover });
    const result = {
      jd: jd.address,
      worker: signer.address,
      jobId: job.jobId,
      chunkId: BigInt(job.chunkId),
      proofHash: chunkProofHash(chunk),
    };
    const resultSignature = await signChunkResult(signer, { chainId: jd.chainId, result });
    const answer = await call("submit_result", {
      sessionId,
      jobId: job.jobId,
      chunkId: job.chunkId,
      leaseId: job.leaseId,
      proof: chunk.proof,
      publicInputs: chunk.publicSignals,
      signature: resultSignature,
    });
    proven++;
    job = answer.nextJob;
  }
  return proven;
}

async function until(condition: () => boolean, ms: number, what: string): Promise<void> {
  const deadline = Date.now() + ms;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error(`${what} within ${ms} ms; log:\n${logs.join("\n")}`);
    await new Promise((r) => setTimeout(r, 200));
  }
}

beforeAll(async () => {
  t = await startLocalRollup();
  const token = await t.registry.stakeToken();
  ({ distributor } = await deployPayoutDistributor(t.signers[0], { token }));
  dir = fs.mkdtempSync(path.join(os.tmpdir(), "jd-e2e-"));
}, 240_000);

afterAll(async () => {
  // The chain's process is stopped whatever happened before (a JD a failed test left stopped may refuse a second stop).
  try {
    await jd?.stop();
  } finally {
    await releaseProver();
    await t?.stop();
    if (dir) fs.rmSync(dir, { recursive: true, force: true });
  }
});

/**
 * A JD of signer 3 over the test chain and the payout distributor, in `mode`, logging into `logs` (`over` replaces
 * options: another rollup, key or database).
 */
async function startJd(
  mode: "auto" | "manual" | bigint,
  over: Partial<JobDistributorOptions> = {},
): Promise<JobDistributor> {
  return createJobDistributor({
    signer: t.signers[3],
    rollup: t.rollupAddress,
    payoutDistributor: await distributor.getAddress(),
    fromBlock: t.rollupBlock,
    epoch: mode,
    dataDir: dir,
    tickMs: 200,
    verifierThreads: 1,
    log: (level, message) => logs.push(`${level} ${message}`),
    ...over,
  });
}

describe("createJobDistributor on a local chain", () => {
  it("proves an open-race epoch with two workers, publishes the payout, and each worker claims its receipts' total", async () => {
    const epoch = await t.epochInOpenRace(2, 32);
    jd = await startJd("auto");
    const epochOf = () =>
      (jd.status().epochs as { epoch: string; status: string; chunks: number }[]).find(
        (e) => e.epoch === String(epoch),
      );
    await until(() => epochOf() !== undefined, 30_000, "the JD did not pick up the open-race epoch");
    expect(epochOf()!.chunks).toBe(4);

    const [a, b] = [t.signers[1], t.signers[2]];
    const published = () => epochOf()?.status === "published";
    const [byA, byB] = await Promise.all([
      work(a, published),
      work(b, published),
      until(published, 180_000, "the epoch was not proven and paid"),
    ]);
    expect(byA + byB).toBe(4);

    const status = await getEpochStatus(t.coordinator, { epoch });
    expect(status.awaitingProof).toBe(false);
    const record = jd.store.epochs.get(String(epoch))!;
    expect(BigInt(record.earned!)).toBeGreaterThan(0n);
    const root = (await distributor.distribution(jd.address, epoch)).root;
    expect(root).toBe(record.root);

    // Receipts: one per chunk, signed by the JD in the distributor's domain; each worker's claim equals its receipts.
    const domain = payoutDomain(jd.chainId, await distributor.getAddress());
    for (const w of [a, b]) {
      const answer = await fetch(jd.httpUrl, {
        method: "POST",
        body: JSON.stringify({ jsonrpc: "2.0", id: 1, method: "get_receipts", params: { worker: w.address } }),
      }).then((r) => r.json() as Promise<{ result: any }>);
      const { receipts, payouts } = answer.result;
      for (const r of receipts) {
        expect(
          recoverChunkReceipt(
            domain,
            { ...r, epoch: BigInt(r.epoch), chunkId: BigInt(r.chunkId), amount: BigInt(r.amount) },
            r.signature,
          ),
        ).toBe(jd.address);
      }
      const owed = receipts.reduce((s: bigint, r: { amount: string }) => s + BigInt(r.amount), 0n);
      const claim = await claimPayouts(distributor.connect(w) as PayoutDistributor, { fromBlock: t.rollupBlock });
      expect(claim.total).toBe(owed);
      if (owed > 0n) expect(BigInt(payouts[0].amount)).toBe(owed);
      const again = await claimPayouts(distributor.connect(w) as PayoutDistributor, { fromBlock: t.rollupBlock });
      expect(again.total).toBe(0n);
    }
  }, 300_000);

  it("serves one given epoch (epoch: n)", async () => {
    await jd.stop();
    const epoch = await t.epochInOpenRace(1, 16);
    logs.length = 0;
    jd = await startJd(epoch);
    const epochs = () => jd.status().epochs as { epoch: string; status: string }[];
    const done = () => epochs().find((e) => e.epoch === String(epoch))?.status === "published";
    await Promise.all([work(t.signers[1], done), until(done, 180_000, "the given epoch was not proven and paid")]);
    expect((await getEpochStatus(t.coordinator, { epoch })).awaitingProof).toBe(false);
    expect(jd.status().mode).toBe(`epoch ${epoch}`);
  }, 300_000);

  it("serves single chunks (chunks mode): proofs bound to its address, kept for the node, workers paid once it settles", async () => {
    await jd?.stop();
    const epoch = await t.epochInOpenRace(1, 32);
    logs.length = 0;
    jd = await startJd("manual");
    const [block] = await getEpochBlocks(t.rollup, { epoch, fromBlock: t.rollupBlock });
    const computed = computeBlock({ prevState: block!.header.prevState, txs: block!.txs });
    // Only the block's second chunk: the node chose it.
    const order = {
      blockNumber: block!.blockNumber,
      headerHash: block!.headerHash,
      chunk: 1,
      prevState: computed.chunks[1]!.prevState,
      txs: block!.txs.slice(16, 32),
    };
    const served = await jd.serveChunks(epoch, [order]);
    expect(served).toEqual([{ chunkId: 0, blockNumber: block!.blockNumber, headerHash: block!.headerHash, chunk: 1 }]);
    // Served once: asking again queues nothing new.
    expect(await jd.serveChunks(epoch, [order])).toEqual(served);
    await expect(jd.serveEpoch(epoch)).resolves.toBeUndefined();
    const result = () => jd.store.results.get(`${epoch}:0`);
    await Promise.all([
      work(t.signers[2], () => result() !== undefined),
      until(() => result() !== undefined, 120_000, "the chunk was not proven"),
    ]);
    expect(result()!.publicInputs.map(BigInt)).toEqual([
      computed.chunks[1]!.prevState,
      computed.chunks[1]!.newState,
      computed.chunks[1]!.txsCommitment,
      BigInt(jd.address),
    ]);
    // Nothing is submitted for a chunks epoch: the node submits each proof and reports what the epoch paid.
    const status = () =>
      (jd.status().epochs as { epoch: string; status: string }[]).find((e) => e.epoch === String(epoch));
    expect(status()!.status).toBe("proving");
    await jd.settleChunks(epoch, 10n ** 18n, "0x" + "ab".repeat(32));
    await until(() => status()?.status === "published", 60_000, "the chunks epoch was not paid out");
    // The closed record answers the chunk it served, and refuses a new one (a job queued now would never be paid).
    expect(await jd.serveChunks(epoch, [order])).toEqual(served);
    const first = { ...order, chunk: 0, prevState: computed.chunks[0]!.prevState, txs: block!.txs.slice(0, 16) };
    await expect(jd.serveChunks(epoch, [order, first])).rejects.toThrow(/record is closed \(published\)/);
    const claim = await claimPayouts(distributor.connect(t.signers[2]) as PayoutDistributor, {
      fromBlock: t.rollupBlock,
    });
    expect(claim.total).toBe(10n ** 18n - 10n ** 17n);
  }, 300_000);
});

describe("createJobDistributor on a Cooperative rollup: the open race", () => {
  let coop: CooperativeTestRollup;
  let coopDir: string;

  beforeAll(async () => {
    await jd?.stop();
    coop = await deployCooperativeRollup(t);
    coopDir = fs.mkdtempSync(path.join(os.tmpdir(), "jd-coop-"));
  }, 240_000);

  afterAll(() => {
    if (coopDir) fs.rmSync(coopDir, { recursive: true, force: true });
  });

  /** The Cooperative node's JD: its operator's key (account 1), which submits the chunk proofs bound to it. */
  const startCoopJd = () =>
    startJd("manual", {
      signer: t.signers[1],
      rollup: coop.rollupAddress,
      fromBlock: coop.rollupBlock,
      dataDir: coopDir,
    });

  type EpochEntry = { epoch: string; mode: string; status: string; chunks: number; earned: string | null };
  const entries = (epoch: bigint) => (jd.status().epochs as EpochEntry[]).filter((e) => e.epoch === String(epoch));
  const entry = (epoch: bigint, mode: string) => entries(epoch).find((e) => e.mode === mode);

  /** A single-chunk order for chunk `chunk` of `block`, as the node makes it. */
  const orderOf = (block: ProposedBlock, chunk: number) => ({
    blockNumber: block.blockNumber,
    headerHash: block.headerHash,
    chunk,
    prevState: computeBlock({ prevState: block.header.prevState, txs: block.txs }).chunks[chunk]!.prevState,
    txs: block.txs.slice(16 * chunk, 16 * chunk + 16),
  });

  it("proves an epoch with an unproven chunk in the open race: the proof lands bound to the JD, which earns the network reward and pays its workers", async () => {
    const { epoch, blocks } = await coop.proposeEpoch(1, 32);
    const [block] = blocks as [ProposedBlock];
    logs.length = 0;
    jd = await startCoopJd();
    expect(jd.address).toBe(t.signers[1].address);

    // As the node would: chunk 0 served as a single chunk, proven by a worker, and submitted with the node's ticket.
    expect(await jd.serveChunks(epoch, [orderOf(block, 0)])).toHaveLength(1);
    const result = () => jd.store.results.get(`${epoch}:0`);
    await Promise.all([
      work(t.signers[2], () => result() !== undefined),
      until(() => result() !== undefined, 120_000, "the single chunk was not proven"),
    ]);
    const { seed: blockSeed } = await getBlockProverSeed(coop.rollup, { blockNumber: block.blockNumber });
    const ticket = chunkTicket({ vrfSecretKey: coop.node.keys.vrfSecretKey, seed: chunkSeed({ blockSeed, chunk: 0 }) });
    await submitChunkProof(coop.coordinator.connect(t.signers[1]) as CooperativeCoordinator, {
      submission: buildChunkSubmission({
        blockNumber: block.blockNumber,
        header: block.header,
        txs: block.txs,
        chunk: 0,
        salt: coop.node.salt,
        feeBurn: 0,
        proof: { proof: result()!.proof, publicSignals: result()!.publicInputs },
      }),
      vrfProof: ticket.vrfProof,
      hints: ticket.hints,
    });

    // Chunk 1 holds no proof when the window closes: the epoch cannot finalize, only the open race proves it.
    const { windows } = await getCooperativeEpochStatus(coop.coordinator, { epoch, blocks });
    await coop.toSlot(windows.provingCloses);
    const status = await getCooperativeEpochStatus(coop.coordinator, { epoch, blocks });
    expect(status.phase).toBe("openRace");
    expect(status.nextToProve).toBe(true);
    expect(status.blocks![0]!.provenChunks).toBe(1);
    await expect(
      finalizeEpoch(coop.coordinator.connect(t.signers[0]) as CooperativeCoordinator, {
        epoch,
        headers: blocks.map((b) => b.header),
      }),
    ).rejects.toThrow(/ChunkUnproven/);

    await jd.serveEpoch(epoch);
    expect(entry(epoch, "race")).toMatchObject({ status: "proving", chunks: 2 });
    expect(entry(epoch, "chunks")).toMatchObject({ status: "proving", chunks: 1 });
    const published = () => entry(epoch, "race")?.status === "published";
    const [proven] = await Promise.all([
      work(t.signers[2], published),
      until(published, 180_000, "the race epoch was not proven and paid"),
    ]);
    expect(proven).toBe(2);

    const raced = await coop.coordinator.queryFilter(
      coop.coordinator.filters.EpochProvenInRace(epoch),
      coop.rollupBlock,
      "latest",
    );
    expect(raced).toHaveLength(1);
    expect(raced[0]!.args.beneficiary).toBe(jd.address);
    expect(raced[0]!.args.proverReward).toBeGreaterThan(0n);
    const record = jd.store.epochs.get(`${epoch}:race`)!;
    expect(record.mode).toBe("race");
    expect(record.submitTx).toBe(raced[0]!.transactionHash);
    expect(record.earned).toBe(raced[0]!.args.proverReward.toString());
    expect((await getCooperativeEpochStatus(coop.coordinator, { epoch })).awaitingProof).toBe(false);
    expect((await distributor.distribution(jd.address, epoch)).root).toBe(record.root);
    const claim = await claimPayouts(distributor.connect(t.signers[2]) as PayoutDistributor, {
      fromBlock: coop.rollupBlock,
    });
    expect(claim.total).toBe(BigInt(record.total!));

    // The chunks record is the node's to settle: its kept proof earned nothing (the race took the network's share).
    expect(jd.store.epochs.get(String(epoch))).toMatchObject({ mode: "chunks", status: "proving" });
    await jd.settleChunks(epoch, 0n, raced[0]!.transactionHash);
    await until(() => entry(epoch, "chunks")?.status === "published", 30_000, "the chunks record was not settled");
    expect(jd.store.epochs.get(String(epoch))!.note).toBe("nothing to pay");
    expect(jd.store.epochs.get(`${epoch}:race`)).toMatchObject({ status: "published", root: record.root });
  }, 400_000);

  it("keeps an epoch's race record beside its chunks record: jobs apart, once each, across a restart, settled apart", async () => {
    await jd.stop();
    const { epoch, blocks } = await coop.proposeEpoch(1, 32);
    const [block] = blocks as [ProposedBlock];
    logs.length = 0;
    jd = await startCoopJd();
    const served = await jd.serveChunks(epoch, [orderOf(block, 1)]);
    // Before the epoch is over its race is refused (its blocks may still change); a later call serves it.
    await expect(jd.serveEpoch(epoch)).rejects.toBeInstanceOf(EpochNotOverError);
    expect(jd.store.epochs.get(`${epoch}:race`)).toBeUndefined();
    const { windows } = await getCooperativeEpochStatus(coop.coordinator, { epoch });
    await coop.toSlot(windows.provingCloses);
    expect((await getCooperativeEpochStatus(coop.coordinator, { epoch, blocks })).phase).toBe("openRace");
    await jd.serveEpoch(epoch);

    const check = () => {
      expect(jd.store.epochs.get(String(epoch))).toMatchObject({ mode: "chunks", chunkCount: 1, status: "proving" });
      expect(jd.store.epochs.get(`${epoch}:race`)).toMatchObject({ mode: "race", chunkCount: 2, status: "proving" });
      expect(jd.board.jobsOf(String(epoch)).map((j) => j.jobId)).toEqual([`${epoch}:0`]);
      const race = jd.board.jobsOf(`${epoch}:race`);
      expect(race.map((j) => j.jobId)).toEqual([`${epoch}:race:0`, `${epoch}:race:1`]);
      // Workers are sent the epoch's number either way (they sign and report it).
      expect(race.every((j) => j.epoch === String(epoch))).toBe(true);
      expect(entries(epoch).map((e) => [e.mode, e.chunks])).toEqual([
        ["chunks", 1],
        ["race", 2],
      ]);
    };
    check();
    // Each served once: asking again queues nothing.
    await jd.serveEpoch(epoch);
    expect(await jd.serveChunks(epoch, [orderOf(block, 1)])).toEqual(served);
    check();

    // Both records and every job come back from lmdb.
    await jd.stop();
    jd = await startCoopJd();
    check();

    // Settling the chunks record ends it and drops its jobs only: the race goes on.
    await jd.settleChunks(epoch, 0n, "0x" + "cd".repeat(32));
    // The record is committed as published first, then its jobs leave the board (`Payouts.finish`): wait for both.
    await until(
      () => entry(epoch, "chunks")?.status === "published" && jd.board.jobsOf(String(epoch)).length === 0,
      30_000,
      "the chunks record was not settled, or its jobs stayed on the board",
    );
    expect(jd.board.jobsOf(String(epoch))).toEqual([]);
    expect(jd.board.jobsOf(`${epoch}:race`)).toHaveLength(2);
    expect(entry(epoch, "race")?.status).toBe("proving");
  }, 300_000);
});
