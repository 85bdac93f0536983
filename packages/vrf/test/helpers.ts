/** Shared helpers for the package's tests (not shipped). */
import rfc from "../../../test/vectors/vrf/rfc9381.json";
import k1 from "../../../test/vectors/vrf/secp256k1-sha256-tai.json";
import type { Suite } from "../src/suite.js";

export const bytes = (hex: string): Uint8Array => Uint8Array.from(Buffer.from(hex, "hex"));
export const hex = (b: Uint8Array): string => Buffer.from(b).toString("hex");

/** One known-good (sk, pk, alpha, pi, beta) per suite, from the vector files. */
export interface Sample {
  suite: Suite;
  sk: Uint8Array;
  pk: Uint8Array;
  alpha: Uint8Array;
  pi: Uint8Array;
  beta: Uint8Array;
}

export function sampleFor(suite: Suite): Sample {
  const v =
    [...rfc.vectors, ...k1.vectors].find((x) => x.suite === suite && x.alpha !== "") ??
    [...rfc.vectors, ...k1.vectors].find((x) => x.suite === suite);
  if (v === undefined) throw new Error("no vector for " + suite);
  return {
    suite,
    sk: bytes(v.sk),
    pk: bytes(v.pk),
    alpha: bytes(v.alpha),
    pi: bytes(v.pi),
    beta: bytes(v.beta),
  };
}

/** Return a copy of `b` with bit `bit` (0 = LSB of byte 0) flipped. */
export function flipBit(b: Uint8Array, bit: number): Uint8Array {
  const out = b.slice();
  out[bit >> 3] ^= 1 << (bit & 7);
  return out;
}

/** Integer to fixed-length bytes, big- or little-endian. */
export function intBytes(n: bigint, len: number, littleEndian: boolean): Uint8Array {
  const out = new Uint8Array(len);
  let v = n;
  for (let i = 0; i < len; i++) {
    out[littleEndian ? i : len - 1 - i] = Number(v & 0xffn);
    v >>= 8n;
  }
  if (v !== 0n) throw new Error("does not fit");
  return out;
}
