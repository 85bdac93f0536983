import { describe, expect, it } from "vitest";
import { proofToHash, prove, publicKey, VrfError, type BlockageErrorShape, type VrfErrorCode } from "./index.js";

describe("VrfError", () => {
  it("has the SDK's error shape: literal name, PascalCase code, shortMessage, message", () => {
    const error: BlockageErrorShape<VrfErrorCode> = new VrfError("InvalidProof", "proof does not decode");
    expect(error).toBeInstanceOf(Error);
    expect(error).toBeInstanceOf(VrfError);
    expect(error.name).toBe("VrfError");
    expect(error.code).toBe("InvalidProof");
    expect(error.shortMessage).toBe("proof does not decode");
    expect(error.message).toBe("proof does not decode");
    expect(error.cause).toBeUndefined();
    expect("cause" in error).toBe(false);
  });

  it("keeps the error it wraps as its cause and puts details after the short message", () => {
    const cause = new RangeError("bad point");
    const error = new VrfError("InvalidArgument", "pk must be a point", { cause, details: "got 0x00" });
    expect(error.cause).toBe(cause);
    expect(error.shortMessage).toBe("pk must be a point");
    expect(error.message).toBe("pk must be a point\n\ngot 0x00");
  });

  it("is what the API throws, with a PascalCase code and a one-line shortMessage", () => {
    const suite = "ECVRF-SECP256K1-SHA256-TAI";
    const cases: Array<[() => unknown, VrfErrorCode]> = [
      [() => publicKey("nope" as never, new Uint8Array(32)), "UnknownSuite"],
      [() => publicKey(suite, "sk" as never), "InvalidArgument"],
      [() => publicKey(suite, new Uint8Array(32)), "InvalidSecretKey"],
      [() => prove(suite, new Uint8Array(31), new Uint8Array(0)), "InvalidSecretKey"],
      [() => proofToHash(suite, new Uint8Array(3)), "InvalidProof"],
    ];
    for (const [call, code] of cases) {
      expect(call).toThrow(VrfError);
      expect(call).toThrow(
        expect.objectContaining({ name: "VrfError", code, shortMessage: expect.stringMatching(/^[^\n]+$/) }),
      );
    }
  });
});
