import { describe, expect, it } from "vitest";
import { CircuitInputError, FIELD_MODULUS, toField } from "./index.js";

describe("toField", () => {
  it("accepts bigints, safe integers, decimal and 0x-hex strings (leading zeros too), below r", () => {
    expect(toField(0n, "x")).toBe(0n);
    expect(toField(FIELD_MODULUS - 1n, "x")).toBe(FIELD_MODULUS - 1n);
    expect(toField(Number.MAX_SAFE_INTEGER, "x")).toBe(BigInt(Number.MAX_SAFE_INTEGER));
    expect(toField("00042", "x")).toBe(42n);
    expect(toField("0x00ff", "x")).toBe(255n);
    expect(toField(`0x${"0".repeat(62)}10`, "x")).toBe(16n);
  });

  it("refuses everything else with NotFieldElement naming the input, and never reduces modulo r", () => {
    const refused = [
      FIELD_MODULUS,
      FIELD_MODULUS + 1n,
      -1n,
      -1,
      1.5,
      1e21,
      Number.NaN,
      "0x",
      "",
      " 1",
      "1 ",
      "+1",
      "-1",
      "1e3",
      "0X10",
      "12a",
      "9".repeat(81),
      `${FIELD_MODULUS}`,
      null,
      undefined,
      {},
      [1],
      true,
    ];
    for (const value of refused) {
      expect(() => toField(value as bigint, "txs[7]"), String(value)).toThrow(
        expect.objectContaining({ name: "CircuitInputError", code: "NotFieldElement", field: "txs[7]" }),
      );
    }
  });

  it("keeps the message short for a huge string", () => {
    try {
      toField("7".repeat(200_000), "prevState");
      expect.fail("accepted");
    } catch (error) {
      expect(error).toBeInstanceOf(CircuitInputError);
      expect((error as Error).message.length).toBeLessThan(200);
    }
  });
});
