// Groth16 chunk proofs as data: their shape, checked before anything is sent on-chain, and their public signals. No
// prover here (snarkjs stays in prove.ts), so that what only reads or encodes proofs runs in a browser too.
import { CircuitInputError } from "./errors.js";
import type { ProvenChunkSignals } from "./chunk.js";
import { BASE_FIELD_MODULUS, proverAddress, toField } from "./field.js";

/** A Groth16 proof over BN254 as snarkjs writes it: affine points as decimal strings, projective `1` last. */
export interface Groth16Proof {
  readonly pi_a: readonly string[];
  readonly pi_b: readonly (readonly string[])[];
  readonly pi_c: readonly string[];
  readonly protocol: "groth16";
  readonly curve: "bn128";
}

/**
 * A chunk proof and its public signals `[prevState, newState, txsCommitment, prover]` (decimal strings, snarkjs's
 * format; `prover` is the bound address as an integer).
 */
export interface ChunkProof {
  readonly proof: Groth16Proof;
  readonly publicSignals: readonly [string, string, string, string];
}

/** A block's chunk proofs, in order, with what the block's header commits to. */
export interface BlockProof {
  readonly prevState: bigint;
  readonly newState: bigint;
  /** The header's txs commitment (0x-hex `keccak256` of the chunks' Poseidon commitments). */
  readonly txsCommitment: string;
  /** The checksummed address every chunk proof is bound to. */
  readonly prover: string;
  readonly chunks: readonly ChunkProof[];
}

/** A chunk proof's public signals as numbers, and the address it is bound to. */
export function chunkSignals(chunk: ChunkProof): ProvenChunkSignals {
  const [prevState, newState, txsCommitment] = chunk.publicSignals
    .slice(0, 3)
    .map((s, i) => toField(s, `publicSignals[${i}]`));
  return {
    prevState: prevState!,
    newState: newState!,
    txsCommitment: txsCommitment!,
    prover: proverAddress(chunk.publicSignals[3], "publicSignals[3]"),
  };
}

const POINT_COORDINATE = /^[0-9]{1,78}$/;

/**
 * Throws CircuitInputError("MalformedProof") unless `proof` has the shape of a snarkjs Groth16 BN254 proof with
 * every affine coordinate in [0, q): the EVM's precompiles refuse a coordinate ≥ q, so a proof that verifies here
 * verifies on-chain too.
 */
export function checkProofShape(proof: Groth16Proof, field: string): void {
  const coords = (p: unknown, n: number) =>
    Array.isArray(p) &&
    p.length >= n &&
    p.slice(0, n).every((c) => typeof c === "string" && POINT_COORDINATE.test(c) && BigInt(c) < BASE_FIELD_MODULUS);
  const ok =
    proof !== null &&
    typeof proof === "object" &&
    coords(proof.pi_a, 2) &&
    coords(proof.pi_c, 2) &&
    Array.isArray(proof.pi_b) &&
    proof.pi_b.length >= 2 &&
    coords(proof.pi_b[0], 2) &&
    coords(proof.pi_b[1], 2);
  if (!ok)
    throw new CircuitInputError("MalformedProof", field, "not a Groth16 proof { pi_a, pi_b, pi_c } of decimal strings");
}
