import { describe, expect, it } from "vitest";
import { BlockageError } from "../errors";
import { LOTTERY_CONTRACT_ERRORS, LotteryError } from "./errors";
import type { LotteryErrorCode } from "./errors";

describe("LotteryError", () => {
  it("is a BlockageError carrying its code and the contract's error name", () => {
    const error = new LotteryError("WeightOverflow", "lottery weight overflows", { details: "stake 2^255" });
    expect(error).toBeInstanceOf(BlockageError);
    expect(error).toBeInstanceOf(Error);
    expect(error.name).toBe("LotteryError");
    expect(error.code).toBe("WeightOverflow");
    expect(error.contractError).toBe("LotteryLib__WeightOverflow");
    expect(error.shortMessage).toBe("lottery weight overflows");
    expect(error.message).toBe("lottery weight overflows\n\nstake 2^255");
  });

  it("names the Solidity custom error of every code", () => {
    const expected: Record<LotteryErrorCode, string> = {
      InvalidParams: "LotteryLib__InvalidParams",
      WeightOverflow: "LotteryLib__WeightOverflow",
      InvalidWeight: "LotteryLib__InvalidWeight",
      LnUndefined: "LnWadUndefined",
      ExpOverflow: "ExpOverflow",
      MulOverflow: "SMulWadFailed",
    };
    expect(LOTTERY_CONTRACT_ERRORS).toEqual(expected);
    for (const code of Object.keys(expected) as LotteryErrorCode[]) {
      expect(new LotteryError(code, "x").contractError).toBe(expected[code]);
    }
  });

  it("keeps its cause", () => {
    const cause = new Error("inner reason");
    const error = new LotteryError("InvalidParams", "bad parameters", { cause });
    expect(error.cause).toBe(cause);
    expect(error.shortMessage).toBe("bad parameters: inner reason");
  });
});
