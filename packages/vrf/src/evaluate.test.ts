import { describe, expect, it } from "vitest";
import fc from "fast-check";
import rfc from "../../../test/vectors/vrf/rfc9381.json";
import k1 from "../../../test/vectors/vrf/secp256k1-sha256-tai.json";
import { bytes, hex, intBytes } from "../test/helpers.js";
import { proofToHashDigest } from "./challenge.js";
import { decodeProof } from "./ecvrf.js";
import { pointToString } from "./encoding.js";
import { evaluate, proofToHash, prove, publicKey, SUITES, verify, VrfError, type Suite } from "./index.js";
import { getSuiteParams } from "./suite.js";

const vectors = [...rfc.vectors.map((v) => ({ ...v, label: `${v.rfc_section} example ${v.example}` })), ...k1.vectors];

/** What a call did: its output as hex, or the VrfError code it threw (anything else is rethrown). */
function outcome(f: () => Uint8Array): string {
  try {
    return "ok " + hex(f());
  } catch (e) {
    if (e instanceof VrfError) return "VrfError " + e.code;
    throw e;
  }
}

/** A random valid secret key for the suite (same distribution as properties.test.ts). */
function secretKey(suite: Suite): fc.Arbitrary<Uint8Array> {
  const params = getSuiteParams(suite);
  if (params.family === "edwards") return fc.uint8Array({ minLength: 32, maxLength: 32 });
  return fc.bigInt({ min: 1n, max: params.q - 1n }).map((x) => intBytes(x, 32, false));
}

describe("evaluate on the known-answer vectors", () => {
  it("covers all five suites", () => {
    expect(new Set(vectors.map((v) => v.suite))).toEqual(new Set(SUITES));
  });

  for (const v of vectors) {
    const suite = v.suite as Suite;
    it(`${suite} — ${v.label}: beta = vector beta = proofToHash(prove(sk, alpha))`, () => {
      const sk = bytes(v.sk);
      const alpha = bytes(v.alpha);
      const beta = evaluate(suite, sk, alpha);
      expect(beta).toBeInstanceOf(Uint8Array);
      expect(beta.length).toBe(getSuiteParams(suite).hLen);
      expect(hex(beta)).toBe(v.beta);
      expect(hex(beta)).toBe(hex(proofToHash(suite, prove(suite, sk, alpha))));
    });
  }
});

describe.each(SUITES)("%s: evaluate on random keys and inputs", (suite) => {
  const params = getSuiteParams(suite);

  it("equals proofToHash(prove(sk, alpha)) and verify's beta", () => {
    fc.assert(
      fc.property(secretKey(suite), fc.uint8Array({ minLength: 0, maxLength: 96 }), (sk, alpha) => {
        const skCopy = sk.slice();
        const alphaCopy = alpha.slice();
        const beta = evaluate(suite, sk, alpha);
        const pi = prove(suite, sk, alpha);
        expect(hex(beta)).toBe(hex(proofToHash(suite, pi)));
        expect(hex(beta)).toBe(hex(verify(suite, publicKey(suite, sk), pi, alpha)!));
        expect(hex(evaluate(suite, sk, alpha))).toBe(hex(beta)); // deterministic
        // Inputs are not modified.
        expect(hex(sk)).toBe(hex(skCopy));
        expect(hex(alpha)).toBe(hex(alphaCopy));
      }),
      { numRuns: 20 },
    );
  });

  it("gives different outputs for different inputs and different keys", () => {
    fc.assert(
      fc.property(secretKey(suite), secretKey(suite), fc.uint8Array({ maxLength: 40 }), (sk1, sk2, alpha) => {
        fc.pre(hex(sk1) !== hex(sk2));
        const beta = hex(evaluate(suite, sk1, alpha));
        expect(hex(evaluate(suite, sk1, Uint8Array.of(...alpha, 0)))).not.toBe(beta);
        // Distinct edwards25519 seeds could in principle share a scalar; with probability ~2^-252.
        expect(hex(evaluate(suite, sk2, alpha))).not.toBe(beta);
      }),
      { numRuns: 8 },
    );
  });

  it("accepts Node Buffers and subarray views like prove does", () => {
    const sk = bytes(vectors.find((v) => v.suite === suite)!.sk);
    const alpha = Uint8Array.from([1, 2, 3, 4, 5]);
    const padded = new Uint8Array(64 + sk.length);
    padded.set(sk, 7);
    const expected = hex(proofToHash(suite, prove(suite, sk, alpha)));
    expect(hex(evaluate(suite, Buffer.from(sk), Buffer.from(alpha)))).toBe(expected);
    expect(hex(evaluate(suite, padded.subarray(7, 7 + sk.length), alpha.subarray(0)))).toBe(expected);
  });

  if (params.cofactor !== 1n) {
    it("hashes cofactor * Gamma, not Gamma (RFC 9381 §5.2)", () => {
      const v = vectors.find((x) => x.suite === suite)!;
      const gamma = decodeProof(suite, bytes(v.pi))!.gamma;
      const noCofactor = proofToHashDigest(params, gamma.toBytes());
      const withCofactor = proofToHashDigest(params, pointToString(params, gamma.clearCofactor() as never));
      expect(hex(withCofactor)).toBe(v.beta);
      expect(hex(noCofactor)).not.toBe(v.beta);
      expect(hex(evaluate(suite, bytes(v.sk), bytes(v.alpha)))).toBe(hex(withCofactor));
    });
  }
});

describe("evaluate throws exactly what prove throws", () => {
  const notBytes: unknown[] = [undefined, null, "00", 0, 1n, [1, 2, 3], {}, new ArrayBuffer(32), new Uint16Array(16)];

  it.each(SUITES)("%s: bad secret keys and non-Uint8Array arguments", (suite) => {
    const params = getSuiteParams(suite);
    const sk = bytes(vectors.find((v) => v.suite === suite)!.sk);
    const alpha = Uint8Array.of(0x61);
    const badKeys: Uint8Array[] = [0, 1, 31, 33, 64].map((n) => new Uint8Array(n).fill(1));
    if (params.family === "weierstrass") {
      badKeys.push(...[0n, params.q, params.q + 1n, 2n ** 256n - 1n].map((n) => intBytes(n, 32, false)));
    }
    const cases: [unknown, unknown][] = [
      ...badKeys.map((k): [unknown, unknown] => [k, alpha]),
      ...notBytes.map((b): [unknown, unknown] => [b, alpha]),
      ...notBytes.map((b): [unknown, unknown] => [sk, b]),
      // Both bad: the alpha check comes first in prove, and so in evaluate.
      [new Uint8Array(5), "alpha"],
    ];
    for (const [k, a] of cases) {
      const expected = outcome(() => prove(suite, k as Uint8Array, a as Uint8Array));
      expect(expected.startsWith("VrfError ")).toBe(true);
      expect(outcome(() => evaluate(suite, k as Uint8Array, a as Uint8Array))).toBe(expected);
    }
    if (params.family === "weierstrass") {
      expect(outcome(() => evaluate(suite, intBytes(0n, 32, false), alpha))).toBe("VrfError InvalidSecretKey");
      // The boundary keys 1 and q-1 are valid.
      for (const n of [1n, params.q - 1n]) {
        const key = intBytes(n, 32, false);
        expect(hex(evaluate(suite, key, alpha))).toBe(hex(proofToHash(suite, prove(suite, key, alpha))));
      }
    } else {
      expect(outcome(() => evaluate(suite, new Uint8Array(31), alpha))).toBe("VrfError InvalidSecretKey");
    }
    expect(outcome(() => evaluate(suite, sk, "x" as never))).toBe("VrfError InvalidArgument");
  });

  it("unknown suites", () => {
    const { sk, alpha } = { sk: bytes(k1.vectors[0].sk), alpha: new Uint8Array(0) };
    for (const s of ["", "ECVRF-P256-SHA256", "ecvrf-secp256k1-sha256-tai", "toString", "__proto__", 1, null]) {
      const suite = s as Suite;
      expect(outcome(() => evaluate(suite, sk, alpha))).toBe(outcome(() => prove(suite, sk, alpha)));
      expect(outcome(() => evaluate(suite, sk, alpha))).toBe("VrfError UnknownSuite");
    }
  });
});
