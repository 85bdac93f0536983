// VerifierPool with real proofs and real threads: micro-batches (a request finding the thread idle goes alone, the
// ones that waited go together, at most maxBatch), one verdict per request even with a bad proof or a bad signature
// in the batch, maxBatch 1 verifying one by one, and a thread that dies mid-batch.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { Wallet } from "ethers";
import { proveChunk, releaseProver, type ChunkProof } from "@blockage/circuits";
import { chunkProofHash, signChunkResult } from "@blockage/client";
import { DEFAULT_VERIFIER_MAX_BATCH, VerifierPool, type SignedResult } from "./verifier-pool";

const JD = "0x70997970C51812dc3A010C7d01b50e0d17dc79C8";
const CHAIN_ID = 31337n;
const txsOf = (tag: number) => Array.from({ length: 16 }, (_, i) => BigInt(tag * 1000 + i + 1));
const proofs: ChunkProof[] = [];
const worker = Wallet.createRandom();

beforeAll(async () => {
  for (let c = 0; c < 3; c++) proofs.push(await proveChunk({ prevState: BigInt(c), txs: txsOf(c), prover: JD }));
  await releaseProver();
}, 120_000);

/** A pool whose threads' batch sizes are recorded as they are posted. */
function recordingPool(size: number, maxBatch?: number): { pool: VerifierPool; sizes: number[] } {
  const pool = new VerifierPool(size, maxBatch === undefined ? {} : { maxBatch });
  const sizes: number[] = [];
  for (const thread of (pool as unknown as { threads: { worker: { postMessage(m: unknown[]): void } }[] }).threads) {
    const post = thread.worker.postMessage.bind(thread.worker);
    thread.worker.postMessage = (m: unknown[]) => {
      sizes.push(m.length);
      post(m);
    };
  }
  return { pool, sizes };
}

async function signed(chunk: ChunkProof, chunkId: number, signer = worker): Promise<SignedResult> {
  const result = { jd: JD, worker: worker.address, jobId: `1:${chunkId}`, chunkId: BigInt(chunkId) };
  const signature = await signChunkResult(signer, {
    chainId: CHAIN_ID,
    result: { ...result, proofHash: chunkProofHash(chunk) },
  });
  return { ...result, chainId: CHAIN_ID, chunkId, signature };
}

describe("VerifierPool", () => {
  let pool: VerifierPool | undefined;
  afterAll(() => pool?.close());

  it("batches what waits (up to maxBatch), and answers each request with its own verdict", async () => {
    const recorded = recordingPool(1, 4);
    pool = recorded.pool;
    expect(pool.maxBatch).toBe(4);
    const bad: ChunkProof = { proof: proofs[0]!.proof, publicSignals: proofs[1]!.publicSignals };
    const requests = [
      { chunk: proofs[0]!, signed: await signed(proofs[0]!, 0) },
      { chunk: proofs[1]!, signed: await signed(proofs[1]!, 1) },
      { chunk: bad, signed: await signed(bad, 2) },
      { chunk: proofs[2]!, signed: await signed(proofs[2]!, 3) },
      // Signed by someone else: refused on its signature, its proof never verified.
      { chunk: proofs[2]!, signed: await signed(proofs[2]!, 4, Wallet.createRandom()) },
      { chunk: proofs[1]!, signed: undefined },
      { chunk: proofs[0]!, signed: await signed(proofs[0]!, 6) },
    ];
    const verdicts = requests.map((r) => pool!.check(r.chunk.proof, r.chunk.publicSignals, r.signed));
    expect(pool.queued).toBe(requests.length);
    const answers = await Promise.all(verdicts);
    expect(answers.map((a) => a.valid)).toEqual([true, true, false, true, false, true, true]);
    expect(answers.map((a) => a.signer)).toEqual([
      worker.address,
      worker.address,
      worker.address,
      worker.address,
      expect.not.stringMatching(worker.address),
      null,
      worker.address,
    ]);
    // The first found the thread idle and went alone; the others waited and went in batches of at most 4.
    expect(recorded.sizes).toEqual([1, 4, 2]);
    expect(pool.batches).toBe(3);
    expect(pool.verified).toBe(requests.length);
    expect(pool.queued).toBe(0);
    // Light load: one request at a time, each alone, at once.
    expect(await pool.verify(proofs[1]!.proof, proofs[1]!.publicSignals)).toBe(true);
    expect(await pool.verify(bad.proof, bad.publicSignals)).toBe(false);
    expect(recorded.sizes.slice(3)).toEqual([1, 1]);
    await pool.close();
  });

  it("verifies one by one with maxBatch 1, and batches by default", async () => {
    const recorded = recordingPool(1, 1);
    pool = recorded.pool;
    const answers = await Promise.all(proofs.map((p) => pool!.verify(p.proof, p.publicSignals)));
    expect(answers).toEqual([true, true, true]);
    expect(recorded.sizes).toEqual([1, 1, 1]);
    await pool.close();
    pool = new VerifierPool(1);
    expect(pool.maxBatch).toBe(DEFAULT_VERIFIER_MAX_BATCH);
    await pool.close();
  });

  it("fails the batch of a thread that dies, replaces the thread, which takes what was waiting", async () => {
    pool = new VerifierPool(1, { maxBatch: 8 });
    const threads = (pool as unknown as { threads: { worker: { terminate(): Promise<number> } }[] }).threads;
    const dying = threads[0]!;
    // The first is the dying thread's batch; the other two wait for a thread.
    const [first, ...waiting] = proofs.map((p) => pool!.verify(p.proof, p.publicSignals));
    await dying.worker.terminate();
    await expect(first).rejects.toThrow(/exited/);
    expect(threads[0]).not.toBe(dying);
    expect(await Promise.all(waiting)).toEqual([true, true]);
    expect(await pool.verify(proofs[2]!.proof, proofs[2]!.publicSignals)).toBe(true);
    await pool.close();
    await expect(pool.verify(proofs[0]!.proof, proofs[0]!.publicSignals)).rejects.toThrow(/closed/);
  });
});
