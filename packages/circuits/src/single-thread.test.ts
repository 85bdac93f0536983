// useSingleThreadedProver: a worker thread proves and verifies a chunk on its own single-threaded curve, the way the
// prover worker and the job distributor's verifier threads use it.
import { fileURLToPath } from "node:url";
import { Worker } from "node:worker_threads";
import { describe, expect, it } from "vitest";
import { PROVER_THREAD_WORKER_DATA, computeChunk } from "./index.js";

const DIST = fileURLToPath(new URL("../dist/index.js", import.meta.url));

const THREAD = `
const { parentPort, workerData } = require("node:worker_threads");
import(workerData.dist).then(async (c) => {
  await c.useSingleThreadedProver();
  const txs = Array.from({ length: c.TXS_PER_CHUNK }, (_, i) => BigInt(i + 1));
  const chunk = await c.proveChunk({ prevState: 5n, txs, prover: workerData.prover });
  const valid = await c.verifyChunk(chunk.proof, chunk.publicSignals);
  const forged = await c.verifyChunk(chunk.proof, [...chunk.publicSignals.slice(0, 3), "1234"]);
  const threads = globalThis.curve_bn128.tm.concurrency;
  await c.releaseProver();
  parentPort.postMessage({ valid, forged, threads, newState: chunk.publicSignals[1] });
});
`;

describe("useSingleThreadedProver", () => {
  it("proves and verifies inside a worker thread on a one-thread curve", async () => {
    const worker = new Worker(THREAD, {
      eval: true,
      workerData: { ...PROVER_THREAD_WORKER_DATA, dist: DIST, prover: "0x70997970C51812dc3A010C7d01b50e0d17dc79C8" },
    });
    const answer = await new Promise<{ valid: boolean; forged: boolean; threads: number; newState: string }>(
      (resolve, reject) => {
        worker.once("message", resolve);
        worker.once("error", reject);
      },
    );
    await worker.terminate();
    expect(answer.valid).toBe(true);
    expect(answer.forged).toBe(false);
    expect(answer.threads).toBe(1);
    const txs = Array.from({ length: 16 }, (_, i) => BigInt(i + 1));
    expect(BigInt(answer.newState)).toBe(computeChunk({ prevState: 5n, txs }).newState);
  });
});
