// Checks shared by the SDK's pure payout and pricing functions: amounts are non-negative bigints, accounts non-empty
// strings; anything else is an `InvalidParameterError` naming the function and the argument.
import { InvalidParameterError } from "./errors";

/**
 * @param fn - The function checking it, for the message.
 * @param name - The argument's name.
 * @param value - The amount.
 * @returns The amount.
 * @throws {InvalidParameterError} If it is not a non-negative bigint.
 */
export function amountArgument(fn: string, name: string, value: bigint): bigint {
  if (typeof value !== "bigint" || value < 0n) {
    throw new InvalidParameterError(`${fn}: ${name} must be a non-negative bigint amount`);
  }
  return value;
}

/**
 * @param fn - The function checking it, for the message.
 * @param name - The argument's name.
 * @param value - The account (an address, or any label the caller compares by equality).
 * @returns The account.
 * @throws {InvalidParameterError} If it is not a non-empty string.
 */
export function accountArgument(fn: string, name: string, value: string): string {
  if (typeof value !== "string" || value === "") throw new InvalidParameterError(`${fn}: ${name} must be an account`);
  return value;
}
