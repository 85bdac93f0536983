// Checks of command-line values (integers, token amounts, salts), so that a mistake is one usage error before
// anything is sent, never an encoder's "overflow" or "value out-of-bounds" from deep inside ethers.
import { isHexString, MaxUint256, parseUnits, toBeHex, ZeroHash, zeroPadValue } from "ethers";
import { formatTokens } from "./output";
import { UsageError } from "./errors";

/** Largest epoch or slot the CLI accepts: the registry keeps epochs as `uint64`. */
export const MAX_EPOCH = 2n ** 64n - 1n;

/** Largest block number the CLI accepts: ethers takes block numbers as JavaScript numbers. */
export const MAX_BLOCK = BigInt(Number.MAX_SAFE_INTEGER);

/**
 * A non-negative integer from the command line, in `[min, max]`.
 *
 * @param text - What the user typed.
 * @param what - Name of the argument, for the error (e.g. `--epoch`, `the epoch`).
 * @param max - Largest accepted value.
 * @param min - Smallest accepted value (default 0).
 * @returns The value.
 * @throws {UsageError} For anything else (a negative number, a decimal, `1e5`, a value out of range).
 */
export function parseInteger(text: string, what: string, max: bigint, min = 0n): bigint {
  if (!/^\d+$/.test(text)) {
    const kind = min > 0n ? `an integer of at least ${min}` : "a non-negative integer";
    throw new UsageError(`${what} must be ${kind}, got ${JSON.stringify(text)}`);
  }
  const value = BigInt(text);
  if (value < min) throw new UsageError(`${what} must be at least ${min}, got ${text}`);
  if (value > max) throw new UsageError(`${what} must be at most ${max}, got ${text}`);
  return value;
}

/**
 * Like {@link parseInteger}, for an option that may be absent.
 *
 * @param text - The option's value, if given.
 * @param what - Name of the option, for the error.
 * @param max - Largest accepted value.
 * @returns The value, or `undefined` when the option was not given.
 * @throws {UsageError} For a value that is not an integer in range.
 */
export function parseOptionalInteger(text: string | undefined, what: string, max: bigint): bigint | undefined {
  return text === undefined ? undefined : parseInteger(text, what, max);
}

const AMOUNT = /^\d+(\.\d+)?$/;

/**
 * Checks the form of a token amount before the token (and so its decimals) is known: a non-negative decimal number
 * (`1000`, `0.5`, `1_000`) whose whole part fits in a `uint256`. {@link parseTokens} converts it once the token's
 * decimals are known.
 *
 * @param text - What the user typed.
 * @param what - Name of the argument, for the error.
 * @returns The amount without `_` separators.
 * @throws {UsageError} For anything else.
 */
export function checkTokenAmount(text: string, what: string): string {
  const cleaned = text.trim().replace(/_/g, "");
  if (!AMOUNT.test(cleaned)) {
    throw new UsageError(`invalid ${what} ${JSON.stringify(text)}: give token units, e.g. 1000 or 0.5`);
  }
  if (BigInt(cleaned.split(".")[0]) > MaxUint256) {
    throw new UsageError(`${what} ${cleaned} is too large: amounts are uint256 base units`);
  }
  return cleaned;
}

/**
 * Parses token units (`1000`, `0.5`, `1_000`) into base units of a token with `decimals` decimals: ethers'
 * `parseUnits`, after the checks that say in the CLI's words what is wrong.
 *
 * @param text - What the user typed.
 * @param what - Name of the argument, for the error.
 * @param decimals - The token's `decimals()`.
 * @returns Base units.
 * @throws {UsageError} For anything that is not a non-negative decimal number with at most `decimals` decimals
 *   whose base units fit in a `uint256`.
 */
export function parseTokens(text: string, what: string, decimals: number): bigint {
  const cleaned = checkTokenAmount(text, what);
  const [whole, written = ""] = cleaned.split(".");
  const fraction = written.replace(/0+$/, "");
  if (fraction.length > decimals) {
    throw new UsageError(
      decimals === 0
        ? `invalid ${what} ${JSON.stringify(text)}: the stake token has no decimals, give a whole number`
        : `invalid ${what} ${JSON.stringify(text)}: the stake token has ${decimals} decimals, give at most ${decimals} ` +
            `after the point`,
    );
  }
  const amount = parseUnits(fraction === "" ? whole : `${whole}.${fraction}`, decimals);
  if (amount > MaxUint256) {
    throw new UsageError(`${what} ${cleaned} is too large: at most ${formatTokens(MaxUint256, decimals)} tokens`);
  }
  return amount;
}

/**
 * A salt from the command line: an integer below 2^256 or 32-byte hex.
 *
 * @param text - What the user typed (default 0).
 * @returns 32 bytes as hex.
 * @throws {UsageError} For anything else.
 */
export function parseSalt(text: string | undefined): string {
  if (text === undefined) return ZeroHash;
  if (/^\d+$/.test(text)) {
    const value = BigInt(text);
    if (value > MaxUint256) throw new UsageError(`--salt must be below 2^256, got ${text}`);
    return zeroPadValue(toBeHex(value), 32);
  }
  if (isHexString(text, 32)) return text.toLowerCase();
  throw new UsageError(`--salt must be an integer or 32-byte hex, got ${JSON.stringify(text)}`);
}

/** A number written with a leading minus, which node:util's parseArgs would read as a short option. */
const NEGATIVE_NUMBER = /^-\.?\d/;

/** Marks a protected negative number; it cannot start a real argument (they come from a shell). */
const PROTECTED = "\u0000";

/**
 * Prepares arguments for node:util `parseArgs`, which reads `-1` as a short option: `--slot -1` becomes
 * `--slot=-1` (for options that take a value) and a positional `-1` is protected, so that both reach the argument
 * checks, which explain what is wrong with them. Undo the protection with {@link unprotectPositional}.
 *
 * @param argv - The arguments.
 * @param valueOptions - Names of the options that take a value.
 * @returns The arguments to parse.
 */
export function protectNegativeNumbers(argv: readonly string[], valueOptions: ReadonlySet<string>): string[] {
  const result: string[] = [];
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    if (arg === "--") {
      result.push(...argv.slice(i));
      break;
    }
    const next = argv[i + 1];
    if (arg.startsWith("--") && valueOptions.has(arg.slice(2)) && next !== undefined && NEGATIVE_NUMBER.test(next)) {
      result.push(`${arg}=${next}`);
      i++;
    } else {
      result.push(NEGATIVE_NUMBER.test(arg) ? PROTECTED + arg : arg);
    }
  }
  return result;
}

/**
 * Undoes {@link protectNegativeNumbers} on a positional argument.
 *
 * @param arg - A positional argument from `parseArgs`.
 * @returns The argument as the user typed it.
 */
export function unprotectPositional(arg: string): string {
  return arg.startsWith(PROTECTED) ? arg.slice(PROTECTED.length) : arg;
}
