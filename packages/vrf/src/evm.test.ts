import { describe, expect, it } from "vitest";
import { secp256k1 } from "@noble/curves/secp256k1.js";
import vectors from "../../../test/vectors/vrf/secp256k1-sha256-tai.json";
import { VrfError } from "./errors.js";
import { toVerifierInput } from "./evm.js";

const Point = secp256k1.Point;
const Fp = Point.Fp;
const bytes = (hex: string) => Uint8Array.from(Buffer.from(hex, "hex"));
const hex = (b: Uint8Array) => Buffer.from(b).toString("hex");
const fromAffine = ([x, y]: [bigint, bigint]) => Point.fromAffine({ x, y });

describe("toVerifierInput", () => {
  for (const v of vectors.vectors) {
    describe(v.label, () => {
      const [pk, pi, alpha, hints] = toVerifierInput(bytes(v.pk), bytes(v.pi), bytes(v.alpha));

      it("passes pk, pi and alpha through as hex", () => {
        expect([pk, pi, alpha]).toEqual(["0x" + v.pk, "0x" + v.pi, "0x" + v.alpha]);
      });

      it("gives U equal to the vector's U, compressed as x and y-parity", () => {
        const prefix = (2n + hints.uParity).toString(16).padStart(2, "0");
        expect(prefix + hints.uX.toString(16).padStart(64, "0")).toBe(v.u);
      });

      it("gives s·H and c·Γ whose chord difference, with the hinted slope, is the vector's V", () => {
        const sH = fromAffine(hints.sH);
        const cGamma = fromAffine(hints.cGamma);
        expect(hex(sH.subtract(cGamma).toBytes(true))).toBe(v.v);
        const [x1, y1] = hints.sH;
        const [x2, y2] = hints.cGamma;
        expect(Fp.mul(hints.vSlope, Fp.sub(x2, x1))).toBe(Fp.sub(Fp.neg(y2), y1));
        expect(hints.vSlope < Fp.ORDER).toBe(true);
      });

      it("gives one even witness per rejected counter, each a root of −(x³ + 7)", () => {
        const H = Point.fromBytes(bytes(v.h));
        expect(H.toAffine().y % 2n).toBe(0n);
        for (const w of hints.nonResidues) {
          expect(w % 2n).toBe(0n);
          expect(w < Fp.ORDER).toBe(true);
        }
        // s·H from the hints is consistent with H from the vector.
        const s = BigInt("0x" + v.s);
        expect(fromAffine(hints.sH).equals(H.multiply(s))).toBe(true);
      });
    });
  }

  it("has witnesses for every vector whose hash-to-curve rejected counters", () => {
    const counts = vectors.vectors.map(
      (v) => toVerifierInput(bytes(v.pk), bytes(v.pi), bytes(v.alpha))[3].nonResidues.length,
    );
    expect(Math.max(...counts)).toBeGreaterThan(0);
    expect(counts.every((n) => n >= 0 && n < 256)).toBe(true);
  });

  it("still builds arguments (with zero point hints) for undecodable keys and proofs", () => {
    const v = vectors.vectors[0];
    const badPk = bytes(v.pk);
    badPk[0] = 0x04;
    const [, , , hints] = toVerifierInput(badPk, bytes(v.pi), bytes(v.alpha));
    expect([hints.uX, hints.uParity]).toEqual([0n, 0n]);
    expect(hints.sH).toEqual([0n, 0n]);
    const [, , , short] = toVerifierInput(bytes(v.pk), bytes(v.pi).subarray(0, 80), bytes(v.alpha));
    expect(short.cGamma).toEqual([0n, 0n]);
  });

  it("throws VrfError(InvalidArgument) for arguments that are not bytes", () => {
    const v = vectors.vectors[0];
    const call = () => toVerifierInput(("0x" + v.pk) as unknown as Uint8Array, bytes(v.pi), bytes(v.alpha));
    expect(call).toThrow(VrfError);
    try {
      call();
    } catch (e) {
      expect((e as VrfError).code).toBe("InvalidArgument");
    }
  });
});
