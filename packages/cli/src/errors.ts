// How a command fails: the error classes the commands throw, each with its exit code and a stable `code` for
// `--json` (see report.ts).

/** Exit codes: 0 success, 1 failure, 2 wrong usage. */
export const EXIT = { ok: 0, failure: 1, usage: 2 } as const;

/** The command line is wrong (exit code 2). */
export class UsageError extends Error {
  override name = "UsageError" as const;
  /** Exit code 2. */
  readonly exitCode: number = EXIT.usage;
  /**
   * @param message - One line saying what is wrong.
   * @param command - The command whose `--help` to suggest (e.g. `node register`).
   */
  constructor(
    message: string,
    readonly command?: string,
  ) {
    super(message);
  }
}

/** Options of {@link CliError}. */
export interface CliErrorOptions {
  /**
   * A stable name of the failure for `--json` (default `CliError`), e.g. `RpcUnreachable`, `RpcTimeout`,
   * `NodeUnreachable`.
   */
  code?: string;
  /** What was caught, e.g. the `ContractRevertError` a hint was written for (`--json` reports its name and args). */
  cause?: unknown;
}

/** A failure with a hint for the user (exit code 1). */
export class CliError extends Error {
  override name: string = "CliError";
  /** Exit code 1. */
  readonly exitCode: number = EXIT.failure;
  /** A stable name of the failure, for `--json`. */
  readonly code: string;
  /**
   * @param message - One line saying what failed.
   * @param hint - What to do about it.
   * @param options - Its `--json` code and cause.
   */
  constructor(
    message: string,
    readonly hint?: string,
    options: CliErrorOptions = {},
  ) {
    super(message, { cause: options.cause });
    this.code = options.code ?? "CliError";
  }
}

/** A running blockage node answered a JSON-RPC request with an error object (exit code 1). */
export class NodeRpcError extends CliError {
  override name = "NodeRpcError" as const;
  /**
   * @param message - The node's message.
   * @param rpcCode - The JSON-RPC error code (e.g. -32602 for invalid params).
   * @param data - The error object's `data`, if any.
   * @param hint - What to do about it.
   */
  constructor(
    message: string,
    readonly rpcCode: number,
    readonly data: unknown,
    hint?: string,
  ) {
    super(message, hint, { code: "NodeRpcError" });
  }
}
