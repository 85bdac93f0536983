// How the CLI prints: human lines by default, one JSON document with --json (bigints as decimal strings).
import { formatUnits } from "ethers";

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
  /** Whether standard output is a terminal (services rewrite their progress line in place; default false). */
  isTTY?: boolean;
  /**
   * Calls `handler` on each interrupt (SIGINT, SIGTERM) until the returned function is called: how a service
   * (`node start`, `jd start`, `worker start`) learns to stop. Default: the process's signals.
   *
   * @param handler - Called once per signal.
   * @returns Removes the handler.
   */
  onInterrupt?(handler: () => void): () => void;
}

const INTERRUPTS = ["SIGINT", "SIGTERM"] as const;

/**
 * Calls `handler` on each SIGINT and SIGTERM of this process until the returned function is called.
 *
 * @param handler - Called once per signal.
 * @returns Removes the handler.
 */
export function onProcessInterrupt(handler: () => void): () => void {
  for (const signal of INTERRUPTS) process.on(signal, handler);
  return () => {
    for (const signal of INTERRUPTS) process.off(signal, handler);
  };
}

/**
 * Formats base units of a token as token units without trailing zeros (ethers' `formatUnits`, without its `.0`):
 * `1000000000000000000000n` → `1000` (18 decimals), `1500250000n` → `1500.25` (6 decimals).
 *
 * @param amount - Base units.
 * @param decimals - The token's `decimals()`.
 * @returns Decimal token units.
 */
export function formatTokens(amount: bigint, decimals: number): string {
  // ethers writes a whole amount as `1000.0`.
  return formatUnits(amount, decimals).replace(/\.0$/, "");
}

/**
 * An amount with its unit, as the CLI prints it: `1000 tokens`.
 *
 * @param amount - Base units.
 * @param decimals - The token's `decimals()`.
 * @returns `<token units> tokens`.
 */
export function tokens(amount: bigint, decimals: number): string {
  return `${formatTokens(amount, decimals)} tokens`;
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
