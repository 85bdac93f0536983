import { describe, expect, it } from "vitest";
import {
  type BlockageErrorShape,
  CircuitArtifactError,
  CircuitError,
  type CircuitErrorCode,
  CircuitInputError,
  loadVerificationKey,
  proverSignal,
  toField,
} from "./index.js";

describe("CircuitError", () => {
  it("has the SDK's error shape: literal name, PascalCase code, shortMessage, message, cause", () => {
    const cause = new Error("inner");
    const error: BlockageErrorShape<CircuitErrorCode> = new CircuitError("BrokenChain", "blocks do not chain", {
      cause,
      details: "blocks[1].prevState is 7",
    });
    expect(error).toBeInstanceOf(Error);
    expect(error.name).toBe("CircuitError");
    expect(error.code).toBe("BrokenChain");
    expect(error.shortMessage).toBe("blocks do not chain");
    expect(error.message).toBe("blocks do not chain\n\nblocks[1].prevState is 7");
    expect(error.cause).toBe(cause);
    expect("cause" in new CircuitError("BrokenChain", "x")).toBe(false);
  });

  it("CircuitInputError names the input in its one-line short message and keeps its code and field", () => {
    expect(() => toField(-1n, "txs[7]")).toThrow(CircuitError);
    expect(() => toField(-1n, "txs[7]")).toThrow(
      expect.objectContaining({
        name: "CircuitInputError",
        code: "NotFieldElement",
        field: "txs[7]",
        shortMessage: expect.stringMatching(/^txs\[7\]: [^\n]+$/),
        message: expect.stringMatching(/^txs\[7\]: [^\n]+$/),
      }),
    );
  });

  it("keeps the error it wraps: a bad EIP-55 checksum carries ethers' error", () => {
    const badChecksum = "0x5AAeb6053F3E94C9b9A09f33669435E7Ef1BeAed"; // EIP-55's first example, one letter upper-cased
    expect(() => proverSignal(badChecksum, "chunk.prover")).toThrow(CircuitInputError);
    expect(() => proverSignal(badChecksum, "chunk.prover")).toThrow(
      expect.objectContaining({
        code: "NotAnAddress",
        field: "chunk.prover",
        cause: expect.objectContaining({ code: "INVALID_ARGUMENT" }),
      }),
    );
  });

  it("CircuitArtifactError is ArtifactUnreadable and keeps the file system's error", () => {
    const path = "/nonexistent/blockage/chunk_vkey.json";
    expect(() => loadVerificationKey(path)).toThrow(CircuitArtifactError);
    expect(() => loadVerificationKey(path)).toThrow(
      expect.objectContaining({
        name: "CircuitArtifactError",
        code: "ArtifactUnreadable",
        path,
        shortMessage: expect.stringContaining(path),
        cause: expect.objectContaining({ code: "ENOENT" }),
      }),
    );
  });
});
