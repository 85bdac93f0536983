import { describe, expect, it } from "vitest";
import { hexlify } from "ethers";
import { InvalidParameterError } from "../errors";
import { lotteryAlpha } from "./seed";

describe("lotteryAlpha", () => {
  const seed = `0x${"a1".repeat(32)}`;

  it("is σ's 32 raw bytes followed by the ASCII role", () => {
    expect(hexlify(lotteryAlpha(seed, "SEQUENCER"))).toBe(`${seed}${Buffer.from("SEQUENCER").toString("hex")}`);
    expect(hexlify(lotteryAlpha(seed, "PROVER"))).toBe(`${seed}${Buffer.from("PROVER").toString("hex")}`);
    expect(lotteryAlpha(seed, "SEQUENCER")).toHaveLength(41);
    expect(lotteryAlpha(seed, "PROVER")).toHaveLength(38);
  });

  it("refuses a seed that is not 32 bytes and unknown roles", () => {
    expect(() => lotteryAlpha("0x1234", "PROVER")).toThrow(InvalidParameterError);
    expect(() => lotteryAlpha(seed, "sequencer" as never)).toThrow(/SEQUENCER/);
  });
});
