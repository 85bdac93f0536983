import { spawnSync } from "node:child_process";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  type BlockProof,
  type ChunkProof,
  CircuitArtifactError,
  CircuitInputError,
  FIELD_MODULUS,
  TXS_PER_CHUNK,
  chunkSignals,
  computeBlock,
  computeChunk,
  proveBlock,
  proveChunk,
  releaseProver,
  verifyChunk,
} from "./index.js";

const txsOf = (tag: number, n = TXS_PER_CHUNK) => Array.from({ length: n }, (_, i) => BigInt(tag * 1000 + i));

let chunk: ChunkProof;
let other: ChunkProof;
let block: BlockProof;
const progress: string[] = [];

beforeAll(async () => {
  chunk = await proveChunk({ prevState: 3n, txs: txsOf(1) });
  other = await proveChunk({ prevState: 3n, txs: txsOf(2) });
  block = await proveBlock(
    { prevState: 9n, txs: txsOf(3, 2 * TXS_PER_CHUNK) },
    { onProgress: (done, total) => progress.push(`${done}/${total}`) },
  );
}, 120_000);

afterAll(releaseProver);

describe("proveChunk / verifyChunk", () => {
  it("proves a chunk whose public signals are [prevState, newState, txsCommitment], and the proof verifies", async () => {
    const expected = computeChunk({ prevState: 3n, txs: txsOf(1) });
    expect(chunk.publicSignals).toEqual([`${expected.prevState}`, `${expected.newState}`, `${expected.txsCommitment}`]);
    expect(chunkSignals(chunk)).toEqual(expected);
    expect(chunk.proof.protocol).toBe("groth16");
    expect(await verifyChunk(chunk.proof, chunk.publicSignals)).toBe(true);
    expect(await verifyChunk(chunk.proof, chunk.publicSignals.map(BigInt))).toBe(true);
  });

  it("rejects a tampered public signal", async () => {
    for (let i = 0; i < 3; i++) {
      const signals = chunk.publicSignals.map(BigInt);
      signals[i] = (signals[i]! + 1n) % FIELD_MODULUS;
      expect(await verifyChunk(chunk.proof, signals)).toBe(false);
    }
  });

  it("rejects another chunk's signals and a proof with tampered points", async () => {
    expect(await verifyChunk(chunk.proof, other.publicSignals)).toBe(false);
    expect(await verifyChunk(other.proof, chunk.publicSignals)).toBe(false);
    const a = { ...chunk.proof, pi_a: [other.proof.pi_a[0]!, other.proof.pi_a[1]!, "1"] };
    expect(await verifyChunk(a, chunk.publicSignals)).toBe(false);
    const c = { ...chunk.proof, pi_c: ["1", "2", "1"] }; // a valid G1 point, the wrong one
    expect(await verifyChunk(c, chunk.publicSignals)).toBe(false);
    const b = { ...chunk.proof, pi_b: [chunk.proof.pi_b[1]!, chunk.proof.pi_b[0]!, ["1", "0"]] };
    expect(await verifyChunk(b, chunk.publicSignals)).toBe(false);
  });

  it("refuses a point coordinate ≥ q (which the EVM's precompiles refuse) instead of verifying it", async () => {
    const q = 21888242871839275222246405745257275088696311157297823662689037894645226208583n;
    const shifted = { ...chunk.proof, pi_a: [`${BigInt(chunk.proof.pi_a[0]!) + q}`, chunk.proof.pi_a[1]!, "1"] };
    await expect(verifyChunk(shifted, chunk.publicSignals)).rejects.toMatchObject({ code: "MalformedProof" });
    const huge = { ...chunk.proof, pi_c: [`${2n ** 300n}`, chunk.proof.pi_c[1]!, "1"] };
    await expect(verifyChunk(huge, chunk.publicSignals)).rejects.toMatchObject({ code: "MalformedProof" });
  });

  it("refuses something that is not a chunk proof with CircuitInputError", async () => {
    await expect(verifyChunk({} as ChunkProof["proof"], chunk.publicSignals)).rejects.toMatchObject({
      code: "MalformedProof",
    });
    await expect(verifyChunk(chunk.proof, chunk.publicSignals.slice(0, 2))).rejects.toMatchObject({
      code: "MalformedProof",
      field: "publicSignals",
    });
    await expect(verifyChunk(chunk.proof, [1n, 2n, FIELD_MODULUS])).rejects.toMatchObject({
      code: "NotFieldElement",
      field: "publicSignals[2]",
    });
  });

  it("checks the witness before any proving starts: bad input is refused even without artifacts", async () => {
    const nowhere = {
      wasm: "/nonexistent/chunk.wasm",
      zkey: "/nonexistent/chunk.zkey",
      vkey: "/nonexistent/vkey.json",
    };
    const refusal = proveChunk({ prevState: 0n, txs: txsOf(1).slice(1) }, { artifacts: nowhere });
    await expect(refusal).rejects.toBeInstanceOf(CircuitInputError);
    await expect(refusal).rejects.toMatchObject({ code: "WrongTxCount", field: "chunk.txs" });
    const bad = txsOf(1);
    bad[4] = FIELD_MODULUS;
    await expect(proveChunk({ prevState: 0n, txs: bad }, { artifacts: nowhere })).rejects.toMatchObject({
      code: "NotFieldElement",
      field: "chunk.txs[4]",
    });
    await expect(proveBlock({ prevState: 0n, txs: txsOf(1, 20) }, { artifacts: nowhere })).rejects.toMatchObject({
      code: "WrongTxCount",
      field: "block.txs",
    });
    // A good input with missing artifacts is an artifact error, named by path.
    await expect(proveChunk({ prevState: 0n, txs: txsOf(1) }, { artifacts: nowhere })).rejects.toBeInstanceOf(
      CircuitArtifactError,
    );
  });
});

describe("proveBlock", () => {
  it("proves a block chunk by chunk: the chunks chain and match the non-proving calculator", async () => {
    const expected = computeBlock({ prevState: 9n, txs: txsOf(3, 2 * TXS_PER_CHUNK) });
    expect(block.prevState).toBe(9n);
    expect(block.newState).toBe(expected.newState);
    expect(block.txsCommitment).toBe(expected.txsCommitment);
    expect(block.chunks.map(chunkSignals)).toEqual(expected.chunks);
    expect(progress).toEqual(["1/2", "2/2"]);
    for (const c of block.chunks) expect(await verifyChunk(c.proof, c.publicSignals)).toBe(true);
  });
});

describe("the built package in a process of its own", () => {
  const packageDir = join(dirname(fileURLToPath(import.meta.url)), "..");
  const run = (args: string[]) =>
    spawnSync(process.execPath, args, { cwd: packageDir, encoding: "utf8", timeout: 60_000 });

  it("ESM: proofs started together share one thread pool, and the process exits after releaseProver", () => {
    const script = `
      import { proveChunk, verifyChunk, releaseProver } from "@blockage/circuits";
      const txs = Array.from({ length: 16 }, (_, i) => i);
      const proofs = await Promise.all([1, 2, 3].map((s) => proveChunk({ prevState: s, txs })));
      const ok = await Promise.all(proofs.map((p) => verifyChunk(p.proof, p.publicSignals)));
      await releaseProver();
      console.log(JSON.stringify(ok));`;
    const result = run(["--input-type=module", "-e", script]);
    expect(result.error, "the process did not exit").toBeUndefined();
    expect(result.status, result.stderr).toBe(0);
    expect(result.stdout.trim()).toBe("[true,true,true]");
  });

  it("CommonJS: require() finds the artifacts next to dist/ and proves", () => {
    const script = `
      const { proveChunk, verifyChunk, releaseProver, CHUNK_ARTIFACTS } = require("@blockage/circuits");
      (async () => {
        const p = await proveChunk({ prevState: 5, txs: Array.from({ length: 16 }, (_, i) => i) });
        console.log(CHUNK_ARTIFACTS.zkey, await verifyChunk(p.proof, p.publicSignals));
        await releaseProver();
      })();`;
    const result = run(["-e", script]);
    expect(result.error, "the process did not exit").toBeUndefined();
    expect(result.status, result.stderr).toBe(0);
    expect(result.stdout.trim()).toBe(`${join(packageDir, "build", "chunk.zkey")} true`);
  });
});
