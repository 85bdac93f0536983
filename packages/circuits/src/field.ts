import { getAddress } from "ethers";
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

const ADDRESS = /^0x[0-9a-fA-F]{40}$/;

/**
 * A prover given as an address: its 160-bit integer (the chunk circuit's `prover` signal). CircuitInputError
 * ("NotAnAddress") naming `field` unless it is a nonzero 0x-hex 20-byte address with a valid EIP-55 checksum (or none).
 */
export function proverSignal(value: unknown, field: string): bigint {
  if (typeof value !== "string" || !ADDRESS.test(value)) {
    throw new CircuitInputError("NotAnAddress", field, `${describe(value)} is not a 0x-hex 20-byte address`);
  }
  let signal: bigint;
  try {
    signal = BigInt(getAddress(value));
  } catch (cause) {
    throw new CircuitInputError("NotAnAddress", field, `${value} has a wrong EIP-55 checksum`, { cause });
  }
  if (signal === 0n) throw new CircuitInputError("NotAnAddress", field, "the zero address cannot be paid");
  return signal;
}

/**
 * The checksummed address a chunk proof's `prover` signal names; CircuitInputError("NotAnAddress") naming `field`
 * unless it is nonzero and below 2^160 (the on-chain verifier refuses anything else).
 */
export function proverAddress(signal: FieldLike, field: string): string {
  const n = toField(signal, field);
  if (n === 0n || n >= 1n << 160n) {
    throw new CircuitInputError("NotAnAddress", field, `${n} is not a nonzero 160-bit address`);
  }
  return getAddress(`0x${n.toString(16).padStart(40, "0")}`);
}
