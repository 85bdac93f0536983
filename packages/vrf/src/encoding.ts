/**
 * Argument checks and the RFC 9381 conversions int_to_string, string_to_int,
 * point_to_string and string_to_point (§5.5), per suite.
 * @module
 */
import { normalizeZ } from "@noble/curves/abstract/curve.js";
import { bytesToNumberBE, bytesToNumberLE, isBytes, numberToBytesBE, numberToBytesLE } from "@noble/curves/utils.js";
import { VrfError } from "./errors.js";
import type { GroupPoint, SuiteParams } from "./suite.js";

/**
 * Assert that an argument is a `Uint8Array` (Node `Buffer` and other subclasses are accepted).
 * @param value - The argument.
 * @param name - Argument name for the message.
 * @returns `value`, typed.
 * @throws {VrfError} `InvalidArgument` if `value` is not a `Uint8Array`.
 */
export function assertBytes(value: unknown, name: string): Uint8Array {
  if (!isBytes(value)) {
    throw new VrfError("InvalidArgument", `${name} must be a Uint8Array, got ${describe(value)}`);
  }
  return value;
}

function describe(value: unknown): string {
  if (value === null) return "null";
  if (typeof value !== "object") return typeof value;
  const ctor = (value as { constructor?: { name?: unknown } }).constructor;
  return typeof ctor?.name === "string" ? ctor.name : "object";
}

/**
 * Concatenate byte strings.
 * @param parts - Byte strings.
 * @returns A fresh `Uint8Array` holding all parts in order.
 * @throws Nothing.
 */
export function concat(...parts: Uint8Array[]): Uint8Array {
  let len = 0;
  for (const p of parts) len += p.length;
  const out = new Uint8Array(len);
  let off = 0;
  for (const p of parts) {
    out.set(p, off);
    off += p.length;
  }
  return out;
}

/**
 * int_to_string(n, len): big-endian for Weierstrass suites, little-endian for edwards25519.
 * @param params - Suite parameters.
 * @param n - Non-negative integer below 2^(8*len).
 * @param len - Output length in octets.
 * @returns The `len`-octet encoding.
 * @throws {Error} If `n` does not fit (an internal invariant; never reached from the public API).
 */
export function intToString(params: SuiteParams, n: bigint, len: number): Uint8Array {
  return params.littleEndian ? numberToBytesLE(n, len) : numberToBytesBE(n, len);
}

/**
 * string_to_int(s): big-endian for Weierstrass suites, little-endian for edwards25519.
 * @param params - Suite parameters.
 * @param s - Octet string.
 * @returns The integer.
 * @throws Nothing.
 */
export function stringToInt(params: SuiteParams, s: Uint8Array): bigint {
  return params.littleEndian ? bytesToNumberLE(s) : bytesToNumberBE(s);
}

/**
 * string_to_point: strict decoding. Weierstrass: SEC1 §2.3.4 compressed form only
 * (exactly ptLen octets, prefix 02/03, x < p, on the curve). edwards25519:
 * RFC 8032 §5.1.3 (y < p, and x = 0 with the sign bit set is rejected; not ZIP-215).
 * The identity cannot be produced for Weierstrass suites (it has no 33-octet form);
 * for edwards25519 it decodes (callers decide whether to accept it).
 * @param params - Suite parameters.
 * @param s - Candidate encoding.
 * @returns The point, or `null` ("INVALID") if `s` does not decode.
 * @throws Nothing: every decoding failure is reported as `null`.
 */
export function stringToPoint(params: SuiteParams, s: Uint8Array): GroupPoint | null {
  if (s.length !== params.ptLen) return null;
  if (params.family === "weierstrass" && s[0] !== 0x02 && s[0] !== 0x03) return null;
  try {
    // noble: Weierstrass fromBytes checks x < p, solves for y and asserts validity;
    // Edwards fromBytes defaults to strict RFC 8032 decoding (zip215 = false).
    return params.Point.fromBytes(s);
  } catch {
    return null;
  }
}

/**
 * point_to_string for several points at once, sharing one field inversion
 * (noble's `normalizeZ` batch-normalizes; noble's `toBytes` then encodes).
 * @param params - Suite parameters.
 * @param points - Points to encode; none may be the identity of a Weierstrass curve.
 * @returns One ptLen-octet string per point, in order.
 * @throws {Error} If a Weierstrass point is the identity (callers exclude this first).
 */
export function pointsToStrings(params: SuiteParams, points: GroupPoint[]): Uint8Array[] {
  const one = BigInt(1);
  const needs = points.filter((p) => p.Z !== one);
  const normalized =
    needs.length > 1 ? (normalizeZ(params.Point as never, needs as never[]) as unknown as GroupPoint[]) : needs;
  let j = 0;
  return points.map((p) => (p.Z === one ? p : normalized[j++]).toBytes());
}

/**
 * point_to_string for one point.
 * @param params - Suite parameters.
 * @param point - Point to encode (not the identity of a Weierstrass curve).
 * @returns The ptLen-octet encoding.
 * @throws {Error} If a Weierstrass point is the identity.
 */
export function pointToString(params: SuiteParams, point: GroupPoint): Uint8Array {
  return pointsToStrings(params, [point])[0];
}
