import { keccak_256 } from "@noble/hashes/sha3.js";
import { describe, expect, it } from "vitest";
import { CircuitInputError } from "./errors.js";
import { EPOCH_PROOF_BATCH_DOMAIN, FIELD_MODULUS, MAX_EPOCH_CHUNKS, epochProofBatchWeights } from "./index.js";

// The contract's own figures are checked against these in the Hardhat tests (test/proving/EpochProofVerifier.test.ts:
// `batchWeights` over the committed 64-chunk epoch proof); here the formula is recomputed with another keccak.
const hex = (bytes: Uint8Array) => Buffer.from(bytes).toString("hex");
const word = (n: bigint) => n.toString(16).padStart(64, "0");
const proof = `0x${word(0x40n)}${word(0x80n)}${"ab".repeat(100)}`;

describe("epochProofBatchWeights", () => {
  it("r_0 = 1, then keccak256(abi.encode(seed, i)) mod r with seed = keccak256(BATCH_DOMAIN ‖ proof)", () => {
    const domain = keccak_256(new TextEncoder().encode("blockage.EpochProofVerifier.batch.v1"));
    expect(`0x${hex(domain)}`).toBe(EPOCH_PROOF_BATCH_DOMAIN);
    const seed = keccak_256(Buffer.concat([domain, Buffer.from(proof.slice(2), "hex")]));
    const expected = [1n];
    for (let i = 1n; i < 5n; i++) {
      const digest = keccak_256(Buffer.concat([seed, Buffer.from(word(i), "hex")]));
      expected.push(BigInt(`0x${hex(digest)}`) % FIELD_MODULUS);
    }
    expect(epochProofBatchWeights(proof, 5)).toEqual(expected);
    expect(epochProofBatchWeights(Buffer.from(proof.slice(2), "hex"), 5)).toEqual(expected);
  });

  it("depends on every byte of the proof", () => {
    const weights = epochProofBatchWeights(proof, 3);
    const changed = epochProofBatchWeights(`${proof.slice(0, -1)}c`, 3);
    expect(changed[0]).toBe(1n);
    expect(changed[1]).not.toBe(weights[1]);
    expect(changed[2]).not.toBe(weights[2]);
  });

  it("gives 0 to MAX_EPOCH_CHUNKS weights and refuses anything else with a named error", () => {
    expect(epochProofBatchWeights(proof, 0)).toEqual([]);
    expect(epochProofBatchWeights(proof, MAX_EPOCH_CHUNKS)).toHaveLength(64);
    for (const count of [-1, 65, 1.5, Number.NaN]) {
      expect(() => epochProofBatchWeights(proof, count)).toThrow(CircuitInputError);
    }
    expect(() => epochProofBatchWeights("not hex", 1)).toThrow(CircuitInputError);
  });
});
