import { describe, expect, it } from "vitest";
import { makeError } from "ethers";
import { ContractRevertError, decodeContractError, toContractError } from "./contract-errors";
import {
  BlockageError,
  ContractCallError,
  errorReason,
  InvalidParameterError,
  type BlockageErrorShape,
} from "./errors";
import { ChunkStatementMismatchError, NotCooperativeError } from "./cooperative/errors";
import { NotEligibleError } from "./lottery/eligibility";
import { LotteryError } from "./lottery/errors";
import { BlockDataNotFoundError, RegistryAdminRequiredError, SlasherAlreadyBoundError } from "./rollup/errors";

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

describe("the SDK's error shape", () => {
  const revert = new ContractRevertError(decodeContractError("0x87703267")!, {
    data: "0x87703267",
    action: "delegate",
  });
  const errors: Array<[BlockageErrorShape, string, string]> = [
    [new BlockageError("x"), "BlockageError", "Blockage"],
    [new InvalidParameterError("x"), "InvalidParameterError", "InvalidParameter"],
    [new ContractCallError("x"), "ContractCallError", "ContractCall"],
    [revert, "ContractRevertError", "ContractRevert"],
    [new LotteryError("WeightOverflow", "x"), "LotteryError", "WeightOverflow"],
    [new NotEligibleError("ZeroWeight", "x"), "NotEligibleError", "NotEligible"],
    [new RegistryAdminRequiredError("0xr", "0xa"), "RegistryAdminRequiredError", "RegistryAdminRequired"],
    [new SlasherAlreadyBoundError("0xr", "0xs"), "SlasherAlreadyBoundError", "SlasherAlreadyBound"],
    [new BlockDataNotFoundError(3n, "pruned"), "BlockDataNotFoundError", "BlockDataNotFound"],
    [new ChunkStatementMismatchError(1, "prevState", 2n, 3n), "ChunkStatementMismatchError", "ChunkStatementMismatch"],
    [new NotCooperativeError("0xr"), "NotCooperativeError", "NotCooperative"],
  ];

  it.each(errors)("%s has a literal name, a PascalCase code and a one-line shortMessage", (error, name, code) => {
    expect(error).toBeInstanceOf(BlockageError);
    expect(error.name).toBe(name);
    expect(error.code).toBe(code);
    expect(error.code).toMatch(/^[A-Z][A-Za-z]+$/);
    expect(error.shortMessage).not.toContain("\n");
    expect(error.message.split("\n")[0]).toBe(error.shortMessage);
  });

  it("message is the shortMessage, then a blank line and the details", () => {
    const error = new InvalidParameterError("stake must be positive", { details: "got -1\nsee register" });
    expect(error.shortMessage).toBe("stake must be positive");
    expect(error.message).toBe("stake must be positive\n\ngot -1\nsee register");
    expect(error.cause).toBeUndefined();
    expect("cause" in error).toBe(false);
  });

  it("wrapping keeps the cause, as ES2022 cause, and says its reason once", () => {
    const cause = new Error("txs[3]: not a field element");
    const wrapped = new InvalidParameterError("bad block", { cause });
    expect(wrapped.cause).toBe(cause);
    expect(wrapped.shortMessage).toBe("bad block: txs[3]: not a field element");
    const same = new InvalidParameterError("txs[3]: not a field element", { cause });
    expect(same.cause).toBe(cause);
    expect(same.shortMessage).toBe("txs[3]: not a field element");
  });

  it("toContractError keeps what ethers threw as the cause, revert or not", () => {
    const failure = new Error("connect ECONNREFUSED 127.0.0.1:8545");
    const call = toContractError(failure, "activate");
    expect(call).toMatchObject({ name: "ContractCallError", code: "ContractCall", cause: failure });
    expect(call.shortMessage).toBe("activate failed: connect ECONNREFUSED 127.0.0.1:8545");
    const reverted = makeError("execution reverted", "CALL_EXCEPTION", { data: "0x87703267" } as never);
    const decoded = toContractError(reverted, "delegate");
    expect(decoded).toMatchObject({ name: "ContractRevertError", code: "ContractRevert", cause: reverted });
    expect(decoded.shortMessage).toBe("NodeRegistry__ZeroAmount()");
    expect(toContractError(decoded, "again")).toBe(decoded);
    // Like ES2022's own cause, it can be dropped (a reveal's calldata holds its secret: see lottery/entries.ts).
    for (const error of [
      call,
      decoded,
      toContractError(makeError("x", "CALL_EXCEPTION", { data: "0x" } as never), "a"),
    ]) {
      expect(Object.getOwnPropertyDescriptor(error, "cause")).toMatchObject({ enumerable: false, configurable: true });
      expect(delete (error as { cause?: unknown }).cause).toBe(true);
      expect(error.cause).toBeUndefined();
    }
  });
});
