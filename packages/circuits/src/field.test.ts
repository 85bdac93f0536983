import { describe, expect, it } from "vitest";
import { CircuitInputError, FIELD_MODULUS, proverAddress, proverSignal, toField } from "./index.js";

const PROVER = "0x70997970C51812dc3A010C7d01b50e0d17dc79C8";

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

describe("proverSignal / proverAddress", () => {
  it("turns a nonzero address (checksummed, lowercase or uppercase) into its 160-bit integer, and back", () => {
    const signal = BigInt(PROVER);
    expect(proverSignal(PROVER, "prover")).toBe(signal);
    expect(proverSignal(PROVER.toLowerCase(), "prover")).toBe(signal);
    expect(proverSignal(`0x${PROVER.slice(2).toUpperCase()}`, "prover")).toBe(signal);
    expect(proverAddress(signal, "prover")).toBe(PROVER);
    expect(proverAddress(`${signal}`, "prover")).toBe(PROVER);
    expect(proverAddress(PROVER.toLowerCase(), "prover")).toBe(PROVER);
    expect(proverAddress(1n, "prover")).toBe(`0x${"0".repeat(39)}1`);
    expect(proverAddress(2n ** 160n - 1n, "prover")).toBe("0xFFfFfFffFFfffFFfFFfFFFFFffFFFffffFfFFFfF");
    expect(proverSignal(proverAddress(2n ** 160n - 1n, "prover"), "prover")).toBe(2n ** 160n - 1n);
  });

  it("proverSignal refuses anything but a nonzero 0x-hex 20-byte address with a valid checksum: NotAnAddress", () => {
    const badChecksum = PROVER.replace("C", "c"); // mixed case, one letter's case wrong
    expect(badChecksum).not.toBe(PROVER);
    const refused = [
      undefined,
      null,
      "",
      "0x",
      `0x${"0".repeat(40)}`,
      badChecksum,
      PROVER.slice(0, -1),
      `${PROVER}0`,
      PROVER.slice(2),
      `0X${PROVER.slice(2)}`,
      ` ${PROVER}`,
      `${PROVER.slice(0, -1)}g`,
      "prover.eth",
      BigInt(PROVER),
      Number(BigInt(PROVER)),
      { address: PROVER },
    ];
    for (const value of refused) {
      expect(() => proverSignal(value, "chunk.prover"), String(value)).toThrow(
        expect.objectContaining({ name: "CircuitInputError", code: "NotAnAddress", field: "chunk.prover" }),
      );
    }
  });

  it("proverAddress refuses a signal that is 0 or ≥ 2^160 (the on-chain verifier does) and non-field values", () => {
    for (const signal of [0n, "0", 2n ** 160n, 2n ** 160n + BigInt(PROVER), FIELD_MODULUS - 1n]) {
      expect(() => proverAddress(signal, "publicSignals[3]"), String(signal)).toThrow(
        expect.objectContaining({ name: "CircuitInputError", code: "NotAnAddress", field: "publicSignals[3]" }),
      );
    }
    for (const signal of [FIELD_MODULUS, -1n, "0xzz"]) {
      expect(() => proverAddress(signal, "publicSignals[3]"), String(signal)).toThrow(
        expect.objectContaining({ code: "NotFieldElement", field: "publicSignals[3]" }),
      );
    }
  });
});
