// How the CLI reports a failure: `error: <reason>` and `hint: <what to do>` on stderr, or with --json exactly one
// JSON object `{"error":{"code","message","hint","exitCode",…}}`, and the exit code (1 failure, 2 wrong usage).
import { BlockageError, ContractRevertError, errorReason, InvalidParameterError } from "@blockage/client";
import { CliError, EXIT, NodeRpcError, UsageError } from "./errors";
import { revertHint } from "./hints";
import type { CliIo } from "./output";

/** A failure as the CLI reports it. */
export interface Failure {
  /**
   * A stable name of the failure: `UsageError`, `RpcUnreachable`, `RpcTimeout`, `NodeUnreachable`, `NodeRpcError`,
   * `CliError`, an SDK error's `code` (`InvalidParameter`, `ContractRevert`, `ContractCall`, `NotEligible`, …) or
   * `Failure`.
   */
  code: string;
  /** One line saying what failed. */
  message: string;
  /** What to do about it. */
  hint?: string;
  /** 1 failure, 2 wrong usage. */
  exitCode: number;
  /** For a revert: the contract's custom error, e.g. `NodeRegistry__StakeBelowMinimum`. */
  errorName?: string;
  /** For a revert: its arguments by name (integers as decimal strings in JSON). */
  args?: Record<string, unknown>;
  /** For a revert: its signature, e.g. `NodeRegistry__StakeBelowMinimum(uint256,uint256)`. */
  signature?: string;
  /** For a JSON-RPC error from a blockage node: its numeric code. */
  rpcCode?: number;
  /** For a JSON-RPC error from a blockage node: its `data`. */
  data?: unknown;
}

/** The first `ContractRevertError` in an error's cause chain. */
function revertIn(error: unknown): ContractRevertError | undefined {
  const seen = new Set<unknown>();
  for (let e = error; typeof e === "object" && e !== null && !seen.has(e); e = (e as { cause?: unknown }).cause) {
    seen.add(e);
    if (e instanceof ContractRevertError) return e;
  }
  return undefined;
}

/** The failure of another program's CLI the `blockage` command runs (blockage-jd, blockage-worker): `exitCode` set. */
function isDelegatedFailure(error: unknown): error is Error & { exitCode: number; hint?: string } {
  return error instanceof Error && typeof (error as { exitCode?: unknown }).exitCode === "number";
}

/**
 * What to report about an error a command threw.
 *
 * @param error - Anything caught.
 * @param path - The command being run (its `--help` is the hint of a usage error), if known.
 * @returns The failure.
 */
export function describeFailure(error: unknown, path: string | undefined): Failure {
  let failure: Failure;
  if (error instanceof UsageError) {
    const command = error.command ?? path;
    failure = {
      code: "UsageError",
      message: error.message,
      hint: command === undefined ? undefined : `run "blockage${command ? ` ${command}` : ""} --help"`,
      exitCode: EXIT.usage,
    };
  } else if (error instanceof NodeRpcError) {
    failure = { code: error.code, message: error.message, hint: error.hint, exitCode: EXIT.failure };
    failure.rpcCode = error.rpcCode;
    if (error.data !== undefined) failure.data = error.data;
  } else if (error instanceof CliError) {
    failure = { code: error.code, message: error.message, hint: error.hint, exitCode: error.exitCode };
  } else if (error instanceof ContractRevertError) {
    // Commands report reverts with the stake token's units (see withConnection); this one met no token.
    failure = { code: error.code, message: error.shortMessage, hint: revertHint(error, null), exitCode: 1 };
  } else if (error instanceof InvalidParameterError) {
    failure = { code: error.code, message: error.shortMessage, exitCode: EXIT.usage };
  } else if (error instanceof BlockageError) {
    failure = { code: error.code, message: error.shortMessage, exitCode: EXIT.failure };
  } else if (isDelegatedFailure(error)) {
    const usage = error.exitCode === EXIT.usage;
    const exitCode = usage ? EXIT.usage : EXIT.failure;
    failure = { code: usage ? "UsageError" : "CliError", message: error.message, hint: error.hint, exitCode };
  } else {
    failure = { code: "Failure", message: errorReason(error), exitCode: EXIT.failure };
  }
  const revert = revertIn(error);
  if (revert !== undefined) {
    failure.code = revert.code;
    failure.errorName = revert.errorName;
    failure.args = revert.args;
    failure.signature = revert.signature;
  }
  if (failure.hint === undefined || failure.hint === "") delete failure.hint;
  return failure;
}

const oneLine = (text: string): string => text.replace(/\s*\n\s*/g, " ");

/**
 * Reports a failure on stderr: one error line and a hint, or with `json` exactly one JSON object (bigints as
 * decimal strings) and nothing else.
 *
 * @param error - Anything caught.
 * @param io - Where to write.
 * @param path - The command being run, if known.
 * @param json - Whether `--json` was given.
 * @returns The exit code: 1 failure, 2 wrong usage.
 */
export function reportFailure(error: unknown, io: CliIo, path: string | undefined, json: boolean): number {
  const failure = describeFailure(error, path);
  failure.message = oneLine(failure.message);
  if (failure.hint !== undefined) failure.hint = oneLine(failure.hint);
  if (json) {
    const text = JSON.stringify({ error: failure }, (_key, v: unknown) => (typeof v === "bigint" ? v.toString() : v));
    io.stderr(`${text}\n`);
  } else {
    io.stderr(`error: ${failure.message}\n${failure.hint === undefined ? "" : `hint: ${failure.hint}\n`}`);
  }
  return failure.exitCode;
}
