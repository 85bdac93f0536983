/**
 * ECVRF_encode_to_curve (RFC 9381 §5.4.1): try-and-increment (§5.4.1.1) and
 * the RFC 9380 encode_to_curve variant (§5.4.1.2, via noble's hashers).
 * @module
 */
import { VrfError } from "./errors.js";
import { assertBytes, concat, pointToString, stringToPoint } from "./encoding.js";
import { getSuiteParams, type GroupPoint, type PointOf, type SuiteParams, type TaiSuite } from "./suite.js";

/** Largest counter value: ctr_string = int_to_string(ctr, 1) is one octet. */
const MAX_CTR = 255;

function taiParams(suite: unknown): SuiteParams {
  const params = getSuiteParams(suite);
  if (params.encodeToCurve !== "tai") {
    throw new VrfError("InvalidArgument", `${params.name} does not use try-and-increment encode_to_curve`);
  }
  return params;
}

/**
 * hash_string for one try-and-increment round (RFC 9381 §5.4.1.1 step 5.B):
 * Hash(suite_string || 0x01 || encode_to_curve_salt || alpha_string || int_to_string(ctr, 1) || 0x00).
 * @param params - Suite parameters.
 * @param salt - encode_to_curve_salt (PK_string for every suite here).
 * @param alpha - alpha_string.
 * @param ctr - Counter, 0..255.
 * @returns hash_string (hLen octets), before interpretation as a point.
 */
function hashStringFor(params: SuiteParams, salt: Uint8Array, alpha: Uint8Array, ctr: number): Uint8Array {
  return params.hash(concat(Uint8Array.of(params.suiteString, 0x01), salt, alpha, Uint8Array.of(ctr, 0x00)));
}

/**
 * interpret_hash_value_as_a_point (RFC 9381 §5.5): Weierstrass suites use
 * string_to_point(0x02 || hash_string); edwards25519 uses string_to_point(hash_string[0..31]).
 */
function interpretHashValueAsPoint(
  params: SuiteParams,
  hashString: Uint8Array,
): { point: GroupPoint; string: Uint8Array } | null {
  const s =
    params.family === "weierstrass" ? concat(Uint8Array.of(0x02), hashString) : hashString.subarray(0, params.ptLen);
  const point = stringToPoint(params, s);
  return point === null ? null : { point, string: s };
}

/**
 * Internal try-and-increment loop; also returns point_to_string(H) when it is
 * free (Weierstrass suites: the decoded string itself), else `null`.
 * @param params - Suite parameters of a TAI suite.
 * @param salt - encode_to_curve_salt.
 * @param alpha - alpha_string.
 * @returns H, the counter that produced it, and H's encoding when already known.
 * @throws {VrfError} `HashToCurveFailed` if all 256 counters fail (probability ~2^-256).
 */
export function taiLoop(
  params: SuiteParams,
  salt: Uint8Array,
  alpha: Uint8Array,
): { point: GroupPoint; ctr: number; string: Uint8Array | null } {
  for (let ctr = 0; ctr <= MAX_CTR; ctr++) {
    const decoded = interpretHashValueAsPoint(params, hashStringFor(params, salt, alpha, ctr));
    if (decoded === null) continue;
    if (params.cofactor === BigInt(1)) {
      // Identity is impossible here: it has no 33-octet SEC1 encoding.
      return { point: decoded.point, ctr, string: decoded.string };
    }
    const h = decoded.point.clearCofactor(); // H = cofactor * H
    if (h.is0()) continue; // small-order candidate: RFC loops while H is the identity
    return { point: h, ctr, string: null };
  }
  throw new VrfError("HashToCurveFailed", "try-and-increment found no point in 256 tries");
}

/**
 * The try-and-increment hash_string for one counter value, exactly as hashed in
 * RFC 9381 §5.4.1.1 step 5.B, before it is interpreted as a point.
 * Exposed for the on-chain verifier input builder.
 * @param suite - A try-and-increment suite.
 * @param salt - encode_to_curve_salt (the public key string, PK_string).
 * @param alpha - alpha_string.
 * @param ctr - Counter value, an integer in 0..255.
 * @returns hash_string, hLen octets.
 * @throws {VrfError} `UnknownSuite`, or `InvalidArgument` for a non-TAI suite,
 *   non-`Uint8Array` salt/alpha or a counter outside 0..255.
 */
export function taiHashString(suite: TaiSuite, salt: Uint8Array, alpha: Uint8Array, ctr: number): Uint8Array {
  const params = taiParams(suite);
  assertBytes(salt, "salt");
  assertBytes(alpha, "alpha");
  if (!Number.isInteger(ctr) || ctr < 0 || ctr > MAX_CTR) {
    throw new VrfError("InvalidArgument", `ctr must be an integer in 0..${MAX_CTR}`);
  }
  return hashStringFor(params, salt, alpha, ctr);
}

/**
 * ECVRF_encode_to_curve_try_and_increment (RFC 9381 §5.4.1.1): the first valid
 * point and the counter that produced it. For edwards25519 the point is already
 * multiplied by the cofactor, as in the RFC.
 * Exposed for the on-chain verifier input builder.
 * @param suite - A try-and-increment suite.
 * @param salt - encode_to_curve_salt (the public key string, PK_string).
 * @param alpha - alpha_string.
 * @returns `{ point, ctr }` where `point` is a noble point (H) and `ctr` the successful counter.
 * @throws {VrfError} `UnknownSuite`, `InvalidArgument` (non-TAI suite or non-bytes input),
 *   or `HashToCurveFailed` (probability ~2^-256).
 */
export function encodeToCurveTai<S extends TaiSuite>(
  suite: S,
  salt: Uint8Array,
  alpha: Uint8Array,
): { point: PointOf<S>; ctr: number } {
  const params = taiParams(suite);
  assertBytes(salt, "salt");
  assertBytes(alpha, "alpha");
  const { point, ctr } = taiLoop(params, salt, alpha);
  return { point: point as unknown as PointOf<S>, ctr };
}

/**
 * ECVRF_encode_to_curve (RFC 9381 §5.4.1) for any suite, with H's encoding.
 * §5.4.1.2 suites call noble's RFC 9380 `encodeToCurve` (the `_NU_` variant)
 * with DST = "ECVRF_" || h2c_suite_ID_string || suite_string on
 * encode_to_curve_salt || alpha_string.
 * @param params - Suite parameters.
 * @param salt - encode_to_curve_salt.
 * @param alpha - alpha_string.
 * @returns H and h_string = point_to_string(H).
 * @throws {VrfError} `HashToCurveFailed` (try-and-increment, probability ~2^-256).
 */
export function encodeToCurve(
  params: SuiteParams,
  salt: Uint8Array,
  alpha: Uint8Array,
): { point: GroupPoint; string: Uint8Array | null } {
  if (params.h2c === null) {
    const { point, string } = taiLoop(params, salt, alpha);
    return { point, string };
  }
  const point = params.h2c.hasher.encodeToCurve(concat(salt, alpha), {
    DST: params.h2c.dst,
  }) as unknown as GroupPoint;
  if (point.is0()) {
    // RFC 9380 maps can hit the identity only with negligible probability; it has no
    // usable encoding for the Weierstrass suites, so treat it like a failed encode.
    throw new VrfError("HashToCurveFailed", "encode_to_curve produced the identity");
  }
  return { point, string: null };
}

/**
 * encode_to_curve plus point_to_string(H), computing the encoding only when needed.
 * @param params - Suite parameters.
 * @param salt - encode_to_curve_salt.
 * @param alpha - alpha_string.
 * @returns H and h_string.
 * @throws {VrfError} See {@link encodeToCurve}.
 */
export function encodeToCurveWithString(
  params: SuiteParams,
  salt: Uint8Array,
  alpha: Uint8Array,
): { point: GroupPoint; string: Uint8Array } {
  const { point, string } = encodeToCurve(params, salt, alpha);
  return { point, string: string ?? pointToString(params, point) };
}
