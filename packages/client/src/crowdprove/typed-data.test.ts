// CrowdProve's signed messages: registrations and chunk results recover to their signer only on the chain and for
// the job distributor they were made for, and a chunk proof's hash is keccak256(abi.encode(a, b, c, signals)).
import { AbiCoder, Wallet, keccak256 } from "ethers";
import { describe, expect, it } from "vitest";
import { toSolidityChunkProof, type ChunkProof } from "@blockage/circuits";
import { InvalidParameterError } from "../errors";
import {
  chunkProofHash,
  hashChunkResult,
  recoverChunkResult,
  recoverWorkerRegistration,
  signChunkResult,
  signWorkerRegistration,
} from "./typed-data";

const JD = "0x70997970C51812dc3A010C7d01b50e0d17dc79C8";
const OTHER_JD = "0x3C44CdDdB6a900fa2b585dd299e03d12FA4293BC";
const n = (i: number) => `${1000n + BigInt(i) * 7919n}`;
/** A chunk proof's shape (its validity does not matter to the hash). */
const CHUNK: ChunkProof = {
  proof: {
    pi_a: [n(1), n(2), "1"],
    pi_b: [
      [n(3), n(4)],
      [n(5), n(6)],
      ["1", "0"],
    ],
    pi_c: [n(7), n(8), "1"],
    protocol: "groth16",
    curve: "bn128",
  },
  publicSignals: [n(9), n(10), n(11), `${BigInt(JD)}`],
};

describe("CrowdProve typed data", () => {
  it("hashes a chunk proof as keccak256(abi.encode(a, b, c, publicSignals)) of its Solidity form", () => {
    const p = toSolidityChunkProof(CHUNK);
    const expected = keccak256(
      AbiCoder.defaultAbiCoder().encode(
        ["uint256[2]", "uint256[2][2]", "uint256[2]", "uint256[4]"],
        [p.a, p.b, p.c, p.publicSignals],
      ),
    );
    expect(chunkProofHash(CHUNK)).toBe(expected);
    const other = { ...CHUNK, publicSignals: [n(9), n(10), n(12), `${BigInt(JD)}`] as ChunkProof["publicSignals"] };
    expect(chunkProofHash(other)).not.toBe(expected);
  });

  it("recovers a registration's signer only for the chain it was signed for", async () => {
    const worker = Wallet.createRandom();
    const { registration, signature } = await signWorkerRegistration(worker, {
      chainId: 31337n,
      jd: JD,
      now: 1_000_000,
    });
    expect(registration).toMatchObject({ jd: JD, worker: worker.address, expiresAt: 1300n });
    expect(registration.nonce).toMatch(/^0x[0-9a-f]{64}$/);
    expect(recoverWorkerRegistration(31337n, registration, signature)).toBe(worker.address);
    expect(recoverWorkerRegistration(1n, registration, signature)).not.toBe(worker.address);
    expect(recoverWorkerRegistration(31337n, { ...registration, jd: OTHER_JD }, signature)).not.toBe(worker.address);
    const again = await signWorkerRegistration(worker, { chainId: 31337n, jd: JD });
    expect(again.registration.nonce).not.toBe(registration.nonce);
  });

  it("recovers a chunk result's signer, and binds it to the JD, the job and the proof", async () => {
    const worker = Wallet.createRandom();
    const result = { jd: JD, worker: worker.address, jobId: "7:3", chunkId: 3n, proofHash: chunkProofHash(CHUNK) };
    const signature = await signChunkResult(worker, { chainId: 31337n, result });
    expect(recoverChunkResult(31337n, result, signature)).toBe(worker.address);
    for (const changed of [
      { jd: OTHER_JD },
      { jobId: "7:4" },
      { chunkId: 4n },
      { proofHash: `0x${"00".repeat(32)}` },
    ]) {
      expect(recoverChunkResult(31337n, { ...result, ...changed }, signature)).not.toBe(worker.address);
    }
    expect(hashChunkResult(31337n, result)).not.toBe(hashChunkResult(1n, result));
  });

  it("refuses malformed messages and signatures with InvalidParameterError", async () => {
    const worker = Wallet.createRandom();
    const result = { jd: JD, worker: worker.address, jobId: "", chunkId: 0n, proofHash: chunkProofHash(CHUNK) };
    await expect(signChunkResult(worker, { chainId: 31337n, result })).rejects.toBeInstanceOf(InvalidParameterError);
    expect(() => recoverChunkResult(31337n, { ...result, jobId: "1:0" }, "0x1234")).toThrow(InvalidParameterError);
    expect(() =>
      recoverWorkerRegistration(31337n, { jd: "nope", worker: worker.address, nonce: "0x00", expiresAt: 1n }, "0x"),
    ).toThrow(InvalidParameterError);
  });
});

describe("CrowdProve error codes", () => {
  it("are the ones PROTOCOL.md documents: JSON-RPC 2.0's five, and its table of application codes", async () => {
    const { readFileSync } = await import("node:fs");
    const { CROWDPROVE_ERROR_CODES, JSON_RPC_ERROR_CODES } = await import("./errors");
    const protocol = readFileSync(new URL("../../../job-distributor/PROTOCOL.md", import.meta.url), "utf8");
    const table = Object.fromEntries(
      [...protocol.matchAll(/^\| (-320\d\d) \| (\w+) +\|/gm)].map((m) => [m[2], Number(m[1])]),
    );
    expect(Object.keys(table)).toHaveLength(10);
    expect(CROWDPROVE_ERROR_CODES).toEqual(table);
    expect(Object.values(JSON_RPC_ERROR_CODES)).toEqual([-32700, -32600, -32601, -32602, -32603]);
  });
});
