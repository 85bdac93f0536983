import { describe, expect, it } from "vitest";
import rfc from "../../../test/vectors/vrf/rfc9381.json";
import k1 from "../../../test/vectors/vrf/secp256k1-sha256-tai.json";
import { decodeProof, proofToHash, prove, publicKey, verify } from "./ecvrf.js";
import { pointToString, stringToInt, stringToPoint } from "./encoding.js";
import { computeU, computeV } from "./msm.js";
import { encodeToCurveWithString } from "./hash-to-curve.js";
import { nonceRfc6979, nonceRfc8032 } from "./nonce.js";
import { getSuiteParams, type GroupPoint, type Suite } from "./suite.js";
import { ed25519 } from "@noble/curves/ed25519.js";

const bytes = (hex: string): Uint8Array => Uint8Array.from(Buffer.from(hex, "hex"));
const hex = (b: Uint8Array): string => Buffer.from(b).toString("hex");

interface Vector {
  suite: string;
  label: string;
  sk: string;
  pk: string;
  alpha: string;
  h: string;
  k: string;
  U: string;
  V: string;
  gamma?: string;
  c?: string;
  s?: string;
  pi: string;
  beta: string;
}

const all: Vector[] = [
  ...rfc.vectors.map((v) => ({ ...v, label: `${v.rfc_section} example ${v.example}` })),
  ...k1.vectors.map((v) => ({ ...v, U: v.u, V: v.v })),
];

/** Recompute k the way prove does, from the key and h_string. */
function nonceFor(suite: Suite, sk: Uint8Array, hString: Uint8Array): bigint {
  const params = getSuiteParams(suite);
  if (params.nonce === "rfc6979") return nonceRfc6979(params, BigInt("0x" + hex(sk)), hString);
  return nonceRfc8032(params, ed25519.utils.getExtendedPublicKey(sk).prefix, hString);
}

describe("known-answer vectors", () => {
  it("covers all five suites and all 12 secp256k1 vectors", () => {
    expect(new Set(all.map((v) => v.suite)).size).toBe(5);
    expect(k1.vectors.length).toBe(12);
  });

  for (const v of all) {
    const suite = v.suite as Suite;
    const params = getSuiteParams(suite);
    const sk = bytes(v.sk);
    const pk = bytes(v.pk);
    const alpha = bytes(v.alpha);
    const pi = bytes(v.pi);
    describe(`${suite} — ${v.label}`, () => {
      it("publicKey reproduces pk", () => {
        expect(hex(publicKey(suite, sk))).toBe(v.pk);
      });

      it("encode_to_curve gives h, nonce gives k, k*B = U, k*H = V", () => {
        const { point: H, string: hString } = encodeToCurveWithString(params, pk, alpha);
        expect(hex(hString)).toBe(v.h);
        expect(hex(pointToString(params, H))).toBe(v.h);
        const k = nonceFor(suite, sk, hString);
        expect(k.toString(16).padStart(64, "0")).toBe(
          params.littleEndian ? stringToInt(params, bytes(v.k)).toString(16).padStart(64, "0") : v.k,
        );
        expect(hex(pointToString(params, params.Point.BASE.multiply(k)))).toBe(v.U);
        expect(hex(pointToString(params, H.multiply(k)))).toBe(v.V);
      });

      it("prove reproduces pi byte for byte", () => {
        expect(hex(prove(suite, sk, alpha))).toBe(v.pi);
      });

      it("decodeProof gives Gamma, c, s", () => {
        const d = decodeProof(suite, pi);
        expect(d).not.toBeNull();
        expect(hex(d!.gamma.toBytes())).toBe(v.pi.slice(0, params.ptLen * 2));
        if (v.gamma !== undefined) expect(hex(d!.gamma.toBytes())).toBe(v.gamma);
        if (v.c !== undefined) expect(d!.c).toBe(BigInt("0x" + v.c));
        if (v.s !== undefined) expect(d!.s).toBe(BigInt("0x" + v.s));
      });

      it("the verifier's U = s*B - c*Y and V = s*H - c*Gamma equal the vector's U and V", () => {
        const d = decodeProof(suite, pi)!;
        const Y = stringToPoint(params, pk)!;
        const { point: H } = encodeToCurveWithString(params, pk, alpha);
        const gamma = d.gamma as unknown as GroupPoint;
        expect(hex(pointToString(params, computeU(params, d.s, d.c, Y)))).toBe(v.U);
        expect(hex(pointToString(params, computeV(params, d.s, H, d.c, gamma)))).toBe(v.V);
      });

      it("verify returns beta", () => {
        const beta = verify(suite, pk, pi, alpha);
        expect(beta).not.toBeNull();
        expect(hex(beta!)).toBe(v.beta);
      });

      it("proofToHash returns beta", () => {
        expect(hex(proofToHash(suite, pi))).toBe(v.beta);
      });

      it("verify rejects the proof for a different alpha", () => {
        expect(verify(suite, pk, pi, Uint8Array.of(...alpha, 0x00))).toBeNull();
      });
    });
  }
});

describe("secp256k1 negative vectors", () => {
  it("has the six negative cases", () => {
    expect(k1.negative.length).toBe(6);
  });
  for (const n of k1.negative) {
    it(`rejects: ${n.description}`, () => {
      expect(n.expected_verify).toBe(false);
      expect(verify("ECVRF-SECP256K1-SHA256-TAI", bytes(n.pk), bytes(n.pi), bytes(n.alpha))).toBeNull();
    });
  }
});
