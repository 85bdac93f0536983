import { expect } from "chai";
import { ethers } from "hardhat";
import { loadFixture } from "@nomicfoundation/hardhat-network-helpers";
import fc from "fast-check";
import { secp256k1 } from "@noble/curves/secp256k1.js";
import { prove, publicKey, toVerifierInput, verify } from "@blockage/vrf";
import type { VerifierInput } from "@blockage/vrf";
import vectors from "../vectors/vrf/secp256k1-sha256-tai.json";

const SUITE = "ECVRF-SECP256K1-SHA256-TAI" as const;
const P = 0xfffffffffffffffffffffffffffffffffffffffffffffffffffffffefffffc2fn;
const N = 0xfffffffffffffffffffffffffffffffebaaedce6af48a03bbfd25e8cd0364141n;
const ZERO32 = "0x" + "00".repeat(32);
const Point = secp256k1.Point;
const hex32 = (x: bigint) => x.toString(16).padStart(64, "0");
/** SEC1 compressed hex of the point with x-coordinate `x` and y-parity `odd`. */
const compressed = (x: bigint, odd: bigint) => (odd ? "03" : "02") + hex32(x);

const bytes = (hex: string) => Uint8Array.from(Buffer.from(hex, "hex"));
const toHex = (b: Uint8Array) => "0x" + Buffer.from(b).toString("hex");
const flipBit = (b: Uint8Array, bit: number) => {
  const out = Uint8Array.from(b);
  out[bit >> 3] ^= 1 << (bit & 7);
  return out;
};
/** Deep copy of a verifier input so one tamper never leaks into another case. */
const clone = (input: VerifierInput): VerifierInput => {
  const [pk, pi, alpha, h] = input;
  return [pk, pi, alpha, { ...h, sH: [...h.sH], cGamma: [...h.cGamma], nonResidues: [...h.nonResidues] }];
};

describe("EcVrfVerifier", function () {
  async function deployVerifier() {
    const verifier = await (await ethers.getContractFactory("EcVrfVerifier")).deploy();
    return { verifier };
  }

  async function onChain(input: VerifierInput): Promise<{ valid: boolean; beta: string }> {
    const { verifier } = await loadFixture(deployVerifier);
    const [valid, beta] = await verifier.verify(...input);
    return { valid, beta };
  }

  describe("published vectors", function () {
    for (const v of vectors.vectors) {
      it(`accepts "${v.label}" with the vector's beta`, async function () {
        const input = toVerifierInput(bytes(v.pk), bytes(v.pi), bytes(v.alpha));
        expect(await onChain(input)).to.deep.equal({ valid: true, beta: "0x" + v.beta });
      });
    }
    for (const v of vectors.negative) {
      it(`rejects "${v.description}"`, async function () {
        const input = toVerifierInput(bytes(v.pk), bytes(v.pi), bytes(v.alpha));
        expect(await onChain(input)).to.deep.equal({ valid: false, beta: ZERO32 });
      });
    }
  });

  describe("malformed keys and proofs return false, never revert", function () {
    const v = vectors.vectors[1];
    const pk = bytes(v.pk);
    const pi = bytes(v.pi);
    const alpha = bytes(v.alpha);
    const withByte = (b: Uint8Array, i: number, value: number) => {
      const out = Uint8Array.from(b);
      out[i] = value;
      return out;
    };
    const withWord = (b: Uint8Array, offset: number, value: bigint) => {
      const out = Uint8Array.from(b);
      out.set(bytes(value.toString(16).padStart(64, "0")), offset);
      return out;
    };
    const cases: [string, Uint8Array, Uint8Array][] = [
      ["empty key", new Uint8Array(0), pi],
      ["32-byte key", pk.subarray(0, 32), pi],
      ["34-byte key", Uint8Array.from([...pk, 0]), pi],
      ["uncompressed-prefix key (0x04)", withByte(pk, 0, 4), pi],
      ["identity-prefix key (0x00)", withByte(pk, 0, 0), pi],
      ["key x = p (non-canonical)", withWord(pk, 1, P), pi],
      ["key x not on the curve", withWord(pk, 1, 5n), pi],
      ["key of the wrong parity", withByte(pk, 0, pk[0] ^ 1), pi],
      ["80-byte proof", pk, pi.subarray(0, 80)],
      ["82-byte proof", pk, Uint8Array.from([...pi, 0])],
      ["Γ prefix 0x04", pk, withByte(pi, 0, 4)],
      ["Γ x = p", pk, withWord(pi, 1, P)],
      ["Γ x not on the curve", pk, withWord(pi, 1, 5n)],
      ["s = n", pk, withWord(pi, 49, N)],
      ["s = 2^256 − 1", pk, withWord(pi, 49, (1n << 256n) - 1n)],
      ["s = 0", pk, withWord(pi, 49, 0n)],
    ];
    for (const [name, badPk, badPi] of cases) {
      it(`rejects ${name} (and so does the TypeScript verifier)`, async function () {
        expect(verify(SUITE, badPk, badPi, alpha)).to.equal(null);
        expect(await onChain(toVerifierInput(badPk, badPi, alpha))).to.deep.equal({ valid: false, beta: ZERO32 });
      });
    }

    it("returns false, without reverting, for 256 or more witnesses", async function () {
      const input = clone(toVerifierInput(pk, pi, alpha));
      input[3].nonResidues = Array.from({ length: 256 }, () => 0n);
      expect((await onChain(input)).valid).to.equal(false);
    });

    it("never reverts on random bytes and random hints", async function () {
      const word = fc.bigInt({ min: 0n, max: (1n << 256n) - 1n });
      await fc.assert(
        fc.asyncProperty(
          fc.uint8Array({ minLength: 0, maxLength: 40 }),
          fc.uint8Array({ minLength: 78, maxLength: 84 }),
          fc.uint8Array({ maxLength: 16 }),
          fc.tuple(word, word, word, word, word, word, word),
          fc.array(word, { maxLength: 3 }),
          async (rPk, rPi, rAlpha, w, nonResidues) => {
            const input: VerifierInput = [
              toHex(rPk),
              toHex(rPi),
              toHex(rAlpha),
              {
                uX: w[0],
                uParity: w[1] & 1n,
                sH: [w[2], w[3]],
                cGamma: [w[4], w[5]],
                vSlope: w[6],
                nonResidues,
              },
            ];
            expect((await onChain(input)).valid).to.equal(false);
          },
        ),
        { numRuns: 60, seed: 0x5eed },
      );
    });
  });

  describe("random and edge-value hints on a decodable proof never pass and never revert", function () {
    it("holds for 100 random hint sets mixing field/group boundaries and random words", async function () {
      const v = vectors.vectors.find((x) => x.label.startsWith("game seq 01-000003"))!;
      const honest = toVerifierInput(bytes(v.pk), bytes(v.pi), bytes(v.alpha));
      const edge = fc.constantFrom(0n, 1n, 2n, 7n, P - 1n, P, P + 1n, N - 1n, N, (1n << 256n) - 1n);
      const value = fc.oneof(edge, fc.bigInt({ min: 0n, max: (1n << 256n) - 1n }));
      await fc.assert(
        fc.asyncProperty(
          fc.array(value, { minLength: 8, maxLength: 8 }),
          fc.array(value, { maxLength: 5 }),
          fc.boolean(),
          async (w, nonResidues, keepWitnesses) => {
            const input: VerifierInput = [
              honest[0],
              honest[1],
              honest[2],
              {
                uX: w[0],
                uParity: w[1] % 3n,
                sH: [w[2], w[3]],
                cGamma: [w[4], w[5]],
                vSlope: w[6],
                nonResidues: keepWitnesses ? honest[3].nonResidues : nonResidues,
              },
            ];
            expect(await onChain(input)).to.deep.equal({ valid: false, beta: ZERO32 });
          },
        ),
        { numRuns: 100, seed: 0xed9e },
      );
    });
  });

  describe("degenerate values are refused on both sides", function () {
    const Fn = Point.Fn;
    const sk = 0x1234567890abcdefn;
    const skBytes = bytes(hex32(sk));
    const pk = publicKey(SUITE, skBytes);
    const alpha = new TextEncoder().encode("degenerate");
    const honestPi = prove(SUITE, skBytes, alpha);
    // H = x⁻¹·Γ for the honest Γ = x·H.
    const H = Point.fromBytes(honestPi.subarray(0, 33)).multiply(Fn.inv(sk));
    const c = 0x0123456789abcdef0123456789abcdefn;
    const proofOf = (gamma: InstanceType<typeof Point>, cc: bigint, ss: bigint) =>
      bytes(gamma.toHex(true) + cc.toString(16).padStart(32, "0") + hex32(ss));

    async function expectBothReject(proof: Uint8Array, key = pk, slopes: bigint[] = []) {
      expect(verify(SUITE, key, proof, alpha), "TypeScript verify").to.equal(null);
      const input = toVerifierInput(key, proof, alpha);
      expect(await onChain(input)).to.deep.equal({ valid: false, beta: ZERO32 });
      for (const vSlope of slopes) {
        const tampered = clone(input);
        tampered[3].vSlope = vSlope;
        expect((await onChain(tampered)).valid, `vSlope ${vSlope}`).to.equal(false);
      }
    }

    it("U at infinity (s = c·x)", async function () {
      const proof = proofOf(Point.fromBytes(honestPi.subarray(0, 33)), c, Fn.mul(c, sk));
      expect(toVerifierInput(pk, proof, alpha)[3].uX).to.equal(0n);
      await expectBothReject(proof);
    });

    it("V at infinity (s·H = c·Γ), whatever the slope", async function () {
      const gammaScalar = 0xabcdefn;
      const proof = proofOf(H.multiply(gammaScalar), c, Fn.mul(c, gammaScalar));
      await expectBothReject(proof, pk, [0n, 1n, 12345n]);
    });

    it("s·H = −c·Γ, where every slope satisfies the chord equation", async function () {
      const gammaScalar = 0xabcdefn;
      const proof = proofOf(H.multiply(gammaScalar), c, Fn.neg(Fn.mul(c, gammaScalar)));
      const input = toVerifierInput(pk, proof, alpha);
      expect(input[3].sH[0]).to.equal(input[3].cGamma[0]);
      await expectBothReject(proof, pk, [0n, 1n, 12345n, P - 1n]);
    });

    it("c = 0 with an otherwise honest proof", async function () {
      const proof = Uint8Array.from(honestPi);
      proof.fill(0, 33, 49);
      await expectBothReject(proof);
    });

    it("a key whose x-coordinate is n (on the curve, but out of range for ecrecover)", async function () {
      const key = bytes("02" + hex32(N));
      expect(() => Point.fromBytes(key)).to.not.throw();
      await expectBothReject(honestPi, key);
    });

    it("a Γ whose x-coordinate is n", async function () {
      const proof = Uint8Array.from(honestPi);
      proof.set(bytes("02" + hex32(N)), 0);
      await expectBothReject(proof);
    });
  });

  describe("every hint is checked", function () {
    // "game seq 01-000003" rejects three try-and-increment counters before finding H, so it has witnesses.
    const v = vectors.vectors.find((x) => x.label.startsWith("game seq 01-000003"))!;
    const honest = toVerifierInput(bytes(v.pk), bytes(v.pi), bytes(v.alpha));
    type Tamper = (h: VerifierInput[3]) => void;
    const tampers: [string, Tamper][] = [
      ["uX + 1", (h) => (h.uX += 1n)],
      ["uParity flipped (U negated)", (h) => (h.uParity ^= 1n)],
      ["uParity = 2", (h) => (h.uParity = 2n)],
      ["uX = p (non-canonical)", (h) => (h.uX = P)],
      ["uX = 2^256 − 1 (outside the field)", (h) => (h.uX = (1n << 256n) - 1n)],
      [
        "U replaced by U + B (another curve point)",
        (h) => {
          const u = Point.fromHex(compressed(h.uX, h.uParity)).add(Point.BASE).toAffine();
          [h.uX, h.uParity] = [u.x, u.y & 1n];
        },
      ],
      ["sH.x + 1", (h) => (h.sH[0] += 1n)],
      ["sH negated", (h) => (h.sH[1] = P - h.sH[1])],
      ["cGamma.y + 1", (h) => (h.cGamma[1] += 1n)],
      ["cGamma negated", (h) => (h.cGamma[1] = P - h.cGamma[1])],
      ["sH and cGamma swapped", (h) => ([h.sH, h.cGamma] = [h.cGamma, h.sH])],
      ["vSlope + 1", (h) => (h.vSlope += 1n)],
      ["vSlope = p (outside the field)", (h) => (h.vSlope = P)],
      ["vSlope = 2^256 − 1", (h) => (h.vSlope = (1n << 256n) - 1n)],
      ["vSlope = 0", (h) => (h.vSlope = 0n)],
      ["a witness replaced by its odd twin p − w", (h) => (h.nonResidues[0] = P - h.nonResidues[0])],
      ["a witness + 1", (h) => (h.nonResidues[1] += 1n)],
      ["last witness dropped (counter too low)", (h) => void h.nonResidues.pop()],
      ["witness appended (counter too high)", (h) => void h.nonResidues.push(0n)],
      ["no witnesses at all", (h) => (h.nonResidues = [])],
      ["all hints zero", (h) => Object.assign(h, { uX: 0n, uParity: 0n, sH: [0n, 0n], cGamma: [0n, 0n], vSlope: 0n })],
    ];

    it("accepts the honest hints", async function () {
      expect(honest[3].nonResidues.length).to.equal(3);
      expect(await onChain(honest)).to.deep.equal({ valid: true, beta: "0x" + v.beta });
    });
    for (const [name, tamper] of tampers) {
      it(`rejects ${name}`, async function () {
        const input = clone(honest);
        tamper(input[3]);
        expect(await onChain(input)).to.deep.equal({ valid: false, beta: ZERO32 });
      });
    }
    it("rejects hints computed for a different alpha", async function () {
      const other = toVerifierInput(bytes(v.pk), bytes(v.pi), new TextEncoder().encode("other"));
      expect((await onChain([honest[0], honest[1], honest[2], other[3]])).valid).to.equal(false);
    });
  });

  describe("differential: TypeScript verify and EcVrfVerifier agree", function () {
    const secretKey = fc.uint8Array({ minLength: 32, maxLength: 32 }).filter((b) => {
      const x = BigInt(toHex(b));
      return x > 0n && x < N;
    });
    const alphaArb = fc.uint8Array({ maxLength: 64 });

    it("on 200 random (key, alpha) pairs, their proofs, tampered proofs and tampered hints", async function () {
      this.timeout(600_000);
      let validCount = 0;
      await fc.assert(
        fc.asyncProperty(secretKey, alphaArb, fc.nat(), fc.nat(7), async (sk, alpha, r, hintField) => {
          const pk = publicKey(SUITE, sk);
          const pi = prove(SUITE, sk, alpha);

          const beta = verify(SUITE, pk, pi, alpha);
          expect(beta, "off-chain verify of an honest proof").to.not.equal(null);
          const honest = toVerifierInput(pk, pi, alpha);
          expect(await onChain(honest)).to.deep.equal({ valid: true, beta: toHex(beta!) });
          validCount++;

          // Tampered proof, input and key: both sides must say invalid (with honest hints for the tampered bytes).
          const tamperedCases: [Uint8Array, Uint8Array, Uint8Array][] = [
            [pk, flipBit(pi, r % (pi.length * 8)), alpha],
            [flipBit(pk, r % (pk.length * 8)), pi, alpha],
            [pk, pi, alpha.length ? flipBit(alpha, r % (alpha.length * 8)) : Uint8Array.of(r & 0xff)],
          ];
          for (const [tPk, tPi, tAlpha] of tamperedCases) {
            const offChain = verify(SUITE, tPk, tPi, tAlpha);
            const chain = await onChain(toVerifierInput(tPk, tPi, tAlpha));
            expect(chain.valid).to.equal(offChain !== null);
            expect(chain.valid).to.equal(false);
          }

          // A tampered hint on an honest proof: the contract must refuse it.
          const input = clone(honest);
          const h = input[3];
          const delta = BigInt(r % 1000) + 1n;
          const fields: (() => void)[] = [
            () => (h.uX += delta),
            () => (h.uParity ^= 1n),
            () => (h.sH[0] += delta),
            () => (h.sH[1] += delta),
            () => (h.cGamma[0] += delta),
            () => (h.cGamma[1] += delta),
            () => (h.vSlope = (h.vSlope + delta) % P),
            () =>
              h.nonResidues.length ? (h.nonResidues[r % h.nonResidues.length] += delta) : h.nonResidues.push(delta),
          ];
          fields[hintField]();
          expect((await onChain(input)).valid).to.equal(false);
        }),
        { numRuns: 200, seed: 0xb10c },
      );
      expect(validCount).to.equal(200);
    });
  });
});
