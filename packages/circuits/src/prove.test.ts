import { spawnSync } from "node:child_process";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { AbiCoder } from "ethers";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  type BlockProof,
  type ChunkProof,
  CircuitArtifactError,
  CircuitInputError,
  FIELD_MODULUS,
  TXS_PER_CHUNK,
  blockTxsCommitment,
  chunkSignals,
  computeBlock,
  computeChunk,
  epochProofArgs,
  proveBlock,
  proveChunk,
  releaseProver,
  verifyChunk,
} from "./index.js";

const txsOf = (tag: number, n = TXS_PER_CHUNK) => Array.from({ length: n }, (_, i) => BigInt(tag * 1000 + i));

// Hardhat's accounts 1 and 2.
const PROVER_A = "0x70997970C51812dc3A010C7d01b50e0d17dc79C8";
const PROVER_B = "0x3C44CdDdB6a900fa2b585dd299e03d12FA4293BC";
const signalOf = (address: string) => `${BigInt(address)}`;
/** `signals` with the prover signal (the 4th) replaced. */
const withProver = (signals: readonly string[], prover: bigint | string) => [...signals.slice(0, 3), `${prover}`];

/** A block made of chunk proofs (that chain), as proveBlock would return it. */
function blockOf(...chunks: ChunkProof[]): BlockProof {
  const signals = chunks.map(chunkSignals);
  return {
    prevState: signals[0]!.prevState,
    newState: signals.at(-1)!.newState,
    txsCommitment: blockTxsCommitment(signals.map((c) => c.txsCommitment)),
    prover: signals[0]!.prover,
    chunks,
  };
}

const CHUNK_PROOF_TUPLE = "tuple(uint256[2] a, uint256[2][2] b, uint256[2] c, uint256[4] publicSignals)";

const nowhere = {
  wasm: "/nonexistent/chunk.wasm",
  zkey: "/nonexistent/chunk.zkey",
  vkey: "/nonexistent/vkey.json",
};

// Proving takes about a second per chunk: every proof is made once, here, and shared by the tests.
let chunk: ChunkProof; // prevState 3, txsOf(1), bound to A
let chunkForB: ChunkProof; // the same transition, bound to B (given in lowercase)
let other: ChunkProof; // prevState 3, txsOf(2), bound to A
let nextForB: ChunkProof; // from where chunk ends, txsOf(4), bound to B
let block: BlockProof; // two chunks from 9, bound to B (given in lowercase)
const progress: string[] = [];

beforeAll(async () => {
  chunk = await proveChunk({ prevState: 3n, txs: txsOf(1), prover: PROVER_A });
  chunkForB = await proveChunk({ prevState: 3n, txs: txsOf(1), prover: PROVER_B.toLowerCase() });
  other = await proveChunk({ prevState: 3n, txs: txsOf(2), prover: PROVER_A });
  nextForB = await proveChunk({ prevState: chunk.publicSignals[1], txs: txsOf(4), prover: PROVER_B });
  block = await proveBlock(
    { prevState: 9n, txs: txsOf(3, 2 * TXS_PER_CHUNK), prover: PROVER_B.toLowerCase() },
    { onProgress: (done, total) => progress.push(`${done}/${total}`) },
  );
}, 120_000);

afterAll(releaseProver);

describe("proveChunk / verifyChunk", () => {
  it("proves a chunk whose public signals are [prevState, newState, txsCommitment, prover], and it verifies", async () => {
    const expected = computeChunk({ prevState: 3n, txs: txsOf(1) });
    expect(chunk.publicSignals).toEqual([
      `${expected.prevState}`,
      `${expected.newState}`,
      `${expected.txsCommitment}`,
      signalOf(PROVER_A),
    ]);
    expect(chunkSignals(chunk)).toEqual({ ...expected, prover: PROVER_A });
    expect(chunk.proof.protocol).toBe("groth16");
    expect(await verifyChunk(chunk.proof, chunk.publicSignals)).toBe(true);
    expect(await verifyChunk(chunk.proof, chunk.publicSignals.map(BigInt))).toBe(true);
  });

  it("rejects a tampered public signal", async () => {
    for (let i = 0; i < 4; i++) {
      const signals = chunk.publicSignals.map(BigInt);
      signals[i] = (signals[i]! + 1n) % FIELD_MODULUS;
      expect(await verifyChunk(chunk.proof, signals)).toBe(false);
    }
  });

  it("binds the proof to its prover: a proof bound to A verifies with A and not with B, and vice versa", async () => {
    // Same transition, different prover: the first three signals agree, the fourth does not.
    expect(chunkForB.publicSignals.slice(0, 3)).toEqual(chunk.publicSignals.slice(0, 3));
    expect(chunkForB.publicSignals[3]).toBe(signalOf(PROVER_B));
    expect(await verifyChunk(chunk.proof, withProver(chunk.publicSignals, signalOf(PROVER_A)))).toBe(true);
    expect(await verifyChunk(chunkForB.proof, withProver(chunk.publicSignals, signalOf(PROVER_B)))).toBe(true);
    // A copier who swaps in its own address (as a decimal signal or as its 0x-hex integer) gets a failing proof.
    expect(await verifyChunk(chunk.proof, withProver(chunk.publicSignals, signalOf(PROVER_B)))).toBe(false);
    expect(await verifyChunk(chunk.proof, withProver(chunk.publicSignals, PROVER_B))).toBe(false);
    expect(await verifyChunk(chunkForB.proof, withProver(chunk.publicSignals, signalOf(PROVER_A)))).toBe(false);
    expect(await verifyChunk(chunk.proof, withProver(chunk.publicSignals, BigInt(PROVER_A) + 1n))).toBe(false);
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
    await expect(verifyChunk(chunk.proof, [1n, 2n, FIELD_MODULUS, PROVER_A])).rejects.toMatchObject({
      code: "NotFieldElement",
      field: "publicSignals[2]",
    });
  });

  it("refuses 3 public signals (the old circuit's) or 5, and a prover signal that is 0 or ≥ 2^160, before verifying", async () => {
    // A vkey that does not exist: each refusal happens before the key is even read.
    const refused = (signals: readonly (string | bigint)[]) => verifyChunk(chunk.proof, signals, nowhere.vkey);
    await expect(refused(chunk.publicSignals.slice(0, 3))).rejects.toMatchObject({
      name: "CircuitInputError",
      code: "MalformedProof",
      field: "publicSignals",
    });
    await expect(refused([...chunk.publicSignals, signalOf(PROVER_A)])).rejects.toMatchObject({
      code: "MalformedProof",
      field: "publicSignals",
    });
    // 2^160 + A has A's low 160 bits: an address cast would read A, the verifier must refuse it.
    for (const prover of [0n, 2n ** 160n, 2n ** 160n + BigInt(PROVER_A), FIELD_MODULUS - 1n]) {
      await expect(refused(withProver(chunk.publicSignals, prover)), `${prover}`).rejects.toMatchObject({
        name: "CircuitInputError",
        code: "NotAnAddress",
        field: "publicSignals[3]",
      });
    }
    // The same signals with a good prover get as far as reading the key.
    await expect(refused(chunk.publicSignals)).rejects.toBeInstanceOf(CircuitArtifactError);
  });

  it("checks the witness before any proving starts: bad input is refused even without artifacts", async () => {
    const refusal = proveChunk({ prevState: 0n, txs: txsOf(1).slice(1), prover: PROVER_A }, { artifacts: nowhere });
    await expect(refusal).rejects.toBeInstanceOf(CircuitInputError);
    await expect(refusal).rejects.toMatchObject({ code: "WrongTxCount", field: "chunk.txs" });
    const bad = txsOf(1);
    bad[4] = FIELD_MODULUS;
    await expect(
      proveChunk({ prevState: 0n, txs: bad, prover: PROVER_A }, { artifacts: nowhere }),
    ).rejects.toMatchObject({
      code: "NotFieldElement",
      field: "chunk.txs[4]",
    });
    await expect(
      proveBlock({ prevState: 0n, txs: txsOf(1, 20), prover: PROVER_A }, { artifacts: nowhere }),
    ).rejects.toMatchObject({
      code: "WrongTxCount",
      field: "block.txs",
    });
    // A good input with missing artifacts is an artifact error, named by path.
    await expect(
      proveChunk({ prevState: 0n, txs: txsOf(1), prover: PROVER_A }, { artifacts: nowhere }),
    ).rejects.toBeInstanceOf(CircuitArtifactError);
  });

  it("refuses a missing prover, the zero address, a non-address and a bad checksum with NotAnAddress, before proving", async () => {
    const badChecksum = PROVER_A.replace("C", "c");
    const badProvers = [
      undefined,
      null,
      "",
      `0x${"0".repeat(40)}`,
      "0x0",
      "prover.eth",
      PROVER_A.slice(0, -2),
      PROVER_A.slice(2),
      badChecksum,
      BigInt(PROVER_A),
    ];
    for (const prover of badProvers) {
      const input = { prevState: 0n, txs: txsOf(1), prover: prover as string };
      // Without artifacts, a refusal that came later would be a CircuitArtifactError.
      await expect(proveChunk(input, { artifacts: nowhere }), String(prover)).rejects.toMatchObject({
        name: "CircuitInputError",
        code: "NotAnAddress",
        field: "chunk.prover",
      });
      const calls: number[] = [];
      await expect(
        proveBlock(
          { ...input, txs: txsOf(1, 2 * TXS_PER_CHUNK) },
          { artifacts: nowhere, onProgress: (n) => calls.push(n) },
        ),
        String(prover),
      ).rejects.toMatchObject({ name: "CircuitInputError", code: "NotAnAddress", field: "block.prover" });
      expect(calls).toEqual([]);
    }
    // With the real artifacts too: refused, not proven.
    await expect(proveChunk({ prevState: 0n, txs: txsOf(1), prover: `0x${"0".repeat(40)}` })).rejects.toMatchObject({
      code: "NotAnAddress",
    });
    const { prover: _omitted, ...noProver } = { prevState: 0n, txs: txsOf(1), prover: PROVER_A };
    await expect(proveChunk(noProver as never)).rejects.toMatchObject({ code: "NotAnAddress", field: "chunk.prover" });
  });
});

describe("chunkSignals", () => {
  it("returns the states, the commitment and the checksummed prover the proof is bound to", () => {
    const expected = computeChunk({ prevState: 3n, txs: txsOf(1) });
    expect(chunkSignals(chunk)).toEqual({ ...expected, prover: PROVER_A });
    // Proven with B's address in lowercase: the signal is the same integer, read back checksummed.
    expect(chunkSignals(chunkForB)).toEqual({ ...expected, prover: PROVER_B });
    for (const prover of ["0", `${2n ** 160n}`]) {
      const bad = { ...chunk, publicSignals: withProver(chunk.publicSignals, prover) } as unknown as ChunkProof;
      expect(() => chunkSignals(bad), prover).toThrow(
        expect.objectContaining({ code: "NotAnAddress", field: "publicSignals[3]" }),
      );
    }
  });
});

describe("proveBlock", () => {
  it("proves a block chunk by chunk: the chunks chain and match the non-proving calculator", async () => {
    const expected = computeBlock({ prevState: 9n, txs: txsOf(3, 2 * TXS_PER_CHUNK) });
    expect(block.prevState).toBe(9n);
    expect(block.newState).toBe(expected.newState);
    expect(block.txsCommitment).toBe(expected.txsCommitment);
    expect(block.prover).toBe(PROVER_B); // given in lowercase, returned checksummed
    expect(block.chunks.map(chunkSignals)).toEqual(expected.chunks.map((c) => ({ ...c, prover: PROVER_B })));
    for (const c of block.chunks) expect(c.publicSignals[3]).toBe(signalOf(PROVER_B));
    expect(progress).toEqual(["1/2", "2/2"]);
    for (const c of block.chunks) expect(await verifyChunk(c.proof, c.publicSignals)).toBe(true);
    for (const c of block.chunks) {
      expect(await verifyChunk(c.proof, withProver(c.publicSignals, signalOf(PROVER_A)))).toBe(false);
    }
  });

  it("epochProofArgs of proven blocks returns their prover and encodes 4 public signals per chunk", () => {
    const args = epochProofArgs([block]);
    expect(args.prover).toBe(PROVER_B);
    expect(args.prevState).toBe(9n);
    expect(args.newState).toBe(block.newState);
    const [counts, chunks] = AbiCoder.defaultAbiCoder().decode(["uint256[]", `${CHUNK_PROOF_TUPLE}[]`], args.proof);
    expect([...counts]).toEqual([2n]);
    expect(chunks.map((c: { publicSignals: { toArray(): bigint[] } }) => c.publicSignals.toArray())).toEqual(
      block.chunks.map((c) => c.publicSignals.map(BigInt)),
    );
  });

  it("epochProofArgs refuses real chunk proofs bound to different provers with MixedProvers", () => {
    // chunk (A) and chunkForB (B) both end where nextForB (B) starts.
    expect(epochProofArgs([blockOf(chunkForB), blockOf(nextForB)]).prover).toBe(PROVER_B);
    expect(epochProofArgs([blockOf(chunkForB, nextForB)]).prover).toBe(PROVER_B);
    expect(() => epochProofArgs([blockOf(chunk), blockOf(nextForB)])).toThrow(
      expect.objectContaining({ name: "CircuitInputError", code: "MixedProvers", field: "blocks[1].chunks[0]" }),
    );
    expect(() => epochProofArgs([blockOf(chunk, nextForB)])).toThrow(
      expect.objectContaining({ code: "MixedProvers", field: "blocks[0].chunks[1]" }),
    );
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
      const prover = "${PROVER_A}";
      const proofs = await Promise.all([1, 2, 3].map((s) => proveChunk({ prevState: s, txs, prover })));
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
        const txs = Array.from({ length: 16 }, (_, i) => i);
        const p = await proveChunk({ prevState: 5, txs, prover: "${PROVER_B}" });
        console.log(CHUNK_ARTIFACTS.zkey, await verifyChunk(p.proof, p.publicSignals));
        await releaseProver();
      })();`;
    const result = run(["-e", script]);
    expect(result.error, "the process did not exit").toBeUndefined();
    expect(result.status, result.stderr).toBe(0);
    expect(result.stdout.trim()).toBe(`${join(packageDir, "build", "chunk.zkey")} true`);
  });
});
