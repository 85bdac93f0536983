// How a command fails: one line saying what went wrong, a hint saying what to do, and the exit code.

/** Exit codes: 0 success, 1 failure, 2 wrong usage. */
export const EXIT = { ok: 0, failure: 1, usage: 2 } as const;

/** A failure the CLI reports as `error: <message>` and `hint: <hint>`, exiting with `exitCode`. */
export class CliError extends Error {
  override name = "CliError" as const;
  /**
   * @param message - One line saying what failed.
   * @param hint - What to do about it.
   * @param exitCode - {@link EXIT}`.failure` (default) or `.usage`.
   */
  constructor(
    message: string,
    readonly hint?: string,
    readonly exitCode: number = EXIT.failure,
  ) {
    super(message);
  }
}

/**
 * A wrong command line: exit code 2, and a hint pointing at the command's `--help`.
 *
 * @param message - One line saying what is wrong.
 * @param command - The command (`""` for the program itself).
 * @returns The error to throw.
 */
export function usageError(message: string, command: string): CliError {
  return new CliError(message, `run "blockage-worker${command ? ` ${command}` : ""} --help"`, EXIT.usage);
}
