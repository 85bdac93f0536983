/**
 * How the deploy scripts and the demo report a failure: one line with the reason, one line with a hint, exit
 * code 1, never a stack trace.
 */

/** One line: a BlockageError's (or ethers error's) shortMessage, else the first non-blank line of the message. */
export async function reasonOf(error: unknown): Promise<string> {
  try {
    // Loaded lazily so that an unbuilt checkout still gets a readable reason.
    const { errorReason } = await import("@blockage/client");
    return errorReason(error);
  } catch {
    const text = error instanceof Error ? error.message : String(error);
    return text.split("\n").find((line) => line.trim() !== "") ?? "unknown error";
  }
}

/** Whether `error` means a workspace package has not been built yet. */
export function isMissingBuild(error: unknown): boolean {
  const code = (error as { code?: unknown } | null)?.code;
  return code === "MODULE_NOT_FOUND" || code === "ERR_MODULE_NOT_FOUND";
}

/**
 * Prints `<what> failed: <reason>` and the hint chosen for it on stderr, and sets exit code 1.
 *
 * @param what - What failed, e.g. "deploy".
 * @param hint - Chooses the hint line from the error and its one-line reason.
 */
export async function reportFailure(
  what: string,
  error: unknown,
  hint: (error: unknown, reason: string) => string,
): Promise<void> {
  const reason = await reasonOf(error);
  console.error(`${what} failed: ${reason}`);
  console.error(isMissingBuild(error) ? "hint: run `npm run build` first" : hint(error, reason));
  process.exitCode = 1;
}
