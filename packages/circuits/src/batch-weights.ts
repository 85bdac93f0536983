// The weights of EpochProofVerifier's batched pairing check, computed as the contract computes them, so that anyone
// can reproduce (or audit) the random linear combination an epoch proof is checked with. Browser-safe: ethers'
// keccak256 and ABI coder only.
import { AbiCoder, concat, getBytes, hexlify, isHexString, keccak256, toUtf8Bytes } from "ethers";
import { CircuitInputError } from "./errors.js";
import { FIELD_MODULUS } from "./field.js";

/** `EpochProofVerifier.BATCH_DOMAIN`: keccak256 of the batch's domain tag, hashed ahead of the proof bytes. */
export const EPOCH_PROOF_BATCH_DOMAIN = keccak256(toUtf8Bytes("blockage.EpochProofVerifier.batch.v1"));

/** `EpochProofVerifier.MAX_CHUNKS`: the most chunk proofs one epoch proof may hold. */
export const MAX_EPOCH_CHUNKS = 64;

/**
 * The first `count` weights of the batched check of `proof` (an epoch proof's bytes, as `encodeEpochProof` writes
 * them), exactly as `EpochProofVerifier.batchWeights(proof, count)` returns them: `r_0 = 1`, then
 * `r_i = keccak256(abi.encode(seed, i)) mod r` with `seed = keccak256(BATCH_DOMAIN ‖ proof)`. They depend on every
 * byte of the proof, so nobody can pick them before the proofs are fixed.
 *
 * @example
 * const weights = epochProofBatchWeights(encodeEpochProof(blocks), 4);
 */
export function epochProofBatchWeights(proof: string | Uint8Array, count: number): bigint[] {
  if (typeof proof === "string" && !isHexString(proof)) {
    throw new CircuitInputError("MalformedProof", "proof", "expected 0x-hex epoch proof bytes");
  }
  if (!Number.isSafeInteger(count) || count < 0 || count > MAX_EPOCH_CHUNKS) {
    throw new CircuitInputError("MalformedInput", "count", `expected an integer from 0 to ${MAX_EPOCH_CHUNKS}`);
  }
  const seed = keccak256(concat([EPOCH_PROOF_BATCH_DOMAIN, hexlify(getBytes(proof))]));
  const coder = AbiCoder.defaultAbiCoder();
  return Array.from({ length: count }, (_, i) =>
    i === 0 ? 1n : BigInt(keccak256(coder.encode(["bytes32", "uint256"], [seed, i]))) % FIELD_MODULUS,
  );
}
