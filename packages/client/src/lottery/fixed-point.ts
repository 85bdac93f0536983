/**
 * solady's `FixedPointMathLib.lnWad`, `expWad` and `sMulWad` (solady 0.1.26), ported to bigint operation by operation.
 *
 * Why hand-written: the lottery's weights and race times are computed on-chain by `LotteryLib` with these three
 * functions, and an off-chain node must get exactly the same integers (the same ranking, the same winner), not a
 * close floating-point approximation. No JavaScript library reproduces solady's rational approximations bit for
 * bit, so each function below replays solady's algorithm with the EVM's 256-bit semantics:
 *
 * - words are unsigned integers modulo 2^256; `mul`/`add`/`sub` wrap;
 * - `sar` is an arithmetic (floor) shift of the two's-complement value, `shr`/`shl` are logical shifts;
 * - `sdiv` truncates toward zero (and `sdiv(x, 0) = 0`); `lt`/`gt` compare unsigned, `slt`/`sgt` signed;
 * - `byte(i, x)` is the i-th byte of x counted from the most significant one.
 *
 * `lnWad` is inline assembly in solady and is ported instruction by instruction; `expWad` is `unchecked` Solidity on
 * `int256`, whose `+ - *` wrap, `<<` truncates, `>>` is `sar` and `/` is `sdiv`. Intermediates that wrap in the EVM
 * wrap here too, so the results agree even there.
 *
 * Test vectors: `test/vectors/lottery.json`, produced by the contract itself (`LotteryLibHarness`, see
 * `test/lottery/generate-vectors.ts`), is checked by `fixed-point.test.ts`, and the differential test
 * `test/lottery/LotteryLib.differential.test.ts` compares thousands of random inputs over both functions' whole
 * domains against the compiled solady code.
 *
 * @module
 */
import { InvalidParameterError } from "../errors";
import { LotteryError } from "./errors";

const MASK = (1n << 256n) - 1n;
const INT256_MIN = -(1n << 255n);
const INT256_MAX = (1n << 255n) - 1n;
const WAD = 10n ** 18n;

// ---------------------------------------------------------------------------------------------------------------
// EVM opcodes on 256-bit words (bigints in [0, 2^256)). Names and argument order follow Yul: `shr(shift, value)`.
// ---------------------------------------------------------------------------------------------------------------

const word = (x: bigint): bigint => BigInt.asUintN(256, x);
const signed = (x: bigint): bigint => BigInt.asIntN(256, x);
const bool = (b: boolean): bigint => (b ? 1n : 0n);

const add = (a: bigint, b: bigint): bigint => word(a + b);
const sub = (a: bigint, b: bigint): bigint => word(a - b);
const mul = (a: bigint, b: bigint): bigint => word(a * b);
/** Signed division truncating toward zero; division by zero gives 0, and `sdiv(-2^255, -1)` wraps to -2^255. */
const sdiv = (a: bigint, b: bigint): bigint => (b === 0n ? 0n : word(signed(a) / signed(b)));
const shl = (shift: bigint, value: bigint): bigint => (shift >= 256n ? 0n : word(value << shift));
const shr = (shift: bigint, value: bigint): bigint => (shift >= 256n ? 0n : value >> shift);
/** BigInt `>>` floors negative values, exactly like `sar`; shifts of 255 or more leave only the sign. */
const sar = (shift: bigint, value: bigint): bigint => word(signed(value) >> (shift > 255n ? 255n : shift));
const byte = (i: bigint, x: bigint): bigint => (i >= 32n ? 0n : (x >> (8n * (31n - i))) & 0xffn);
const lt = (a: bigint, b: bigint): bigint => bool(a < b);
const gt = (a: bigint, b: bigint): bigint => bool(a > b);
const sgt = (a: bigint, b: bigint): bigint => bool(signed(a) > signed(b));
const eq = (a: bigint, b: bigint): bigint => bool(a === b);
const iszero = (a: bigint): bigint => bool(a === 0n);
const not = (a: bigint): bigint => MASK ^ a;

function int256Argument(fn: string, name: string, value: bigint): bigint {
  if (typeof value !== "bigint")
    throw new InvalidParameterError(`${fn}: ${name} must be a bigint, got ${typeof value}`);
  if (value < INT256_MIN || value > INT256_MAX) {
    throw new InvalidParameterError(`${fn}: ${name} must fit in an int256, got ${value}`);
  }
  return value;
}

/**
 * `ln(x / 1e18) · 1e18`, rounded as solady's `FixedPointMathLib.lnWad` rounds it (error below 1e-18 relative to
 * the exact value, always the same integer as the contract's).
 *
 * @param x - An 18-decimal fixed-point number, as an int256.
 * @returns The natural logarithm, 18-decimal fixed point (negative for x < 1e18).
 * @throws {LotteryError} `LnUndefined` (solady: `LnWadUndefined()`) when x ≤ 0.
 * @throws {InvalidParameterError} When x is not a bigint in the int256 range.
 * @example
 * lnWad(10n ** 18n) // 0n
 * lnWad(2n * 10n ** 18n) // 693147180559945309n
 */
export function lnWad(x: bigint): bigint {
  const X = word(int256Argument("lnWad", "x", x));
  // r = 255 ^ log2(x): a binary search over the top bits, then a de Bruijn-like table lookup for the last 3 bits.
  let r = shl(7n, lt(0xffffffffffffffffffffffffffffffffn, X));
  r = r | shl(6n, lt(0xffffffffffffffffn, shr(r, X)));
  r = r | shl(5n, lt(0xffffffffn, shr(r, X)));
  r = r | shl(4n, lt(0xffffn, shr(r, X)));
  r = r | shl(3n, lt(0xffn, shr(r, X)));
  if (iszero(sgt(X, 0n)) === 1n) throw new LotteryError("LnUndefined", `lnWad: undefined for x ≤ 0 (got ${x})`);
  r =
    r ^
    byte(
      0x1fn & shr(shr(r, X), 0x8421084210842108cc6318c6db6d54ben),
      0xf8f9f9faf9fdfafbf9fdfcfdfafbfcfef9fafdfafcfcfbfefafafcfbffffffffn,
    );
  // Reduce x to (1, 2) · 2^96.
  const xr = shr(159n, shl(r, X));
  // The (8, 8)-term rational approximation, p monic.
  let p = sub(
    sar(
      96n,
      mul(
        add(
          43456485725739037958740375743393n,
          sar(
            96n,
            mul(
              add(24828157081833163892658089445524n, sar(96n, mul(add(3273285459638523848632254066296n, xr), xr))),
              xr,
            ),
          ),
        ),
        xr,
      ),
    ),
    11111509109440967052023855526967n,
  );
  p = sub(sar(96n, mul(p, xr)), 45023709667254063763336534515857n);
  p = sub(sar(96n, mul(p, xr)), 14706773417378608786704636184526n);
  p = sub(mul(p, xr), shl(96n, 795164235651350426258249787498n));
  let q = add(5573035233440673466300451813936n, xr);
  q = add(71694874799317883764090561454958n, sar(96n, mul(xr, q)));
  q = add(283447036172924575727196451306956n, sar(96n, mul(xr, q)));
  q = add(401686690394027663651624208769553n, sar(96n, mul(xr, q)));
  q = add(204048457590392012362485061816622n, sar(96n, mul(xr, q)));
  q = add(31853899698501571402653359427138n, sar(96n, mul(xr, q)));
  q = add(909429971244387300277376558375n, sar(96n, mul(xr, q)));
  // Finalisation: scale factor, k · ln 2, ln(2^96 / 1e18), then the base conversion to 1e18.
  p = sdiv(p, q);
  p = mul(1677202110996718588342820967067443963516166n, p);
  p = add(mul(16597577552685614221487285958193947469193820559219878177908093499208371n, sub(159n, r)), p);
  p = add(600920179829731861736702779321621459595472258049074101567377883020018308n, p);
  return signed(sar(174n, p));
}

/** Solidity's `unchecked` int256 arithmetic: the exact result wrapped into the int256 range. */
const wrap = signed;

/** `expWad` reverts from this input on: `floor(ln((2^255 − 1) / 1e18) · 1e18)`. */
export const EXP_WAD_INPUT_LIMIT = 135305999368893231589n;
/** `expWad` returns 0 at and below this input (the result would be below 0.5e-18). */
export const EXP_WAD_ZERO_BELOW = -41446531673892822313n;

/**
 * `e^(x / 1e18) · 1e18`, rounded as solady's `FixedPointMathLib.expWad` rounds it.
 *
 * @param x - The exponent, 18-decimal fixed point, as an int256.
 * @returns The exponential, 18-decimal fixed point (0 for x ≤ {@link EXP_WAD_ZERO_BELOW}).
 * @throws {LotteryError} `ExpOverflow` (solady: `ExpOverflow()`) when x ≥ {@link EXP_WAD_INPUT_LIMIT}.
 * @throws {InvalidParameterError} When x is not a bigint in the int256 range.
 * @example
 * expWad(0n) // 1000000000000000000n
 * expWad(10n ** 18n) // 2718281828459045235n
 */
export function expWad(x: bigint): bigint {
  let v = int256Argument("expWad", "x", x);
  if (v <= EXP_WAD_ZERO_BELOW) return 0n;
  if (!(v < EXP_WAD_INPUT_LIMIT)) throw new LotteryError("ExpOverflow", `expWad: overflow for x ≥ 135.3e18 (got ${x})`);
  // To the 2^96 basis: · 1e18 / 2^96 = · 5^18 / 2^78. (BigInt `/` truncates toward zero, like Solidity's signed `/`.)
  v = wrap(v << 78n) / 5n ** 18n;
  // k = round(x / ln 2), x' = x − k · ln 2 in (−½ ln 2, ½ ln 2) · 2^96. (BigInt `>>` floors, like `sar`.)
  const k = wrap(wrap(v << 96n) / 54916777467707473351141471128n + 2n ** 95n) >> 96n;
  v = wrap(v - wrap(k * 54916777467707473351141471128n));
  // The (6, 7)-term rational approximation, p monic.
  let y = wrap(v + 1346386616545796478920950773328n);
  y = wrap((wrap(y * v) >> 96n) + 57155421227552351082224309758442n);
  let p = wrap(wrap(y + v) - 94201549194550492254356042504812n);
  p = wrap((wrap(p * y) >> 96n) + 28719021644029726153956944680412240n);
  p = wrap(wrap(p * v) + (4385272521454847904659076985693276n << 96n));
  let q = wrap(v - 2855989394907223263936484059900n);
  q = wrap((wrap(q * v) >> 96n) + 50020603652535783019961831881945n);
  q = wrap((wrap(q * v) >> 96n) - 533845033583426703283633433725380n);
  q = wrap((wrap(q * v) >> 96n) + 3604857256930695427073651918091429n);
  q = wrap((wrap(q * v) >> 96n) - 14423608567350463180887372962807573n);
  q = wrap((wrap(q * v) >> 96n) + 26449188498355588339934803723976023n);
  // solady divides with the `sdiv` opcode (no zero check).
  const r = signed(sdiv(word(p), word(q)));
  // · scale factor · 2^k · 1e18 / 2^96, through a 2^213 basis: `uint256(r) * C >> uint256(195 - k)`.
  return signed(shr(word(195n - k), mul(word(r), 3822833074963236453042738258902158003155416615667n)));
}

/**
 * `x · y / 1e18` rounded toward zero, as solady's `FixedPointMathLib.sMulWad`.
 *
 * @param x - An int256.
 * @param y - An int256.
 * @returns The 18-decimal product.
 * @throws {LotteryError} `MulOverflow` (solady: `SMulWadFailed()`) when x · y does not fit in an int256.
 * @throws {InvalidParameterError} When x or y is not a bigint in the int256 range.
 * @example
 * sMulWad(3n * 10n ** 17n, -2n * 10n ** 18n) // -600000000000000000n
 */
export function sMulWad(x: bigint, y: bigint): bigint {
  const X = word(int256Argument("sMulWad", "x", x));
  const Y = word(int256Argument("sMulWad", "y", y));
  const z = mul(X, Y);
  // require((x == 0 || z / x == y) && !(x == -1 && y == type(int256).min)), written as solady writes it.
  if (iszero(gt(iszero(X) | eq(sdiv(z, X), Y), lt(not(X), eq(Y, shl(255n, 1n))))) === 1n) {
    throw new LotteryError("MulOverflow", `sMulWad: ${x} · ${y} overflows int256`);
  }
  return signed(sdiv(z, WAD));
}
