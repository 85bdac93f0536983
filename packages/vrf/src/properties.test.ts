import { describe, expect, it } from "vitest";
import fc from "fast-check";
import { flipBit, hex, intBytes, sampleFor } from "../test/helpers.js";
import { proofToHash, prove, publicKey, verify } from "./ecvrf.js";
import { getSuiteParams, SUITES, type Suite } from "./suite.js";

/** A random valid secret key for the suite. */
function secretKey(suite: Suite): fc.Arbitrary<Uint8Array> {
  const params = getSuiteParams(suite);
  if (params.family === "edwards") return fc.uint8Array({ minLength: 32, maxLength: 32 });
  return fc.bigInt({ min: 1n, max: params.q - 1n }).map((x) => intBytes(x, 32, false));
}

const alphaArb = fc.uint8Array({ minLength: 0, maxLength: 80 });

describe.each(SUITES)("%s properties", (suite) => {
  const params = getSuiteParams(suite);

  it("prove -> verify round-trips and verify's beta equals proofToHash", () => {
    fc.assert(
      fc.property(secretKey(suite), alphaArb, (sk, alpha) => {
        const pk = publicKey(suite, sk);
        expect(pk.length).toBe(params.ptLen);
        const pi = prove(suite, sk, alpha);
        expect(pi.length).toBe(params.ptLen + params.cLen + params.qLen);
        expect(hex(prove(suite, sk, alpha))).toBe(hex(pi)); // deterministic
        const beta = verify(suite, pk, pi, alpha);
        expect(beta).not.toBeNull();
        expect(beta!.length).toBe(params.hLen);
        expect(hex(beta!)).toBe(hex(proofToHash(suite, pi)));
      }),
      { numRuns: 12 },
    );
  });

  it("flipping any one random bit of pi, alpha or pk makes verify return null", () => {
    fc.assert(
      fc.property(
        secretKey(suite),
        fc.uint8Array({ minLength: 1, maxLength: 40 }),
        fc.constantFrom("pi", "alpha", "pk"),
        fc.nat(),
        (sk, alpha, field, r) => {
          const pk = publicKey(suite, sk);
          const pi = prove(suite, sk, alpha);
          const target = { pi, alpha, pk }[field as "pi" | "alpha" | "pk"];
          const flipped = flipBit(target, r % (target.length * 8));
          const args = { pi, alpha, pk, [field]: flipped };
          expect(verify(suite, args.pk, args.pi, args.alpha)).toBeNull();
        },
      ),
      { numRuns: 15 },
    );
  });

  it("flipping each single bit of a known proof, its key and its input makes verify return null (exhaustive)", () => {
    const { pk, pi, alpha, beta } = sampleFor(suite);
    expect(hex(verify(suite, pk, pi, alpha)!)).toBe(hex(beta));
    for (let bit = 0; bit < pi.length * 8; bit++) {
      expect(verify(suite, pk, flipBit(pi, bit), alpha), `pi bit ${bit}`).toBeNull();
    }
    for (let bit = 0; bit < pk.length * 8; bit++) {
      expect(verify(suite, flipBit(pk, bit), pi, alpha), `pk bit ${bit}`).toBeNull();
    }
    for (let bit = 0; bit < alpha.length * 8; bit++) {
      expect(verify(suite, pk, pi, flipBit(alpha, bit)), `alpha bit ${bit}`).toBeNull();
    }
    // About 1,300 verifications: seconds on a loaded 2-core machine (turbo runs the packages' tests side by side),
    // so vitest's 5 s default would make this a timing test. It is not one.
  }, 120_000);

  it("a proof for one key does not verify under another key", () => {
    fc.assert(
      fc.property(secretKey(suite), secretKey(suite), alphaArb, (sk1, sk2, alpha) => {
        fc.pre(hex(sk1) !== hex(sk2));
        const pi = prove(suite, sk1, alpha);
        expect(verify(suite, publicKey(suite, sk2), pi, alpha)).toBeNull();
      }),
      { numRuns: 5 },
    );
  });
});
