/**
 * Variable-time multi-scalar multiplication for ECVRF verification:
 * U = s*B - c*Y and V = s*H - c*Gamma, each in ONE interleaved pass
 * (Straus/Shamir with width-w NAF digits).
 *
 * Why hand-written: noble has single-scalar `multiplyUnsafe` and a Pippenger
 * MSM tuned for many points, but no interleaved wNAF for 2-4 terms, which is
 * what makes verification cheaper than separate multiplications. All point
 * arithmetic (add/double/negate) is still noble's.
 *
 * Only for PUBLIC scalars (s, c of a proof): running time depends on them.
 * Scalars are used as plain signed integers and never reduced mod q, so the
 * result is exact even for points with a small-order component (edwards25519
 * keys and Gammas may have one; RFC 9381 does not reject them).
 * @module
 */
import { normalizeZ } from "@noble/curves/abstract/curve.js";
import { _splitEndoScalar, type WeierstrassPointCons } from "@noble/curves/abstract/weierstrass.js";
import type { GroupPoint, GroupPointCons, SuiteParams } from "./suite.js";

/** The point operations the MSM needs; noble points provide them. */
export interface MsmPoint<P> {
  add(other: P): P;
  double(): P;
  negate(): P;
}

/**
 * Width-w non-adjacent form of a non-negative integer: digits d_i, each 0 or odd
 * with |d_i| < 2^(w-1), such that k = sum d_i * 2^i, least significant first.
 * @param k - Integer >= 0.
 * @param w - Window width, 2..8.
 * @returns Digits (length = bit length of k, plus one for a final carry).
 * @throws {RangeError} If `k` is negative or `w` is outside 2..8.
 */
export function wnafDigits(k: bigint, w: number): Int8Array {
  if (k < BigInt(0)) throw new RangeError("wnafDigits: negative scalar");
  if (!Number.isInteger(w) || w < 2 || w > 8) throw new RangeError("wnafDigits: window must be 2..8");
  if (k === BigInt(0)) return new Int8Array(0);
  // Work on a small-integer bit array: far cheaper than a BigInt operation per bit.
  const bin = k.toString(2);
  const n = bin.length;
  const bits = new Uint8Array(n + w + 1);
  for (let i = 0; i < n; i++) bits[i] = bin.charCodeAt(n - 1 - i) - 48;
  const digits = new Int8Array(n + 1);
  const full = 1 << w;
  const half = 1 << (w - 1);
  let carry = 0;
  let i = 0;
  while (i <= n) {
    if (bits[i] === carry) {
      // bit + carry is 0 or 2: digit 0, carry unchanged.
      i++;
      continue;
    }
    // bit + carry is odd: consume a w-bit window (plus the incoming carry).
    let word = carry;
    for (let j = 0; j < w; j++) word += bits[i + j] << j;
    if (word > half) {
      digits[i] = word - full; // negative odd digit; borrow becomes a carry out
      carry = 1;
    } else {
      digits[i] = word;
      carry = 0;
    }
    i += w;
  }
  return digits;
}

/**
 * Odd multiples P, 3P, 5P, ..., (2^(w-1)-1)P for wNAF lookups; negatives are
 * filled lazily the first time a negative digit needs them.
 */
export class WnafTable<P extends MsmPoint<P>> {
  /** Window width the table was built for. */
  readonly w: number;
  /** pos[i] = (2i+1) * P. */
  readonly pos: readonly P[];
  private readonly negs: (P | undefined)[];

  /**
   * @param pos - The odd multiples, pos[i] = (2i+1)*P, length 2^(w-2).
   * @param w - Window width.
   * @throws {RangeError} If `pos` does not have 2^(w-2) entries.
   */
  constructor(pos: readonly P[], w: number) {
    if (pos.length !== 1 << (w - 2)) throw new RangeError("WnafTable: wrong table size");
    this.pos = pos;
    this.w = w;
    this.negs = new Array<P | undefined>(pos.length);
  }

  /**
   * Build the table for a point.
   * @param point - P.
   * @param w - Window width, 2..8.
   * @returns The table of odd multiples of P.
   * @throws Nothing for valid points (w is trusted, 2..8).
   */
  static of<P extends MsmPoint<P>>(point: P, w: number): WnafTable<P> {
    const size = 1 << (w - 2);
    const pos: P[] = [point];
    if (size > 1) {
      const twice = point.double();
      for (let i = 1; i < size; i++) pos.push(pos[i - 1].add(twice));
    }
    return new WnafTable(pos, w);
  }

  /**
   * Apply a group endomorphism entry-wise (phi(jP) = j*phi(P)).
   * @param f - The endomorphism; must commute with negation.
   * @returns Table of odd multiples of f(P).
   * @throws Nothing.
   */
  map(f: (p: P) => P): WnafTable<P> {
    return new WnafTable(this.pos.map(f), this.w);
  }

  /**
   * The point for a non-zero odd digit d, i.e. d * P.
   * @param d - Odd digit, |d| < 2^(w-1).
   * @returns d * P.
   * @throws Nothing (an out-of-range digit yields `undefined`; callers pass wNAF digits).
   */
  lookup(d: number): P {
    if (d > 0) return this.pos[(d - 1) >> 1];
    const i = (-d - 1) >> 1;
    let p = this.negs[i];
    if (p === undefined) this.negs[i] = p = this.pos[i].negate();
    return p;
  }

  /**
   * Precompute every negative entry (for long-lived tables).
   * @returns This table.
   * @throws Nothing.
   */
  fillNegatives(): this {
    for (let i = 0; i < this.pos.length; i++) this.lookup(-(2 * i + 1));
    return this;
  }
}

/** One term scalar * P of a multi-scalar multiplication. */
export interface MsmTerm<P extends MsmPoint<P>> {
  /** Odd-multiple table of P. */
  readonly table: WnafTable<P>;
  /** Public scalar; may be negative, is used as an exact integer (no reduction). */
  readonly scalar: bigint;
}

/**
 * Straus (interleaved) multi-scalar multiplication, variable time:
 * sum(scalar_i * P_i) with one shared doubling chain.
 * @param zero - The identity point.
 * @param terms - The terms.
 * @returns The sum.
 * @throws {RangeError} If a table's window is outside 2..8 (see {@link wnafDigits}).
 */
export function strausUnsafe<P extends MsmPoint<P>>(zero: P, terms: readonly MsmTerm<P>[]): P {
  const n = terms.length;
  const digits: Int8Array[] = new Array(n);
  const sign: number[] = new Array(n);
  let top = 0;
  for (let t = 0; t < n; t++) {
    const { scalar, table } = terms[t];
    const neg = scalar < BigInt(0);
    sign[t] = neg ? -1 : 1;
    digits[t] = wnafDigits(neg ? -scalar : scalar, table.w);
    if (digits[t].length > top) top = digits[t].length;
  }
  let acc = zero;
  let started = false;
  for (let i = top - 1; i >= 0; i--) {
    if (started) acc = acc.double();
    for (let t = 0; t < n; t++) {
      const dt = digits[t];
      if (i >= dt.length) continue;
      const d = dt[i];
      if (d === 0) continue;
      const q = terms[t].table.lookup(sign[t] * d);
      acc = started ? acc.add(q) : q;
      started = true;
    }
  }
  return acc;
}

/**
 * Convenience wrapper: sum(scalars[i] * points[i]) with per-call tables.
 * @param zero - The identity point.
 * @param points - The points.
 * @param scalars - Public scalars (any sign, used exactly).
 * @param w - Window width (default 5).
 * @returns The sum.
 * @throws {RangeError} If the arrays differ in length.
 */
export function msmUnsafe<P extends MsmPoint<P>>(
  zero: P,
  points: readonly P[],
  scalars: readonly bigint[],
  w = VAR_WINDOW,
): P {
  if (points.length !== scalars.length) throw new RangeError("msmUnsafe: length mismatch");
  return strausUnsafe(
    zero,
    points.map((p, i) => ({ table: WnafTable.of(p, w), scalar: scalars[i] })),
  );
}

/** Window for per-call (variable-base) tables: 8 odd multiples. */
const VAR_WINDOW = 5;
/** Window for the cached base-point tables: 64 odd multiples each. */
const FIXED_WINDOW = 8;
/** s = lo + hi * 2^SPLIT_BITS when the curve has no endomorphism. */
const SPLIT_BITS = 128;
const SPLIT_MASK = (BigInt(1) << BigInt(SPLIT_BITS)) - BigInt(1);

interface BaseTables {
  /** Table of B. */
  readonly b: WnafTable<GroupPoint>;
  /** Table of phi(B) (GLV curves) or 2^128 * B. */
  readonly b2: WnafTable<GroupPoint>;
}

const baseTableCache = new WeakMap<GroupPointCons, BaseTables>();

/** phi(X, Y, Z) = (beta*X, Y, Z) on a GLV curve (equals lambda * P). */
function endoMap(params: SuiteParams): (p: GroupPoint) => GroupPoint {
  const endo = params.endo;
  if (endo === null) throw new Error("no endomorphism");
  const Point = params.Point as unknown as WeierstrassPointCons<bigint>;
  const { Fp } = Point;
  return (p) => new Point(Fp.mul(p.X, endo.beta), p.Y, p.Z) as unknown as GroupPoint;
}

/** Table with every entry normalized to Z = 1 (one shared inversion): later additions get cheaper. */
function normalized(params: SuiteParams, table: WnafTable<GroupPoint>): WnafTable<GroupPoint> {
  const pos = normalizeZ(params.Point as never, table.pos as never[]) as unknown as GroupPoint[];
  return new WnafTable(pos, table.w).fillNegatives();
}

function baseTables(params: SuiteParams): BaseTables {
  let tables = baseTableCache.get(params.Point);
  if (tables === undefined) {
    const { BASE } = params.Point;
    const b = normalized(params, WnafTable.of(BASE, FIXED_WINDOW));
    let b2: WnafTable<GroupPoint>;
    if (params.endo !== null) {
      b2 = b.map(endoMap(params)).fillNegatives();
    } else {
      let shifted = BASE;
      for (let i = 0; i < SPLIT_BITS; i++) shifted = shifted.double();
      b2 = normalized(params, WnafTable.of(shifted, FIXED_WINDOW));
    }
    tables = { b, b2 };
    baseTableCache.set(params.Point, tables);
  }
  return tables;
}

/**
 * Split 0 <= s < q into two ~128-bit signed halves: s = a + b*lambda (GLV, via
 * noble's `_splitEndoScalar`) or s = a + b*2^128.
 */
function splitScalar(params: SuiteParams, s: bigint): [bigint, bigint] {
  if (params.endo !== null) {
    const { k1neg, k1, k2neg, k2 } = _splitEndoScalar(s, params.endo.basis, params.q);
    return [k1neg ? -k1 : k1, k2neg ? -k2 : k2];
  }
  return [s & SPLIT_MASK, s >> BigInt(SPLIT_BITS)];
}

/**
 * U = s*B - c*Y (RFC 9381 §5.3 step 7) in one interleaved pass over three
 * ~128-bit scalars, using cached tables for B and 2^128*B (or phi(B)).
 * @param params - Suite parameters.
 * @param s - Public scalar, 0 <= s < q.
 * @param c - Public challenge, 0 <= c < 2^(8*cLen).
 * @param Y - Public key point (may carry a small-order component on edwards25519).
 * @returns U (variable time; public inputs only).
 * @throws {Error} If `s` is not in [0, q) on a GLV curve (noble's split rejects it).
 */
export function computeU(params: SuiteParams, s: bigint, c: bigint, Y: GroupPoint): GroupPoint {
  const { b, b2 } = baseTables(params);
  const [s1, s2] = splitScalar(params, s);
  return strausUnsafe(params.Point.ZERO, [
    { table: b, scalar: s1 },
    { table: b2, scalar: s2 },
    { table: WnafTable.of(Y, VAR_WINDOW), scalar: -c },
  ]);
}

/**
 * V = s*H - c*Gamma (RFC 9381 §5.3 step 8) in one interleaved pass. On GLV
 * curves s is split and phi(H)'s table is derived from H's for free.
 * @param params - Suite parameters.
 * @param s - Public scalar, 0 <= s < q.
 * @param H - encode_to_curve output.
 * @param c - Public challenge.
 * @param gamma - Gamma from the proof (may carry a small-order component on edwards25519).
 * @returns V (variable time; public inputs only).
 * @throws {Error} If `s` is not in [0, q) on a GLV curve.
 */
export function computeV(params: SuiteParams, s: bigint, H: GroupPoint, c: bigint, gamma: GroupPoint): GroupPoint {
  const tH = WnafTable.of(H, VAR_WINDOW);
  const tGamma = WnafTable.of(gamma, VAR_WINDOW);
  if (params.endo !== null) {
    const [s1, s2] = splitScalar(params, s);
    return strausUnsafe(params.Point.ZERO, [
      { table: tH, scalar: s1 },
      { table: tH.map(endoMap(params)), scalar: s2 },
      { table: tGamma, scalar: -c },
    ]);
  }
  return strausUnsafe(params.Point.ZERO, [
    { table: tH, scalar: s },
    { table: tGamma, scalar: -c },
  ]);
}
