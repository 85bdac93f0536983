import { describe, expect, it } from "vitest";
import { ED25519_TORSION_SUBGROUP, ed25519 } from "@noble/curves/ed25519.js";
import { bytesToNumberBE } from "@noble/curves/utils.js";
import { bytes, flipBit, hex, intBytes, sampleFor } from "../test/helpers.js";
import { challengeGeneration } from "./challenge.js";
import { decodeProof, proofToHash, prove, publicKey, verify } from "./ecvrf.js";
import { concat, intToString, pointsToStrings, stringToInt, stringToPoint } from "./encoding.js";
import { VrfError, type VrfErrorCode } from "./errors.js";
import { encodeToCurveWithString } from "./hash-to-curve.js";
import { computeU, computeV } from "./msm.js";
import { getSuiteParams, SUITES, type GroupPoint, type Suite, type SuiteParams } from "./suite.js";

const WEIERSTRASS = SUITES.filter((s) => getSuiteParams(s).family === "weierstrass");
const EDWARDS = SUITES.filter((s) => getSuiteParams(s).family === "edwards");

function expectVrfError(f: () => unknown, code: VrfErrorCode): void {
  let caught: unknown;
  try {
    f();
  } catch (e) {
    caught = e;
  }
  expect(caught).toBeInstanceOf(VrfError);
  expect((caught as VrfError).name).toBe("VrfError");
  expect((caught as VrfError).code).toBe(code);
  expect((caught as VrfError).shortMessage).toBe((caught as VrfError).message);
}

/** The secret scalar x as prove derives it (edwards25519: RFC 8032 clamped scalar mod q). */
function secretScalar(suite: Suite, sk: Uint8Array): bigint {
  return getSuiteParams(suite).family === "weierstrass"
    ? bytesToNumberBE(sk)
    : ed25519.utils.getExtendedPublicKey(sk).scalar;
}

/** pi with its Gamma, c or s field replaced. */
function withGamma(params: SuiteParams, pi: Uint8Array, gamma: Uint8Array): Uint8Array {
  return concat(gamma, pi.subarray(params.ptLen));
}
function withS(params: SuiteParams, pi: Uint8Array, s: bigint): Uint8Array {
  return concat(pi.subarray(0, params.ptLen + params.cLen), intBytes(s, params.qLen, params.littleEndian));
}

/** A 32-byte field element encoding for which string_to_point fails because the point is off the curve. */
function offCurveEncoding(params: SuiteParams): Uint8Array {
  for (let i = 1n; ; i++) {
    const enc =
      params.family === "weierstrass" ? concat(Uint8Array.of(0x02), intBytes(i, 32, false)) : intBytes(i, 32, true);
    if (stringToPoint(params, enc) === null) return enc;
  }
}

/** A valid encoding whose coordinate is small enough that coordinate + p still fits in 32 bytes. */
function smallValidCoordinate(params: SuiteParams): bigint {
  const p = params.Point.Fp.ORDER;
  for (let i = 0n; i + p < 2n ** 256n; i++) {
    const enc =
      params.family === "weierstrass" ? concat(Uint8Array.of(0x02), intBytes(i, 32, false)) : intBytes(i, 32, true);
    const pt = stringToPoint(params, enc);
    if (pt !== null && !pt.is0()) return i;
  }
  throw new Error("none found");
}

function nonCanonicalEncoding(params: SuiteParams, coord: bigint): Uint8Array {
  const big = coord + params.Point.Fp.ORDER;
  if (params.family === "weierstrass") return concat(Uint8Array.of(0x02), intBytes(big, 32, false));
  // edwards25519: y + p must still leave bit 255 (the x sign bit) clear.
  expect(big < 2n ** 255n).toBe(true);
  return intBytes(big, 32, true);
}

describe.each(SUITES)("%s: invalid encodings make verify return null", (suite) => {
  const params = getSuiteParams(suite);
  const sample = sampleFor(suite);
  const { pk, pi, alpha } = sample;
  const piLen = params.ptLen + params.cLen + params.qLen;

  it("accepts the untouched sample (so every rejection below is caused by the change)", () => {
    expect(hex(verify(suite, pk, pi, alpha)!)).toBe(hex(sample.beta));
    expect(pi.length).toBe(piLen);
  });

  it("rejects proofs of the wrong length", () => {
    for (const len of [0, 1, params.ptLen, piLen - 1, piLen + 1, piLen + 32]) {
      const bad = new Uint8Array(len);
      bad.set(pi.subarray(0, Math.min(len, piLen)));
      expect(verify(suite, pk, bad, alpha)).toBeNull();
      expectVrfError(() => proofToHash(suite, bad), "InvalidProof");
    }
  });

  it("rejects public keys of the wrong length", () => {
    for (const len of [0, 1, params.ptLen - 1, params.ptLen + 1, 65]) {
      const bad = new Uint8Array(len);
      bad.set(pk.subarray(0, Math.min(len, pk.length)));
      expect(verify(suite, bad, pi, alpha)).toBeNull();
    }
  });

  it("rejects off-curve public keys and Gammas", () => {
    const off = offCurveEncoding(params);
    expect(verify(suite, off, pi, alpha)).toBeNull();
    expect(verify(suite, pk, withGamma(params, pi, off), alpha)).toBeNull();
    expectVrfError(() => proofToHash(suite, withGamma(params, pi, off)), "InvalidProof");
  });

  it("rejects non-canonical coordinates (coordinate + p) that a lenient decoder would reduce", () => {
    const coord = smallValidCoordinate(params);
    const canonical =
      params.family === "weierstrass"
        ? concat(Uint8Array.of(0x02), intBytes(coord, 32, false))
        : intBytes(coord, 32, true);
    const nonCanonical = nonCanonicalEncoding(params, coord);
    expect(stringToPoint(params, canonical)).not.toBeNull();
    expect(stringToPoint(params, nonCanonical)).toBeNull();
    // proofToHash does not check the challenge, so only strict decoding stops this Gamma.
    expect(proofToHash(suite, withGamma(params, pi, canonical)).length).toBe(params.hLen);
    expectVrfError(() => proofToHash(suite, withGamma(params, pi, nonCanonical)), "InvalidProof");
    expect(verify(suite, nonCanonical, pi, alpha)).toBeNull();
    expect(verify(suite, pk, withGamma(params, pi, nonCanonical), alpha)).toBeNull();
  });

  it("rejects s >= q, and accepts the encoding of s = q - 1", () => {
    const q = params.q;
    for (const s of [q, q + 1n, 2n ** 256n - 1n]) {
      expect(verify(suite, pk, withS(params, pi, s), alpha)).toBeNull();
      expectVrfError(() => proofToHash(suite, withS(params, pi, s)), "InvalidProof");
    }
    expect(decodeProof(suite, withS(params, pi, q - 1n))?.s).toBe(q - 1n);
  });

  it("rejects a proof whose nonce is k = 0 (U and V at the identity), although its challenge is consistent", () => {
    // Honest Gamma and a challenge computed over identity U and V: s = c*x makes
    // U = s*B - c*Y and V = s*H - c*Gamma both the identity. RFC 9381 has no
    // explicit check; for edwards25519 it would accept this second proof.
    const x = secretScalar(suite, sample.sk);
    const { point: H, string: hString } = encodeToCurveWithString(params, pk, alpha);
    const gamma = H.multiply(x);
    const [gammaString] = pointsToStrings(params, [gamma]);
    // SEC1 §2.3.3 encodes the point at infinity as one 0x00 octet; edwards25519 as (0, 1).
    const identity = params.family === "weierstrass" ? Uint8Array.of(0x00) : params.Point.ZERO.toBytes();
    const cString = challengeGeneration(params, [pk, hString, gammaString, identity, identity]);
    const c = stringToInt(params, cString);
    const s = (c * x) % params.q;
    expect(computeU(params, s, c, stringToPoint(params, pk)!).is0()).toBe(true);
    expect(computeV(params, s, H, c, gamma).is0()).toBe(true);
    const forged = concat(gammaString, cString, intToString(params, s, params.qLen));
    expect(hex(proofToHash(suite, forged))).toBe(hex(sample.beta)); // same Gamma, same beta
    expect(verify(suite, pk, forged, alpha)).toBeNull();
  });
});

describe.each(WEIERSTRASS)("%s: SEC1 prefix and identity", (suite) => {
  const params = getSuiteParams(suite);
  const { pk, pi, alpha } = sampleFor(suite);

  it("rejects every prefix byte other than 02/03 on the key and on Gamma", () => {
    for (let prefix = 0; prefix < 256; prefix++) {
      if (prefix === 0x02 || prefix === 0x03) continue;
      const badPk = pk.slice();
      badPk[0] = prefix;
      expect(verify(suite, badPk, pi, alpha)).toBeNull();
      const badPi = pi.slice();
      badPi[0] = prefix;
      expect(verify(suite, pk, badPi, alpha)).toBeNull();
      expect(decodeProof(suite, badPi)).toBeNull();
    }
  });

  it("rejects the uncompressed (65-byte) form of the right key", () => {
    const Y = stringToPoint(params, pk)! as unknown as { toBytes(c: boolean): Uint8Array };
    const uncompressed = Y.toBytes(false);
    expect(uncompressed.length).toBe(65);
    expect(verify(suite, uncompressed, pi, alpha)).toBeNull();
  });

  it("rejects identity encodings (single 0x00, and 33 zero bytes) as key and as Gamma", () => {
    expect(verify(suite, Uint8Array.of(0), pi, alpha)).toBeNull();
    expect(verify(suite, new Uint8Array(33), pi, alpha)).toBeNull();
    expect(verify(suite, pk, withGamma(params, pi, new Uint8Array(33)), alpha)).toBeNull();
  });
});

describe.each(EDWARDS)("%s: small-order points, identity and torsion", (suite) => {
  const params = getSuiteParams(suite);
  const sample = sampleFor(suite);
  const { pk, pi, alpha, sk } = sample;
  const Point = params.Point;
  const torsion = ED25519_TORSION_SUBGROUP.map((h) => Point.fromBytes(bytes(h)));
  const order8 = torsion.find((t) => !t.double().double().is0())!;
  /** Build pi = Gamma || c || s for given k, searching for a k whose challenge's residue mod 8 matches the torsion we added. */
  function forge(
    Y: GroupPoint,
    ystring: Uint8Array,
    gamma: GroupPoint,
    secret: bigint,
    uTorsion: GroupPoint,
    vTorsion: GroupPoint,
  ): Uint8Array {
    const { point: H, string: hString } = encodeToCurveWithString(params, ystring, alpha);
    const [gammaString] = pointsToStrings(params, [gamma]);
    for (let k = 1n; k < 10000n; k++) {
      for (let j = 0n; j < 8n; j++) {
        // With s = k + c*secret: U = k*B - c*uTorsion and V = k*H - c*vTorsion, which only depend on c mod 8.
        const U = Point.BASE.multiply(k).subtract(uTorsion.multiplyUnsafe(j));
        const V = H.multiply(k).subtract(vTorsion.multiplyUnsafe(j));
        const [u, v] = pointsToStrings(params, [U, V]);
        const cString = challengeGeneration(params, [ystring, hString, gammaString, u, v]);
        const c = stringToInt(params, cString);
        if (c % 8n !== j) continue;
        const s = (k + c * secret) % params.q;
        // Sanity: the verification equations hold with exact integer scalars.
        expect(computeU(params, s, c, Y).equals(U)).toBe(true);
        expect(computeV(params, s, H, c, gamma).equals(V)).toBe(true);
        return concat(gammaString, cString, intToString(params, s, params.qLen));
      }
    }
    throw new Error("no forgery found");
  }

  it("rejects all eight small-order public keys (ECVRF_validate_key)", () => {
    for (const t of ED25519_TORSION_SUBGROUP) {
      expect(verify(suite, bytes(t), pi, alpha)).toBeNull();
    }
  });

  it("rejects a small-order key even with a proof whose challenge equation holds", () => {
    const forged = forge(order8, order8.toBytes(), order8, 0n, order8, order8);
    expect(verify(suite, order8.toBytes(), forged, alpha)).toBeNull();
  });

  it("rejects the identity as Gamma (deviation: RFC 9381 would decode it; no valid proof has it)", () => {
    const identity = Point.ZERO.toBytes();
    expect(hex(identity)).toBe(ED25519_TORSION_SUBGROUP[0]);
    expect(verify(suite, pk, withGamma(params, pi, identity), alpha)).toBeNull();
    expectVrfError(() => proofToHash(suite, withGamma(params, pi, identity)), "InvalidProof");
  });

  it("rejects x = 0 with the sign bit set (RFC 8032 §5.1.3), for the key and for Gamma", () => {
    // y = 1 and y = p - 1 have x = 0; setting bit 255 must fail decoding.
    const yOne = flipBit(intBytes(1n, 32, true), 255);
    const yMinusOne = flipBit(intBytes(Point.Fp.ORDER - 1n, 32, true), 255);
    for (const enc of [yOne, yMinusOne]) {
      expect(stringToPoint(params, enc)).toBeNull();
      expect(verify(suite, enc, pi, alpha)).toBeNull();
      expectVrfError(() => proofToHash(suite, withGamma(params, pi, enc)), "InvalidProof");
    }
    // Without the sign bit they decode (so the check above is about the sign bit).
    expect(stringToPoint(params, intBytes(1n, 32, true))).not.toBeNull();
  });

  it("rejects s + q (a non-reduced s that would verify if reduced mod q)", () => {
    const d = decodeProof(suite, pi)!;
    expect(d.s + params.q < 2n ** 256n).toBe(true);
    expect(verify(suite, pk, withS(params, pi, d.s + params.q), alpha)).toBeNull();
  });

  it("accepts Gamma with a small-order component, as RFC 9381 does, with the same beta", () => {
    const xs = secretScalar(suite, sk);
    const Y = stringToPoint(params, pk)!;
    const { point: H } = encodeToCurveWithString(params, pk, alpha);
    const dirtyGamma = H.multiply(xs).add(order8);
    const forged = forge(Y, pk, dirtyGamma, xs, Point.ZERO, order8);
    expect(hex(verify(suite, pk, forged, alpha)!)).toBe(hex(sample.beta));
  });

  it("accepts a public key with a small-order component (validate_key only rejects small order)", () => {
    const xs = secretScalar(suite, sk);
    const dirtyY = stringToPoint(params, pk)!.add(order8);
    const dirtyPk = pointsToStrings(params, [dirtyY])[0];
    const { point: H } = encodeToCurveWithString(params, dirtyPk, alpha);
    const gamma = H.multiply(xs);
    const forged = forge(dirtyY, dirtyPk, gamma, xs, order8, Point.ZERO);
    const beta = verify(suite, dirtyPk, forged, alpha);
    expect(beta).not.toBeNull();
    expect(hex(beta!)).toBe(hex(proofToHash(suite, forged)));
  });
});

describe("argument type checks and suite names", () => {
  const notBytes: unknown[] = [
    undefined,
    null,
    "00",
    0,
    1n,
    [1, 2, 3],
    {},
    new ArrayBuffer(32),
    new Uint16Array(16),
    new Int8Array(32),
  ];

  it.each(SUITES)("%s: throws InvalidArgument for non-Uint8Array arguments", (suite) => {
    const { sk, pk, pi, alpha } = sampleFor(suite);
    for (const bad of notBytes) {
      const b = bad as Uint8Array;
      expectVrfError(() => publicKey(suite, b), "InvalidArgument");
      expectVrfError(() => prove(suite, b, alpha), "InvalidArgument");
      expectVrfError(() => prove(suite, sk, b), "InvalidArgument");
      expectVrfError(() => verify(suite, b, pi, alpha), "InvalidArgument");
      expectVrfError(() => verify(suite, pk, b, alpha), "InvalidArgument");
      expectVrfError(() => verify(suite, pk, pi, b), "InvalidArgument");
      expectVrfError(() => proofToHash(suite, b), "InvalidArgument");
    }
  });

  it("accepts Node Buffers (Uint8Array subclass)", () => {
    const { suite, sk, pk, pi, alpha, beta } = sampleFor("ECVRF-P256-SHA256-TAI");
    const buf = (b: Uint8Array) => Buffer.from(b);
    expect(hex(verify(suite, buf(pk), buf(pi), buf(alpha))!)).toBe(hex(beta));
    expect(hex(prove(suite, buf(sk), buf(alpha)))).toBe(hex(pi));
  });

  it("throws UnknownSuite for anything that is not a listed suite", () => {
    const { sk, pk, pi, alpha } = sampleFor("ECVRF-P256-SHA256-TAI");
    const bad = [
      "",
      "ECVRF-P256-SHA256",
      "ecvrf-p256-sha256-tai",
      "ECVRF-P256-SHA256-TAI ",
      "toString",
      "__proto__",
      1,
      null,
      undefined,
    ];
    for (const s of bad) {
      const suite = s as Suite;
      expectVrfError(() => publicKey(suite, sk), "UnknownSuite");
      expectVrfError(() => prove(suite, sk, alpha), "UnknownSuite");
      expectVrfError(() => verify(suite, pk, pi, alpha), "UnknownSuite");
      expectVrfError(() => proofToHash(suite, pi), "UnknownSuite");
    }
  });

  it("lists exactly the five suites", () => {
    expect([...SUITES].sort()).toEqual(
      [
        "ECVRF-EDWARDS25519-SHA512-ELL2",
        "ECVRF-EDWARDS25519-SHA512-TAI",
        "ECVRF-P256-SHA256-SSWU",
        "ECVRF-P256-SHA256-TAI",
        "ECVRF-SECP256K1-SHA256-TAI",
      ].sort(),
    );
    expect(Object.isFrozen(SUITES)).toBe(true);
  });

  it.each(WEIERSTRASS)("%s: InvalidSecretKey for 0, q, q+1, 2^256-1 and wrong lengths", (suite) => {
    const { q } = getSuiteParams(suite);
    const { alpha } = sampleFor(suite);
    const bad = [0n, q, q + 1n, 2n ** 256n - 1n].map((n) => intBytes(n, 32, false));
    bad.push(new Uint8Array(31).fill(1), new Uint8Array(33).fill(1), new Uint8Array(0));
    for (const sk of bad) {
      expectVrfError(() => publicKey(suite, sk), "InvalidSecretKey");
      expectVrfError(() => prove(suite, sk, alpha), "InvalidSecretKey");
    }
    // Boundaries that are valid.
    for (const n of [1n, q - 1n]) {
      const sk = intBytes(n, 32, false);
      expect(verify(suite, publicKey(suite, sk), prove(suite, sk, alpha), alpha)).not.toBeNull();
    }
  });

  it.each(EDWARDS)("%s: InvalidSecretKey for seeds that are not 32 bytes", (suite) => {
    const { alpha } = sampleFor(suite);
    for (const len of [0, 31, 33, 64]) {
      expectVrfError(() => publicKey(suite, new Uint8Array(len)), "InvalidSecretKey");
      expectVrfError(() => prove(suite, new Uint8Array(len), alpha), "InvalidSecretKey");
    }
    const zeroSeed = new Uint8Array(32);
    expect(verify(suite, publicKey(suite, zeroSeed), prove(suite, zeroSeed, alpha), alpha)).not.toBeNull();
  });
});
