// Fixtures for the epoch proof verifier tests: the deployed verifiers and an epoch of real Groth16 chunk proofs
// made with @blockage/circuits.
import { ethers } from "hardhat";
import { type BlockProof, type EpochProofArgs, epochProofArgs, proveBlock } from "@blockage/circuits";
import type {
  ChunkGroth16Verifier,
  ChunkGroth16Verifier__factory,
  EpochProofVerifier,
  EpochProofVerifier__factory,
} from "../../packages/client/src/typechain";
import { factory } from "../registry/helpers";

export const CHUNK_PROOF_TUPLE = "tuple(uint256[2] a, uint256[2][2] b, uint256[2] c, uint256[4] publicSignals)";

/** The address the fixture's proofs are bound to (Hardhat's second default account). */
export const PROVER = "0x70997970C51812dc3A010C7d01b50e0d17dc79C8";

export async function deployProofVerifier(): Promise<{
  chunkVerifier: ChunkGroth16Verifier;
  verifier: EpochProofVerifier;
}> {
  const chunkVerifier = await (await factory<ChunkGroth16Verifier__factory>("ChunkGroth16Verifier")).deploy();
  const verifier = await (
    await factory<EpochProofVerifier__factory>("EpochProofVerifier")
  ).deploy(await chunkVerifier.getAddress());
  return { chunkVerifier, verifier };
}

/** `count` transactions: distinct field elements derived from `tag`. */
export function txsOf(tag: number, count: number): bigint[] {
  return Array.from({ length: count }, (_, i) => BigInt(tag) * 1_000_003n + BigInt(i) * 7919n + 1n);
}

/**
 * An epoch of three blocks from state 42, bound to PROVER: block 0 of two chunks, blocks 1 and 2 of one chunk each
 * (four chunk proofs), plus a fifth chunk proven from block 2's end (an extra chunk for the "extra chunk" cases).
 */
export async function proveEpoch(): Promise<{ blocks: BlockProof[]; args: EpochProofArgs; extra: BlockProof }> {
  const prover = PROVER;
  const b0 = await proveBlock({ prevState: 42n, txs: txsOf(1, 32), prover });
  const b1 = await proveBlock({ prevState: b0.newState, txs: txsOf(2, 16), prover });
  const b2 = await proveBlock({ prevState: b1.newState, txs: txsOf(3, 16), prover });
  const extra = await proveBlock({ prevState: b2.newState, txs: txsOf(4, 16), prover });
  const blocks = [b0, b1, b2];
  return { blocks, args: epochProofArgs(blocks), extra };
}

/** Decodes an epoch proof's bytes into (chunkCounts, chunks) for tampering. */
export function decodeProof(proof: string): { counts: bigint[]; chunks: bigint[][][] } {
  const [counts, chunks] = ethers.AbiCoder.defaultAbiCoder().decode(["uint256[]", `${CHUNK_PROOF_TUPLE}[]`], proof);
  return {
    counts: [...counts],
    chunks: chunks.map((c: unknown[]) => (c as unknown[]).map((field) => deepCopy(field))) as bigint[][][],
  };
}

/** Encodes (chunkCounts, chunks) back into proof bytes. */
export function encodeProof(counts: bigint[], chunks: unknown[]): string {
  return ethers.AbiCoder.defaultAbiCoder().encode(["uint256[]", `${CHUNK_PROOF_TUPLE}[]`], [counts, chunks]);
}

function deepCopy(value: unknown): unknown {
  return Array.isArray(value) || (value && typeof value === "object" && "toArray" in value)
    ? [...(value as Iterable<unknown>)].map(deepCopy)
    : value;
}
