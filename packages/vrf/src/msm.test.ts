import { describe, expect, it } from "vitest";
import fc from "fast-check";
import { ED25519_TORSION_SUBGROUP } from "@noble/curves/ed25519.js";
import { bytes } from "../test/helpers.js";
import { computeU, computeV, msmUnsafe, wnafDigits, WnafTable } from "./msm.js";
import { getSuiteParams, type GroupPoint, type Suite } from "./suite.js";

/** One suite per curve. */
const CURVES: Suite[] = ["ECVRF-P256-SHA256-TAI", "ECVRF-SECP256K1-SHA256-TAI", "ECVRF-EDWARDS25519-SHA512-TAI"];

describe("wnafDigits", () => {
  it("reconstructs k, uses odd bounded digits and leaves w-1 zeros after each non-zero digit", () => {
    fc.assert(
      fc.property(fc.bigInt({ min: 0n, max: 2n ** 300n }), fc.integer({ min: 2, max: 8 }), (k, w) => {
        const d = wnafDigits(k, w);
        let sum = 0n;
        for (let i = d.length - 1; i >= 0; i--) sum = sum * 2n + BigInt(d[i]);
        expect(sum).toBe(k);
        let lastNonZero = -Infinity;
        for (let i = 0; i < d.length; i++) {
          if (d[i] === 0) continue;
          expect(Math.abs(d[i]) % 2).toBe(1);
          expect(Math.abs(d[i])).toBeLessThan(2 ** (w - 1));
          expect(i - lastNonZero).toBeGreaterThanOrEqual(w);
          lastNonZero = i;
        }
        expect(d.length).toBeLessThanOrEqual(k.toString(2).length + 1);
      }),
      { numRuns: 300 },
    );
  });

  it("handles 0, 1, all-ones and powers of two", () => {
    expect(wnafDigits(0n, 5).length).toBe(0);
    expect(Array.from(wnafDigits(1n, 5))).toEqual([1, 0]);
    for (const k of [2n ** 255n, 2n ** 256n - 1n, 15n, 16n, 17n]) {
      const d = wnafDigits(k, 4);
      expect(d.reduceRight((acc, x) => acc * 2n + BigInt(x), 0n)).toBe(k);
    }
  });

  it("rejects negative scalars and bad windows", () => {
    expect(() => wnafDigits(-1n, 5)).toThrow(RangeError);
    expect(() => wnafDigits(5n, 1)).toThrow(RangeError);
    expect(() => wnafDigits(5n, 9)).toThrow(RangeError);
  });
});

describe.each(CURVES)("MSM on the curve of %s, against noble", (suite) => {
  const params = getSuiteParams(suite);
  const { Point, q } = params;
  const B = Point.BASE;
  const edge = [0n, 1n, 2n, q - 1n, q - 2n];
  const scalar = fc.oneof(fc.constantFrom(...edge), fc.bigInt({ min: 0n, max: q - 1n }));
  const challenge = fc.oneof(fc.constantFrom(0n, 1n, 2n ** 128n - 1n), fc.bigInt({ min: 0n, max: 2n ** 128n - 1n }));
  // Mix affine-normalized (Z = 1) and projective (Z != 1) inputs.
  const point = fc
    .tuple(fc.bigInt({ min: 1n, max: q - 1n }), fc.boolean())
    .map(([k, projective]) => (projective ? B.multiply(k).double().add(B) : B.multiply(k)));
  /** noble reference for a*P + b*Q with public scalars. */
  const ref = (P: GroupPoint, a: bigint, Q: GroupPoint, b: bigint): GroupPoint =>
    P.multiplyUnsafe(a).subtract(Q.multiplyUnsafe(b));

  it("strausUnsafe / msmUnsafe equals the sum of noble multiplications (random, 0, 1, q-1, negative)", () => {
    fc.assert(
      fc.property(
        fc.array(fc.tuple(point, scalar, fc.boolean()), { minLength: 1, maxLength: 4 }),
        fc.integer({ min: 2, max: 6 }),
        (terms, w) => {
          const points = terms.map(([p]) => p);
          const scalars = terms.map(([, k, neg]) => (neg ? -k : k));
          const expected = terms.reduce(
            (acc, [p, k, neg]) => (neg ? acc.subtract(p.multiplyUnsafe(k)) : acc.add(p.multiplyUnsafe(k))),
            Point.ZERO,
          );
          expect(msmUnsafe(Point.ZERO, points, scalars, w).equals(expected)).toBe(true);
        },
      ),
      { numRuns: 25 },
    );
  });

  it("computeU(s, c, Y) = s*B - c*Y", () => {
    fc.assert(
      fc.property(scalar, challenge, point, (s, c, Y) => {
        expect(computeU(params, s, c, Y).equals(ref(B, s, Y, c))).toBe(true);
      }),
      { numRuns: 25 },
    );
  });

  it("computeV(s, H, c, Gamma) = s*H - c*Gamma", () => {
    fc.assert(
      fc.property(scalar, point, challenge, point, (s, H, c, G) => {
        expect(computeV(params, s, H, c, G).equals(ref(H, s, G, c))).toBe(true);
      }),
      { numRuns: 25 },
    );
  });

  it("edge scalars give the expected identities", () => {
    const Y = B.multiply(123456789n);
    expect(computeU(params, 0n, 0n, Y).is0()).toBe(true);
    expect(computeU(params, 1n, 0n, Y).equals(B)).toBe(true);
    expect(computeU(params, q - 1n, 0n, Y).equals(B.negate())).toBe(true);
    expect(computeU(params, 0n, 1n, Y).equals(Y.negate())).toBe(true);
    expect(computeV(params, 1n, Y, 1n, Y).is0()).toBe(true);
    expect(computeV(params, q - 1n, Y, 2n ** 128n - 1n, Y).equals(Y.multiplyUnsafe(2n ** 128n).negate())).toBe(true);
  });

  it("WnafTable holds the odd multiples and their negatives", () => {
    const P = B.multiply(987654321n);
    const t = WnafTable.of(P, 5);
    expect(t.pos.length).toBe(8);
    for (let i = 0; i < 8; i++) {
      const d = 2 * i + 1;
      expect(t.lookup(d).equals(P.multiplyUnsafe(BigInt(d)))).toBe(true);
      expect(t.lookup(-d).equals(P.multiplyUnsafe(BigInt(d)).negate())).toBe(true);
    }
  });
});

describe("secp256k1 GLV constants", () => {
  it("the split s = k1 + k2*lambda with phi(P) = (beta*X, Y, Z) reproduces s*P (checked inside computeV)", () => {
    const params = getSuiteParams("ECVRF-SECP256K1-SHA256-TAI");
    expect(params.endo).not.toBeNull();
    const P = params.Point.BASE.multiply(0xdeadbeefn);
    // s*P - 0*G computed through the GLV path must match noble.
    for (const s of [3n, params.q - 3n, 2n ** 200n + 12345n]) {
      expect(computeV(params, s, P, 0n, P).equals(P.multiplyUnsafe(s))).toBe(true);
    }
  });
});

describe("edwards25519 points with a small-order component", () => {
  const params = getSuiteParams("ECVRF-EDWARDS25519-SHA512-TAI");
  const { Point, q } = params;
  const torsion = ED25519_TORSION_SUBGROUP.map((h) => Point.fromBytes(bytes(h)));

  it("scalars are used as exact integers: c*(P+T) is not reduced mod q", () => {
    fc.assert(
      fc.property(
        fc.bigInt({ min: 0n, max: q - 1n }),
        fc.bigInt({ min: 0n, max: 2n ** 128n - 1n }),
        fc.integer({ min: 1, max: 7 }),
        (s, c, ti) => {
          const P = Point.BASE.multiply(777n + (c % 1000n));
          const dirty = P.add(torsion[ti]);
          const H = Point.BASE.multiply(31337n);
          // noble's multiplyUnsafe works on the plain integer too.
          expect(computeV(params, s, H, c, dirty).equals(H.multiplyUnsafe(s).subtract(dirty.multiplyUnsafe(c)))).toBe(
            true,
          );
          expect(
            computeU(params, s, c, dirty).equals(Point.BASE.multiplyUnsafe(s).subtract(dirty.multiplyUnsafe(c))),
          ).toBe(true);
        },
      ),
      { numRuns: 20 },
    );
  });

  it("a pure torsion point times c depends only on c mod its order", () => {
    const T = torsion.find((t) => !t.double().double().is0())!;
    const H = Point.BASE;
    expect(computeV(params, 0n, H, 8n, T).is0()).toBe(true);
    expect(computeV(params, 0n, H, 9n, T).equals(T.negate())).toBe(true);
  });
});
