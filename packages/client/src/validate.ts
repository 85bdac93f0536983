// Checks of action parameters, so that a malformed argument fails with one clear line before anything is sent.
import { getAddress, getBytes, hexlify, isHexString, type BigNumberish, type BytesLike } from "ethers";
import { InvalidParameterError } from "./errors";

/**
 * Normalises bytes to lowercase `0x` hex, optionally of a fixed length.
 *
 * @param value - Hex string or bytes.
 * @param what - Parameter name for the error message.
 * @param length - Required length in bytes, if any.
 * @param secret - The value is a secret: the error never repeats it, nor carries a cause that does.
 * @returns Lowercase `0x` hex.
 * @throws {InvalidParameterError} If `value` is not bytes of the right length.
 */
export function checkedBytes(value: BytesLike, what: string, length?: number, secret = false): string {
  if (typeof value === "string" && !isHexString(value)) {
    const shown = secret ? `a ${value.length}-character string` : JSON.stringify(value);
    throw new InvalidParameterError(`${what} must be 0x-prefixed hex, got ${shown}`);
  }
  let bytes: Uint8Array;
  try {
    bytes = getBytes(value);
  } catch (cause) {
    throw new InvalidParameterError(`${what} must be bytes`, secret ? {} : { cause });
  }
  if (length !== undefined && bytes.length !== length) {
    throw new InvalidParameterError(`${what} must be ${length} bytes, got ${bytes.length}`);
  }
  return hexlify(bytes);
}

/**
 * Checks an address and returns it checksummed.
 *
 * @param value - The address.
 * @param what - Parameter name for the error message.
 * @returns The checksummed address.
 * @throws {InvalidParameterError} If `value` is not an address.
 */
export function checkedAddress(value: string, what: string): string {
  try {
    return getAddress(value);
  } catch (cause) {
    throw new InvalidParameterError(`${what} is not an address: ${JSON.stringify(value)}`, { cause });
  }
}

/**
 * Checks a non-negative integer (an epoch, a slot, a block number).
 *
 * @param value - Any `BigNumberish`.
 * @param what - Parameter name for the error message.
 * @returns The value as a bigint.
 * @throws {InvalidParameterError} If `value` is not a non-negative integer.
 */
export function checkedUint(value: BigNumberish, what: string): bigint {
  let result: bigint;
  try {
    result = BigInt(value);
  } catch (cause) {
    throw new InvalidParameterError(`${what} must be a non-negative integer, got ${JSON.stringify(String(value))}`, {
      cause,
    });
  }
  if (result < 0n) throw new InvalidParameterError(`${what} must not be negative, got ${result}`);
  return result;
}

/**
 * Checks a non-negative integer that fits a Solidity `uint<bits>`.
 *
 * @param value - Any `BigNumberish`.
 * @param what - Parameter name for the error message.
 * @param bits - The width of the Solidity type.
 * @returns The value as a bigint.
 * @throws {InvalidParameterError} If `value` is not a non-negative integer below 2^bits.
 */
export function checkedUintBits(value: BigNumberish, what: string, bits: number): bigint {
  const n = checkedUint(value, what);
  if (n >= 1n << BigInt(bits)) throw new InvalidParameterError(`${what} must fit ${bits} bits, got ${n}`);
  return n;
}

/**
 * Checks a non-negative integer amount.
 *
 * @param value - Any `BigNumberish`.
 * @param what - Parameter name for the error message.
 * @returns The amount as a bigint.
 * @throws {InvalidParameterError} If `value` is not a non-negative integer.
 */
export function checkedAmount(value: BigNumberish, what: string): bigint {
  let amount: bigint;
  try {
    amount = BigInt(value);
  } catch (cause) {
    throw new InvalidParameterError(`${what} must be an integer amount of token base units`, { cause });
  }
  if (amount < 0n) throw new InvalidParameterError(`${what} must not be negative, got ${amount}`);
  return amount;
}
