import { AbiCoder, getBytes, hexlify } from "ethers";
import { describe, expect, it } from "vitest";
import { InvalidParameterError } from "@blockage/client";
import {
  decodeMakeMessage,
  decodeTakeMessage,
  encodeMakeMessage,
  encodeTakeMessage,
  GossipMessageError,
  MAKE_MESSAGE_BYTES,
  MAX_QUOTE_MESSAGE_BYTES,
  TAKE_MESSAGE_BYTES,
} from "./messages";
import { make, take } from "./test-fixtures";

const WORD = 32;

/** A copy of `data` with `byte` at `index`. */
function patched(data: Uint8Array, index: number, byte: number): Uint8Array {
  const copy = new Uint8Array(data);
  copy[index] = byte;
  return copy;
}

describe("quote gossip messages", () => {
  it("encode to fixed lengths and decode back to the same message", async () => {
    const m = await make();
    const encoded = encodeMakeMessage(m);
    expect(encoded.length).toBe(MAKE_MESSAGE_BYTES);
    expect(decodeMakeMessage(encoded)).toEqual(m);

    const t = await take();
    const encodedTake = encodeTakeMessage(t);
    expect(encodedTake.length).toBe(TAKE_MESSAGE_BYTES);
    expect(decodeTakeMessage(encodedTake)).toEqual(t);
    expect(MAX_QUOTE_MESSAGE_BYTES).toBe(TAKE_MESSAGE_BYTES);
  });

  it("is the Solidity ABI encoding of (Quote, bytes) and (Quote, bytes, uint64, bytes)", async () => {
    const t = await take();
    const q = t.quote;
    const tuple = "tuple(address,uint256,uint16,uint256,uint64)";
    const fields = [q.prover, q.epoch, q.basisPointFee, q.bond, q.validUntilSlot];
    expect(hexlify(encodeTakeMessage(t))).toBe(
      AbiCoder.defaultAbiCoder().encode(
        [tuple, "bytes", "uint64", "bytes"],
        [fields, t.proverSignature, t.slot, t.proposerSignature],
      ),
    );
  });

  it("accepts quotes in the SDK's loose forms and normalises them", async () => {
    const m = await make();
    const loose = {
      quote: {
        ...m.quote,
        prover: m.quote.prover.toLowerCase(),
        epoch: Number(m.quote.epoch),
        bond: `${m.quote.bond}`,
      },
      proverSignature: getBytes(m.proverSignature),
    };
    expect(decodeMakeMessage(encodeMakeMessage(loose))).toEqual(m);
  });

  it("refuses to encode signatures that are not 65 bytes, slots beyond uint64 and malformed quotes", async () => {
    const t = await take();
    expect(() => encodeMakeMessage({ ...t, proverSignature: t.proverSignature.slice(0, -2) })).toThrow(
      GossipMessageError,
    );
    expect(() => encodeTakeMessage({ ...t, proposerSignature: "0x1234" })).toThrow(GossipMessageError);
    expect(() => encodeTakeMessage({ ...t, slot: 1n << 64n })).toThrow(GossipMessageError);
    expect(() => encodeMakeMessage({ ...t, quote: { ...t.quote, basisPointFee: 70_000 } })).toThrow(
      InvalidParameterError,
    );
  });

  it("refuses wrong lengths, garbage and the other topic's messages", async () => {
    const makeBytes = encodeMakeMessage(await make());
    const takeBytes = encodeTakeMessage(await take());
    const cases: Uint8Array[] = [
      new Uint8Array(0),
      makeBytes.subarray(0, MAKE_MESSAGE_BYTES - 1),
      new Uint8Array([...makeBytes, 0]),
      new Uint8Array(MAKE_MESSAGE_BYTES).fill(0xff),
      takeBytes,
    ];
    for (const data of cases) expect(() => decodeMakeMessage(data)).toThrow(GossipMessageError);
    expect(() => decodeTakeMessage(makeBytes)).toThrow(GossipMessageError);
    expect(() => decodeTakeMessage(new Uint8Array(TAKE_MESSAGE_BYTES))).toThrow(GossipMessageError);
  });

  it("refuses any encoding but the canonical one (dirty high bits, moved offsets, other signature lengths)", async () => {
    const data = encodeMakeMessage(await make());
    // Word 0 is the prover (12 zero bytes then 20), word 2 the uint16 fee, word 4 the uint64 expiry, word 5 the
    // signature's offset (0xc0), word 6 its length (65), then the signature padded to 3 words.
    const cases: [string, Uint8Array, RegExp][] = [
      ["address with a high byte set", patched(data, 0, 1), /not ABI-encoded/],
      ["fee beyond 16 bits", patched(data, 2 * WORD + 29, 1), /not the canonical ABI encoding/],
      ["expiry beyond 64 bits", patched(data, 4 * WORD + 23, 1), /not the canonical ABI encoding/],
      ["non-zero padding after the signature", patched(data, data.length - 1, 1), /not the canonical ABI encoding/],
      ["signature length 64", patched(data, 6 * WORD + 31, 64), /proverSignature is 64 bytes/],
      ["signature offset moved a word on", patched(data, 5 * WORD + 31, 0xe0), /not ABI-encoded/],
    ];
    for (const [what, d, reason] of cases) {
      expect(() => decodeMakeMessage(d), what).toThrow(GossipMessageError);
      expect(() => decodeMakeMessage(d), what).toThrow(reason);
    }
  });

  it("refuses a take message whose slot has dirty high bits", async () => {
    const data = encodeTakeMessage(await take());
    // Head: 5 quote words, the prover signature's offset, then the slot.
    expect(() => decodeTakeMessage(patched(data, 6 * WORD + 23, 1))).toThrow(GossipMessageError);
  });
});
