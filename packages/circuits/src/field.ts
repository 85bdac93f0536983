import { CircuitInputError } from "./errors.js";

/** The BN254 scalar field's modulus r: transactions and states are integers in [0, r). */
export const FIELD_MODULUS = 21888242871839275222246405745257275088548364400416034343698204186575808495617n;

/** The BN254 base field's modulus q: proof point coordinates are integers in [0, q). */
export const BASE_FIELD_MODULUS = 21888242871839275222246405745257275088696311157297823662689037894645226208583n;

/** Longest string accepted for a field element: 78 decimal digits or 0x + 64 hex digits, with leading zeros. */
const MAX_FIELD_STRING = 80;

/** Anything a caller may give for a field element. */
export type FieldLike = bigint | number | string;

/**
 * `value` as a field element, or CircuitInputError("NotFieldElement") naming `field`. Accepts bigints, safe
 * integers and decimal or 0x-hex strings; never reduces modulo r (a value ≥ r is refused, not wrapped).
 */
export function toField(value: FieldLike, field: string): bigint {
  let n: bigint;
  if (typeof value === "bigint") n = value;
  else if (typeof value === "number") {
    if (!Number.isSafeInteger(value))
      throw new CircuitInputError("NotFieldElement", field, `${value} is not a safe integer`);
    n = BigInt(value);
  } else if (typeof value === "string" && value.length <= MAX_FIELD_STRING && /^(0x[0-9a-fA-F]+|[0-9]+)$/.test(value)) {
    n = BigInt(value);
  } else throw new CircuitInputError("NotFieldElement", field, `${describe(value)} is not an integer`);
  if (n < 0n || n >= FIELD_MODULUS) {
    throw new CircuitInputError("NotFieldElement", field, `${n} is outside the BN254 scalar field [0, r)`);
  }
  return n;
}

function describe(value: unknown): string {
  if (typeof value === "string") {
    return value.length > MAX_FIELD_STRING ? `a ${value.length}-character string` : JSON.stringify(value);
  }
  return typeof value === "object" ? (value === null ? "null" : "an object") : String(value);
}
