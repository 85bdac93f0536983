/**
 * ECVRF proving, verifying and proof-to-hash (RFC 9381 §5.1-§5.3), and VRF_hash
 * without a proof (`evaluate`).
 * @module
 */
import { ed25519 } from "@noble/curves/ed25519.js";
import { bytesToNumberBE } from "@noble/curves/utils.js";
import { VrfError } from "./errors.js";
import { challengeGeneration, proofToHashDigest } from "./challenge.js";
import {
  assertBytes,
  concat,
  intToString,
  pointToString,
  pointsToStrings,
  stringToInt,
  stringToPoint,
} from "./encoding.js";
import { encodeToCurve, encodeToCurveWithString } from "./hash-to-curve.js";
import { computeU, computeV } from "./msm.js";
import { nonceRfc6979, nonceRfc8032 } from "./nonce.js";
import { getSuiteParams, type GroupPoint, type PointOf, type Suite, type SuiteParams } from "./suite.js";

/** The secret scalar x with everything derived from SK_string that prove needs. */
interface SecretKey {
  /** x, reduced into [1, q-1] (edwards25519: the RFC 8032 scalar mod q; same point). */
  readonly x: bigint;
  /** Y = x*B. */
  readonly Y: GroupPoint;
  /** PK_string = point_to_string(Y). */
  readonly pk: Uint8Array;
  /** edwards25519 only: Hash(SK_string)[32..63] for the nonce; empty otherwise. */
  readonly prefix: Uint8Array;
}

/**
 * Derive x, Y and PK_string from SK_string (RFC 9381 §5.5: SEC1 §3.2.1 keys for
 * Weierstrass suites, RFC 8032 §5.1.5 for edwards25519).
 */
function deriveSecretKey(params: SuiteParams, skArg: unknown): SecretKey {
  const sk = assertBytes(skArg, "sk");
  if (sk.length !== params.qLen) {
    throw new VrfError("InvalidSecretKey", `secret key must be ${params.qLen} bytes, got ${sk.length}`);
  }
  if (params.family === "edwards") {
    // noble's RFC 8032 key expansion: SHA-512, clamp, reduce mod q, x*B (constant time).
    const { scalar, prefix, point, pointBytes } = ed25519.utils.getExtendedPublicKey(sk);
    return { x: scalar, Y: point as unknown as GroupPoint, pk: pointBytes, prefix };
  }
  const x = bytesToNumberBE(sk);
  if (x < BigInt(1) || x >= params.q) {
    throw new VrfError("InvalidSecretKey", "secret key must be an integer in [1, q-1]");
  }
  const Y = params.Point.BASE.multiply(x); // constant time (noble fixed-base tables)
  return { x, Y, pk: Y.toBytes(), prefix: new Uint8Array(0) };
}

/**
 * ECVRF_decode_proof (RFC 9381 §5.4.4), strict: Gamma must decode per
 * string_to_point and must not be the identity, and s must be < q.
 * Exposed for the on-chain verifier input builder.
 * @param suite - Suite name.
 * @param pi - pi_string.
 * @returns `{ gamma, c, s }` (gamma is a noble point), or `null` if pi is INVALID.
 * @throws {VrfError} `UnknownSuite` or `InvalidArgument` (pi not a `Uint8Array`).
 */
export function decodeProof<S extends Suite>(
  suite: S,
  pi: Uint8Array,
): { gamma: PointOf<S>; c: bigint; s: bigint } | null {
  const params = getSuiteParams(suite);
  assertBytes(pi, "pi");
  const d = decodeProofInternal(params, pi);
  return d === null ? null : { gamma: d.gamma as unknown as PointOf<S>, c: d.c, s: d.s };
}

interface DecodedProof {
  readonly gamma: GroupPoint;
  readonly gammaString: Uint8Array;
  readonly c: bigint;
  readonly cString: Uint8Array;
  readonly s: bigint;
}

function decodeProofInternal(params: SuiteParams, pi: Uint8Array): DecodedProof | null {
  const { ptLen, cLen, qLen } = params;
  if (pi.length !== ptLen + cLen + qLen) return null;
  const gammaString = pi.slice(0, ptLen);
  const gamma = stringToPoint(params, gammaString);
  // Gamma = identity only decodes on edwards25519. No valid proof can carry it
  // (Gamma = x*H with x != 0), so rejecting it changes no verification outcome.
  if (gamma === null || gamma.is0()) return null;
  const cString = pi.slice(ptLen, ptLen + cLen);
  const s = stringToInt(params, pi.subarray(ptLen + cLen));
  if (s >= params.q) return null;
  return { gamma, gammaString, c: stringToInt(params, cString), cString, s };
}

/** point_to_string(cofactor * Gamma) for proof_to_hash, skipping the work when cofactor = 1. */
function cofactorGamma(params: SuiteParams, d: DecodedProof): GroupPoint | Uint8Array {
  return params.cofactor === BigInt(1) ? d.gammaString : d.gamma.clearCofactor();
}

/**
 * Compute the public key for a secret key: PK_string = point_to_string(x*B).
 * @param suite - Suite name.
 * @param sk - SK_string: 32 bytes (Weierstrass: big-endian x with 1 <= x < q;
 *   edwards25519: an RFC 8032 seed).
 * @returns PK_string: 33-byte compressed SEC1 point or 32-byte edwards25519 point.
 * @throws {VrfError} `UnknownSuite`, `InvalidArgument` (sk not a `Uint8Array`) or
 *   `InvalidSecretKey` (wrong length, or x = 0 / x >= q).
 */
export function publicKey(suite: Suite, sk: Uint8Array): Uint8Array {
  const params = getSuiteParams(suite);
  return deriveSecretKey(params, sk).pk.slice();
}

/**
 * ECVRF_prove (RFC 9381 §5.1). Deterministic: the same key and input always
 * give the same proof. Secret scalars are only multiplied with noble's
 * constant-time `multiply`.
 * @param suite - Suite name.
 * @param sk - SK_string, 32 bytes (see {@link publicKey}).
 * @param alpha - alpha_string, the VRF input (any length).
 * @returns pi_string = point_to_string(Gamma) || int_to_string(c, cLen) || int_to_string(s, qLen)
 *   (81 bytes for Weierstrass suites, 80 for edwards25519).
 * @throws {VrfError} `UnknownSuite`, `InvalidArgument`, `InvalidSecretKey`, or the
 *   negligible-probability `HashToCurveFailed` / `ZeroNonce`.
 * @example
 * ```ts
 * import { prove, verify, publicKey } from "@blockage/vrf";
 * const sk = crypto.getRandomValues(new Uint8Array(32)); // Weierstrass: must be in [1, q-1]
 * const alpha = new TextEncoder().encode("round 42");
 * const pi = prove("ECVRF-EDWARDS25519-SHA512-TAI", sk, alpha);
 * const beta = verify("ECVRF-EDWARDS25519-SHA512-TAI", publicKey("ECVRF-EDWARDS25519-SHA512-TAI", sk), pi, alpha);
 * ```
 */
export function prove(suite: Suite, sk: Uint8Array, alpha: Uint8Array): Uint8Array {
  const params = getSuiteParams(suite);
  assertBytes(alpha, "alpha");
  const key = deriveSecretKey(params, sk);
  const { x, pk } = key;
  // Step 2-3: H = ECVRF_encode_to_curve(PK_string, alpha_string); h_string = point_to_string(H).
  const { point: H, string: hString } = encodeToCurveWithString(params, pk, alpha);
  // Step 4: Gamma = x*H (constant time).
  const gamma = H.multiply(x);
  // Step 5: k = ECVRF_nonce_generation(SK, h_string).
  const k = params.nonce === "rfc6979" ? nonceRfc6979(params, x, hString) : nonceRfc8032(params, key.prefix, hString);
  // Step 6: c = ECVRF_challenge_generation(Y, H, Gamma, k*B, k*H) (constant-time multiplications).
  const kB = params.Point.BASE.multiply(k);
  const kH = H.multiply(k);
  const [gammaString, kBString, kHString] = pointsToStrings(params, [gamma, kB, kH]);
  const cString = challengeGeneration(params, [pk, hString, gammaString, kBString, kHString]);
  const c = stringToInt(params, cString);
  // Step 7: s = (k + c*x) mod q.
  const s = (k + c * x) % params.q;
  // Step 8: pi_string = point_to_string(Gamma) || int_to_string(c, cLen) || int_to_string(s, qLen).
  return concat(gammaString, cString, intToString(params, s, params.qLen));
}

/**
 * VRF_hash (RFC 9381 §1): beta = ECVRF_proof_to_hash(ECVRF_prove(SK, alpha)),
 * computed without building the proof. It runs the same key derivation and
 * encode_to_curve as {@link prove}, then Gamma = x*H and the proof_to_hash digest of
 * cofactor * Gamma (§5.2), and skips the nonce, k*B, k*H and the challenge.
 * Use it to learn your own VRF output (e.g. to check lottery eligibility) and
 * call {@link prove} only when a proof is worth publishing. x is multiplied with
 * noble's constant-time `multiply`, as in prove.
 * @param suite - Suite name.
 * @param sk - SK_string, 32 bytes (see {@link publicKey}).
 * @param alpha - alpha_string, the VRF input (any length).
 * @returns beta_string (hLen bytes: 32 or 64), equal to `proofToHash(suite, prove(suite, sk, alpha))`
 *   and to what `verify` returns for that proof.
 * @throws {VrfError} `UnknownSuite`, `InvalidArgument`, `InvalidSecretKey`, exactly as {@link prove}
 *   does for the same arguments, or the negligible-probability `HashToCurveFailed`. (It never
 *   throws `ZeroNonce`: it computes no nonce.)
 * @example
 * ```ts
 * import { evaluate, prove } from "@blockage/vrf";
 * const beta = evaluate("ECVRF-SECP256K1-SHA256-TAI", sk, alpha);
 * if (wins(beta)) submit(prove("ECVRF-SECP256K1-SHA256-TAI", sk, alpha));
 * ```
 */
export function evaluate(suite: Suite, sk: Uint8Array, alpha: Uint8Array): Uint8Array {
  // Argument checks in prove's order, so both throw the same error for the same bad input.
  const params = getSuiteParams(suite);
  assertBytes(alpha, "alpha");
  const { x, pk } = deriveSecretKey(params, sk);
  // prove steps 2 and 4: H = ECVRF_encode_to_curve(PK_string, alpha_string), Gamma = x*H (constant time).
  // h_string is not needed here, so encodeToCurve skips encoding H when it is not free.
  const gamma = encodeToCurve(params, pk, alpha).point.multiply(x);
  // proof_to_hash (§5.2) on the Gamma prove would publish: point_to_string(cofactor * Gamma).
  // On the Weierstrass curves Gamma is never the identity (H has prime order q, 1 <= x < q), so it
  // always has an encoding; edwards25519 encodes every point.
  const cg = params.cofactor === BigInt(1) ? gamma : gamma.clearCofactor();
  return proofToHashDigest(params, pointToString(params, cg));
}

/**
 * ECVRF_verify (RFC 9381 §5.3), with ECVRF_validate_key for edwards25519.
 * Every malformed or wrong input yields `null`; only wrong argument types throw.
 * @param suite - Suite name.
 * @param pk - PK_string, the prover's public key.
 * @param pi - pi_string, the proof.
 * @param alpha - alpha_string, the VRF input.
 * @returns beta_string (hLen bytes: 32 or 64) if the proof is VALID, else `null` (INVALID).
 * @throws {VrfError} `UnknownSuite` or `InvalidArgument` (an argument is not a `Uint8Array`).
 * @example
 * ```ts
 * import { verify } from "@blockage/vrf";
 * const beta = verify("ECVRF-SECP256K1-SHA256-TAI", pk, pi, alpha);
 * if (beta === null) throw new Error("bad VRF proof");
 * ```
 */
export function verify(suite: Suite, pk: Uint8Array, pi: Uint8Array, alpha: Uint8Array): Uint8Array | null {
  const params = getSuiteParams(suite);
  assertBytes(pk, "pk");
  assertBytes(pi, "pi");
  assertBytes(alpha, "alpha");
  // Steps 1-3: decode the proof.
  const d = decodeProofInternal(params, pi);
  if (d === null) return null;
  // Steps 4-5: Y = string_to_point(PK_string), then ECVRF_validate_key where the suite applies it.
  const pkString = pk.slice();
  const Y = stringToPoint(params, pkString);
  if (Y === null) return null;
  if (params.validateKey && Y.isSmallOrder()) return null;
  // Step 6: H = ECVRF_encode_to_curve(PK_string, alpha_string).
  const { point: H, string: knownHString } = encodeToCurve(params, pkString, alpha);
  // Steps 7-8: U = s*B - c*Y, V = s*H - c*Gamma (variable time: all inputs are public).
  const U = computeU(params, d.s, d.c, Y);
  const V = computeV(params, d.s, H, d.c, d.gamma);
  if (U.is0() || V.is0()) return null;
  // Step 9: c' = ECVRF_challenge_generation(Y, H, Gamma, U, V), encodings batch-normalized.
  // Strict decoding makes point_to_string(Y) == PK_string and point_to_string(Gamma) == gamma_string.
  const cg = cofactorGamma(params, d);
  const toEncode: GroupPoint[] = [U, V];
  if (knownHString === null) toEncode.push(H);
  if (!(cg instanceof Uint8Array)) toEncode.push(cg);
  const [uString, vString, ...rest] = pointsToStrings(params, toEncode);
  const hString = knownHString ?? (rest.shift() as Uint8Array);
  const cgString = cg instanceof Uint8Array ? cg : (rest.shift() as Uint8Array);
  const cPrime = challengeGeneration(params, [pkString, hString, d.gammaString, uString, vString]);
  // Step 10: compare c and c' (as cLen-octet strings, equivalent to comparing integers).
  if (!bytesEqual(cPrime, d.cString)) return null;
  return proofToHashDigest(params, cgString);
}

/**
 * ECVRF_proof_to_hash (RFC 9381 §5.2): beta from a proof, WITHOUT verifying it.
 * Only use on proofs that `verify` accepted (or that you produced).
 * @param suite - Suite name.
 * @param pi - pi_string.
 * @returns beta_string (hLen bytes).
 * @throws {VrfError} `UnknownSuite`, `InvalidArgument` (pi not a `Uint8Array`) or
 *   `InvalidProof` if pi does not decode (wrong length, bad Gamma, s >= q).
 */
export function proofToHash(suite: Suite, pi: Uint8Array): Uint8Array {
  const params = getSuiteParams(suite);
  assertBytes(pi, "pi");
  const d = decodeProofInternal(params, pi);
  if (d === null) throw new VrfError("InvalidProof", "proof does not decode");
  const cg = cofactorGamma(params, d);
  return proofToHashDigest(params, cg instanceof Uint8Array ? cg : pointsToStrings(params, [cg])[0]);
}

function bytesEqual(a: Uint8Array, b: Uint8Array): boolean {
  if (a.length !== b.length) return false;
  let diff = 0;
  for (let i = 0; i < a.length; i++) diff |= a[i] ^ b[i];
  return diff === 0;
}
