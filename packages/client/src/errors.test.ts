import { describe, expect, it } from "vitest";
import { makeError } from "ethers";
import { BlockageError, ContractCallError, errorReason, InvalidParameterError } from "./errors";

describe("errorReason", () => {
  it("prefers an ethers error's shortMessage over its long one-line message", () => {
    const error = makeError("insufficient funds for intrinsic transaction cost", "INSUFFICIENT_FUNDS", {
      transaction: { to: null, data: "0x6080" },
    });
    expect(error.message).toMatch(/transaction=.*code=INSUFFICIENT_FUNDS/);
    expect(errorReason(error)).toBe("insufficient funds for intrinsic transaction cost");
  });

  it("adds the node's own message when ethers could not classify the RPC error", () => {
    const error = makeError("could not coalesce error", "UNKNOWN_ERROR", {
      error: { code: -32000, message: "Sender doesn't have enough funds to send tx." },
    });
    expect(errorReason(error)).toBe("could not coalesce error: Sender doesn't have enough funds to send tx.");
  });

  it("takes the first non-blank line of a plain error's message", () => {
    expect(errorReason(new Error("\n  connect ECONNREFUSED 127.0.0.1:8545\n    at TCPConnectWrap"))).toBe(
      "connect ECONNREFUSED 127.0.0.1:8545",
    );
  });

  it("copes with things that are not errors", () => {
    expect(errorReason("boom\nmore")).toBe("boom");
    expect(errorReason(42)).toBe("42");
    expect(errorReason(undefined)).toBe("undefined");
    expect(errorReason(new TypeError(""))).toBe("TypeError");
    expect(errorReason({ toString: () => "" })).toBe("unknown error");
    expect(
      errorReason({
        toString() {
          throw new Error("no");
        },
      }),
    ).toBe("unknown error");
  });
});

describe("BlockageError", () => {
  it("ends its shortMessage with the cause's short reason and keeps the whole cause", () => {
    const cause = makeError("insufficient funds for intrinsic transaction cost", "INSUFFICIENT_FUNDS", {
      transaction: { to: null, data: "0x6080" },
    });
    const error = new ContractCallError("EcVrfVerifier deployment failed", { cause, details: String(cause) });
    expect(error.shortMessage).toBe(
      "EcVrfVerifier deployment failed: insufficient funds for intrinsic transaction cost",
    );
    expect(error.message.split("\n")[0]).toBe(error.shortMessage);
    expect(error.message).toContain("code=INSUFFICIENT_FUNDS");
    expect(error.cause).toBe(cause);
    expect(error).toBeInstanceOf(BlockageError);
    expect(error.name).toBe("ContractCallError");
  });

  it("uses a nested BlockageError's shortMessage as the reason", () => {
    const inner = new ContractCallError("EcVrfVerifier.verify call to 0xabc failed", {
      cause: new Error("socket hang up\nstack"),
    });
    const outer = new BlockageError("draw failed", { cause: inner });
    expect(outer.shortMessage).toBe("draw failed: EcVrfVerifier.verify call to 0xabc failed: socket hang up");
  });

  it("leaves the summary alone when there is no cause", () => {
    const error = new InvalidParameterError("verifyOnChain: pk must be a Uint8Array");
    expect(error.shortMessage).toBe("verifyOnChain: pk must be a Uint8Array");
    expect(error.message).toBe(error.shortMessage);
  });
});
