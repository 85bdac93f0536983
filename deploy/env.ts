/** Reading a deploy script's parameters from `BLOCKAGE_*` environment variables. */

/** A parameter in the environment is malformed (the scripts' hint points at their parameter list). */
export class UsageError extends Error {
  override readonly name = "UsageError" as const;
}

/**
 * A yes/no parameter: `1` is true; `0`, empty or unset is false.
 *
 * @throws {UsageError} If the variable holds anything else.
 */
export function flagFromEnv(name: string): boolean {
  const value = process.env[name];
  if (value === undefined || value === "" || value === "0") return false;
  if (value === "1") return true;
  throw new UsageError(`${name} must be 0 or 1, got "${value}"`);
}

/**
 * The integer parameters that are set: for each `key → variable name`, the variable's value as a bigint, skipping
 * unset or empty variables.
 *
 * @throws {UsageError} If a set variable is not a non-negative decimal integer.
 */
export function integersFromEnv<K extends string>(names: Readonly<Record<K, string>>): Partial<Record<K, bigint>> {
  const out: Partial<Record<K, bigint>> = {};
  for (const [key, name] of Object.entries(names) as Array<[K, string]>) {
    const value = process.env[name];
    if (value === undefined || value === "") continue;
    if (!/^\d+$/.test(value)) throw new UsageError(`${name} must be a non-negative integer, got "${value}"`);
    out[key] = BigInt(value);
  }
  return out;
}
