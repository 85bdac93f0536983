// The committed build artifacts agree with each other and with the circuit source: a change to
// circuits/chunk.circom without `npm run build:circuits`, or a hand-edited vkey or verifier, fails here.
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import {
  ARTIFACTS,
  CIRCUIT_SOURCE,
  PTAU_POWER,
  TXS_PER_CHUNK,
  compileCircuit,
  renderVerificationKey,
  renderVerifier,
  renderVerifyingKey,
  sha256File,
} from "../scripts/artifacts.mjs";
import { CHUNK_ARTIFACTS, TXS_PER_CHUNK as API_TXS_PER_CHUNK, releaseProver } from "./index.js";

const manifest = JSON.parse(readFileSync(ARTIFACTS.manifest, "utf8"));
const vkey = JSON.parse(readFileSync(ARTIFACTS.vkey, "utf8"));

/** The chunk circuit's public inputs, in the order the circuit, the vkey and the on-chain verifier take them. */
const PUBLIC_SIGNALS = ["prevState", "newState", "txsCommitment", "prover"];

afterAll(releaseProver);

describe("committed artifacts", () => {
  it("the API proves with the files the build writes", () => {
    expect(CHUNK_ARTIFACTS).toEqual({ wasm: ARTIFACTS.wasm, zkey: ARTIFACTS.zkey, vkey: ARTIFACTS.vkey });
    expect(API_TXS_PER_CHUNK).toBe(TXS_PER_CHUNK);
    expect(manifest.txsPerChunk).toBe(TXS_PER_CHUNK);
    expect(readFileSync(CIRCUIT_SOURCE, "utf8")).toContain(`= Chunk(${TXS_PER_CHUNK});`);
  });

  it("has 4 public inputs [prevState, newState, txsCommitment, prover]: source, manifest, vkey and verifier agree", () => {
    expect(readFileSync(CIRCUIT_SOURCE, "utf8")).toContain(`{public [${PUBLIC_SIGNALS.join(", ")}]}`);
    expect(manifest.publicSignals).toEqual(PUBLIC_SIGNALS);
    expect(vkey.nPublic).toBe(PUBLIC_SIGNALS.length);
    expect(vkey.IC).toHaveLength(PUBLIC_SIGNALS.length + 1); // one point per public input, plus the constant
    const verifier = readFileSync(ARTIFACTS.verifier, "utf8");
    expect(verifier).toContain(`uint[${PUBLIC_SIGNALS.length}] calldata _pubSignals`);
    expect(verifier).toMatch(new RegExp(`uint256 constant IC${PUBLIC_SIGNALS.length}x`));
    expect(verifier).not.toMatch(new RegExp(`uint256 constant IC${PUBLIC_SIGNALS.length + 1}x`));
  });

  it("the manifest's hashes are those of the circuit source, wasm and zkey", () => {
    expect(sha256File(CIRCUIT_SOURCE)).toBe(manifest.sha256.source);
    expect(sha256File(ARTIFACTS.wasm)).toBe(manifest.sha256.wasm);
    expect(sha256File(ARTIFACTS.zkey)).toBe(manifest.sha256.zkey);
  });

  it("compiling the source again gives the committed wasm and the R1CS the zkey was set up for", () => {
    const dir = mkdtempSync(join(tmpdir(), "blockage-circuits-test-"));
    try {
      const compiled = compileCircuit(dir);
      expect(compiled.constraints).toBe(manifest.constraints);
      // Groth16's setup needs a power of tau for every constraint plus one per public input and the constant.
      expect(compiled.constraints + vkey.nPublic + 1).toBeLessThanOrEqual(2 ** PTAU_POWER);
      expect(sha256File(compiled.wasm)).toBe(manifest.sha256.wasm);
      expect(sha256File(compiled.r1cs)).toBe(manifest.sha256.r1cs);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it("the committed verification key is the zkey's", async () => {
    expect(readFileSync(ARTIFACTS.vkey, "utf8")).toBe(await renderVerificationKey(ARTIFACTS.zkey));
  });

  it("the committed Solidity verifier is the one the zkey generates", async () => {
    expect(readFileSync(ARTIFACTS.verifier, "utf8")).toBe(await renderVerifier(ARTIFACTS.zkey));
  });

  it("the committed Solidity verifying key constants hold the vkey's points, the G1 ones also negated", () => {
    const library = readFileSync(ARTIFACTS.verifyingKey, "utf8");
    expect(library).toBe(renderVerifyingKey(readFileSync(ARTIFACTS.vkey, "utf8")));
    // The same constants as the generated verifier's (its G2 x1 is the imaginary part).
    const verifier = readFileSync(ARTIFACTS.verifier, "utf8");
    const value = (source: string, name: string) =>
      new RegExp(`\\b${name}\\s*=\\s*([0-9]+);`).exec(source)?.[1] ?? `no ${name}`;
    const pairs: [string, string][] = [
      ["ALPHA_X", "alphax"],
      ["ALPHA_Y", "alphay"],
    ];
    for (const g2 of ["beta", "gamma", "delta"]) {
      const name = g2.toUpperCase();
      pairs.push([`${name}_X_IM`, `${g2}x1`], [`${name}_X_RE`, `${g2}x2`]);
      pairs.push([`${name}_Y_IM`, `${g2}y1`], [`${name}_Y_RE`, `${g2}y2`]);
    }
    for (let i = 0; i <= 4; i++) pairs.push([`IC${i}_X`, `IC${i}x`], [`IC${i}_Y`, `IC${i}y`]);
    for (const [ours, generated] of pairs) {
      expect(value(library, `CHUNK_VK_${ours}`), ours).toBe(value(verifier, generated));
    }
    const q = 21888242871839275222246405745257275088696311157297823662689037894645226208583n;
    for (const point of ["ALPHA", "IC0", "IC1", "IC2", "IC3", "IC4"]) {
      const y = BigInt(value(library, `CHUNK_VK_${point}_Y`));
      expect(BigInt(value(library, `CHUNK_VK_${point}_NEG_Y`)), point).toBe(q - y);
    }
  });
});
