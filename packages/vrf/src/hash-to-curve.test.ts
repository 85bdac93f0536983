import { describe, expect, it } from "vitest";
import { sha256, sha512 } from "@noble/hashes/sha2.js";
import k1 from "../../../test/vectors/vrf/secp256k1-sha256-tai.json";
import rfc from "../../../test/vectors/vrf/rfc9381.json";
import { bytes, hex } from "../test/helpers.js";
import { concat, pointToString, stringToPoint } from "./encoding.js";
import { VrfError } from "./errors.js";
import { encodeToCurveTai, encodeToCurveWithString, taiHashString } from "./hash-to-curve.js";
import { getSuiteParams, type Suite, type TaiSuite } from "./suite.js";

const taiVectors = [...rfc.vectors, ...k1.vectors].filter((v) => v.suite.endsWith("-TAI"));

describe("try-and-increment (RFC 9381 §5.4.1.1)", () => {
  it("taiHashString is Hash(suite_string || 01 || salt || alpha || ctr || 00)", () => {
    const salt = bytes("0279be667ef9dcbbac55a06295ce870b07029bfcdb2dce28d959f2815b16f81798");
    const alpha = bytes("414243");
    expect(hex(taiHashString("ECVRF-SECP256K1-SHA256-TAI", salt, alpha, 7))).toBe(
      hex(sha256(concat(Uint8Array.of(0xfe, 0x01), salt, alpha, Uint8Array.of(7, 0x00)))),
    );
    expect(hex(taiHashString("ECVRF-P256-SHA256-TAI", salt, alpha, 0))).toBe(
      hex(sha256(concat(Uint8Array.of(0x01, 0x01), salt, alpha, Uint8Array.of(0, 0x00)))),
    );
    expect(hex(taiHashString("ECVRF-EDWARDS25519-SHA512-TAI", salt, alpha, 255))).toBe(
      hex(sha512(concat(Uint8Array.of(0x03, 0x01), salt, alpha, Uint8Array.of(255, 0x00)))),
    );
  });

  for (const v of taiVectors) {
    const suite = v.suite as TaiSuite;
    const params = getSuiteParams(suite);
    it(`${suite} ${"label" in v ? v.label : v.rfc_section}: ctr is the first counter giving a point, and the point is h`, () => {
      const pk = bytes(v.pk);
      const alpha = bytes(v.alpha);
      const { point, ctr } = encodeToCurveTai(suite, pk, alpha);
      expect(hex(pointToString(params, point))).toBe(v.h);
      const interpret = (ctrValue: number) => {
        const hs = taiHashString(suite, pk, alpha, ctrValue);
        const candidate = params.family === "weierstrass" ? concat(Uint8Array.of(0x02), hs) : hs.subarray(0, 32);
        const p = stringToPoint(params, candidate);
        return p === null ? null : p.clearCofactor();
      };
      for (let i = 0; i < ctr; i++) {
        const p = interpret(i);
        expect(p === null || p.is0()).toBe(true);
      }
      expect(hex(pointToString(params, interpret(ctr)!))).toBe(v.h);
    });
  }

  it("the secp256k1 vectors exercise at least one rejected counter", () => {
    const ctrs = k1.vectors.map((v) => encodeToCurveTai("ECVRF-SECP256K1-SHA256-TAI", bytes(v.pk), bytes(v.alpha)).ctr);
    expect(Math.max(...ctrs)).toBeGreaterThan(0);
  });

  it("the secp256k1 point is a noble WeierstrassPoint whose encoding starts with 02", () => {
    const v = k1.vectors[0];
    const { point } = encodeToCurveTai("ECVRF-SECP256K1-SHA256-TAI", bytes(v.pk), bytes(v.alpha));
    expect(hex(point.toBytes(true))).toBe(v.h);
    expect(point.toBytes(true)[0]).toBe(0x02);
    expect(point.toBytes(false).length).toBe(65);
  });

  it("rejects bad arguments with VrfError", () => {
    const salt = new Uint8Array(33);
    for (const ctr of [-1, 256, 1.5, Number.NaN]) {
      expect(() => taiHashString("ECVRF-SECP256K1-SHA256-TAI", salt, salt, ctr)).toThrow(VrfError);
    }
    for (const suite of ["ECVRF-P256-SHA256-SSWU", "ECVRF-EDWARDS25519-SHA512-ELL2"]) {
      expect(() => taiHashString(suite as TaiSuite, salt, salt, 0)).toThrow(/try-and-increment/);
      expect(() => encodeToCurveTai(suite as TaiSuite, salt, salt)).toThrow(VrfError);
    }
    expect(() => encodeToCurveTai("nope" as TaiSuite, salt, salt)).toThrow(VrfError);
    expect(() => taiHashString("ECVRF-P256-SHA256-TAI", "x" as unknown as Uint8Array, salt, 0)).toThrow(VrfError);
  });
});

describe("encode_to_curve via RFC 9380 (RFC 9381 §5.4.1.2)", () => {
  for (const v of rfc.vectors.filter((x) => !x.suite.endsWith("-TAI"))) {
    it(`${v.suite}: uses DST "ECVRF_" || h2c_suite_ID || suite_string on salt || alpha`, () => {
      const params = getSuiteParams(v.suite as Suite);
      const { string } = encodeToCurveWithString(params, bytes(v.pk), bytes(v.alpha));
      expect(hex(string)).toBe(v.h);
      // A different DST (e.g. without the suite_string octet) gives another point.
      const dst = params.h2c!.dst;
      expect(dst[dst.length - 1]).toBe(params.suiteString);
      const other = params.h2c!.hasher.encodeToCurve(concat(bytes(v.pk), bytes(v.alpha)), {
        DST: dst.subarray(0, dst.length - 1),
      });
      expect(hex(pointToString(params, other as never))).not.toBe(v.h);
    });
  }
});
