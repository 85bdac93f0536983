// How the CLI prints: human lines by default, one JSON document with --json (bigints as decimal strings).
import { formatUnits, parseUnits } from "ethers";
import { UsageError } from "./usage";

/** Decimals of the stake token's display unit (StakeToken and most ERC-20s). */
export const TOKEN_DECIMALS = 18;

/** Where the CLI writes; tests pass their own. */
export interface CliIo {
  /** Writes to standard output (results). */
  stdout(text: string): void;
  /** Writes to standard error (progress, errors). */
  stderr(text: string): void;
  /** Environment variables. */
  env: Record<string, string | undefined>;
  /** Working directory (for deployments/<chainId>.json and key files). */
  cwd: string;
}

/**
 * Formats base units as token units without trailing zeros: `1000000000000000000000n` → `1000`.
 *
 * @param amount - Base units.
 * @returns Decimal token units.
 */
export function formatTokens(amount: bigint): string {
  return formatUnits(amount, TOKEN_DECIMALS).replace(/\.0$/, "");
}

/**
 * Parses token units with up to 18 decimals (`1000`, `0.5`, `1_000`) into base units.
 *
 * @param text - What the user typed.
 * @param what - Name of the argument, for the error.
 * @returns Base units.
 * @throws {UsageError} For anything that is not a non-negative decimal number with at most 18 decimals.
 */
export function parseTokens(text: string, what: string): bigint {
  const cleaned = text.trim().replace(/_/g, "");
  if (!/^\d+(\.\d+)?$/.test(cleaned) || (cleaned.split(".")[1]?.length ?? 0) > TOKEN_DECIMALS) {
    throw new UsageError(
      `invalid ${what} ${JSON.stringify(text)}: give token units with up to ${TOKEN_DECIMALS} decimals, e.g. 1000 or 0.5`,
    );
  }
  return parseUnits(cleaned, TOKEN_DECIMALS);
}

/**
 * JSON with bigints as decimal strings, indented.
 *
 * @param value - Anything JSON-like.
 * @returns The JSON text, one trailing newline.
 */
export function toJson(value: unknown): string {
  return JSON.stringify(value, (_key, v: unknown) => (typeof v === "bigint" ? v.toString() : v), 2) + "\n";
}

/**
 * Aligned `label  value` lines under an optional title.
 *
 * @param title - First line, or `null`.
 * @param rows - Label/value pairs; `undefined` values are skipped.
 * @param minWidth - Pad labels to at least this width (to align several tables).
 * @returns The block of text.
 */
export function table(title: string | null, rows: Array<[string, string | undefined]>, minWidth = 0): string {
  const shown = rows.filter((row): row is [string, string] => row[1] !== undefined);
  const width = Math.max(minWidth, ...shown.map(([label]) => label.length));
  const lines = shown.map(([label, value]) => `  ${label.padEnd(width)}  ${value}`);
  return (title === null ? lines : [title, ...lines]).join("\n") + "\n";
}
