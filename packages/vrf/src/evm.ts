/**
 * Arguments for the on-chain `EcVrfVerifier` (contracts/vrf): the proof's byte strings plus hints that replace
 * the contract's scalar multiplications and square roots with checks. See `EcVrfLib.sol` for how each is checked.
 * @module
 */
import { secp256k1 } from "@noble/curves/secp256k1.js";
import { bytesToHex } from "@noble/hashes/utils.js";
import { assertBytes, stringToPoint } from "./encoding.js";
import { encodeToCurveTai, taiHashString } from "./hash-to-curve.js";
import { getSuiteParams } from "./suite.js";

/**
 * Hints for `EcVrfVerifier.verify`: values the contract checks instead of computing. Field names and order match
 * the Solidity struct `EcVrfHints`.
 */
export interface VerifierHints {
  /** x-coordinate of U = s·B − c·Y. */
  uX: bigint;
  /** Parity of U's y-coordinate: 0n even, 1n odd. */
  uParity: bigint;
  /** s·H as affine `[x, y]`. */
  sH: [bigint, bigint];
  /** c·Γ as affine `[x, y]`. */
  cGamma: [bigint, bigint];
  /** Slope of the chord through s·H and −c·Γ, in [0, p). */
  vSlope: bigint;
  /** One witness per rejected try-and-increment counter: the even root of −(x³ + 7), or 0 when x ≥ p. */
  nonResidues: bigint[];
}

/** The argument list of `EcVrfVerifier.verify(pk, pi, alpha, hints)`, bytes as 0x-prefixed hex. */
export type VerifierInput = [pk: string, pi: string, alpha: string, hints: VerifierHints];

type Point = InstanceType<typeof secp256k1.Point>;

const SUITE = "ECVRF-SECP256K1-SHA256-TAI" as const;
const PARAMS = getSuiteParams(SUITE);
const Point = secp256k1.Point;
const Fp = Point.Fp;
const N = Point.Fn.ORDER;
/** (p + 1) / 4: for p ≡ 3 (mod 4), a^((p+1)/4) is a square root of a whenever one exists. */
const SQRT_EXPONENT = (Fp.ORDER + 1n) / 4n;
const ZERO_PAIR = (): [bigint, bigint] => [0n, 0n];

const hex = (bytes: Uint8Array) => "0x" + bytesToHex(bytes);
const toBigInt = (bytes: Uint8Array) => (bytes.length === 0 ? 0n : BigInt(hex(bytes)));

function affine(point: Point): [bigint, bigint] {
  if (point.is0()) return ZERO_PAIR();
  const { x, y } = point.toAffine();
  return [x, y];
}

/**
 * Witness that candidate counter `ctr` was rejected: for x < p with x³ + 7 a non-square, r = (x³ + 7)^((p+1)/4)
 * squares to −(x³ + 7) (Euler's criterion), so r is the root the contract checks; it takes the even one.
 */
function nonResidueWitness(pk: Uint8Array, alpha: Uint8Array, ctr: number): bigint {
  const x = toBigInt(taiHashString(SUITE, pk, alpha, ctr));
  if (x >= Fp.ORDER) return 0n;
  const r = Fp.pow(Fp.add(Fp.mul(Fp.sqr(x), x), 7n), SQRT_EXPONENT);
  return r & 1n ? Fp.neg(r) : r;
}

/**
 * Builds the argument list for `EcVrfVerifier.verify` (ECVRF-SECP256K1-SHA256-TAI only).
 *
 * Every hint is computed honestly from the given bytes, whether or not the proof is valid, so the contract
 * answers exactly as the off-chain `verify` does for the same `(pk, pi, alpha)`. Values that cannot be computed
 * (an undecodable key or Γ, s ≥ n, a point at infinity) are left as zero, which the contract rejects.
 *
 * @param pk - 33-byte compressed public key.
 * @param pi - 81-byte proof.
 * @param alpha - VRF input.
 * @returns `[pk, pi, alpha, hints]` to spread into `verifier.verify(...)`.
 * @throws {VrfError} `InvalidArgument` if an argument is not a `Uint8Array`; `HashToCurveFailed` if
 *   try-and-increment finds no point in 256 counters (probability ~2^-256).
 * @example
 * const [valid, beta] = await verifier.verify(...toVerifierInput(pk, pi, alpha));
 */
export function toVerifierInput(pk: Uint8Array, pi: Uint8Array, alpha: Uint8Array): VerifierInput {
  assertBytes(pk, "pk");
  assertBytes(pi, "pi");
  assertBytes(alpha, "alpha");
  const hints: VerifierHints = {
    uX: 0n,
    uParity: 0n,
    sH: ZERO_PAIR(),
    cGamma: ZERO_PAIR(),
    vSlope: 0n,
    nonResidues: [],
  };
  const input: VerifierInput = [hex(pk), hex(pi), hex(alpha), hints];

  // H depends only on the key string and alpha, so it is known even when the key itself is invalid.
  const { point: h, ctr } = encodeToCurveTai(SUITE, pk, alpha);
  hints.nonResidues = Array.from({ length: ctr }, (_, i) => nonResidueWitness(pk, alpha, i));

  const y = stringToPoint(PARAMS, pk) as Point | null;
  const gamma = pi.length === 81 ? (stringToPoint(PARAMS, pi.subarray(0, 33)) as Point | null) : null;
  if (!y || !gamma) return input;
  const c = toBigInt(pi.subarray(33, 49));
  const s = toBigInt(pi.subarray(49, 81));
  if (s >= N) return input;

  // Public values only: variable-time multiplication is fine here.
  const sH = h.multiplyUnsafe(s);
  const cGamma = gamma.multiplyUnsafe(c);
  [hints.uX, hints.uParity] = affine(Point.BASE.multiplyUnsafe(s).subtract(y.multiplyUnsafe(c)));
  hints.uParity &= 1n;
  hints.sH = affine(sH);
  hints.cGamma = affine(cGamma);
  const [x1, y1] = hints.sH;
  const [x2, y2] = hints.cGamma;
  if (!sH.is0() && !cGamma.is0() && x1 !== x2) {
    // The chord through s·H = (x1, y1) and −c·Γ = (x2, −y2) has slope (−y2 − y1) / (x2 − x1).
    hints.vSlope = Fp.div(Fp.sub(Fp.neg(y2), y1), Fp.sub(x2, x1));
  }
  return input;
}
